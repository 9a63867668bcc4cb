<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: what every page of the site (and the print document) shares:
  parameters, keys, the page frame (head with its Content-Security-Policy,
  header, navigation, draft banner, footer), links to documents, controls,
  risks, assets and clauses, and small formatting helpers.

  Page stylesheets (index.xsl, soa.xsl, ...) import this file and call the
  named template "page" with their title and content. ismc applies each page
  stylesheet to evidence-pack.xml (transform.c); templates never write files.

  Safety: every piece of text from the ISMS leaves as an escaped text node or
  attribute (never disable-output-escaping); every href is built here from a
  resolved id, or is an external address whose scheme is http, https or
  mailto. Details in docs/output.md.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:include href="body.xsl"/>
  <xsl:include href="charts.xsl"/>
  <xsl:include href="tables.xsl"/>
  <xsl:include href="branding.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>
  <!-- indentation between blocks of the pack is not content (inside p and
       cells, spaces between inline elements are, so those keep theirs) -->
  <xsl:strip-space elements="p:body p:section p:list p:item p:table p:row p:blockquote p:footnote"/>

  <!-- Set by transform.c: the path from this page to the site's top ('' or
       '../'), the page's name (navigation), the document of a document page,
       and the logo file in assets/ ('' for none). -->
  <xsl:param name="root" select="''"/>
  <xsl:param name="page" select="''"/>
  <xsl:param name="doc" select="''"/>
  <xsl:param name="logo" select="''"/>

  <!-- 'site' or 'print': print.xsl overrides it, and links then point at
       anchors inside the one print document. -->
  <xsl:variable name="mode" select="'site'"/>
  <!-- the level of a document's title: its body's headings go below it
       (body.xsl) -->
  <xsl:variable name="heading-base" select="1"/>
  <!-- how far ahead "due for review soon" looks, in days -->
  <xsl:variable name="review-window" select="90"/>

  <xsl:variable name="pack" select="/p:evidence-pack"/>
  <xsl:variable name="org" select="string($pack/@organisation)"/>
  <xsl:variable name="as-of" select="string($pack/@as-of)"/>
  <xsl:variable name="draft" select="$pack/@draft = 'true'"/>
  <xsl:variable name="prov" select="$pack/p:provenance"/>
  <!-- the catalog's names (emit.c's <catalog>): the standard, "ISO/IEC
       27001:2022", its control set, "Annex A", and its main clauses, "4 to 10" -->
  <xsl:variable name="catalog" select="$pack/p:catalog"/>
  <xsl:variable name="standard" select="string($catalog/@name)"/>
  <xsl:variable name="control-set" select="string($catalog/@control-set)"/>
  <xsl:variable name="clauses-span"
                select="concat($catalog/p:clause-group[1]/@key, ' to ', $catalog/p:clause-group[last()]/@key)"/>
  <xsl:variable name="acceptance">
    <xsl:choose>
      <xsl:when test="$pack/p:risks/@acceptance">
        <xsl:value-of select="$pack/p:risks/@acceptance"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="floor(count($pack/p:risks/p:scale[@kind='likelihood']/p:level)
                              * count($pack/p:risks/p:scale[@kind='impact']/p:level) div 4)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>

  <!-- ids: the evidence pack's own records (documents carry their bodies) -->
  <xsl:key name="doc" match="p:documents/p:document" use="@id"/>
  <xsl:key name="doc-path" match="p:documents/p:document" use="@path"/>
  <xsl:key name="risk" match="/p:evidence-pack/p:risks/p:risk" use="@id"/>
  <xsl:key name="asset" match="p:assets/p:asset" use="@id"/>
  <xsl:key name="control" match="/p:evidence-pack/p:soa/p:control" use="@id"/>
  <xsl:key name="clause" match="p:coverage/p:clause" use="@id"/>
  <xsl:key name="source" match="p:sources/p:source" use="@path"/>
  <!-- Keys match ids, not their elements: libxslt evaluates a match as
       //pattern, and a step with a predicate (p:heading[@id]) first collects
       every node of the pack (which fails at 10,000 documents); ids are found
       by a descent that visits each node once (docs/performance.md). -->
  <xsl:key name="anchor"
           match="p:section/@id | p:heading/@id"
           use="concat(ancestor::p:document/@id, '#', .)"/>
  <xsl:key name="risks-of-asset" match="/p:evidence-pack/p:risks/p:risk"
           use="p:ref[@kind='asset']/@id"/>
  <xsl:key name="docs-of-asset" match="p:documents/p:document"
           use="p:related/p:ref[@kind='asset']/@id | p:body/descendant::p:ref[@kind='asset']/@id"/>

  <!-- ==== which records have a page or an anchor ==== -->

  <!-- A document gets a page when its id is valid (an upper-case letter, then
       upper-case letters, digits and hyphens, with a hyphen) and it is the
       first document with that id; transform.c applies the same rule when it
       writes documents/<ID>.html. In print, only approved documents are in. -->
  <xsl:template name="doc-has-page">
    <xsl:param name="id"/>
    <xsl:variable name="d" select="key('doc', $id)[1]"/>
    <xsl:if test="$d and contains($upper, substring($id, 1, 1))
                  and translate($id, concat($upper, '0123456789-'), '') = ''
                  and contains($id, '-')
                  and ($mode = 'site' or $d/@status = 'approved')">1</xsl:if>
  </xsl:template>

  <!-- The address of a record, or '' when it has none. kind: document, risk,
       asset, control, clause, register (a row of the document register). -->
  <xsl:template name="href">
    <xsl:param name="kind"/>
    <xsl:param name="id"/>
    <xsl:param name="frag" select="''"/>
    <xsl:choose>
      <xsl:when test="$kind = 'document'">
        <xsl:variable name="page-ok">
          <xsl:call-template name="doc-has-page"><xsl:with-param name="id" select="$id"/></xsl:call-template>
        </xsl:variable>
        <xsl:variable name="frag-ok" select="$frag != '' and key('anchor', concat($id, '#', $frag))"/>
        <xsl:choose>
          <xsl:when test="$page-ok = '1' and $mode = 'print'">
            <xsl:choose>
              <xsl:when test="$frag-ok"><xsl:value-of select="concat('#doc-', $id, '.', $frag)"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="concat('#doc-', $id)"/></xsl:otherwise>
            </xsl:choose>
          </xsl:when>
          <xsl:when test="$page-ok = '1'">
            <xsl:value-of select="concat($root, 'documents/', $id, '.html')"/>
            <xsl:if test="$frag-ok"><xsl:value-of select="concat('#', $frag)"/></xsl:if>
          </xsl:when>
          <xsl:when test="$mode = 'print' and key('doc', $id)">
            <xsl:value-of select="concat('#reg-', $id)"/>
          </xsl:when>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$kind = 'risk' and key('risk', $id)">
        <xsl:choose>
          <xsl:when test="$mode = 'print'"><xsl:value-of select="concat('#risk-', $id)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($root, 'risks.html#', $id)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$kind = 'asset' and key('asset', $id)">
        <xsl:choose>
          <xsl:when test="$mode = 'print'"><xsl:value-of select="concat('#asset-', $id)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($root, 'assets.html#', $id)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$kind = 'control' and key('control', $id)">
        <xsl:choose>
          <xsl:when test="$mode = 'print'"><xsl:value-of select="concat('#soa-', $id)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($root, 'soa.html#', $id)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$kind = 'clause' and key('clause', $id)">
        <xsl:choose>
          <xsl:when test="$mode = 'print'"><xsl:value-of select="concat('#clause-', $id)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($root, 'coverage.html#clause-', $id)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$kind = 'register' and key('doc', $id)">
        <xsl:choose>
          <xsl:when test="$mode = 'print'"><xsl:value-of select="concat('#reg-', $id)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($root, 'register.html#', $id)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A link to a record: <a> when it has an address, else its id as text.
       `title` becomes the tooltip; `label` is shown after the id. -->
  <xsl:template name="ref-link">
    <xsl:param name="kind"/>
    <xsl:param name="id"/>
    <xsl:param name="title" select="''"/>
    <xsl:param name="label" select="''"/>
    <xsl:param name="frag" select="''"/>
    <xsl:variable name="href">
      <xsl:call-template name="href">
        <xsl:with-param name="kind" select="$kind"/>
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="frag" select="$frag"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($href) != ''">
        <a class="ref ref-{$kind}" href="{$href}">
          <xsl:if test="string($title) != ''"><xsl:attribute name="title"><xsl:value-of select="$title"/></xsl:attribute></xsl:if>
          <span class="rid"><xsl:value-of select="$id"/></span>
          <xsl:if test="string($label) != ''">
            <xsl:text> </xsl:text><span class="rlabel"><xsl:value-of select="$label"/></span>
          </xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ref ref-{$kind} ref-none">
          <xsl:if test="string($title) != ''"><xsl:attribute name="title"><xsl:value-of select="$title"/></xsl:attribute></xsl:if>
          <span class="rid"><xsl:value-of select="$id"/></span>
          <xsl:if test="string($label) != ''">
            <xsl:text> </xsl:text><span class="rlabel"><xsl:value-of select="$label"/></span>
          </xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- doc-ref, ref, control-ref, risk-ref, clause-ref as links, in a list -->
  <xsl:template match="p:doc-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="ref-link">
      <xsl:with-param name="kind" select="'document'"/>
      <xsl:with-param name="id" select="@id"/>
      <xsl:with-param name="title" select="@title"/>
      <xsl:with-param name="label" select="@title[$labels]"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="ref-link">
      <xsl:with-param name="kind" select="@kind"/>
      <xsl:with-param name="id" select="@id"/>
      <xsl:with-param name="title" select="@title"/>
      <xsl:with-param name="label" select="@title[$labels]"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:control-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="ref-link">
      <xsl:with-param name="kind" select="'control'"/>
      <xsl:with-param name="id" select="@id"/>
      <xsl:with-param name="title" select="@title"/>
      <xsl:with-param name="label" select="@title[$labels]"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:risk-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="ref-link">
      <xsl:with-param name="kind" select="'risk'"/>
      <xsl:with-param name="id" select="@id"/>
      <xsl:with-param name="title" select="@title"/>
      <xsl:with-param name="label" select="@title[$labels]"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:clause-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="ref-link">
      <xsl:with-param name="kind" select="'clause'"/>
      <xsl:with-param name="id" select="@id"/>
      <xsl:with-param name="title" select="@title"/>
      <xsl:with-param name="label" select="@title[$labels]"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A list of links, one per line; `none` when empty. -->
  <xsl:template name="link-list">
    <xsl:param name="items"/>
    <xsl:param name="labels" select="true()"/>
    <xsl:param name="none" select="'—'"/>
    <xsl:choose>
      <xsl:when test="$items">
        <ul class="links">
          <xsl:for-each select="$items">
            <li><xsl:apply-templates select="." mode="link"><xsl:with-param name="labels" select="$labels"/></xsl:apply-templates></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><span class="none"><xsl:value-of select="$none"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The attributes of a box that scrolls sideways when its table is wider
       than the screen (.table-wrap): keyboard users scroll it once it has the
       focus, so it is focusable and named (WCAG 2.1.1; axe
       scrollable-region-focusable). Name it by the id of its table's caption
       (`labelledby`) or by a `label`. Call it first inside the box. In print
       nothing scrolls: no attributes. -->
  <xsl:template name="scroll-region">
    <xsl:param name="labelledby" select="''"/>
    <xsl:param name="label" select="''"/>
    <xsl:if test="$mode = 'site'">
      <xsl:attribute name="role">region</xsl:attribute>
      <xsl:attribute name="tabindex">0</xsl:attribute>
      <xsl:choose>
        <xsl:when test="string($labelledby) != ''">
          <xsl:attribute name="aria-labelledby"><xsl:value-of select="$labelledby"/></xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="aria-label"><xsl:value-of select="$label"/></xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- ==== formatting ==== -->

  <xsl:template name="cap">
    <xsl:param name="s"/>
    <xsl:value-of select="concat(translate(substring($s, 1, 1), $lower, $upper), translate(substring($s, 2), '-', ' '))"/>
  </xsl:template>

  <!-- a status word as a coloured badge -->
  <xsl:template name="badge">
    <xsl:param name="kind"/>
    <xsl:param name="value"/>
    <xsl:param name="text" select="''"/>
    <span class="badge {$kind}-{translate($value, ' ', '-')}">
      <xsl:choose>
        <xsl:when test="string($text) != ''"><xsl:value-of select="$text"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="cap"><xsl:with-param name="s" select="$value"/></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- the implementation status of a control (context: p:control) -->
  <xsl:template name="status-badge">
    <xsl:choose>
      <xsl:when test="@decided = 'false'">
        <xsl:call-template name="badge"><xsl:with-param name="kind" select="'st'"/><xsl:with-param name="value" select="'undecided'"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="@applicable = 'false'">
        <xsl:call-template name="badge"><xsl:with-param name="kind" select="'st'"/><xsl:with-param name="value" select="'excluded'"/><xsl:with-param name="text" select="'Not applicable'"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="@status">
        <xsl:call-template name="badge"><xsl:with-param name="kind" select="'st'"/><xsl:with-param name="value" select="@status"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="badge"><xsl:with-param name="kind" select="'st'"/><xsl:with-param name="value" select="'not-implemented'"/><xsl:with-param name="text" select="'No status'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- YYYYMMDD as a number, for comparing dates -->
  <xsl:template name="day-number">
    <xsl:param name="d"/>
    <xsl:value-of select="number(translate($d, '-', ''))"/>
  </xsl:template>

  <xsl:template name="short-commit">
    <xsl:param name="c"/>
    <xsl:value-of select="substring($c, 1, 12)"/>
  </xsl:template>

  <!-- "Organizational controls (A.5)": a theme's name and label, from the catalog -->
  <xsl:template name="theme-name">
    <xsl:param name="theme"/>
    <xsl:variable name="t" select="$catalog/p:theme[@key = $theme]"/>
    <xsl:choose>
      <xsl:when test="$t"><xsl:value-of select="concat($t/@name, ' (', $t/@label, ')')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$theme"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The main clauses (the catalog's clauses list only their parts) -->
  <xsl:template name="clause-group-name">
    <xsl:param name="n"/>
    <xsl:value-of select="$catalog/p:clause-group[@key = $n]/@name"/>
  </xsl:template>

  <!-- "commit 1a2b3c4d5e6f (uncommitted changes)" or "working folder" -->
  <xsl:template name="source-line">
    <xsl:choose>
      <xsl:when test="$prov/@commit">
        <xsl:text>commit </xsl:text>
        <code class="commit" title="{$prov/@commit}"><xsl:call-template name="short-commit"><xsl:with-param name="c" select="$prov/@commit"/></xsl:call-template></code>
        <xsl:if test="$prov/@dirty = 'true'"><xsl:text> with uncommitted changes</xsl:text></xsl:if>
      </xsl:when>
      <xsl:otherwise>a working folder outside git (no commit)</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== the page frame ==== -->

  <xsl:template name="nav-item">
    <xsl:param name="name"/>
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <li>
      <a href="{$root}{$href}">
        <xsl:if test="$page = $name"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:value-of select="$text"/>
      </a>
    </li>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="title"/>
    <xsl:param name="content"/>
    <!-- what search results and link previews show -->
    <xsl:param name="description"
               select="concat($title, ': the information security management system of ', $org,
                              ' (', $standard, ') as of ', $as-of, '.')"/>
    <html lang="en">
      <head>
        <meta http-equiv="Content-Security-Policy"
              content="default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="referrer" content="no-referrer"/>
        <meta name="generator" content="ismc {$prov/@tool-version}"/>
        <meta name="description" content="{$description}"/>
        <title><xsl:value-of select="$title"/> · <xsl:value-of select="$org"/></title>
        <link rel="icon" type="image/svg+xml" href="{$root}assets/favicon.svg"/>
        <link rel="stylesheet" href="{$root}assets/site.css"/>
        <link rel="stylesheet" href="{$root}assets/theme.css"/>
      </head>
      <body class="page-{$page}">
        <xsl:if test="$draft"><xsl:attribute name="class">page-<xsl:value-of select="$page"/> is-draft</xsl:attribute></xsl:if>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="{$root}index.html">
              <xsl:if test="$logo != ''"><img class="logo" src="{$root}assets/{$logo}" alt=""/></xsl:if>
              <span class="brand-text">
                <span class="org"><xsl:value-of select="$org"/></span>
                <span class="product"><xsl:value-of select="$brand-product"/></span>
              </span>
            </a>
            <p class="stamp">
              <span><xsl:value-of select="$standard"/></span>
              <span>As of <time datetime="{$as-of}"><xsl:value-of select="$as-of"/></time></span>
            </p>
          </div>
          <nav aria-label="Sections">
            <ul>
              <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'index'"/><xsl:with-param name="href" select="'index.html'"/><xsl:with-param name="text" select="'Dashboard'"/></xsl:call-template>
              <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'soa'"/><xsl:with-param name="href" select="'soa.html'"/><xsl:with-param name="text" select="'Statement of Applicability'"/></xsl:call-template>
              <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'coverage'"/><xsl:with-param name="href" select="'coverage.html'"/><xsl:with-param name="text" select="'Clauses'"/></xsl:call-template>
              <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'register'"/><xsl:with-param name="href" select="'register.html'"/><xsl:with-param name="text" select="'Documents'"/></xsl:call-template>
              <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'risks'"/><xsl:with-param name="href" select="'risks.html'"/><xsl:with-param name="text" select="'Risks'"/></xsl:call-template>
              <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'assets'"/><xsl:with-param name="href" select="'assets.html'"/><xsl:with-param name="text" select="'Assets'"/></xsl:call-template>
              <xsl:if test="$pack/p:frameworks">
                <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'frameworks'"/><xsl:with-param name="href" select="'frameworks.html'"/><xsl:with-param name="text" select="'Frameworks'"/></xsl:call-template>
              </xsl:if>
            </ul>
          </nav>
        </header>
        <xsl:if test="$draft">
          <div class="draft-banner" role="note">
            <strong>DRAFT</strong>
            <xsl:text> — built with --draft from an ISMS that does not pass its checks: a gap analysis, not audit evidence. </xsl:text>
            <a href="{$root}index.html#diagnostics">
              <xsl:value-of select="count($pack/p:diagnostics/p:diagnostic)"/> findings</a>
          </div>
        </xsl:if>
        <main id="main">
          <xsl:copy-of select="$content"/>
        </main>
        <footer class="site-footer">
          <p>
            <strong><xsl:value-of select="$org"/></strong>
            <xsl:value-of select="concat(' · Information security management system, ', $standard, ' · as of ')"/>
            <xsl:value-of select="$as-of"/>
            <xsl:text> · built from </xsl:text>
            <xsl:call-template name="source-line"/>
            <xsl:if test="$draft"><xsl:text> · </xsl:text><strong class="draft-mark">DRAFT</strong></xsl:if>
          </p>
          <p class="fine">
            <xsl:value-of select="$brand-footer"/>
            <xsl:text> Generated by ismc </xsl:text><xsl:value-of select="$prov/@tool-version"/>
            <xsl:if test="$pack/@generated"><xsl:text> on </xsl:text><xsl:value-of select="$pack/@generated"/></xsl:if>
            <xsl:text>.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
