// blame: who blames whom — claimants (CLAIMS) and outlets that reported the claims (REPORTED) against the
// actors the claims blame, with the claims behind each link. The app keeps the strongest links under the cap.
// :param via => 'both';
// :param actor => null;
// :param blamer => null;
// :param date_from => null;
// :param date_to => null;
MATCH (a:Article)-[:CONTAINS]->(c:Claim)-[:BLAMES]->(t:Node)
WHERE ($actor IS NULL OR t.id = $actor)
  AND (($date_from IS NULL AND $date_to IS NULL) OR coalesce(c.date, c.as_of, a.published) IS NOT NULL)
  AND ($date_from IS NULL OR coalesce(c.date, c.as_of, a.published) >= $date_from)
  AND ($date_to IS NULL OR coalesce(c.date, c.as_of, a.published) <= $date_to)
MATCH (b:Node)-[r:CLAIMS|REPORTED]->(c)
WHERE ($blamer IS NULL OR b.id = $blamer)
  AND ((type(r) = 'CLAIMS' AND $via IN ['claimant', 'both']) OR (type(r) = 'REPORTED' AND $via IN ['outlet', 'both']))
WITH b, t, CASE type(r) WHEN 'CLAIMS' THEN 'claimant' ELSE 'outlet' END AS via, collect(DISTINCT c.id) AS claim_ids
RETURN b {.*, label: head([l IN labels(b) WHERE l <> 'Node'])} AS source,
       t {.*, label: head([l IN labels(t) WHERE l <> 'Node'])} AS target,
       via, claim_ids
