// find_nodes: nodes of one schema label whose property __PROP__ equals one of $values, ordered by id.
// Parameters: $values = [any]. __LABEL__ is replaced by a schema label and __PROP__ by a property name (letters,
// digits, underscores only), spliced rather than passed as n[$prop] so that indexed properties use their index.
MATCH (n:__LABEL__)
WHERE n.`__PROP__` IN $values
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Node'] AS labels, properties(n) AS props
ORDER BY id
