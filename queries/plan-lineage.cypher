// name: plan-lineage
// zh: 该方案贯彻落实了哪些上级文件，一直追溯到国家层面？每一环注明依据：方案原文所述、登记表来源确认或按规则推断。
// en: The chain of documents a plan implements, up to the national level (links the plans state, then those the registry of parent documents states; level from the registry), with the status of each hop: stated (the plan's own text), confirmed (a source named in the registry) or inferred (a registry rule, named in rules).
// param plan (string, plan): 渝北府办发〔2022〕40号 | the plan's doc number or title
// columns: plan, hops, document, title, level, loaded, chain, statuses, rules, quote, source_path, line, span_start, span_end
MATCH (p:Document:Plan)
WHERE p.doc_number = $plan OR p.title = $plan
MATCH path = (p)-[:IMPLEMENTS*1..8]->(d:Document)
WITH p, path, d, relationships(path)[length(path) - 1] AS link
RETURN coalesce(p.doc_number, p.title) AS plan, length(path) AS hops, d.doc_number AS document, d.title AS title,
       d.level AS level, d:Plan AS loaded, [n IN nodes(path) | coalesce(n.doc_number, n.title)] AS chain,
       [r IN relationships(path) | r.status] AS statuses,
       [r IN relationships(path) WHERE r.rule IS NOT NULL | r.rule] AS rules,
       link.quote AS quote, link.source_path AS source_path, link.line AS line, link.span_start AS span_start,
       link.span_end AS span_end
ORDER BY hops, chain
