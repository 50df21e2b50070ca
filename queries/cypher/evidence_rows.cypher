// evidence_rows: claims or statements with everything they link to and their provenance: the article, the
// outlets that reported them, who made them, whom they blame, what they are about, where, and their groups.
// The list queries (claims, tolls, contradictions, places, timeline) select ids; this fills them in.
// :param ids => ['claim/000_b5c8b235ebc10f43/casualty/1200-1240'];
UNWIND $ids AS id
MATCH (a:Article)-[:CONTAINS]->(x:Node {id: id})
RETURN properties(x) AS props,
       head([l IN labels(x) WHERE l <> 'Node']) AS label,
       a {.*, text: null} AS article,
       substring(a.text, x.sentence_start, x.sentence_end - x.sentence_start) AS sentence,
       [(e)-[:CLAIMS|SAID]->(x) | e {.id, .name, label: head([l IN labels(e) WHERE l <> 'Node'])}] AS by,
       [(o)-[:REPORTED]->(x) | o {.id, .name, label: head([l IN labels(o) WHERE l <> 'Node'])}] AS outlets,
       [(x)-[:BLAMES]->(e) | e {.id, .name, label: head([l IN labels(e) WHERE l <> 'Node'])}] AS blamed,
       [(x)-[r:ABOUT]->(e) | e {.id, .name, label: head([l IN labels(e) WHERE l <> 'Node']), role: r.role}] AS about,
       [(x)-[:AT]->(e) | e {.id, .name, label: head([l IN labels(e) WHERE l <> 'Node'])}] AS places,
       [(x)-[:IN_GROUP]->(g) | g.id] AS groups
