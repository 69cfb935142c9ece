"""The web face of the graph: SPARQL 1.1 Protocol, stored queries, dereferenceable IRIs.

    untoc-kg serve [--host 127.0.0.1] [--port 8000] [--timeout SECONDS] [--limit ROWS]

Routes
    /sparql               SPARQL 1.1 Protocol, read-only (GET; POST form or application/sparql-query)
    /queries/             the stored queries;  /queries/NAME?param=value&format=json|csv|html runs one
    /id/…                 every IRI https://w3id.org/untoc-kg/id/… : HTML, Turtle, JSON-LD, N-Triples
    /ontology             the ontology: its HTML documentation once `untoc-kg docs` has built it, else Turtle
    /.well-known/void     the dataset description (VoID + DCAT), measured from the store
    /dumps/untoc-kg.EXT   the dumps (ttl, nt, nq, trig, jsonld): the files a load wrote, streamed from disk
    /                     a home page

Time limit. pyoxigraph cannot interrupt a running query, and a thread left running after its
deadline keeps a core busy until the query ends, which for a query that joins everything with
everything is never. So queries (SPARQL and stored) run in a small pool of worker processes,
each with its own read-only handle on the store; a query past its deadline is answered 503 and
its worker is killed and replaced. A store in memory cannot be opened by another process: there
the queries run in threads, and a query past its deadline is answered 503 but runs on to its
end (ThreadRunner). The pages under /id/, the home page and the VoID document run in the server
process: they are lookups of one resource or counts made once.

Row limit. A SELECT answer stops after --limit rows, a CONSTRUCT after --limit triples; the
response then carries `X-Untoc-Partial: limit N`. The limit is applied inside the query where
that can be written safely (queries.with_slice): a stored query, and a /sparql SELECT whose
text ends with its WHERE group and solution modifiers, get `LIMIT N+1` (the extra row says
that there were more) or keep a smaller LIMIT of their own; the engine then stops after that
many rows instead of computing the whole answer. Other forms (CONSTRUCT, DESCRIBE, a final
VALUES) are cut after the engine gives them, as before.

Paging. Every stored query takes limit and offset (after its ORDER BY); an HTML page shows 100
rows unless asked otherwise, with links to the previous and next pages (found with one row
more than the page, not counted: a count would cost a second run of the query). JSON and HTML
carry `Link: <…>; rel="next"` when there are more rows.

CSV streaming. /queries/NAME?format=csv is written as the store gives the rows: the worker
sends the CSV over its pipe in chunks of output.CSV_CHUNK_ROWS rows, and the server passes each on
as it comes (a pipe holds a few chunks, so a slow client slows the worker, never fills the
server's memory). The listing is whole (not cut at --limit, since it is never held), and the
whole stream must end within --timeout: past it, or when the client goes away, the worker is
killed and replaced and the response ends without its last chunk (the client sees a broken
transfer, not a short CSV that looks whole). A query that fails or runs out of time before
its first row is answered with a status, as any other.

What is refused before any worker sees it, each with a sentence: a query string longer than
MAX_QUERY_STRING (414: send the query in a POST), a query or form that is not UTF-8 (400), a
query nesting brackets more than MAX_NESTING deep (400), an update or SERVICE (403).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import re
import shutil
import signal
import tempfile
import threading
import time
from contextlib import asynccontextmanager
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlencode

import pyoxigraph as ox
from rdflib import Graph
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from untoc_kg import pages
from untoc_kg.dataset import DUMPS, description, measure, serialize
from untoc_kg.errors import StoreError, UntocError
from untoc_kg.dumps import dump_file, dumps_folder, missing_dumps, write_dumps
from untoc_kg.export import EXPORT_FORMATS, jsonld_context
from untoc_kg.output import csv_chunks, render
from untoc_kg.queries import QueryResult, iter_query, paging, run_query, stored_queries, with_slice
from untoc_kg.resources import data_file
from untoc_kg.store import GraphStore
from untoc_kg.vocab import ID, PREFIXES

DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
PARTIAL_HEADER = "X-Untoc-Partial"

# The longest query string (the part of the address after "?") a request may have. A GET
# of /sparql carries its query there, and a stored query its parameters; 64 KiB holds any
# query written by hand many times over, and a longer one belongs in the body of a POST.
MAX_QUERY_STRING = 64 * 1024
# uvicorn's HTTP/1.1 parser (h11) refuses a request head (request line and headers) longer
# than its buffer, by default 16 KiB, by closing the connection before the client has sent
# it all: the client sees a reset, not a status. With a 4 MiB buffer, a query string past
# MAX_QUERY_STRING reaches the application and is answered 414 with a sentence; only a head
# past 4 MiB is still cut. `untoc-kg serve` passes these to uvicorn.
MAX_REQUEST_HEAD = 4 * 1024 * 1024
UVICORN_OPTIONS = {"h11_max_incomplete_event_size": MAX_REQUEST_HEAD}

# -- media types ---------------------------------------------------------------------------

RESULTS = {   # SELECT and ASK: media type → pyoxigraph format (the first is the default)
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPHS = ["text/turtle", "application/n-triples", "application/ld+json"]   # CONSTRUCT, DESCRIBE, /id/
RDF_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}
HTML = "text/html"
# ?format= short names, for links and for clients that cannot set a header.
FORMAT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "ttl": "text/turtle", "turtle": "text/turtle",
    "nt": "application/n-triples", "jsonld": "application/ld+json", "html": HTML,
}
_TEXT_TYPES = ("text/", "application/n-triples")


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith(_TEXT_TYPES) else media_type


def _accept_ranges(header: str | None) -> list[tuple[str, str, float]]:
    ranges = []
    for part in (header or "*/*").split(","):
        fields = [f.strip() for f in part.split(";")]
        if "/" not in fields[0]:
            continue
        kind, _, sub = fields[0].lower().partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q))
    return ranges


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client wants most (RFC 9110 §12.5.1), or None if none.

    Each offered type takes the quality of the most specific range that matches it; among
    equal qualities the server's order decides, so "*/*" (and no header) gets the first."""
    ranges = _accept_ranges(accept)
    best, best_q = None, 0.0
    for media_type in offered:
        kind, _, sub = media_type.partition("/")
        # (specificity, quality) of every range that matches: type/subtype beats type/* beats */*.
        matches = [((r_kind != "*") + (r_sub != "*"), q) for r_kind, r_sub, q in ranges
                   if r_kind in ("*", kind) and r_sub in ("*", sub)]
        if not matches:
            continue
        q = max(matches)[1]
        if q > best_q:
            best, best_q = media_type, q
    return best


