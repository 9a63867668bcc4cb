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
  xmlns:str="http://exslt.org/strings"
  xmlns:ismc="urn:ismc:xslt:1"
  extension-element-prefixes="str ismc"
  exclude-result-prefixes="p str ismc">

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
  <!-- in print, a Markdown table of this many columns or more is set on a
       landscape page of its own (body.xsl) -->
  <xsl:variable name="print-wide-columns" select="7"/>
  <!-- in print, a table column whose longest text is this many characters or
       fewer keeps it on one line (body.xsl) -->
  <xsl:variable name="print-short-column" select="16"/>
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

  <!-- ids: the evidence pack's own records. Every match is a path from the
       root: libxslt evaluates a match that is not as //pattern, a walk
       through every node of the pack, for every key of every
       transformation; from the root it visits only the records' parents
       (docs/performance.md). -->
  <xsl:key name="doc" match="/p:evidence-pack/p:documents/p:document" use="@id"/>
  <!-- findings by code: a code with more than 10 shows its first 5 and a
       line saying how many more, as `ismc check` folds them -->
  <xsl:key name="diag-code" match="/p:evidence-pack/p:diagnostics/p:diagnostic" use="@code"/>
  <xsl:key name="doc-path" match="/p:evidence-pack/p:documents/p:document" use="@path"/>
  <xsl:key name="risk" match="/p:evidence-pack/p:risks/p:risk" use="@id"/>
  <xsl:key name="asset" match="/p:evidence-pack/p:assets/p:asset" use="@id"/>
  <xsl:key name="control" match="/p:evidence-pack/p:soa/p:control" use="@id"/>
  <xsl:key name="clause" match="/p:evidence-pack/p:coverage/p:clause" use="@id"/>
  <!-- A key of several kinds is several xsl:keys of one name, never a
       match with `|`: libxml2 merges the two sides of a union checking each
       node of one against each of the other, which at 2,500 documents made
       the `anchor` key most of the time of every page (docs/performance.md). -->
  <xsl:key name="operating" match="/p:evidence-pack/p:activities/p:activity" use="@id"/>
  <xsl:key name="operating" match="/p:evidence-pack/p:nonconformities/p:nonconformity" use="@id"/>
  <xsl:key name="operating" match="/p:evidence-pack/p:suppliers/p:supplier" use="@id"/>
  <xsl:key name="source" match="/p:evidence-pack/p:sources/p:source" use="@path"/>
  <xsl:key name="person" match="/p:evidence-pack/p:people/p:person" use="@id"/>
  <xsl:key name="regdoc" match="/p:evidence-pack/p:register-documents/p:register-document" use="@id"/>
  <xsl:key name="evidence-file" match="/p:evidence-pack/p:evidence-files/p:file" use="@path"/>
  <!-- Link targets in bodies: a walk through the bodies only (in a page,
       the other documents' bodies are stubs of their anchors: docs/
       output.md). Keys match ids, not their elements: a step with a
       predicate (p:heading[@id]) first collects every node it walks
       through (which failed at 10,000 documents). -->
  <xsl:key name="anchor" match="/p:evidence-pack/p:documents//p:section/@id"
           use="concat(ancestor::p:document/@id, '#', .)"/>
  <xsl:key name="anchor" match="/p:evidence-pack/p:documents//p:heading/@id"
           use="concat(ancestor::p:document/@id, '#', .)"/>
  <xsl:key name="anchor" match="/p:evidence-pack/p:documents//p:anchor/@id"
           use="concat(ancestor::p:document/@id, '#', .)"/>
  <xsl:key name="risks-of-asset" match="/p:evidence-pack/p:risks/p:risk"
           use="p:ref[@kind='asset']/@id"/>
  <!-- the risks selecting a control, by its id. The shipped pages do not
       use it (a document page counts a control's risks with
       ismc:control-risks); it stays for templates of one's own written when
       the document page joined its controls to their risks here -->
  <xsl:key name="risks-of-control" match="/p:evidence-pack/p:risks/p:risk"
           use="p:control-ref/@id"/>
  <xsl:key name="docs-of-asset" match="/p:evidence-pack/p:documents/p:document"
           use="p:related/p:ref[@kind='asset']/@id | p:body/descendant::p:ref[@kind='asset']/@id"/>

  <!-- ==== which records have a page or an anchor ==== -->

  <!-- A document gets a page when its id is valid (an upper-case letter, then
       upper-case letters, digits and hyphens, with a hyphen inside) and it
       is the first document with that id; in print, only approved documents
       are in. ismc decides it (ismc:has-page, transform.c), by the rule by
       which it writes documents/<ID>.html. -->
  <xsl:template name="doc-has-page">
    <xsl:param name="id"/>
    <xsl:if test="ismc:has-page($id, $mode)">1</xsl:if>
  </xsl:template>

  <!-- The address of a record, or '' when it has none. kind: document (with
       a fragment: the anchor when that document has it), risk, asset,
       control, clause, person, register-document, register (a row of the
       document register), activity, nonconformity, supplier (rows of the
       operating page). ismc resolves it (ismc:href, transform.c; the
       addresses are listed in docs/output.md): a template's lookup per link
       was most of the time of a document's page. -->
  <xsl:template name="href">
    <xsl:param name="kind"/>
    <xsl:param name="id"/>
    <xsl:param name="frag" select="''"/>
    <xsl:value-of select="ismc:href($kind, $id, $frag, $mode, $root)"/>
  </xsl:template>

  <!-- A link to a record: <a> when it has an address, else its id as text.
       `title` becomes the tooltip; `label` is shown after the id. -->
  <xsl:template name="ref-link">
    <xsl:param name="kind"/>
    <xsl:param name="id"/>
    <xsl:param name="title" select="''"/>
    <xsl:param name="label" select="''"/>
    <xsl:param name="frag" select="''"/>
    <xsl:variable name="href" select="ismc:href($kind, $id, $frag, $mode, $root)"/>
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

  <!-- ref-link for the context record, the link the tables make by the
       thousand: its @id linked, with `tooltip` true() its @title as the
       tooltip, with `labels` true() its @title after the id. The markup is
       ref-link's (and id-list's, which writes it out); ref-link's five
       parameters and its xsl:attribute were a third of the time of every
       link, and the registers make links by the thousand
       (docs/performance.md). -->
  <xsl:template name="record-link">
    <xsl:param name="kind"/>
    <xsl:param name="tooltip"/>
    <xsl:param name="labels"/>
    <xsl:variable name="href" select="ismc:href($kind, @id, '', $mode, $root)"/>
    <xsl:choose>
      <xsl:when test="$href != ''">
        <a class="ref ref-{$kind}" href="{$href}">
          <xsl:copy-of select="@title[$tooltip][. != '']"/>
          <span class="rid"><xsl:value-of select="@id"/></span>
          <xsl:if test="$labels and @title != ''"><xsl:text> </xsl:text><span class="rlabel"><xsl:value-of select="@title"/></span></xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ref ref-{$kind} ref-none">
          <xsl:copy-of select="@title[$tooltip][. != '']"/>
          <span class="rid"><xsl:value-of select="@id"/></span>
          <xsl:if test="$labels and @title != ''"><xsl:text> </xsl:text><span class="rlabel"><xsl:value-of select="@title"/></span></xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- doc-ref, ref, control-ref, risk-ref, clause-ref as links, in a list -->
  <xsl:template match="p:doc-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="record-link">
      <xsl:with-param name="kind" select="'document'"/>
      <xsl:with-param name="tooltip" select="true()"/>
      <xsl:with-param name="labels" select="$labels"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="record-link">
      <xsl:with-param name="kind" select="@kind"/>
      <xsl:with-param name="tooltip" select="true()"/>
      <xsl:with-param name="labels" select="$labels"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:control-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="record-link">
      <xsl:with-param name="kind" select="'control'"/>
      <xsl:with-param name="tooltip" select="true()"/>
      <xsl:with-param name="labels" select="$labels"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:risk-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="record-link">
      <xsl:with-param name="kind" select="'risk'"/>
      <xsl:with-param name="tooltip" select="true()"/>
      <xsl:with-param name="labels" select="$labels"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="p:clause-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:call-template name="record-link">
      <xsl:with-param name="kind" select="'clause'"/>
      <xsl:with-param name="tooltip" select="true()"/>
      <xsl:with-param name="labels" select="$labels"/>
    </xsl:call-template>
  </xsl:template>

  <!-- An evidence file of a control: in the site a link to the copy the
       build made (OUT/evidence/, beside html/), in print its path; with its
       SHA-256 as a tooltip. -->
  <xsl:template match="p:file-ref" mode="link">
    <xsl:param name="labels" select="true()"/>
    <xsl:variable name="f" select="key('evidence-file', @path)[1]"/>
    <xsl:choose>
      <xsl:when test="$mode = 'site' and $f">
        <a class="ref ref-file" href="{$root}../{str:encode-uri($f/@copy, false())}" title="SHA-256 {@sha256}">
          <span class="path"><xsl:value-of select="@path"/></span>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ref ref-file"><span class="path"><xsl:value-of select="@path"/></span></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== approvals proven from git ==== -->

  <!-- One sentence on how git proves an approval (context: p:approval). -->
  <xsl:template name="approval-sentence">
    <xsl:choose>
      <xsl:when test="@state = 'proven'">
        <xsl:choose>
          <xsl:when test="@method = 'signature'">Signed by </xsl:when>
          <xsl:when test="@method = 'trailer'">Approved-by trailer of </xsl:when>
          <xsl:otherwise>Committed by </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="ref-link">
          <xsl:with-param name="kind" select="'person'"/>
          <xsl:with-param name="id" select="@person"/>
          <xsl:with-param name="label" select="@approver"/>
        </xsl:call-template>
        <xsl:text> in commit </xsl:text>
        <code title="{@proof-commit}"><xsl:value-of select="substring(@proof-commit, 1, 12)"/></code>
        <xsl:if test="@pull-request"><xsl:value-of select="concat(' (pull request #', @pull-request, ')')"/></xsl:if>
        <xsl:text>.</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The approval of a document or register as a definition list: state,
       proof, approving commit, merge, signature (context: p:approval). -->
  <xsl:template name="approval-facts">
    <dl class="approval-facts">
      <dt>Approval</dt>
      <dd>
        <xsl:call-template name="badge">
          <xsl:with-param name="kind" select="'proof'"/>
          <xsl:with-param name="value" select="@state"/>
          <xsl:with-param name="text">
            <xsl:choose>
              <xsl:when test="@state = 'proven'"><xsl:value-of select="concat('Proven: ', @method)"/></xsl:when>
              <xsl:when test="@state = 'uncommitted'">Not committed</xsl:when>
              <xsl:when test="@state = 'no-history'">No git history</xsl:when>
              <xsl:otherwise>Not proven</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="approval-sentence"/>
      </dd>
      <xsl:if test="@commit">
        <dt>Approving commit</dt>
        <dd>
          <code title="{@commit}"><xsl:value-of select="substring(@commit, 1, 12)"/></code>
          <xsl:value-of select="concat(' of ', substring(@date, 1, 10), ' by ', @author)"/>
        </dd>
      </xsl:if>
      <xsl:if test="@merge">
        <dt>Merged</dt>
        <dd>
          <code title="{@merge}"><xsl:value-of select="substring(@merge, 1, 12)"/></code>
          <xsl:value-of select="concat(' on ', substring(@merge-date, 1, 10))"/>
          <xsl:if test="@pull-request"><xsl:value-of select="concat(', pull request #', @pull-request)"/></xsl:if>
        </dd>
      </xsl:if>
      <xsl:if test="@signature != 'none'">
        <dt>Signature</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="@signature = 'good'">verified against the people register's key </xsl:when>
            <xsl:when test="@signature = 'bad'">does not verify</xsl:when>
            <xsl:when test="@signature = 'unknown-key'">by a key the people register does not list</xsl:when>
            <xsl:when test="@signature = 'not-approver'">by a register key of someone who may not approve it</xsl:when>
            <xsl:otherwise>SSH, not verified</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="@key"><code class="hash" title="{@key}"><xsl:value-of select="substring(@key, string-length(@key) - 15)"/></code></xsl:if>
        </dd>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- A control's decisions through the history, oldest first, one line
       each (context: p:control). -->
  <xsl:template name="decision-history">
    <xsl:if test="p:decision-history/p:change">
      <ol class="decisions">
        <xsl:for-each select="p:decision-history/p:change">
          <li>
            <span class="when"><xsl:value-of select="substring(@date, 1, 10)"/></span>
            <xsl:text> </xsl:text>
            <xsl:choose>
              <xsl:when test="@removed">removed</xsl:when>
              <xsl:when test="@applicable = 'false'">not applicable</xsl:when>
              <xsl:otherwise><xsl:value-of select="translate(@status, '-', ' ')"/></xsl:otherwise>
            </xsl:choose>
            <xsl:text> </xsl:text>
            <code title="{@commit} {@author}: {.}"><xsl:value-of select="substring(@commit, 1, 7)"/></code>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

  <!-- The SoA as a controlled document: id, version, owner, approval and
       its proof; or that it has none. -->
  <xsl:template name="soa-identity">
    <xsl:variable name="sd" select="$pack/p:soa/p:register-document"/>
    <section class="card soa-identity" id="soa-identity" aria-labelledby="soa-identity-h">
      <xsl:choose>
        <xsl:when test="$sd">
          <h2 id="soa-identity-h">
            <xsl:value-of select="concat($sd/@id, ', version ', $sd/@version)"/>
          </h2>
          <dl class="approval-facts">
            <dt>Document</dt><dd><xsl:value-of select="$sd/@title"/> (<code><xsl:value-of select="$sd/@path"/></code>)</dd>
            <dt>Owner</dt><dd><xsl:value-of select="$sd/@owner"/></dd>
            <dt>Status</dt>
            <dd>
              <xsl:call-template name="cap"><xsl:with-param name="s" select="$sd/@status"/></xsl:call-template>
              <xsl:if test="$sd/@approved-on"><xsl:value-of select="concat(' on ', $sd/@approved-on, ' by ', $sd/@approved-by)"/></xsl:if>
              <xsl:if test="$sd/@next-review"><xsl:value-of select="concat('; next review ', $sd/@next-review)"/></xsl:if>
            </dd>
          </dl>
          <xsl:for-each select="$sd/p:approval"><xsl:call-template name="approval-facts"/></xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <h2 id="soa-identity-h">No document identity</h2>
          <p class="none">The controls register has no document block: this SoA has no id, version or recorded approval.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- A list of links, one per line; `none` when empty. In print the list
       runs on, comma-separated (a row listing 14 risks takes a line or two,
       not 14), the commas real text where lines may break. -->
  <xsl:template name="link-list">
    <xsl:param name="items"/>
    <xsl:param name="labels" select="true()"/>
    <xsl:param name="none" select="'—'"/>
    <xsl:choose>
      <xsl:when test="$items and $mode = 'print'">
        <span class="links">
          <xsl:for-each select="$items">
            <xsl:apply-templates select="." mode="link"><xsl:with-param name="labels" select="$labels"/></xsl:apply-templates>
            <xsl:if test="position() != last()">, </xsl:if>
          </xsl:for-each>
        </span>
      </xsl:when>
      <!-- on the site ismc writes the list itself (compiler/body_html.c),
           the same bytes, when the templates of mode "link" and
           record-link are the shipped ones and every item is a reference
           they link (docs/output.md, "Rendered by ismc") -->
      <xsl:when test="$items and function-available('ismc:native-links')
                      and ismc:native-links($items, $mode)">
        <ismc:link-list select="$items" labels="{boolean($labels)}" root="{$root}"/>
      </xsl:when>
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

  <!-- 1 when the diagnostic (the context) is listed: its code has 10
       findings or fewer, or it is among the first 5 of its code -->
  <xsl:template name="diag-shown">
    <xsl:variable name="same" select="key('diag-code', @code)"/>
    <xsl:if test="count($same) &lt;= 10 or generate-id() = generate-id($same[1])
                  or generate-id() = generate-id($same[2]) or generate-id() = generate-id($same[3])
                  or generate-id() = generate-id($same[4]) or generate-id() = generate-id($same[5])">1</xsl:if>
  </xsl:template>

  <!-- the folded codes of `diags`: one per code with more than 10 -->
  <xsl:template name="diag-folds">
    <xsl:param name="diags"/>
    <xsl:param name="cols" select="4"/>
    <xsl:for-each select="$diags[generate-id() = generate-id(key('diag-code', @code)[1])]">
      <xsl:variable name="n" select="count(key('diag-code', @code))"/>
      <xsl:if test="$n &gt; 10">
        <tr class="fold">
          <td colspan="{$cols}">
            <xsl:value-of select="$n - 5"/> more <code><xsl:value-of select="@code"/></code>
            findings not shown: <code>ismc check --code <xsl:value-of select="@code"/> --all</code> lists them
          </td>
        </tr>
      </xsl:if>
    </xsl:for-each>
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

  <!-- " on <time> (build time)" or "; time stamp of the commit" -->
  <xsl:template name="built-when">
    <xsl:choose>
      <xsl:when test="$pack/@generated-from = 'source-date-epoch'">
        <xsl:value-of select="concat(' on ', $pack/@generated)"/>
      </xsl:when>
      <xsl:when test="$pack/@generated">
        <xsl:value-of select="concat('; build time not recorded (the time stamp ', $pack/@generated, ' is the commit&#8217;s)')"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- When the pack's dates and its files are of different days: built with
       the option at (the commit of the as-of date), or judged as of a day before its
       commit (docs/git.md). Empty otherwise. -->
  <xsl:template name="point-in-time">
    <xsl:choose>
      <xsl:when test="$prov/@at = 'true'">
        <xsl:text>The ISMS as it was on </xsl:text><xsl:value-of select="$as-of"/>
        <xsl:text>: the last commit of that day or before (</xsl:text>
        <xsl:value-of select="$prov/@commit-date"/>
        <xsl:text>), its dates judged as of the same day.</xsl:text>
      </xsl:when>
      <xsl:when test="$prov/@as-of-before-commit = 'true'">
        <xsl:text>Dates are judged as of </xsl:text><xsl:value-of select="$as-of"/>
        <xsl:text>, but the documents and registers are those of a later commit, of </xsl:text>
        <xsl:value-of select="$prov/@commit-date"/>
        <xsl:text>: this is not the ISMS as it was on </xsl:text><xsl:value-of select="$as-of"/>
        <xsl:text> (ismc build --at builds that).</xsl:text>
      </xsl:when>
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

  <!-- The page around its content. The content is either the result tree
       fragment `content`, copied into <main>, or, with content-mode true(),
       what the context node's templates in mode "page" write, built straight
       into <main>: the shipped pages use that, since a fragment is held twice
       (itself and its copy), which for the asset inventory of 10,000
       documents is hundreds of megabytes (docs/output.md). -->
  <xsl:template name="page">
    <xsl:param name="title"/>
    <xsl:param name="content"/>
    <xsl:param name="content-mode" select="false()"/>
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
              <xsl:call-template name="nav-item"><xsl:with-param name="name" select="'operating'"/><xsl:with-param name="href" select="'operating.html'"/><xsl:with-param name="text" select="'Operation'"/></xsl:call-template>
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
          <xsl:choose>
            <xsl:when test="$content-mode"><xsl:apply-templates select="." mode="page"/></xsl:when>
            <xsl:otherwise><xsl:copy-of select="$content"/></xsl:otherwise>
          </xsl:choose>
        </main>
        <footer class="site-footer">
          <p>
            <strong><xsl:value-of select="$org"/></strong>
            <xsl:value-of select="concat(' · Information security management system, ', $standard, ' · as of ')"/>
            <xsl:value-of select="$as-of"/>
            <xsl:choose>
              <!-- a document's page is its document's: it names no commit
                   or build time, so that it changes only with what it
                   shows (a rebuild takes it unchanged, docs/output.md) -->
              <xsl:when test="$page = 'document'">
                <xsl:text> · the commit and time of the build are on the </xsl:text>
                <a href="{$root}index.html">dashboard</a>
              </xsl:when>
              <xsl:otherwise>
                <xsl:text> · built from </xsl:text>
                <xsl:call-template name="source-line"/>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$draft"><xsl:text> · </xsl:text><strong class="draft-mark">DRAFT</strong></xsl:if>
          </p>
          <p class="fine">
            <xsl:value-of select="$brand-footer"/>
            <xsl:text> Generated by ismc </xsl:text><xsl:value-of select="$prov/@tool-version"/>
            <xsl:if test="$page != 'document'"><xsl:call-template name="built-when"/></xsl:if>
            <xsl:text>.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
