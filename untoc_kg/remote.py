"""Remote SPARQL 1.1 stores: publish the named graphs to one, run stored queries on one.

Publishing replaces each named graph on the endpoint, so publishing twice leaves one copy:
either by SPARQL 1.1 Update (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``,
posted as application/sparql-update) or by the SPARQL 1.1 Graph Store HTTP Protocol
(``PUT …?graph=<g>``). Queries go through SPARQLWrapper and come back as the same
QueryResult a local query gives (queries.query_result), so every face renders them alike.

The stores differ, and what Virtuoso needs is met here (docs/remote-stores.md): an operation
holds at most 2,000 triples, triples with blank nodes go as INSERT { … } WHERE {}, a digest
challenge is fetched before a body is sent, an answer may carry a header per default graph,
an empty GROUP_CONCAT ("") reads as an empty cell, an answer cut at the row limit is refused,
and so is a stored query that an engine cannot answer (remote/engines.yaml).

Credentials come from the environment only (ENV_USER / ENV_PASSWORD, or ENV_TOKEN), are sent
in an Authorization header, and are never part of a message: every error text passes through
``_scrub``, and URLs are shown without user info or query string.
"""

from __future__ import annotations

import ast
import base64
import functools
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Callable

import pyoxigraph as ox
import yaml
from SPARQLWrapper import DIGEST, JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (EndPointInternalError, EndPointNotFound, QueryBadFormed,
                                            SPARQLWrapperException, Unauthorized, URITooLong)

from untoc_kg import __version__, sparql_files
from untoc_kg.errors import UntocError
from untoc_kg.queries import QueryResult, bound_text, get_query, query_result
from untoc_kg.resources import data_file
from untoc_kg.linking import LINKS_GRAPH
from untoc_kg.serving import SERVING_GRAPH
from untoc_kg.vocab import REFERENCE_GRAPHS as ONTOLOGY_TOPICS_GAZETTEER

ENV_USER = "UNTOC_KG_ENDPOINT_USER"
ENV_PASSWORD = "UNTOC_KG_ENDPOINT_PASSWORD"
ENV_TOKEN = "UNTOC_KG_ENDPOINT_TOKEN"
ENV_AUTH = "UNTOC_KG_ENDPOINT_AUTH"          # "basic" (default) or "digest" (Virtuoso's /sparql-auth)

DEFAULT_TIMEOUT = 120.0                      # seconds per HTTP request
# One update request carries at most this much N-Triples text. Small enough for the stores
# that parse a whole update in memory before applying it (Virtuoso's SPARQL compiler is the
# tightest), large enough that the five sample reports go in one request.
MAX_REQUEST_BYTES = 4_000_000
# One INSERT DATA operation carries at most this many triples: Virtuoso's SPARQL parser runs
# out of stack ("memory exhausted") past some 5,000 triples in one operation. Several such
# operations still share a request.
MAX_OPERATION_TRIPLES = 2_000
USER_AGENT = f"untoc-kg/{__version__} (+https://w3id.org/untoc-kg/)"
# The header by which Virtuoso says it stopped at its row limit.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"
# Virtuoso repeats each default-graph-uri of a query in a header of its own
# (X-SPARQL-default-graph): a graph of a thousand reports gets a thousand headers, and
# http.client refuses an answer with more than 100 ("got more than 100 headers").
http.client._MAXHEADERS = max(http.client._MAXHEADERS, 1_000_000)
# The graphs every query needs besides the report graphs.
# graph/serving too: the stored queries that read it need it on the remote store as well.
REFERENCE_GRAPHS = tuple(str(g) for g in (*ONTOLOGY_TOPICS_GAZETTEER, LINKS_GRAPH, SERVING_GRAPH))


class RemoteError(UntocError):
    """A remote endpoint could not be reached or refused a request; the message is one sentence."""


# ---------------------------------------------------------------- credentials


