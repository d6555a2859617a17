// name: due-by
// zh: 到某年为止到期的任务、分工条目和有年份的指标目标，按部门和角色列出（牵头、配合、负责）；每个部门先列有期限的，再列长期坚持、持续推进的；无责任单位的（unowned）列在最后。
// en: What falls due by the end of $year: dated tasks and task-division rows (row-level where a task has rows), and indicator targets dated in the text (2023年底前 … 达50%), agency by agency with each one's role (lead, cooperating, responsible); an agency's ongoing items (持续推进, due = 'ongoing') after its dated ones; items naming no agency (role unowned) last.
// param year (int): 2025 | the last year included
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: agency, jurisdiction, role, due, plan, task, row, title, target, deadline_written, source_path, line, span_start, span_end
// Agency by agency in (name, jurisdiction) order, an index scan: the first page reads only the
// agencies it shows; the items naming no agency are read only when the agencies' rows end
// within the page.
// How many (agency, dated task or row) facts there are, up to a page: when they fill it, the
// items naming no agency (after every agency's) are not read
CALL () {
  MATCH (a:Agency)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
  WHERE (item:Task OR item:Assignment) AND item.deadline IS NOT NULL
    AND (item.deadline = 'ongoing' OR toInteger(left(item.deadline, 4)) <= $year)
    AND NOT (item:Task AND
             (a)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(:Assignment)<-[:HAS_ASSIGNMENT]-(item))
  WITH item LIMIT $skip + $limit
  RETURN count(*) AS named
}
CALL (named) {
  MATCH (a:Agency)
  WHERE a.name IS NOT NULL AND a.jurisdiction IS NOT NULL
  WITH a ORDER BY a.name, a.jurisdiction
  CALL (a) {
    // tasks and rows it is named on, with a deadline; a task's own entry only where its rows
    // do not name the agency (each fact once)
    MATCH (a)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
    WHERE (item:Task OR item:Assignment) AND item.deadline IS NOT NULL
      AND (item.deadline = 'ongoing' OR toInteger(left(item.deadline, 4)) <= $year)
      AND NOT (item:Task AND
               (a)-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(:Assignment)<-[:HAS_ASSIGNMENT]-(item))
    OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(item)
    RETURN type(r) AS role_type, coalesce(t, item) AS task, item AS dated, null AS i, null AS v
    UNION ALL
    // a target with a year, in a task's text, of an indicator it is accountable for
    MATCH (a)-[:ACCOUNTABLE_FOR]->(i:Indicator)-[:HAS_VALUE]->(v:IndicatorValue)
    WHERE v.kind = 'target' AND v.year IS NOT NULL AND v.year <= $year
    MATCH (task:Task)-[:HAS_INDICATOR]->(i)
    RETURN 'RESPONSIBLE_FOR' AS role_type, task, null AS dated, i, v
    UNION ALL
    // ... of an indicator nobody is accountable for, on a task it or one of the task's rows names
    MATCH (a)-[named_role:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]->(item)
    WHERE item:Task OR item:Assignment
    OPTIONAL MATCH (parent:Task)-[:HAS_ASSIGNMENT]->(item)
    WITH DISTINCT coalesce(parent, item) AS task, type(named_role) AS role_type
    MATCH (task)-[:HAS_INDICATOR]->(i:Indicator)-[:HAS_VALUE]->(v:IndicatorValue)
    WHERE v.kind = 'target' AND v.year IS NOT NULL AND v.year <= $year
      AND NOT EXISTS { MATCH (:Agency)-[:ACCOUNTABLE_FOR]->(i) }
    RETURN role_type, task, null AS dated, i, v
  }
  WITH a, role_type, task, dated, i, v, coalesce(dated, v) AS evidence
  MATCH (p:Document:Plan {key: task.plan})
  WITH a.name AS agency, a.jurisdiction AS jurisdiction,
       CASE role_type WHEN 'LEADS' THEN 'lead' WHEN 'COOPERATES_ON' THEN 'cooperating'
                      ELSE 'responsible' END AS role,
       coalesce(dated.deadline, toString(v.year)) AS due, coalesce(p.doc_number, p.title) AS plan,
       task.task_id AS task, CASE WHEN dated:Assignment THEN dated.order END AS row,
       task.title AS title,
       CASE WHEN v IS NULL THEN null
            WHEN i.qualifier IN ['以上', '以下', '以内']
            THEN i.name + ' ' + v.value + coalesce(i.unit, '') + i.qualifier
            ELSE i.name + ' ' + coalesce(i.qualifier, '') + v.value + coalesce(i.unit, '') END
         AS target,
       coalesce(dated.deadline_written, toString(v.year)) AS deadline_written,
       evidence.source_path AS source_path, evidence.line AS line,
       evidence.span_start AS span_start, evidence.span_end AS span_end
  RETURN 0 AS part, agency, jurisdiction, role, due, plan, task, row, title, target,
         deadline_written, source_path, line, span_start, span_end
  ORDER BY agency, jurisdiction, due = 'ongoing', due, plan, span_start, role, target
  LIMIT $skip + $limit
  UNION ALL
  // what names no agency: dated tasks without rows and rows with no agency, and dated
  // targets whose indicator, task and rows name none
  WITH named WHERE named < $skip + $limit
  CALL () {
    MATCH (item)
    WHERE (item:Task OR item:Assignment) AND item.deadline IS NOT NULL
      AND (item.deadline = 'ongoing' OR toInteger(left(item.deadline, 4)) <= $year)
      AND NOT EXISTS { MATCH (item)<-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(:Agency) }
      AND NOT (item:Task AND EXISTS { MATCH (item)-[:HAS_ASSIGNMENT]->() })
    OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(item)
    RETURN coalesce(t, item) AS task, item AS dated, null AS i, null AS v
    UNION ALL
    MATCH (task:Task)-[:HAS_INDICATOR]->(i:Indicator)-[:HAS_VALUE]->(v:IndicatorValue)
    WHERE v.kind = 'target' AND v.year IS NOT NULL AND v.year <= $year
      AND NOT EXISTS { MATCH (:Agency)-[:ACCOUNTABLE_FOR]->(i) }
      AND NOT EXISTS { MATCH (task)<-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(:Agency) }
      AND NOT EXISTS {
        MATCH (task)-[:HAS_ASSIGNMENT]->(:Assignment)<-[:LEADS|COOPERATES_ON|RESPONSIBLE_FOR]-(:Agency) }
    RETURN task, null AS dated, i, v
  }
  WITH task, dated, i, v, coalesce(dated, v) AS evidence
  MATCH (p:Document:Plan {key: task.plan})
  WITH coalesce(dated.deadline, toString(v.year)) AS due, coalesce(p.doc_number, p.title) AS plan,
       task.task_id AS task, CASE WHEN dated:Assignment THEN dated.order END AS row,
       task.title AS title,
       CASE WHEN v IS NULL THEN null
            WHEN i.qualifier IN ['以上', '以下', '以内']
            THEN i.name + ' ' + v.value + coalesce(i.unit, '') + i.qualifier
            ELSE i.name + ' ' + coalesce(i.qualifier, '') + v.value + coalesce(i.unit, '') END
         AS target,
       coalesce(dated.deadline_written, toString(v.year)) AS deadline_written,
       evidence.source_path AS source_path, evidence.line AS line,
       evidence.span_start AS span_start, evidence.span_end AS span_end
  RETURN 1 AS part, null AS agency, null AS jurisdiction, 'unowned' AS role, due, plan, task, row,
         title, target, deadline_written, source_path, line, span_start, span_end
  ORDER BY due = 'ongoing', due, plan, span_start, target
  LIMIT $skip + $limit
}
RETURN agency, jurisdiction, role, due, plan, task, row, title, target, deadline_written,
       source_path, line, span_start, span_end
ORDER BY part, agency, jurisdiction, due = 'ongoing', due, plan, span_start, role, target
SKIP $skip LIMIT $limit
