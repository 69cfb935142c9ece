"""What a load refuses, and what it says: a served store, a truncated report over a complete
one, names the gazetteer does not know, files it cannot read, a failed first load."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from untoc_kg.cli import PARTIAL_EXIT, cli
from untoc_kg.errors import StoreError
from untoc_kg.reading.report import read_report
from untoc_kg.store import GraphStore
from tests.conftest import REPORT_000, SAMPLES

ROOT = Path(__file__).resolve().parent.parent
GRAPH_000 = "https://w3id.org/untoc-kg/graph/report/CTOC-COP-WG.2/2024-06-03/zh"
# The first 11,586 bytes of report 000: it stops before the list of parties attending.
TRUNCATED_AT = 11586


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def nquads(store):
    with GraphStore(store, read_only=True) as opened:
        return sorted(line for iri in opened.named_graphs() for line in opened.ntriples(iri).splitlines())


@pytest.fixture()
def store_000(tmp_path):
    store = tmp_path / "db"
    result = invoke("--store", store, "load", REPORT_000)
    assert result.exit_code == 0, result.output
    return store


# -- a store in use -----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_load_into_a_served_store_is_refused_with_the_servers_pid(store_000, tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "untoc_kg.cli", "--store", str(store_000), "serve",
                               "--port", str(port), "--workers", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/queries/", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        before = nquads(store_000)       # a reader beside the server is fine
        result = invoke("--store", store_000, "load", SAMPLES / "004_1128377bf6bc7323.txt")
        assert result.exit_code == 1
        assert f"the store is being served by process {server.pid}" in result.output
        assert "stop it or load into another store" in result.output
        assert nquads(store_000) == before
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Once the server is gone, the load goes through.
    result = invoke("--store", store_000, "load", SAMPLES / "004_1128377bf6bc7323.txt")
    assert result.exit_code == 0, result.output


def test_readers_and_writers_exclude_each_other(store_000):
    writer = GraphStore(store_000)
    try:
        with pytest.raises(StoreError, match=rf"being written by process {os.getpid()} \(a write\)"):
            GraphStore(store_000, read_only=True)
        result = invoke("--store", store_000, "query", "statements")
        assert result.exit_code == 1 and "the store is being written by process" in result.output
    finally:
        writer.close()
    reader = GraphStore(store_000, read_only=True)
    second = GraphStore(store_000, read_only=True)      # readers share
    try:
        with pytest.raises(StoreError, match="open for reading in another process"):
            GraphStore(store_000)
    finally:
        reader.close()
        second.close()
    GraphStore(store_000).close()


# -- a partial reading over a complete one --------------------------------------------------

@pytest.fixture()
def truncated(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(REPORT_000.read_bytes()[:TRUNCATED_AT])
    return path


def test_a_truncated_report_does_not_replace_the_complete_one(store_000, truncated):
    before = nquads(store_000)
    result = invoke("--store", store_000, "load", truncated)
    assert result.exit_code == 1
    message = result.output
    assert str(truncated) in message and "this reading is partial" in message
    assert GRAPH_000 in message and "instead of 2060" in message
    assert "Participation" in message            # what it would lose, by kind
    assert "--replace-partial" in message
    assert nquads(store_000) == before


def test_replace_partial_replaces_and_the_partial_load_exits_non_zero(store_000, truncated):
    result = invoke("--store", store_000, "load", "--replace-partial", truncated)
    assert result.exit_code == PARTIAL_EXIT, result.output
    assert "loaded t.txt (partial)" in result.output and "no list of parties attending" in result.output
    with GraphStore(store_000, read_only=True) as opened:
        assert opened.count(GRAPH_000) < 2060


def test_a_partial_first_load_exits_non_zero_unless_allowed(tmp_path, truncated):
    assert invoke("--store", tmp_path / "a", "load", truncated).exit_code == PARTIAL_EXIT
    result = invoke("--store", tmp_path / "b", "load", "--allow-partial", truncated)
    assert result.exit_code == 0 and "(partial)" in result.output


def test_a_complete_reading_replaces_without_asking(store_000):
    assert invoke("--store", store_000, "load", REPORT_000).exit_code == 0


# -- names the gazetteer does not know ------------------------------------------------------

def _unknown_states_copy(target: Path) -> Path:
    """Report 000 with every state name of the gazetteer replaced by a made-up one."""
    names = set()
    with open(ROOT / "loaders/gazetteer/states.tsv", encoding="utf-8") as tsv:
        for row in csv.DictReader(tsv, delimiter="\t"):
            names.update(n for n in [row["name_zh"], row["name_zh_official"], *row["variants_zh"].split("|")] if n)
    text = REPORT_000.read_text(encoding="utf-8")
    for number, name in enumerate(sorted(names, key=len, reverse=True)):
        text = text.replace(name, "".join("甲乙丙丁戊己庚辛壬癸"[int(d)] for d in str(number)) + "邦")
    target.write_text(text, encoding="utf-8")
    return target


def test_unknown_names_are_reported_as_names_not_as_shapes(tmp_path):
    report = _unknown_states_copy(tmp_path / "u.txt")
    unresolved = read_report(report).unresolved
    assert len(unresolved) > 100
    store = tmp_path / "db"
    result = CliRunner().invoke(cli, ["--store", str(store), "load", str(report)])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"untoc-kg: {report}: {len(unresolved)} name(s) did not resolve")
    listed = result.output.splitlines()[1:]
    assert listed[0].strip() == unresolved[0].line_text(str(report))
    assert "paragraph" in listed[0] and "matches no state or organization" in listed[0]
    assert listed[-1].strip() == f"… and {len(unresolved) - 20} more."
    assert "Violation" not in result.output
    assert not store.exists()


def test_shape_violations_are_listed_once(tmp_path, monkeypatch):
    from untoc_kg import loading
    from untoc_kg.validation import Violation
    real = loading.validate_report

    def one_violation(graph):
        found = real(graph)
        return found + [Violation("id:x", "untoc:p", "A made-up constraint.", "Violation", "shapes:MadeUp")]
    monkeypatch.setattr(loading, "validate_report", one_violation)
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "db"), "load", str(REPORT_000)])
    assert result.exit_code == 1
    assert result.output.count("A made-up constraint.") == 1


# -- files that cannot be read --------------------------------------------------------------

def _without_read_rights(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Root reads every file; a permission error is shown by a root that gave up the
    capabilities that let it (setpriv, from util-linux)."""
    command = [sys.executable, "-m", "untoc_kg.cli", *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: install util-linux to test permission errors")
        drop = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd)


