"""Faults of the web server (issue 13), each reproduced against a real server on 127.0.0.1.

Every test here failed before its fix: a body that is not UTF-8 gave a 500 and a traceback,
10,000 nested parentheses or 20,000 `!` crashed the query worker (a 500 and a new worker per
request), 100 KB of line breaks held a worker for the whole timeout (a 503 here), a GET with
a 1 MB query string reset the connection, and the server built every dump in memory, on the
event loop's time, and kept it.
"""

from __future__ import annotations

import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from tests.servers import Running
from tests.conftest import REPORT_000, SAMPLES
from tests.test_server import fetch, json_rows
from untoc_kg import server as server_module
from untoc_kg.cli import cli
from untoc_kg.export import EXPORT_FORMATS, export
from untoc_kg.loading import load_files
from untoc_kg.server import create_app
from untoc_kg.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
# The command as `untoc-kg` runs it, with this checkout's package first on the path.
UNTOC_KG = [sys.executable, "-m", "untoc_kg.cli"]
SPARQL_QUERY = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}


# -- a store on disk, and servers on it ---------------------------------------------------------

@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("faults") / "db"
    with GraphStore(path) as writable:
        load_files(writable, [SAMPLES])
    return path


@pytest.fixture(scope="module")
def disk_store(store_path):
    store = GraphStore(store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def running(disk_store):
    # A short timeout: a request that holds its worker to the deadline shows as a 503.
    server = Running(create_app(disk_store, timeout=5, limit=1000, workers=2))
    yield server
    server.stop()


def post(base: str, body: bytes, headers: dict) -> tuple[int, dict, str]:
    status, response_headers, data = fetch(base + "/sparql", body, headers)
    return status, response_headers, data.decode("utf-8", "replace")


def worker_pids(server: Running) -> set[int]:
    return {worker.process.pid for worker in server.state.runner._live}


ARG_QUERY = "SELECT DISTINCT ?o WHERE { <https://w3id.org/untoc-kg/id/state/ARG> <https://w3id.org/untoc-kg/ontology#code> ?o }"


# -- 1. a body that is not UTF-8 ----------------------------------------------------------------

def test_query_body_that_is_not_utf8_is_400_with_a_sentence(running):
    status, headers, text = post(running.url, b'SELECT * WHERE { ?s ?p "caf\xe9" }', SPARQL_QUERY)
    assert status == 400, text
    assert headers["Content-Type"].startswith("text/plain")
    assert text.startswith("The request body is not UTF-8 text: byte 27 (0xE9)")
    assert "Traceback" not in text


def test_form_that_is_not_utf8_is_400_with_a_sentence(running):
    # A raw byte in the body, and a %-escape that decodes to no UTF-8 character.
    status, _, text = post(running.url, b"query=SELECT\xff", FORM)
    assert status == 400 and text.startswith("The request body is not UTF-8 text: byte 12 (0xFF)"), text
    status, _, text = post(running.url, b"query=" + urllib.parse.quote(ARG_QUERY).encode() + b"%C3", FORM)
    assert status == 400 and "The field query of the request body, %-decoded, is not UTF-8 text" in text, text
    status, _, body = fetch(running.url + "/sparql?query=SELECT%FF", headers={"Accept": "text/plain"})
    assert status == 400 and b"The field query of the query string, %-decoded, is not UTF-8 text" in body
    # UTF-8 as it should be still runs.
    status, _, text = post(running.url, ("query=" + urllib.parse.quote(ARG_QUERY + " # é")).encode(), FORM)
    assert status == 200 and "ARG" in text


# -- 2. queries that nest too deep for the parser ------------------------------------------------

def test_ten_thousand_nested_parentheses_are_refused_before_parsing(running):
    before = worker_pids(running)
    deep = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
    status, _, text = post(running.url, deep.encode(), SPARQL_QUERY)
    assert status == 400, text
    assert f"more than {server_module.MAX_NESTING} deep" in text
    assert worker_pids(running) == before, "a worker was replaced"
    # Brackets inside strings, IRIs and comments do not count.
    quoted = ARG_QUERY.replace("?o }", '?o } # ' + "(" * 500) + "\n" + 'VALUES ?x { "' + "[" * 500 + '" }'
    status, _, text = post(running.url, quoted.encode(), SPARQL_QUERY)
    assert status == 200, text


def test_the_nesting_limit_is_far_above_every_stored_query():
    depths = {Path(f).name: server_module.nesting_depth(server_module.masked(Path(f).read_text(encoding="utf-8")))
              for f in glob.glob(str(ROOT / "queries" / "*.rq"))}
    assert depths and max(depths.values()) * 10 <= server_module.MAX_NESTING, depths


def test_a_long_run_of_operators_does_not_crash_the_worker(running):
    # Not nested brackets, but as deep for the parser: 20,000 `!` overflowed an 8 MiB stack.
    before = worker_pids(running)
    status, _, text = post(running.url, ("ASK { FILTER(" + "!" * 20_000 + "true) }").encode(), SPARQL_QUERY)
    assert status == 200, text
    assert worker_pids(running) == before, "a worker was replaced"


# -- 3. the update check on text that does not parse --------------------------------------------

def test_unparsable_query_of_many_line_breaks_is_400_at_once(running):
    # The update check used to take ~25 s on this (quadratic); with a 5 s timeout that is a 503.
    payload = ("\n" * 100_000 + "junk").encode()
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(post(running.url, payload, SPARQL_QUERY)))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [status for status, _, _ in answers] == [400, 400], answers
    assert all(text.startswith("The query does not parse") for _, _, text in answers)


