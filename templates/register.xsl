<?xml version="1.0" encoding="UTF-8"?>
<!-- register.xsl: the document register (register.html), one table per type,
     then the registers under document control and the people register. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Document register'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <xsl:variable name="D" select="$pack/p:documents/p:document"/>
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
    <xsl:if test="$pack/p:register-documents/p:register-document">
      <section id="registers" aria-labelledby="registers-h">
        <h2 id="registers-h">Registers under document control</h2>
        <p class="hint">Registers that open with a document block: controlled documents with an id, a version and an approval, proven from git as documents are. The controls register's is the identity of the Statement of Applicability.</p>
        <xsl:call-template name="regdoc-table"/>
      </section>
    </xsl:if>
    <xsl:if test="$pack/p:people/p:person">
      <section id="people" aria-labelledby="people-h">
        <h2 id="people-h">People</h2>
        <p class="hint">Who holds the roles that own and approve the ISMS, with the git identities and keys that prove their approvals. Every owner and approver names one of them or a role they hold.</p>
        <xsl:call-template name="people-table"/>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
