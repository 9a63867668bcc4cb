<?xml version="1.0" encoding="UTF-8"?>
<!-- frameworks.xsl: the coverage of the frameworks isms.yml names
     (frameworks.html; rendered only when the pack has <frameworks>): per
     framework, each requirement as the law cites it, whether the controls
     mapped onto it are applicable and implemented, and the documents behind
     them. Row ids are fw-<framework>-<n> (frameworks.html#fw-nis2-1). -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Frameworks'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <div class="page-head">
      <h1>Frameworks</h1>
      <p class="lede">
        <xsl:value-of select="concat('How the ', $control-set, ' controls of the Statement of Applicability cover the requirements of ',
                              count($pack/p:frameworks/p:framework), ' legal framework', substring('s', 1, count($pack/p:frameworks/p:framework) != 1),
                              '. A requirement is covered when every control mapped onto it is applicable and implemented, partial when some are, a gap when none are or when the SoA excludes one.')"/>
      </p>
    </div>
    <xsl:for-each select="$pack/p:frameworks/p:framework">
      <section class="card framework" aria-labelledby="fw-{@id}-h">
        <h2 id="fw-{@id}-h">
          <xsl:value-of select="@name"/>
          <xsl:text> </xsl:text>
          <span class="count"><xsl:value-of select="concat(@covered, '/', @requirements)"/></span>
        </h2>
        <p class="hint">
          <xsl:value-of select="concat(@covered, ' of ', @requirements, ' requirements covered, ', @partial, ' partial, ', @gap, ' gap', substring('s', 1, @gap != 1), '.')"/>
        </p>
        <xsl:call-template name="framework-table"/>
      </section>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
