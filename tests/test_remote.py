"""Publishing to and querying a real Oxigraph server (PyPI `oxigraph`), started on 127.0.0.1.

Every server runs in a temporary folder on a free port and is stopped when the module's
tests are done. The federated query is tested with two servers: one holding this graph
(published by `publish`), one holding a few Wikidata-like triples about states.
"""

from __future__ import annotations

import base64
import http.server
import logging
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from untoc_kg.cli import cli
from untoc_kg.errors import UntocError
from untoc_kg.loading import load_files
from untoc_kg.queries import bound_text, get_query, run_query, stored_queries
from untoc_kg.remote import (ENV_PASSWORD, ENV_TOKEN, ENV_USER, Credentials, RemoteError, dataset_graphs,
                             publish, remote_query, select, update_requests)
from untoc_kg.store import GraphStore
from tests.conftest import SAMPLES

PARAMS = {"state-profile": {"state": "PER"}}          # the one stored query with a required parameter
PASSWORD = "pa55-Wörd-never-shown"
TOKEN = "tok-3f9a-never-shown"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_executable() -> str | None:
    return shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1 in a folder of its own; stop() ends exactly this process."""

    def __init__(self, folder: Path, executable: str):
        self.folder = folder
        self.executable = executable
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def store(self) -> str:
        return self.base + "/store"

    def start(self, attempts: int = 3) -> "OxigraphServer":
        # Another process may take the free port between the probe and the bind: try again.
        for _ in range(attempts):
            self.port = free_port()
            log = open(self.folder / "server.log", "ab")
            self.process = subprocess.Popen(
                [self.executable, "serve", "--location", str(self.folder / "data"), "--bind", f"127.0.0.1:{self.port}"],
                stdout=log, stderr=subprocess.STDOUT)
            log.close()
            if self._ready():
                return self
            self.stop()
        raise RuntimeError(f"oxigraph serve did not start; see {self.folder / 'server.log'}")

    def _ready(self, seconds: float = 20.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.query + "?query=ASK%7B%7D", timeout=1) as response:
                    return response.status == 200
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def put_default_graph(self, turtle: str) -> None:
        request = urllib.request.Request(self.store + "?default", data=turtle.encode(), method="PUT",
                                         headers={"Content-Type": "text/turtle"})
        urllib.request.urlopen(request, timeout=10).close()


@pytest.fixture(scope="module")
def start_server(tmp_path_factory):
    executable = oxigraph_executable()
    if executable is None:
        pytest.skip("the Oxigraph server (PyPI package `oxigraph`, a dev dependency) is not installed")
    servers: list[OxigraphServer] = []

    def start() -> OxigraphServer:
        server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"), executable).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def server(start_server, store_all):
    """A server holding the five sample reports, published once by SPARQL Update."""
    server = start_server()
    server.report = publish(store_all, server.update, credentials=Credentials())
    return server


def remote_counts(endpoint: str) -> dict[str, int]:
    _, rows = select(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                     Credentials())
    return {g: int(n) for g, n in rows}


def local_counts(store) -> dict[str, int]:
    return {g: store.count(g) for g in store.named_graphs()}


# ---------------------------------------------------------------- publishing


def test_publish_sends_every_graph_with_its_triples(server, store_all):
    local = local_counts(store_all)
    assert len(store_all.report_graphs()) == 5 and len(local) == 10   # five reports, five reference graphs (serving too)
    assert remote_counts(server.query) == local
    report = server.report
    assert {g.iri: g.triples for g in report.graphs} == local
    assert report.triples == store_all.count() and report.protocol == "SPARQL Update"
    assert report.requests >= 1 and report.seconds > 0
    assert report.endpoint == server.update


def test_publishing_again_leaves_one_copy_by_update_and_by_graph_store(server, store_all):
    publish(store_all, server.update, credentials=Credentials())
    assert remote_counts(server.query) == local_counts(store_all)
    report = publish(store_all, graph_store=server.store, credentials=Credentials())
    assert report.protocol == "Graph Store Protocol" and report.requests == 10   # one per graph: five reports, five reference graphs (graph/serving too)
    assert remote_counts(server.query) == local_counts(store_all)


def test_small_requests_split_graphs_but_keep_blank_nodes_together(server, store_all):
    report = publish(store_all, server.update, credentials=Credentials(), max_bytes=100_000)
    assert report.requests > 9
    assert remote_counts(server.query) == local_counts(store_all)
    # The ontology holds OWL lists (blank nodes): its triples travel in one operation.
    requests = update_requests([("http://example.org/g", "_:b <http://p> _:c .\n" * 10)], max_bytes=20)
    assert len(requests) == 1


def test_other_graphs_on_the_endpoint_are_left_alone_and_not_queried(server):
    other = "http://example.org/other-treaty-body"
    urllib.request.urlopen(urllib.request.Request(
        server.update, method="POST", headers={"Content-Type": "application/sparql-update"},
        data=f"INSERT DATA {{ GRAPH <{other}> {{ <http://example.org/s> a "
             f"<https://w3id.org/untoc-kg/ontology#Statement> }} }}".encode()), timeout=10).close()
    graphs = dataset_graphs(server.query, Credentials())
    assert other not in graphs and len([g for g in graphs if "/graph/report/" in g]) == 5
    assert remote_counts(server.query)[other] == 1


# ---------------------------------------------------------------- stored queries remotely


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_every_stored_query_answers_the_same_on_the_server(server, store_all, name):
    local = run_query(store_all, name, PARAMS.get(name, {}))
    remote = remote_query(server.query, name, PARAMS.get(name, {}), credentials=Credentials())
    assert remote.columns == local.columns
    # Rows equal as a multiset: ORDER BY leaves ties in an order each engine may choose.
    assert sorted(map(repr, remote.rows)) == sorted(map(repr, local.rows))
    assert remote.rows, name


def test_parameters_and_multi_valued_cells_remotely(server, store_all):
    params = {"state": "USA", "body": "CTOC/COP/WG.2"}
    assert remote_query(server.query, "statements", params, credentials=Credentials()).rows == \
        run_query(store_all, "statements", params).rows
    hostile = {"state": 'USA" } UNION { ?s ?p ?o } #'}
    assert remote_query(server.query, "statements", hostile, credentials=Credentials()).rows == []
    persons = remote_query(server.query, "persons", {"name": "Sánchez"}, credentials=Credentials()).rows
    assert persons and all(cell == ";".join(sorted(cell.split(";"))) for row in persons for cell in row[1:4] if cell)


# ---------------------------------------------------------------- the command line


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-remote") / "db"
    with GraphStore(path) as store:
        load_files(store, [SAMPLES])
    return path


def run_cli(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env or {})


def test_cli_publish_and_query_with_credentials_never_shown(start_server, disk_store, caplog):
    target = start_server()
    env = {ENV_USER: "alice", ENV_PASSWORD: PASSWORD, ENV_TOKEN: None}
    caplog.set_level(logging.DEBUG)
    published = run_cli("--store", str(disk_store), "publish", "--endpoint", target.update, env=env)
    assert published.exit_code == 0, published.output
    assert f"published 10 graph(s), " in published.output and target.update in published.output
    assert published.output.count("sent <https://w3id.org/untoc-kg/graph/") == 10
    remote = run_cli("--store", str(disk_store), "query", "statements", "--param", "state=USA",
                     "--format", "csv", "--endpoint", target.query, env=env)
    local = run_cli("--store", str(disk_store), "query", "statements", "--param", "state=USA", "--format", "csv")
    assert remote.exit_code == 0 and remote.output == local.output and remote.output.count("\n") > 3
    basic = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    for text in (published.output, remote.output, caplog.text):
        assert PASSWORD not in text and basic not in text


class EchoingServer(http.server.ThreadingHTTPServer):
    """A hostile endpoint that repeats the Authorization header it was sent in its error."""


class EchoHandler(http.server.BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status = 401 if self.path.startswith("/401") else 500
        body = f"denied: your header was {self.headers.get('Authorization')}\n".encode()
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def echoing_endpoint():
    server = EchoingServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("credentials", [Credentials("alice", PASSWORD), Credentials(token=TOKEN)],
                         ids=["basic", "bearer"])
@pytest.mark.parametrize("status", ["401", "500"])
def test_errors_never_repeat_credentials(echoing_endpoint, store_000, credentials, status):
    secrets = credentials.secrets()
    assert secrets and all(s not in repr(credentials) for s in secrets)
    for action in (lambda: publish(store_000, f"{echoing_endpoint}/{status}/update", credentials=credentials),
                   lambda: remote_query(f"{echoing_endpoint}/{status}/query", "resolutions", credentials=credentials),
                   lambda: publish(store_000, graph_store=f"{echoing_endpoint}/{status}/store", credentials=credentials)):
        with pytest.raises(RemoteError) as caught:
            action()
        message = str(caught.value)
        assert f"HTTP {status}" in message and echoing_endpoint in message
        assert all(secret not in message for secret in secrets), message
        assert "\n" not in message and message.endswith(".")
    if status == "500":
        assert "***" in message          # the server did echo the header; it was scrubbed


def test_cli_error_for_refused_credentials_is_one_sentence(echoing_endpoint, disk_store):
    env = {ENV_USER: "alice", ENV_PASSWORD: PASSWORD}
    result = run_cli("--store", str(disk_store), "publish", "--endpoint", f"{echoing_endpoint}/401/update", env=env)
    assert result.exit_code == 1
    assert result.output.startswith(f"untoc-kg: The endpoint {echoing_endpoint}/401/update refused the update")
    assert result.output.count("\n") == 1 and PASSWORD not in result.output


def test_credentials_in_the_url_are_refused_without_repeating_them(store_000):
    with pytest.raises(RemoteError) as caught:
        publish(store_000, f"http://alice:{PASSWORD}@127.0.0.1:7878/update", credentials=Credentials())
    assert PASSWORD not in str(caught.value) and ENV_PASSWORD in str(caught.value)
    # Without a scheme, "alice:secret@host" reads as scheme "alice": still not repeated.
    result = run_cli("query", "resolutions", "--endpoint", f"alice:{PASSWORD}@127.0.0.1:7878/query")
    assert result.exit_code == 1 and "takes an http(s) URL" in result.output and PASSWORD not in result.output


def test_credentials_come_in_pairs():
    with pytest.raises(RemoteError, match=ENV_PASSWORD):
        Credentials.from_env({ENV_USER: "alice"})
    assert Credentials.from_env({ENV_TOKEN: TOKEN}).header() == f"Bearer {TOKEN}"
    assert Credentials.from_env({}).header() is None


# ---------------------------------------------------------------- endpoints that fail


def test_an_unreachable_endpoint_is_one_sentence(store_000):
    port = free_port()                    # nothing listens there
    with pytest.raises(RemoteError) as caught:
        publish(store_000, f"http://127.0.0.1:{port}/update", credentials=Credentials())
    message = str(caught.value)
    assert message == (f"The endpoint http://127.0.0.1:{port}/update could not be reached: "
                       "the connection was refused (is the server running?).")
    result = run_cli("query", "resolutions", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == 1
    assert result.output == (f"untoc-kg: The endpoint http://127.0.0.1:{port}/query could not be reached: "
                             "the connection was refused (is the server running?).\n")


def test_http_errors_name_the_endpoint_and_the_status(server, store_000):
    with pytest.raises(RemoteError, match=r"^The endpoint .*/nowhere answered the query with HTTP 404"):
        remote_query(server.base + "/nowhere", "resolutions", credentials=Credentials())
    with pytest.raises(RemoteError, match=r"^The endpoint .*/query answered the update \(request 1 of 1\) with HTTP 4\d\d"):
        publish(store_000, server.query, credentials=Credentials())      # the query URL takes no update
    with pytest.raises(RemoteError, match=r"answered the query with HTTP 400 Bad Request \(.+\)\.$"):
        select(server.query, "SELECT nonsense", Credentials())


def test_an_error_after_the_results_began_is_reported(server):
    # Oxigraph streams its results: an error met half-way ends a 200 answer.
    with pytest.raises(RemoteError, match="did not send SPARQL JSON results .*unbound"):
        select(server.query, "SELECT * WHERE { SERVICE ?nowhere { ?s ?p ?o } }", Credentials())


def test_urls_are_checked_before_anything_is_sent(store_000):
    with pytest.raises(RemoteError, match="takes an http"):
        remote_query("ftp://example.org/sparql", "resolutions", credentials=Credentials())
    with pytest.raises(RemoteError, match="needs --endpoint"):
        publish(store_000, credentials=Credentials())
    result = run_cli("query", "resolutions", "--endpoint", "localhost:7878")
    assert result.exit_code == 1 and "takes an http(s) URL" in result.output


# ---------------------------------------------------------------- federation (two servers)

WIKIDATA_LIKE = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
wd:Q414 wdt:P298 "ARG" ; rdfs:label "Argentina"@en , "Argentine"@fr ; wdt:P30 wd:Q18 .
wd:Q30  wdt:P298 "USA" ; rdfs:label "United States of America"@en ; wdt:P30 wd:Q49 .
wd:Q159 wdt:P298 "RUS" ; rdfs:label "Russia"@en ; wdt:P30 wd:Q46 , wd:Q48 .
wd:Q142 wdt:P298 "FRA" ; rdfs:label "France"@en ; wdt:P30 wd:Q46 .
wd:Q458 rdfs:label "European Union"@en .
wd:Q18 rdfs:label "South America"@en .
wd:Q49 rdfs:label "North America"@en .
wd:Q46 rdfs:label "Europe"@en .
wd:Q48 rdfs:label "Asia"@en .
"""
EXTERNAL = {"ARG": ("Argentina", "ARG", "South America"),
            "USA": ("United States of America", "USA", "North America"),
            "RUS": ("Russia", "RUS", "Asia;Europe")}


