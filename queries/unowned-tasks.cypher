// name: unowned-tasks
// zh: 哪些任务和分工条目没有任何责任单位？
// en: Which tasks name no responsible agency (neither on the task nor on any of its rows), and which task-division rows name none, per plan?
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: plan, task, row, title, text, quote, source_path, line, span_start, span_end
// plan by plan in key order (an index scan): the first page reads only the plans it shows
MATCH (p:Document:Plan)
WHERE p.key IS NOT NULL
WITH p ORDER BY p.key
CALL (p) {
  MATCH (p)-[:HAS_TASK]->(t:Task)
  WHERE NOT EXISTS { MATCH (t)<-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(:Agency) }
    AND NOT EXISTS {
      MATCH (t)-[:HAS_ASSIGNMENT]->(:Assignment)<-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(:Agency) }
  RETURN t.task_id AS task, null AS row, t.title AS title, t.text AS text,
         t.quote AS quote, t.source_path AS source_path, t.line AS line, t.span_start AS span_start,
         t.span_end AS span_end
  UNION ALL
  MATCH (p)-[:HAS_TASK]->(t:Task)-[:HAS_ASSIGNMENT]->(row:Assignment)
  WHERE NOT EXISTS { MATCH (row)<-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(:Agency) }
  RETURN t.task_id AS task, row.order AS row, t.title AS title,
         row.text AS text, row.quote AS quote, row.source_path AS source_path,
         row.line AS line, row.span_start AS span_start, row.span_end AS span_end
}
RETURN coalesce(p.doc_number, p.title) AS plan, task, row, title, text, quote, source_path, span_start,
       span_end
ORDER BY p.key, span_start, row
SKIP $skip LIMIT $limit
