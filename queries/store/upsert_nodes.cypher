// upsert_nodes: merge the nodes of one schema label; returns how many were created or changed, and the nodes
// that already exist under another label, as [id, old labels, new label] (the write is then refused and
// rolled back).
// Parameters: $nodes = {Label: [{id: string, props: map}]}, the rows of each label present. The store runs one
// of these per schema label as the CALL subqueries of one statement (merge_nodes_statement), so a batch of many
// articles is one round trip. One map for all labels keeps the parameter types the same from batch to batch, so
// Neo4j plans the statement once (an empty list has another type and would be planned again); an absent label
// is null, which UNWIND reads as no rows.
// Every node carries the base label Node, so the MERGE on Node.id is backed by the node_id uniqueness
// constraint and needs no lookup of its own: a node MERGE has just created carries only that base label.
// __LABEL__ is replaced by a label from the schema's whitelist (Cypher cannot take a label as a parameter).
// `SET n += row.props` merges properties; a null value removes the key.
UNWIND $nodes.__LABEL__ AS row
MERGE (n:Node {id: row.id})
WITH n, row, labels(n) AS before_labels, properties(n) AS before
SET n:__LABEL__, n += row.props
WITH n, before, before_labels = ['Node'] AS created, before_labels
RETURN
  count(CASE WHEN created OR before <> properties(n) THEN 1 END) AS changed__LABEL__,
  collect(CASE WHEN NOT created AND NOT '__LABEL__' IN before_labels THEN [n.id, before_labels, '__LABEL__'] END)
    AS relabelled__LABEL__
