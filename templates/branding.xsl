<?xml version="1.0" encoding="UTF-8"?>
<!--
  branding.xsl: the words of the pack that an organisation may want to
  change. Copy this file into your own templates folder, edit it, and build
  with that folder as the templates option (ismc build ROOT -o OUT, plus the
  option templates DIR); colours and fonts are in theme.css, the logo is
  logo.svg (or logo.png). See docs/output.md and docs/examples/branding/.
  Values are text: markup in them is shown as text, never interpreted.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- under the organisation's name in the header of every page -->
  <xsl:variable name="brand-product" select="'Information Security Management System'"/>

  <!-- the PDF's cover -->
  <xsl:variable name="brand-cover-title" select="'ISMS Evidence Pack'"/>
  <xsl:variable name="brand-cover-subtitle"
                select="concat('Statement of Applicability, registers and documented information for ', $standard)"/>
  <xsl:variable name="brand-cover-note"
                select="'Prepared for the certification body. The documents in this pack are the approved versions at the commit named above; the commit and the SHA-256 of every source file (in evidence-pack.xml) identify them.'"/>
  <!-- the handling marking printed on the cover and in every page footer of the PDF -->
  <xsl:variable name="brand-marking" select="'Confidential — prepared for audit'"/>

  <!-- a sentence in the footer of every page of the site ('' for none) -->
  <xsl:variable name="brand-footer" select="''"/>

</xsl:stylesheet>
