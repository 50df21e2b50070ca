// articles: articles, newest first (undated last) then by id, optionally by one outlet, in a date range or with
// words in the title; one page of ids and the total (article_rows.cypher fills them in).
// :param outlet => null;
// :param date_from => null;
// :param date_to => null;
// :param words => [];
// :param offset => 0;
// :param limit => 50;
MATCH (a:Article)
WHERE ($outlet IS NULL OR EXISTS { (:Node {id: $outlet})-[:PUBLISHED]->(a) })
  AND ($date_from IS NULL OR a.published >= $date_from)
  AND ($date_to IS NULL OR a.published <= $date_to)
  AND all(word IN $words WHERE toLower(coalesce(a.name, '')) CONTAINS word)
WITH a
ORDER BY a.published IS NULL, a.published DESC, a.id
WITH collect(a.id) AS hits
RETURN size(hits) AS total, hits[$offset..($offset + $limit)] AS ids
