// The plain form of queries/same-task-across-plans.cypher: every row read, then sorted. tests/queries/test_streaming_lists.py
// checks that the streaming text answers the same rows. (The text same-task-across-plans had before it streamed.)
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE size($title) >= 2 AND size(t.title) >= 2
  AND (t.title CONTAINS $title OR $title CONTAINS t.title)
OPTIONAL MATCH (a:Agency)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(t)
WITH p, t, a, r ORDER BY r.order
WITH p, t, [x IN collect([a.name, type(r)]) WHERE x[0] IS NOT NULL |
            x[0] + CASE x[1] WHEN 'LEADS' THEN '（牵头）' WHEN 'COOPERATES_ON' THEN '（配合）'
                          ELSE '（负责）' END] AS units
RETURN p.jurisdiction AS jurisdiction, coalesce(p.doc_number, p.title) AS plan, t.task_id AS task,
       t.title AS title, units, t.quote AS quote, t.source_path AS source_path,
       t.line AS line, t.span_start AS span_start, t.span_end AS span_end
ORDER BY jurisdiction, plan, span_start
