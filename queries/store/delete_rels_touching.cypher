// delete_rels_touching: delete every relationship, in either direction, of the nodes in $ids (an article
// being replaced and the statements and claims it owns); returns how many were deleted.
// Parameters: $ids = [string].
UNWIND $ids AS id
MATCH (:Node {id: id})-[r]-()
WITH DISTINCT r
DELETE r
RETURN count(*) AS deleted
