// claims: claims filtered by kind, claimant, outlet, place (and every place inside it), actor (blamed or what
// the claim is about) and date range, by date then id; one page of ids and the total. A claim's date is its
// own, else its as-of date, else the article's. evidence_rows.cypher gives each claim with its provenance.
// :param kind => 'casualty';
// :param claimant => 'organization/sohr';
// :param outlet => null;
// :param place => null;
// :param actor => null;
// :param date_from => null;
// :param date_to => null;
// :param offset => 0;
// :param limit => 50;
MATCH (a:Article)-[:CONTAINS]->(c:Claim)
WHERE ($kind IS NULL OR c.kind = $kind)
  AND ($claimant IS NULL OR EXISTS { (:Node {id: $claimant})-[:CLAIMS]->(c) })
  AND ($outlet IS NULL OR EXISTS { (:Node {id: $outlet})-[:REPORTED]->(c) })
  AND ($actor IS NULL OR EXISTS { (c)-[:BLAMES|ABOUT]->(:Node {id: $actor}) })
  AND ($place IS NULL OR EXISTS { (c)-[:AT]->(:Location)-[:LOCATED_IN*0..10]->(:Location {id: $place}) })
WITH c, coalesce(c.date, c.as_of, a.published) AS day
WHERE ($date_from IS NULL OR day >= $date_from) AND ($date_to IS NULL OR day <= $date_to)
WITH c, day
ORDER BY day IS NULL, day, c.id
WITH collect({id: c.id, kind: c.kind, day: day, text: c.text}) AS hits
RETURN size(hits) AS total, hits[$offset..($offset + $limit)] AS page
