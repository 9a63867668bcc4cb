<?xml version="1.0" encoding="UTF-8"?>
<!--
  documents.xsl: the pages of a batch of documents in one transformation,
  each written with exsl:document to documents/<ID>.html below the parameter
  `outdir`. A batch is the documents at positions $first to $last of
  p:documents (transform.c hands out batches to its worker processes); in
  the pack it gets, those documents have their bodies and every other has a
  stub (its anchors and asset references: docs/xml.md). One pass builds the
  keys of common.xsl once per batch; a transformation per page would rebuild
  them for every page. The page itself is document.xsl's; transform.c lets
  this stylesheet write only the batch's pages.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:exsl="http://exslt.org/common"
  extension-element-prefixes="exsl"
  exclude-result-prefixes="p exsl">

  <xsl:import href="document.xsl"/>

  <xsl:param name="outdir" select="''"/>
  <xsl:param name="first" select="1"/>
  <xsl:param name="last" select="count(/p:evidence-pack/p:documents/p:document)"/>

  <xsl:template match="/">
    <xsl:for-each select="/p:evidence-pack/p:documents/p:document[position() &gt;= $first and position() &lt;= $last]">
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
