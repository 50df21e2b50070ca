"""Refuse Cypher that could write, administer or reach outside the database, before it is sent (``POST /cypher``).

The database runs user Cypher in a read transaction as well, but a read transaction still lets ``LOAD CSV``,
``apoc.load.*`` and ``dbms.*`` read files and URLs, so this guard is the wall that matters. It errs on the side of
refusing.

**Tokens as Neo4j's lexer sees them** (Cypher5Lexer.g4): a ``//`` comment ends at ``\\r`` or ``\\n``; a ``/* */``
comment does not nest; a string is ``'…'`` or ``"…"`` where a backslash escapes any one character; a backtick name
is ``\\`…\\``` with a doubled backtick inside. Comments and whitespace are dropped, strings become one token, so
neither can hide a clause nor look like one. An unterminated string, comment or quoted name is refused.

**Words that are names, not clauses.** Neo4j lets almost every keyword be a variable, label, property or alias, so
a word is checked only where a clause could start. It is a name when it follows ``.`` ``$`` ``:`` (property,
parameter, label or map value), ``|`` ``&`` ``!`` (a label expression; the only clause that follows ``|`` is a
FOREACH body, and FOREACH itself is refused), or ``IS`` / ``AS`` right after an operand (``n IS Create``,
``… AS set``); and when ``:`` ``,`` ``)`` ``]`` ``}`` or the end of the query follows it (``(show:Person)``,
``{set: 1}``), since a clause keyword is never followed by those. Backtick names are always names.

**Refused** where a clause could start:

- write clauses: CREATE, INSERT, MERGE, SET, DELETE (DETACH / NODETACH), REMOVE, FOREACH, LOAD CSV;
- administration: DROP, ALTER, RENAME, GRANT, DENY, REVOKE, USE, START / STOP DATABASE, TERMINATE, ENABLE /
  DISABLE, DEALLOCATE / REALLOCATE, DRYRUN, ``CALL { … } IN TRANSACTIONS``, and every SHOW except the schema's
  ``SHOW [kind] INDEXES`` and ``SHOW [kind] CONSTRAINTS`` (SHOW USERS, TRANSACTIONS, SETTINGS, DATABASES … tell
  about the server and its other users);
- more than one statement (``;`` followed by anything);
- ``CALL`` of any procedure not on a read-only list (``db.labels``, full-text and vector index queries, the
  schema views, ``apoc.path.*``, ``gds.*.stream`` …), and, anywhere, the families that run Cypher from strings or
  reach files, URLs, other servers and triggers (``apoc.cypher.*``, ``apoc.load.*``, ``apoc.bolt.*``, ``dbms.*`` …).

``EXPLAIN`` and ``PROFILE`` are allowed in front of a query that passes (PROFILE runs it).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from graph.errors import ForbiddenQueryError, QueryError

MAX_QUERY_CHARS = 20_000

WRITE_CLAUSES = frozenset({"CREATE", "INSERT", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH"})
ADMIN_COMMANDS = frozenset(
    {
        "DROP", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "USE", "TERMINATE", "ENABLE", "DISABLE",
        "DEALLOCATE", "REALLOCATE", "DRYRUN", "TRANSACTIONS",
    }
)  # fmt: skip
# These words are common variable names too, so only their administrative pairing is refused.
ADMIN_PAIRS = {"START": {"DATABASE", "DATABASES", "SERVER"}, "STOP": {"DATABASE", "DATABASES", "SERVER"}}
LOAD_FORMS = frozenset({"CSV"})
# SHOW is allowed for the schema only: `SHOW [ALL | RANGE | FULLTEXT …] INDEXES`, `SHOW [… UNIQUE …] CONSTRAINTS`.
SHOW_KINDS = frozenset(
    {
        "ALL", "BTREE", "FULLTEXT", "LOOKUP", "POINT", "RANGE", "TEXT", "VECTOR", "NODE", "RELATIONSHIP", "REL",
        "UNIQUE", "UNIQUENESS", "EXIST", "EXISTENCE", "EXISTS", "KEY", "PROPERTY", "TYPE",
    }
)  # fmt: skip
SHOW_SCHEMA = frozenset({"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS"})

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
# Families that run Cypher given as a string (which the scan cannot see), or reach files, URLs, other databases and
# triggers; refused wherever they appear, since functions are called without CALL.
DANGEROUS_FAMILIES = re.compile(
    r"^(apoc\.(cypher|do|periodic|trigger|load|import|export|systemdb|custom|refactor|create|merge|nodes|"
    r"atomic|lock|schema|graph|util\.sleep|log|bolt|es|mongo|mongodb|couchbase|redis|static|config|dv|metrics|"
    r"spatial|ttl|warmup|model)|dbms|db\.create)(\.|$)"
)

# Words after which an expression can start, so that `<word> is` / `<word> as` may be a variable, not the IS / AS
# operator (`WHERE is CREATE …` is a variable `is`, then a CREATE clause).
EXPRESSION_KEYWORDS = frozenset(
    {
        "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "AS", "AND", "OR", "XOR", "NOT", "IN", "IS", "CASE",
        "WHEN", "THEN", "ELSE", "END", "CONTAINS", "STARTS", "ENDS", "BY", "ORDER", "SKIP", "LIMIT", "OFFSET",
        "DISTINCT", "DELETE", "DETACH", "NODETACH", "SET", "REMOVE", "CREATE", "MERGE", "INSERT", "ON", "YIELD",
        "CALL", "UNION", "ALL", "ANY", "NONE", "SINGLE", "EXISTS", "COUNT", "COLLECT", "FILTER", "LET", "FINISH",
        "NEXT", "USE", "FROM", "FOREACH", "LOAD", "CSV", "HEADERS", "FIELDTERMINATOR", "SHORTEST", "PATHS",
        "GROUPS", "REPEATABLE", "DIFFERENT", "ELEMENTS", "RELATIONSHIPS", "EXPLAIN", "PROFILE", "CYPHER",
        "SHOW", "TERMINATE", "IF", "TO", "FOR", "OF", "LIMITROWS", "SKIPROWS", "ASC", "DESC", "ASCENDING",
        "DESCENDING", "NULL", "TRUE", "FALSE",
    }
)  # fmt: skip
NAME_AFTER = frozenset({".", "$", ":", "|", "&", "!"})
NAME_BEFORE = frozenset({":", ",", ")", "]", "}", ";"})
OPERAND_ENDS = frozenset({")", "]"})
STATEMENT_END = frozenset({";"})
PROPERTY_DOT = frozenset({"."})

_TOKEN = re.compile(
    r"""
    (?P<line_comment>//[^\r\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]+)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):
    kind: str  # word, quoted, string, number or other (one punctuation character)
    text: str


def _tokens(query: str) -> list[Token]:
    """Tokens as Neo4j reads them; comments dropped, strings reduced to a placeholder, unterminated forms refused."""
    tokens: list[Token] = []
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
        elif kind == "string":
            text = "''"
        tokens.append(Token(kind, text))
    return tokens


def _is_symbol(token: Token | None, symbols: frozenset[str]) -> bool:
    return token is not None and token.kind == "other" and token.text in symbols


def _names(tokens: list[Token]) -> list[bool]:
    """For each token, whether it is a name (variable, label, property, alias…) rather than a possible clause."""
    names: list[bool] = []
    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index > 0 else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind != "word":
            names.append(token.kind == "quoted")
            continue
        # IN TRANSACTIONS may end a subquery or the query, so it never counts as a name by what follows
        followed_by_name_end = (
            after is None or _is_symbol(after, NAME_BEFORE)
        ) and token.text.upper() != "TRANSACTIONS"
        names.append(_is_symbol(before, NAME_AFTER) or followed_by_name_end or _follows_operator(tokens, names, index))
    return names


def _follows_operator(tokens: list[Token], names: list[bool], index: int) -> bool:
    """True for the word after the IS or AS operator: `n IS Create`, `count(n) AS set`.

    IS and AS are operators only after an operand; after a keyword they are themselves variables (`WHERE is …`).
    """
    if index < 2:
        return False
    operator, operand = tokens[index - 1], tokens[index - 2]
    if operator.kind != "word" or operator.text.upper() not in ("IS", "AS") or names[index - 1]:
        return False
    if operand.kind in ("quoted", "string", "number") or _is_symbol(operand, OPERAND_ENDS):
        return True
    return operand.kind == "word" and (names[index - 2] or operand.text.upper() not in EXPRESSION_KEYWORDS)


def _procedure_name(tokens: list[Token], start: int) -> str:
    """A dotted name (words or quoted names) starting at ``start``, lower-cased."""
    parts: list[str] = []
    index = start
    while index < len(tokens) and tokens[index].kind in ("word", "quoted"):
        parts.append(tokens[index].text)
        if index + 1 < len(tokens) and tokens[index + 1] == ("other", "."):
            index += 2
        else:
            break
    return ".".join(parts).lower()


def _check_clause_word(tokens: list[Token], index: int) -> None:
    """Refuse the word at ``index`` (not a name) if it starts a write or an administrative command."""
    word = tokens[index].text.upper()
    following = tokens[index + 1].text.upper() if index + 1 < len(tokens) else ""
    if word in WRITE_CLAUSES:
        raise ForbiddenQueryError(f"{word} writes to the graph: POST /cypher runs read-only queries")
    if word == "LOAD" and following in LOAD_FORMS:
        raise ForbiddenQueryError("LOAD CSV reads files or URLs on the server: not allowed here")
    if word in ADMIN_COMMANDS:
        what = "CALL { … } IN TRANSACTIONS" if word == "TRANSACTIONS" else word
        raise ForbiddenQueryError(f"{what} is an administrative or writing command: not allowed here")
    if following in ADMIN_PAIRS.get(word, ()):
        raise ForbiddenQueryError(f"{word} {following} is an administrative command: not allowed here")
    if word == "SHOW":
        _check_show(tokens, index)


def _check_show(tokens: list[Token], index: int) -> None:
    shown = index + 1
    while shown < len(tokens) and tokens[shown].kind == "word" and tokens[shown].text.upper() in SHOW_KINDS:
        shown += 1
    if shown < len(tokens) and tokens[shown].kind == "word" and tokens[shown].text.upper() in SHOW_SCHEMA:
        return
    what = tokens[index + 1].text.upper() if index + 1 < len(tokens) else ""
    raise ForbiddenQueryError(
        f"SHOW {what} is an administrative command: only SHOW INDEXES and SHOW CONSTRAINTS are allowed here"
    )


def _check_procedure(tokens: list[Token], index: int) -> None:
    """Refuse a dangerous dotted name anywhere, and a CALL of a procedure not on the read-only list."""
    name = _procedure_name(tokens, index)
    if "." in name and DANGEROUS_FAMILIES.match(name):
        raise ForbiddenQueryError(f"{name} can write, run Cypher from a string or reach files: not allowed")
    before = tokens[index - 1] if index > 0 else None
    called = before is not None and before.kind == "word" and before.text.upper() == "CALL"
    if called and not any(pattern.match(name) for pattern in READ_ONLY_PROCEDURES):
        raise ForbiddenQueryError(f"procedure {name} is not on the read-only list")


def check_read_only(query: str) -> str:
    """Return the query if it only reads; raise ForbiddenQueryError saying what it would do otherwise."""
    if not query.strip():
        raise QueryError("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    tokens = _tokens(query)
    names = _names(tokens)
    for index, token in enumerate(tokens):
        if _is_symbol(token, STATEMENT_END) and index != len(tokens) - 1:
            raise ForbiddenQueryError("only one statement may be sent: remove the ';' and what follows it")
        if token.kind == "word" and not names[index]:
            _check_clause_word(tokens, index)
        if token.kind in ("word", "quoted") and not _is_symbol(tokens[index - 1] if index else None, PROPERTY_DOT):
            _check_procedure(tokens, index)
    return query
