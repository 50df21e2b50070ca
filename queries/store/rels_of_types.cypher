// rels_of_types: the relationships of some types touching any node in $ids. __TYPE__ becomes those schema types
// as a type expression (LOCATED_IN, CLAIMS|AT): Neo4j then reads only those relationships of each node, not every
// relationship of a hub (a country that thousands of articles mention) to keep a few.
// Parameters: $ids = [string].
UNWIND $ids AS id
MATCH (:Node {id: id})-[r:__TYPE__]-()
WITH DISTINCT r
RETURN startNode(r).id AS source, type(r) AS rel_type, endNode(r).id AS target, properties(r) AS props
ORDER BY source, rel_type, target
