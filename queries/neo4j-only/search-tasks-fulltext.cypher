// name: search-tasks-fulltext
// zh: 哪些任务、分工条目和指标含有这些词？（仅 Neo4j：全文索引 search_text，cjk 分词，按相关度排序）
// en: search-tasks through Neo4j's full-text index search_text (cjk analyzer: Chinese as overlapping pairs of characters), best hits first. Neo4j only: the embedded store has no full-text index, so this is not a saved query; paste it into the Browser with :param words => '医保 支付'. Each word is one quoted phrase and all are required, so for words of two or more Chinese characters the hits are those of search-tasks; a single character, or a word with letters, digits or punctuation, is matched as the analyzer splits it and may differ.
// param words (string): 医保 支付 | words separated by spaces; a hit contains every one
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: plan, kind, task, row, title, text, source_path, line, span_start, span_end, key, score
WITH [w IN split(replace(trim($words), '　', ' '), ' ') WHERE w <> ''] AS words
WITH reduce(q = '', w IN words | q + CASE q WHEN '' THEN '' ELSE ' AND ' END +
            '"' + replace(replace(w, '\\', ''), '"', '') + '"') AS lucene
WHERE lucene <> ''
CALL db.index.fulltext.queryNodes('search_text', lucene) YIELD node, score
MATCH (p:Plan {key: node.plan})
OPTIONAL MATCH (t:Task)-[:HAS_ASSIGNMENT]->(node)
WITH p, node, score, coalesce(t, CASE WHEN node:Task THEN node END) AS task
RETURN coalesce(p.doc_number, p.title) AS plan,
       CASE WHEN node:Task THEN 'task' WHEN node:Assignment THEN 'row' ELSE 'indicator' END AS kind,
       task.task_id AS task, CASE WHEN node:Assignment THEN node.order END AS row,
       coalesce(task.title, node.name) AS title,
       CASE WHEN node:Indicator THEN null ELSE node.text END AS text,
       node.source_path AS source_path, node.line AS line, node.span_start AS span_start,
       node.span_end AS span_end, node.key AS key, score
ORDER BY score DESC, key
SKIP $skip LIMIT $limit
