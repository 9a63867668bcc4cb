<?xml version="1.0" encoding="UTF-8"?>
<!--
  branding.xsl for Northwind Traders: the words of the pack. It replaces
  templates/branding.xsl, so it defines every variable that file defines.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:variable name="brand-product" select="'Security &amp; Trust Centre'"/>
  <xsl:variable name="brand-cover-title" select="'ISO/IEC 27001 Audit Pack'"/>
  <xsl:variable name="brand-cover-subtitle"
                select="'Northwind Traders Ltd, information security management system: Statement of Applicability, registers and policies'"/>
  <xsl:variable name="brand-cover-note"
                select="'Issued to the certification body for the Stage 2 audit. Questions: the ISMS Manager, isms@northwind.example.'"/>
  <xsl:variable name="brand-marking" select="'Confidential — Northwind Traders and its auditors only'"/>
  <xsl:variable name="brand-footer" select="'Questions about this site: isms@northwind.example.'"/>
</xsl:stylesheet>
