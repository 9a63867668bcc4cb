<?xml version="1.0" encoding="UTF-8"?>
<!--
  print.xsl: the whole pack as one HTML document for paged media, which
  WeasyPrint renders into pack.pdf (print.css sets pages, running headers,
  page numbers and the table of contents' page references):
    cover (organisation, scope, the SoA's identity, and three dates told
    apart: the as-of date, the commit's date and the build's time, and
    whether its dates and files are of one day), contents, findings (a
    draft only), Statement of Applicability, clause coverage, document
    register (with the registers under document control and the people),
    risk register, asset inventory, operating the ISMS (what falls due,
    activities, nonconformities, suppliers), then every approved document
    with how git proves its approval and its revisions.
  Links point at anchors inside this one document (doc-ID, soa-A.5.1,
  risk-R-001, ...): common.xsl builds them when $mode is 'print'.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="mode" select="'print'"/>
  <!-- parts are h1, a document's title h2 -->
  <xsl:variable name="heading-base" select="2"/>

  <xsl:variable name="C" select="$pack/p:soa/p:control"/>
  <xsl:variable name="scope-doc" select="key('doc', $pack/@scope)[1]"/>
  <xsl:variable name="soa-doc" select="$pack/p:soa/p:register-document"/>
  <xsl:variable name="approvals" select="$pack/p:documents/p:document/p:approval | $pack/p:register-documents/p:register-document/p:approval"/>

  <!-- the documents printed in full: approved, in register order -->
  <xsl:template name="printed-docs">
    <xsl:param name="type"/>
    <xsl:for-each select="$pack/p:documents/p:document[@status = 'approved' and @type = $type]">
      <xsl:sort select="@id"/>
      <xsl:variable name="ok">
        <xsl:call-template name="doc-has-page"><xsl:with-param name="id" select="@id"/></xsl:call-template>
      </xsl:variable>
      <xsl:if test="$ok = '1' and generate-id(key('doc', @id)[1]) = generate-id(.)">
        <xsl:apply-templates select="." mode="print"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="toc-docs">
    <xsl:param name="type"/>
    <xsl:variable name="set" select="$pack/p:documents/p:document[@status = 'approved' and @type = $type]"/>
    <xsl:if test="$set">
      <li class="toc-group">
        <span class="toc-group-name"><xsl:call-template name="type-name"><xsl:with-param name="type" select="$type"/></xsl:call-template></span>
        <ol>
          <xsl:for-each select="$set">
            <xsl:sort select="@id"/>
            <xsl:variable name="ok">
              <xsl:call-template name="doc-has-page"><xsl:with-param name="id" select="@id"/></xsl:call-template>
            </xsl:variable>
            <xsl:if test="$ok = '1' and generate-id(key('doc', @id)[1]) = generate-id(.)">
              <li><a href="#doc-{@id}"><span class="toc-id"><xsl:value-of select="@id"/></span><xsl:text> </xsl:text><xsl:value-of select="@title"/></a></li>
            </xsl:if>
          </xsl:for-each>
        </ol>
      </li>
    </xsl:if>
  </xsl:template>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="concat($org, ' — ', $brand-cover-title)"/></title>
        <meta name="author" content="{$org}"/>
        <meta name="description" content="{$brand-cover-subtitle}"/>
        <meta name="generator" content="ismc {$prov/@tool-version}"/>
        <xsl:if test="$pack/@generated">
          <meta name="dcterms.created" content="{$pack/@generated}"/>
        </xsl:if>
        <link rel="stylesheet" href="assets/theme.css"/>
        <link rel="stylesheet" href="assets/print.css"/>
      </head>
      <!-- the header's organisation and the footer's marking, for every page
           (print.css): a pack rendered in parts has its cover in the first
           part only -->
      <body data-org="{$org}" data-marking="{$brand-marking}">
        <xsl:if test="$draft">
          <xsl:attribute name="class">is-draft</xsl:attribute>
          <div class="watermark" aria-hidden="true">DRAFT</div>
        </xsl:if>

        <section class="cover">
          <div class="cover-band">
            <xsl:if test="$logo != ''"><img class="logo" src="assets/{$logo}" alt=""/></xsl:if>
            <p class="cover-org"><xsl:value-of select="$org"/></p>
          </div>
          <div class="cover-main">
            <p class="cover-standard"><xsl:value-of select="$standard"/></p>
            <h1 class="cover-title"><xsl:value-of select="$brand-cover-title"/></h1>
            <p class="cover-subtitle"><xsl:value-of select="$brand-cover-subtitle"/></p>
            <xsl:if test="$draft">
              <p class="cover-draft">DRAFT — the ISMS does not pass its checks; this pack is a gap analysis, not audit evidence.</p>
            </xsl:if>
            <table class="cover-facts">
              <tbody>
              <tr><th scope="row">Organisation</th><td><xsl:value-of select="$org"/></td></tr>
              <tr><th scope="row">Scope</th>
              <td>
                <xsl:choose>
                  <xsl:when test="$scope-doc">
                    <xsl:value-of select="$scope-doc/@title"/>
                    <xsl:value-of select="concat(' (', $scope-doc/@id, ', version ', $scope-doc/@version, ')')"/>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="$pack/@scope"/></xsl:otherwise>
                </xsl:choose>
              </td></tr>
              <tr><th scope="row">Statement of Applicability</th>
              <td>
                <xsl:choose>
                  <xsl:when test="$soa-doc">
                    <xsl:value-of select="concat($soa-doc/@id, ', version ', $soa-doc/@version)"/>
                    <xsl:if test="$soa-doc/@approved-on">
                      <xsl:value-of select="concat(', approved ', $soa-doc/@approved-on, ' by ', $soa-doc/@approved-by)"/>
                    </xsl:if>
                    <xsl:apply-templates select="$soa-doc/p:approval" mode="cover-proof"/>
                  </xsl:when>
                  <xsl:otherwise>derived from the controls register, which has no document identity</xsl:otherwise>
                </xsl:choose>
              </td></tr>
              <tr><th scope="row">Status as of</th>
              <td><xsl:value-of select="$as-of"/><br/><span class="fine">the date the ISMS is judged on: reviews due, records within the audit period</span></td></tr>
              <tr><th scope="row">Source commit</th>
              <td>
                <xsl:choose>
                  <xsl:when test="$prov/@commit">
                    <code><xsl:value-of select="$prov/@commit"/></code>
                    <xsl:if test="$prov/@dirty = 'true'"> with uncommitted changes</xsl:if>
                    <xsl:if test="$prov/@commit-time"><br/><span class="fine">committed on <xsl:value-of select="concat(substring($prov/@commit-time, 1, 10), ' at ', substring($prov/@commit-time, 12, 5), ' UTC')"/></span></xsl:if>
                  </xsl:when>
                  <xsl:otherwise>none: built from a working folder outside git</xsl:otherwise>
                </xsl:choose>
              </td></tr>
              <tr><th scope="row">Pack built</th>
              <td>
                <xsl:choose>
                  <xsl:when test="$pack/@generated-from = 'source-date-epoch'">
                    <xsl:value-of select="concat(substring($pack/@generated, 1, 10), ' at ', substring($pack/@generated, 12, 5), ' UTC')"/>
                    <br/><span class="fine">from SOURCE_DATE_EPOCH</span>
                  </xsl:when>
                  <xsl:when test="$pack/@generated-from = 'commit'">
                    <xsl:text>time not recorded</xsl:text>
                    <br/><span class="fine">the pack&#8217;s time stamp is the source commit&#8217;s, so the same commit builds the same pack; SOURCE_DATE_EPOCH records the build&#8217;s time</span>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:text>time not recorded</xsl:text>
                    <br/><span class="fine">SOURCE_DATE_EPOCH records the build&#8217;s time</span>
                  </xsl:otherwise>
                </xsl:choose>
              </td></tr>
              <xsl:if test="$approvals">
                <tr><th scope="row">Approvals</th>
                <td>
                  <xsl:value-of select="concat(count($approvals[@state = 'proven']), ' of ', count($approvals), ' proven from git: ',
                                        count($approvals[@state = 'proven' and @method = 'signature']), ' by signature, ',
                                        count($approvals[@state = 'proven' and @method = 'trailer']), ' by Approved-by trailer, ',
                                        count($approvals[@state = 'proven' and @method = 'author']), ' by the approver&#8217;s commit')"/>
                </td></tr>
              </xsl:if>
              <tr><th scope="row">Contents</th>
              <td>
                <xsl:value-of select="concat(count($C), ' ', $control-set, ' controls, ',
                                      count($pack/p:coverage/p:clause[@leaf = 'true']), ' clauses, ',
                                      count($pack/p:documents/p:document), ' documents (',
                                      count($pack/p:documents/p:document[@status = 'approved']), ' approved, printed in full), ',
                                      count($pack/p:risks/p:risk), ' risks, ',
                                      count($pack/p:assets/p:asset), ' assets')"/>
              </td></tr>
              <tr><th scope="row">Generated by</th><td>ismc <xsl:value-of select="$prov/@tool-version"/></td></tr>
              </tbody>
            </table>
            <xsl:variable name="pit"><xsl:call-template name="point-in-time"/></xsl:variable>
            <xsl:if test="string($pit) != ''"><p class="cover-pit"><xsl:value-of select="$pit"/></p></xsl:if>
            <p class="cover-note"><xsl:value-of select="$brand-cover-note"/></p>
          </div>
          <p class="cover-marking"><xsl:value-of select="$brand-marking"/></p>
        </section>

        <nav class="toc" id="contents">
          <h1 class="runhead">Contents</h1>
          <ol>
            <xsl:if test="$draft"><li><a href="#findings">Findings of the checks</a></li></xsl:if>
            <li><a href="#soa">Statement of Applicability</a></li>
            <li><a href="#coverage">Clause coverage</a></li>
            <li><a href="#register">Document register</a></li>
            <xsl:if test="$pack/p:register-documents/p:register-document or $pack/p:people/p:person">
              <li><a href="#controlled-registers">Registers and people</a></li>
            </xsl:if>
            <li><a href="#risks">Risk register</a></li>
            <li><a href="#assets">Asset inventory</a></li>
            <li><a href="#operating">Operating the ISMS</a></li>
            <xsl:if test="$pack/p:frameworks"><li><a href="#frameworks">Framework coverage</a></li></xsl:if>
            <li>
              <a href="#documents">Documents</a>
              <ol>
                <xsl:call-template name="toc-docs"><xsl:with-param name="type" select="'policy'"/></xsl:call-template>
                <xsl:call-template name="toc-docs"><xsl:with-param name="type" select="'standard'"/></xsl:call-template>
                <xsl:call-template name="toc-docs"><xsl:with-param name="type" select="'procedure'"/></xsl:call-template>
                <xsl:call-template name="toc-docs"><xsl:with-param name="type" select="'plan'"/></xsl:call-template>
                <xsl:call-template name="toc-docs"><xsl:with-param name="type" select="'guideline'"/></xsl:call-template>
                <xsl:call-template name="toc-docs"><xsl:with-param name="type" select="'record'"/></xsl:call-template>
              </ol>
            </li>
          </ol>
        </nav>

        <xsl:if test="$draft">
          <section class="part" id="findings">
            <h1 class="runhead">Findings of the checks</h1>
            <table class="data">
              <caption>Diagnostics of <code>ismc check</code> as of <xsl:value-of select="$as-of"/></caption>
              <thead><tr><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Finding</th><th scope="col">Code</th></tr></thead>
              <tbody>
                <xsl:for-each select="$pack/p:diagnostics/p:diagnostic">
                  <xsl:variable name="shown"><xsl:call-template name="diag-shown"/></xsl:variable>
                  <xsl:if test="$shown = '1'">
                    <tr>
                      <td><xsl:value-of select="@severity"/></td>
                      <td><xsl:if test="@file"><code><xsl:value-of select="concat(@file, ':', @line, ':', @column)"/></code></xsl:if></td>
                      <td><xsl:value-of select="."/></td>
                      <td><code><xsl:value-of select="@code"/></code></td>
                    </tr>
                  </xsl:if>
                </xsl:for-each>
                <xsl:call-template name="diag-folds"><xsl:with-param name="diags" select="$pack/p:diagnostics/p:diagnostic"/></xsl:call-template>
              </tbody>
            </table>
          </section>
        </xsl:if>

        <section class="part wide" id="soa">
          <h1 class="runhead">Statement of Applicability</h1>
          <p class="lede">
            <xsl:value-of select="concat($standard, ' ', $control-set, ', ', count($C), ' controls: ',
                                  count($C[@applicable = 'true']), ' applicable, ',
                                  count($C[@applicable = 'false']), ' not applicable; ',
                                  count($C[@status = 'implemented' and @applicable = 'true']), ' of the applicable controls implemented.')"/>
          </p>
          <xsl:call-template name="soa-identity"/>
          <xsl:for-each select="$C[not(@theme = preceding-sibling::p:control[1]/@theme)]">
            <xsl:variable name="t" select="string(@theme)"/>
            <table class="data soa">
              <caption>
                <xsl:call-template name="theme-name"><xsl:with-param name="theme" select="$t"/></xsl:call-template>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Control</th>
                  <th scope="col">Applicable</th>
                  <th scope="col">Status</th>
                  <th scope="col">Justification</th>
                  <th scope="col">Implemented by</th>
                  <th scope="col">Evidence</th>
                  <th scope="col">Risks</th>
                </tr>
              </thead>
              <tbody>
                <xsl:apply-templates select="$C[@theme = $t]" mode="soa-row"/>
              </tbody>
            </table>
          </xsl:for-each>
        </section>

        <section class="part" id="coverage">
          <h1 class="runhead">Clause coverage</h1>
          <p class="lede">
            <xsl:value-of select="concat(count($pack/p:coverage/p:clause[@leaf = 'true' and @covered = 'true']), ' of ',
                                  count($pack/p:coverage/p:clause[@leaf = 'true']),
                                  ' requirements of clauses ', $clauses-span, ' are addressed by an approved document.')"/>
          </p>
          <xsl:call-template name="coverage-table"/>
        </section>

        <section class="part wide" id="register">
          <h1 class="runhead">Document register</h1>
          <xsl:call-template name="register-tables"/>
        </section>

        <xsl:if test="$pack/p:register-documents/p:register-document or $pack/p:people/p:person">
          <section class="part wide" id="controlled-registers">
            <h1 class="runhead">Registers and people</h1>
            <xsl:call-template name="regdoc-table"/>
            <xsl:call-template name="people-table"/>
          </section>
        </xsl:if>

        <section class="part wide" id="risks">
          <h1 class="runhead">Risk register</h1>
          <xsl:call-template name="heatmaps"/>
          <xsl:call-template name="risk-table"/>
        </section>

        <section class="part wide" id="assets">
          <h1 class="runhead">Asset inventory</h1>
          <xsl:call-template name="asset-table"/>
        </section>

        <section class="part wide" id="operating">
          <h1 class="runhead">Operating the ISMS</h1>
          <xsl:variable name="D" select="$pack/p:due/p:item"/>
          <p class="lede">
            <xsl:value-of select="concat('What falls due as of ', $as-of, ': ', count($D[@state = 'overdue']), ' overdue, ',
                                  count($D[@state = 'soon']), ' in the next ', $pack/p:due/@soon-days, ' days, ',
                                  count($D[@state = 'later']), ' later. Then the recurring activities and their latest records (clause 9.1), the nonconformities and their corrective actions (10.2), and the supplier register (A.5.19 to A.5.22).')"/>
          </p>
          <xsl:if test="$D">
            <xsl:call-template name="due-table">
              <xsl:with-param name="items" select="$D"/>
              <xsl:with-param name="id" select="'due'"/>
              <xsl:with-param name="caption" select="'Everything that falls due, by date'"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:if test="$pack/p:activities/p:activity">
            <h2 id="activities">Recurring activities</h2>
            <xsl:call-template name="activity-table"/>
          </xsl:if>
          <xsl:if test="$pack/p:nonconformities/p:nonconformity">
            <h2 id="nonconformities">Nonconformities and corrective actions</h2>
            <xsl:call-template name="nonconformity-table"/>
          </xsl:if>
          <xsl:if test="$pack/p:suppliers/p:supplier">
            <h2 id="suppliers">Supplier register</h2>
            <xsl:call-template name="supplier-table"/>
          </xsl:if>
        </section>
        <xsl:if test="$pack/p:frameworks">
          <section class="part wide" id="frameworks">
            <h1 class="runhead">Framework coverage</h1>
            <p class="lede">
              <xsl:value-of select="concat('How the ', $control-set, ' controls of the Statement of Applicability cover the requirements of each framework isms.yml names: covered when every control mapped onto a requirement is applicable and implemented, partial when some are, a gap when none are or when the SoA excludes one.')"/>
            </p>
            <xsl:for-each select="$pack/p:frameworks/p:framework">
              <h2 id="fw-{@id}-h">
                <xsl:value-of select="concat(@name, ': ', @covered, ' of ', @requirements, ' covered, ', @partial, ' partial, ', @gap, ' gap', substring('s', 1, @gap != 1))"/>
              </h2>
              <xsl:call-template name="framework-table"/>
            </xsl:for-each>
          </section>
        </xsl:if>

        <section class="part" id="documents">
          <h1 class="runhead">Documents</h1>
          <p class="lede">
            The approved documents of the ISMS as of <xsl:value-of select="$as-of"/>, in full, grouped by type.
            Documents in draft or review are listed in the document register only.
          </p>
          <xsl:call-template name="printed-docs"><xsl:with-param name="type" select="'policy'"/></xsl:call-template>
          <xsl:call-template name="printed-docs"><xsl:with-param name="type" select="'standard'"/></xsl:call-template>
          <xsl:call-template name="printed-docs"><xsl:with-param name="type" select="'procedure'"/></xsl:call-template>
          <xsl:call-template name="printed-docs"><xsl:with-param name="type" select="'plan'"/></xsl:call-template>
          <xsl:call-template name="printed-docs"><xsl:with-param name="type" select="'guideline'"/></xsl:call-template>
          <xsl:call-template name="printed-docs"><xsl:with-param name="type" select="'record'"/></xsl:call-template>
        </section>
      </body>
    </html>
  </xsl:template>

  <!-- the proof under the SoA's approval on the cover -->
  <xsl:template match="p:approval" mode="cover-proof">
    <br/>
    <span class="fine">
      <xsl:choose>
        <xsl:when test="@state = 'proven'">
          <xsl:value-of select="concat('proven from git: ', @method, ' of ', @approver)"/>
          <xsl:if test="@pull-request"><xsl:value-of select="concat(', pull request #', @pull-request)"/></xsl:if>
        </xsl:when>
        <xsl:otherwise>approval not proven from git</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- A document in full. Its running header (id and version) is set by its
       title, so it is printed once, in the margin; the classification is in
       its control table, and the page's one marking is the pack's, in the
       footer. -->
  <xsl:template match="p:document" mode="print">
    <article class="document" id="doc-{@id}">
      <h2 class="doc-title" data-runhead="{concat(@id, ' · version ', @version)}"><span class="doc-id"><xsl:value-of select="@id"/></span><xsl:text> </xsl:text><xsl:value-of select="@title"/></h2>
      <table class="doc-control">
        <tbody>
          <tr>
            <th scope="row">Type</th><td><xsl:call-template name="cap"><xsl:with-param name="s" select="@type"/></xsl:call-template></td>
            <th scope="row">Owner</th><td><xsl:value-of select="@owner"/></td>
          </tr>
          <tr>
            <th scope="row">Version</th><td><xsl:value-of select="@version"/></td>
            <th scope="row">Classification</th><td><xsl:call-template name="cap"><xsl:with-param name="s" select="@classification"/></xsl:call-template></td>
          </tr>
          <tr>
            <th scope="row">Approved</th><td><xsl:value-of select="@approved-on"/><xsl:if test="@approved-by"> by <xsl:value-of select="@approved-by"/></xsl:if></td>
            <th scope="row">
              <xsl:choose><xsl:when test="@date">Date of record</xsl:when><xsl:otherwise>Next review</xsl:otherwise></xsl:choose>
            </th>
            <td>
              <xsl:value-of select="@date | @next-review"/>
              <xsl:if test="@overdue = 'true'"> (overdue)</xsl:if>
            </td>
          </tr>
          <xsl:for-each select="p:approval">
            <tr>
              <th scope="row">Approval proof</th>
              <td colspan="3" class="proof-cell">
                <xsl:call-template name="print-approval"/>
              </td>
            </tr>
          </xsl:for-each>
          <tr>
            <th scope="row">Source</th>
            <td colspan="3">
              <code><xsl:value-of select="@path"/></code>
              <xsl:variable name="src" select="key('source', @path)"/>
              <xsl:if test="$src"><br/><span class="fine">SHA-256 <code><xsl:value-of select="$src/@sha256"/></code></span></xsl:if>
            </td>
          </tr>
          <xsl:if test="p:clause-ref or p:control-ref">
            <tr>
              <th scope="row">Addresses</th>
              <td colspan="3">
                <xsl:for-each select="p:clause-ref | p:control-ref">
                  <xsl:apply-templates select="." mode="link"><xsl:with-param name="labels" select="false()"/></xsl:apply-templates>
                  <xsl:if test="position() != last()">, </xsl:if>
                </xsl:for-each>
              </td>
            </tr>
          </xsl:if>
        </tbody>
      </table>
      <div class="doc-body">
        <xsl:apply-templates select="p:body" mode="body"/>
      </div>
      <xsl:if test="p:history">
        <table class="data revisions">
          <caption><xsl:value-of select="concat('Revisions of ', @id, ' (', p:history/@revisions, ' commit')"/><xsl:if test="p:history/@revisions != 1">s</xsl:if><xsl:value-of select="concat(' to ', @path, ')')"/></caption>
          <thead><tr><th scope="col">Date</th><th scope="col">Commit</th><th scope="col">Author</th><th scope="col">Change</th></tr></thead>
          <tbody>
            <xsl:for-each select="p:history/p:revision">
              <tr>
                <xsl:if test="@commit = ../../p:approval/@commit"><xsl:attribute name="class">approving</xsl:attribute></xsl:if>
                <td class="nowrap"><xsl:value-of select="substring(@date, 1, 10)"/></td>
                <td><code><xsl:value-of select="substring(@commit, 1, 12)"/></code></td>
                <td><xsl:value-of select="@author"/></td>
                <td>
                  <xsl:value-of select="."/>
                  <xsl:if test="@commit = ../../p:approval/@commit"> (the approving commit)</xsl:if>
                  <xsl:if test="@created"> (created)</xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
    </article>
  </xsl:template>

  <!-- how git proves an approval, in the document's control table -->
  <xsl:template name="print-approval">
    <xsl:choose>
      <xsl:when test="@state = 'proven'">
        <strong class="proof-proven"><xsl:value-of select="concat('Proven: ', @method)"/></strong>
        <xsl:text> </xsl:text>
        <xsl:call-template name="approval-sentence"/>
      </xsl:when>
      <xsl:otherwise>
        <strong class="proof-unproven">Not proven</strong>
        <xsl:text> </xsl:text><xsl:value-of select="."/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@commit">
      <br/>
      <span class="fine">
        <xsl:value-of select="concat('Approving commit ', substring(@commit, 1, 12), ' of ', substring(@date, 1, 10), ' by ', @author)"/>
        <xsl:if test="@merge"><xsl:value-of select="concat('; merged in ', substring(@merge, 1, 12), ' on ', substring(@merge-date, 1, 10))"/></xsl:if>
        <xsl:if test="@key"><xsl:value-of select="concat('; signature verified, key ', @key)"/></xsl:if>
      </span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
