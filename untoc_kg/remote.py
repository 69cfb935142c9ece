"""Remote SPARQL 1.1 stores: publish the named graphs to one, run stored queries on one.

Publishing replaces each named graph on the endpoint, so publishing twice leaves one copy:
either by SPARQL 1.1 Update (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``,
posted as application/sparql-update) or by the SPARQL 1.1 Graph Store HTTP Protocol
(``PUT …?graph=<g>``). Queries go through SPARQLWrapper and come back as the same
QueryResult a local query gives (queries.query_result), so every face renders them alike.

Credentials come from the environment only (ENV_USER / ENV_PASSWORD, or ENV_TOKEN), are sent
in an Authorization header, and are never part of a message: every error text passes through
``_scrub``, and URLs are shown without user info or query string.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Iterator

import pyoxigraph as ox
from SPARQLWrapper import DIGEST, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (EndPointInternalError, EndPointNotFound, QueryBadFormed,
                                            SPARQLWrapperException, Unauthorized, URITooLong)

from untoc_kg import __version__
from untoc_kg.errors import UntocError
from untoc_kg.queries import QueryResult, bound_text, get_query, query_result
from untoc_kg.linking import LINKS_GRAPH
from untoc_kg.serving import SERVING_GRAPH
from untoc_kg.vocab import REFERENCE_GRAPHS as ONTOLOGY_TOPICS_GAZETTEER, UNTOC

ENV_USER = "UNTOC_KG_ENDPOINT_USER"
ENV_PASSWORD = "UNTOC_KG_ENDPOINT_PASSWORD"
ENV_TOKEN = "UNTOC_KG_ENDPOINT_TOKEN"
ENV_AUTH = "UNTOC_KG_ENDPOINT_AUTH"          # "basic" (default) or "digest" (Virtuoso's /sparql-auth)

DEFAULT_TIMEOUT = 120.0                      # seconds per HTTP request
# One update request carries at most this much N-Triples text. Small enough for the stores
# that parse a whole update in memory before applying it (Virtuoso's SPARQL compiler is the
# tightest), large enough that the five sample reports go in one request.
MAX_REQUEST_BYTES = 4_000_000
USER_AGENT = f"untoc-kg/{__version__} (+https://w3id.org/untoc-kg/)"
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
        with _opener(url, credentials).open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise _http_error(url, what, error.code, error.reason, error.read(), credentials) from None
    except (urllib.error.URLError, OSError) as error:
        raise _network_error(url, error, timeout, credentials) from None


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


def _chunks(ntriples: str, max_bytes: int) -> Iterator[str]:
    """The N-Triples text in pieces of at most max_bytes (a longer single triple goes alone).

    Blank node labels are scoped to one update operation: triples that share a blank node in
    two INSERT DATA operations would no longer share it. A graph holding blank nodes (the
    ontology's OWL lists) is therefore sent whole.
    """
    if "_:" in ntriples or len(ntriples.encode("utf-8")) <= max_bytes:
        yield ntriples
        return
    piece: list[str] = []
    size = 0
    for line in ntriples.splitlines(keepends=True):
        length = len(line.encode("utf-8"))
        if piece and size + length > max_bytes:
            yield "".join(piece)
            piece, size = [], 0
        piece.append(line)
        size += length
    if piece:
        yield "".join(piece)


def update_requests(graphs: list[tuple[str, str]], max_bytes: int = MAX_REQUEST_BYTES) -> list[str]:
    """The SPARQL Update requests that replace each graph.

    A graph's DROP travels with its first INSERT DATA, so a graph that fits in one request is
    replaced atomically on stores that apply a request in one transaction (Oxigraph, Fuseki,
    GraphDB). Small graphs share a request; a large one is spread over several, and a failure
    half-way leaves it incomplete until the next publish replaces it again.
    """
    units: list[str] = []
    for iri, ntriples in graphs:
        first = True
        for piece in _chunks(ntriples, max_bytes):
            insert = f"INSERT DATA {{ GRAPH <{iri}> {{\n{piece}}} }}"
            units.append(f"DROP SILENT GRAPH <{iri}> ;\n{insert}" if first else insert)
            first = False
        if first:                     # an empty graph: only the drop
            units.append(f"DROP SILENT GRAPH <{iri}>")
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
    check_url(endpoint)
    credentials = Credentials.from_env() if credentials is None else credentials
    wrapper = SPARQLWrapper(endpoint, agent=USER_AGENT)
    wrapper.setQuery(sparql)
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
        raw = wrapper.query().response.read()
    except SPARQLWrapperException as error:
        status, reason = _WRAPPER_ERRORS.get(type(error), (0, "error"))
        raise _http_error(endpoint, "query", status, reason, _wrapped_body(error), credentials) from None
    except urllib.error.HTTPError as error:
        raise _http_error(endpoint, "query", error.code, error.reason, error.read(), credentials) from None
    except (urllib.error.URLError, OSError) as error:
        raise _network_error(endpoint, error, timeout, credentials) from None
    return _rows(endpoint, raw, credentials)


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


def dataset_graphs(endpoint: str, credentials: Credentials | None = None,
                   timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """The graphs of this graph on the endpoint: every named graph holding a report, and the
    reference graphs. Empty when the endpoint keeps no report in a named graph (a dump loaded
    into its default graph): queries then run on its default graph as it is."""
    sparql = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?report a <{UNTOC.Report}> }} }}"
    _, rows = select(endpoint, sparql, credentials, timeout=timeout)
    reports = sorted(row[0] for row in rows if row[0])
    return list(REFERENCE_GRAPHS) + reports if reports else []


def remote_query(endpoint: str, name: str, params: dict[str, str] | None = None,
                 credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
    """Run a stored query on a remote endpoint: the same bound text as a local run, the same
    QueryResult (multi-valued cells sorted the same way)."""
    query = get_query(name)
    text = bound_text(query, params)           # parameter errors before any network traffic
    check_url(endpoint)
    credentials = Credentials.from_env() if credentials is None else credentials
    graphs = dataset_graphs(endpoint, credentials, timeout)
    named = [str(SERVING_GRAPH)] if graphs else None
    columns, rows = select(endpoint, text, credentials, graphs, timeout, named)
    return query_result(query, columns, rows)