@dataclass(frozen=True)
class Credentials:
    """What the environment says to send: basic or digest user/password, or a bearer token."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    scheme: str = "basic"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Credentials":
        env = os.environ if environ is None else environ
        scheme = (env.get(ENV_AUTH) or "basic").strip().lower()
        if scheme not in ("basic", "digest"):
            raise RemoteError(f"{ENV_AUTH} is “basic” or “digest”, not “{scheme}”.")
        user, password, token = env.get(ENV_USER) or None, env.get(ENV_PASSWORD) or None, env.get(ENV_TOKEN) or None
        if (user is None) != (password is None):
            missing = ENV_PASSWORD if password is None else ENV_USER
            raise RemoteError(f"{ENV_USER} and {ENV_PASSWORD} go together; {missing} is not set.")
        if token and user:
            raise RemoteError(f"Set either {ENV_TOKEN} or {ENV_USER} and {ENV_PASSWORD}, not both.")
        return cls(user, password, token, scheme)

    @property
    def given(self) -> bool:
        return bool(self.token or self.user)

    def secrets(self) -> list[str]:
        """Every string that must never appear in a message, the encoded forms included."""
        found = [s for s in (self.password, self.token) if s]
        if self.user and self.password:
            found.append(base64.b64encode(f"{self.user}:{self.password}".encode()).decode())
        return found

    def header(self) -> str | None:
        """The Authorization header for basic and bearer credentials (digest needs a challenge)."""
        if self.token:
            return f"Bearer {self.token}"
        if self.user and self.scheme == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return None

    def hint(self) -> str:
        if self.given:
            return "the credentials from the environment were not accepted"
        return f"set {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN}, to credentials it accepts"


# ---------------------------------------------------------------- URLs and messages


def public_url(url: str) -> str:
    """The URL as a message may show it: no user info, no query string, no fragment."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:                        # a port that is not a number
        port = ""
    return urllib.parse.urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def check_url(url: str, option: str = "--endpoint") -> str:
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port
    except ValueError:
        raise RemoteError(f"{option} {public_url(url)} has a port that is not a number.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        # Without a scheme, "user:secret@host" parses as scheme "user": never echo an "@".
        shown = f"not “{url[:80]}”" if "@" not in url else "and the value given is not one"
        raise RemoteError(f"{option} takes an http(s) URL such as http://localhost:7878/query, {shown}.")
    if parts.username or parts.password:
        # A password in a URL ends up in shell history, logs and error messages.
        raise RemoteError(f"{option} {public_url(url)} carries credentials in the URL; put them in "
                          f"{ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN}) instead.")
    return url


def _scrub(text: str, credentials: Credentials) -> str:
    for secret in credentials.secrets():
        text = text.replace(secret, "***")
    return text


def _detail(body: bytes | str | None, credentials: Credentials, limit: int = 200) -> str:
    """The first words of what a server said, on one line, without secrets."""
    if body is None:
        return ""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    text = " ".join(_scrub(body, credentials).split())
    text = re.sub(r"<[^>]{1,200}>", " ", text) if text.lstrip().startswith("<") else text  # HTML error pages
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text.rstrip(".")


def _http_error(url: str, what: str, status: int, reason: str, body, credentials: Credentials) -> RemoteError:
    where = public_url(url)
    if status in (401, 403):
        return RemoteError(f"The endpoint {where} refused the {what} with HTTP {status} {reason}: "
                           f"{credentials.hint()}.")
    detail = _detail(body, credentials)
    said = f" ({detail})" if detail else ""
    return RemoteError(f"The endpoint {where} answered the {what} with HTTP {status} {reason}{said}.")


def _network_error(url: str, error: BaseException, timeout: float, credentials: Credentials) -> RemoteError:
    where = public_url(url)
    reason = getattr(error, "reason", error)
    if isinstance(reason, (socket.timeout, TimeoutError)) or isinstance(error, (socket.timeout, TimeoutError)):
        return RemoteError(f"The endpoint {where} did not answer within {timeout:g} seconds.")
    if isinstance(reason, ConnectionRefusedError):
        text = "the connection was refused (is the server running?)"
    elif isinstance(reason, socket.gaierror):
        text = f"its host name does not resolve ({reason.strerror or reason})"
    else:
        text = _detail(str(reason), credentials) or type(reason).__name__
    return RemoteError(f"The endpoint {where} could not be reached: {text}.")


# ---------------------------------------------------------------- HTTP


def _opener(url: str, credentials: Credentials) -> urllib.request.OpenerDirector:
    handlers = []
    if credentials.user and credentials.scheme == "digest":
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, credentials.user, credentials.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _send(url: str, method: str, body: bytes, content_type: str, what: str,
          credentials: Credentials, timeout: float) -> None:
    """One write request; any failure becomes a RemoteError naming the endpoint and the reason."""
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Content-Type", content_type)
    request.add_header("User-Agent", USER_AGENT)
    header = credentials.header()
    if header:
        request.add_header("Authorization", header)
    try:
        if credentials.user and credentials.scheme == "digest":
            # Virtuoso answers a request it has not authorised with 401 before reading its
            # body, and closes the connection: a PUT of megabytes then dies of a broken pipe.
            # The challenge is fetched first, by a request without a body, so that the data
            # goes once, authorised.
            authorization = _digest_authorization(request, credentials, timeout)
            if authorization:
                request.add_header("Authorization", authorization)
        with _opener(url, credentials).open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise _http_error(url, what, error.code, error.reason, error.read(), credentials) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        raise _network_error(url, error, timeout, credentials) from None


def _digest_authorization(request: urllib.request.Request, credentials: Credentials, timeout: float) -> str | None:
    """The digest Authorization header for ``request``, from the challenge of a GET of its URL;
    None when that GET is not challenged for digest credentials."""
    probe = urllib.request.Request(request.full_url, method="GET", headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(probe, timeout=timeout) as response:
            response.read()
        return None
    except urllib.error.HTTPError as error:
        error.read()
        challenge = error.headers.get("WWW-Authenticate") or ""
        if error.code != 401 or not challenge.lower().startswith("digest "):
            return None
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, request.full_url, credentials.user, credentials.password)
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[len("digest "):]))
    # get_authorization gives the header's parameters; the scheme is the caller's to write.
    return "Digest " + urllib.request.HTTPDigestAuthHandler(manager).get_authorization(request, fields)


