// rels_of: the relationships touching any node in $ids.
// Parameters: $ids = [string].
UNWIND $ids AS id
MATCH (:Node {id: id})-[r]-()
WITH DISTINCT r
RETURN startNode(r).id AS source, type(r) AS rel_type, endNode(r).id AS target, properties(r) AS props
ORDER BY source, rel_type, target
