// rels_page: the outgoing relationships of one page of source nodes, ordered by (source, type, target).
// Paging over sources keeps every page index-backed; a source without relationships yields one row with
// null rel_type so the caller still learns where the page ended.
// Parameters: $after = string ('' for the first page; inclusive), $limit = integer (source nodes per page).
MATCH (a:Node)
WHERE a.id >= $after
WITH a
ORDER BY a.id
LIMIT $limit
OPTIONAL MATCH (a)-[r]->(b:Node)
RETURN a.id AS source, type(r) AS rel_type, b.id AS target, properties(r) AS props
ORDER BY source, rel_type, target
