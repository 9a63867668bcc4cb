<?xml version="1.0" encoding="UTF-8"?>
<!--
  documents.xsl: every document's page in one transformation, each written
  with exsl:document to documents/<ID>.html below the parameter `outdir`.
  One pass builds the keys of common.xsl once; a transformation per page
  would rebuild them for every page and grow with the square of the number of
  documents. The page itself is document.xsl's; transform.c lets this
  stylesheet write files only inside html/documents/.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:exsl="http://exslt.org/common"
  extension-element-prefixes="exsl"
  exclude-result-prefixes="p exsl">

  <xsl:import href="document.xsl"/>

  <xsl:param name="outdir" select="''"/>

  <xsl:template match="/">
    <xsl:for-each select="/p:evidence-pack/p:documents/p:document">
      <xsl:variable name="ok">
        <xsl:call-template name="doc-has-page"><xsl:with-param name="id" select="@id"/></xsl:call-template>
      </xsl:variable>
      <!-- the first document of an id only, as doc-has-page's key() finds it -->
      <xsl:if test="$ok = '1' and generate-id() = generate-id(key('doc', @id)[1])">
        <exsl:document href="{$outdir}/{@id}.html" method="html" encoding="UTF-8" indent="no">
          <xsl:apply-templates select="." mode="document-page"/>
        </exsl:document>
      </xsl:if>
    </xsl:for-each>
    <pages/>
  </xsl:template>
</xsl:stylesheet>