@pytest.mark.parametrize("text, update", [
    ("# a comment\nPREFIX x: <http://e/x#>\nINSERT DATA { <http://e/a> <http://e/b> 1 }", True),
    ("\n" * 1000 + "# INSERT\n" * 1000 + "DELETE WHERE { ?s ?p ?o }", True),
    ('SELECT * WHERE { ?s ?p "INSERT" }', False),
    ("SELECT * WHERE { ?s ?p ?o } # DROP ALL", False),
    ("\n" * 100_000 + "junk", False),
    ('"""' + "\n" * 50_000, False),
])
def test_update_check_reads_past_comments_and_strings(text, update):
    assert server_module.looks_like_update(text) is update


def test_masking_hides_strings_iris_and_comments_only():
    text = ('PREFIX e: <http://e/#x> SELECT ?from FROM <http://g> WHERE { ?s ?p "FROM \\" SERVICE" . '
            "?s ?p '''(\n{''' } # SERVICE {(\n")
    assert server_module.masked(text) == ('PREFIX e: <> SELECT ?from FROM <> WHERE { ?s ?p "" . '
                                          '?s ?p "" }  \n')
    assert server_module.names_default_graph(text)
    assert not server_module.names_default_graph("SELECT ?from WHERE { ?s ?from ?o }")
    assert not server_module.uses_service(text)
    # An unterminated string or IRI runs to the end of its line or of the text; nothing hangs.
    assert server_module.masked('ASK { "abc\n}') == 'ASK { ""\n}'
    assert server_module.nesting_depth(server_module.masked("ASK { ?x < 3 && ((?y > 2)) }")) == 3


# -- 4. a query string longer than the server reads ---------------------------------------------