# ---------------------------------------------------------------- publishing


@dataclass
class SentGraph:
    iri: str
    triples: int
    bytes: int


@dataclass
class PublishReport:
    endpoint: str            # as a message may show it
    protocol: str            # "SPARQL Update" or "Graph Store Protocol"
    graphs: list[SentGraph]
    requests: int
    seconds: float

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    @property
    def bytes(self) -> int:
        return sum(g.bytes for g in self.graphs)

    def summary(self) -> str:
        return (f"published {len(self.graphs)} graph(s), {self.triples} triples "
                f"({self.bytes / 1e6:.1f} MB of N-Triples) to {self.endpoint} by {self.protocol} "
                f"in {self.seconds:.2f} s ({self.requests} request(s))")


def local_graphs(store) -> list[tuple[str, str]]:
    """Every named graph of the local store as (IRI, N-Triples), reference graphs first."""
    reference = [g for g in REFERENCE_GRAPHS if g in store.named_graphs()]
    others = [g for g in store.named_graphs() if g not in reference]
    # Straight from Oxigraph's dump: GraphStore.graph() would parse into rdflib and back.
    return [(iri, store.ntriples(iri)) for iri in reference + others]


def _chunks(ntriples: str, max_bytes: int, max_triples: int = MAX_OPERATION_TRIPLES) -> tuple[list[str], str]:
    """The graph's triples without blank nodes in pieces of at most max_bytes and max_triples
    (a longer single triple goes alone), and its triples with blank nodes, kept together.

    Blank node labels are scoped to one update operation: triples that share a blank node in
    two operations would no longer share it. The triples that hold one (the ontology's OWL
    lists, some hundred) therefore travel in one operation.
    """
    pieces: list[str] = []
    piece: list[str] = []
    blank: list[str] = []
    size = 0
    for line in ntriples.splitlines(keepends=True):
        if "_:" in line:
            blank.append(line)
            continue
        length = len(line.encode("utf-8"))
        if piece and (size + length > max_bytes or len(piece) >= max_triples):
            pieces.append("".join(piece))
            piece, size = [], 0
        piece.append(line)
        size += length
    if piece:
        pieces.append("".join(piece))
    return pieces, "".join(blank)


