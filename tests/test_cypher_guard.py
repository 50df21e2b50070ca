"""The read-only guard of POST /cypher: one case per way of writing or administering (issues 5 and 13), reads that
must pass (including ones whose strings, comments, names and properties merely look like clauses), and a
differential check against how Neo4j's own parser reads each query."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import ForbiddenQueryError, QueryError
from queries.cypher_guard import ADMIN_COMMANDS, ADMIN_PAIRS, SHOW_SCHEMA, WRITE_CLAUSES, check_read_only
from tests.test_cypher_syntax import _missing_tool, run_node_script

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
    # issue 13: Neo4j ends a // comment at a carriage return too
    "load csv after a comment ended by CR": "// x\rLOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "dbms after a comment ended by CR": "// x\rCALL dbms.listConfig()",
    "delete after a comment ended by CR": "// x\rMATCH (n) DETACH DELETE n",
    "create after a comment ended by CR": "MATCH (n) WITH n LIMIT 1 // x\rCREATE (m:Pwned) RETURN m",
    "create after a comment ended by CRLF": "MATCH (n) // x\r\nCREATE (m)",
    "clause after an escaped backslash": "RETURN '\\\\' AS s CREATE (n)",
    "clause after an escaped double quote": 'RETURN "a\\"b" AS s CREATE (n)',
    "clause after a doubled backtick": "MATCH (`a``b`) CREATE (n)",
    "block comments do not nest": "/* /* */ CREATE (n) /* */",
    "clause after a Unicode line separator": "MATCH (n)\u2028CREATE (m)",
    "clause after a property named is": "MATCH (n) WHERE n.is CREATE (m)",
    "clause after a variable named is": "MATCH (is) WHERE is CREATE (m)",
    "clause after an alias named is": "WITH 1 AS is CREATE (m)",
    "clause after a variable named as": "MATCH (as) WHERE as CREATE (m)",
    "load csv after a variable named set": "MATCH (set) WITH set LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "in transactions ending the query": "MATCH (n) CALL { WITH n RETURN n.x AS x } IN TRANSACTIONS",
    "in transactions ending a subquery": "CALL { CALL { RETURN 1 AS x } IN TRANSACTIONS }",
    "show users": "SHOW USERS",
    "show transactions": "SHOW TRANSACTIONS",
    "show settings": "SHOW SETTINGS YIELD name, value RETURN name, value",
    "show current user": "SHOW CURRENT USER",
    "apoc bolt reaches another server": "CALL apoc.bolt.execute('bolt://10.0.0.1', 'MATCH (n) RETURN n', {})",
    "apoc static reads configuration": "RETURN apoc.static.get('key')",
    "apoc load through a function-looking call": "RETURN apoc.load.jsonParams('http://169.254.169.254/', {}, null)",
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
    # issue 13: keywords used as names where no clause can start
    "alias named like a clause": "MATCH (n) RETURN n.x AS set",
    "aliases named like clauses": "MATCH (n) RETURN count(n) AS create, 1 AS delete, 'x' AS merge",
    "variable named show": "MATCH (show:Person) RETURN show",
    "relationship variable named set": "MATCH ()-[set:MENTIONS]->() RETURN set",
    "label alternative named like a clause": "MATCH (n:Person|Set) RETURN n",
    "label conjunction and negation": "MATCH (n:Person&!Create) RETURN n",
    "relationship types named like clauses": "MATCH ()-[r:MERGE|DELETE]->() RETURN r",
    "is label predicate": "MATCH (n) WHERE n IS Create RETURN n",
    "is label predicate after an alias": "MATCH (n) WITH n AS m WHERE m IS Create RETURN m",
    "map keys named like clauses": "RETURN {set: 1, delete: 2, load: 3} AS m",
    "is not null": "MATCH (n) WHERE n.x IS NOT NULL RETURN n",
    "comment ended by a Unicode line separator hides nothing from Neo4j": "MATCH (n) RETURN n // x\u2028CREATE (m)",
    "show indexes": "SHOW INDEXES",
    "show range indexes with yield": "SHOW RANGE INDEXES YIELD name, labelsOrTypes RETURN name",
    "show constraints": "SHOW UNIQUE CONSTRAINTS",
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


# --- Differential check against Neo4j's own parser ---------------------------------------------------------------
# Neo4j's language-support library (tests/cypher_lint) classifies every token in context, as the server's parser
# does: `set` in `AS set` is a variable, CREATE after `// x\r` is a keyword. Any query in which Neo4j sees a
# writing or administrative keyword must be refused by the guard.

SEPARATORS = {
    "space": " ",
    "newline": "\n",
    "carriage return": "\r",
    "CRLF": "\r\n",
    "line separator": "\u2028",
    "comment then CR": " // note\r",
    "comment then LF": " // note\n",
    "comment then line separator": " // note\u2028",
    "block comment": " /* note */ ",
    "block comment holding a CR": " /* a\rb */ ",
    "nested-looking block comment": " /* /* */ ",
    "string with an escaped quote": " WITH 'it\\'s // /*' AS s ",
    "string ending in a backslash": " WITH '\\\\' AS s ",
    "double-quoted string": ' WITH "a\\"b // " AS s ',
    "backtick name with a doubled backtick": " WITH 1 AS `a``b // ` ",
}
PAYLOADS = {
    "create": "CREATE (m:Pwned) RETURN m",
    "detach delete": "DETACH DELETE n",
    "set": "SET n.x = 1",
    "load csv": "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "dbms": "CALL dbms.listConfig()",
    "show users": "SHOW USERS",
    "read": "RETURN n",
}
KEYWORD_NAMES = ("set", "create", "delete", "merge", "remove", "load", "show", "use", "drop", "is", "as", "foreach")
NAME_TEMPLATES = (
    "MATCH ({kw}:Person) RETURN {kw}",
    "MATCH (n) RETURN n.x AS {kw}",
    "MATCH (n:Person|{kw}) RETURN n",
    "MATCH (n) WHERE n IS {kw} RETURN n",
    "MATCH (n) WHERE n.{kw} CREATE (m)",
    "MATCH ({kw}) WHERE {kw} CREATE (m)",
    "WITH 1 AS {kw} CREATE (m)",
    "MATCH ({kw}) WITH {kw} LOAD CSV FROM 'file:///x' AS l RETURN l",
    "RETURN {{{kw}: 1}} AS m",
    "MATCH (n) RETURN n.{kw}, ${kw}",
)


def differential_queries() -> dict[str, str]:
    queries = {f"refused: {name}": query for name, query in REFUSED.items()}
    queries |= {f"allowed: {name}": query for name, query in ALLOWED.items()}
    for sep_name, separator in SEPARATORS.items():
        for payload_name, payload in PAYLOADS.items():
            queries[f"MATCH (n) +{sep_name}+ {payload_name}"] = f"MATCH (n) WITH n LIMIT 1{separator}{payload}"
    for template in NAME_TEMPLATES:
        for word in KEYWORD_NAMES:
            for spelling in (word, word.upper()):
                queries[template.format(kw=spelling)] = template.format(kw=spelling)
    return queries


def neo4j_reading(queries: dict[str, str], *, lint: bool = False) -> dict[str, dict[str, Any]]:
    """Neo4j's tokens for each query, and with ``lint`` its errors (semantic analysis is the slow part)."""
    items = [{"name": name, "text": text, "lint": lint} for name, text in queries.items()]
    return {result["name"]: result for result in run_node_script("tokens.cjs", items)}


