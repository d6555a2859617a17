// name: indicator-targets
// zh: 各项指标的现值和各年度目标值，由哪个部门负责？
// en: Indicators with their baseline and targets per year, agency by agency (those accountable for them); indicators no agency is accountable for come last.
// param agency (string, optional, agency): 区卫生健康委 | only this agency's indicators (name or alias)
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: agency, jurisdiction, plan, indicator, unit, baseline, targets, quote, source_path, line, span_start, span_end
// Agency by agency in (name, jurisdiction) order, an index scan: the first page reads only the
// agencies it shows. The indicators no agency is accountable for are read only when the
// accountable ones end within the page (how many there are, up to a page, is counted first).
CALL () {
  MATCH (:Agency)-[:ACCOUNTABLE_FOR]->(i:Indicator)
  WITH i LIMIT $skip + $limit
  RETURN count(*) AS accountable
}
CALL (accountable) {
  MATCH (a:Agency)
  WHERE a.name IS NOT NULL AND a.jurisdiction IS NOT NULL
    AND ($agency IS NULL OR a.name = $agency OR $agency IN a.aliases)
  WITH a ORDER BY a.name, a.jurisdiction
  MATCH (a)-[:ACCOUNTABLE_FOR]->(i:Indicator)<-[:HAS_INDICATOR]-(p:Plan)
  WITH a, i, a.name AS agency, a.jurisdiction AS jurisdiction,
       coalesce(p.doc_number, p.title) AS plan
  RETURN 0 AS part, agency, jurisdiction, plan, i
  ORDER BY agency, jurisdiction, plan, i.order
  LIMIT $skip + $limit
  UNION ALL
  WITH accountable WHERE accountable < $skip + $limit AND $agency IS NULL
  MATCH (p:Plan)-[:HAS_INDICATOR]->(i:Indicator)
  WHERE NOT EXISTS { MATCH (:Agency)-[:ACCOUNTABLE_FOR]->(i) }
  WITH i, coalesce(p.doc_number, p.title) AS plan
  RETURN 1 AS part, null AS agency, null AS jurisdiction, plan, i
  ORDER BY plan, i.order
  LIMIT $skip + $limit
}
CALL (i) {
  OPTIONAL MATCH (i)-[:HAS_VALUE]->(v:IndicatorValue)
  WITH v ORDER BY v.order
  RETURN [x IN collect(v) WHERE x.kind = 'baseline' |
          CASE WHEN x.year IS NULL THEN x.value ELSE toString(x.year) + ': ' + x.value END] AS baseline,
         [x IN collect(v) WHERE x.kind = 'target' |
          CASE WHEN x.year IS NULL THEN x.value ELSE toString(x.year) + ': ' + x.value END] AS targets
}
RETURN agency, jurisdiction, plan, i.name AS indicator, i.unit AS unit, baseline, targets,
       i.quote AS quote, i.source_path AS source_path, i.line AS line, i.span_start AS span_start,
       i.span_end AS span_end
ORDER BY part, agency, jurisdiction, plan, i.order
SKIP $skip LIMIT $limit
