// delete_nodes: delete the nodes in $ids with any relationships left; returns how many were deleted.
// Parameters: $ids = [string].
UNWIND $ids AS id
MATCH (n:Node {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
