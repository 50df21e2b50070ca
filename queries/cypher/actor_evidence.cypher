// actor_evidence: what the articles say about each actor — articles naming it and times named, claims it makes
// (those whose text names it as the claimant: a publisher's unattributed figures are not its claims), claims that
// blame it, claims about it (victims or subject), statements it made, articles it published. Actors with none of
// these (gazetteer references no article names) are left out. The app weighs the counts into the evidence score.
// :param actor_labels => ['Faction', 'Government', 'Person', 'Organization', 'Community', 'Outlet'];
MATCH (e:Node)
WHERE any(l IN labels(e) WHERE l IN $actor_labels)
WITH e,
     COUNT { (:Article)-[:MENTIONS]->(e) } AS articles,
     reduce(total = 0, n IN [(:Article)-[m:MENTIONS]->(e) | coalesce(m.count, 1)] | total + n) AS mentions,
     COUNT { (e)-[:CLAIMS]->(c:Claim) WHERE c.claimant IS NOT NULL } AS claims_made,
     COUNT { (:Claim)-[:BLAMES]->(e) } AS blamed,
     COUNT { (:Claim)-[:ABOUT]->(e) } AS claims_about,
     COUNT { (e)-[:SAID]->(:Statement) } AS statements,
     COUNT { (e)-[:PUBLISHED]->(:Article) } AS published
WHERE articles + claims_made + blamed + claims_about + statements + published > 0
RETURN e {.id, .name, label: head([l IN labels(e) WHERE l <> 'Node'])} AS actor,
       articles, mentions, claims_made, blamed, claims_about, statements, published
ORDER BY actor.id