def update_requests(graphs: list[tuple[str, str]], max_bytes: int = MAX_REQUEST_BYTES,
                    max_triples: int = MAX_OPERATION_TRIPLES) -> list[str]:
    """The SPARQL Update requests that replace each graph.

    A graph's DROP travels with its first INSERT, so a graph that fits in one request is
    replaced atomically on stores that apply a request in one transaction (Oxigraph, Fuseki,
    GraphDB). Small graphs share a request; a large one is spread over several, and a failure
    half-way leaves it incomplete until the next publish replaces it again.

    Ground triples go as INSERT DATA; triples with blank nodes as INSERT { … } WHERE {}, which
    SPARQL 1.1 gives the same meaning (one solution, fresh blank nodes shared across its
    template) and which Virtuoso takes, where it refuses blank nodes in INSERT DATA.

    These are the one SPARQL text written in code rather than read from a .rq file: what they
    carry is the graph itself, triples that no VALUES block can bind (DROP GRAPH and INSERT
    DATA take no variable at all). Only the keywords are written here; every term is
    serialised by pyoxigraph (the triples by the store's N-Triples dump, the graph name as a
    NamedNode, which refuses any IRI that could end the term early).
    """
    units: list[str] = []
    for iri, ntriples in graphs:
        graph = str(ox.NamedNode(iri))
        pieces, blank = _chunks(ntriples, max_bytes, max_triples)
        inserts = [f"INSERT DATA {{ GRAPH {graph} {{\n{piece}}} }}" for piece in pieces]
        if blank:
            inserts.append(f"INSERT {{ GRAPH {graph} {{\n{blank}}} }} WHERE {{}}")
        drop = f"DROP SILENT GRAPH {graph}"
        units.append(f"{drop} ;\n{inserts[0]}" if inserts else drop)   # an empty graph: only the drop
        units.extend(inserts[1:])
    requests: list[str] = []
    current: list[str] = []
    size = 0
    for unit in units:
        length = len(unit.encode("utf-8"))
        if current and size + length > max_bytes:
            requests.append(" ;\n".join(current))
            current, size = [], 0
        current.append(unit)
        size += length
    if current:
        requests.append(" ;\n".join(current))
    return requests


def _graph_store_url(base: str, graph: str) -> str:
    separator = "&" if urllib.parse.urlsplit(base).query else "?"
    return f"{base}{separator}graph={urllib.parse.quote(graph, safe='')}"


