// name: diffuse-responsibility
// zh: 哪些任务有多个责任单位却没有明确牵头单位？
// en: Which tasks have at least $min_units responsible or cooperating agencies and no named lead?
// param min_units (int): 3 | the fewest agencies that makes responsibility diffuse
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: plan, task, title, units, agencies, quote, source_path, line, span_start, span_end
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE NOT EXISTS { MATCH (t)<-[:LEADS]-(:Agency) }
MATCH (t)<-[:RESPONSIBLE_FOR|COOPERATES_ON]-(a:Agency)
WITH p, t, a ORDER BY a.name
WITH p, t, collect(DISTINCT a.name) AS agencies
WHERE size(agencies) >= $min_units
RETURN coalesce(p.doc_number, p.title) AS plan, t.task_id AS task, t.title AS title, size(agencies) AS units,
       agencies, t.quote AS quote, t.source_path AS source_path, t.line AS line, t.span_start AS span_start,
       t.span_end AS span_end
ORDER BY units DESC, plan, span_start
SKIP $skip LIMIT $limit
