// name: indicator-targets
// zh: 各项指标的现值和各年度目标值，由哪个部门负责？
// en: Indicators with their baseline and targets per year, by the agency accountable for them.
// param agency (string, optional, agency): 区卫生健康委 | only this agency's indicators (name or alias)
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: agency, jurisdiction, plan, indicator, unit, baseline, targets, quote, source_path, line, span_start, span_end
MATCH (p:Plan)-[:HAS_INDICATOR]->(i:Indicator)
OPTIONAL MATCH (a:Agency)-[:ACCOUNTABLE_FOR]->(i)
WITH p, i, a
WHERE $agency IS NULL OR a.name = $agency OR $agency IN a.aliases
OPTIONAL MATCH (i)-[:HAS_VALUE]->(v:IndicatorValue)
WITH p, i, a, v ORDER BY v.order
WITH p, i, a,
     [x IN collect(v) WHERE x.kind = 'baseline' |
      CASE WHEN x.year IS NULL THEN x.value ELSE toString(x.year) + ': ' + x.value END] AS baseline,
     [x IN collect(v) WHERE x.kind = 'target' |
      CASE WHEN x.year IS NULL THEN x.value ELSE toString(x.year) + ': ' + x.value END] AS targets
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, coalesce(p.doc_number, p.title) AS plan,
       i.name AS indicator, i.unit AS unit, baseline, targets, i.quote AS quote,
       i.source_path AS source_path, i.line AS line, i.span_start AS span_start, i.span_end AS span_end
ORDER BY agency, plan, i.order
SKIP $skip LIMIT $limit
