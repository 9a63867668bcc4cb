<?xml version="1.0" encoding="UTF-8"?>
<!--
  soa.xsl: the Statement of Applicability (soa.html): every control of the catalog in
  catalog order, one table per theme, with the decision, its justification,
  the status, its history in git and what implements and evidences it; first
  the SoA's own identity and approval (the controls register's document
  block). Each row's id is the
  control id (soa.html#A.5.1).
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="C" select="$pack/p:soa/p:control"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Statement of Applicability'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <div class="page-head">
      <h1>Statement of Applicability</h1>
      <p class="lede">
        <xsl:value-of select="concat($standard, ' ', $control-set, ', ', count($C), ' controls: ',
                              count($C[@applicable = 'true']), ' applicable, ',
                              count($C[@applicable = 'false']), ' not applicable')"/>
        <xsl:if test="$C[@decided = 'false']">
          <xsl:value-of select="concat(', ', count($C[@decided = 'false']), ' undecided')"/>
        </xsl:if>
        <xsl:value-of select="concat('. ', count($C[@status = 'implemented' and @applicable = 'true']), ' of the applicable controls are implemented.')"/>
      </p>
      <p class="hint">Justifications answer clause 6.1.3 d) for inclusions and exclusions alike. A control counts as implemented only when an approved document implements it. Under each status, the changes of the decision in git, oldest first.</p>
    </div>
    <xsl:call-template name="soa-identity"/>
    <nav class="toc-inline" aria-label="Themes">
      <xsl:for-each select="$C[not(@theme = preceding-sibling::p:control[1]/@theme)]">
        <a href="#theme-{@theme}"><xsl:call-template name="theme-name"><xsl:with-param name="theme" select="@theme"/></xsl:call-template></a>
      </xsl:for-each>
    </nav>
    <xsl:for-each select="$C[not(@theme = preceding-sibling::p:control[1]/@theme)]">
      <xsl:variable name="t" select="string(@theme)"/>
      <section id="theme-{$t}">
        <div class="table-wrap">
          <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="concat('theme-', $t, '-caption')"/></xsl:call-template>
          <table class="data soa">
            <caption id="theme-{$t}-caption">
              <xsl:call-template name="theme-name"><xsl:with-param name="theme" select="$t"/></xsl:call-template>
              <span class="count"><xsl:value-of select="count($C[@theme = $t])"/></span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Control</th>
                <th scope="col">Applicable</th>
                <th scope="col">Status</th>
                <th scope="col">Justification</th>
                <th scope="col">Implemented by</th>
                <th scope="col">Evidence</th>
                <th scope="col">Risks treated</th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$C[@theme = $t]" mode="soa-row"/>
            </tbody>
          </table>
        </div>
      </section>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