def chosen(request: Request, offered: list[str]) -> str | None:
    """?format= when given (and offered), else the Accept header."""
    name = request.query_params.get("format")
    if name:
        media_type = FORMAT_NAMES.get(name.lower(), name)
        return media_type if media_type in offered else None
    return negotiate(request.headers.get("accept"), offered)


# -- what a query answers --------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    media_type: str = "text/plain"
    body: bytes = b""
    partial: str | None = None                 # "limit 1000" when the answer was cut
    result: QueryResult | None = None          # a stored query's rows, rendered by the route
    headers: dict[str, str] = field(default_factory=dict)
    more: bool = False                         # a page of a stored query with rows after it


def refusal(status: int, sentence: str, **headers: str) -> Answer:
    return Answer(status, "text/plain", (sentence + "\n").encode("utf-8"), headers=headers)


@dataclass(frozen=True)
class SparqlJob:
    query: str
    accept: str | None
    limit: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredJob:
    name: str
    params: tuple[tuple[str, str], ...]
    limit: int


@dataclass(frozen=True)
class CsvJob:
    """A stored query's rows as CSV, streamed (see the module docstring)."""
    name: str
    params: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StreamEnd:
    """The last message of a stream; failure is the sentence when the query failed midway."""
    failure: str | None = None


class StreamCut(Exception):
    """A CSV stream that could not be finished: its response ends without its last chunk."""


@dataclass
class Stream:
    """A streamed answer: its status line and headers, then its chunks as they come."""
    answer: Answer
    chunks: object


def csv_messages(store: GraphStore, job: CsvJob):
    """What a CSV job sends, in order: an Answer (a refusal, or 200 once the first row is
    there), then the CSV in chunks of bytes, then StreamEnd. The same in a worker process
    (over its pipe) and in a thread."""
    try:
        columns, rows = iter_query(store, job.name, dict(job.params))
        first = next(rows, None)          # the query is evaluated (and fails) here, before any 200
    except UntocError as error:
        yield refusal(400, str(error))
        return
    except Exception as error:   # noqa: BLE001 — a worker must answer, whatever the query did
        yield refusal(500, f"The query failed while it ran: {error}.")
        return
    yield Answer(200, "text/csv")
    try:
        yield from csv_chunks(columns, rows if first is None else _chained(first, rows))
    except Exception as error:   # noqa: BLE001
        yield StreamEnd(f"the query failed while its rows were read: {error}")
        return
    yield StreamEnd()


def _chained(first, rest):
    yield first
    yield from rest


def execute(store: GraphStore, job) -> Answer:
    """Run one job on the store; the same function in a worker process or in a thread."""
    try:
        if isinstance(job, StoredJob):
            return _answer_stored(store, job)
        return _answer_sparql(store, job)
    except UntocError as error:
        return refusal(400, str(error))
    except Exception as error:   # noqa: BLE001 — a worker must answer, whatever the query did
        return refusal(500, f"The query failed while it ran: {error}.")


