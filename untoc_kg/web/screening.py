"""Reading a /sparql query's text before it is parsed: what the endpoint refuses, and why.

The server looks at a query's text before Oxigraph parses it: for the keywords it refuses
(updates, SERVICE), for FROM (which decides the default graph), and for how deeply it
nests. Each must count only outside strings, IRIs and comments, so the text is first
masked: every string becomes "", every IRI <>, every comment a space. The masking is one
left-to-right pass in which every token, terminated or not, is matched in one try (an
unterminated string runs to the end of its line, a long string to the end of the text),
so no character is looked at more than a few times, whatever the text. The patterns before
were not linear: `(?m)^\\s*#.*$` tried every line start against all the blank lines after
it, and 100 KB of line breaks held a worker for the whole timeout.
"""

from __future__ import annotations

import re

from untoc_kg.web.answers import Answer, refusal

_TOKENS = re.compile(r'(?P<string>"""[\s\S]*?(?:"""|\Z)' r"|'''[\s\S]*?(?:'''|\Z)"
                     r'|"(?:[^"\\\n]|\\[\s\S])*"?' r"|'(?:[^'\\\n]|\\[\s\S])*'?)"
                     r'|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<comment>#[^\n]*)')
_MASKS = {"string": '""', "iri": "<>", "comment": " "}
_BRACKETS = re.compile(r"[()\[\]{}]")
_FROM = re.compile(r"(?<![?$\w:])FROM\b(?!\s+NAMED\b)", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)

# The deepest nesting of ( [ { a query may have. Oxigraph's parser and evaluator recurse at
# least once per level: 10,000 parentheses overflowed a worker's stack (a crash, a 500 and a
# new worker for every such request), and 3,000 nested groups do. The stored queries nest at
# most 7 deep (queries/*.rq); 128 leaves hand-written and generated queries room many times
# over, and stays far below any depth that overflows even a default 8 MiB thread stack.
MAX_NESTING = 128

UPDATE_REFUSED = "This endpoint is read-only: it answers queries and refuses SPARQL updates."
SERVICE_REFUSED = ("This endpoint does not run federated queries: SERVICE would make the server fetch "
                   "any address it is given. The operator can allow it with `untoc-kg serve --allow-service`.")
NESTING_REFUSED = (f"The query nests parentheses, brackets or braces more than {MAX_NESTING} deep; this endpoint "
                   "refuses such queries before parsing them (they can crash the parser). Write it flatter.")


def masked(sparql: str) -> str:
    """The query with its strings, IRIs and comments blanked out (see above)."""
    return _TOKENS.sub(lambda m: _MASKS[m.lastgroup], sparql)


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """How deeply ( [ { nest in masked query text; counting stops once past `stop_above`."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        if bracket in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    break
        elif depth:
            depth -= 1
    return deepest


def uses_service(sparql: str) -> bool:
    """Whether the query text holds the SERVICE keyword outside comments, strings and IRIs.
    Erring on the side of refusal is fine: a false positive only costs a federated query."""
    return _SERVICE.search(masked(sparql)) is not None


def names_default_graph(sparql: str) -> bool:
    # A query that names its own default graph with FROM must not run on the union of the
    # graphs (pyoxigraph ignores FROM when asked for the union).
    return _FROM.search(masked(sparql)) is not None


def looks_like_update(sparql: str) -> bool:
    return _UPDATE.match(masked(sparql)) is not None


def screen(sparql: str, allow_service: bool) -> Answer | None:
    """The refusal a query gets before it reaches a worker, or None when it may run."""
    text = masked(sparql)
    if nesting_depth(text, stop_above=MAX_NESTING) > MAX_NESTING:
        return refusal(400, NESTING_REFUSED)
    if _UPDATE.match(text):
        return refusal(403, UPDATE_REFUSED)
    if not allow_service and _SERVICE.search(text):
        return refusal(403, SERVICE_REFUSED)
    return None
