<?xml version="1.0" encoding="UTF-8"?>
<!--
  document.xsl: one document's page (documents/<ID>.html; parameter `doc`
  for a single page, while documents.xsl renders them all in one pass):
  its document control metadata, how git proves its approval, what it
  addresses, its body, what references it (documents, controls, risks,
  assets) and its git history when the pack has one. Ids of this page's own parts contain upper-case letters, which
  heading anchors (GitHub slugs) never do, so they cannot collide.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:ismc="urn:ismc:xslt:1"
  exclude-result-prefixes="p ismc">

  <xsl:import href="common.xsl"/>

  <!-- Not key(): a document page reads no key, so that a batch of pages
       (documents.xsl) never builds the keys of common.xsl, the anchors'
       walk through every body of the batch among them
       (docs/performance.md) -->
  <xsl:variable name="d" select="$pack/p:documents/p:document[@id = $doc][1]"/>

  <xsl:template match="/">
    <xsl:if test="not($d)">
      <xsl:message terminate="yes">document.xsl: no document with id '<xsl:value-of select="$doc"/>'</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="$d" mode="document-page"/>
  </xsl:template>

  <!-- The whole page of one document (documents.xsl writes them all). -->
  <xsl:template match="p:document" mode="document-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="concat(@id, ' ', @title)"/>
      <xsl:with-param name="description"
                      select="concat(@id, ' ', @title, ', version ', @version, ' (', @status, '), a ', @type,
                                     ' of the information security management system of ', $org,
                                     ' (', $standard, ') as of ', $as-of, '.')"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="p:document" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb">
      <a href="{$root}register.html">Document register</a>
      <span aria-hidden="true"> › </span>
      <span><xsl:call-template name="type-name"><xsl:with-param name="type" select="@type"/></xsl:call-template></span>
    </nav>
    <header class="doc-head">
      <p class="eyebrow">
        <span class="doc-id"><xsl:value-of select="@id"/></span>
        <xsl:if test="@type"><xsl:text> · </xsl:text><xsl:call-template name="cap"><xsl:with-param name="s" select="@type"/></xsl:call-template></xsl:if>
      </p>
      <h1><xsl:value-of select="@title"/></h1>
      <p class="badges">
        <xsl:call-template name="badge"><xsl:with-param name="kind" select="'doc'"/><xsl:with-param name="value" select="@status"/></xsl:call-template>
        <xsl:if test="@version"><span class="badge plain">Version <xsl:value-of select="@version"/></span></xsl:if>
        <xsl:if test="@classification">
          <xsl:call-template name="badge"><xsl:with-param name="kind" select="'cls'"/><xsl:with-param name="value" select="@classification"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="@overdue = 'true'">
          <xsl:call-template name="badge"><xsl:with-param name="kind" select="'due'"/><xsl:with-param name="value" select="'overdue'"/><xsl:with-param name="text" select="'Review overdue'"/></xsl:call-template>
        </xsl:if>
      </p>
    </header>

    <div class="doc-layout">
      <article class="doc-body prose" id="Body">
        <xsl:apply-templates select="p:body" mode="body"/>
      </article>

      <aside class="doc-meta" aria-label="Document control">
        <section id="Metadata">
          <h2>Document control</h2>
          <dl>
            <dt>Owner</dt><dd><xsl:value-of select="@owner"/></dd>
            <dt>Version</dt><dd><xsl:value-of select="@version"/></dd>
            <dt>Status</dt><dd><xsl:call-template name="cap"><xsl:with-param name="s" select="@status"/></xsl:call-template></dd>
            <dt>Classification</dt><dd><xsl:call-template name="cap"><xsl:with-param name="s" select="@classification"/></xsl:call-template></dd>
            <xsl:if test="@approved-by or @approved-on">
              <dt>Approved</dt>
              <dd><xsl:value-of select="@approved-on"/><xsl:if test="@approved-by"> by <xsl:value-of select="@approved-by"/></xsl:if></dd>
            </xsl:if>
            <xsl:if test="@date"><dt>Date of record</dt><dd><xsl:value-of select="@date"/></dd></xsl:if>
            <xsl:if test="@climate-change">
              <dt>Climate change</dt>
              <dd>
                <xsl:choose>
                  <xsl:when test="@climate-change = 'relevant'">A relevant issue</xsl:when>
                  <xsl:otherwise>Not a relevant issue</xsl:otherwise>
                </xsl:choose>
                <span class="by">4.1, ISO/IEC 27001:2022/Amd 1:2024</span>
              </dd>
            </xsl:if>
            <xsl:if test="@next-review">
              <dt>Next review</dt>
              <dd>
                <xsl:value-of select="@next-review"/>
                <xsl:if test="@overdue = 'true'"><xsl:text> </xsl:text><strong class="overdue">overdue</strong></xsl:if>
              </dd>
            </xsl:if>
            <dt>Source</dt><dd><code class="path"><xsl:value-of select="@path"/></code></dd>
            <xsl:variable name="src" select="$pack/p:sources/p:source[@path = current()/@path]"/>
            <xsl:if test="$src">
              <dt>SHA-256</dt><dd><code class="hash" title="{$src/@sha256}"><xsl:value-of select="substring($src/@sha256, 1, 16)"/>…</code></dd>
            </xsl:if>
          </dl>
        </section>
        <xsl:if test="p:approval">
          <section id="Approval" class="approval">
            <h2>Approval proven from git</h2>
            <xsl:for-each select="p:approval"><xsl:call-template name="approval-facts"/></xsl:for-each>
          </section>
        </xsl:if>
        <xsl:if test="p:clause-ref or p:control-ref">
          <section id="Addresses">
            <h2>Addresses</h2>
            <xsl:if test="p:clause-ref">
              <h3>Clauses</h3>
              <xsl:call-template name="link-list"><xsl:with-param name="items" select="p:clause-ref"/></xsl:call-template>
            </xsl:if>
            <xsl:if test="p:control-ref">
              <h3><xsl:value-of select="$control-set"/> controls</h3>
              <xsl:call-template name="link-list"><xsl:with-param name="items" select="p:control-ref"/></xsl:call-template>
            </xsl:if>
          </section>
        </xsl:if>
        <xsl:if test="p:related/p:ref">
          <section id="Related">
            <h2>Related</h2>
            <xsl:call-template name="link-list"><xsl:with-param name="items" select="p:related/p:ref"/></xsl:call-template>
          </section>
        </xsl:if>
      </aside>
    </div>

    <section class="card backrefs" id="Referenced-by" aria-labelledby="Referenced-by-h">
      <h2 id="Referenced-by-h">Referenced by</h2>
      <xsl:variable name="refs" select="p:referenced-by/p:ref"/>
      <xsl:choose>
        <xsl:when test="$refs">
          <div class="backref-groups">
            <xsl:call-template name="backref-group"><xsl:with-param name="title" select="'Documents'"/><xsl:with-param name="items" select="$refs[@kind = 'document']"/></xsl:call-template>
            <xsl:call-template name="backref-group"><xsl:with-param name="title" select="'Controls (SoA)'"/><xsl:with-param name="items" select="$refs[@kind = 'control']"/></xsl:call-template>
            <xsl:call-template name="backref-risks"><xsl:with-param name="controls" select="$refs[@kind = 'control']"/></xsl:call-template>
            <xsl:call-template name="backref-group"><xsl:with-param name="title" select="'Assets'"/><xsl:with-param name="items" select="$refs[@kind = 'asset']"/></xsl:call-template>
            <xsl:call-template name="backref-group"><xsl:with-param name="title" select="'Other'"/><xsl:with-param name="items" select="$refs[not(@kind)]"/></xsl:call-template>
          </div>
        </xsl:when>
        <xsl:otherwise><p class="none">Nothing in the ISMS references this document.</p></xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="card history" id="History" aria-labelledby="History-h">
      <h2 id="History-h">History</h2>
      <xsl:choose>
        <xsl:when test="p:history">
          <div class="table-wrap">
            <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'History-caption'"/></xsl:call-template>
            <table class="data">
              <caption id="History-caption">
                <xsl:value-of select="p:history/@revisions"/>
                <xsl:choose>
                  <xsl:when test="p:history/@revisions = 1"> commit changed </xsl:when>
                  <xsl:otherwise> commits changed </xsl:otherwise>
                </xsl:choose>
                <xsl:value-of select="@path"/>
              </caption>
              <thead><tr><th scope="col">Date</th><th scope="col">Commit</th><th scope="col">Author</th><th scope="col">Change</th></tr></thead>
              <tbody>
                <xsl:for-each select="p:history/p:revision">
                  <tr>
                    <td class="nowrap"><xsl:value-of select="substring(@date, 1, 10)"/></td>
                    <td><code title="{@commit}"><xsl:value-of select="substring(@commit, 1, 12)"/></code></td>
                    <td><xsl:value-of select="@author"/></td>
                    <td>
                      <xsl:value-of select="."/>
                      <xsl:if test="@created"><xsl:text> </xsl:text><span class="badge plain">created</span></xsl:if>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="none">No history recorded: the pack was not built from a git repository.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- The risks this document treats through the controls that name it:
       for each such control, how many risks select it, linked to its row of
       the SoA, where they are listed. The risks themselves are listed once,
       there: listing them on every document page would make the site grow
       with documents times risks. -->
  <xsl:template name="backref-risks">
    <xsl:param name="controls"/>
    <xsl:variable name="with-risks" select="$controls[ismc:control-risks(@id) &gt; 0]"/>
    <xsl:if test="$with-risks">
      <div class="backref-group">
        <h3>Risks</h3>
        <ul class="links">
          <xsl:for-each select="$with-risks">
            <xsl:variable name="n" select="ismc:control-risks(@id)"/>
            <li>
              <xsl:call-template name="ref-link">
                <xsl:with-param name="kind" select="'control'"/>
                <xsl:with-param name="id" select="@id"/>
                <xsl:with-param name="title" select="concat('The risks that select ', @id, ', in the Statement of Applicability')"/>
                <xsl:with-param name="label" select="concat($n, ' risk', substring('s', 1, number($n != 1)), ' selecting it')"/>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="backref-group">
    <xsl:param name="title"/>
    <xsl:param name="items"/>
    <xsl:if test="$items">
      <div class="backref-group">
        <h3><xsl:value-of select="$title"/> <span class="count"><xsl:value-of select="count($items)"/></span></h3>
        <xsl:call-template name="link-list"><xsl:with-param name="items" select="$items"/></xsl:call-template>
      </div>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
