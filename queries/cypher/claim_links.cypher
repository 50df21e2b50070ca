// claim_links: links between claim groups of one topic — CONTRADICTS {reason}, CORROBORATES, UPDATES (a later,
// higher toll) — by topic, ids and type, one page and the total, with each group's member claims;
// evidence_rows.cypher gives the claims' provenance (claimants, outlets, sentences).
// :param topic => null;
// :param kind => null;
// :param relations => ['CONTRADICTS', 'CORROBORATES', 'UPDATES'];
// :param offset => 0;
// :param limit => 50;
MATCH (g1:ClaimGroup)-[x:CONTRADICTS|CORROBORATES|UPDATES]->(g2:ClaimGroup)
WHERE type(x) IN $relations
  AND ($topic IS NULL OR g1.topic = $topic) AND ($kind IS NULL OR g1.kind = $kind)
WITH g1, g2, x
ORDER BY coalesce(g1.topic, ''), g1.id, g2.id, type(x)
WITH collect({
  relation: type(x),
  reason: x.reason,
  left: g1 {.*, label: 'ClaimGroup'},
  right: g2 {.*, label: 'ClaimGroup'},
  left_claims: [(c:Claim)-[:IN_GROUP]->(g1) WHERE EXISTS { (:Article)-[:CONTAINS]->(c) } | c.id],
  right_claims: [(c:Claim)-[:IN_GROUP]->(g2) WHERE EXISTS { (:Article)-[:CONTAINS]->(c) } | c.id]
}) AS pairs
RETURN size(pairs) AS total, pairs[$offset..($offset + $limit)] AS page
