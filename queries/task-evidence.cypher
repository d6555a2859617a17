// name: task-evidence
// zh: 该任务及其每条责任关系出自原文哪一句？
// en: The source text behind a task and behind each of its responsibility edges (file, sha256, character span, quote).
// param task (string): 改革薪酬分配制度 | the task's title, its number in the plan (17) or its key
// param plan (string, optional, plan): 渝北府办发〔2022〕40号 | the plan's doc number or title
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: plan, task, title, fact, agency, quote, source_path, source_sha256, span_start, span_end
// with a plan: that plan's tasks (an index seek on the plan); without: every task so named
CALL () {
  // (a clause of its own, so the branch not taken reads nothing)
  WITH $plan AS plan WHERE plan IS NOT NULL
  MATCH (p:Document:Plan)
  WHERE p.doc_number = plan OR p.title = plan
  MATCH (p)-[:HAS_TASK]->(t:Task)
  WHERE t.key = $task OR t.title = $task OR t.task_id = $task
  RETURN p, t
  UNION ALL
  WITH $plan AS plan WHERE plan IS NULL
  MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
  WHERE t.key = $task OR t.title = $task OR t.task_id = $task
  RETURN p, t
}
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
SKIP $skip LIMIT $limit
