// rels_of: the relationships touching any node in $ids, optionally only of the types in $types (null = all).
// Parameters: $ids = [string], $types = [string] or null.
UNWIND $ids AS id
MATCH (:Node {id: id})-[r]-()
WHERE $types IS NULL OR type(r) IN $types
WITH DISTINCT r
RETURN startNode(r).id AS source, type(r) AS rel_type, endNode(r).id AS target, properties(r) AS props
ORDER BY source, rel_type, target
