// name: agency-load
// zh: 各部门在每个方案中牵头、配合、负责多少项任务？合计多少？
// en: Agencies ranked by the tasks they lead, cooperate on or answer for, per plan and in total (a task counts once per role, whether the role is on the task or on one of its rows).
// param jurisdiction (string, optional, jurisdiction): 重庆市渝北区 | only agencies of this jurisdiction
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: agency, jurisdiction, plan, leads, cooperates, responsible, tasks, total_tasks
// Agencies in order of their kept total (the writer keeps `total_tasks`: graph/cypher.py), read
// from its index, so the first page counts the plans of its own agencies only
MATCH (a:Agency)
WHERE a.total_tasks > 0
  AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
WITH a ORDER BY a.total_tasks DESC
CALL (a) {
  MATCH (a)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
  WHERE item:Task OR item:Assignment
  // a row counts for its task: it keeps its task's key (`task`) and plan, so no walk back
  WITH type(r) AS role, item.plan AS plan_key,
       CASE WHEN item:Assignment THEN item.task ELSE item.key END AS task_key
  WITH plan_key,
       count(DISTINCT CASE WHEN role = 'LEADS' THEN task_key END) AS leads,
       count(DISTINCT CASE WHEN role = 'COOPERATES_ON' THEN task_key END) AS cooperates,
       count(DISTINCT CASE WHEN role = 'RESPONSIBLE_FOR' THEN task_key END) AS responsible,
       count(DISTINCT task_key) AS tasks
  MATCH (p:Document:Plan {key: plan_key})
  RETURN coalesce(p.doc_number, p.title) AS plan, leads, cooperates, responsible, tasks
}
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, plan, leads, cooperates, responsible,
       tasks, a.total_tasks AS total_tasks
ORDER BY total_tasks DESC, agency, jurisdiction, plan
SKIP $skip LIMIT $limit
