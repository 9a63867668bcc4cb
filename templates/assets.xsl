<?xml version="1.0" encoding="UTF-8"?>
<!-- assets.xsl: the asset inventory (assets.html), with the risks and the
     documents that name each asset. Row ids are the asset ids. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Asset inventory'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <div class="page-head">
      <h1>Asset inventory</h1>
      <p class="lede">
        <xsl:value-of select="concat(count($pack/p:assets/p:asset), ' information assets and the assets associated with them (control A.5.9), with the risks and documents that name each.')"/>
      </p>
    </div>
    <xsl:call-template name="asset-table"/>
  </xsl:template>

</xsl:stylesheet>
