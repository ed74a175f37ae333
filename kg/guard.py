"""Guard for free-form Cypher (for example written by an LLM): only single read queries pass,
and every result is capped by a LIMIT.

The text is tokenised (strings, backtick names, comments, numbers, parameters) so keywords
hidden in literals do not trip the guard and keywords hidden by comments or quotes cannot
slip past it. Rules: one statement; no comments; no backslash escapes in strings (engines
disagree on them); no write, schema, admin, import or transaction keyword; CALL only for a
few read-only catalogue procedures; namespaced functions only from the temporal/spatial
built-ins (no apoc.*, dbms.*, gds.*); no UNION; the final RETURN gets `LIMIT max_rows`, or
its integer LIMIT is lowered to it. The adapters also run
the result in a read-only transaction, so the guard is the first line, not the only one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LENGTH = 4000

FORBIDDEN = frozenset({
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "LOAD", "FOREACH",
    "USE", "SHOW", "GRANT", "DENY", "REVOKE", "ALTER", "RENAME", "START", "STOP",
    "TERMINATE", "ENABLE", "DISABLE", "COPY", "EXPORT", "IMPORT", "ATTACH", "INSTALL",
    "BEGIN", "COMMIT", "ROLLBACK", "CHECKPOINT", "PERIODIC", "TRANSACTIONS", "UNION",
})
FIRST_KEYWORDS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
READ_PROCEDURES = frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys"})
SAFE_NAMESPACES = frozenset({
    "date", "datetime", "localdatetime", "localtime", "time", "duration", "point", "vector",
})

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//|/\*)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<param>\$\w+)
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<punct><>|<=|>=|=~|\.\.|->|<-|[-+*/%^=<>(){}\[\]:,.;|!?&@#~])
    """,
    re.VERBOSE | re.DOTALL,
)


class UnsafeCypherError(ValueError):
    """The query is not a single bounded read; the message says why."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise UnsafeCypherError(f"unexpected character {text[pos]!r} at {pos}")
        kind = match.lastgroup or ""
        if kind == "comment":
            raise UnsafeCypherError("comments are not allowed")
        if kind == "string" and "\\" in match.group():
            # engines differ on escapes; a quote one reads as escaped another may end on
            raise UnsafeCypherError("backslashes in string literals are not allowed")
        if kind != "space":
            out.append(_Token(kind, match.group(), match.start(), match.end()))
        pos = match.end()
    return out


def _check_words(tokens: list[_Token]) -> None:
    for i, tok in enumerate(tokens):
        if tok.kind != "word":
            continue
        after_dot = i > 0 and tokens[i - 1].text == "."
        if after_dot:
            continue  # a property or a namespace member, never a clause
        if tok.upper in FORBIDDEN:
            raise UnsafeCypherError(f"{tok.upper} is not allowed in a read query")
        name, j = _dotted(tokens, i)
        if j > i + 1 and j < len(tokens) and tokens[j].text == "(":
            namespace = name.split(".")[0].lower()
            previous = tokens[i - 1].upper if i > 0 else ""
            if previous == "CALL":
                if name.lower() not in READ_PROCEDURES:
                    raise UnsafeCypherError(f"procedure {name} is not allowed")
            elif namespace not in SAFE_NAMESPACES:
                raise UnsafeCypherError(f"function {name} is not allowed")
        if tok.upper == "CALL":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt.kind != "word":
                raise UnsafeCypherError("CALL subqueries are not allowed")
            proc, k = _dotted(tokens, i + 1)
            if proc.lower() not in READ_PROCEDURES:
                raise UnsafeCypherError(f"procedure {proc} is not allowed")


def _dotted(tokens: list[_Token], i: int) -> tuple[str, int]:
    """The dotted name starting at token i and the index just after it."""
    parts = [tokens[i].text]
    j = i + 1
    while j + 1 < len(tokens) and tokens[j].text == "." and tokens[j + 1].kind == "word":
        parts.append(tokens[j + 1].text)
        j += 2
    return ".".join(parts), j


def _final_return(tokens: list[_Token]) -> int:
    depth, last = 0, -1
    for i, tok in enumerate(tokens):
        if tok.text in "([{" and tok.kind == "punct":
            depth += 1
        elif tok.text in ")]}" and tok.kind == "punct":
            depth -= 1
            if depth < 0:
                raise UnsafeCypherError("unbalanced brackets")
        elif depth == 0 and tok.kind == "word" and tok.upper == "RETURN":
            if i == 0 or tokens[i - 1].text != ".":
                last = i
    if depth != 0:
        raise UnsafeCypherError("unbalanced brackets")
    if last < 0:
        raise UnsafeCypherError("a read query must RETURN something")
    return last


def guard_cypher(text: str, *, max_rows: int = 100) -> str:
    """The query with its row limit applied, or UnsafeCypherError."""
    if max_rows < 1:
        raise ValueError("max_rows must be positive")
    if len(text) > MAX_LENGTH:
        raise UnsafeCypherError(f"query longer than {MAX_LENGTH} characters")
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise UnsafeCypherError("control characters are not allowed")
    tokens = _tokens(text)
    while tokens and tokens[-1].text == ";":
        tokens.pop()
    if not tokens:
        raise UnsafeCypherError("empty query")
    if any(t.text == ";" for t in tokens):
        raise UnsafeCypherError("only one statement is allowed")
    if tokens[0].kind != "word" or tokens[0].upper not in FIRST_KEYWORDS:
        raise UnsafeCypherError("a read query starts with MATCH, OPTIONAL, WITH, UNWIND, "
                                "RETURN or CALL")
    _check_words(tokens)
    body = text[: tokens[-1].end]
    final = _final_return(tokens)
    depth = 0
    for i in range(final + 1, len(tokens)):
        tok = tokens[i]
        if tok.kind == "punct" and tok.text in "([{":
            depth += 1
        elif tok.kind == "punct" and tok.text in ")]}":
            depth -= 1
        elif depth == 0 and tok.kind == "word" and tok.upper == "LIMIT":
            value = tokens[i + 1] if i + 1 < len(tokens) else None
            if value is None or value.kind != "number" or not value.text.isdigit():
                raise UnsafeCypherError("LIMIT must be an integer literal")
            if i + 2 != len(tokens):
                raise UnsafeCypherError("nothing may follow the final LIMIT")
            capped = min(int(value.text), max_rows)
            return body[: value.start] + str(capped) + body[value.end :]
    return f"{body} LIMIT {max_rows}"
