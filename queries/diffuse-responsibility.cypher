// name: diffuse-responsibility
// zh: 哪些任务有多个责任单位却没有明确牵头单位？
// en: Which tasks have at least $min_units responsible or cooperating agencies and no named lead? Plan by plan, the most agencies first.
// param min_units (int): 3 | the fewest agencies that makes responsibility diffuse
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: plan, task, title, units, agencies, quote, source_path, line, span_start, span_end
// plan by plan in key order (an index scan): the first page reads only the plans it shows
MATCH (p:Document:Plan)
WHERE p.key IS NOT NULL
WITH p ORDER BY p.key
CALL (p) {
  MATCH (p)-[:HAS_TASK]->(t:Task)
  WHERE NOT EXISTS { MATCH (t)<-[:LEADS]-(:Agency) }
  MATCH (t)<-[:RESPONSIBLE_FOR|COOPERATES_ON]-(a:Agency)
  WITH t, a ORDER BY a.name
  WITH t, collect(DISTINCT a.name) AS agencies
  WHERE size(agencies) >= $min_units
  RETURN t, agencies
}
RETURN coalesce(p.doc_number, p.title) AS plan, t.task_id AS task, t.title AS title,
       size(agencies) AS units, agencies, t.quote AS quote, t.source_path AS source_path,
       t.line AS line, t.span_start AS span_start, t.span_end AS span_end
ORDER BY p.key, units DESC, span_start
SKIP $skip LIMIT $limit
