// name: sibling-plans
// zh: 哪些方案与该方案贯彻落实同一个上级文件？
// en: Plans implementing the same parent document as this plan.
// param plan (string, plan): 渝北府办发〔2022〕40号 | the plan's doc number or title
// param skip (int, default 0): 0 | rows left out before the page (a page at a time: -p skip=1000 for the second)
// param limit (int, default 1000): 1000 | rows in the page at most (the Neo4j Browser shows 1,000)
// columns: plan, parent, parent_title, sibling, sibling_title, jurisdiction, issued
MATCH (p:Document:Plan)
WHERE p.doc_number = $plan OR p.title = $plan
MATCH (p)-[:IMPLEMENTS]->(parent:Document)<-[:IMPLEMENTS]-(s:Plan)
WHERE s.key <> p.key
RETURN coalesce(p.doc_number, p.title) AS plan, parent.doc_number AS parent, parent.title AS parent_title,
       coalesce(s.doc_number, s.title) AS sibling, s.title AS sibling_title, s.jurisdiction AS jurisdiction,
       s.issued AS issued
ORDER BY parent, issued, sibling
SKIP $skip LIMIT $limit
