// delete_article_facts: before a changed article is written again, delete what it owned: every relationship of
// the articles in $article_ids and of the nodes extracted from them (statements, claims: every label with an
// article_id, which __LABEL__ becomes as a label expression, Statement|Claim), then those nodes; returns how many
// nodes and relationships were deleted. One statement (one round trip) for any number of articles.
// Parameters: $article_ids = [string], not empty.
OPTIONAL MATCH (owned:__LABEL__)
  WHERE owned.article_id IN $article_ids
WITH collect(owned) AS owned_nodes
UNWIND $article_ids + [n IN owned_nodes | n.id] AS id
OPTIONAL MATCH (:Node {id: id})-[r]-()
WITH owned_nodes, collect(DISTINCT r) AS rels
FOREACH (r IN rels | DELETE r)
FOREACH (n IN owned_nodes | DETACH DELETE n)
RETURN size(owned_nodes) AS nodes_deleted, size(rels) AS rels_deleted
