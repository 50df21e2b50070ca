// upsert_rels: merge the relationships of one schema type; returns how many were created or changed, and how many
// rows found both their ends (the store refuses the write, rolled back, when that is fewer than it sent).
// Parameters: $rels = {TYPE: [{source: string, target: string, props: map}]}, as $nodes in upsert_nodes. One
// relationship per (source, type, target). The store runs one of these per schema type as the CALL subqueries
// of one statement (merge_rels_statement). Each end is found on the Node.id constraint and must carry a label the
// schema allows at that end (__SOURCES__ and __TARGETS__ become label expressions such as Statement|Claim), so a
// write needs no look-up of its own for the ends the batch does not hold. ON CREATE marks a new relationship for
// the count (the mark is removed at once), so no separate look-up of the old relationship is needed. __TYPE__ is
// replaced by a type from the schema's whitelist.
UNWIND $rels.__TYPE__ AS row
MATCH (a:Node {id: row.source})
  WHERE a:__SOURCES__
MATCH (b:Node {id: row.target})
  WHERE b:__TARGETS__
MERGE (a)-[r:__TYPE__]->(b)
  ON CREATE SET r.claimgraph_new = true
WITH r, row, r.claimgraph_new IS NOT NULL AS created, properties(r) AS before
REMOVE r.claimgraph_new
SET r += row.props
RETURN
  count(CASE WHEN created OR before <> properties(r) THEN 1 END) AS changed__TYPE__,
  count(*) AS matched__TYPE__
