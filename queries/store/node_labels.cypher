// node_labels: the schema label of each node that exists among $ids (a cheap existence check).
// Parameters: $ids = [string].
UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Node'] AS labels
