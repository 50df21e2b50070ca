// timeline: dated claims and statements (their own date, else the as-of date, else the article's), by date then
// id, optionally only claims or statements, or only those an entity made, said, is blamed by or is the subject
// of. Returns every (date, label) for the per-day counts and one page of ids (evidence_rows.cypher fills them).
// :param label => null;
// :param entity => null;
// :param date_from => null;
// :param date_to => null;
// :param offset => 0;
// :param limit => 100;
MATCH (a:Article)-[:CONTAINS]->(x)
WHERE (x:Claim OR x:Statement)
  AND ($label IS NULL OR $label IN labels(x))
  AND ($entity IS NULL
       OR EXISTS { (:Node {id: $entity})-[:CLAIMS|SAID]->(x) }
       OR EXISTS { (x)-[:BLAMES|ABOUT]->(:Node {id: $entity}) })
WITH x, coalesce(x.date, x.as_of, a.published) AS day
WHERE day IS NOT NULL
  AND ($date_from IS NULL OR day >= $date_from) AND ($date_to IS NULL OR day <= $date_to)
WITH x, day, head([l IN labels(x) WHERE l <> 'Node']) AS label
ORDER BY day, x.id
WITH collect({id: x.id, day: day, label: label}) AS hits
RETURN size(hits) AS total, [h IN hits | [h.day, h.label]] AS days, [h IN hits[$offset..($offset + $limit)] | h.id] AS ids
