// contradictions: pairs of claim groups on one topic that disagree (CONTRADICTS), by topic then ids, one page
// and the total, with each group's member claims; evidence_rows.cypher gives the claims' provenance.
// :param topic => null;
// :param kind => null;
// :param offset => 0;
// :param limit => 50;
MATCH (left:ClaimGroup)-[x:CONTRADICTS]->(right:ClaimGroup)
WHERE ($topic IS NULL OR left.topic = $topic) AND ($kind IS NULL OR left.kind = $kind)
WITH left, right, x
ORDER BY coalesce(left.topic, ''), left.id, right.id
WITH collect({
  reason: x.reason,
  left: left {.*, label: 'ClaimGroup'},
  right: right {.*, label: 'ClaimGroup'},
  left_claims: [(c:Claim)-[:IN_GROUP]->(left) WHERE EXISTS { (:Article)-[:CONTAINS]->(c) } | c.id],
  right_claims: [(c:Claim)-[:IN_GROUP]->(right) WHERE EXISTS { (:Article)-[:CONTAINS]->(c) } | c.id]
}) AS pairs
RETURN size(pairs) AS total, pairs[$offset..($offset + $limit)] AS page