def publish(store, endpoint: str | None = None, graph_store: str | None = None,
            credentials: Credentials | None = None, max_bytes: int = MAX_REQUEST_BYTES,
            timeout: float = DEFAULT_TIMEOUT, progress: Callable[[SentGraph], None] | None = None) -> PublishReport:
    """Replace every named graph of ``store`` on a remote SPARQL 1.1 store.

    ``endpoint`` is a SPARQL Update endpoint; ``graph_store`` a Graph Store Protocol endpoint
    (each graph PUT whole, which replaces it atomically). One of them is needed; with both,
    the Graph Store Protocol is used.
    """
    if graph_store is None and endpoint is None:
        raise RemoteError("Publishing needs --endpoint URL (SPARQL Update) or --graph-store URL (Graph Store Protocol).")
    url = check_url(graph_store, "--graph-store") if graph_store else check_url(endpoint)
    credentials = Credentials.from_env() if credentials is None else credentials
    graphs = local_graphs(store)
    if not graphs:
        raise RemoteError("The store holds no graph to publish; load reports first (untoc-kg load PATH).")
    sent = [SentGraph(iri, _count(nt), len(nt.encode("utf-8"))) for iri, nt in graphs]
    started = time.perf_counter()
    if graph_store:
        for (iri, ntriples), graph in zip(graphs, sent):
            # N-Triples is a subset of Turtle, and text/turtle is the one type all four stores take.
            _send(_graph_store_url(url, iri), "PUT", ntriples.encode("utf-8"), "text/turtle; charset=utf-8",
                  f"PUT of graph <{iri}>", credentials, timeout)
            if progress:
                progress(graph)
        requests, protocol = len(graphs), "Graph Store Protocol"
    else:
        bodies = update_requests(graphs, max_bytes)
        for number, body in enumerate(bodies, start=1):
            _send(url, "POST", body.encode("utf-8"), "application/sparql-update",
                  f"update (request {number} of {len(bodies)})", credentials, timeout)
        if progress:
            for graph in sent:
                progress(graph)
        requests, protocol = len(bodies), "SPARQL Update"
    return PublishReport(public_url(url), protocol, sent, requests, time.perf_counter() - started)


def _count(ntriples: str) -> int:
    return sum(1 for line in ntriples.splitlines() if line.strip() and not line.lstrip().startswith("#"))


# ---------------------------------------------------------------- querying


def select(endpoint: str, sparql: str, credentials: Credentials | None = None,
           default_graphs: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT,
           named_graphs: list[str] | None = None) -> tuple[list[str], list[list[str | None]]]:
    """Columns and rows (cell values as strings, None when unbound) of a SELECT on ``endpoint``.

    ``default_graphs`` are sent as default-graph-uri (SPARQL 1.1 Protocol): the query then
    sees the merge of those graphs as its default graph, as a local query sees the union.
    """
    answer = _select(endpoint, sparql, credentials, default_graphs, timeout, named_graphs)
    return answer.columns, answer.rows


@dataclass
class _Answer:
    columns: list[str]
    rows: list[list[str | None]]
    server: str              # the Server header: which engine answered


def _select(endpoint: str, sparql: str, credentials: Credentials | None = None,
            default_graphs: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT,
            named_graphs: list[str] | None = None) -> _Answer:
    check_url(endpoint)
    credentials = Credentials.from_env() if credentials is None else credentials
    wrapper = SPARQLWrapper(endpoint, agent=USER_AGENT)
    wrapper.setQuery(sparql)
    # SPARQLWrapper guesses the form from the first keyword it meets, in comments too: a header
    # that says "a loaded meeting" reads as LOAD, and the query went as an update. Every text
    # sent here is a SELECT.
    wrapper.queryType = SELECT
    wrapper.setMethod(POST)            # long queries and many default-graph-uri fit in a body
    wrapper.setReturnFormat(JSON)
    wrapper.setOnlyConneg(True)        # no format=json parameters that some servers refuse
    wrapper.setTimeout(int(timeout))
    for graph in default_graphs or []:
        wrapper.addParameter("default-graph-uri", graph)
    # With default-graph-uri alone a query has no named graphs: the ones it reads by name
    # (GRAPH <…/graph/serving>) are sent as named-graph-uri.
    for graph in named_graphs or []:
        wrapper.addParameter("named-graph-uri", graph)
    header = credentials.header()
    if header:
        wrapper.addCustomHttpHeader("Authorization", header)
    elif credentials.user:
        wrapper.setHTTPAuth(DIGEST)
        wrapper.setCredentials(credentials.user, credentials.password)
    try:
        response = wrapper.query().response
        raw = response.read()
    except SPARQLWrapperException as error:
        status, reason = _WRAPPER_ERRORS.get(type(error), (0, "error"))
        raise _http_error(endpoint, "query", status, reason, _wrapped_body(error), credentials) from None
    except urllib.error.HTTPError as error:
        raise _http_error(endpoint, "query", error.code, error.reason, error.read(), credentials) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        raise _network_error(endpoint, error, timeout, credentials) from None
    columns, rows = _rows(endpoint, raw, credentials)
    cut = (response.headers.get(MAX_ROWS_HEADER) or "").strip()
    if cut.isdigit() and len(rows) >= int(cut):
        # Virtuoso stops at ResultSetMaxRows and still answers 200: a short answer would pass
        # for the whole one.
        raise RemoteError(f"The endpoint {public_url(endpoint)} cut its answer at {int(cut):,} rows (its "
                          f"ResultSetMaxRows, in the [SPARQL] section of virtuoso.ini): raise that limit, or "
                          f"ask for fewer rows at a time with --param limit=… and --param offset=….")
    return _Answer(columns, rows, response.headers.get("Server") or "")


