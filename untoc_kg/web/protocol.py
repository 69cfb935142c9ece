"""The SPARQL 1.1 Protocol, read-only: reading a request, and what the store answers to it.

GET or POST (a form, or application/sparql-query); the dataset of the protocol
(default-graph-uri, named-graph-uri) replaces the query's own; the answer comes in the
media type the request accepts (negotiation.py). Without a dataset and without FROM, the
default graph is the union of all graphs. A browser (Accept text/html) gets the SPARQL page
with the answer as a table (sparql_page.py); every other client gets the protocol's formats.

Row limit. A SELECT answer stops after --limit rows, a CONSTRUCT after --limit triples; the
response then carries `X-Untoc-Partial: limit N`. The limit is applied inside the query where
that can be written safely (queries.with_slice): a SELECT whose text ends with its WHERE group
and solution modifiers gets `LIMIT N+1` (the extra row says that there were more) or keeps a
smaller LIMIT of its own; the engine then stops after that many rows instead of computing the
whole answer. Other forms (CONSTRUCT, DESCRIBE, a final VALUES) are cut after the engine gives
them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from untoc_kg.queries import with_slice
from untoc_kg.store import GraphStore
from untoc_kg.web import sparql_page
from untoc_kg.web.answers import Answer, refusal, respond
from untoc_kg.web.negotiation import FORMAT_NAMES, GRAPHS, HTML, RESULTS, negotiate, rdf_bytes
from untoc_kg.web.screening import UPDATE_REFUSED, looks_like_update, names_default_graph, screen
from untoc_kg.web.terms import term_json


@dataclass(frozen=True)
class SparqlJob:
    query: str
    accept: str | None
    limit: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


# -- reading the request -------------------------------------------------------------------

class NotUtf8(Exception):
    """A request whose text is not UTF-8; its message is the sentence the client gets."""


_UTF8_REASONS = {
    "invalid start byte": "cannot start a character",
    "invalid continuation byte": "cannot continue the character before it",
    "unexpected end of data": "ends the text in the middle of a character",
}


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = _UTF8_REASONS.get(error.reason, f"is wrong ({error.reason})")
        raise NotUtf8(f"{what} is not UTF-8 text: byte {error.start} (0x{data[error.start]:02X}) {reason}; "
                      "send the query encoded as UTF-8.") from None


def url_fields(data: bytes, what: str) -> QueryParams:
    """URL-encoded fields (a query string or a form body), every name and value strictly UTF-8.

    Starlette's own parsing replaces a bad byte with U+FFFD, which would run a query that is
    not the one the client sent."""
    fields = []
    for part in utf8(data, what).split("&"):
        if not part:
            continue
        raw_name, _, raw_value = part.partition("=")
        name = utf8(unquote_to_bytes(raw_name.replace("+", " ")), f"A field name of {what.lower()}, %-decoded,")
        value = utf8(unquote_to_bytes(raw_value.replace("+", " ")), f"The field {name} of {what.lower()}, %-decoded,")
        fields.append((name, value))
    return QueryParams(fields)


@dataclass
class SparqlRequest:
    """What a /sparql request asks: the query (None when it sends none) and the protocol's fields."""
    query: str | None
    url_params: QueryParams
    params: QueryParams


async def read_request(request: Request) -> SparqlRequest | Answer:
    """The request's query and fields, or the refusal of a request that cannot be a query."""
    try:
        url_params = params = url_fields(request.scope.get("query_string", b""), "The query string")
        query = params.get("query")
        if "update" in params:
            return refusal(403, UPDATE_REFUSED)
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return refusal(403, UPDATE_REFUSED)
            if kind == "application/x-www-form-urlencoded":
                # Parsed here rather than by request.form(), which needs python-multipart for
                # what is one line of URL decoding.
                params = url_fields(await request.body(), "The request body")
                if "update" in params:
                    return refusal(403, UPDATE_REFUSED)
                query = params.get("query")
            elif kind == "application/sparql-query":
                query = utf8(await request.body(), "The request body")
            else:
                return refusal(415, "A SPARQL query is POSTed as application/x-www-form-urlencoded "
                                    f"(query=…) or as application/sparql-query, not as {kind or 'no type'}.")
    except NotUtf8 as error:
        return refusal(400, str(error))
    return SparqlRequest(query, url_params, params)


NO_QUERY = ("Send a SPARQL query in the query parameter (GET or a form POST) "
            "or as the body of an application/sparql-query POST.")


def requested_accept(request: Request, asked: SparqlRequest) -> str | None:
    # A browser form cannot set Accept; ?format=csv stands in for it.
    name = asked.url_params.get("format") or asked.params.get("format")
    if name:
        return FORMAT_NAMES.get(name.lower(), name)
    return request.headers.get("accept")


def wants_table(accept: str | None) -> bool:
    """Whether the client would rather read the answer as a page than in a protocol format:
    a browser's Accept puts text/html first; "*/*" and no header get the protocol's JSON."""
    return negotiate(accept, list(RESULTS) + GRAPHS + [HTML]) == HTML


