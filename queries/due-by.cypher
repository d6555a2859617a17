// name: due-by
// zh: 到某年为止到期的任务和分工条目，按部门列出；长期坚持、持续推进的条目单列。
// en: What falls due by the end of $year, grouped by accountable agency; ongoing items (持续推进) come after, marked due = 'ongoing'.
// param year (int): 2025 | the last year included
// columns: agency, jurisdiction, due, plan, task, row, title, deadline_written, source_path, span_start, span_end
MATCH (a:Agency)-[r:LEADS|RESPONSIBLE_FOR]->(item)
WHERE (item:Task OR item:Assignment) AND item.deadline IS NOT NULL
  AND (item.deadline = 'ongoing' OR toInteger(left(item.deadline, 4)) <= $year)
MATCH (p:Plan {key: item.plan})
OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(item)
WITH a, item, p, coalesce(t, item) AS task,
     CASE WHEN item.deadline = 'ongoing' THEN 'ongoing' ELSE item.deadline END AS due
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, due, coalesce(p.doc_number, p.title) AS plan,
       task.task_id AS task, CASE WHEN item:Assignment THEN item.order END AS row,
       task.title AS title, item.deadline_written AS deadline_written,
       item.source_path AS source_path, item.span_start AS span_start,
       item.span_end AS span_end
ORDER BY due = 'ongoing', agency, jurisdiction, due, plan, span_start