_WRAPPER_ERRORS = {
    QueryBadFormed: (400, "Bad Request"), Unauthorized: (401, "Unauthorized"),
    EndPointNotFound: (404, "Not Found"), URITooLong: (414, "URI Too Long"),
    EndPointInternalError: (500, "Internal Server Error"),
}


def _wrapped_body(error: SPARQLWrapperException) -> bytes | None:
    """The server's answer a SPARQLWrapper exception keeps only inside its message, as a repr."""
    _, found, body = str(error).partition("Response:\n")
    if not found:
        return None
    try:
        value = ast.literal_eval(body.strip())
    except (ValueError, SyntaxError):
        return body.encode("utf-8")
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _rows(endpoint: str, raw: bytes, credentials: Credentials) -> tuple[list[str], list[list[str | None]]]:
    try:
        data = json.loads(raw.decode("utf-8"))
        columns = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        # Oxigraph streams results: an error met half-way is appended to a 200 answer.
        text = raw.decode("utf-8", "replace")
        tail = text[max(text.rfind("["), text.rfind("}"), text.rfind("{")) + 1:]
        said = _detail(tail, credentials) or _detail(text[:200], credentials)
        raise RemoteError(f"The endpoint {public_url(endpoint)} did not send SPARQL JSON results"
                          f"{f' ({said})' if said else ''}.") from None
    return columns, [[b[c]["value"] if c in b else None for c in columns] for b in bindings]


# How a stored query names its dataset on an endpoint (`query --endpoint URL --dataset MODE`).
DATASET_MODES = ("auto", "union", "graphs")


@dataclass(frozen=True)
class RemoteDataset:
    """What a stored query is sent with: default-graph-uri and named-graph-uri values (none:
    the endpoint's own default graph), how that was chosen, and which engine answered."""

    default_graphs: list[str]
    named_graphs: list[str]
    mode: str                # "union" (the server's default graph), "graphs" (each named), "as-is"
    server: str              # the Server header of the endpoint's answer


