// The plain form of queries/due-by.cypher: every row read, then sorted. tests/queries/test_streaming_lists.py
// checks that the streaming text answers the same rows. (The text due-by had before it streamed.)
CALL () {
  // tasks and rows with a deadline; a task's own entry only where its rows do not name the
  // agency (each fact once), and a task with rows is not itself unowned
  MATCH (item)
  WHERE (item:Task OR item:Assignment) AND item.deadline IS NOT NULL
    AND (item.deadline = 'ongoing' OR toInteger(left(item.deadline, 4)) <= $year)
  OPTIONAL MATCH (a:Agency)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
  WITH item, a, r
  WHERE NOT (item:Task AND a IS NOT NULL AND
             (a)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(:Assignment)<-[:HAS_ASSIGNMENT]-(item))
    AND NOT (item:Task AND a IS NULL AND (item)-[:HAS_ASSIGNMENT]->())
  OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(item)
  RETURN a, CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'COOPERATES_ON' THEN 'cooperating'
                WHEN 'RESPONSIBLE_FOR' THEN 'responsible' ELSE 'unowned' END AS role,
         item.deadline AS due, coalesce(t, item) AS task,
         CASE WHEN item:Assignment THEN item.order END AS row, null AS target,
         item.deadline_written AS deadline_written, item.source_path AS source_path,
         item.line AS line, item.span_start AS span_start, item.span_end AS span_end, item.plan AS plan_key
  UNION ALL
  // a target with a year, in a task's text: the agencies accountable for the indicator, else
  // those named on the task or its rows
  MATCH (task:Task)-[:HAS_INDICATOR]->(i:Indicator)-[:HAS_VALUE]->(v:IndicatorValue)
  WHERE v.kind = 'target' AND v.year IS NOT NULL AND v.year <= $year
  OPTIONAL MATCH (own:Agency)-[:ACCOUNTABLE_FOR]->(i)
  WITH task, i, v, collect(DISTINCT own) AS owners
  // the task and its rows, expanded from (not every agency, then filtered)
  OPTIONAL MATCH (task)-[:HAS_ASSIGNMENT]->(task_row)
  WITH task, i, v, owners, collect(task_row) AS task_rows
  UNWIND [task] + task_rows AS item
  OPTIONAL MATCH (named:Agency)-[named_role:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
  WHERE size(owners) = 0
  WITH task, i, v, owners,
       collect(DISTINCT [named, CASE type(named_role) WHEN 'LEADS' THEN 'lead'
                                 WHEN 'COOPERATES_ON' THEN 'cooperating'
                                 WHEN 'RESPONSIBLE_FOR' THEN 'responsible' END]) AS named
  WITH task, i, v, CASE WHEN size(owners) > 0 THEN [o IN owners | [o, 'responsible']]
                        ELSE [n IN named WHERE n[0] IS NOT NULL] END AS accountable
  UNWIND CASE WHEN size(accountable) = 0 THEN [[null, 'unowned']] ELSE accountable END AS pair
  RETURN pair[0] AS a, pair[1] AS role, toString(v.year) AS due, task, null AS row,
         i.name + ' ' + CASE WHEN i.qualifier IN ['以上', '以下', '以内']
                           THEN v.value + coalesce(i.unit, '') + i.qualifier
                           ELSE coalesce(i.qualifier, '') + v.value + coalesce(i.unit, '') END
           AS target,
         toString(v.year) AS deadline_written, v.source_path AS source_path,
         v.line AS line, v.span_start AS span_start, v.span_end AS span_end, task.plan AS plan_key
}
MATCH (p:Document:Plan {key: plan_key})
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, role, due,
       coalesce(p.doc_number, p.title) AS plan, task.task_id AS task, row,
       task.title AS title, target, deadline_written, source_path, line, span_start,
       span_end
ORDER BY agency IS NULL, agency, jurisdiction, due = 'ongoing', due, plan, span_start, role, target
