<?xml version="1.0" encoding="UTF-8"?>
<!-- risks.xsl: the risk register (risks.html) with its heat maps. Row ids
     are the risk ids (risks.html#R-001). -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Risk register'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <xsl:variable name="R" select="$pack/p:risks/p:risk"/>
    <div class="page-head">
      <h1>Risk register</h1>
      <p class="lede">
        <xsl:value-of select="concat(count($R), ' information security risks. Scores are likelihood × impact, on the scales of the heat maps; a residual score above ',
                              $acceptance, ' needs the sign-off of the risk owner (clause 6.1.3 f).')"/>
      </p>
    </div>
    <section class="card">
      <h2>Heat maps</h2>
      <xsl:call-template name="heatmaps"/>
    </section>
    <xsl:call-template name="risk-table"/>
  </xsl:template>

</xsl:stylesheet>
