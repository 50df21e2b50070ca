// key_actors: the actor graph — roles between actors (LEADS, MEMBER_OF, SUPPORTS, OPPOSES) and, through claims,
// each claimant to the actors it blames or makes claims about — as weighted edges. The app ranks the actors
// with networkx (pagerank, degree or betweenness), as on the embedded store.
// :param actor_labels => ['Faction', 'Government', 'Person', 'Organization', 'Community', 'Outlet'];
MATCH (a:Node)-[r:LEADS|MEMBER_OF|SUPPORTS|OPPOSES]->(b:Node)
WHERE any(l IN labels(a) WHERE l IN $actor_labels)
RETURN a {.id, .name, label: head([l IN labels(a) WHERE l <> 'Node'])} AS source,
       b {.id, .name, label: head([l IN labels(b) WHERE l <> 'Node'])} AS target, count(r) AS weight
UNION ALL
MATCH (s:Node)-[:CLAIMS]->(c:Claim)-[:BLAMES|ABOUT]->(t:Node)
WHERE any(l IN labels(s) WHERE l IN $actor_labels) AND any(l IN labels(t) WHERE l IN $actor_labels)
WITH DISTINCT s, c, t
RETURN s {.id, .name, label: head([l IN labels(s) WHERE l <> 'Node'])} AS source,
       t {.id, .name, label: head([l IN labels(t) WHERE l <> 'Node'])} AS target, count(c) AS weight
