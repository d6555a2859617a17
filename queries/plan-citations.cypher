// name: plan-citations
// zh: 该方案引用了哪些文件？是贯彻落实还是一般引用？
// en: Every document the plan cites, with the relation (implements or references).
// param plan (string, plan): 渝北府办发〔2022〕40号 | the plan's doc number or title
// columns: plan, relation, document, title, loaded, quote, source_path, line, span_start, span_end
MATCH (p:Document:Plan)
WHERE p.doc_number = $plan OR p.title = $plan
MATCH (p)-[r:IMPLEMENTS|REFERENCES]->(d:Document)
RETURN coalesce(p.doc_number, p.title) AS plan,
       CASE type(r) WHEN 'IMPLEMENTS' THEN 'implements' ELSE 'references' END AS relation,
       d.doc_number AS document, d.title AS title, d:Plan AS loaded, r.quote AS quote,
       r.source_path AS source_path, r.line AS line, r.span_start AS span_start, r.span_end AS span_end
ORDER BY r.order