@pytest.fixture(scope="module")
def wikidata_like(start_server):
    server = start_server()
    server.put_default_graph(WIKIDATA_LIKE)
    return server


def test_the_service_parameter_is_written_into_the_query_safely(wikidata_like):
    query = get_query("federated-states")
    text = bound_text(query, {"service": wikidata_like.query})
    assert f"SERVICE SILENT <{wikidata_like.query}>" in text
    assert "VALUES (?lang ?min_meetings ?service ?topic)" in text       # the variable list is untouched
    for hostile in ["http://x> { ?s ?p ?o } } #", "http://x/ q", "javascript:alert(1)", 'http://x/"'] :
        with pytest.raises(UntocError, match="takes an http"):
            bound_text(query, {"service": hostile})


def test_federated_query_joins_two_servers(server, wikidata_like, store_all):
    params = {"service": wikidata_like.query}
    remote = remote_query(server.query, "federated-states", params, credentials=Credentials())
    alone = run_query(store_all, "federated-states")
    assert [row[:4] for row in remote.rows] == [row[:4] for row in alone.rows]     # the local columns
    found = {row[0]: tuple(row[4:]) for row in remote.rows}
    assert {code for code in EXTERNAL} <= set(found)
    for code, external in found.items():
        assert external == EXTERNAL.get(code, (None, None, None)), code
    # The embedded store federates the same way.
    assert run_query(store_all, "federated-states", params).rows == remote.rows


def test_federated_query_without_an_answering_service_keeps_the_local_columns(server, store_all):
    down = f"http://127.0.0.1:{free_port()}/query"
    remote = remote_query(server.query, "federated-states", {"service": down}, credentials=Credentials())
    assert remote.rows == run_query(store_all, "federated-states").rows
    assert remote.rows and all(row[4:] == [None, None, None] for row in remote.rows)
