// name: same-task-across-plans
// zh: 同一项任务（标题相同或相近）在各方案中由哪些单位负责？
// en: Tasks with this title or a close variant (one title contains the other) in every plan, with their responsible units, jurisdiction by jurisdiction (plans placed in none last).
// param title (string): 改革薪酬分配制度 | a task title or part of one (at least 2 characters)
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: jurisdiction, plan, task, title, units, quote, source_path, line, span_start, span_end
// Plan by plan in jurisdiction order, an index scan: the first page reads only the plans it
// shows. Plans placed in no jurisdiction come last: read only when the others' rows end
// within the page (how many there are, up to a page, is counted first).
CALL () {
  MATCH (p:Document:Plan)-[:HAS_TASK]->(t:Task)
  WHERE p.jurisdiction IS NOT NULL AND size($title) >= 2 AND size(t.title) >= 2
    AND (t.title CONTAINS $title OR $title CONTAINS t.title)
  WITH t LIMIT $skip + $limit
  RETURN count(*) AS placed
}
CALL (placed) {
  MATCH (p:Document:Plan)
  WHERE p.jurisdiction IS NOT NULL
  WITH p ORDER BY p.jurisdiction
  MATCH (p)-[:HAS_TASK]->(t:Task)
  WHERE size($title) >= 2 AND size(t.title) >= 2
    AND (t.title CONTAINS $title OR $title CONTAINS t.title)
  WITH p, t, p.jurisdiction AS jurisdiction, coalesce(p.doc_number, p.title) AS plan
  RETURN 0 AS part, jurisdiction, plan, t
  ORDER BY jurisdiction, plan, t.span_start
  LIMIT $skip + $limit
  UNION ALL
  WITH placed WHERE placed < $skip + $limit
  MATCH (p:Document:Plan)-[:HAS_TASK]->(t:Task)
  WHERE p.jurisdiction IS NULL AND size($title) >= 2 AND size(t.title) >= 2
    AND (t.title CONTAINS $title OR $title CONTAINS t.title)
  WITH t, coalesce(p.doc_number, p.title) AS plan
  RETURN 1 AS part, null AS jurisdiction, plan, t
  ORDER BY plan, t.span_start
  LIMIT $skip + $limit
}
CALL (t) {
  OPTIONAL MATCH (a:Agency)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(t)
  WITH a, r ORDER BY r.order
  RETURN [x IN collect([a.name, type(r)]) WHERE x[0] IS NOT NULL |
          x[0] + CASE x[1] WHEN 'LEADS' THEN '（牵头）' WHEN 'COOPERATES_ON' THEN '（配合）'
                        ELSE '（负责）' END] AS units
}
RETURN jurisdiction, plan, t.task_id AS task, t.title AS title, units, t.quote AS quote,
       t.source_path AS source_path, t.line AS line, t.span_start AS span_start,
       t.span_end AS span_end
ORDER BY part, jurisdiction, plan, span_start
SKIP $skip LIMIT $limit
