// find_nodes: nodes of one schema label whose property $prop equals one of $values, ordered by id.
// Parameters: $prop = string (a property name), $values = [any]. __LABEL__ is replaced by a schema label.
MATCH (n:__LABEL__)
WHERE n[$prop] IN $values
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Node'] AS labels, properties(n) AS props
ORDER BY id
