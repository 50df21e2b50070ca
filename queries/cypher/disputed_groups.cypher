// disputed_groups: which of the given claim groups are on either end of a CONTRADICTS (the toll table flags
// their claims as disputed).
// :param ids => ['claimgroup/toll-745'];
MATCH (g:ClaimGroup)-[:CONTRADICTS]-(:ClaimGroup)
WHERE g.id IN $ids
RETURN DISTINCT g.id AS id
ORDER BY id
