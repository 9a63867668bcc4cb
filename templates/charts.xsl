<?xml version="1.0" encoding="UTF-8"?>
<!--
  charts.xsl: the dashboard's pictures as inline SVG (no script, no images
  to fetch): the risk heat map and the SoA status by theme. Colours are SVG
  presentation attributes, so the PDF renderer sees them too; the classes
  let theme.css recolour them on the site.

  A picture is role="img" with a label, so a screen reader does not read
  its parts, and a cell's <title> is only a mouse tooltip: every figure of a
  chart is also in a table after it (heatmap-data, soa-chart-data), for
  keyboard and screen reader users alike.

  Only the templates that write SVG declare the SVG namespace as their
  default: the legends and tables are HTML and carry no namespace at all
  (an xmlns="" in the page would not be valid HTML).
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  xmlns:exsl="http://exslt.org/common"
  exclude-result-prefixes="p exsl">

  <!-- ==== risk heat map: likelihood (rows, highest on top) x impact ==== -->

  <!-- The scores of the heat maps, gathered once for all of a page's maps
       ("heatmaps" passes them on): a copy of each risk's id, title and
       score elements (p:inherent, p:residual, p:target) under a <heat-risk>,
       and a key from a cell ("inherent 5 3": the map, the likelihood and
       the impact, integers as ismc writes them) to its risks' copies (not to
       their scores: going up from a cell's thousands of scores to their
       risks sorted and merged them in a fragment libxml2 has not indexed,
       which grew with the square of the risks). Each of the 25 cells of the
       four maps used to filter every score of the pack: at 2,500 risks
       three quarters of the dashboard's time and half the risk register's.
       The keys are on the copy, not on the pack: at its first key() on a
       document libxslt computes every key of the stylesheet over it, which
       on the pack costs more than the rest of the dashboard
       (docs/performance.md); on the copy no other key matches anything. -->
  <xsl:template name="heat-scores">
    <xsl:for-each select="$pack/p:risks/p:risk">
      <heat-risk><xsl:copy-of select="@id | @title | p:inherent | p:residual | p:target"/></heat-risk>
    </xsl:for-each>
  </xsl:template>
  <xsl:key name="heat-cell" match="/heat-risk[p:inherent]" use="concat('inherent ', p:inherent/@likelihood, ' ', p:inherent/@impact)"/>
  <xsl:key name="heat-cell" match="/heat-risk[p:residual]" use="concat('residual ', p:residual/@likelihood, ' ', p:residual/@impact)"/>
  <xsl:key name="heat-cell" match="/heat-risk[p:target]" use="concat('target ', p:target/@likelihood, ' ', p:target/@impact)"/>

  <!-- How many scores a map shows: count($pack/p:risks/p:risk/*[local-name()
       = $which]), without the predicate for the two maps of every page -->
  <xsl:template name="heat-count">
    <xsl:param name="which"/>
    <xsl:choose>
      <xsl:when test="$which = 'inherent'"><xsl:value-of select="count($pack/p:risks/p:risk/p:inherent)"/></xsl:when>
      <xsl:when test="$which = 'residual'"><xsl:value-of select="count($pack/p:risks/p:risk/p:residual)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="count($pack/p:risks/p:risk/*[local-name() = $which])"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="heat-band">
    <xsl:param name="score"/>
    <xsl:choose>
      <xsl:when test="$score &lt;= $acceptance">low</xsl:when>
      <xsl:when test="$score &lt;= 2 * $acceptance">medium</xsl:when>
      <xsl:otherwise>high</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- which: 'inherent' or 'residual' (or 'target'); scores: what
       "heat-scores" makes, when the caller has it already -->
  <xsl:template name="heatmap" xmlns="http://www.w3.org/2000/svg">
    <xsl:param name="which"/>
    <xsl:param name="scores"><xsl:call-template name="heat-scores"/></xsl:param>
    <xsl:variable name="rk" select="$pack/p:risks"/>
    <xsl:variable name="L" select="$rk/p:scale[@kind = 'likelihood']/p:level"/>
    <xsl:variable name="I" select="$rk/p:scale[@kind = 'impact']/p:level"/>
    <xsl:variable name="nl" select="count($L)"/>
    <xsl:variable name="ni" select="count($I)"/>
    <xsl:variable name="cell" select="60"/>
    <xsl:variable name="left" select="124"/>
    <xsl:variable name="top" select="6"/>
    <xsl:variable name="copy" select="exsl:node-set($scores)"/>
    <xsl:variable name="n">
      <xsl:call-template name="heat-count"><xsl:with-param name="which" select="$which"/></xsl:call-template>
    </xsl:variable>
    <svg class="heatmap" role="img" viewBox="0 0 {$left + $ni * $cell + 6} {$top + $nl * $cell + 52}"
         width="{$left + $ni * $cell + 6}" height="{$top + $nl * $cell + 52}">
      <xsl:attribute name="aria-label">
        <xsl:value-of select="concat('Heat map of ', $which, ' risk: ', $n, ' risks by likelihood and impact')"/>
      </xsl:attribute>
      <title><xsl:value-of select="concat('Heat map of ', $which, ' risk: ', $n, ' risks by likelihood and impact')"/></title>
      <text class="axis" x="10" y="{$top + $nl * $cell div 2}" text-anchor="middle"
            transform="rotate(-90 10 {$top + $nl * $cell div 2})" font-size="11" fill="#5b6675">Likelihood</text>
      <text class="axis" x="{$left + $ni * $cell div 2}" y="{$top + $nl * $cell + 46}" text-anchor="middle"
            font-size="11" fill="#5b6675">Impact</text>
      <xsl:for-each select="$L">
        <xsl:variable name="l" select="number(@value)"/>
        <xsl:variable name="ll" select="string(@label)"/>
        <xsl:variable name="y" select="$top + ($nl - $l) * $cell"/>
        <text class="tick" x="{$left - 8}" y="{$y + $cell div 2 + 4}" text-anchor="end" font-size="10.5" fill="#1c2430">
          <xsl:value-of select="concat($l, ' ', $ll)"/>
        </text>
        <xsl:for-each select="$I">
          <xsl:variable name="i" select="number(@value)"/>
          <xsl:variable name="il" select="string(@label)"/>
          <!-- the copy is the context: key() looks in its document -->
          <xsl:for-each select="$copy">
            <xsl:variable name="here" select="key('heat-cell', concat($which, ' ', $l, ' ', $i))"/>
            <xsl:variable name="band">
              <xsl:call-template name="heat-band"><xsl:with-param name="score" select="$l * $i"/></xsl:call-template>
            </xsl:variable>
            <xsl:variable name="fill">
              <xsl:choose>
                <xsl:when test="$band = 'low' and $here">#86cfa3</xsl:when>
                <xsl:when test="$band = 'low'">#e3f3ea</xsl:when>
                <xsl:when test="$band = 'medium' and $here">#f2c160</xsl:when>
                <xsl:when test="$band = 'medium'">#fcf0d2</xsl:when>
                <xsl:when test="$here">#e6847c</xsl:when>
                <xsl:otherwise>#f9dedb</xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <g class="cell">
              <title>
                <xsl:value-of select="concat('Likelihood ', $l, ' (', $ll, ') × impact ', $i, ' (', $il, ') = ', $l * $i, ': ')"/>
                <xsl:choose>
                  <xsl:when test="count($here) = 0">no risks</xsl:when>
                  <xsl:when test="count($here) = 1">1 risk, </xsl:when>
                  <xsl:otherwise><xsl:value-of select="count($here)"/> risks, </xsl:otherwise>
                </xsl:choose>
                <xsl:for-each select="$here">
                  <xsl:value-of select="@id"/>
                  <xsl:if test="position() != last()">, </xsl:if>
                </xsl:for-each>
              </title>
              <rect x="{$left + ($i - 1) * $cell + 1}" y="{$y + 1}" width="{$cell - 2}" height="{$cell - 2}" rx="4"
                    fill="{$fill}" class="hm hm-{$band}">
                <xsl:if test="$here"><xsl:attribute name="class">hm hm-<xsl:value-of select="$band"/> hm-on</xsl:attribute></xsl:if>
              </rect>
              <xsl:if test="$here">
                <text class="count" x="{$left + ($i - 1) * $cell + $cell div 2}" y="{$y + $cell div 2 + 6}"
                      text-anchor="middle" font-size="17" font-weight="700" fill="#1c2430">
                  <xsl:value-of select="count($here)"/>
                </text>
              </xsl:if>
            </g>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each>
      <xsl:for-each select="$I">
        <text class="tick" x="{$left + (@value - 1) * $cell + $cell div 2}" y="{$top + $nl * $cell + 16}"
              text-anchor="middle" font-size="10.5" fill="#1c2430"><xsl:value-of select="@value"/></text>
        <text class="tick sub" x="{$left + (@value - 1) * $cell + $cell div 2}" y="{$top + $nl * $cell + 29}"
              text-anchor="middle" font-size="9" fill="#5b6675"><xsl:value-of select="@label"/></text>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <!-- the legend under heat maps (HTML) -->
  <xsl:template name="heat-legend">
    <ul class="legend">
      <li><span class="swatch hm-low"/>Score ≤ <xsl:value-of select="$acceptance"/> (within risk acceptance)</li>
      <li><span class="swatch hm-medium"/>Score <xsl:value-of select="$acceptance + 1"/>–<xsl:value-of select="2 * $acceptance"/></li>
      <li><span class="swatch hm-high"/>Score above <xsl:value-of select="2 * $acceptance"/></li>
    </ul>
  </xsl:template>

  <!-- The figures of a heat map as a table (HTML): likelihood in rows, highest
       first as in the picture, impact in columns; each cell its score and
       the risks in it, linked to their rows. -->
  <xsl:template name="heatmap-table">
    <xsl:param name="which"/>
    <xsl:param name="scores"><xsl:call-template name="heat-scores"/></xsl:param>
    <xsl:variable name="rk" select="$pack/p:risks"/>
    <xsl:variable name="L" select="$rk/p:scale[@kind = 'likelihood']/p:level"/>
    <xsl:variable name="I" select="$rk/p:scale[@kind = 'impact']/p:level"/>
    <xsl:variable name="copy" select="exsl:node-set($scores)"/>
    <xsl:variable name="n">
      <xsl:call-template name="heat-count"><xsl:with-param name="which" select="$which"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="cap" select="concat('heat-', $which, '-caption')"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="$cap"/></xsl:call-template>
      <table class="data heat-table">
        <caption id="{$cap}">
          <xsl:call-template name="cap"><xsl:with-param name="s" select="$which"/></xsl:call-template>
          <xsl:value-of select="concat(' risk: ', $n, ' risks by likelihood (rows) and impact (columns); each cell its score and its risks')"/>
        </caption>
        <thead>
          <tr>
            <th scope="col">Likelihood</th>
            <xsl:for-each select="$I">
              <th scope="col"><xsl:value-of select="concat('Impact ', @value, ' ', @label)"/></th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$L">
            <xsl:sort select="@value" data-type="number" order="descending"/>
            <xsl:variable name="l" select="number(@value)"/>
            <tr>
              <th scope="row"><xsl:value-of select="concat($l, ' ', @label)"/></th>
              <xsl:for-each select="$I">
                <xsl:variable name="i" select="number(@value)"/>
                <xsl:for-each select="$copy">
                  <xsl:variable name="here" select="key('heat-cell', concat($which, ' ', $l, ' ', $i))"/>
                  <xsl:variable name="band">
                    <xsl:call-template name="heat-band"><xsl:with-param name="score" select="$l * $i"/></xsl:call-template>
                  </xsl:variable>
                  <td>
                    <span class="score-n band-{$band}"><xsl:value-of select="$l * $i"/></span>
                    <xsl:choose>
                      <xsl:when test="$here">
                        <ul class="links">
                          <!-- the risks' copies, in the order of the risks -->
                          <xsl:for-each select="$here">
                            <li>
                              <xsl:call-template name="record-link">
                                <xsl:with-param name="kind" select="'risk'"/>
                                <xsl:with-param name="tooltip" select="true()"/>
                              </xsl:call-template>
                            </li>
                          </xsl:for-each>
                        </ul>
                      </xsl:when>
                      <xsl:otherwise><span class="none"> no risks</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </xsl:for-each>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- both heat maps, their legend, and their figures as tables behind a
       disclosure (details works without script) -->
  <xsl:template name="heatmaps">
    <xsl:variable name="scores"><xsl:call-template name="heat-scores"/></xsl:variable>
    <div class="heatmaps">
      <figure>
        <figcaption>Inherent risk</figcaption>
        <xsl:call-template name="heatmap"><xsl:with-param name="which" select="'inherent'"/><xsl:with-param name="scores" select="$scores"/></xsl:call-template>
      </figure>
      <figure>
        <figcaption>Residual risk</figcaption>
        <xsl:call-template name="heatmap"><xsl:with-param name="which" select="'residual'"/><xsl:with-param name="scores" select="$scores"/></xsl:call-template>
      </figure>
    </div>
    <xsl:call-template name="heat-legend"/>
    <xsl:if test="$mode = 'site'">
      <details class="chart-data">
        <summary>The heat maps as tables, with the risks in each cell</summary>
        <xsl:call-template name="heatmap-table"><xsl:with-param name="which" select="'inherent'"/><xsl:with-param name="scores" select="$scores"/></xsl:call-template>
        <xsl:call-template name="heatmap-table"><xsl:with-param name="which" select="'residual'"/><xsl:with-param name="scores" select="$scores"/></xsl:call-template>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- ==== SoA status by theme: one stacked bar per theme ==== -->

  <xsl:template name="bar-seg" xmlns="http://www.w3.org/2000/svg">
    <xsl:param name="x"/>
    <xsl:param name="y"/>
    <xsl:param name="n"/>
    <xsl:param name="unit"/>
    <xsl:param name="key"/>
    <xsl:param name="fill"/>
    <xsl:param name="what"/>
    <xsl:param name="theme"/>
    <xsl:if test="$n &gt; 0">
      <g>
        <title><xsl:value-of select="concat($theme, ': ', $n, ' ', $what)"/></title>
        <rect x="{$x}" y="{$y}" width="{$n * $unit}" height="18" fill="{$fill}" class="seg seg-{$key}"/>
      </g>
    </xsl:if>
  </xsl:template>

  <xsl:template name="soa-chart" xmlns="http://www.w3.org/2000/svg">
    <xsl:variable name="C" select="$pack/p:soa/p:control"/>
    <!-- labels above the bars keep the picture narrow, so it stays legible
         when a phone scales it down -->
    <xsl:variable name="label-w" select="0"/>
    <xsl:variable name="bar-w" select="360"/>
    <svg class="bars" role="img" viewBox="0 0 {$bar-w + 52} 184" width="{$bar-w + 52}" height="184"
         aria-label="Statement of Applicability: status of the controls by theme">
      <title>Statement of Applicability: status of the controls by theme</title>
      <xsl:for-each select="$C[not(@theme = preceding-sibling::p:control/@theme)]">
        <xsl:variable name="t" select="string(@theme)"/>
        <xsl:variable name="y" select="20 + (position() - 1) * 44"/>
        <xsl:variable name="T" select="$C[@theme = $t]"/>
        <xsl:variable name="name">
          <xsl:call-template name="cap"><xsl:with-param name="s" select="$t"/></xsl:call-template>
        </xsl:variable>
        <xsl:variable name="unit" select="$bar-w div count($T)"/>
        <xsl:variable name="n1" select="count($T[@applicable = 'true'][@status = 'implemented'])"/>
        <xsl:variable name="n2" select="count($T[@applicable = 'true'][@status = 'partial'])"/>
        <xsl:variable name="n3" select="count($T[@applicable = 'true'][@status = 'planned'])"/>
        <xsl:variable name="n4" select="count($T[@applicable = 'true'][not(@status) or @status = 'not-implemented'])"/>
        <xsl:variable name="n5" select="count($T[@applicable = 'false'])"/>
        <xsl:variable name="n6" select="count($T[@decided = 'false'])"/>
        <text x="0" y="{$y - 5}" font-size="12.5" fill="#1c2430" class="bar-label"><xsl:call-template name="theme-name"><xsl:with-param name="theme" select="$t"/></xsl:call-template></text>
        <rect x="{$label-w}" y="{$y}" width="{$bar-w}" height="18" fill="#eef1f5" class="bar-bg"/>
        <xsl:call-template name="bar-seg">
          <xsl:with-param name="x" select="$label-w"/><xsl:with-param name="y" select="$y"/>
          <xsl:with-param name="n" select="$n1"/><xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="key" select="'implemented'"/><xsl:with-param name="fill" select="'#2f855a'"/>
          <xsl:with-param name="what" select="'implemented'"/><xsl:with-param name="theme" select="$name"/>
        </xsl:call-template>
        <xsl:call-template name="bar-seg">
          <xsl:with-param name="x" select="$label-w + $n1 * $unit"/><xsl:with-param name="y" select="$y"/>
          <xsl:with-param name="n" select="$n2"/><xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="key" select="'partial'"/><xsl:with-param name="fill" select="'#8cc7a1'"/>
          <xsl:with-param name="what" select="'partially implemented'"/><xsl:with-param name="theme" select="$name"/>
        </xsl:call-template>
        <xsl:call-template name="bar-seg">
          <xsl:with-param name="x" select="$label-w + ($n1 + $n2) * $unit"/><xsl:with-param name="y" select="$y"/>
          <xsl:with-param name="n" select="$n3"/><xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="key" select="'planned'"/><xsl:with-param name="fill" select="'#e3a008'"/>
          <xsl:with-param name="what" select="'planned'"/><xsl:with-param name="theme" select="$name"/>
        </xsl:call-template>
        <xsl:call-template name="bar-seg">
          <xsl:with-param name="x" select="$label-w + ($n1 + $n2 + $n3) * $unit"/><xsl:with-param name="y" select="$y"/>
          <xsl:with-param name="n" select="$n4"/><xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="key" select="'not-implemented'"/><xsl:with-param name="fill" select="'#d9534f'"/>
          <xsl:with-param name="what" select="'not implemented'"/><xsl:with-param name="theme" select="$name"/>
        </xsl:call-template>
        <xsl:call-template name="bar-seg">
          <xsl:with-param name="x" select="$label-w + ($n1 + $n2 + $n3 + $n4) * $unit"/><xsl:with-param name="y" select="$y"/>
          <xsl:with-param name="n" select="$n5"/><xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="key" select="'excluded'"/><xsl:with-param name="fill" select="'#a0aec0'"/>
          <xsl:with-param name="what" select="'not applicable'"/><xsl:with-param name="theme" select="$name"/>
        </xsl:call-template>
        <xsl:call-template name="bar-seg">
          <xsl:with-param name="x" select="$label-w + ($n1 + $n2 + $n3 + $n4 + $n5) * $unit"/><xsl:with-param name="y" select="$y"/>
          <xsl:with-param name="n" select="$n6"/><xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="key" select="'undecided'"/><xsl:with-param name="fill" select="'#cfd6df'"/>
          <xsl:with-param name="what" select="'undecided'"/><xsl:with-param name="theme" select="$name"/>
        </xsl:call-template>
        <text x="{$label-w + $bar-w + 8}" y="{$y + 14}" font-size="12.5" fill="#5b6675" class="bar-count">
          <xsl:value-of select="concat($n1, '/', count($T))"/>
        </text>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <xsl:template name="soa-legend">
    <ul class="legend">
      <li><span class="swatch seg-implemented"/>Implemented</li>
      <li><span class="swatch seg-partial"/>Partial</li>
      <li><span class="swatch seg-planned"/>Planned</li>
      <li><span class="swatch seg-not-implemented"/>Not implemented</li>
      <li><span class="swatch seg-excluded"/>Not applicable</li>
      <li><span class="swatch seg-undecided"/>Undecided</li>
    </ul>
  </xsl:template>

  <!-- The figures of the SoA chart as a table (HTML): a row per theme, a
       column per status, every count, zeros too. -->
  <xsl:template name="soa-chart-table">
    <xsl:variable name="C" select="$pack/p:soa/p:control"/>
    <div class="table-wrap">
      <xsl:call-template name="scroll-region"><xsl:with-param name="labelledby" select="'soa-chart-caption'"/></xsl:call-template>
      <table class="data chart-table">
        <caption id="soa-chart-caption"><xsl:value-of select="$control-set"/> controls by theme and status</caption>
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col">Implemented</th>
            <th scope="col">Partial</th>
            <th scope="col">Planned</th>
            <th scope="col">Not implemented</th>
            <th scope="col">Not applicable</th>
            <th scope="col">Undecided</th>
            <th scope="col">Controls</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$C[not(@theme = preceding-sibling::p:control/@theme)]">
            <xsl:variable name="T" select="$C[@theme = current()/@theme]"/>
            <tr>
              <th scope="row"><xsl:call-template name="theme-name"><xsl:with-param name="theme" select="@theme"/></xsl:call-template></th>
              <td class="num"><xsl:value-of select="count($T[@applicable = 'true'][@status = 'implemented'])"/></td>
              <td class="num"><xsl:value-of select="count($T[@applicable = 'true'][@status = 'partial'])"/></td>
              <td class="num"><xsl:value-of select="count($T[@applicable = 'true'][@status = 'planned'])"/></td>
              <td class="num"><xsl:value-of select="count($T[@applicable = 'true'][not(@status) or @status = 'not-implemented'])"/></td>
              <td class="num"><xsl:value-of select="count($T[@applicable = 'false'])"/></td>
              <td class="num"><xsl:value-of select="count($T[@decided = 'false'])"/></td>
              <td class="num"><xsl:value-of select="count($T)"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

</xsl:stylesheet>
