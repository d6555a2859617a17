// name: co-responsibility
// zh: 哪些部门经常共同承担任务？
// en: Which pairs of agencies share tasks, and how many?
// param jurisdiction (string, optional, jurisdiction): 重庆市渝北区 | only pairs within this jurisdiction
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: first, second, jurisdiction, shared_tasks, plans
MATCH (a:Agency)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(t:Task)
      <-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(b:Agency)
WHERE a.key < b.key
  AND ($jurisdiction IS NULL OR (a.jurisdiction = $jurisdiction AND b.jurisdiction = $jurisdiction))
WITH a, b, count(DISTINCT t) AS shared_tasks, count(DISTINCT t.plan) AS plans
RETURN a.name AS first, b.name AS second,
       CASE WHEN a.jurisdiction = b.jurisdiction THEN a.jurisdiction END AS jurisdiction,
       shared_tasks, plans
ORDER BY shared_tasks DESC, first, second, jurisdiction
SKIP $skip LIMIT $limit
