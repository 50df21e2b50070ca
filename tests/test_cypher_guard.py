"""The read-only guard of POST /cypher: one case per way of writing or administering (issue 5), and reads that
must pass, including ones whose strings, comments, names and properties merely look like clauses."""

from __future__ import annotations

import pytest

from graph.errors import ForbiddenQueryError, QueryError
from queries.cypher_guard import check_read_only

REFUSED = {
    "create": "CREATE (n:Person {name: 'x'})",
    "create lower case": "match (a) create (a)-[:KNOWS]->(a)",
    "insert (GQL)": "INSERT (n:Person {name: 'x'})",
    "merge": "MERGE (n:Person {id: 'x'}) RETURN n",
    "set property": "MATCH (n) SET n.name = 'x'",
    "set label": "MATCH (n) SET n:Admin",
    "on create set": "MERGE (n:Node {id: 1}) ON CREATE SET n.x = 1",
    "delete": "MATCH (n) DELETE n",
    "detach delete": "MATCH (n) DETACH DELETE n",
    "nodetach delete": "MATCH (n) NODETACH DELETE n",
    "remove": "MATCH (n) REMOVE n.name",
    "drop index": "DROP INDEX node_name",
    "drop constraint": "DROP CONSTRAINT node_id IF EXISTS",
    "load csv": "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv with headers": "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row RETURN row",
    "foreach": "MATCH p = (a)-->(b) FOREACH (n IN nodes(p) | SET n.seen = true)",
    "call in transactions": "MATCH (n) CALL { WITH n RETURN n.x AS x } IN TRANSACTIONS RETURN x",
    "call in concurrent transactions": "UNWIND [1] AS x CALL (x) { RETURN x } IN CONCURRENT TRANSACTIONS RETURN x",
    "apoc create": "CALL apoc.create.node(['Person'], {name: 'x'})",
    "apoc merge": "CALL apoc.merge.node(['Person'], {id: 1})",
    "apoc refactor": "MATCH (a), (b) CALL apoc.refactor.mergeNodes([a, b]) YIELD node RETURN node",
    "apoc periodic": "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "apoc cypher from a string": "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN count(n)', {})",
    "apoc do when": "CALL apoc.do.when(true, 'CREATE (n)', '', {})",
    "apoc load json": "CALL apoc.load.json('file:///etc/passwd')",
    "apoc export": "CALL apoc.export.csv.all('out.csv', {})",
    "backticked apoc": "CALL `apoc`.`create`.`node`(['X'], {})",
    "db create": "CALL db.createLabel('Admin')",
    "dbms procedure": "CALL dbms.killQuery('query-1')",
    "dbms security": "CALL dbms.security.createUser('eve', 'pw', false)",
    "gds write": "CALL gds.pageRank.write('g', {writeProperty: 'rank'})",
    "gds mutate": "CALL gds.pageRank.mutate('g', {mutateProperty: 'rank'})",
    "unknown procedure": "CALL my.custom.procedure()",
    "two statements": "MATCH (n) RETURN n; MATCH (m) RETURN m",
    "statement after a semicolon": "RETURN 1;CREATE (n)",
    "line comment hides nothing": "MATCH (n) // harmless\nDETACH DELETE n",
    "block comment around a clause": "MATCH (n) /* look away */ SET /* here */ n.x = 1",
    "clause after a string with a comment marker": "RETURN '// not a comment' AS s CREATE (n)",
    "clause after an escaped quote": "RETURN 'it\\'s' AS s CREATE (n)",
    "unterminated string": "RETURN 'open",
    "unterminated block comment": "MATCH (n) RETURN n /* CREATE (m)",
    "unterminated quoted name": "MATCH (`n) RETURN n",
    "use another database": "USE system SHOW USERS",
    "show": "SHOW DATABASES",
    "grant": "GRANT ROLE admin TO eve",
    "revoke": "REVOKE ROLE admin FROM eve",
    "deny": "DENY READ {*} ON GRAPH * TO eve",
    "alter": "ALTER USER eve SET PASSWORD 'x'",
    "rename": "RENAME ROLE a TO b",
    "start database": "START DATABASE neo4j",
    "stop database": "STOP DATABASE neo4j",
    "terminate transactions": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "explain a write": "EXPLAIN CREATE (n)",
    "profile a write": "PROFILE MATCH (n) SET n.x = 1",
    "write inside a subquery": "MATCH (n) CALL (n) { SET n.x = 1 } RETURN n",
}


@pytest.mark.parametrize("query", REFUSED.values(), ids=REFUSED.keys())
def test_writes_and_administration_are_refused(query: str) -> None:
    with pytest.raises(ForbiddenQueryError):
        check_read_only(query)


ALLOWED = {
    "match": "MATCH (n:Person) RETURN n.name LIMIT 10",
    "trailing semicolon": "MATCH (n) RETURN count(n);",
    "clause words in a string": "MATCH (n) WHERE n.text CONTAINS 'CREATE (m) SET m.x = 1; DROP' RETURN n",
    "clause words in a comment": "MATCH (n) // then DELETE everything\nRETURN n",
    "clause words in a block comment": "/* MERGE CREATE */ MATCH (n) RETURN n",
    "properties named like clauses": "MATCH (n) RETURN n.set, n.delete, n.create, n.start",
    "parameter named like a clause": "MATCH (n) WHERE n.id = $remove RETURN n",
    "label named like a clause": "MATCH (n:Create) RETURN n",
    "quoted name like a clause": "MATCH (`CREATE`) RETURN `CREATE`",
    "start as a variable": "MATCH (c:Claim) RETURN c.start AS start, c.end AS stop",
    "starts with": "MATCH (n) WHERE n.name STARTS WITH 'A' RETURN n",
    "read procedure": "CALL db.labels() YIELD label RETURN label",
    "full-text search": "CALL db.index.fulltext.queryNodes('entity_names', 'julani~') YIELD node RETURN node",
    "schema view": "CALL db.schema.visualization()",
    "apoc path": "MATCH (n {id: 'x'}) CALL apoc.path.subgraphNodes(n, {maxLevel: 2}) YIELD node RETURN node",
    "gds stream": "CALL gds.pageRank.stream('g') YIELD nodeId, score RETURN nodeId, score",
    "read subquery": "MATCH (n) CALL (n) { MATCH (n)--(m) RETURN count(m) AS degree } RETURN n, degree",
    "explain a read": "EXPLAIN MATCH (n) RETURN n",
    "profile a read": "PROFILE MATCH (n)-[:MENTIONS]->(m) RETURN m",
    "shortest path": "MATCH p = SHORTEST 1 (a:Node {id: $a})--+(b:Node {id: $b}) RETURN p",
}


@pytest.mark.parametrize("query", ALLOWED.values(), ids=ALLOWED.keys())
def test_reads_pass(query: str) -> None:
    assert check_read_only(query) == query


def test_messages_say_what_was_refused() -> None:
    with pytest.raises(ForbiddenQueryError, match="DELETE"):
        check_read_only("MATCH (n)\nDELETE n")
    with pytest.raises(ForbiddenQueryError, match=r"apoc\.create\.node"):
        check_read_only("CALL apoc.create.node(['X'], {})")
    with pytest.raises(ForbiddenQueryError, match="one statement"):
        check_read_only("RETURN 1; RETURN 2")


def test_empty_and_huge_queries_are_bad_requests() -> None:
    with pytest.raises(QueryError, match="empty"):
        check_read_only("  \n ")
    with pytest.raises(QueryError, match="longer"):
        check_read_only("RETURN 1 " + " " * 30_000)
