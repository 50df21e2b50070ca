// tolls: casualty claims of deaths (harm killed), optionally on one victim category, by one claimant, at a place (or inside it) or in a
// date range, by date then id (the first $limit ids and the total). The app groups them by victims, side by
// side with value, qualifier, claimant, outlets and as-of date (evidence_rows.cypher fills them in).
// :param victims => 'civilians';
// :param claimant => null;
// :param place => null;
// :param date_from => null;
// :param date_to => null;
// :param limit => 200;
MATCH (a:Article)-[:CONTAINS]->(c:Claim {kind: 'casualty'})
WHERE ($victims IS NULL OR c.victims = $victims) AND coalesce(c.harm, 'killed') = 'killed'
  AND ($claimant IS NULL OR EXISTS { (:Node {id: $claimant})-[:CLAIMS]->(c) })
  AND ($place IS NULL OR EXISTS { (c)-[:AT]->(:Location)-[:LOCATED_IN*0..10]->(:Location {id: $place}) })
WITH c, coalesce(c.date, c.as_of, a.published) AS day
WHERE ($date_from IS NULL OR day >= $date_from) AND ($date_to IS NULL OR day <= $date_to)
WITH c, day
ORDER BY day IS NULL, day, c.id
WITH collect({id: c.id, victims: c.victims, value: c.value, qualifier: c.qualifier, claimant: c.claimant,
              day: day}) AS hits
RETURN size(hits) AS total, hits[0..$limit] AS page
