// The plain form of queries/indicator-targets.cypher: every row read, then sorted. tests/queries/test_streaming_lists.py
// checks that the streaming text answers the same rows. (The text indicator-targets had before it streamed.)
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
ORDER BY agency, jurisdiction, plan, i.order
