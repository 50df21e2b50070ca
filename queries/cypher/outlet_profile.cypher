// outlet_profile: what an outlet published and reported, whom it quotes, whose claims it carries and whom
// those claims blame (the app counts and ranks them); articles.cypher lists its recent articles.
// :param id => 'outlet/tps-il';
MATCH (o:Outlet {id: $id})
RETURN o {.*, label: 'Outlet'} AS outlet,
       COUNT { (o)-[:PUBLISHED]->(:Article) } AS articles,
       [(o)-[:REPORTED]->(x) | {label: head([l IN labels(x) WHERE l <> 'Node']), kind: x.kind}] AS reported,
       [(o)-[:REPORTED]->(:Statement)<-[:SAID]-(s) | s {.id, .name, label: head([l IN labels(s) WHERE l <> 'Node'])}]
         AS quotes,
       [(o)-[:REPORTED]->(:Claim)<-[:CLAIMS]-(s) | s {.id, .name, label: head([l IN labels(s) WHERE l <> 'Node'])}]
         AS claimants,
       [(o)-[:REPORTED]->(:Claim)-[:BLAMES]->(t) | t {.id, .name, label: head([l IN labels(t) WHERE l <> 'Node'])}]
         AS blames
