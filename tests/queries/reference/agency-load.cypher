// The plain form of queries/agency-load.cypher: every agency's facts counted, then ranked.
// tests/queries/test_streaming_lists.py checks that the text reading the kept totals answers
// the same rows. (The text agency-load had before agencies kept `total_tasks`.)
MATCH (a:Agency)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
WHERE (item:Task OR item:Assignment)
  AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(item)
WITH a, type(r) AS role, coalesce(t, item) AS task
WITH a, task.plan AS plan_key,
     count(DISTINCT CASE WHEN role = 'LEADS' THEN task.key END) AS leads,
     count(DISTINCT CASE WHEN role = 'COOPERATES_ON' THEN task.key END) AS cooperates,
     count(DISTINCT CASE WHEN role = 'RESPONSIBLE_FOR' THEN task.key END) AS responsible,
     count(DISTINCT task.key) AS tasks
WITH a, collect([plan_key, leads, cooperates, responsible, tasks]) AS per_plan,
     sum(tasks) AS total_tasks
UNWIND per_plan AS counts
MATCH (p:Document:Plan {key: counts[0]})
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, coalesce(p.doc_number, p.title) AS plan,
       counts[1] AS leads, counts[2] AS cooperates, counts[3] AS responsible,
       counts[4] AS tasks, total_tasks
ORDER BY total_tasks DESC, agency, jurisdiction, plan
SKIP $skip LIMIT $limit