def dataset_graphs(endpoint: str, credentials: Credentials | None = None,
                   timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """The graphs of this graph on the endpoint: every named graph holding a report, and the
    reference graphs. Empty when the endpoint keeps no report in a named graph (a dump loaded
    into its default graph): queries then run on its default graph as it is."""
    return remote_dataset(endpoint, credentials, timeout, "graphs").default_graphs


def remote_dataset(endpoint: str, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT,
                   mode: str = "auto") -> RemoteDataset:
    """How a stored query reads this graph on ``endpoint``: one small query (remote/report-graphs.rq)
    finds the named graphs that hold a report and the reports the endpoint's own default graph sees.

    - "graphs": the report graphs and the reference graphs go as default-graph-uri, one each,
      and graph/serving as named-graph-uri: the query reads those graphs whatever else the
      store holds, but a store of a thousand reports must merge a thousand graphs per query.
    - "union": nothing is named; the endpoint's default graph must see the same reports as its
      named graphs (Oxigraph's --union-default-graph, TDB2's unionDefaultGraph, Virtuoso when no
      graph is named), else this is an error. The union is then every graph of the store: the
      answers are the embedded store's when the store holds this graph only (its reports may be
      a superset of the local ones, as in "graphs"), or other graphs that say nothing of its IRIs.
    - "auto": "union" when the endpoint's default graph is that union, else "graphs".

    A store that keeps no report in a named graph (a dump loaded into its default graph) is
    queried as it is, whatever the mode.
    """
    if mode not in DATASET_MODES:
        raise RemoteError(f"--dataset is one of {', '.join(DATASET_MODES)}, not “{mode}”.")
    answer = _select(endpoint, sparql_files.sparql("remote", "report-graphs"), credentials, timeout=timeout)
    graphs = sorted({g for g, _ in answer.rows if g})
    named_reports = {report for g, report in answer.rows if g and report}
    default_reports = {report for g, report in answer.rows if not g and report}
    if not graphs:
        return RemoteDataset([], [], "as-is", answer.server)
    union = default_reports == named_reports
    if mode == "union" and not union:
        raise RemoteError(
            f"The endpoint {public_url(endpoint)} does not give the union of its named graphs as its default "
            f"graph (its default graph sees {len(default_reports & named_reports):,} of the "
            f"{len(named_reports):,} reports of its named graphs{_extra(default_reports - named_reports)}): "
            f"start it with its union default graph (docs/remote-stores.md), or use --dataset graphs.")
    if union and mode != "graphs":
        return RemoteDataset([], [], "union", answer.server)
    return RemoteDataset(list(REFERENCE_GRAPHS) + graphs, [str(SERVING_GRAPH)], "graphs", answer.server)


def _extra(reports: set[str]) -> str:
    return f", and {len(reports):,} report(s) of its own default graph besides" if reports else ""


@dataclass(frozen=True)
class Refusal:
    engine: str              # the engine's name, as a message shows it
    reason: str              # why it cannot answer, a clause that ends a sentence


def refusal(name: str, server: str) -> Refusal | None:
    """Why the engine that sent this Server header cannot answer the stored query ``name``
    correctly, from remote/engines.yaml; None when nothing is known against it."""
    for engine in _engines():
        if server.startswith(engine["server"]) and name in engine.get("refuses", {}):
            return Refusal(engine["name"], " ".join(engine["refuses"][name].split()))
    return None


@functools.cache
def _engines() -> list[dict]:
    with data_file("remote", "engines.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)["engines"]


def remote_query(endpoint: str, name: str, params: dict[str, str] | None = None,
                 credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT,
                 dataset: str = "auto") -> QueryResult:
    """Run a stored query on a remote endpoint: the same bound text as a local run, the same
    QueryResult (multi-valued cells sorted the same way). ``dataset`` says how the query names
    the graphs it reads (remote_dataset: "auto", "union" or "graphs")."""
    query = get_query(name)
    text = bound_text(query, params)           # parameter errors before any network traffic
    check_url(endpoint)
    if dataset not in DATASET_MODES:
        raise RemoteError(f"--dataset is one of {', '.join(DATASET_MODES)}, not “{dataset}”.")
    credentials = Credentials.from_env() if credentials is None else credentials
    chosen = remote_dataset(endpoint, credentials, timeout, dataset)
    refused = refusal(name, chosen.server)
    if refused:
        raise RemoteError(f"The stored query {name} cannot run on {refused.engine} ({public_url(endpoint)}): "
                          f"{refused.reason}. Run it on the embedded store, or on an Oxigraph or Jena endpoint.")
    columns, rows = select(endpoint, text, credentials, chosen.default_graphs or None, timeout,
                           chosen.named_graphs or None)
    # Virtuoso gives "" where GROUP_CONCAT had no value to join; Oxigraph and Jena leave the
    # cell unbound. Both mean "none": the cell is read as the embedded store gives it.
    multi = [index for index, column in enumerate(columns) if column in query.multi]
    for row in rows:
        for index in multi:
            if row[index] == "":
                row[index] = None
    return query_result(query, columns, rows)