async def run_sparql(request: Request, asked: SparqlRequest, accept: str | None) -> Answer:
    """Screen the query, then run it in a worker within the server's limits."""
    state = request.app.state.untoc
    # A linear scan, but of a text of any length: off the event loop.
    refused = await run_in_threadpool(screen, asked.query, state.allow_service)
    if refused is not None:
        return refused
    job = SparqlJob(asked.query, accept, state.limit, tuple(asked.params.getlist("default-graph-uri")),
                    tuple(asked.params.getlist("named-graph-uri")))
    return await run_in_threadpool(state.runner.run, job)


# What the page asks for when it shows an answer as a table: SPARQL JSON for a SELECT or an
# ASK, N-Triples for a CONSTRUCT or a DESCRIBE.
TABLE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


async def sparql(request: Request) -> Response:
    asked = await read_request(request)
    if isinstance(asked, Answer):
        return respond(asked)
    accept = requested_accept(request, asked)
    if not asked.query:
        if negotiate(request.headers.get("accept"), [HTML, "text/turtle"]) == HTML:
            return sparql_page.editor(request, asked.params)
        return respond(refusal(400, NO_QUERY))
    if wants_table(accept):
        answer = await run_sparql(request, asked, TABLE_ACCEPT)
        return sparql_page.results(request, asked.params, answer)
    return respond(await run_sparql(request, asked, accept))


# -- answering a query (in a worker) -------------------------------------------------------

def _evaluate(store: GraphStore, job: SparqlJob, text: str):
    if job.default_graphs or job.named_graphs:
        # The protocol's dataset replaces the query's own (SPARQL 1.1 Protocol, 2.1.4).
        return store.query_on_dataset(text, default_graphs=list(job.default_graphs),
                                      named_graphs=list(job.named_graphs))
    if names_default_graph(text):
        return store.query_as_written(text)
    return store.query(text)               # the default graph is the union of all graphs


def capped(query: str, limit: int) -> str:
    """The query with the server's row limit inside it, where that can be written safely: a
    SELECT gets LIMIT limit+1 (one row more says the answer was cut), or keeps a LIMIT of its
    own that is smaller; any other text is returned as it is (see queries.with_slice)."""
    return with_slice(query, limit + 1) or query


def answer_sparql(store: GraphStore, job: SparqlJob) -> Answer:
    text = capped(job.query, job.limit)
    try:
        try:
            result = _evaluate(store, job, text)
        except SyntaxError:
            if text == job.query:
                raise
            # Never a rewrite's fault unnoticed: the text as sent runs, or gives its own error.
            result = _evaluate(store, job, job.query)
    except SyntaxError as error:
        if looks_like_update(job.query):
            return refusal(403, UPDATE_REFUSED)
        return refusal(400, f"The query does not parse: {error}.")
    if isinstance(result, ox.QueryBoolean):
        media_type = negotiate(job.accept, list(RESULTS))
        if media_type is None:
            return _not_acceptable("an ASK answer", list(RESULTS))
        return Answer(200, media_type, result.serialize(format=RESULTS[media_type]))
    if isinstance(result, ox.QuerySolutions):
        return _solutions(result, job)
    return _triples(result, job)


def _not_acceptable(what: str, offered: list[str]) -> Answer:
    return refusal(406, f"None of the media types the request accepts fits {what}; this endpoint offers "
                        f"{', '.join(offered)}.")


def _take(iterator, limit: int) -> tuple[list, bool]:
    """At most `limit` items, and whether there were more; the rest is never computed."""
    items = []
    for item in iterator:
        if len(items) == limit:
            return items, True
        items.append(item)
    return items, False


def _solutions(solutions: ox.QuerySolutions, job: SparqlJob) -> Answer:
    media_type = negotiate(job.accept, list(RESULTS))
    if media_type is None:
        return _not_acceptable("a SELECT answer", list(RESULTS))
    variables = [v.value for v in solutions.variables]
    rows, cut = _take(solutions, job.limit)
    # pyoxigraph serialises a whole result or nothing; the cut rows are written as SPARQL JSON
    # here, and pyoxigraph turns that JSON into XML, CSV or TSV, so every format is its own.
    body = json.dumps({"head": {"vars": variables},
                       "results": {"bindings": [{v: term_json(row[v]) for v in variables if row[v] is not None}
                                                for row in rows]}},
                      ensure_ascii=False).encode("utf-8")
    fmt = RESULTS[media_type]
    if fmt != ox.QueryResultsFormat.JSON:
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
    return Answer(200, media_type, body, partial=f"limit {job.limit}" if cut else None)


def _triples(triples, job: SparqlJob) -> Answer:
    media_type = negotiate(job.accept, GRAPHS)
    if media_type is None:
        return _not_acceptable("a CONSTRUCT or DESCRIBE answer", GRAPHS)
    kept, cut = _take(triples, job.limit)
    return Answer(200, media_type, rdf_bytes(kept, media_type), partial=f"limit {job.limit}" if cut else None)
