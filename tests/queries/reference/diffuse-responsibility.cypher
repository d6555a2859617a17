// The plain form of queries/diffuse-responsibility.cypher: every row read, then sorted. tests/queries/test_streaming_lists.py
// checks that the streaming text answers the same rows. (The text diffuse-responsibility had before it streamed.)
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE NOT EXISTS { MATCH (t)<-[:LEADS]-(:Agency) }
MATCH (t)<-[:RESPONSIBLE_FOR|COOPERATES_ON]-(a:Agency)
WITH p, t, a ORDER BY a.name
WITH p, t, collect(DISTINCT a.name) AS agencies
WHERE size(agencies) >= $min_units
RETURN coalesce(p.doc_number, p.title) AS plan, t.task_id AS task, t.title AS title, size(agencies) AS units,
       agencies, t.quote AS quote, t.source_path AS source_path, t.line AS line, t.span_start AS span_start,
       t.span_end AS span_end
ORDER BY plan, units DESC, span_start
