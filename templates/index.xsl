<?xml version="1.0" encoding="UTF-8"?>
<!--
  index.xsl: the dashboard (index.html): readiness figures, the clause
  coverage matrix, SoA status by theme, the risk heat maps, what is overdue
  or falls due in the next 90 days (reviews, activities, control targets,
  risk reviews, acceptances, corrective actions, supplier reviews, audits),
  the open gaps, and in a draft pack the findings of the checks.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:ismc="urn:ismc:xslt:1"
  exclude-result-prefixes="p ismc">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="C" select="$pack/p:soa/p:control"/>
  <xsl:variable name="leaves" select="$pack/p:coverage/p:clause[@leaf = 'true']"/>
  <xsl:variable name="docs" select="$pack/p:documents/p:document"/>
  <!-- what falls due (the pack's p:due, made by ismc): overdue, and due
       within its soon-days -->
  <xsl:variable name="overdue" select="$pack/p:due/p:item[@state = 'overdue']"/>
  <xsl:variable name="due-soon" select="$pack/p:due/p:item[@state = 'soon']"/>
  <xsl:variable name="applicable" select="$C[@applicable = 'true']"/>
  <xsl:variable name="residual-above" select="$pack/p:risks/p:risk[p:residual/@above-acceptance = 'true']"/>
  <!-- the approvals of documents and registers (each once: not the register's copies) -->
  <xsl:variable name="approvals" select="$docs/p:approval | $pack/p:register-documents/p:register-document/p:approval"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Dashboard'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <div class="page-head">
      <h1>ISMS dashboard</h1>
      <p class="lede">
        <xsl:text>Readiness of the information security management system of </xsl:text>
        <xsl:value-of select="$org"/>
        <xsl:value-of select="concat(' against ', $standard, ' as of ')"/>
        <xsl:value-of select="$as-of"/>
        <xsl:if test="$pack/@scope">
          <xsl:text>. Scope: </xsl:text>
          <xsl:call-template name="ref-link">
            <xsl:with-param name="kind" select="'document'"/>
            <xsl:with-param name="id" select="$pack/@scope"/>
            <!-- ismc:title, not key('doc', ...): the first key() of a
                 transformation computes every key of the stylesheet over
                 the pack, for one title (docs/performance.md) -->
            <xsl:with-param name="label" select="ismc:title('document', $pack/@scope)"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:variable name="pit"><xsl:call-template name="point-in-time"/></xsl:variable>
      <xsl:if test="string($pit) != ''"><p class="hint"><xsl:value-of select="$pit"/></p></xsl:if>
    </div>

    <xsl:if test="$draft">
      <section class="card findings" id="diagnostics" aria-labelledby="diagnostics-h">
        <h2 id="diagnostics-h">Findings of the checks</h2>
        <xsl:variable name="ne" select="count($pack/p:diagnostics/p:diagnostic[@severity = 'error'])"/>
        <xsl:variable name="nw" select="count($pack/p:diagnostics/p:diagnostic[@severity = 'warning'])"/>
        <p>
          <xsl:value-of select="$ne"/> error<xsl:if test="$ne != 1">s</xsl:if>,
          <xsl:value-of select="$nw"/> warning<xsl:if test="$nw != 1">s</xsl:if>.
          This pack is a draft until <code>ismc check</code> passes.
        </p>
        <div class="table-wrap">
          <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'diagnostics-caption'"/></xsl:call-template>
          <table class="data">
            <caption id="diagnostics-caption">Diagnostics of <code>ismc check</code></caption>
            <thead><tr><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Finding</th><th scope="col">Code</th></tr></thead>
            <tbody>
              <xsl:for-each select="$pack/p:diagnostics/p:diagnostic">
                <xsl:variable name="shown"><xsl:call-template name="diag-shown"/></xsl:variable>
                <xsl:if test="$shown = '1'">
                  <tr>
                    <td><xsl:call-template name="badge"><xsl:with-param name="kind" select="'sev'"/><xsl:with-param name="value" select="@severity"/></xsl:call-template></td>
                    <td class="nowrap">
                      <xsl:choose>
                        <xsl:when test="@file">
                          <xsl:variable name="d" select="key('doc-path', @file)[1]"/>
                          <xsl:variable name="href">
                            <xsl:if test="$d">
                              <xsl:call-template name="href"><xsl:with-param name="kind" select="'document'"/><xsl:with-param name="id" select="$d/@id"/></xsl:call-template>
                            </xsl:if>
                          </xsl:variable>
                          <xsl:choose>
                            <xsl:when test="string($href) != ''"><a href="{$href}"><code><xsl:value-of select="concat(@file, ':', @line, ':', @column)"/></code></a></xsl:when>
                            <xsl:otherwise><code><xsl:value-of select="concat(@file, ':', @line, ':', @column)"/></code></xsl:otherwise>
                          </xsl:choose>
                        </xsl:when>
                        <xsl:otherwise><span class="none">the ISMS as a whole</span></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td><xsl:value-of select="."/></td>
                    <td class="nowrap"><code><xsl:value-of select="@code"/></code></td>
                  </tr>
                </xsl:if>
              </xsl:for-each>
              <xsl:call-template name="diag-folds"><xsl:with-param name="diags" select="$pack/p:diagnostics/p:diagnostic"/></xsl:call-template>
            </tbody>
          </table>
        </div>
      </section>
    </xsl:if>

    <section class="kpis" aria-label="Readiness">
      <xsl:call-template name="kpi">
        <xsl:with-param name="value" select="count($leaves[@covered = 'true'])"/>
        <xsl:with-param name="of" select="count($leaves)"/>
        <xsl:with-param name="label" select="concat('Clauses ', $catalog/p:clause-group[1]/@key, '–', $catalog/p:clause-group[last()]/@key, ' addressed by an approved document')"/>
        <xsl:with-param name="href" select="'coverage.html'"/>
      </xsl:call-template>
      <xsl:call-template name="kpi">
        <xsl:with-param name="value" select="count($C[@decided = 'true'])"/>
        <xsl:with-param name="of" select="count($C)"/>
        <xsl:with-param name="label" select="concat($control-set, ' controls decided (', count($applicable), ' applicable, ', count($C[@applicable = 'false']), ' excluded)')"/>
        <xsl:with-param name="href" select="'soa.html'"/>
      </xsl:call-template>
      <xsl:call-template name="kpi">
        <xsl:with-param name="value" select="count($applicable[@status = 'implemented'])"/>
        <xsl:with-param name="of" select="count($applicable)"/>
        <xsl:with-param name="label" select="'Applicable controls implemented'"/>
        <xsl:with-param name="href" select="'soa.html'"/>
      </xsl:call-template>
      <xsl:call-template name="kpi">
        <xsl:with-param name="value" select="count($applicable[p:evidence/*])"/>
        <xsl:with-param name="of" select="count($applicable)"/>
        <xsl:with-param name="label" select="concat('Applicable controls with evidence (', count($pack/p:evidence-files/p:file), ' evidence files in the pack)')"/>
        <xsl:with-param name="href" select="'soa.html'"/>
      </xsl:call-template>
      <xsl:call-template name="kpi">
        <xsl:with-param name="value" select="count($approvals[@state = 'proven'])"/>
        <xsl:with-param name="of" select="count($approvals)"/>
        <xsl:with-param name="label" select="concat('Approvals proven from git (', count($approvals[@method = 'signature']), ' signed, ', count($approvals[@state = 'proven' and @method = 'trailer']), ' by trailer, ', count($approvals[@state = 'proven' and @method = 'author']), ' by author)')"/>
        <xsl:with-param name="href" select="'register.html'"/>
        <xsl:with-param name="bad" select="count($approvals[@state != 'proven']) &gt; 0"/>
      </xsl:call-template>
      <xsl:call-template name="kpi">
        <xsl:with-param name="value" select="count($residual-above)"/>
        <xsl:with-param name="label" select="concat('Residual risks above acceptance (score ', $acceptance, '); ', count($residual-above[not(@accepted-by and @accepted-on)]), ' without sign-off')"/>
        <xsl:with-param name="href" select="'risks.html'"/>
        <xsl:with-param name="bad" select="count($residual-above[not(@accepted-by and @accepted-on)]) &gt; 0"/>
      </xsl:call-template>
      <xsl:call-template name="kpi">
        <xsl:with-param name="value" select="count($overdue)"/>
        <xsl:with-param name="label" select="concat('Overdue (reviews, activities, targets, actions, suppliers); ', count($due-soon), ' due in the next ', $pack/p:due/@soon-days, ' days')"/>
        <xsl:with-param name="href" select="'#due'"/>
        <xsl:with-param name="bad" select="count($overdue) &gt; 0"/>
      </xsl:call-template>
      <!-- a figure per framework of isms.yml frameworks: (frameworks.html) -->
      <xsl:for-each select="$pack/p:frameworks/p:framework">
        <xsl:call-template name="kpi">
          <xsl:with-param name="value" select="number(@covered)"/>
          <xsl:with-param name="of" select="number(@requirements)"/>
          <xsl:with-param name="label" select="concat(@label, ' requirements covered (', @partial, ' partial, ', @gap, ' gap', substring('s', 1, @gap != 1), ')')"/>
          <xsl:with-param name="href" select="concat('frameworks.html#fw-', @id, '-h')"/>
          <xsl:with-param name="bad" select="@gap &gt; 0"/>
        </xsl:call-template>
      </xsl:for-each>
    </section>

    <div class="grid">
      <section class="card" aria-labelledby="coverage-h">
        <h2 id="coverage-h">Clause coverage <span class="count"><xsl:value-of select="concat(count($leaves[@covered = 'true']), '/', count($leaves))"/></span></h2>
        <p class="hint"><xsl:value-of select="concat('Each requirement of clauses ', $clauses-span, ' and whether an approved document addresses it.')"/></p>
        <div class="matrix">
          <xsl:for-each select="$leaves[not(substring-before(@id, '.') = substring-before(preceding-sibling::p:clause[@leaf = 'true'][1]/@id, '.'))]">
            <xsl:variable name="g" select="substring-before(@id, '.')"/>
            <div class="mrow">
              <div class="mhead">
                <span class="mnum"><xsl:value-of select="$g"/></span>
                <span class="mname"><xsl:call-template name="clause-group-name"><xsl:with-param name="n" select="$g"/></xsl:call-template></span>
              </div>
              <ul class="chips">
                <xsl:for-each select="$leaves[substring-before(@id, '.') = $g]">
                  <li>
                    <a href="coverage.html#clause-{@id}">
                      <xsl:attribute name="class">chip <xsl:choose><xsl:when test="@covered = 'true'">ok</xsl:when><xsl:otherwise>gap</xsl:otherwise></xsl:choose></xsl:attribute>
                      <xsl:attribute name="title">
                        <xsl:value-of select="concat(@id, ' ', @title, ': ')"/>
                        <xsl:choose>
                          <xsl:when test="@covered = 'true'">
                            <xsl:for-each select="p:doc-ref"><xsl:value-of select="@id"/><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
                          </xsl:when>
                          <xsl:otherwise>not addressed</xsl:otherwise>
                        </xsl:choose>
                      </xsl:attribute>
                      <xsl:value-of select="@id"/>
                      <span class="sr"><xsl:choose><xsl:when test="@covered = 'true'"> addressed</xsl:when><xsl:otherwise> not addressed</xsl:otherwise></xsl:choose></span>
                    </a>
                  </li>
                </xsl:for-each>
              </ul>
            </div>
          </xsl:for-each>
        </div>
      </section>

      <section class="card" aria-labelledby="soa-h">
        <h2 id="soa-h">Statement of Applicability by theme</h2>
        <p class="hint"><xsl:value-of select="concat('Status of the ', count($C), ' ', $control-set, ' controls; the figure on the right counts the implemented ones.')"/></p>
        <figure class="chart">
          <xsl:call-template name="soa-chart"/>
          <figcaption><xsl:call-template name="soa-legend"/></figcaption>
        </figure>
        <details class="chart-data">
          <summary>The chart as a table</summary>
          <xsl:call-template name="soa-chart-table"/>
        </details>
      </section>
    </div>

    <section class="card" aria-labelledby="heat-h">
      <h2 id="heat-h">Risk heat map</h2>
      <p class="hint">
        <xsl:value-of select="count($pack/p:risks/p:risk)"/>
        <xsl:text> risks by likelihood and impact, before and after treatment. Hover over a cell, or open the tables under the maps, for the risks in it; the </xsl:text>
        <a href="risks.html">risk register</a>
        <xsl:text> has the details.</xsl:text>
      </p>
      <xsl:call-template name="heatmaps"/>
    </section>

    <section class="card" id="due" aria-labelledby="due-h">
      <h2 id="due-h">Falls due</h2>
      <xsl:choose>
        <xsl:when test="$overdue or $due-soon">
          <xsl:call-template name="due-table">
            <xsl:with-param name="items" select="$overdue | $due-soon"/>
            <xsl:with-param name="id" select="'due'"/>
            <xsl:with-param name="caption" select="concat('Overdue, and due in the next ', $pack/p:due/@soon-days, ' days')"/>
          </xsl:call-template>
          <p class="hint"><a href="operating.html">Operating the ISMS</a> has everything that falls due, the activities, nonconformities and suppliers.</p>
        </xsl:when>
        <xsl:otherwise>
          <p class="all-clear">Nothing is overdue or due in the next <xsl:value-of select="$pack/p:due/@soon-days"/> days: document reviews, activities, control targets, risk reviews, corrective actions, supplier reviews and audits.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="card" id="gaps" aria-labelledby="gaps-h">
      <h2 id="gaps-h">Open gaps</h2>
      <xsl:variable name="undecided" select="$C[@decided = 'false']"/>
      <xsl:variable name="uncovered" select="$leaves[not(@covered = 'true')]"/>
      <xsl:variable name="open" select="$applicable[not(@status = 'implemented')]"/>
      <xsl:variable name="unbacked" select="$applicable[(@status = 'implemented' or @status = 'partial') and @implemented = 'false']"/>
      <xsl:variable name="unsigned" select="$residual-above[not(@accepted-by and @accepted-on)]"/>
      <xsl:choose>
        <xsl:when test="not($undecided or $uncovered or $open or $unbacked or $unsigned)">
          <p class="all-clear">No open gaps: every clause is addressed, every control decided and every applicable control implemented.</p>
        </xsl:when>
        <xsl:otherwise>
          <xsl:if test="$uncovered">
            <h3>Clauses not addressed <span class="count"><xsl:value-of select="count($uncovered)"/></span></h3>
            <ul class="gap-list">
              <xsl:for-each select="$uncovered">
                <li>
                  <xsl:call-template name="record-link">
                    <xsl:with-param name="kind" select="'clause'"/>
                    <xsl:with-param name="labels" select="true()"/>
                  </xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="$undecided">
            <h3>Controls without a decision <span class="count"><xsl:value-of select="count($undecided)"/></span></h3>
            <ul class="gap-list">
              <xsl:for-each select="$undecided">
                <li>
                  <xsl:call-template name="record-link">
                    <xsl:with-param name="kind" select="'control'"/>
                    <xsl:with-param name="labels" select="true()"/>
                  </xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="$open">
            <h3>Applicable controls not yet implemented <span class="count"><xsl:value-of select="count($open)"/></span></h3>
            <ul class="gap-list">
              <xsl:for-each select="$open">
                <li>
                  <xsl:call-template name="record-link">
                    <xsl:with-param name="kind" select="'control'"/>
                    <xsl:with-param name="labels" select="true()"/>
                  </xsl:call-template>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="status-badge"/>
                  <xsl:if test="@target"><span class="target"> target <xsl:value-of select="@target"/></span></xsl:if>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="$unbacked">
            <h3>Controls marked implemented without an approved document <span class="count"><xsl:value-of select="count($unbacked)"/></span></h3>
            <ul class="gap-list">
              <xsl:for-each select="$unbacked">
                <li>
                  <xsl:call-template name="record-link">
                    <xsl:with-param name="kind" select="'control'"/>
                    <xsl:with-param name="labels" select="true()"/>
                  </xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="$unsigned">
            <h3>Residual risks above acceptance without sign-off <span class="count"><xsl:value-of select="count($unsigned)"/></span></h3>
            <ul class="gap-list">
              <xsl:for-each select="$unsigned">
                <li>
                  <xsl:call-template name="record-link">
                    <xsl:with-param name="kind" select="'risk'"/>
                    <xsl:with-param name="labels" select="true()"/>
                  </xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="kpi">
    <xsl:param name="value"/>
    <xsl:param name="of" select="''"/>
    <xsl:param name="label"/>
    <xsl:param name="href"/>
    <xsl:param name="bad" select="false()"/>
    <xsl:variable name="state">
      <xsl:choose>
        <xsl:when test="$bad">bad</xsl:when>
        <xsl:when test="string($of) != '' and number($value) &lt; number($of)">warn</xsl:when>
        <xsl:otherwise>ok</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <a class="kpi kpi-{$state}" href="{$href}">
      <span class="kpi-value">
        <xsl:value-of select="$value"/>
        <xsl:if test="string($of) != ''"><span class="kpi-of">/<xsl:value-of select="$of"/></span></xsl:if>
      </span>
      <span class="kpi-label"><xsl:value-of select="$label"/></span>
      <xsl:if test="string($of) != '' and number($of) &gt; 0">
        <span class="meter" aria-hidden="true">
          <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 6" preserveAspectRatio="none" width="100%" height="6">
            <rect x="0" y="0" width="100" height="6" rx="3" fill="#e6eaf0" class="meter-bg"/>
            <rect x="0" y="0" width="{100 * $value div $of}" height="6" rx="3" fill="#2f855a" class="meter-fill"/>
          </svg>
        </span>
      </xsl:if>
    </a>
  </xsl:template>

</xsl:stylesheet>
