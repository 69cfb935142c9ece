"""Stored queries: the .rq files of queries/, their headers, and safe parameter binding.

Parameters are bound as RDF terms in VALUES blocks (see with_values), never spliced in as raw
text, so a value holding quotes, braces or UNION cannot change the query. Each file carries its
parameters' defaults in those blocks, so that the file as it is is a query of its own that gives
the default answer; the binder writes the given values over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from untoc_kg.errors import UntocError
from untoc_kg.resources import data_dir
from untoc_kg.vocab import ID, TOPIC

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param|example|columns|multi|ranked):\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[a-z_]+)\s*\((?P<kind>string|integer|topic|state|body|iri)"
    r"(?:,\s*default\s*=\s*(?P<default>[^)]+)|,\s*(?P<required>required))?\)\s*[—-]+\s*(?P<doc>.*)$"
)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str | None
    description: str
    required: bool = False

    def term(self, value: str):
        """The RDF term a command-line value stands for."""
        if self.kind == "integer":
            try:
                return ox.Literal(str(int(value)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            except ValueError:
                raise UntocError(f"The parameter {self.name} takes a whole number, not {value!r}.") from None
        if self.kind == "topic":
            iri = value if value.startswith(("http://", "https://")) else str(TOPIC[value])
            return _named(iri, self.name)
        if self.kind == "iri":
            # An endpoint for SERVICE: only an absolute http(s) IRI is of any use there.
            if not value.startswith(("http://", "https://")):
                raise UntocError(f"The parameter {self.name} takes an http(s) IRI such as "
                                 f"https://query.wikidata.org/sparql, not {value!r}.")
            try:
                return ox.NamedNode(value)
            except ValueError:
                raise UntocError(f"The parameter {self.name} takes an http(s) IRI; {value!r} is not one.") from None
        if self.kind == "state":
            # A state or organization code: ARG, EU, INTERPOL.
            return ox.Literal(value.strip().upper())
        return ox.Literal(value)


def _named(iri: str, name: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise UntocError(f"The parameter {name} must be an IRI or a key such as "
                         f"“crimes-affecting-the-environment”; {iri!r} is neither.") from None


@dataclass
class StoredQuery:
    name: str
    path: Path
    title: str
    description: str
    params: list[Param]
    examples: list[str]
    text: str
    columns: list[str] = field(default_factory=list)
    multi: list[str] = field(default_factory=list)   # columns whose cells join several values with ";"
    ranked: str | None = None   # the variable the binder binds to the ranks of a page (# ranked:)

    def bindings(self, given: dict[str, str]) -> dict:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known) - set(PAGING_NAMES))
        if unknown:
            raise UntocError(f"The query {self.name} has no parameter {', '.join(unknown)}; it takes "
                             f"{', '.join(known) or 'none'} (and limit, offset, as every stored query does).")
        missing = [p.name for p in self.params if p.required and p.name not in given]
        if missing:
            raise UntocError(f"The query {self.name} needs --param {missing[0]}=…: "
                             f"{next(p.description for p in self.params if p.name == missing[0])}.")
        bound = {}
        for param in self.params:
            value = given.get(param.name, param.default)
            if value is not None:
                bound[ox.Variable(param.name)] = param.term(value)
        return bound


def parse_query_file(path: Path) -> StoredQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": [], "columns": [],
                                    "multi": [], "ranked": []}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            fields[match.group("key")].append(match.group("value").strip())
    if not fields["title"] or not fields["description"]:
        raise UntocError(f"{path}: a stored query starts with “# title:” and “# description:” lines.")
    params = []
    for spec in fields["param"]:
        match = _PARAM.match(spec)
        if not match:
            raise UntocError(f"{path}: the parameter line “{spec}” is not of the form "
                             "“name (kind, default=value) — description”.")
        default = match.group("default")
        params.append(Param(match.group("name"), match.group("kind"),
                            default.strip() if default else None, match.group("doc"),
                            bool(match.group("required"))))
    names = [p.name for p in params]
    taken = [name for name in names if name in PAGING_NAMES]
    if taken:
        raise UntocError(f"{path}: {taken[0]} is a parameter of every stored query (paging); give the "
                         "query's own parameter another name.")
    ranked = None
    if fields["ranked"]:
        match = re.match(r"\??(?P<name>[a-z_]+)\b", fields["ranked"][0])
        if not match or match.group("name") in names:
            raise UntocError(f"{path}: the line “# ranked: {fields['ranked'][0]}” names the variable that takes the "
                             "ranks of a page (“# ranked: rank — …”), which is not one of the query's parameters.")
        ranked = match.group("name")
    blocks = parameter_blocks(text)
    for block in blocks:
        strangers = [name for name in block if name not in names and name != ranked]
        if strangers:
            raise UntocError(f"{path}: the block “VALUES (…) {{ (…) }}” binds ?{strangers[0]}, which is not a "
                             "parameter of the query (a one-line VALUES with parentheses is a parameter "
                             "block; write constants as “VALUES ?x { … }”).")
    if names and not any(sorted(name for name in block if name != ranked) == sorted(names) for block in blocks):
        raise UntocError(f"{path}: a query with parameters carries their defaults in a block "
                         f"“VALUES ({' '.join('?' + n for n in sorted(names))}) {{ (…) }}” (UNDEF where a "
                         "parameter has none), which the binder replaces.")
    columns = fields["columns"][0].split() if fields["columns"] else []
    multi = fields["multi"][0].split() if fields["multi"] else []
    return StoredQuery(path.stem, path, fields["title"][0], " ".join(fields["description"]),
                       params, fields["example"], text, columns, multi, ranked)


def stored_queries(folder: Path | None = None) -> dict[str, StoredQuery]:
    folder = folder or data_dir("queries")
    return {p.stem: _parsed(p) for p in sorted(folder.glob("*.rq"))}


# Every call of a stored query used to read and parse all thirteen files again (about 1 ms of
# the flagship's 17 at a thousand reports). A file is parsed again only when it changes.
_PARSED: dict[Path, tuple[tuple[int, int], StoredQuery]] = {}


def _parsed(path: Path) -> StoredQuery:
    stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size)
    known = _PARSED.get(path)
    if known is None or known[0] != version:
        known = _PARSED[path] = (version, parse_query_file(path))
    return known[1]


_QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def get_query(name: str) -> StoredQuery:
    # One file looked at, not the whole folder: listing and stat'ing all seventeen files took
    # 0.1 ms of every call (15 µs for one), 1 % of the flagship's 10 ms at a thousand reports.
    if _QUERY_NAME.fullmatch(name):
        path = data_dir("queries") / f"{name}.rq"
        if path.is_file():
            return _parsed(path)
    queries = stored_queries()
    if name not in queries:
        raise UntocError(f"There is no stored query named {name!r}; the stored queries are "
                         f"{', '.join(queries)} (untoc-kg query --list).")
    return queries[name]


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[str | None]]


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)

# A parameter block: one line "VALUES (?a ?b) { (term term) }". A stored query carries its
# parameters' defaults in such blocks (UNDEF where a parameter has none), so that the file as it
# is, pasted into any SPARQL editor, gives the default answer; the binder writes the given
# values over them. A VALUES block of constants is written in another form (one variable
# without parentheses, or over several lines); parse_query_file checks the rule.
_BLOCK = re.compile(r"^(?P<indent>[ \t]*)VALUES[ \t]*\((?P<names>(?:[ \t]*\?\w+)+)[ \t]*\)[ \t]*"
                    r"\{[ \t]*\(.*\)[ \t]*\}[ \t]*$")
_BOUND_HERE = re.compile(r"^(?P<indent>[ \t]*)#[ \t]*bound here:(?P<names>(?:[ \t]*\?\w+)+)[ \t]*$")
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _names(group: str) -> list[str]:
    return group.replace("?", " ").split()


def _cell(term) -> str:
    """One bound term as SPARQL text, serialised by pyoxigraph (quotes and newlines escaped);
    a whole number as the bare integer it was read as (2, as a person would write it)."""
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD_INTEGER and re.fullmatch(r"-?\d+", term.value):
        return term.value
    return str(term)


def values_block(names: list[str], by_name: dict, indent: str = "", undef: bool = False) -> str:
    """The parameter block of these variables with their bound terms.

    With undef, as a file writes it: UNDEF for a variable left unbound. Without, as the binder
    writes it: an unbound variable is left out, and a block with none bound becomes a comment,
    so that an engine is sent only the terms a call binds (the same SPARQL as before the
    defaults were written into the files). The answers are the same either way, and so is
    Oxigraph's speed (measured on the samples and at 100 reports). A variable bound to a tuple
    of terms (the ranks of a page, see bound_text) gives one row of the block per term.
    """
    names = names if undef else [name for name in names if name in by_name]
    if not names:
        return f"{indent}# no parameter given here"
    rows: list[list[str]] = [[]]
    for name in names:
        value = by_name.get(name)
        cells = ["UNDEF"] if value is None else [_cell(term) for term in value] if isinstance(value, tuple) else [_cell(value)]
        rows = [row + [cell] for row in rows for cell in cells]
    data = " ".join(f"({' '.join(row)})" for row in rows)
    return f"{indent}VALUES ({' '.join('?' + name for name in names)}) {{ {data} }}"


def parameter_blocks(text: str) -> list[list[str]]:
    """The variables of each parameter block of a query text, in the order written."""
    return [_names(match.group("names")) for line in text.splitlines() if (match := _BLOCK.match(line))]


def with_values(text: str, bindings: dict) -> str:
    """The query with its parameters bound in its VALUES blocks.

    Each parameter block of the text (a line "VALUES (?a ?b) { (…) }", where a stored query
    keeps its defaults) is written again with the bound terms (see values_block: a variable not
    bound is left out); nothing else of the text changes. Each value is an RDF term serialised by pyoxigraph
    (quotes and newlines escaped), so a value can only ever be one term:
    "USA\" } UNION { ?s ?p ?o }" stays one string literal. VALUES is plain SPARQL 1.1, so the
    same bound text runs on the embedded store and on any remote endpoint. (Oxigraph's own
    substitution API was tried first: it needs every bound variable in the projection and
    evaluates BOUND() of a substituted variable as false.) A text without a parameter block
    gets one, of the bound variables, at the start of its WHERE clause.

    Oxigraph joins the top-level block with the patterns after evaluating them, not before: a
    query whose branches should start from a parameter repeats the block there (a stored query
    writes it under a comment "# bound here: ?topic"; 11.7 s → 2.0 s for states-on-topic at a
    thousand reports). A marker comment with no block under it gets one, of the variables it
    names that are bound; the results are the same, the variable is bound to the same term.
    """
    by_name = {v.value: term for v, term in bindings.items()}
    lines = text.split("\n")
    if by_name and not any(_BLOCK.match(line) for line in lines):
        match = _WHERE.search(text)
        if match is None:
            raise UntocError("A stored query with parameters needs a WHERE clause to bind them in.")
        template = values_block(sorted(by_name), {}, "  ", undef=True)
        lines = (text[:match.end()] + "\n" + template + "\n" + text[match.end():]).split("\n")
    # One pass over the text as written: a bound value is never read again as query text.
    out = []
    for index, line in enumerate(lines):
        block = _BLOCK.match(line)
        if block:
            out.append(values_block(_names(block.group("names")), by_name, block.group("indent")))
            continue
        marker = _BOUND_HERE.match(line)
        if marker and not (index + 1 < len(lines) and _BLOCK.match(lines[index + 1])):
            wanted = [name for name in _names(marker.group("names")) if name in by_name]
            if wanted:
                out.append(values_block(wanted, by_name, marker.group("indent")))
                continue
        out.append(line)
    return "\n".join(out)


# The keyword, not a variable spelled ?service: "VALUES (?service ?topic)" must not match.
_SERVICE_VARIABLE = re.compile(r"(?<![?$\w])SERVICE(?P<silent>\s+SILENT)?\s+\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)",
                               re.IGNORECASE)


def with_service_iris(text: str, bindings: dict) -> str:
    """The query with each ``SERVICE ?name`` whose ?name is bound to an IRI written as ``SERVICE <iri>``.

    SPARQL 1.1 leaves the evaluation of SERVICE ?var to the engine, and Oxigraph evaluates the
    SERVICE pattern before the VALUES block that binds ?var ("the variable encoding the service
    name is unbound"), so an endpoint parameter has to be in the text. It is safe there: the
    value is a pyoxigraph NamedNode (no spaces, quotes, braces or ">" can pass its IRI check),
    serialised as one <…> term. An unbound ?name is left as it is.
    """
    iris = {v.value: str(term) for v, term in bindings.items() if isinstance(term, ox.NamedNode)}

    def replace(match: re.Match) -> str:
        iri = iris.get(match.group("name"))
        return f"SERVICE{match.group('silent') or ''} {iri}" if iri else match.group(0)

    return _SERVICE_VARIABLE.sub(replace, text) if iris else text


def bound_text(query: StoredQuery, params: dict[str, str] | None = None, *, cap: int | None = None) -> str:
    """The text of a stored query with its parameters bound: what the embedded store and a
    remote endpoint both receive.

    The generic parameters limit and offset (PAGING) page the answer: they are appended as
    LIMIT and OFFSET after the query's own ORDER BY, which a paged query must have (a page of
    an unordered answer is not well defined; every stored query has one). `cap` is a row limit
    of the caller's own (the server's --limit, plus one to know whether there were more): the
    smaller of it and the given limit is written, and it needs no ORDER BY. Without either,
    the text is the query with its values bound and nothing else. A page of a listing that the
    serving layer ranks is read by the ranks of its rows instead (page_ranks)."""
    given = dict(params or {})
    limit, offset = paging(given)
    bindings = query.bindings(given)
    # The SERVICE IRI first, in the text as written; then the values, in one pass.
    text = with_service_iris(query.text, bindings)
    if (limit is not None or offset) and not has_order_by(text):
        raise UntocError(f"The query {query.name} has no ORDER BY, so its pages would not be stable; "
                         "it cannot be paged with limit and offset.")
    if cap is not None:
        limit = cap if limit is None else min(limit, cap)
    ranks = page_ranks(query, bindings, limit, offset)
    if ranks is not None:
        page = page_query(query)
        return with_values(page.text, {ox.Variable(page.ranked or query.ranked): ranks})
    text = with_values(text, bindings)
    if limit is None and not offset:
        return text
    sliced = with_slice(text, limit, offset)
    if sliced is None:
        raise UntocError(f"The query {query.name} cannot be paged: its text ends in a form the binder does not "
                         "add LIMIT and OFFSET to (its own LIMIT or OFFSET, or a final VALUES block).")
    return sliced


# A page read by rank names each of its rows' ranks in the query text: up to this many.
RANKED_PAGE_ROWS = 1000


def page_ranks(query: StoredQuery, bindings: dict, limit: int | None, offset: int) -> tuple | None:
    """The ranks of the rows of a page, when the page can be read by rank; else None.

    The serving layer keeps, for each listing a query marks "# ranked: VAR", the rank of every
    row of the listing as it stands (the query with no parameter, or each at its default) in
    the order of its ORDER BY (untoc_kg/serving_order.py). A page of that listing is then the
    rows of ranks offset+1 … offset+limit, which the binder writes into the blocks of VAR of
    the listing's page query, pages/NAME.rq beside it (a row of the block per rank): the engine
    reads 100 rows by rank instead of sorting the whole listing to skip all but 100
    (statements: 4.25 s at a thousand reports). The page query orders its rows by the same
    ORDER BY. Any other call (a parameter given, no limit, a larger page) is paged by LIMIT
    and OFFSET as usual."""
    if query.ranked is None or limit is None or not 0 < limit <= RANKED_PAGE_ROWS:
        return None
    if bindings != query.bindings({}):
        return None
    return tuple(ox.Literal(str(rank), datatype=ox.NamedNode(_XSD_INTEGER))
                 for rank in range(offset + 1, offset + limit + 1))


def page_query(query: StoredQuery) -> StoredQuery:
    """The page query of a ranked listing: pages/NAME.rq in the folder of the query."""
    path = query.path.parent / "pages" / f"{query.name}.rq"
    if not path.is_file():
        raise UntocError(f"The query {query.name} is read by rank (“# ranked:”), but its page query {path} is missing.")
    return _parsed(path)


# -- paging: the generic parameters limit and offset ---------------------------------------------

PAGING = (
    Param("limit", "integer", None, "the most rows to return, a whole number, 0 or more (after the query's "
                                    "ORDER BY; all rows when absent)"),
    Param("offset", "integer", None, "how many rows to skip first, a whole number, 0 or more (none when absent)"),
)
PAGING_NAMES = tuple(p.name for p in PAGING)


def paging(given: dict[str, str]) -> tuple[int | None, int]:
    """Takes limit and offset out of `given` (which keeps the query's own parameters) and
    returns (limit or None, offset), each checked to be a non-negative whole number."""
    values = {}
    for name in PAGING_NAMES:
        raw = given.pop(name, None)
        if raw is None:
            continue
        text = str(raw).strip()
        if not re.fullmatch(r"\d{1,18}", text):
            raise UntocError(f"The parameter {name} takes a whole number of rows, 0 or more, not {raw!r}.")
        values[name] = int(text)
    return values.get("limit"), values.get("offset", 0)


# Strings (long and short, terminated or not), IRIs and comments, each matched in one try: the
# tokens the server masks before it screens a /sparql query (server.masked).
_TOKENS = re.compile(r'(?P<string>"""[\s\S]*?(?:"""|\Z)' r"|'''[\s\S]*?(?:'''|\Z)"
                     r'|"(?:[^"\\\n]|\\[\s\S])*"?' r"|'(?:[^'\\\n]|\\[\s\S])*'?)"
                     r'|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<comment>#[^\n]*)')
_PROLOGUE_SELECT = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*SELECT\b", re.IGNORECASE)
_KEYWORD = r"(?<![?$\w:-]){}(?![\w:-])"
_LIMIT = re.compile(_KEYWORD.format("LIMIT") + r"\s+(?P<n>\d+)", re.IGNORECASE)
_OFFSET = re.compile(_KEYWORD.format("OFFSET"), re.IGNORECASE)
_VALUES = re.compile(_KEYWORD.format("VALUES"), re.IGNORECASE)
_ORDER_BY = re.compile(_KEYWORD.format("ORDER") + r"\s+BY\b", re.IGNORECASE)


def _masked_in_place(text: str) -> str:
    """The text with its strings, IRIs and comments blanked out, every character where it was
    ("…" becomes "   ", <…> becomes <   >, a comment spaces): keywords and brackets inside
    them do not count, and a position in the masked text is the same in the text."""
    def blank(match: re.Match) -> str:
        token = match.group(0)
        if match.lastgroup == "comment" or len(token) < 2:
            return " " * len(token)
        return token[0] + " " * (len(token) - 2) + token[-1]
    return _TOKENS.sub(blank, text)


def _select_tail(text: str) -> tuple[str, int] | None:
    """(the masked text, where its solution modifiers start) for a SELECT query: the position
    after the brace that closes its WHERE group. None for another form of query, or for a
    text whose brackets do not balance (the parser will say what is wrong with it)."""
    masked = _masked_in_place(text)
    if not _PROLOGUE_SELECT.match(masked):
        return None
    depth, opened = 0, False
    for match in re.finditer(r"[()\[\]{}]", masked):
        if match.group(0) in "([{":
            # The WHERE group is the first brace at the top level (a brace in the projection,
            # as in (EXISTS { … } AS ?x), is inside its parentheses).
            opened = opened or (depth == 0 and match.group(0) == "{")
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return None
            if depth == 0 and opened:
                return masked, match.end()
    return None


def has_order_by(text: str) -> bool:
    """Whether a SELECT query orders its answer at the top level (not only in a subquery)."""
    found = _select_tail(text)
    return found is not None and _ORDER_BY.search(found[0], found[1]) is not None


def with_slice(text: str, limit: int | None, offset: int = 0) -> str | None:
    """A SELECT query with its answer cut to `limit` rows after skipping `offset`, or None when
    that cannot be written into this text safely.

    The clauses go at the end of the text, after its ORDER BY (SPARQL applies ORDER BY, then
    OFFSET, then LIMIT, in whichever order the two are written). A query with a LIMIT of its
    own keeps the smaller of the two (the number is rewritten where it stands); one with an
    OFFSET of its own gets the LIMIT after it. None for a query that is not a SELECT, that has
    a LIMIT or OFFSET of its own when an offset is asked, or that has a VALUES block or braces
    after its WHERE group (HAVING with EXISTS)."""
    if limit is None and not offset:
        return text
    found = _select_tail(text)
    if found is None:
        return None
    masked, start = found
    tail = masked[start:]
    if "{" in tail or "}" in tail or _VALUES.search(tail):
        return None
    own = _LIMIT.search(masked, start)
    if offset and (own is not None or _OFFSET.search(tail)):
        return None
    if own is not None:
        if limit is None or int(own.group("n")) <= limit:
            return text
        return text[:own.start("n")] + str(limit) + text[own.end("n"):]
    clauses = ([f"LIMIT {limit}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else [])
    return text.rstrip("\n") + "\n" + " ".join(clauses) + "\n"


def query_result(query: StoredQuery, columns: list[str], rows: list[list[str | None]]) -> QueryResult:
    """The rows of a stored query as every face shows them, wherever they were computed."""
    tidy = _tidier(query, columns)
    if tidy is not None:
        for row in rows:
            tidy(row)
    return QueryResult(columns, rows)


def _tidier(query: StoredQuery, columns: list[str]):
    """What makes one row (in place) as every face shows it, or None when nothing needs to."""
    # GROUP_CONCAT has no order in SPARQL; sorted values make every run print the same cells.
    multi = [index for index, column in enumerate(columns) if column in query.multi]
    if not multi:
        return None

    def tidy(row: list[str | None]) -> list[str | None]:
        for index in multi:
            if row[index]:
                row[index] = ";".join(sorted(set(row[index].split(";"))))
        return row
    return tidy


def iter_query(store, name: str, params: dict[str, str] | None = None, *,
               cap: int | None = None) -> tuple[list[str], Iterator[list[str | None]]]:
    """The columns of a stored query, and its rows one at a time as they come from the store's
    solution iterator, each as run_query gives it: for a listing written out as it is read
    (CSV), never held whole. The parameters are checked, and the query started, before this
    returns."""
    query = get_query(name)
    solutions = store.query(bound_text(query, params, cap=cap))
    columns = [v.value for v in solutions.variables]
    tidy = _tidier(query, columns)

    def rows() -> Iterator[list[str | None]]:
        for solution in solutions:
            row = [None if term is None else term.value for term in solution]
            yield row if tidy is None else tidy(row)
    return columns, rows()


def run_query(store, name: str, params: dict[str, str] | None = None, *, cap: int | None = None) -> QueryResult:
    """The rows of a stored query; params may page it (limit, offset) and `cap` cut it (bound_text)."""
    query = get_query(name)
    solutions = store.query(bound_text(query, params, cap=cap))
    columns = [v.value for v in solutions.variables]
    # A solution iterates its terms in the order of solutions.variables; reading them so is
    # several times faster than looking each cell up by name (some listings have 90,000 rows).
    rows = [[None if term is None else term.value for term in solution] for solution in solutions]
    return query_result(query, columns, rows)
