<?xml version="1.0" encoding="UTF-8"?>
<!-- register.xsl: the document register (register.html), one table per type. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:template match="/">
    <xsl:variable name="D" select="$pack/p:documents/p:document"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Document register'"/>
      <xsl:with-param name="content">
        <div class="page-head">
          <h1>Document register</h1>
          <p class="lede">
            <xsl:value-of select="concat(count($D), ' documents of the ISMS: ', count($D[@status = 'approved']), ' approved')"/>
            <xsl:if test="$D[@status != 'approved']">
              <xsl:value-of select="concat(', ', count($D[@status = 'draft' or @status = 'review']), ' in draft or review, ', count($D[@status = 'retired']), ' retired')"/>
            </xsl:if>
            <xsl:if test="$D[@overdue = 'true']">
              <xsl:value-of select="concat('; ', count($D[@overdue = 'true']), ' overdue for review')"/>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </p>
        </div>
        <xsl:call-template name="register-tables"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
