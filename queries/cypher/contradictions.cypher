// contradictions: pairs of claim groups on one topic that disagree (CONTRADICTS), by topic then ids, one page
// and the total, with each group's member claims; evidence_rows.cypher gives the claims' provenance.
// :param topic => null;
// :param kind => null;
// :param offset => 0;
// :param limit => 50;
MATCH (g1:ClaimGroup)-[x:CONTRADICTS]->(g2:ClaimGroup)
WHERE ($topic IS NULL OR g1.topic = $topic) AND ($kind IS NULL OR g1.kind = $kind)
WITH g1, g2, x
ORDER BY coalesce(g1.topic, ''), g1.id, g2.id
WITH collect({
  reason: x.reason,
  left: g1 {.*, label: 'ClaimGroup'},
  right: g2 {.*, label: 'ClaimGroup'},
  left_claims: [(c:Claim)-[:IN_GROUP]->(g1) WHERE EXISTS { (:Article)-[:CONTAINS]->(c) } | c.id],
  right_claims: [(c:Claim)-[:IN_GROUP]->(g2) WHERE EXISTS { (:Article)-[:CONTAINS]->(c) } | c.id]
}) AS pairs
RETURN size(pairs) AS total, pairs[$offset..($offset + $limit)] AS page
