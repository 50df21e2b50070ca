// owned_nodes: ids of the nodes of one evidence label (Statement, Claim) extracted from the articles in
// $article_ids; replacing an article deletes them. __LABEL__ is a schema label with an article_id property.
// Parameters: $article_ids = [string].
MATCH (n:__LABEL__)
WHERE n.article_id IN $article_ids
RETURN n.id AS id
