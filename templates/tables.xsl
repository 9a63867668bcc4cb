<?xml version="1.0" encoding="UTF-8"?>
<!--
  tables.xsl: the tables the site pages and the print document share: SoA
  rows, the clause coverage matrix, the document register, the risk register
  and the asset inventory. Row ids let every reference land on its row:
  on the site soa.html#A.5.1, risks.html#R-001, assets.html#AS-001,
  register.html#POL-001, coverage.html#clause-4.1; in print the same ids
  prefixed soa-, risk-, asset-, reg-, clause-. Only the first record of an id
  gets it (a draft pack may hold duplicates).
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

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
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="concat($prefix, @id)"/>
  </xsl:template>

  <xsl:template match="p:control" mode="soa-row">
    <tr>
      <xsl:if test="not(preceding-sibling::p:control[@id = current()/@id])">
        <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'control'"/></xsl:call-template></xsl:attribute>
      </xsl:if>
      <xsl:if test="@applicable = 'false'"><xsl:attribute name="class">excluded</xsl:attribute></xsl:if>
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
        <xsl:call-template name="link-list"><xsl:with-param name="items" select="p:evidence/p:doc-ref | p:evidence/p:file-ref"/></xsl:call-template>
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
                      <xsl:call-template name="ref-link">
                        <xsl:with-param name="kind" select="'control'"/>
                        <xsl:with-param name="id" select="@id"/>
                        <xsl:with-param name="title" select="@title"/>
                        <xsl:with-param name="label" select="@title"/>
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
    <xsl:call-template name="register-table"><xsl:with-param name="type" select="'policy'"/><xsl:with-param name="docs" select="$D[@type = 'policy']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="type" select="'standard'"/><xsl:with-param name="docs" select="$D[@type = 'standard']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="type" select="'procedure'"/><xsl:with-param name="docs" select="$D[@type = 'procedure']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="type" select="'plan'"/><xsl:with-param name="docs" select="$D[@type = 'plan']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="type" select="'guideline'"/><xsl:with-param name="docs" select="$D[@type = 'guideline']"/></xsl:call-template>
    <xsl:call-template name="register-table"><xsl:with-param name="type" select="'record'"/><xsl:with-param name="docs" select="$D[@type = 'record']"/></xsl:call-template>
    <xsl:call-template name="register-table">
      <xsl:with-param name="type" select="''"/>
      <xsl:with-param name="docs" select="$D[not(@type = 'policy' or @type = 'standard' or @type = 'procedure'
                                             or @type = 'plan' or @type = 'guideline' or @type = 'record')]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="register-table">
    <xsl:param name="type"/>
    <xsl:param name="docs"/>
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
                <xsl:if test="generate-id() = generate-id(key('doc', @id)[1])">
                  <xsl:attribute name="id"><xsl:call-template name="row-id"><xsl:with-param name="kind" select="'register'"/></xsl:call-template></xsl:attribute>
                </xsl:if>
                <th scope="row" class="doc">
                  <xsl:call-template name="ref-link">
                    <xsl:with-param name="kind" select="'document'"/>
                    <xsl:with-param name="id" select="@id"/>
                    <xsl:with-param name="label" select="@title"/>
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
                <xsl:if test="generate-id() = generate-id(key('regdoc', @id)[1])">
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
                <xsl:if test="generate-id() = generate-id(key('person', @id)[1])">
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
              <xsl:if test="generate-id() = generate-id(key('risk', @id)[1])">
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
              <td><xsl:call-template name="score"><xsl:with-param name="s" select="p:residual"/></xsl:call-template></td>
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
            <xsl:call-template name="ref-link"><xsl:with-param name="kind" select="$kind"/><xsl:with-param name="id" select="@id"/><xsl:with-param name="title" select="@title"/></xsl:call-template>
            <xsl:if test="position() != last()">, </xsl:if>
          </xsl:for-each>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <ul class="links">
          <xsl:for-each select="$items">
            <li><xsl:call-template name="ref-link"><xsl:with-param name="kind" select="$kind"/><xsl:with-param name="id" select="@id"/><xsl:with-param name="title" select="@title"/></xsl:call-template></li>
          </xsl:for-each>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="asset-table">
    <xsl:variable name="A" select="$pack/p:assets/p:asset"/>
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
              <xsl:if test="generate-id() = generate-id(key('asset', @id)[1])">
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
