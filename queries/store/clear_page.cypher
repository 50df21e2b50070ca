// clear_page: delete up to $limit nodes with their relationships; the store repeats it until nothing is left,
// one transaction per page, so emptying a large database never needs one huge transaction.
// Parameters: $limit = integer.
MATCH (n)
WITH n
LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
