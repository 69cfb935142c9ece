"""Stored queries: the .rq files of queries/, their headers, and safe parameter binding.

Parameters are bound as RDF terms in a VALUES block (see with_values), never spliced in as raw
text, so a value holding quotes, braces or UNION cannot change the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from untoc_kg.errors import UntocError
from untoc_kg.resources import data_dir
from untoc_kg.vocab import ID, TOPIC

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param|example|columns|multi):\s*(?P<value>.*)$")
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

    def bindings(self, given: dict[str, str]) -> dict:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise UntocError(f"The query {self.name} has no parameter {', '.join(unknown)}; it takes "
                             f"{', '.join(known) or 'none'}.")
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
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": [], "columns": [], "multi": []}
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
    columns = fields["columns"][0].split() if fields["columns"] else []
    multi = fields["multi"][0].split() if fields["multi"] else []
    return StoredQuery(path.stem, path, fields["title"][0], " ".join(fields["description"]),
                       params, fields["example"], text, columns, multi)


def stored_queries(folder: Path | None = None) -> dict[str, StoredQuery]:
    folder = folder or data_dir("queries")
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def get_query(name: str) -> StoredQuery:
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


def with_values(text: str, bindings: dict) -> str:
    """The query with its parameters bound by a VALUES block at the start of its WHERE clause.

    Each value is an RDF term serialised by pyoxigraph (quotes and newlines escaped), so a
    value can only ever be one term: "USA\" } UNION { ?s ?p ?o }" stays one string literal.
    VALUES is plain SPARQL 1.1, so the same bound text runs on the embedded store and on any
    remote endpoint. (Oxigraph's own substitution API was tried first: it needs every bound
    variable in the projection and evaluates BOUND() of a substituted variable as false.)
    """
    if not bindings:
        return text
    match = _WHERE.search(text)
    if match is None:
        raise UntocError("A stored query with parameters needs a WHERE clause to bind them in.")
    names = sorted(bindings, key=lambda v: v.value)
    row = " ".join(str(bindings[v]) for v in names)
    values = f"\n  VALUES ({' '.join('?' + v.value for v in names)}) {{ ({row}) }}\n"
    text = text[:match.end()] + values + text[match.end():]
    # Oxigraph joins the top-level block with the patterns after evaluating them, not before:
    # a query whose branches should start from a parameter marks the place ("# bound here:
    # ?topic"), and the same values are repeated there (11.7 s → 2.0 s for states-on-topic at
    # a thousand reports). The results are the same: the variable is bound to the same term.
    by_name = {v.value: term for v, term in bindings.items()}

    def repeat(marker: re.Match) -> str:
        wanted = [name for name in marker.group("names").replace("?", " ").split() if name in by_name]
        if not wanted:
            return marker.group(0)
        cells = " ".join(str(by_name[name]) for name in wanted)
        return f"{marker.group('indent')}VALUES ({' '.join('?' + n for n in wanted)}) {{ ({cells}) }}"

    return _BOUND_HERE.sub(repeat, text)


_BOUND_HERE = re.compile(r"^(?P<indent>[ \t]*)#[ \t]*bound here:(?P<names>(?:[ \t]*\?\w+)+)[ \t]*$", re.MULTILINE)


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


def bound_text(query: StoredQuery, params: dict[str, str] | None = None) -> str:
    """The text of a stored query with its parameters bound: what the embedded store and a
    remote endpoint both receive."""
    bindings = query.bindings(params or {})
    return with_service_iris(with_values(query.text, bindings), bindings)


def query_result(query: StoredQuery, columns: list[str], rows: list[list[str | None]]) -> QueryResult:
    """The rows of a stored query as every face shows them, wherever they were computed."""
    # GROUP_CONCAT has no order in SPARQL; sorted values make every run print the same cells.
    for index, column in enumerate(columns):
        if column in query.multi:
            for row in rows:
                if row[index]:
                    row[index] = ";".join(sorted(set(row[index].split(";"))))
    return QueryResult(columns, rows)


def run_query(store, name: str, params: dict[str, str] | None = None) -> QueryResult:
    query = get_query(name)
    solutions = store.query(bound_text(query, params))
    columns = [v.value for v in solutions.variables]
    # A solution iterates its terms in the order of solutions.variables; reading them so is
    # several times faster than looking each cell up by name (some listings have 90,000 rows).
    rows = [[None if term is None else term.value for term in solution] for solution in solutions]
    return query_result(query, columns, rows)
