// upsert_nodes: merge one batch of nodes of one schema label; returns how many were created or changed.
// Parameters: $rows = [{id: string, props: map}]. Every node carries the base label Node, so the MERGE on
// Node.id is backed by the node_id uniqueness constraint. __LABEL__ is replaced by a label from the
// schema's whitelist (Cypher cannot take a label as a parameter). `SET n += row.props` merges properties;
// a null value removes the key. A row counts as changed when the node is new or its property map differs.
UNWIND $rows AS row
OPTIONAL MATCH (old:Node {id: row.id})
WITH row, old IS NULL AS created, CASE WHEN old IS NULL THEN {} ELSE properties(old) END AS before
MERGE (n:Node {id: row.id})
SET n:__LABEL__, n += row.props
WITH created, before, properties(n) AS after
RETURN count(CASE WHEN created OR before <> after THEN 1 END) AS changed
