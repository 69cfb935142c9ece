"""The web application: its state, its routes, its start and end.

    untoc-kg serve [--host 127.0.0.1] [--port 8000] [--timeout SECONDS] [--limit ROWS] [--answer-cache MIB]

Routes
    /sparql               SPARQL 1.1 Protocol, read-only (GET; POST form or application/sparql-query);
                          a browser gets the SPARQL page (sparql_page.py)
    /queries/             the stored queries;  /queries/NAME?param=value&format=json|csv|html runs one
    /id/…                 every IRI https://w3id.org/untoc-kg/id/… : HTML, Turtle, JSON-LD, N-Triples
    /states, /meetings, … the lists and the search (entities.py); /pictures/… (pictures.py)
    /ontology             the ontology: its documentation (built on first use), or Turtle, JSON-LD
    /.well-known/void     the dataset description (VoID + DCAT), measured from the store
    /dumps/untoc-kg.EXT   the dumps (ttl, nt, nq, trig, jsonld): the files a load wrote, streamed from disk
    /static/…             the site's CSS and scripts, YASGUI when installed
    /                     a home page

Queries run in worker processes (workers.py); the pages under /id/, the home page and the
VoID document run in the server process: they are lookups of one resource, or counts and
lists made once (a served store does not change). The answers of stored queries are kept,
up to --answer-cache MiB, for as long as the server runs (answer_cache.py says why that is safe).

What is refused before any worker sees it, each with a sentence: a query string longer than
MAX_QUERY_STRING (414: send the query in a POST), a query or form that is not UTF-8 (400), a
query nesting brackets more than screening.MAX_NESTING deep (400), an update or SERVICE (403).
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.routing import Route

from untoc_kg.choices import Choices, read_choices
from untoc_kg.dataset import measure
from untoc_kg.errors import UntocError
from untoc_kg.queries import stored_queries
from untoc_kg.store import GraphStore
from untoc_kg.web import assets, entities, pictures
from untoc_kg.web.answer_cache import DEFAULT_CACHE_BYTES, StoredAnswers
from untoc_kg.web.answers import PARTIAL_HEADER
from untoc_kg.web.cell_links import LinkIndex
from untoc_kg.web.dataset_pages import dump, ontology, ontology_file, void
from untoc_kg.web.docs_folder import DocsFolder
from untoc_kg.web.error_pages import http_error
from untoc_kg.web.dump_files import DumpFiles
from untoc_kg.web.home import home
from untoc_kg.web.language import RememberLanguage
from untoc_kg.web.negotiation import content_type
from untoc_kg.web.protocol import sparql
from untoc_kg.web.query_pages import query_list, redirect_to_list, stored_query
from untoc_kg.web.resource_page import resource
from untoc_kg.web.screening import uses_service
from untoc_kg.web.workers import ProcessRunner, ThreadRunner, default_workers

DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000

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


@dataclass
class AppState:
    """What every route reads: the store and its runner, the limits, and what is computed once
    from the store on first use (it does not change while it is served)."""
    store: GraphStore
    runner: object
    timeout: float
    limit: int
    docs: DocsFolder
    queries: dict
    allow_service: bool = False
    dumps: DumpFiles | None = None
    answers: StoredAnswers | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    _facts: object = None
    _choices: Choices | None = None
    _links: LinkIndex | None = None

    def dataset_facts(self):
        with self.lock:
            if self._facts is None:
                self._facts = measure(self.store)
            return self._facts

    def choices(self) -> Choices:
        with self.lock:
            if self._choices is None:
                self._choices = read_choices(self.store)
            return self._choices

    def links(self) -> LinkIndex:
        choices = self.choices()
        with self.lock:
            if self._links is None:
                self._links = LinkIndex(self.store, choices)
            return self._links


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


def core_routes() -> list[Route]:
    return [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", redirect_to_list),
        Route("/queries/", query_list),
        Route("/queries/{name}", stored_query),
        Route("/id/{path:path}", resource),
        Route("/ontology", ontology),
        Route("/ontology/", ontology),
        Route("/ontology/{name}", ontology_file),
        Route("/.well-known/void", void),
        Route("/dumps/{name}", dump),
    ]


def create_app(store: GraphStore, timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT,
               workers: int | None = None, docs_dir: Path | None = None, allow_service: bool = False,
               answer_cache: int = DEFAULT_CACHE_BYTES) -> Starlette:
    """The web application on `store` (open it read-only); `uvicorn.run(create_app(store))` serves it.

    Queries run in worker processes when the store is on disk, in threads when it is in
    memory (workers.py); they start with the application and stop with it. `docs_dir` is a
    folder where `untoc-kg docs` wrote the ontology's documentation; without one (or when it
    holds none) the documentation is built on first use (docs_folder.py). `answer_cache` is how
    many bytes of stored-query answers are kept (0: none); only a store on disk, which the lock
    keeps unchanged while it is served, has its answers kept (answer_cache.py)."""
    if timeout <= 0 or limit <= 0:
        raise UntocError("The query timeout and the row limit must be positive numbers.")
    size = workers or default_workers()
    runner = ProcessRunner(store.path, size, timeout) if store.path is not None else ThreadRunner(store, size, timeout)
    queries = stored_queries()
    remote = {name for name, query in queries.items() if uses_service(query.text)}
    answers = StoredAnswers(runner, answer_cache if store.path is not None else 0, keep=lambda name: name not in remote)
    state = AppState(store, runner, timeout, limit, DocsFolder(docs_dir, store.path), queries,
                     allow_service, dumps=DumpFiles(store), answers=answers)

    @asynccontextmanager
    async def lifespan(_app):
        await run_in_threadpool(runner.start)
        try:
            yield
        finally:
            runner.close()
            state.dumps.close()
            state.docs.close()

    # The routes of the other pages come before the static files: pictures serves a file under /static/.
    routes = core_routes() + list(entities.routes) + list(pictures.routes) + assets.routes()
    # SPARQL endpoints are queried from other sites' pages (YASGUI and the like).
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                             allow_headers=["Accept", "Content-Type"], expose_headers=[PARTIAL_HEADER, "Link"]),
                  Middleware(QueryStringLimit), Middleware(RememberLanguage)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: http_error, 405: http_error})
    app.state.untoc = state
    return app
