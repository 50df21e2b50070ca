// toll_table: the toll table in one statement, one row per death toll (harm killed), as `claimgraph query tolls` lays it
// out: the first $limit claims by date (optionally on one victim category, by one claimant, at a place or inside
// it, in a date range), grouped by victims (the largest group first), within a group by as-of date, value and
// id; with the outlets that reported each claim, its places, and whether its claim group is disputed (on either
// end of a CONTRADICTS). `claimgraph query tolls --cypher` prints it with the CLI's defaults, for Neo4j Browser.
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
WITH a, c, coalesce(c.date, c.as_of, a.published) AS day
WHERE ($date_from IS NULL OR day >= $date_from) AND ($date_to IS NULL OR day <= $date_to)
ORDER BY day IS NULL, day, c.id
LIMIT $limit
WITH coalesce(c.victims, 'unspecified') AS victims, collect({article: a, claim: c, day: day}) AS shown
UNWIND shown AS row
WITH victims, size(shown) AS group_size, row.article AS a, row.claim AS c, row.day AS day
ORDER BY group_size DESC, victims, coalesce(day, '9999'), coalesce(c.value, -1), c.id
RETURN victims, c.id AS claim_id, c.value AS value, c.value_max AS value_max, c.qualifier AS qualifier,
       c.claimant AS claimant, c.as_of AS as_of, c.date AS date, a.published AS published, a.id AS article_id,
       [(o)-[:REPORTED]->(c) | o.name] AS outlets,
       [(c)-[:AT]->(p) | p.name] AS places,
       EXISTS { (c)-[:IN_GROUP]->(:ClaimGroup)-[:CONTRADICTS]-(:ClaimGroup) } AS disputed
