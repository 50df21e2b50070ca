// subgraph: the nodes with these ids and the relationships among them, of the given types (all if none), in
// node-link form. Article texts are left out: the article endpoint serves them.
// :param ids => ['person/ahmed-al-sharaa', 'faction/hts'];
// :param types => [];
MATCH (n:Node)
WHERE n.id IN $ids
OPTIONAL MATCH (n)-[r]->(m:Node)
WHERE m.id IN $ids AND (size($types) = 0 OR type(r) IN $types)
WITH n, collect(r {.*, source: n.id, target: m.id, type: type(r)}) AS out
RETURN collect(CASE WHEN n:Article THEN n {.*, text: null, label: 'Article'}
                    ELSE n {.*, label: head([l IN labels(n) WHERE l <> 'Node'])} END) AS nodes,
       reduce(links = [], part IN collect(out) | links + part) AS links
