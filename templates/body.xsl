<?xml version="1.0" encoding="UTF-8"?>
<!--
  body.xsl: a document body (the pack's own elements, schemas/ismc.rng) into
  HTML. Mode "body" for blocks, "inline" for text-level content.

  The XML carries no raw HTML from the Markdown (emit_body.c drops it); here
  every piece of text leaves as an escaped text node, and every address is
  rebuilt:
  - ref (a bracketed id) links to the record's page or row (common.xsl href);
  - link kind=document and kind=anchor link to the page (and the heading, when
    it exists); kind=external keeps its href only for http, https, mailto;
  - link kind=file (a file of the ISMS that is not a document) is shown as its
    text followed by the path: files are not copied into the pack;
  - link kind=removed (an unsafe or broken address) is its text alone;
  - images are never loaded from elsewhere: an external image becomes a link
    to it, a local one its alternative text and path.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:ismc="urn:ismc:xslt:1"
  extension-element-prefixes="ismc"
  exclude-result-prefixes="p ismc">

  <!-- the id of an anchor `frag` of the current document in the output -->
  <xsl:template name="anchor-id">
    <xsl:param name="frag"/>
    <xsl:param name="doc-id" select="ancestor-or-self::p:document/@id"/>
    <xsl:choose>
      <xsl:when test="$mode = 'print'"><xsl:value-of select="concat('doc-', $doc-id, '.', $frag)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$frag"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Footnotes: cmark-gfm numbers references 1, 2, ... in the order of the
       definitions, so the n-th footnote of a document is number n. Ids hold
       an upper-case letter, which heading anchors never do. -->
  <xsl:template name="footnote-id">
    <xsl:param name="n"/>
    <xsl:call-template name="anchor-id">
      <xsl:with-param name="frag" select="concat('Fn-', $n)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- is `u` an address a reader may follow? (http, https, mailto) -->
  <xsl:template name="safe-url">
    <xsl:param name="u"/>
    <xsl:variable name="l" select="translate(substring($u, 1, 8), $upper, $lower)"/>
    <xsl:if test="starts-with($l, 'https://') or starts-with($l, 'http://') or starts-with($l, 'mailto:')">1</xsl:if>
  </xsl:template>

  <!-- ==== blocks ==== -->

  <!-- On the site, ismc renders the body itself (compiler/body_html.c),
       the same bytes as the templates below, when none of them (nor the
       variables they read) is replaced by a template of one's own: a
       document page's body is most of its rendering (docs/output.md,
       "Rendered by ismc"). Otherwise, and in print, the templates. -->
  <xsl:template match="p:body" mode="body">
    <xsl:choose>
      <xsl:when test="function-available('ismc:native-body')
                      and ismc:native-body($mode, $heading-base, $upper, $lower)">
        <ismc:body root="{$root}" heading-base="{$heading-base}"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="body"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="p:section" mode="body">
    <section>
      <!-- in print, a section holding a table of many columns is set on
           landscape pages, its heading with its table -->
      <xsl:if test="$mode = 'print' and p:table[count(p:row[1]/p:cell) &gt;= $print-wide-columns]">
        <xsl:attribute name="class">wide</xsl:attribute>
      </xsl:if>
      <xsl:attribute name="id">
        <xsl:call-template name="anchor-id"><xsl:with-param name="frag" select="@id"/></xsl:call-template>
      </xsl:attribute>
      <xsl:apply-templates mode="body"/>
    </section>
  </xsl:template>

  <!-- Is this section the document's own title (a first `#` heading that
       repeats the title)? The page shows the title already, so that heading
       is skipped, and the headings under it move up a level. -->
  <xsl:template match="p:section" mode="is-title">
    <xsl:if test="@level = 1 and p:heading[1][not(preceding-sibling::*)]
                  and normalize-space(p:heading[1]) = normalize-space(ancestor::p:document/@title)">1</xsl:if>
  </xsl:template>

  <!-- A heading's level in the output: one below the document's title
       ($heading-base: h1 on a page, h2 in print) for each enclosing section
       that shows its heading. `##` under the title is h2 on the page; a skip
       in the Markdown (`##` then `####`) does not skip a level here, so the
       outline stays navigable (WCAG 1.3.1, axe heading-order). A heading
       inside a list or quote sits one below its section. -->
  <xsl:template match="p:heading" mode="body">
    <!-- a heading at the top level opens its section; one in a list or a
         quote stands alone -->
    <xsl:variable name="own" select="boolean(parent::p:section)"/>
    <xsl:variable name="skip">
      <xsl:if test="$own"><xsl:apply-templates select=".." mode="is-title"/></xsl:if>
    </xsl:variable>
    <xsl:if test="$skip != '1'">
      <xsl:variable name="titled">
        <xsl:for-each select="ancestor::p:section">
          <xsl:apply-templates select="." mode="is-title"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="rank" select="count(ancestor::p:section) - string-length($titled) + number(not($own))"/>
      <xsl:variable name="lv" select="$heading-base + $rank"/>
      <xsl:variable name="n">
        <xsl:choose>
          <xsl:when test="$lv &gt; 6">6</xsl:when>
          <xsl:otherwise><xsl:value-of select="$lv"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:element name="h{$n}">
        <xsl:if test="@id">
          <xsl:attribute name="id">
            <xsl:call-template name="anchor-id"><xsl:with-param name="frag" select="@id"/></xsl:call-template>
          </xsl:attribute>
        </xsl:if>
        <xsl:apply-templates mode="inline"/>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <xsl:template match="p:p" mode="body">
    <p>
      <xsl:if test="parent::p:item[@task] and not(preceding-sibling::*)">
        <xsl:apply-templates select=".." mode="task-box"/>
      </xsl:if>
      <xsl:apply-templates mode="inline"/>
    </p>
  </xsl:template>

  <xsl:template match="p:item" mode="task-box">
    <span class="task task-{@task}">
      <xsl:choose>
        <xsl:when test="@task = 'done'"><xsl:attribute name="title">done</xsl:attribute>&#x2611;</xsl:when>
        <xsl:otherwise><xsl:attribute name="title">open</xsl:attribute>&#x2610;</xsl:otherwise>
      </xsl:choose>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="p:blockquote" mode="body">
    <blockquote><xsl:apply-templates mode="body"/></blockquote>
  </xsl:template>

  <xsl:template match="p:list" mode="body">
    <xsl:variable name="cls">
      <xsl:if test="@tight = 'true'">tight</xsl:if>
      <xsl:if test="p:item/@task"> tasks</xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="@type = 'ordered'">
        <ol>
          <xsl:if test="@start and @start != 1"><xsl:attribute name="start"><xsl:value-of select="number(@start)"/></xsl:attribute></xsl:if>
          <xsl:if test="normalize-space($cls)"><xsl:attribute name="class"><xsl:value-of select="normalize-space($cls)"/></xsl:attribute></xsl:if>
          <xsl:apply-templates mode="body"/>
        </ol>
      </xsl:when>
      <xsl:otherwise>
        <ul>
          <xsl:if test="normalize-space($cls)"><xsl:attribute name="class"><xsl:value-of select="normalize-space($cls)"/></xsl:attribute></xsl:if>
          <xsl:apply-templates mode="body"/>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="p:item" mode="body">
    <li>
      <xsl:if test="@task and not(p:p[1][not(preceding-sibling::*)])">
        <xsl:apply-templates select="." mode="task-box"/>
      </xsl:if>
      <xsl:apply-templates mode="body"/>
    </li>
  </xsl:template>

  <!-- a code block keeps its lines and scrolls sideways: a named region
       the keyboard can reach, as a table's box is -->
  <!-- a fenced mermaid block is a diagram the pack does not draw (no
       scripts): its source is shown under a caption that says so, not as
       code of the document -->
  <xsl:template match="p:code-block[translate(@lang, 'MERAID', 'meraid') = 'mermaid']" mode="body">
    <figure class="diagram-source">
      <figcaption>Diagram (Mermaid source, not drawn in the pack)</figcaption>
      <pre>
        <xsl:call-template name="scroll-region">
          <xsl:with-param name="label">Diagram source (Mermaid)</xsl:with-param>
        </xsl:call-template>
        <code class="lang-mermaid"><xsl:value-of select="."/></code>
      </pre>
    </figure>
  </xsl:template>

  <xsl:template match="p:code-block" mode="body">
    <pre>
      <xsl:call-template name="scroll-region">
        <xsl:with-param name="label">
          <xsl:text>Code</xsl:text>
          <xsl:if test="@lang"><xsl:value-of select="concat(' (', @lang, ')')"/></xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <code>
        <xsl:if test="@lang"><xsl:attribute name="class">lang-<xsl:value-of select="translate(@lang, ' &quot;&lt;&gt;', '')"/></xsl:attribute></xsl:if>
        <xsl:value-of select="."/>
      </code>
    </pre>
  </xsl:template>

  <xsl:template match="p:hr" mode="body"><hr/></xsl:template>

  <!-- A Markdown table. Its box scrolls sideways on a narrow screen, so it
       is a named, focusable region (common.xsl scroll-region), named after
       its place: "Table 2: Roles" (the second table of the document, in the
       section "Roles"). A header row with no text at all is the Markdown way
       to write a table without a header (`| | |`): it is left out. When the
       header row starts with an empty cell (no header row, or a matrix with
       an empty corner) the first column names the rows: its cells are row
       headers. An empty header cell is a td, never an empty th. -->
  <xsl:template match="p:table" mode="body">
    <xsl:variable name="head" select="p:row[@header]"/>
    <xsl:variable name="headless" select="boolean($head) and not($head/p:cell[normalize-space(.) != '' or *])"/>
    <xsl:variable name="keyed" select="boolean($head/p:cell[1][normalize-space(.) = '' and not(*)])"/>
    <!-- the table's number in its document: xsl:number walks back to the
         body only, where counting preceding::p:table would walk the pack -->
    <xsl:variable name="n"><xsl:number level="any" count="p:table" from="p:body"/></xsl:variable>
    <xsl:variable name="where" select="normalize-space(ancestor::p:section[1]/p:heading[1])"/>
    <xsl:variable name="ncols" select="count(p:row[1]/p:cell)"/>
    <div class="table-wrap">
      <!-- in print, a table of many columns gets a landscape page of its own
           (with its section, when it has one) -->
      <xsl:if test="$mode = 'print' and $ncols &gt;= $print-wide-columns and not(parent::p:section)">
        <xsl:attribute name="class">table-wrap wide</xsl:attribute>
      </xsl:if>
      <xsl:call-template name="scroll-region">
        <xsl:with-param name="label">
          <xsl:value-of select="concat('Table ', $n)"/>
          <xsl:if test="$where != ''"><xsl:value-of select="concat(': ', $where)"/></xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <table class="md">
        <xsl:if test="$keyed"><xsl:attribute name="class">md keyed</xsl:attribute></xsl:if>
        <xsl:if test="$mode = 'print'"><xsl:call-template name="print-columns"/></xsl:if>
        <xsl:if test="$head and not($headless)">
          <thead><xsl:apply-templates select="$head" mode="body"/></thead>
        </xsl:if>
        <tbody>
          <xsl:apply-templates select="p:row[not(@header)]" mode="body">
            <xsl:with-param name="keyed" select="$keyed"/>
          </xsl:apply-templates>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- Paper does not scroll: in print a table has a fixed layout that fits
       the page, and words wrap inside their cells (print.css), so no column
       is cut off. A column whose longest text is short (an id, a date, a
       name) gets that text's width, so it stays on one line; the others
       share what is left (context: p:table). -->
  <xsl:template name="print-columns">
    <xsl:variable name="table" select="."/>
    <xsl:attribute name="style">table-layout: fixed</xsl:attribute>
    <colgroup>
      <xsl:for-each select="p:row[1]/p:cell">
        <xsl:variable name="j" select="position()"/>
        <xsl:variable name="longest">
          <xsl:for-each select="$table/p:row/p:cell[$j]">
            <xsl:sort select="string-length(normalize-space(.))" data-type="number" order="descending"/>
            <xsl:if test="position() = 1"><xsl:value-of select="string-length(normalize-space(.))"/></xsl:if>
          </xsl:for-each>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="number($longest) &lt;= $print-short-column">
            <col style="width: {number($longest) + 3}ch"/>
          </xsl:when>
          <xsl:otherwise><col/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </colgroup>
  </xsl:template>

  <xsl:template match="p:row" mode="body">
    <xsl:param name="keyed" select="false()"/>
    <tr>
      <xsl:apply-templates select="p:cell" mode="body">
        <xsl:with-param name="keyed" select="$keyed"/>
      </xsl:apply-templates>
    </tr>
  </xsl:template>

  <xsl:template match="p:cell" mode="body">
    <xsl:param name="keyed" select="false()"/>
    <xsl:variable name="blank" select="normalize-space(.) = '' and not(*)"/>
    <xsl:choose>
      <xsl:when test="../@header and not($blank)">
        <th scope="col">
          <xsl:if test="@align"><xsl:attribute name="class">al-<xsl:value-of select="@align"/></xsl:attribute></xsl:if>
          <xsl:apply-templates mode="inline"/>
        </th>
      </xsl:when>
      <xsl:when test="$keyed and not(preceding-sibling::p:cell) and not($blank)">
        <th scope="row">
          <xsl:if test="@align"><xsl:attribute name="class">al-<xsl:value-of select="@align"/></xsl:attribute></xsl:if>
          <xsl:apply-templates mode="inline"/>
        </th>
      </xsl:when>
      <xsl:otherwise>
        <td>
          <xsl:if test="@align"><xsl:attribute name="class">al-<xsl:value-of select="@align"/></xsl:attribute></xsl:if>
          <xsl:apply-templates mode="inline"/>
        </td>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="p:footnote" mode="body">
    <!-- the emitter numbers notes as their references do (docs/xml.md) -->
    <xsl:variable name="n" select="number(@label)"/>
    <div class="footnote">
      <xsl:attribute name="id">
        <xsl:call-template name="footnote-id"><xsl:with-param name="n" select="$n"/></xsl:call-template>
      </xsl:attribute>
      <span class="fn-label"><xsl:value-of select="$n"/></span>
      <div class="fn-text"><xsl:apply-templates mode="body"/></div>
    </div>
  </xsl:template>

  <!-- ==== inline ==== -->

  <xsl:template match="p:em" mode="inline"><em><xsl:apply-templates mode="inline"/></em></xsl:template>
  <xsl:template match="p:strong" mode="inline"><strong><xsl:apply-templates mode="inline"/></strong></xsl:template>
  <xsl:template match="p:del" mode="inline"><del><xsl:apply-templates mode="inline"/></del></xsl:template>
  <xsl:template match="p:code" mode="inline"><code><xsl:value-of select="."/></code></xsl:template>
  <xsl:template match="p:br" mode="inline"><br/></xsl:template>

  <!-- [POL-003] in running text: the id, linked -->
  <xsl:template match="p:ref" mode="inline">
    <xsl:call-template name="record-link">
      <xsl:with-param name="kind" select="@kind"/>
      <xsl:with-param name="tooltip" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- a link cannot hold a link: a reference inside link text is text -->
  <xsl:template match="p:link//p:ref" mode="inline">
    <span class="rid"><xsl:value-of select="@id"/></span>
  </xsl:template>

  <!-- The address of a link is worked out by its kind and handed to
       link-out as a string: a fragment of it built as a variable cost more
       than the rest of the link. -->
  <xsl:template match="p:link" mode="inline">
    <xsl:choose>
      <xsl:when test="@kind = 'document'">
        <xsl:call-template name="link-out">
          <xsl:with-param name="href" select="ismc:href('document', @target, string(@fragment), $mode, $root)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@kind = 'external'">
        <xsl:variable name="safe"><xsl:call-template name="safe-url"><xsl:with-param name="u" select="@href"/></xsl:call-template></xsl:variable>
        <xsl:call-template name="link-out">
          <xsl:with-param name="href" select="string(@href[$safe = '1'])"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@kind = 'anchor' and @fragment
                      and key('anchor', concat(ancestor::p:document/@id, '#', @fragment))">
        <xsl:call-template name="link-out">
          <xsl:with-param name="href">
            <xsl:text>#</xsl:text>
            <xsl:call-template name="anchor-id"><xsl:with-param name="frag" select="@fragment"/></xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="link-out"><xsl:with-param name="href" select="''"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A link (context: p:link) to `href`, or its text when that is ''. -->
  <xsl:template name="link-out">
    <xsl:param name="href"/>
    <xsl:choose>
      <xsl:when test="string($href) != ''">
        <a href="{$href}" class="link-{@kind}">
          <xsl:choose>
            <xsl:when test="@title"><xsl:attribute name="title"><xsl:value-of select="@title"/></xsl:attribute></xsl:when>
            <xsl:when test="@kind = 'document'"><xsl:attribute name="title"><xsl:value-of select="concat(@target, ' ', ismc:title('document', @target))"/></xsl:attribute></xsl:when>
          </xsl:choose>
          <xsl:if test="@kind = 'external'"><xsl:attribute name="rel">noopener noreferrer</xsl:attribute></xsl:if>
          <xsl:apply-templates mode="inline"/>
          <!-- a link without text ([](...)) would be a link without a name:
               it shows where it goes -->
          <xsl:if test="normalize-space(.) = '' and not(.//p:image)">
            <xsl:choose>
              <xsl:when test="@kind = 'external'"><xsl:value-of select="@href"/></xsl:when>
              <xsl:when test="@kind = 'document'"><xsl:value-of select="@target"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$href"/></xsl:otherwise>
            </xsl:choose>
          </xsl:if>
        </a>
      </xsl:when>
      <xsl:when test="@kind = 'file'">
        <span class="link-file" title="{@path}">
          <xsl:apply-templates mode="inline"/>
          <xsl:if test="normalize-space(.) != @path">
            <xsl:text> </xsl:text><span class="path">(<code><xsl:value-of select="@path"/></code>)</span>
          </xsl:if>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span class="link-{@kind}"><xsl:apply-templates mode="inline"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a badge (a link whose one content is an image, as shields.io's are):
       a label, shown as its alt text -->
  <xsl:template match="p:image[parent::p:link and count(../node()) = 1]" mode="inline" priority="2">
    <span class="badge-alt">
      <xsl:choose>
        <xsl:when test="normalize-space(@alt) != ''"><xsl:value-of select="@alt"/></xsl:when>
        <xsl:otherwise>badge</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="p:image" mode="inline">
    <xsl:variable name="safe"><xsl:call-template name="safe-url"><xsl:with-param name="u" select="@src"/></xsl:call-template></xsl:variable>
    <xsl:variable name="text" select="concat('[image: ', @alt, ']')"/>
    <xsl:choose>
      <xsl:when test="@kind = 'external' and $safe = '1' and not(ancestor::p:link)">
        <a class="image-link" href="{@src}" rel="noopener noreferrer"><xsl:value-of select="$text"/></a>
      </xsl:when>
      <xsl:when test="@path">
        <span class="image-file" title="{@path}"><xsl:value-of select="$text"/>
          <xsl:text> </xsl:text><span class="path">(<code><xsl:value-of select="@path"/></code>)</span></span>
      </xsl:when>
      <xsl:otherwise><span class="image-removed"><xsl:value-of select="$text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a {#id} or raw HTML's id: a target for links, nothing to see -->
  <xsl:template match="p:anchor" mode="body">
    <span>
      <xsl:attribute name="id">
        <xsl:call-template name="anchor-id"><xsl:with-param name="frag" select="@id"/></xsl:call-template>
      </xsl:attribute>
    </span>
  </xsl:template>
  <xsl:template match="p:anchor" mode="inline">
    <xsl:apply-templates select="." mode="body"/>
  </xsl:template>

  <xsl:template match="p:footnote-ref" mode="inline">
    <xsl:variable name="n" select="number(@label)"/>
    <xsl:variable name="doc" select="ancestor::p:document"/>
    <sup class="fnref">
      <xsl:choose>
        <xsl:when test="$n &gt;= 1 and count($doc/p:body//p:footnote) &gt;= $n and not(ancestor::p:link)">
          <a>
            <xsl:attribute name="href">
              <xsl:text>#</xsl:text>
              <xsl:call-template name="footnote-id"><xsl:with-param name="n" select="$n"/></xsl:call-template>
            </xsl:attribute>
            <xsl:value-of select="$n"/>
          </a>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="@label"/></xsl:otherwise>
      </xsl:choose>
    </sup>
  </xsl:template>

</xsl:stylesheet>
