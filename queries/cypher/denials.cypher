// denials: who denies what — the claimant of each denial (CLAIMS) against the actor it is about (ABOUT), with
// the denials behind each link, optionally about one actor, by one denier, in a date range. The blame view draws
// them beside the blame links.
// :param actor => null;
// :param blamer => null;
// :param date_from => null;
// :param date_to => null;
// :param actor_labels => ['Faction', 'Government', 'Person', 'Organization', 'Community', 'Outlet'];
MATCH (a:Article)-[:CONTAINS]->(c:Claim {kind: 'denial'})-[:ABOUT]->(t:Node)
WHERE any(l IN labels(t) WHERE l IN $actor_labels)
  AND ($actor IS NULL OR t.id = $actor)
  AND (($date_from IS NULL AND $date_to IS NULL) OR coalesce(c.date, c.as_of, a.published) IS NOT NULL)
  AND ($date_from IS NULL OR coalesce(c.date, c.as_of, a.published) >= $date_from)
  AND ($date_to IS NULL OR coalesce(c.date, c.as_of, a.published) <= $date_to)
MATCH (b:Node)-[:CLAIMS]->(c)
WHERE ($blamer IS NULL OR b.id = $blamer) AND b <> t
WITH b, t, collect(DISTINCT c.id) AS claim_ids
RETURN b {.*, label: head([l IN labels(b) WHERE l <> 'Node'])} AS source,
       t {.*, label: head([l IN labels(t) WHERE l <> 'Node'])} AS target,
       'denial' AS via, claim_ids
