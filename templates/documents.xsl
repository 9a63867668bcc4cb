<?xml version="1.0" encoding="UTF-8"?>
<!--
  documents.xsl: the pages of a batch of documents in one transformation,
  each written with ismc:document to documents/<ID>.html below the
  parameter `outdir` (ismc:document writes what <exsl:document
  method="html" encoding="UTF-8" indent="no"> writes, the same bytes,
  faster: docs/output.md). transform.c hands out batches to its worker
  processes, each with a pack of its own: the batch's documents in full
  (p:documents, positions $first to $last) and what every page needs of
  the rest of the pack, the lists of every document, risk or asset left out
  (docs/output.md); other records are reached through the ismc: functions.
  One pass builds the keys of common.xsl once per batch, over the batch. The
  page itself is document.xsl's; transform.c lets this stylesheet write only
  the batch's pages.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:ismc="urn:ismc:xslt:1"
  extension-element-prefixes="ismc"
  exclude-result-prefixes="p ismc">

  <xsl:import href="document.xsl"/>

  <xsl:param name="outdir" select="''"/>
  <xsl:param name="first" select="1"/>
  <xsl:param name="last" select="count(/p:evidence-pack/p:documents/p:document)"/>

  <xsl:template match="/">
    <xsl:for-each select="/p:evidence-pack/p:documents/p:document[position() &gt;= $first and position() &lt;= $last]">
      <xsl:variable name="ok">
        <xsl:call-template name="doc-has-page"><xsl:with-param name="id" select="@id"/></xsl:call-template>
      </xsl:variable>
      <!-- the first document of an id only, as doc-has-page's key() finds it
           (not by key() itself: document.xsl says why) -->
      <xsl:if test="$ok = '1' and not(preceding-sibling::p:document[@id = current()/@id])">
        <ismc:document href="{$outdir}/{@id}.html">
          <!-- an HTML page has no doctype unless one is named (as with
               exsl:document), and a named one is not HTML5's -->
          <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
          <xsl:apply-templates select="." mode="document-page"/>
        </ismc:document>
      </xsl:if>
    </xsl:for-each>
    <pages/>
  </xsl:template>
</xsl:stylesheet>
