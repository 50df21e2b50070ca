// entity_detail: one actor or place, how often it appears, and its relations to other actors and places.
// :param id => 'person/ahmed-al-sharaa';
// :param entity_labels => ['Faction', 'Government', 'Person', 'Organization', 'Community', 'Outlet', 'Location'];
MATCH (e:Node {id: $id})
WHERE any(l IN labels(e) WHERE l IN $entity_labels)
RETURN e {.*, label: head([l IN labels(e) WHERE l <> 'Node'])} AS entity,
       COUNT { (:Article)-[:MENTIONS]->(e) } AS articles,
       reduce(total = 0, n IN [(:Article)-[m:MENTIONS]->(e) | coalesce(m.count, 1)] | total + n) AS mentions,
       COUNT { (e)-[:CLAIMS]->(:Claim) } AS claims_made,
       size(COLLECT { MATCH (c:Claim)-[:BLAMES|ABOUT|AT]->(e) RETURN DISTINCT c.id }) AS claims_about,
       COUNT { (e)-[:SAID]->(:Statement) } AS statements,
       [(e)-[r]->(o) WHERE any(l IN labels(o) WHERE l IN $entity_labels) |
          {type: type(r), direction: 'out', other: o {.id, .name, label: head([l IN labels(o) WHERE l <> 'Node'])}}]
       + [(e)<-[r]-(o) WHERE any(l IN labels(o) WHERE l IN $entity_labels) |
          {type: type(r), direction: 'in', other: o {.id, .name, label: head([l IN labels(o) WHERE l <> 'Node'])}}]
         AS relations
