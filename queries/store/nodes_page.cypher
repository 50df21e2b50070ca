// nodes_page: one page of every node, ordered by id, from $after on (inclusive; the caller skips the id it
// already has). Parameters: $after = string ('' for the first page), $limit = integer.
MATCH (n:Node)
WHERE n.id >= $after
WITH n
ORDER BY n.id
LIMIT $limit
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Node'] AS labels, properties(n) AS props