def _answer_stored(store: GraphStore, job: StoredJob) -> Answer:
    """A stored query cut inside the query at the smaller of the page asked for and the
    server's limit, with one row more: the extra row says there is a next page (the page
    was the smaller) or that the answer is partial (the server's limit was)."""
    given = dict(job.params)
    asked, _ = paging(dict(given))
    page = job.limit if asked is None else min(asked, job.limit)
    given.pop("limit", None)                  # the page, and one row more, is the cap
    result = run_query(store, job.name, given, cap=page + 1)
    partial, more = None, False
    if len(result.rows) > page:
        result = QueryResult(result.columns, result.rows[:page])
        if asked is not None and asked <= job.limit:
            more = True
        else:
            partial = f"limit {job.limit}"
    return Answer(200, partial=partial, result=result, more=more)


# -- reading the query text before it is parsed -----------------------------------------------
# The server looks at a query's text before Oxigraph parses it: for the keywords it refuses
# (updates, SERVICE), for FROM (which decides the default graph), and for how deeply it
# nests. Each must count only outside strings, IRIs and comments, so the text is first
# masked: every string becomes "", every IRI <>, every comment a space. The masking is one
# left-to-right pass in which every token, terminated or not, is matched in one try (an
# unterminated string runs to the end of its line, a long string to the end of the text),
# so no character is looked at more than a few times, whatever the text. The patterns before
# were not linear: `(?m)^\s*#.*$` tried every line start against all the blank lines after
# it, and 100 KB of line breaks held a worker for the whole timeout.
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


def _evaluate(store: GraphStore, job: SparqlJob, text: str):
    if job.default_graphs or job.named_graphs:
        # The protocol's dataset replaces the query's own (SPARQL 1.1 Protocol, 2.1.4).
        return store.store.query(text, default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
                                 named_graphs=[ox.NamedNode(g) for g in job.named_graphs])
    if names_default_graph(text):
        return store.store.query(text)
    return store.query(text)               # the default graph is the union of all graphs


def capped(query: str, limit: int) -> str:
    """The query with the server's row limit inside it, where that can be written safely: a
    SELECT gets LIMIT limit+1 (one row more says the answer was cut), or keeps a LIMIT of its
    own that is smaller; any other text is returned as it is (see queries.with_slice)."""
    return with_slice(query, limit + 1) or query


