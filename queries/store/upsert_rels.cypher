// upsert_rels: merge one batch of relationships of one schema type; returns how many were created or changed.
// Parameters: $rows = [{source: string, target: string, props: map}]. One relationship per
// (source, type, target). __TYPE__ is replaced by a relationship type from the schema's whitelist.
UNWIND $rows AS row
MATCH (a:Node {id: row.source})
MATCH (b:Node {id: row.target})
OPTIONAL MATCH (a)-[old:__TYPE__]->(b)
WITH a, b, row, old IS NULL AS created, CASE WHEN old IS NULL THEN {} ELSE properties(old) END AS before
MERGE (a)-[r:__TYPE__]->(b)
SET r += row.props
WITH created, before, properties(r) AS after
RETURN count(CASE WHEN created OR before <> after THEN 1 END) AS changed
