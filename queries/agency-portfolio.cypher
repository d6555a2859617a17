// name: agency-portfolio
// zh: 某部门牵头、配合或负责哪些任务和分工条目？各属哪个方案、什么角色、何时完成？（每项只列一次：有分工表的任务列其条目。）
// en: Which tasks and task-division rows does an agency lead, cooperate on or answer for, in which plan, in which role, by when? Each fact once: the rows that name the agency where the task has a table, with the task as context; the task itself only where no row names it.
// param agency (string, agency): 区医保局 | canonical name or a written alias (区医疗保障局)
// param jurisdiction (string, optional, jurisdiction): 重庆市渝北区 | only the agency of this jurisdiction
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: agency, jurisdiction, plan, task, row, title, role, deadline, quote, source_path, line, span_start, span_end
MATCH (a:Agency)
WHERE (a.name = $agency OR $agency IN a.aliases)
  AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
MATCH (a)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
WHERE (item:Task OR item:Assignment)
  // each fact once: a task's own entry only where none of its rows names the agency
  AND NOT (item:Task AND
           (a)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(:Assignment)<-[:HAS_ASSIGNMENT]-(item))
MATCH (p:Document:Plan {key: item.plan})
OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(item)
WITH a, r, item, p, coalesce(t, item) AS task
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, coalesce(p.doc_number, p.title) AS plan,
       task.task_id AS task, CASE WHEN item:Assignment THEN item.order END AS row,
       task.title AS title,
       CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'COOPERATES_ON' THEN 'cooperating'
            ELSE 'responsible' END AS role,
       item.deadline AS deadline, r.quote AS quote, r.source_path AS source_path,
       r.line AS line, r.span_start AS span_start, r.span_end AS span_end
ORDER BY jurisdiction, plan, r.span_start, row, role
SKIP $skip LIMIT $limit