@pytest.fixture(scope="module")
def served(store_path, disk_store):
    """A real `untoc-kg serve` process (uvicorn configured by the command itself)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([*UNTOC_KG, "--store", str(store_path), "serve", "--port", str(port),
                                "--workers", "1", "--timeout", "10"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "untoc-kg serve did not answer within 60 s"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/queries/")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    yield port
    process.send_signal(signal.SIGINT)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def raw_get(port: int, target: str, accept: str = "text/plain") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", target, headers={"Accept": accept})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def test_get_with_a_megabyte_query_string_is_414_with_a_sentence(served):
    status, text = raw_get(served, "/sparql?query=" + "a" * 1_000_000)
    assert status == 414, text
    assert "1,000,006 bytes long" in text and "POST" in text
    # Just above the limit, and past uvicorn's default 16 KiB buffer but below the limit.
    status, _ = raw_get(served, "/sparql?query=" + "a" * server_module.MAX_QUERY_STRING)
    assert status == 414
    status, text = raw_get(served, "/sparql?" + urllib.parse.urlencode({"query": ARG_QUERY + " " * 50_000}),
                           "application/sparql-results+json")
    assert status == 200 and json_rows(text.encode()) == [{"o": "ARG"}], text


# -- 5. dumps are files, written at load time, streamed ------------------------------------------

def _cli_export(store_path: Path, fmt: str) -> bytes:
    result = CliRunner().invoke(cli, ["--store", str(store_path), "export", "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_a_load_writes_every_dump_and_each_equals_export(store_path):
    assert (store_path / "dumps").is_dir(), "the load wrote no dumps"
    from untoc_kg.dumps import dump_file, dumps_folder

    folder = dumps_folder(store_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"untoc-kg.{fmt}" for fmt in EXPORT_FORMATS)
    files = {fmt: dump_file(folder, fmt).read_bytes() for fmt in EXPORT_FORMATS}
    for fmt, data in files.items():
        assert data == _cli_export(store_path, fmt), fmt
    # The five hold the same data: the quad formats the same quads, the triple formats their union.
    quads = Dataset()
    quads.parse(data=files["nq"].decode(), format="nquads")
    graphs = {str(g.identifier): g for g in quads.graphs() if len(g)}
    for fmt, parser in (("trig", "trig"), ("jsonld", "json-ld")):
        other = Dataset()
        other.parse(data=files[fmt].decode(), format=parser)
        others = {str(g.identifier): g for g in other.graphs() if len(g)}
        assert others.keys() == graphs.keys(), fmt
        assert all(isomorphic(others[iri], graphs[iri]) for iri in graphs), fmt
    union = Graph()
    for graph in graphs.values():
        for triple in graph:
            union.add(triple)
    for fmt, parser in (("nt", "nt"), ("ttl", "turtle")):
        triples = Graph().parse(data=files[fmt].decode(), format=parser)
        assert len(triples) == len(union) and isomorphic(triples, union), fmt
    assert len(files["nt"].splitlines()) == len(union)          # each triple once


def test_the_server_streams_each_dump_from_its_file_and_keeps_none(running, disk_store, store_path):
    bodies = {}
    for fmt in EXPORT_FORMATS:
        status, headers, body = fetch(f"{running.url}/dumps/untoc-kg.{fmt}")
        assert status == 200, body[:200]
        assert body == export(disk_store, fmt)
        assert int(headers["Content-Length"]) == len(body)
        assert headers["Content-Disposition"] == f'attachment; filename="untoc-kg.{fmt}"'
        bodies[fmt] = body
    held = _bytes_held(running.state)
    assert not held, f"the server state holds dump bytes: {held}"
    from untoc_kg.dumps import dump_file, dumps_folder

    for fmt, body in bodies.items():
        assert body == dump_file(dumps_folder(store_path), fmt).read_bytes()


def _bytes_held(value, path: str = "state", depth: int = 0) -> list[str]:
    """Where, within a few levels of attributes and containers, `value` holds more than 64 KiB of bytes."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return [path] if len(value) > 64 * 1024 else []
    if depth >= 3:
        return []
    if isinstance(value, dict):
        items = [(f"{path}[{key!r}]", item) for key, item in value.items()]
    elif isinstance(value, (list, tuple, set)):
        items = [(f"{path}[{i}]", item) for i, item in enumerate(value)]
    elif hasattr(value, "__dict__") and type(value).__module__.startswith("untoc_kg"):
        items = [(f"{path}.{key}", item) for key, item in vars(value).items()]
    else:
        return []
    return [found for sub_path, item in items for found in _bytes_held(item, sub_path, depth + 1)]


