// article_rows: articles with their metadata (not the text), who published them and how many claims and
// statements were extracted from each.
// :param ids => ['article/000_b5c8b235ebc10f43'];
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a {.*, text: null} AS article,
       [(o)-[:PUBLISHED]->(a) | o {.id, .name, label: head([l IN labels(o) WHERE l <> 'Node'])}] AS outlets,
       COUNT { (a)-[:CONTAINS]->(:Claim) } AS claims,
       COUNT { (a)-[:CONTAINS]->(:Statement) } AS statements
