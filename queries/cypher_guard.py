"""Refuse Cypher that could write or administer, before it reaches the database (``POST /cypher``).

The database runs user Cypher in a read transaction as well; this guard is the first wall, and it errs on the side
of refusing. It scans the statement with comments and string literals removed (so neither can hide a clause,
and a word inside a string is not mistaken for one), backtick-quoted identifiers neutralised, and refuses:

- write clauses: CREATE, INSERT, MERGE, SET, DELETE (DETACH / NODETACH), REMOVE, FOREACH, LOAD CSV;
- administration: DROP, ALTER, RENAME, GRANT, DENY, REVOKE, SHOW, USE, START / STOP DATABASE, TERMINATE,
  ENABLE / DISABLE, DEALLOCATE / REALLOCATE, and ``CALL { … } IN TRANSACTIONS``;
- more than one statement (``;`` followed by anything);
- ``CALL`` of any procedure not on a read-only list (``db.labels``, full-text and vector index queries, the
  schema views, ``apoc.path.*``, ``gds.*.stream`` …), and, anywhere, the families that run Cypher from strings
  or touch files and triggers (``apoc.cypher.*``, ``apoc.do.*``, ``apoc.periodic.*``, ``apoc.load.*`` …);
- unterminated strings, comments or quoted identifiers, which cannot be checked.

``EXPLAIN`` and ``PROFILE`` are allowed in front of a query that passes (PROFILE runs it).
"""

from __future__ import annotations

import re

from graph.errors import ForbiddenQueryError, QueryError

MAX_QUERY_CHARS = 20_000

WRITE_CLAUSES = frozenset({"CREATE", "INSERT", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH"})
ADMIN_COMMANDS = frozenset(
    {
        "DROP", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "SHOW", "USE", "TERMINATE", "ENABLE", "DISABLE",
        "DEALLOCATE", "REALLOCATE", "DRYRUN", "TRANSACTIONS",
    }
)  # fmt: skip
# These words are common variable names too, so only their administrative pairing is refused.
ADMIN_PAIRS = {"START": {"DATABASE", "DATABASES", "SERVER"}, "STOP": {"DATABASE", "DATABASES", "SERVER"}}
LOAD_FORMS = frozenset({"CSV"})

READ_ONLY_PROCEDURES = (
    re.compile(
        r"^(db\.(labels|relationshiptypes|propertykeys|info|ping|schema\.(visualization|nodetypeproperties|"
        r"reltypeproperties)|index\.(fulltext|vector)\.query(nodes|relationships))"
        r"|apoc\.path\.(expand|expandconfig|subgraphnodes|subgraphall|spanningtree)"
        r"|apoc\.meta\.(schema|stats|data|nodetypeproperties|reltypeproperties)"
        r"|gds\.([a-z0-9_]+\.)*(stream|stats)(\.estimate)?"
        r"|gds\.graph\.list)$"
    ),
)
# Families that run Cypher given as a string (which the scan cannot see), or reach files, URLs and triggers.
DANGEROUS_FAMILIES = re.compile(
    r"^(apoc\.(cypher|do|periodic|trigger|load|import|export|systemdb|custom|refactor|create|merge|nodes|"
    r"atomic|lock|schema|graph|util\.sleep|log)|dbms|db\.create)(\.|$)"
)

_TOKEN = re.compile(
    r"""
    (?P<line_comment>//[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(query: str) -> list[tuple[str, str]]:
    """(kind, text) tokens; comments dropped, strings reduced to a placeholder, unterminated forms refused."""
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(query):  # every character matches one alternative
        kind = match.lastgroup or "other"
        text = match.group()
        if kind in ("line_comment", "block_comment", "space"):
            continue
        unterminated = text in ("'", '"', "`") or (text == "/" and query.startswith("/*", match.start()))
        if kind == "other" and unterminated:
            raise ForbiddenQueryError("the query has an unterminated string, quoted name or comment")
        if kind == "quoted":
            text = text[1:-1].replace("``", "`")
        tokens.append((kind, text))
    return tokens


def _previous_symbol(tokens: list[tuple[str, str]], index: int) -> str:
    return tokens[index - 1][1] if index > 0 and tokens[index - 1][0] == "other" else ""


def _procedure_name(tokens: list[tuple[str, str]], start: int) -> str:
    """A dotted name (words or quoted names) starting at ``start``, lower-cased."""
    parts: list[str] = []
    index = start
    while index < len(tokens) and tokens[index][0] in ("word", "quoted"):
        parts.append(tokens[index][1])
        if index + 1 < len(tokens) and tokens[index + 1] == ("other", "."):
            index += 2
        else:
            break
    return ".".join(parts).lower()


def check_read_only(query: str) -> str:
    """Return the query if it only reads; raise ForbiddenQueryError saying what it would do otherwise."""
    if not query.strip():
        raise QueryError("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    tokens = _tokens(query)
    for index, (kind, text) in enumerate(tokens):
        if kind == "other" and text == ";" and index != len(tokens) - 1:
            raise ForbiddenQueryError("only one statement may be sent: remove the ';' and what follows it")
        if kind == "word":
            # a property (n.set), a parameter ($delete) or a label (:Create) is a name, not a clause
            if _previous_symbol(tokens, index) in (".", "$", ":"):
                continue
            word = text.upper()
            following = tokens[index + 1][1].upper() if index + 1 < len(tokens) else ""
            if word in WRITE_CLAUSES:
                raise ForbiddenQueryError(f"{word} writes to the graph: POST /cypher runs read-only queries")
            if word == "LOAD" and following in LOAD_FORMS:
                raise ForbiddenQueryError("LOAD CSV reads files or URLs on the server: not allowed here")
            if word in ADMIN_COMMANDS:
                what = "CALL { … } IN TRANSACTIONS" if word == "TRANSACTIONS" else word
                raise ForbiddenQueryError(f"{what} is an administrative or writing command: not allowed here")
            if following in ADMIN_PAIRS.get(word, ()):
                raise ForbiddenQueryError(f"{word} {following} is an administrative command: not allowed here")
        if kind in ("word", "quoted") and _previous_symbol(tokens, index) != ".":
            name = _procedure_name(tokens, index)
            if "." in name and DANGEROUS_FAMILIES.match(name):
                raise ForbiddenQueryError(f"{name} can write, run Cypher from a string or reach files: not allowed")
            called = index > 0 and tokens[index - 1][0] == "word" and tokens[index - 1][1].upper() == "CALL"
            if called and not any(pattern.match(name) for pattern in READ_ONLY_PROCEDURES):
                raise ForbiddenQueryError(f"procedure {name} is not on the read-only list")
    return query