def neo4j_sees_a_command(tokens: list[list[str]]) -> str | None:
    """The writing or administrative keyword Neo4j's parser sees in these tokens, if any."""
    keywords = [text.upper() for kind, text in tokens if kind == "keyword"]
    for index, word in enumerate(keywords):
        following = keywords[index + 1 : index + 4]
        if word in WRITE_CLAUSES or word in ADMIN_COMMANDS or word == "LOAD":
            return word
        if word in ADMIN_PAIRS and following[:1] and following[0] in ADMIN_PAIRS[word]:
            return word
        if word == "SHOW" and not any(kind in SHOW_SCHEMA for kind in following):
            return word
    return None


def guard_refuses(query: str) -> bool:
    try:
        check_read_only(query)
    except ForbiddenQueryError:
        return True
    return False


@pytest.mark.skipif(_missing_tool() is not None, reason=_missing_tool() or "")
def test_guard_refuses_every_command_neo4j_would_see() -> None:
    queries = differential_queries()
    readings = neo4j_reading(queries)
    missed = [
        (name, command)
        for name, query in queries.items()
        if (command := neo4j_sees_a_command(readings[name]["tokens"])) and not guard_refuses(query)
    ]
    assert missed == []
    assert sum(neo4j_sees_a_command(reading["tokens"]) is not None for reading in readings.values()) > 100


@pytest.mark.skipif(_missing_tool() is not None, reason=_missing_tool() or "")
def test_allowed_queries_are_valid_reads_for_neo4j() -> None:
    readings = neo4j_reading(ALLOWED, lint=True)
    assert {name: reading["errors"] for name, reading in readings.items() if reading["errors"]} == {}
    assert {name: neo4j_sees_a_command(reading["tokens"]) for name, reading in readings.items()} == dict.fromkeys(
        ALLOWED
    )
