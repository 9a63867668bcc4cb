<?xml version="1.0" encoding="UTF-8"?>
<!--
  coverage.xsl: the clause coverage matrix (coverage.html): every clause of
  the catalog with the approved documents that address it. Row ids are
  clause-<id> (coverage.html#clause-9.2.1).
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="leaves" select="$pack/p:coverage/p:clause[@leaf = 'true']"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Clause coverage'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <div class="page-head">
      <h1>Clause coverage</h1>
      <p class="lede">
        <xsl:value-of select="concat(count($leaves[@covered = 'true']), ' of ', count($leaves),
                              ' requirements of clauses ', $clauses-span, ' are addressed by an approved document.')"/>
      </p>
    </div>
    <xsl:call-template name="coverage-table"/>
  </xsl:template>

</xsl:stylesheet>
