// name: search-tasks
// zh: 哪些任务、分工条目和指标含有这些词（每个词都要有）？
// en: Which tasks (title or text), task-division rows (text) and indicators (name) contain every one of these words? Words are separated by spaces; case is ignored. The same hits on Neo4j and on the embedded store: plain CONTAINS over the words, which both engines run. On Neo4j the full-text index search_text (cjk analyzer) finds the same hits for words of two or more Chinese characters, ranked: queries/neo4j-only/search-tasks-fulltext.cypher.
// param words (string): 医保 支付 | words separated by spaces; a hit contains every one
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: plan, kind, task, row, title, text, source_path, line, span_start, span_end, key
WITH [w IN split(replace(toLower(trim($words)), '　', ' '), ' ') WHERE w <> ''] AS words
// plan by plan in key order (an index scan): the first page reads only the plans it shows
MATCH (p:Document:Plan)
WHERE size(words) > 0 AND p.key IS NOT NULL
WITH words, p ORDER BY p.key
CALL (words, p) {
  MATCH (p)-[:HAS_TASK]->(t:Task)
  WHERE all(w IN words WHERE toLower(coalesce(t.title, '')) CONTAINS w
                          OR toLower(coalesce(t.text, '')) CONTAINS w)
  RETURN 'task' AS kind, t.task_id AS task, null AS row, t.title AS title, t.text AS text,
         t.source_path AS source_path, t.line AS line, t.span_start AS span_start,
         t.span_end AS span_end, t.key AS key
  UNION ALL
  MATCH (p)-[:HAS_TASK]->(t:Task)-[:HAS_ASSIGNMENT]->(r:Assignment)
  WHERE all(w IN words WHERE toLower(coalesce(r.text, '')) CONTAINS w)
  RETURN 'row' AS kind, t.task_id AS task, r.order AS row, t.title AS title, r.text AS text,
         r.source_path AS source_path, r.line AS line, r.span_start AS span_start,
         r.span_end AS span_end, r.key AS key
  UNION ALL
  MATCH (p)-[:HAS_INDICATOR]->(i:Indicator)
  WHERE all(w IN words WHERE toLower(coalesce(i.name, '')) CONTAINS w)
  RETURN 'indicator' AS kind, null AS task, null AS row, i.name AS title, null AS text,
         i.source_path AS source_path, i.line AS line, i.span_start AS span_start,
         i.span_end AS span_end, i.key AS key
}
RETURN coalesce(p.doc_number, p.title) AS plan, kind, task, row, title, text, source_path, line,
       span_start, span_end, key
ORDER BY p.key, span_start, kind, row, key
SKIP $skip LIMIT $limit