def _answer_sparql(store: GraphStore, job: SparqlJob) -> Answer:
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


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _solutions(solutions: ox.QuerySolutions, job: SparqlJob) -> Answer:
    media_type = negotiate(job.accept, list(RESULTS))
    if media_type is None:
        return _not_acceptable("a SELECT answer", list(RESULTS))
    variables = [v.value for v in solutions.variables]
    rows, cut = _take(solutions, job.limit)
    # pyoxigraph serialises a whole result or nothing; the cut rows are written as SPARQL JSON
    # here, and pyoxigraph turns that JSON into XML, CSV or TSV, so every format is its own.
    body = json.dumps({"head": {"vars": variables},
                       "results": {"bindings": [{v: _term_json(row[v]) for v in variables if row[v] is not None}
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


# Turtle prefixes for answers. Not id:, whose local names hold slashes that Turtle must escape
# (id:state\/ARG): the full IRI reads better.
TURTLE_PREFIXES = {k: str(v) for k, v in PREFIXES.items() if k != "id"}


def rdf_bytes(triples: list, media_type: str) -> bytes:
    if media_type in RDF_FORMATS:
        return ox.serialize(triples, format=RDF_FORMATS[media_type],
                            **({"prefixes": TURTLE_PREFIXES} if media_type == "text/turtle" else {})) or b""
    # JSON-LD through rdflib, compacted with the same context as the JSON-LD dump.
    graph = Graph()
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=nt.decode("utf-8"), format="nt")
    context = jsonld_context()["@context"]
    return graph.serialize(format="json-ld", context=context, auto_compact=True).encode("utf-8")


# -- running jobs within a time limit ----------------------------------------------------------

def timed_out(timeout: float) -> Answer:
    return refusal(503, f"The query ran longer than this endpoint's limit of {timeout:g} seconds and was "
                        "stopped; ask for less (a LIMIT, a narrower pattern) or download a dump.")


def busy(timeout: float) -> Answer:
    return refusal(503, f"Every query worker stayed busy for {timeout:g} seconds; try again shortly.",
                   **{"Retry-After": "5"})


# Oxigraph's parser and evaluator recurse over the query's tree, and not only where it nests
# brackets (MAX_NESTING): 12,000 `!` in a row (12 KB of text) or a sum of 8,000 terms
# overflowed the 8 MiB stack of a worker's main thread, which ends the worker. A worker runs
# its jobs on a thread with a 256 MiB stack instead: address space only, whose pages are
# committed as the recursion reaches them, and 32 times the depth before an overflow.
QUERY_STACK_BYTES = 256 * 1024 * 1024


def _worker_main(path: str, conn) -> None:
    """A worker process: one read-only store handle, jobs in, answers out, until the pipe closes."""
    # Ctrl-C in the terminal reaches the whole process group; the server stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = GraphStore(Path(path), read_only=True)
    except UntocError as error:
        conn.send(str(error))
        return
    answering = None
    try:
        threading.stack_size(QUERY_STACK_BYTES)
        answering = threading.Thread(target=_answer_jobs, args=(store, conn), name="untoc-kg query")
        answering.start()
    except (ValueError, RuntimeError):
        answering = None    # a platform that refuses the size: the default stack, and the nesting limit
    if answering is None:
        _answer_jobs(store, conn)
    else:
        answering.join()


def _answer_jobs(store: GraphStore, conn) -> None:
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(job, CsvJob):
            # Chunk by chunk; a send waits while the pipe is full (the client reads slowly).
            for message in csv_messages(store, job):
                conn.send(message)
            continue
        conn.send(execute(store, job))


@dataclass
class _Worker:
    process: mp.Process
    conn: object


class ProcessRunner:
    """Jobs in worker processes that can be killed at their deadline (see the module docstring)."""

    def __init__(self, path: Path, workers: int, timeout: float):
        self.path, self.size, self.timeout = path, workers, timeout
        # spawn, not fork: the server process has threads and an open store, which a fork
        # would copy in whatever state they are.
        self._context = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._live: list[_Worker] = []          # every worker started and not yet stopped

    def start(self) -> None:
        starting = [self._spawn() for _ in range(self.size)]
        for worker in starting:
            self._ready(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(str(self.path), child),
                                        name="untoc-kg query worker", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._live.append(worker)
        return worker

    def _ready(self, worker: _Worker, wait: float = 120.0) -> None:
        try:
            message = worker.conn.recv() if worker.conn.poll(wait) else \
                f"{self.path}: a query worker did not open the store within {wait:g} seconds."
        except (EOFError, OSError):
            # Its own error is on stderr. The usual cause: workers are started with "spawn", which
            # imports the __main__ module again, and a script must then start the server under
            # `if __name__ == "__main__":` (and cannot be read from standard input).
            message = (f"{self.path}: a query worker stopped before it had opened the store (its error is above; "
                       "a script that starts the server must do so under `if __name__ == \"__main__\":`).")
        if message != "ready":
            self._stop(worker)
            raise StoreError(message)
        self._idle.put(worker)

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            if worker in self._live:
                self._live.remove(worker)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        if self._closed:
            return
        fresh = self._spawn()
        # The new worker opens the store in the background; until then the others serve.
        threading.Thread(target=self._ready_quietly, args=(fresh,), daemon=True).start()

    def _ready_quietly(self, worker: _Worker) -> None:
        try:
            self._ready(worker)
        except (StoreError, OSError):
            pass   # the pool is one worker smaller (or closing); the others still answer

    def _first_answer(self, job):
        """Hand a job to an idle worker and wait for its first answer: (worker, answer, deadline),
        or the refusal when no worker is free in time, the deadline passes or the worker dies."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return busy(self.timeout)
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                return timed_out(self.timeout)
            return worker, worker.conn.recv(), deadline
        except (EOFError, OSError):
            self._replace(worker)
            return refusal(500, "The query worker stopped while it ran the query; it has been replaced.")

    def run(self, job) -> Answer:
        first = self._first_answer(job)
        if isinstance(first, Answer):
            return first
        worker, answer, _deadline = first
        self._idle.put(worker)
        return answer

    def stream(self, job: CsvJob) -> Answer | Stream:
        """A streamed job: its refusal, or a Stream whose chunks come over the worker's pipe.
        The worker is this stream's until its last chunk (or the deadline: then it is replaced)."""
        first = self._first_answer(job)
        if isinstance(first, Answer):
            return first
        worker, answer, deadline = first
        if answer.status != 200:
            self._idle.put(worker)
            return answer
        return Stream(answer, self._chunks(worker, deadline))

    def _chunks(self, worker: _Worker, deadline: float):
        finished = False
        try:
            while True:
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    raise StreamCut(f"the stream ran past the limit of {self.timeout:g} seconds")
                message = worker.conn.recv()
                if isinstance(message, StreamEnd):
                    finished = True
                    if message.failure:
                        raise StreamCut(message.failure)
                    return
                yield message
        except (EOFError, OSError):
            raise StreamCut("the query worker stopped while it streamed the rows") from None
        finally:
            # A stream left midway (past its deadline, or its client gone) holds a worker that
            # is still writing: it is ended and replaced.
            if finished:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._live)
        for worker in workers:
            self._stop(worker)


class ThreadRunner:
    """Jobs in threads, for a store in memory: a late query is answered 503 but not stopped."""

    def __init__(self, store: GraphStore, workers: int, timeout: float):
        self.store, self.timeout = store, timeout
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="untoc-kg-query")

    def start(self) -> None:
        pass

    def run(self, job) -> Answer:
        future = self._pool.submit(execute, self.store, job)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()        # stops it only if it has not started
            return timed_out(self.timeout)

    def stream(self, job: CsvJob) -> Answer | Stream:
        """A streamed job read from the store in this process, by one thread of the pool: a
        pyoxigraph solution iterator must be read (and dropped) on the thread that made it, so
        the rows cannot be read by whichever thread the response is in. The chunks reach the
        response through a small queue; past the deadline, or when the response is left, the
        thread stops reading (which stops the query: its rows are read lazily)."""
        deadline = time.monotonic() + self.timeout
        chunks: queue.Queue = queue.Queue(maxsize=4)
        stop = threading.Event()

        def produce() -> None:
            for message in csv_messages(self.store, job):
                while not chunks_put(message):
                    if stop.is_set() or time.monotonic() > deadline:
                        return

        def chunks_put(message) -> bool:
            try:
                chunks.put(message, timeout=0.05)
                return True
            except queue.Full:
                return False

        self._pool.submit(produce)
        try:
            first = chunks.get(timeout=self.timeout)
        except queue.Empty:
            stop.set()
            return timed_out(self.timeout)
        if first.status != 200:
            return first
        return Stream(first, self._chunks(chunks, stop, deadline))

    def _chunks(self, chunks: queue.Queue, stop: threading.Event, deadline: float):
        try:
            while True:
                try:
                    message = chunks.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise StreamCut(f"the stream ran past the limit of {self.timeout:g} seconds") from None
                if isinstance(message, StreamEnd):
                    if message.failure:
                        raise StreamCut(message.failure)
                    return
                yield message
        finally:
            stop.set()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# -- IRIs under /id/ -------------------------------------------------------------------------

def candidate_iris(raw_path: bytes) -> list[str]:
    """The IRIs a request path under /id/ may stand for, most literal first.

    The path as sent (an IRI that itself holds %-escapes); then with the escaped non-ASCII
    characters decoded (RFC 3987 §3.2: /id/…/%E8%8B%B1 for an IRI written with 英); then
    fully decoded (a client that escaped "(" as %28)."""
    path = raw_path.decode("latin-1")[len("/id/"):]
    as_sent = str(ID) + path
    iri_form = str(ID) + re.sub(r"(?:%[89A-Fa-f][0-9A-Fa-f])+",
                                lambda m: unquote_to_bytes(m.group(0)).decode("utf-8", "replace"), path)
    decoded = str(ID) + unquote(path)
    out = []
    for iri in (as_sent, iri_form, decoded):
        try:
            ox.NamedNode(iri)
        except ValueError:
            continue
        if iri not in out:
            out.append(iri)
    return out


# -- the application ---------------------------------------------------------------------------

class DumpFiles:
    """The dump files the server sends, from the store's dumps folder (untoc_kg.dumps).

    A load writes them. A store loaded by an older version has none: the first request for a
    dump then starts one background thread that writes the missing ones, and every request
    for a dump is answered 503 with Retry-After until they are in place. The thread is not
    the event loop, so the endpoint, the VoID document and the pages answer meanwhile. A
    store in memory gets a temporary folder for the life of the server."""

    def __init__(self, store: GraphStore):
        self.store = store
        self._folder = dumps_folder(store.path) if store.path is not None else None
        self._temporary: Path | None = None
        self._lock = threading.Lock()
        self._writer: threading.Thread | None = None
        self.failure: str | None = None

    def folder(self) -> Path:
        with self._lock:
            if self._folder is None:
                self._folder = self._temporary = Path(tempfile.mkdtemp(prefix="untoc-kg-dumps-"))
            return self._folder

    def find(self, fmt: str) -> Path | None:
        """The file of the dump in `fmt`, or None while it is being written."""
        path = dump_file(self.folder(), fmt)
        if path.is_file():
            return path
        with self._lock:
            if self.failure:
                raise StoreError(self.failure)
            if path.is_file():
                return path
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write, name="untoc-kg dumps", daemon=True)
                self._writer.start()
        return None

    def _write(self) -> None:
        folder = self.folder()
        try:
            write_dumps(self.store, folder, missing_dumps(folder))
        except Exception as error:   # noqa: BLE001 — the requests that wait for it must hear why
            with self._lock:
                self.failure = (str(error) if isinstance(error, UntocError)
                                else f"{folder}: the dumps could not be written ({error}).")

    def close(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)


@dataclass
class _State:
    store: GraphStore
    runner: object
    timeout: float
    limit: int
    docs_dir: Path | None
    queries: dict
    allow_service: bool = False
    facts: object = None
    dumps: DumpFiles | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def dataset_facts(self):
        # The store is read-only while it is served: measured once, on first use.
        with self.lock:
            if self.facts is None:
                self.facts = measure(self.store)
            return self.facts


def _state(request: Request) -> _State:
    return request.app.state.untoc


def _respond(answer: Answer, negotiated: bool = True) -> Response:
    headers = dict(answer.headers)
    if answer.partial:
        headers[PARTIAL_HEADER] = answer.partial
    if negotiated:
        headers["Vary"] = "Accept"
    return Response(answer.body, status_code=answer.status, media_type=content_type(answer.media_type),
                    headers=headers)


def _error(request: Request, status: int, sentence: str) -> Response:
    if negotiate(request.headers.get("accept"), ["text/plain", HTML]) == HTML:
        return Response(pages.render_error(status, sentence), status_code=status, media_type=content_type(HTML))
    return Response(sentence + "\n", status_code=status, media_type=content_type("text/plain"))


# /sparql

class _NotUtf8(Exception):
    """A request whose text is not UTF-8; its message is the sentence the client gets."""


_UTF8_REASONS = {
    "invalid start byte": "cannot start a character",
    "invalid continuation byte": "cannot continue the character before it",
    "unexpected end of data": "ends the text in the middle of a character",
}


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = _UTF8_REASONS.get(error.reason, f"is wrong ({error.reason})")
        raise _NotUtf8(f"{what} is not UTF-8 text: byte {error.start} (0x{data[error.start]:02X}) {reason}; "
                       "send the query encoded as UTF-8.") from None


def _fields(data: bytes, what: str) -> QueryParams:
    """URL-encoded fields (a query string or a form body), every name and value strictly UTF-8.

    Starlette's own parsing replaces a bad byte with U+FFFD, which would run a query that is
    not the one the client sent."""
    fields = []
    for part in _utf8(data, what).split("&"):
        if not part:
            continue
        raw_name, _, raw_value = part.partition("=")
        name = _utf8(unquote_to_bytes(raw_name.replace("+", " ")), f"A field name of {what.lower()}, %-decoded,")
        value = _utf8(unquote_to_bytes(raw_value.replace("+", " ")), f"The field {name} of {what.lower()}, %-decoded,")
        fields.append((name, value))
    return QueryParams(fields)


async def sparql(request: Request) -> Response:
    state = _state(request)
    try:
        url_params = params = _fields(request.scope.get("query_string", b""), "The query string")
        query = params.get("query")
        if "update" in params:
            return _respond(refusal(403, UPDATE_REFUSED))
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return _respond(refusal(403, UPDATE_REFUSED))
            if kind == "application/x-www-form-urlencoded":
                # Parsed here rather than by request.form(), which needs python-multipart for
                # what is one line of URL decoding.
                params = _fields(await request.body(), "The request body")
                if "update" in params:
                    return _respond(refusal(403, UPDATE_REFUSED))
                query = params.get("query")
            elif kind == "application/sparql-query":
                query = _utf8(await request.body(), "The request body")
            else:
                return _respond(refusal(415, "A SPARQL query is POSTed as application/x-www-form-urlencoded "
                                             f"(query=…) or as application/sparql-query, not as {kind or 'no type'}."))
    except _NotUtf8 as error:
        return _respond(refusal(400, str(error)))
    if not query:
        if negotiate(request.headers.get("accept"), [HTML, "text/turtle"]) == HTML:
            return Response(pages.render_sparql_form(state.timeout, state.limit), media_type=content_type(HTML))
        return _respond(refusal(400, "Send a SPARQL query in the query parameter (GET or a form POST) "
                                     "or as the body of an application/sparql-query POST."))
    accept = request.headers.get("accept")
    if url_params.get("format"):
        # A browser form cannot set Accept; ?format=csv stands in for it.
        accept = FORMAT_NAMES.get(url_params["format"].lower(), url_params["format"])
    # A linear scan, but of a text of any length: off the event loop.
    refused = await run_in_threadpool(screen, query, state.allow_service)
    if refused is not None:
        return _respond(refused)
    job = SparqlJob(query, accept, state.limit, tuple(params.getlist("default-graph-uri")),
                    tuple(params.getlist("named-graph-uri")))
    return _respond(await run_in_threadpool(state.runner.run, job))


# /queries/

QUERY_FORMATS = {"application/json": "json", "text/csv": "csv", HTML: "html"}


def query_list(request: Request) -> Response:
    queries = _state(request).queries
    if chosen(request, ["application/json", HTML]) == HTML:
        return Response(pages.render_query_list(queries), media_type=content_type(HTML), headers={"Vary": "Accept"})
    listing = [{"name": name, "title": q.title, "description": q.description,
                "parameters": [{"name": p.name, "kind": p.kind, "default": p.default, "required": p.required,
                                "description": p.description} for p in q.params],
                "columns": q.columns, "url": f"/queries/{name}"} for name, q in queries.items()]
    return Response(json.dumps(listing, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Vary": "Accept"})


async def stored_query(request: Request) -> Response:
    state = _state(request)
    name = request.path_params["name"]
    if name not in state.queries:
        return _error(request, 404, f"There is no stored query named {name!r}; the list is at /queries/.")
    fmt = request.query_params.get("format")
    if fmt:
        if fmt not in QUERY_FORMATS.values():
            return _error(request, 400, f"A stored query answers as json, csv or html, not {fmt!r}.")
    else:
        fmt = QUERY_FORMATS.get(negotiate(request.headers.get("accept"), list(QUERY_FORMATS)) or "")
        if fmt is None:
            return _error(request, 406, "A stored query answers as application/json, text/csv or text/html.")
    params = tuple((k, v) for k, v in request.query_params.multi_items() if k != "format")
    if not state.allow_service and uses_service(state.queries[name].text):
        return _error(request, 403, SERVICE_REFUSED)
    if fmt == "csv":
        return await _stream_csv(state, CsvJob(name, params))
    given = dict(params)
    if fmt == "html" and "limit" not in given:
        given["limit"] = str(HTML_PAGE_ROWS)          # a browser is never sent a whole listing
        params = (*params, ("limit", given["limit"]))
    answer = await run_in_threadpool(state.runner.run, StoredJob(name, params, state.limit))
    if answer.result is None:
        return _respond(answer)
    links = _page_links(request, given, answer)
    headers = {"Link": links} if links else {}
    if fmt == "html":
        pager = ""
        limit, offset = paging(dict(given))
        if limit is not None or offset:
            pager = pages.render_pager(given, offset, limit if limit is not None else len(answer.result.rows),
                                       len(answer.result.rows), answer.more)
        body = pages.render_query_result(state.queries[name], given, answer.result, answer.partial, pager)
        return _respond(Answer(200, HTML, body.encode("utf-8"), answer.partial, headers=headers))
    return _respond(Answer(200, "application/json", render(answer.result, fmt).encode("utf-8"), answer.partial,
                           headers=headers))


# The rows of an HTML page of a stored query when the request gives no limit.
HTML_PAGE_ROWS = 100


def _page_links(request: Request, given: dict[str, str], answer: Answer) -> str:
    """The Link header of a page: rel="prev" and rel="next" with the other parameters kept."""
    limit, offset = paging(dict(given))
    if limit is None:
        return ""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
    path = request.url.path

    def href(start: int) -> str:
        return path + "?" + urlencode([*kept, ("limit", str(limit))] + ([("offset", str(start))] if start else []))
    links = []
    if offset > 0:
        links.append(f'<{href(max(0, offset - limit))}>; rel="prev"')
    if answer.more:
        links.append(f'<{href(offset + limit)}>; rel="next"')
    return ", ".join(links)


async def _stream_csv(state: _State, job: CsvJob) -> Response:
    outcome = await run_in_threadpool(state.runner.stream, job)
    if isinstance(outcome, Answer):
        return _respond(outcome)
    return StreamingResponse(outcome.chunks, media_type=content_type("text/csv"), headers={"Vary": "Accept"})


# /id/

RESOURCE_TYPES = [HTML] + GRAPHS


def resource(request: Request) -> Response:
    state = _state(request)
    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    found = None
    for iri in candidate_iris(raw.split(b"?", 1)[0]):
        found = pages.load_resource(state.store, iri)
        if found:
            break
    if found is None:
        return _error(request, 404, "Nothing in this graph has that IRI: no triple names it as subject or object.")
    media_type = chosen(request, RESOURCE_TYPES)
    if media_type is None:
        return _error(request, 406, f"This resource is offered as {', '.join(RESOURCE_TYPES)}.")
    if media_type == HTML:
        body = pages.render_resource(found).encode("utf-8")
    else:
        body = rdf_bytes(found.triples(), media_type)
    links = ", ".join(f'<{pages.local_href(found.iri)}?format={f}>; rel="alternate"; type="{t}"'
                      for f, t in (("ttl", "text/turtle"), ("jsonld", "application/ld+json")))
    return _respond(Answer(200, media_type, body, headers={"Link": links}))


# /ontology

def ontology(request: Request) -> Response:
    state = _state(request)
    docs = state.docs_dir / "index.html" if state.docs_dir else None
    offered = ([HTML] if docs and docs.is_file() else []) + GRAPHS
    media_type = chosen(request, offered)
    if media_type is None:
        return _error(request, 406, f"The ontology is offered as {', '.join(offered)}.")
    if media_type == HTML:
        if not request.url.path.endswith("/"):
            # The documentation links its sibling pages relatively: serve it under /ontology/.
            return RedirectResponse("/ontology/", status_code=303)
        return FileResponse(docs, media_type=content_type(HTML), headers={"Vary": "Accept"})
    source = data_file("ontology", "untoc.ttl")
    if media_type == "text/turtle":
        return FileResponse(source, media_type=content_type(media_type), headers={"Vary": "Accept"})
    graph = Graph().parse(source, format="turtle")
    data = graph.serialize(format="nt" if media_type == "application/n-triples" else "json-ld")
    return _respond(Answer(200, media_type, data.encode("utf-8")))


def ontology_file(request: Request) -> Response:
    state = _state(request)
    name = request.path_params["name"]
    path = (state.docs_dir / name) if state.docs_dir else None
    # Only the files `untoc-kg docs` writes, by plain name: nothing outside the folder.
    if path is None or "/" in name or name.startswith(".") or not path.is_file():
        return _error(request, 404, "There is no such page of the ontology documentation; see /ontology/.")
    return FileResponse(path)


# /.well-known/void, /dumps, /

def void(request: Request) -> Response:
    state = _state(request)
    base_url = str(request.base_url).rstrip("/")
    media_type = chosen(request, ["text/turtle", "application/ld+json"])
    if media_type is None:
        return _error(request, 406, "The dataset description is offered as text/turtle and application/ld+json.")
    graph = description(state.dataset_facts(), base_url)
    body = serialize(graph, "ttl" if media_type == "text/turtle" else "jsonld")
    return _respond(Answer(200, media_type, body))


DUMP_RETRY_SECONDS = 10


def dump(request: Request) -> Response:
    name = request.path_params["name"]
    fmt = name.removeprefix("untoc-kg.")
    if not name.startswith("untoc-kg.") or fmt not in EXPORT_FORMATS:
        return _error(request, 404, f"There is no dump named {name!r}; the dumps are "
                                    f"{', '.join('untoc-kg.' + f for f in EXPORT_FORMATS)}.")
    try:
        path = _state(request).dumps.find(fmt)
    except StoreError as error:
        return _error(request, 500, f"The dump {name} cannot be sent: {error}")
    if path is None:
        why = ("this store is in memory, and its dumps are written when first asked for"
               if _state(request).store.path is None
               else "this store has no dump files yet: it was loaded by a version that did not write them")
        return Response(f"The dump {name} is being written ({why}); ask again in {DUMP_RETRY_SECONDS} seconds.\n",
                        status_code=503,
                        media_type=content_type("text/plain"), headers={"Retry-After": str(DUMP_RETRY_SECONDS)})
    # Streamed from the file in chunks, never held whole; a Range request resumes a download.
    return FileResponse(path, media_type=content_type(DUMPS[fmt][1]), filename=name)


def home(request: Request) -> Response:
    state = _state(request)
    body = pages.render_home(state.dataset_facts(), state.queries, str(request.base_url))
    return Response(body, media_type=content_type(HTML))


class QueryStringLimit:
    """Answers 414 to a request whose query string is longer than MAX_QUERY_STRING."""

    def __init__(self, app, limit: int = MAX_QUERY_STRING):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        length = len(scope.get("query_string", b"")) if scope["type"] == "http" else 0
        if length <= self.limit:
            await self.app(scope, receive, send)
            return
        sentence = (f"The query string of this request is {length:,} bytes long, more than this server's limit of "
                    f"{self.limit:,}; send a long SPARQL query in the body of a POST to /sparql instead "
                    "(as application/sparql-query, or as a form field query=…).\n")
        response = Response(sentence, status_code=414, media_type=content_type("text/plain"),
                            headers={"Connection": "close"})
        await response(scope, receive, send)


def create_app(store: GraphStore, timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT,
               workers: int | None = None, docs_dir: Path | None = None, allow_service: bool = False) -> Starlette:
    """The web application on `store` (open it read-only); `uvicorn.run(create_app(store))` serves it.

    Queries run in worker processes when the store is on disk, in threads when it is in
    memory (see the module docstring); they start with the application and stop with it."""
    if timeout <= 0 or limit <= 0:
        raise UntocError("The query timeout and the row limit must be positive numbers.")
    size = workers or default_workers()
    runner = ProcessRunner(store.path, size, timeout) if store.path is not None else ThreadRunner(store, size, timeout)
    state = _State(store, runner, timeout, limit, docs_dir, stored_queries(), allow_service, dumps=DumpFiles(store))

    @asynccontextmanager
    async def lifespan(_app):
        await run_in_threadpool(runner.start)
        try:
            yield
        finally:
            runner.close()
            state.dumps.close()

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", lambda r: RedirectResponse("/queries/", status_code=301)),
        Route("/queries/", query_list),
        Route("/queries/{name}", stored_query),
        Route("/id/{path:path}", resource),
        Route("/ontology", ontology),
        Route("/ontology/", ontology),
        Route("/ontology/{name}", ontology_file),
        Route("/.well-known/void", void),
        Route("/dumps/{name}", dump),
    ]
    # SPARQL endpoints are queried from other sites' pages (YASGUI and the like).
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                             allow_headers=["Accept", "Content-Type"], expose_headers=[PARTIAL_HEADER, "Link"]),
                  Middleware(QueryStringLimit)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.untoc = state
    return app
