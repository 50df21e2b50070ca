// search_entities: entities whose name or alias matches a text, typo-tolerant.
// Candidates come from the full-text index `entity_names` (name and aliases; `claimgraph schema apply` creates
// it) with fuzzy terms (`julani~`); the app then scores them with rapidfuzz exactly as on the embedded store.
// :param lucene => 'julani~';
// :param label => null;
// :param candidates => 200;
CALL db.index.fulltext.queryNodes('entity_names', $lucene, {limit: $candidates}) YIELD node, score
WHERE $label IS NULL OR $label IN labels(node)
RETURN node {.*, label: head([l IN labels(node) WHERE l <> 'Node'])} AS entity, score
ORDER BY score DESC, entity.id
