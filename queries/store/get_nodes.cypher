// get_nodes: the nodes among $ids that exist, with their labels and properties.
// Parameters: $ids = [string].
UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Node'] AS labels, properties(n) AS props
