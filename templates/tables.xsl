<?xml version="1.0" encoding="UTF-8"?>
<!--
  tables.xsl: the tables the site pages and the print document share: SoA
  rows, the clause coverage matrix, the document register, the risk register
  and the asset inventory. Row ids let every reference land on its row:
  on the site soa.html#A.5.1, risks.html#R-001, assets.html#AS-001,
  register.html#POL-001, coverage.html#clause-4.1; in print the same ids
  prefixed soa-, risk-, asset-, reg-, clause-. Only the first record of an id
  gets it (a draft pack may hold duplicates).

  Which record is the first of its id is asked of key() only when the ids
  of a table's kind are not all distinct: a pack whose ISMS passed
  duplicate-id has none twice, and the first key() of a transformation
  makes libxslt compute every key of the stylesheet over the pack, which
  cost the document register and the risk register a third of their time
  (docs/performance.md). set:distinct keeps one node of each string value,
  by a hash of the values.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:set="http://exslt.org/sets"
  xmlns:ismc="urn:ismc:xslt:1"
  extension-element-prefixes="ismc"
  exclude-result-prefixes="p set ismc">

  <!-- the id of the current record's row -->
  <xsl:template name="row-id">
    <xsl:param name="kind"/>
    <xsl:variable name="prefix">
      <xsl:choose>
        <xsl:when test="$kind = 'clause'">clause-</xsl:when>
        <xsl:when test="$mode != 'print'"/>
        <xsl:when test="$kind = 'control'">soa-</xsl:when>
        <xsl:when test="$kind = 'risk'">risk-</xsl:when>
        <xsl:when test="$kind = 'asset'">asset-</xsl:when>
        <xsl:when test="$kind = 'register'">reg-</xsl:when>
        <xsl:when test="$kind = 'activity' or $kind = 'nonconformity' or $kind = 'supplier'">op-</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="concat($prefix, @id)"/>
  </xsl:template>

  <xsl:template match="p:control" mode="soa-row">
    <tr>
      <xsl:if test="not(preceding-sibling::p:control[@id = current()/@id])">
        <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'control'"/></xsl:call-template></xsl:attribute>
      </xsl:if>
      <!-- in print, a row with a long list of risks may break across pages
           (print.css): kept whole, it would not fit one -->
      <xsl:variable name="cls"
                    select="normalize-space(concat(substring('excluded', 1, 8 * (@applicable = 'false')), ' ',
                            substring('long', 1, 4 * ($mode = 'print' and count(p:risks/p:risk-ref) &gt; 40))))"/>
      <xsl:if test="$cls != ''"><xsl:attribute name="class"><xsl:value-of select="$cls"/></xsl:attribute></xsl:if>
      <th scope="row" class="control">
        <span class="cid"><xsl:value-of select="@id"/></span>
        <span class="ctitle"><xsl:value-of select="@title"/></span>
        <xsl:if test="@owner"><span class="owner">Owner: <xsl:value-of select="@owner"/></span></xsl:if>
      </th>
      <td>
        <xsl:choose>
          <xsl:when test="@decided = 'false'"><span class="none">undecided</span></xsl:when>
          <xsl:when test="@applicable = 'true'">Yes</xsl:when>
          <xsl:otherwise>No</xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:call-template name="status-badge"/>
        <xsl:if test="@target"><span class="target">target <xsl:value-of select="@target"/></span></xsl:if>
        <xsl:if test="(@status = 'implemented' or @status = 'partial') and @implemented = 'false'">
          <span class="warn-note">no approved document implements it</span>
        </xsl:if>
        <xsl:call-template name="decision-history"/>
      </td>
      <td class="just">
        <xsl:choose>
          <xsl:when test="p:justification"><xsl:value-of select="p:justification"/></xsl:when>
          <xsl:otherwise><span class="none">—</span></xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:call-template name="link-list"><xsl:with-param name="items" select="p:implemented-by/p:doc-ref"/></xsl:call-template>
      </td>
      <td>
        <xsl:call-template name="link-list"><xsl:with-param name="items" select="p:evidence/p:doc-ref | p:evidence/p:file-ref | p:activities/p:ref"/></xsl:call-template>
        <xsl:if test="p:suppliers">
          <xsl:variable name="n" select="count(p:suppliers/p:ref)"/>
          <p class="by">
            <xsl:variable name="href">
              <xsl:choose>
                <xsl:when test="$mode = 'print'">#suppliers</xsl:when>
                <xsl:otherwise><xsl:value-of select="concat($root, 'operating.html#suppliers')"/></xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <a href="{$href}"><xsl:value-of select="concat($n, ' supplier')"/><xsl:if test="$n != 1">s</xsl:if></a>
            <xsl:text> in the supplier register</xsl:text>
          </p>
        </xsl:if>
      </td>
      <td>
        <xsl:call-template name="link-list">
          <xsl:with-param name="items" select="p:risks/p:risk-ref"/>
          <xsl:with-param name="labels" select="false()"/>
        </xsl:call-template>
      </td>
    </tr>
  </xsl:template>

  <xsl:template name="coverage-table">
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'coverage-caption'"/></xsl:call-template>
      <table class="data coverage">
        <caption id="coverage-caption">Clauses of <xsl:value-of select="$standard"/> and the documents that address them</caption>
        <thead>
          <tr>
            <th scope="col">Clause</th>
            <th scope="col">Status</th>
            <th scope="col">Addressed by</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$pack/p:coverage/p:clause">
            <xsl:if test="not(substring-before(@id, '.') = substring-before(preceding-sibling::p:clause[1]/@id, '.'))">
              <tr class="group">
                <th scope="rowgroup" colspan="3">
                  <xsl:value-of select="substring-before(@id, '.')"/>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="clause-group-name"><xsl:with-param name="n" select="substring-before(@id, '.')"/></xsl:call-template>
                </th>
              </tr>
            </xsl:if>
            <tr>
              <xsl:if test="not(preceding-sibling::p:clause[@id = current()/@id])">
                <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'clause'"/></xsl:call-template></xsl:attribute>
              </xsl:if>
              <xsl:if test="@leaf = 'false'"><xsl:attribute name="class">parent</xsl:attribute></xsl:if>
              <th scope="row" class="control">
                <span class="cid"><xsl:value-of select="@id"/></span>
                <span class="ctitle"><xsl:value-of select="@title"/></span>
              </th>
              <td>
                <xsl:choose>
                  <xsl:when test="@leaf = 'false'"><span class="none">see its parts</span></xsl:when>
                  <xsl:when test="@covered = 'true'"><xsl:call-template name="badge"><xsl:with-param name="kind" select="'cov'"/><xsl:with-param name="value" select="'yes'"/><xsl:with-param name="text" select="'Addressed'"/></xsl:call-template></xsl:when>
                  <xsl:otherwise><xsl:call-template name="badge"><xsl:with-param name="kind" select="'cov'"/><xsl:with-param name="value" select="'no'"/><xsl:with-param name="text" select="'Not addressed'"/></xsl:call-template></xsl:otherwise>
                </xsl:choose>
              </td>
              <td>
                <xsl:if test="@leaf = 'true'">
                  <xsl:call-template name="link-list">
                    <xsl:with-param name="items" select="p:doc-ref"/>
                    <xsl:with-param name="none" select="'no approved document'"/>
                  </xsl:call-template>
                </xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>


  <!-- ==== frameworks: one table per framework (context: p:framework) ==== -->

  <xsl:template name="framework-table">
    <xsl:variable name="fw" select="@id"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="concat('fw-', $fw, '-caption')"/></xsl:call-template>
      <table class="data framework">
        <caption id="fw-{$fw}-caption">
          <xsl:value-of select="concat('Requirements of ', @name, ' and the ', $control-set, ' controls that address them')"/>
        </caption>
        <thead>
          <tr>
            <th scope="col">Requirement</th>
            <th scope="col">Coverage</th>
            <th scope="col">Controls</th>
            <th scope="col">Implemented by</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="p:requirement">
            <tr id="fw-{$fw}-{position()}">
              <th scope="row" class="control">
                <span class="cid"><xsl:value-of select="@id"/></span>
                <span class="ctitle"><xsl:value-of select="@title"/></span>
                <span class="csource"><xsl:value-of select="@source"/></span>
              </th>
              <td>
                <xsl:call-template name="badge">
                  <xsl:with-param name="kind" select="'fw'"/>
                  <xsl:with-param name="value" select="@status"/>
                </xsl:call-template>
                <xsl:if test="@excluded">
                  <span class="reason"><xsl:value-of select="concat(@excluded, ' is excluded by the SoA')"/></span>
                </xsl:if>
              </td>
              <td>
                <ul class="links">
                  <xsl:for-each select="p:control">
                    <li>
                      <xsl:call-template name="record-link">
                        <xsl:with-param name="kind" select="'control'"/>
                        <xsl:with-param name="tooltip" select="true()"/>
                        <xsl:with-param name="labels" select="true()"/>
                      </xsl:call-template>
                      <xsl:text> </xsl:text>
                      <xsl:call-template name="status-badge"/>
                    </li>
                  </xsl:for-each>
                </ul>
              </td>
              <td>
                <xsl:call-template name="link-list">
                  <xsl:with-param name="items" select="p:control/p:doc-ref[not(@id = preceding::p:doc-ref[generate-id(ancestor::p:requirement) = generate-id(current())]/@id)]"/>
                  <xsl:with-param name="none" select="'no approved document'"/>
                </xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>


  <!-- ==== document register: one table per type ==== -->

  <xsl:template name="type-name">
    <xsl:param name="type"/>
    <xsl:choose>
      <xsl:when test="$type = 'policy'">Policies</xsl:when>
      <xsl:when test="$type = 'standard'">Standards</xsl:when>
      <xsl:when test="$type = 'procedure'">Procedures</xsl:when>
      <xsl:when test="$type = 'plan'">Plans</xsl:when>
      <xsl:when test="$type = 'guideline'">Guidelines</xsl:when>
      <xsl:when test="$type = 'record'">Records</xsl:when>
      <xsl:otherwise>Documents without a valid type</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="register-tables">
    <xsl:variable name="D" select="$pack/p:documents/p:document"/>
    <xsl:variable name="distinct" select="count(set:distinct($D/@id)) = count($D)"/>
    <xsl:call-template name="register-table"><xsl:with-param name="distinct" select="$distinct"/><xsl:with-param name="type" select="'policy'"/><xsl:with-param name="docs" select="$D[@type = 'policy']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="distinct" select="$distinct"/><xsl:with-param name="type" select="'standard'"/><xsl:with-param name="docs" select="$D[@type = 'standard']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="distinct" select="$distinct"/><xsl:with-param name="type" select="'procedure'"/><xsl:with-param name="docs" select="$D[@type = 'procedure']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="distinct" select="$distinct"/><xsl:with-param name="type" select="'plan'"/><xsl:with-param name="docs" select="$D[@type = 'plan']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="distinct" select="$distinct"/><xsl:with-param name="type" select="'guideline'"/><xsl:with-param name="docs" select="$D[@type = 'guideline']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="distinct" select="$distinct"/><xsl:with-param name="type" select="'record'"/><xsl:with-param name="docs" select="$D[@type = 'record']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="distinct" select="$distinct"/>
      <xsl:with-param name="type" select="''"/>
      <xsl:with-param name="docs" select="$D[not(@type = 'policy' or @type = 'standard' or @type = 'procedure'
                                             or @type = 'plan' or @type = 'guideline' or @type = 'record')]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="register-table">
    <xsl:param name="type"/>
    <xsl:param name="docs"/>
    <!-- true() when no two documents of the pack have one id -->
    <xsl:param name="distinct"
               select="count(set:distinct($pack/p:documents/p:document/@id)) = count($pack/p:documents/p:document)"/>
    <xsl:if test="$docs">
      <xsl:variable name="cap">
        <xsl:choose>
          <xsl:when test="$type != ''"><xsl:value-of select="concat('register-', $type, '-caption')"/></xsl:when>
          <xsl:otherwise>register-other-caption</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <div class="table-wrap">
        <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="$cap"/></xsl:call-template>
        <table class="data register">
          <caption id="{$cap}">
            <xsl:call-template name="type-name"><xsl:with-param name="type" select="$type"/></xsl:call-template>
            <span class="count"><xsl:value-of select="count($docs)"/></span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Owner</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Classification</th>
              <th scope="col">Approved</th>
              <th scope="col">
                <xsl:choose>
                  <xsl:when test="$type = 'record'">Date</xsl:when>
                  <xsl:otherwise>Next review</xsl:otherwise>
                </xsl:choose>
              </th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$docs">
              <xsl:sort select="@id"/>
              <tr>
                <xsl:if test="$distinct or generate-id() = generate-id(key('doc', @id)[1])">
                  <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'register'"/></xsl:call-template></xsl:attribute>
                </xsl:if>
                <th scope="row" class="doc">
                  <xsl:call-template name="record-link">
                    <xsl:with-param name="kind" select="'document'"/>
                    <xsl:with-param name="labels" select="true()"/>
                  </xsl:call-template>
                  <span class="path"><xsl:value-of select="@path"/></span>
                </th>
                <td><xsl:value-of select="@owner"/></td>
                <td class="num"><xsl:value-of select="@version"/></td>
                <td><xsl:call-template name="badge"><xsl:with-param name="kind" select="'doc'"/><xsl:with-param name="value" select="@status"/></xsl:call-template></td>
                <td><xsl:call-template name="cap"><xsl:with-param name="s" select="@classification"/></xsl:call-template></td>
                <td class="nowrap">
                  <xsl:choose>
                    <xsl:when test="@approved-on">
                      <xsl:value-of select="@approved-on"/>
                      <span class="by"><xsl:value-of select="@approved-by"/></span>
                      <xsl:apply-templates select="p:approval" mode="proof-note"/>
                    </xsl:when>
                    <xsl:otherwise><span class="none">—</span></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td class="nowrap">
                  <xsl:choose>
                    <xsl:when test="@type = 'record'"><xsl:value-of select="@date"/></xsl:when>
                    <xsl:when test="@next-review">
                      <xsl:value-of select="@next-review"/>
                      <xsl:if test="@overdue = 'true'">
                        <xsl:text> </xsl:text>
                        <xsl:call-template name="badge"><xsl:with-param name="kind" select="'due'"/><xsl:with-param name="value" select="'overdue'"/></xsl:call-template>
                      </xsl:if>
                    </xsl:when>
                    <xsl:otherwise><span class="none">—</span></xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- "proven: signature" under an approval date (context: p:approval) -->
  <xsl:template match="p:approval" mode="proof-note">
    <span class="proof proof-{@state}">
      <xsl:choose>
        <xsl:when test="@state = 'proven'"><xsl:value-of select="concat('proven: ', @method)"/></xsl:when>
        <xsl:when test="@state = 'uncommitted'">not committed</xsl:when>
        <xsl:when test="@state = 'no-history'">no git history</xsl:when>
        <xsl:otherwise>not proven</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- ==== registers under document control, and the people ==== -->

  <xsl:template name="regdoc-table">
    <xsl:variable name="R" select="$pack/p:register-documents/p:register-document"/>
    <xsl:variable name="distinct" select="count(set:distinct($R/@id)) = count($R)"/>
    <xsl:if test="$R">
      <div class="table-wrap">
        <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'regdocs-caption'"/></xsl:call-template>
        <table class="data register regdocs">
          <caption id="regdocs-caption">Registers under document control <span class="count"><xsl:value-of select="count($R)"/></span></caption>
          <thead>
            <tr>
              <th scope="col">Register</th>
              <th scope="col">Owner</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Approved</th>
              <th scope="col">Next review</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$R">
              <tr>
                <xsl:if test="$distinct or generate-id() = generate-id(key('regdoc', @id)[1])">
                  <xsl:attribute name="id"><xsl:value-of select="concat('regdoc-', @id)"/></xsl:attribute>
                </xsl:if>
                <th scope="row" class="doc">
                  <span class="rid"><xsl:value-of select="@id"/></span>
                  <xsl:text> </xsl:text><xsl:value-of select="@title"/>
                  <span class="path"><xsl:value-of select="@path"/></span>
                </th>
                <td><xsl:value-of select="@owner"/></td>
                <td class="num"><xsl:value-of select="@version"/></td>
                <td><xsl:call-template name="badge"><xsl:with-param name="kind" select="'doc'"/><xsl:with-param name="value" select="@status"/></xsl:call-template></td>
                <td class="nowrap">
                  <xsl:choose>
                    <xsl:when test="@approved-on">
                      <xsl:value-of select="@approved-on"/>
                      <span class="by"><xsl:value-of select="@approved-by"/></span>
                      <xsl:apply-templates select="p:approval" mode="proof-note"/>
                    </xsl:when>
                    <xsl:otherwise><span class="none">—</span></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td class="nowrap">
                  <xsl:choose>
                    <xsl:when test="@next-review"><xsl:value-of select="@next-review"/></xsl:when>
                    <xsl:otherwise><span class="none">—</span></xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="people-table">
    <xsl:variable name="P" select="$pack/p:people/p:person"/>
    <xsl:variable name="distinct" select="count(set:distinct($P/@id)) = count($P)"/>
    <xsl:if test="$P">
      <div class="table-wrap">
        <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'people-caption'"/></xsl:call-template>
        <table class="data people">
          <caption id="people-caption">People and roles <span class="count"><xsl:value-of select="count($P)"/></span></caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Git identities</th>
              <th scope="col">Signing keys</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$P">
              <tr>
                <xsl:if test="$distinct or generate-id() = generate-id(key('person', @id)[1])">
                  <xsl:attribute name="id"><xsl:value-of select="concat('person-', @id)"/></xsl:attribute>
                </xsl:if>
                <th scope="row"><span class="rid"><xsl:value-of select="@id"/></span><xsl:text> </xsl:text><xsl:value-of select="@name"/></th>
                <td>
                  <xsl:for-each select="p:role"><xsl:value-of select="."/><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
                </td>
                <td>
                  <xsl:for-each select="p:email"><code><xsl:value-of select="."/></code><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
                </td>
                <td>
                  <xsl:choose>
                    <xsl:when test="p:key">
                      <xsl:for-each select="p:key">
                        <span class="key">
                          <xsl:choose>
                            <xsl:when test="@fingerprint"><code class="hash" title="{@fingerprint}"><xsl:value-of select="substring(@fingerprint, string-length(@fingerprint) - 15)"/></code></xsl:when>
                            <xsl:when test="@ssh">SSH key</xsl:when>
                          </xsl:choose>
                          <xsl:if test="@path"><span class="path"><xsl:value-of select="@path"/></span></xsl:if>
                        </span>
                      </xsl:for-each>
                    </xsl:when>
                    <xsl:otherwise><span class="none">—</span></xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- ==== risk register ==== -->

  <!-- a draft's risk may lack a valid likelihood or impact, and so a score -->
  <xsl:template name="score">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="not($s/@score)"><span class="none">no valid score</span></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="band">
          <xsl:call-template name="heat-band"><xsl:with-param name="score" select="$s/@score"/></xsl:call-template>
        </xsl:variable>
        <span class="score">
          <span class="score-n band-{$band}" title="likelihood {$s/@likelihood} × impact {$s/@impact}"><xsl:value-of select="$s/@score"/></span>
          <span class="score-lbl"><xsl:value-of select="concat($s/@likelihood-label, ' × ', $s/@impact-label)"/></span>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="risk-table">
    <xsl:variable name="R" select="$pack/p:risks/p:risk"/>
    <xsl:variable name="distinct" select="count(set:distinct($R/@id)) = count($R)"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'risks-caption'"/></xsl:call-template>
      <table class="data risks">
        <caption id="risks-caption">Risk register <span class="count"><xsl:value-of select="count($R)"/></span></caption>
        <thead>
          <tr>
            <th scope="col">Risk</th>
            <th scope="col">Owner</th>
            <th scope="col">Assets</th>
            <th scope="col">Inherent</th>
            <th scope="col">Treatment</th>
            <th scope="col">Controls</th>
            <th scope="col">Residual</th>
            <th scope="col">Acceptance</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$R">
            <tr>
              <xsl:if test="$distinct or generate-id() = generate-id(key('risk', @id)[1])">
                <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'risk'"/></xsl:call-template></xsl:attribute>
              </xsl:if>
              <th scope="row" class="risk">
                <span class="cid"><xsl:value-of select="@id"/></span>
                <span class="ctitle"><xsl:value-of select="@title"/></span>
                <xsl:if test="p:threat"><span class="detail"><b>Threat:</b><xsl:text> </xsl:text><xsl:value-of select="p:threat"/></span></xsl:if>
                <xsl:if test="p:vulnerability"><span class="detail"><b>Vulnerability:</b><xsl:text> </xsl:text><xsl:value-of select="p:vulnerability"/></span></xsl:if>
              </th>
              <td><xsl:value-of select="@owner"/></td>
              <td><xsl:call-template name="link-list"><xsl:with-param name="items" select="p:ref[@kind = 'asset']"/><xsl:with-param name="labels" select="false()"/></xsl:call-template></td>
              <td><xsl:call-template name="score"><xsl:with-param name="s" select="p:inherent"/></xsl:call-template></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@treatment"><xsl:call-template name="cap"><xsl:with-param name="s" select="@treatment"/></xsl:call-template></xsl:when>
                  <xsl:otherwise><span class="none">—</span></xsl:otherwise>
                </xsl:choose>
              </td>
              <td><xsl:call-template name="link-list"><xsl:with-param name="items" select="p:control-ref"/><xsl:with-param name="labels" select="false()"/></xsl:call-template></td>
              <td>
                <xsl:call-template name="score"><xsl:with-param name="s" select="p:residual"/></xsl:call-template>
                <xsl:if test="p:target/@score">
                  <span class="by">target <xsl:value-of select="p:target/@score"/>, once its planned controls are in place</span>
                </xsl:if>
              </td>
              <td>
                <xsl:choose>
                  <xsl:when test="@accepted-by">
                    <span class="nowrap"><xsl:value-of select="@accepted-by"/></span>
                    <xsl:if test="@accepted-on"><span class="by"><xsl:value-of select="@accepted-on"/></span></xsl:if>
                  </xsl:when>
                  <xsl:when test="p:residual/@above-acceptance = 'true'">
                    <xsl:call-template name="badge"><xsl:with-param name="kind" select="'due'"/><xsl:with-param name="value" select="'overdue'"/><xsl:with-param name="text" select="'Needs sign-off'"/></xsl:call-template>
                  </xsl:when>
                  <xsl:otherwise><span class="none">within acceptance</span></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="@review-on"><span class="by">review <xsl:value-of select="@review-on"/></span></xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- ==== operating the ISMS ==== -->

  <!-- What falls due, as a table: `items` are p:due/p:item. -->
  <xsl:template name="due-table">
    <xsl:param name="items"/>
    <xsl:param name="id"/>
    <xsl:param name="caption"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="concat($id, '-caption')"/></xsl:call-template>
      <table class="data due">
        <caption id="{$id}-caption"><xsl:value-of select="$caption"/> <span class="count"><xsl:value-of select="count($items)"/></span></caption>
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">What</th>
            <th scope="col">Item</th>
            <th scope="col">Owner</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$items">
            <tr>
              <td class="nowrap">
                <xsl:choose>
                  <xsl:when test="@never = 'true'">never done</xsl:when>
                  <xsl:otherwise><xsl:value-of select="@date"/></xsl:otherwise>
                </xsl:choose>
                <xsl:text> </xsl:text>
                <xsl:choose>
                  <xsl:when test="@state = 'overdue'"><xsl:call-template name="badge"><xsl:with-param name="kind" select="'due'"/><xsl:with-param name="value" select="'overdue'"/></xsl:call-template></xsl:when>
                  <xsl:when test="@state = 'soon'"><xsl:call-template name="badge"><xsl:with-param name="kind" select="'due'"/><xsl:with-param name="value" select="'soon'"/><xsl:with-param name="text" select="'Due soon'"/></xsl:call-template></xsl:when>
                </xsl:choose>
                <xsl:if test="@late and @state != 'overdue'"><span class="by">overdue after <xsl:value-of select="@late"/></span></xsl:if>
              </td>
              <td><xsl:call-template name="due-kind"/><xsl:if test="@every"><span class="by">every <xsl:value-of select="@every"/></span></xsl:if></td>
              <td><xsl:call-template name="due-item"/></td>
              <td><xsl:value-of select="@owner"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- what a due item is, in words (context: p:item) -->
  <xsl:template name="due-kind">
    <xsl:choose>
      <xsl:when test="@kind = 'document-review'">Document review</xsl:when>
      <xsl:when test="@kind = 'activity'">Recurring activity</xsl:when>
      <xsl:when test="@kind = 'control-target'">Control target</xsl:when>
      <xsl:when test="@kind = 'risk-review'">Risk review</xsl:when>
      <xsl:when test="@kind = 'acceptance-expiry'">Risk acceptance expires</xsl:when>
      <xsl:when test="@kind = 'nonconformity-analysis'">Root cause and actions</xsl:when>
      <xsl:when test="@kind = 'corrective-action'">Corrective action</xsl:when>
      <xsl:when test="@kind = 'supplier-review'">Supplier review</xsl:when>
      <xsl:when test="@kind = 'audit'">
        <xsl:call-template name="cap"><xsl:with-param name="s" select="@sub"/></xsl:call-template>
        <xsl:text> audit</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- the record a due item belongs to, as a link (context: p:item) -->
  <xsl:template name="due-item">
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="@kind = 'document-review'">document</xsl:when>
        <xsl:when test="@kind = 'activity'">activity</xsl:when>
        <xsl:when test="@kind = 'control-target'">control</xsl:when>
        <xsl:when test="@kind = 'risk-review' or @kind = 'acceptance-expiry'">risk</xsl:when>
        <xsl:when test="@kind = 'nonconformity-analysis' or @kind = 'corrective-action'">nonconformity</xsl:when>
        <xsl:when test="@kind = 'supplier-review'">supplier</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="@kind = 'audit'"><xsl:value-of select="@title"/></xsl:when>
      <xsl:when test="@kind = 'corrective-action'">
        <xsl:call-template name="ref-link">
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="id" select="@id"/>
        </xsl:call-template>
        <xsl:value-of select="concat(' ', @sub, ': ', @title)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="record-link">
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="labels" select="true()"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- overdue or due soon, else the date (context: an element with @due and @overdue) -->
  <xsl:template name="due-cell">
    <xsl:choose>
      <xsl:when test="not(@due)"><span class="none">—</span></xsl:when>
      <xsl:otherwise>
        <span class="nowrap"><xsl:value-of select="@due"/></span>
        <xsl:if test="@overdue = 'true'">
          <xsl:text> </xsl:text>
          <xsl:call-template name="badge"><xsl:with-param name="kind" select="'due'"/><xsl:with-param name="value" select="'overdue'"/></xsl:call-template>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="activity-table">
    <xsl:variable name="A" select="$pack/p:activities/p:activity"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'activities-caption'"/></xsl:call-template>
      <table class="data activities">
        <caption id="activities-caption">Recurring activities <span class="count"><xsl:value-of select="count($A)"/></span></caption>
        <thead>
          <tr>
            <th scope="col">Activity</th>
            <th scope="col">Owner</th>
            <th scope="col">Every</th>
            <th scope="col">Serves</th>
            <th scope="col">Latest record</th>
            <th scope="col">Next due</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$A">
            <tr>
              <xsl:if test="not(preceding-sibling::p:activity[@id = current()/@id])">
                <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'activity'"/></xsl:call-template></xsl:attribute>
              </xsl:if>
              <th scope="row" class="control">
                <span class="cid"><xsl:value-of select="@id"/></span>
                <span class="ctitle"><xsl:value-of select="@title"/></span>
                <span class="detail"><b>Records:</b><xsl:text> </xsl:text>
                  <xsl:for-each select="p:records"><code><xsl:value-of select="."/></code><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
                </span>
              </th>
              <td><xsl:value-of select="@owner"/></td>
              <td class="nowrap">
                <xsl:value-of select="@every"/>
                <xsl:if test="@grace"><span class="by">grace <xsl:value-of select="@grace"/></span></xsl:if>
              </td>
              <td><xsl:call-template name="link-list"><xsl:with-param name="items" select="p:clause-ref | p:control-ref"/><xsl:with-param name="labels" select="false()"/></xsl:call-template></td>
              <td>
                <xsl:choose>
                  <xsl:when test="p:latest">
                    <xsl:apply-templates select="p:latest/p:doc-ref" mode="link"><xsl:with-param name="labels" select="false()"/></xsl:apply-templates>
                    <span class="by"><xsl:value-of select="p:latest/@date"/></span>
                  </xsl:when>
                  <xsl:otherwise><span class="none">none yet</span></xsl:otherwise>
                </xsl:choose>
              </td>
              <td><xsl:call-template name="due-cell"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template name="nonconformity-table">
    <xsl:variable name="N" select="$pack/p:nonconformities/p:nonconformity"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'nonconformities-caption'"/></xsl:call-template>
      <table class="data nonconformities">
        <caption id="nonconformities-caption">Nonconformities and corrective actions <span class="count"><xsl:value-of select="count($N)"/></span></caption>
        <thead>
          <tr>
            <th scope="col">Nonconformity</th>
            <th scope="col">Raised</th>
            <th scope="col">Correction and root cause</th>
            <th scope="col">Corrective actions</th>
            <th scope="col">Status and effectiveness</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$N">
            <tr>
              <xsl:if test="not(preceding-sibling::p:nonconformity[@id = current()/@id])">
                <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'nonconformity'"/></xsl:call-template></xsl:attribute>
              </xsl:if>
              <th scope="row" class="control">
                <span class="cid"><xsl:value-of select="@id"/></span>
                <span class="ctitle"><xsl:value-of select="@title"/></span>
                <xsl:if test="p:description"><span class="detail"><xsl:value-of select="p:description"/></span></xsl:if>
                <xsl:if test="p:clause-ref | p:control-ref">
                  <span class="detail"><b>Requirement:</b><xsl:text> </xsl:text>
                    <xsl:for-each select="p:clause-ref | p:control-ref">
                      <xsl:apply-templates select="." mode="link"><xsl:with-param name="labels" select="false()"/></xsl:apply-templates>
                      <xsl:if test="position() != last()">, </xsl:if>
                    </xsl:for-each>
                  </span>
                </xsl:if>
              </th>
              <td class="nowrap">
                <xsl:value-of select="@raised-on"/>
                <span class="by"><xsl:call-template name="cap"><xsl:with-param name="s" select="@source"/></xsl:call-template></span>
              </td>
              <td>
                <xsl:if test="p:correction"><span class="detail"><b>Correction:</b><xsl:text> </xsl:text><xsl:value-of select="p:correction"/></span></xsl:if>
                <xsl:choose>
                  <xsl:when test="p:root-cause"><span class="detail"><b>Root cause:</b><xsl:text> </xsl:text><xsl:value-of select="p:root-cause"/></span></xsl:when>
                  <xsl:otherwise><span class="warn-note">no root cause yet</span></xsl:otherwise>
                </xsl:choose>
              </td>
              <td>
                <xsl:choose>
                  <xsl:when test="p:action">
                    <ul class="actions">
                      <xsl:for-each select="p:action">
                        <li>
                          <b><xsl:value-of select="@id"/></b><xsl:text> </xsl:text><xsl:value-of select="."/>
                          <span class="by">
                            <xsl:value-of select="@owner"/>
                            <xsl:text>, due </xsl:text><xsl:value-of select="@due"/>
                            <xsl:choose>
                              <xsl:when test="@done-on">, done <xsl:value-of select="@done-on"/></xsl:when>
                              <xsl:otherwise>, open</xsl:otherwise>
                            </xsl:choose>
                          </span>
                          <xsl:if test="@overdue = 'true'"><xsl:call-template name="badge"><xsl:with-param name="kind" select="'due'"/><xsl:with-param name="value" select="'overdue'"/></xsl:call-template></xsl:if>
                        </li>
                      </xsl:for-each>
                    </ul>
                  </xsl:when>
                  <xsl:otherwise><span class="warn-note">no corrective action yet</span></xsl:otherwise>
                </xsl:choose>
              </td>
              <td>
                <xsl:call-template name="cap"><xsl:with-param name="s" select="@status"/></xsl:call-template>
                <xsl:if test="@closed-on"><span class="by">closed <xsl:value-of select="@closed-on"/></span></xsl:if>
                <xsl:choose>
                  <xsl:when test="p:effectiveness">
                    <span class="by">
                      <xsl:choose>
                        <xsl:when test="p:effectiveness/@effective = 'true'">effective</xsl:when>
                        <xsl:otherwise>not effective</xsl:otherwise>
                      </xsl:choose>
                      <xsl:value-of select="concat(', checked ', p:effectiveness/@checked-on, ' by ', p:effectiveness/@by)"/>
                    </span>
                  </xsl:when>
                  <xsl:when test="@status = 'closed'"><span class="warn-note">closed without an effectiveness check</span></xsl:when>
                </xsl:choose>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template name="supplier-table">
    <xsl:variable name="S" select="$pack/p:suppliers/p:supplier"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'suppliers-caption'"/></xsl:call-template>
      <table class="data suppliers">
        <caption id="suppliers-caption">Supplier register <span class="count"><xsl:value-of select="count($S)"/></span></caption>
        <thead>
          <tr>
            <th scope="col">Supplier</th>
            <th scope="col">Criticality</th>
            <th scope="col">Owner</th>
            <th scope="col">Assets</th>
            <th scope="col">Agreement</th>
            <th scope="col">Last review</th>
            <th scope="col">Next review</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$S">
            <tr>
              <xsl:if test="not(preceding-sibling::p:supplier[@id = current()/@id])">
                <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'supplier'"/></xsl:call-template></xsl:attribute>
              </xsl:if>
              <th scope="row" class="control">
                <span class="cid"><xsl:value-of select="@id"/></span>
                <span class="ctitle"><xsl:value-of select="@name"/></span>
                <xsl:if test="@service"><span class="detail"><xsl:value-of select="@service"/></span></xsl:if>
              </th>
              <td><xsl:call-template name="cap"><xsl:with-param name="s" select="@criticality"/></xsl:call-template></td>
              <td><xsl:value-of select="@owner"/></td>
              <td><xsl:call-template name="link-list"><xsl:with-param name="items" select="p:ref[@kind = 'asset']"/><xsl:with-param name="labels" select="false()"/></xsl:call-template></td>
              <td>
                <xsl:choose>
                  <xsl:when test="p:agreement/p:doc-ref"><xsl:apply-templates select="p:agreement/p:doc-ref" mode="link"><xsl:with-param name="labels" select="false()"/></xsl:apply-templates></xsl:when>
                  <xsl:when test="p:agreement/p:file"><code><xsl:value-of select="p:agreement/p:file/@path"/></code></xsl:when>
                  <xsl:otherwise><span class="none">—</span></xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="nowrap">
                <xsl:choose>
                  <xsl:when test="@last-review"><xsl:value-of select="@last-review"/></xsl:when>
                  <xsl:otherwise><span class="warn-note">never reviewed</span></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="@review-every"><span class="by">every <xsl:value-of select="@review-every"/></span></xsl:if>
              </td>
              <td><xsl:call-template name="due-cell"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- ==== asset inventory ==== -->

  <!-- Records (risks, documents) as links by id, titles as tooltips: one a
       line on the site, run on and comma-separated in print. -->
  <xsl:template name="id-list">
    <xsl:param name="kind"/>
    <xsl:param name="items"/>
    <xsl:choose>
      <xsl:when test="not($items)"><span class="none">—</span></xsl:when>
      <xsl:when test="$mode = 'print'">
        <span class="links">
          <xsl:for-each select="$items">
            <xsl:call-template name="record-link"><xsl:with-param name="kind" select="$kind"/><xsl:with-param name="tooltip" select="true()"/></xsl:call-template>
            <xsl:if test="position() != last()">, </xsl:if>
          </xsl:for-each>
        </span>
      </xsl:when>
      <!-- on the site ismc writes the list itself (compiler/body_html.c),
           the same bytes, when this template is the shipped one
           (docs/output.md, "Rendered by ismc") -->
      <xsl:when test="function-available('ismc:native-id-list') and ismc:native-id-list($mode)">
        <ismc:id-list select="$items" kind="{$kind}" root="{$root}"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- record-link's markup, written out: the asset inventory makes a
             link here for every asset each document names (49,000 at 2,500
             documents), and the call cost a fifth of each -->
        <ul class="links">
          <xsl:for-each select="$items">
            <xsl:variable name="href" select="ismc:href($kind, @id, '', $mode, $root)"/>
            <li>
              <xsl:choose>
                <xsl:when test="$href != ''">
                  <a class="ref ref-{$kind}" href="{$href}"><xsl:copy-of select="@title[. != '']"/><span class="rid"><xsl:value-of select="@id"/></span></a>
                </xsl:when>
                <xsl:otherwise>
                  <span class="ref ref-{$kind} ref-none"><xsl:copy-of select="@title[. != '']"/><span class="rid"><xsl:value-of select="@id"/></span></span>
                </xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="asset-table">
    <xsl:variable name="A" select="$pack/p:assets/p:asset"/>
    <xsl:variable name="distinct" select="count(set:distinct($A/@id)) = count($A)"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'assets-caption'"/></xsl:call-template>
      <table class="data assets">
        <caption id="assets-caption">Asset inventory <span class="count"><xsl:value-of select="count($A)"/></span></caption>
        <thead>
          <tr>
            <th scope="col">Asset</th>
            <th scope="col">Type</th>
            <th scope="col">Owner</th>
            <th scope="col">Classification</th>
            <th scope="col">Location</th>
            <th scope="col">Risks</th>
            <th scope="col">Documents</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$A">
            <tr>
              <xsl:if test="$distinct or generate-id() = generate-id(key('asset', @id)[1])">
                <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'asset'"/></xsl:call-template></xsl:attribute>
              </xsl:if>
              <th scope="row" class="asset">
                <span class="cid"><xsl:value-of select="@id"/></span>
                <span class="ctitle"><xsl:value-of select="@name"/></span>
              </th>
              <td><xsl:call-template name="cap"><xsl:with-param name="s" select="@type"/></xsl:call-template></td>
              <td><xsl:value-of select="@owner"/></td>
              <td><xsl:call-template name="cap"><xsl:with-param name="s" select="@classification"/></xsl:call-template></td>
              <td><xsl:value-of select="@location"/></td>
              <td>
                <xsl:call-template name="id-list">
                  <xsl:with-param name="kind" select="'risk'"/>
                  <xsl:with-param name="items" select="key('risks-of-asset', @id)"/>
                </xsl:call-template>
              </td>
              <td>
                <xsl:call-template name="id-list">
                  <xsl:with-param name="kind" select="'document'"/>
                  <xsl:with-param name="items" select="key('docs-of-asset', @id)"/>
                </xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

</xsl:stylesheet>
