// name: implementers
// zh: 哪些方案直接或通过中间文件贯彻落实了该文件？（政策扩散）
// en: Every plan that implements the document directly or through intermediate documents, with jurisdiction, issue date, path length and the status of each hop of the shortest path (stated, confirmed, inferred: see plan-lineage) (policy diffusion).
// param document (string, document): 中办发〔2023〕10号 | the document's doc number or title
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: document, plan, title, jurisdiction, issued, hops, chain, statuses
MATCH (d:Document)
WHERE d.doc_number = $document OR d.title = $document
MATCH path = (p:Plan)-[:IMPLEMENTS*1..8]->(d)
WITH d, p, path ORDER BY length(path), [n IN nodes(path) | n.key]
WITH d, p, collect(path)[0] AS path
RETURN d.doc_number AS document, coalesce(p.doc_number, p.title) AS plan, p.title AS title,
       p.jurisdiction AS jurisdiction, p.issued AS issued, length(path) AS hops,
       [n IN nodes(path) | coalesce(n.doc_number, n.title)] AS chain,
       [r IN relationships(path) | r.status] AS statuses
ORDER BY hops, issued, plan
SKIP $skip LIMIT $limit
