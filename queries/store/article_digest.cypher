// article_digest: the stored sha256 of one article, so the loader can skip unchanged articles.
// Parameters: $id = string.
MATCH (n:Article {id: $id})
RETURN n.sha256 AS sha256
