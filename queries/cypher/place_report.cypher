// place_report: a place, the places it lies in (nearest first), how many places lie inside it, and the
// statements made about events at it or anywhere inside it (by date, the first $limit ids and the total).
// Its claims come from claims.cypher with $place; evidence_rows.cypher fills in the statements.
// :param id => 'location/sy1101';
// :param limit => 50;
MATCH (p:Location {id: $id})
OPTIONAL MATCH chain = (p)-[:LOCATED_IN*1..10]->(up:Location)
WITH p, up, min(length(chain)) AS hops
ORDER BY hops, up.id
WITH p, collect(up {.id, .name, label: 'Location', hops: hops}) AS parents
OPTIONAL MATCH (inner:Location)-[:LOCATED_IN*1..10]->(p)
WITH p, parents, [p.id] + collect(DISTINCT inner.id) AS places
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:AT]->(at:Location)
WHERE at.id IN places
WITH DISTINCT p, parents, places, s, a
WITH p, parents, places, s, coalesce(s.date, s.as_of, a.published) AS day
ORDER BY day IS NULL, day, s.id
WITH p, parents, places, collect(s.id) AS statements
RETURN p {.*, label: 'Location'} AS place, parents, size(places) - 1 AS inside,
       size(statements) AS statements_total, statements[0..$limit] AS statement_ids
