// expand: one ring of a traversal — the neighbours, in either direction, of some nodes, after the filters.
// `neighbors` runs it once per ring (breadth first, each ring in id order, up to the node cap) and `paths`
// to grow distances and follow candidate paths; subgraph.cypher then fetches the nodes and links found.
// For a quick look in the Browser, the one-shot equivalent of a depth-2 neighbourhood:
//   MATCH p = (:Node {id: $id})-[*1..2]-() RETURN p LIMIT 300
// :param ids => ['person/ahmed-al-sharaa'];
// :param types => [];
// :param labels => [];
UNWIND $ids AS id
MATCH (n:Node {id: id})-[r]-(m:Node)
WHERE (size($types) = 0 OR type(r) IN $types)
  AND (size($labels) = 0 OR any(l IN labels(m) WHERE l IN $labels))
RETURN id, collect(DISTINCT m.id) AS neighbours
