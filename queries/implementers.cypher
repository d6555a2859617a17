// name: implementers
// zh: 哪些方案直接或通过中间文件贯彻落实了该文件？（政策扩散）
// en: Every plan that implements the document directly or through intermediate documents, with jurisdiction, issue date and path length (policy diffusion).
// param document (string, document): 中办发〔2023〕10号 | the document's doc number or title
// columns: document, plan, title, jurisdiction, issued, hops
MATCH (d:Document)
WHERE d.doc_number = $document OR d.title = $document
MATCH path = (p:Plan)-[:IMPLEMENTS*1..8]->(d)
WITH d, p, min(length(path)) AS hops
RETURN d.doc_number AS document, coalesce(p.doc_number, p.title) AS plan, p.title AS title,
       p.jurisdiction AS jurisdiction, p.issued AS issued, hops
ORDER BY hops, issued, plan