def test_void_links_every_dump_the_server_sends(running):
    status, _, body = fetch(running.url + "/.well-known/void", headers={"Accept": "text/turtle"})
    assert status == 200
    void = Graph().parse(data=body.decode(), format="turtle")
    links = set(void.objects(URIRef("https://w3id.org/untoc-kg/dataset"), URIRef("http://rdfs.org/ns/void#dataDump")))
    assert {str(link) for link in links} == {f"{running.url}/dumps/untoc-kg.{fmt}" for fmt in EXPORT_FORMATS}
    for link in links:
        assert fetch(str(link))[0] == 200


def test_a_store_without_dump_files_gets_them_written_in_the_background(tmp_path):
    path = tmp_path / "db"
    with GraphStore(path) as writable:
        load_files(writable, [REPORT_000])
    shutil.rmtree(path / "dumps", ignore_errors=True)          # as a store loaded by an older version
    store = GraphStore(path, read_only=True)
    server = Running(create_app(store, workers=1))
    try:
        status, headers, body = fetch(server.url + "/dumps/untoc-kg.jsonld")
        assert status == 503, body[:200]
        assert headers["Retry-After"] and b"is being written" in body
        # The rest of the server answers meanwhile.
        assert fetch(server.url + "/.well-known/void")[0] == 200
        status, _, body = fetch(server.url + "/sparql?" + urllib.parse.urlencode({"query": ARG_QUERY}),
                                headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and json_rows(body) == [{"o": "ARG"}], body
        deadline = time.monotonic() + 60
        status, _, body = fetch(server.url + "/dumps/untoc-kg.jsonld")
        while status == 503:
            assert time.monotonic() < deadline, "the dumps were not written within 60 s"
            time.sleep(0.2)
            status, _, body = fetch(server.url + "/dumps/untoc-kg.jsonld")
        assert status == 200, body[:200]
        assert body == export(store, "jsonld")
        from untoc_kg.dumps import dump_file, dumps_folder
        assert all(dump_file(dumps_folder(path), fmt).is_file() for fmt in EXPORT_FORMATS)
    finally:
        server.stop()
        store.close()


_KILLED_WRITER = """
import sys
from pathlib import Path
from untoc_kg.dumps import write_dumps
from untoc_kg.store import GraphStore
store = GraphStore(Path(sys.argv[1]), read_only=True)
print("ready", flush=True)
while True:
    write_dumps(store, Path(sys.argv[2]))
"""


def test_a_killed_writer_never_leaves_half_a_dump_under_its_name(store_path, disk_store, tmp_path):
    from untoc_kg.dumps import dump_file, write_dumps

    expected = {fmt: export(disk_store, fmt) for fmt in EXPORT_FORMATS}
    folder = tmp_path / "dumps"
    for delay in (0.05, 0.15, 0.3, 0.5):
        writer = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(store_path), str(folder)],
                                  cwd=ROOT, stdout=subprocess.PIPE)
        assert writer.stdout.readline() == b"ready\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
        for fmt in EXPORT_FORMATS:
            final = dump_file(folder, fmt)
            assert not final.exists() or final.read_bytes() == expected[fmt], (delay, fmt)
    # What a killed writer left under temporary names goes with the next write, once it is old.
    for part in folder.glob(".*.part"):
        os.utime(part, (time.time() - 3600, time.time() - 3600))
    write_dumps(disk_store, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"untoc-kg.{fmt}" for fmt in EXPORT_FORMATS)


def test_the_union_sorted_in_spilled_runs_is_the_union_sorted_at_once(disk_store, monkeypatch, tmp_path):
    import untoc_kg.export as export_module

    whole = export(disk_store, "nt")
    # Runs of 1,000 lines: the five samples make about sixteen of them, merged.
    monkeypatch.setattr(export_module, "RUN_LINES", 1000)
    with (tmp_path / "spilled.nt").open("wb") as out:
        export_module.write_export(disk_store, "nt", out, spill=tmp_path)
    assert (tmp_path / "spilled.nt").read_bytes() == whole
    assert export(disk_store, "ttl") == _cli_export(disk_store.path, "ttl")
    assert [p.name for p in tmp_path.iterdir()] == ["spilled.nt"]       # the runs are gone
