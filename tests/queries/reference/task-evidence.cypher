// The plain form of queries/task-evidence.cypher (its text before: the tasks so named, then
// filtered by plan). tests/queries/test_streaming_lists.py checks both give the same rows.
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE (t.key = $task OR t.title = $task OR t.task_id = $task)
  AND ($plan IS NULL OR p.doc_number = $plan OR p.title = $plan)
OPTIONAL MATCH (a:Agency)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(t)
WITH p, t, collect([r.order, a.name, type(r), r.quote, r.span_start, r.span_end]) AS edges
UNWIND [['task', null, t.quote, t.span_start, t.span_end]] +
       [e IN edges WHERE e[1] IS NOT NULL |
        [CASE e[2] WHEN 'LEADS' THEN 'lead' WHEN 'COOPERATES_ON' THEN 'cooperating'
              ELSE 'responsible' END, e[1], e[3], e[4], e[5]]] AS fact
RETURN coalesce(p.doc_number, p.title) AS plan, t.task_id AS task, t.title AS title, fact[0] AS fact,
       fact[1] AS agency, fact[2] AS quote, t.source_path AS source_path,
       t.source_sha256 AS source_sha256, fact[3] AS span_start, fact[4] AS span_end
ORDER BY plan, t.span_start, span_start, fact, agency
