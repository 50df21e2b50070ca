// article_detail: an article's text and the spans extracted from it — entity mentions (first occurrence),
// statements and claims — with their offsets into the text (end exclusive).
// :param id => 'article/000_b5c8b235ebc10f43';
MATCH (a:Article {id: $id})
RETURN a.text AS text,
       [(a)-[m:MENTIONS]->(e) | {kind: 'mention', id: e.id, name: e.name, start: m.start, end: m.end,
                                 label: head([l IN labels(e) WHERE l <> 'Node'])}]
       + [(a)-[:CONTAINS]->(x) | {kind: toLower(head([l IN labels(x) WHERE l <> 'Node'])), id: x.id, name: x.name,
                                  start: x.start, end: x.end, label: head([l IN labels(x) WHERE l <> 'Node'])}]
         AS spans
