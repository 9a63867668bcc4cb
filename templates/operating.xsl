<?xml version="1.0" encoding="UTF-8"?>
<!-- operating.xsl: operating the ISMS between audits (operating.html):
     everything that falls due, the recurring activities and their latest
     records, the nonconformities with their corrective actions, the
     supplier register, and the audits of the certification cycle. Row ids
     are the records' ids (operating.html#SUP-001). -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:p="urn:ismc:pack:1"
  exclude-result-prefixes="p">

  <xsl:import href="common.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Operating the ISMS'"/>
      <xsl:with-param name="content-mode" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's content, built straight into the page (common.xsl "page") -->
  <xsl:template match="/" mode="page">
    <xsl:variable name="D" select="$pack/p:due/p:item"/>
    <div class="page-head">
      <h1>Operating the ISMS</h1>
      <p class="lede">
        <xsl:value-of select="concat('What falls due as of ', $as-of, ': ', count($D[@state = 'overdue']), ' overdue, ',
                              count($D[@state = 'soon']), ' in the next ', $pack/p:due/@soon-days, ' days. ',
                              'The recurring activities and their records (clause 9.1), the nonconformities and their corrective actions (10.2), and the suppliers (A.5.19 to A.5.22).')"/>
      </p>
      <xsl:variable name="pit"><xsl:call-template name="point-in-time"/></xsl:variable>
      <xsl:if test="string($pit) != ''"><p class="hint"><xsl:value-of select="$pit"/></p></xsl:if>
    </div>
    <nav class="toc-inline" aria-label="Parts of this page">
      <a href="#due">Falls due</a>
      <a href="#activities">Recurring activities</a>
      <a href="#nonconformities">Nonconformities</a>
      <a href="#suppliers">Suppliers</a>
    </nav>
    <section id="due" aria-labelledby="due-h">
      <h2 id="due-h">Falls due</h2>
      <xsl:choose>
        <xsl:when test="$D[@state != 'later']">
          <xsl:call-template name="due-table">
            <xsl:with-param name="items" select="$D[@state != 'later']"/>
            <xsl:with-param name="id" select="'due-now'"/>
            <xsl:with-param name="caption" select="concat('Overdue, and due in the next ', $pack/p:due/@soon-days, ' days')"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <p class="all-clear">Nothing is overdue or due in the next <xsl:value-of select="$pack/p:due/@soon-days"/> days.</p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$D[@state = 'later']">
        <details class="chart-data">
          <summary>Later <span class="count"><xsl:value-of select="count($D[@state = 'later'])"/></span></summary>
          <xsl:call-template name="due-table">
            <xsl:with-param name="items" select="$D[@state = 'later']"/>
            <xsl:with-param name="id" select="'due-later'"/>
            <xsl:with-param name="caption" select="'Due later'"/>
          </xsl:call-template>
        </details>
      </xsl:if>
    </section>
    <section id="activities" aria-labelledby="activities-h">
      <h2 id="activities-h">Recurring activities</h2>
      <xsl:choose>
        <xsl:when test="$pack/p:activities/p:activity"><xsl:call-template name="activity-table"/></xsl:when>
        <xsl:otherwise><p class="none">No activities register.</p></xsl:otherwise>
      </xsl:choose>
    </section>
    <section id="nonconformities" aria-labelledby="nonconformities-h">
      <h2 id="nonconformities-h">Nonconformities</h2>
      <xsl:choose>
        <xsl:when test="$pack/p:nonconformities/p:nonconformity"><xsl:call-template name="nonconformity-table"/></xsl:when>
        <xsl:otherwise><p class="none">No nonconformities register.</p></xsl:otherwise>
      </xsl:choose>
    </section>
    <section id="suppliers" aria-labelledby="suppliers-h">
      <h2 id="suppliers-h">Suppliers</h2>
      <xsl:choose>
        <xsl:when test="$pack/p:suppliers/p:supplier"><xsl:call-template name="supplier-table"/></xsl:when>
        <xsl:otherwise><p class="none">No supplier register.</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