@pytest.fixture()
def unreadable_tmp():
    folder = Path(tempfile.mkdtemp(prefix="untoc-kg-perm-"))
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755)
    shutil.rmtree(folder)


def test_an_unreadable_file_in_a_folder_is_named(unreadable_tmp):
    reports = unreadable_tmp / "reports"
    reports.mkdir()
    shutil.copy(REPORT_000, reports / "a.txt")
    locked = reports / "b.txt"
    shutil.copy(REPORT_000, locked)
    locked.chmod(0)
    reports.chmod(0o755)
    result = _without_read_rights(["--store", str(unreadable_tmp / "db"), "load", str(reports)], unreadable_tmp)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"untoc-kg: {locked}: the file cannot be read (permission denied)."
    assert "Traceback" not in result.stderr
    assert not (unreadable_tmp / "db").exists()


def test_an_unreadable_folder_is_named(unreadable_tmp):
    reports = unreadable_tmp / "reports"
    reports.mkdir()
    shutil.copy(REPORT_000, reports / "a.txt")
    reports.chmod(0)
    result = _without_read_rights(["--store", str(unreadable_tmp / "db"), "load", str(reports)], unreadable_tmp)
    assert result.returncode == 1
    assert result.stderr.strip() == f"untoc-kg: {reports}: the folder cannot be read (permission denied)."


# -- a failed first load leaves nothing behind ----------------------------------------------

def test_a_failed_load_into_a_new_store_leaves_no_folder(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    store = tmp_path / "new" / "db"
    result = invoke("--store", store, "load", REPORT_000, bad)
    assert result.exit_code == 1 and "the file is empty" in result.output
    assert not store.exists()


def test_a_failed_load_into_an_existing_store_keeps_it(store_000, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    before = nquads(store_000)
    assert invoke("--store", store_000, "load", bad).exit_code == 1
    assert nquads(store_000) == before


# -- a file larger than any report ----------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised(tmp_path):
    store = tmp_path / "db"
    result = invoke("--store", store, "load", "--max-report-size", "20KB", REPORT_000)
    assert result.exit_code == 1
    assert f"{REPORT_000}: the file is 29.6 KiB, larger than any report of this series (the limit is 19.5 KiB)" in result.output
    assert f"{REPORT_000}: the file is" in result.output and "--max-report-size" in result.output
    assert not store.exists()
    assert invoke("--store", store, "load", "--max-report-size", "1MiB", REPORT_000).exit_code == 0
    refused = invoke("--store", store, "load", "--max-report-size", "lots", REPORT_000)
    assert refused.exit_code == 2 and "“lots” is not a size" in refused.output
