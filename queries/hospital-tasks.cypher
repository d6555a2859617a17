// name: hospital-tasks
// zh: 方案点名了哪些医院？涉及哪些任务？由哪些部门负责？
// en: Named hospitals, the tasks that name them, and the agencies accountable for those tasks.
// param hospital (string, optional): 区人民医院 | only hospitals whose name contains this
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: hospital, plan, task, title, agencies, quote, source_path, line, span_start, span_end
// hospital by hospital in (name, key) order, an index scan on the name (the key holds the
// jurisdiction: 区人民医院 is a hospital of its own in every district): the first page reads
// only the hospitals it shows
MATCH (h:Hospital)
WHERE h.name IS NOT NULL AND ($hospital IS NULL OR h.name CONTAINS $hospital)
WITH h ORDER BY h.name, h.key
CALL (h) {
  MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:MENTIONS_HOSPITAL]->(h)
  OPTIONAL MATCH (a:Agency)-[:LEADS|RESPONSIBLE_FOR]->(t)
  WITH p, t, a ORDER BY a.name
  WITH p, t, collect(DISTINCT a.name) AS agencies
  RETURN p, t, agencies
}
RETURN h.name AS hospital, coalesce(p.doc_number, p.title) AS plan, t.task_id AS task, t.title AS title,
       agencies, t.quote AS quote, t.source_path AS source_path, t.line AS line, t.span_start AS span_start,
       t.span_end AS span_end
ORDER BY hospital, h.key, p.key, span_start
SKIP $skip LIMIT $limit
