"""A reload reads only what changed: a file whose reading the store holds (same bytes, same
name, same loader version) is skipped and said to be — a partial one with its stored gaps, and
the load labelled partial again; anything else is read again, and the links are recomputed
whenever a report graph changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from untoc_kg.cli import PARTIAL_EXIT, cli
from untoc_kg.dumps import dumps_folder
from untoc_kg.errors import ReportError
from untoc_kg.loader_version import loader_version
from untoc_kg.loading import load_files
from untoc_kg.store import GraphStore
from tests.conftest import REPORT_000, SAMPLES

GRAPH_000 = "https://w3id.org/untoc-kg/graph/report/CTOC-COP-WG.2/2024-06-03/zh"
REPORT_NODE_000 = "https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh"
UNTOC = "https://w3id.org/untoc-kg/ontology#"
PROV_GENERATED = "http://www.w3.org/ns/prov#generatedAtTime"
# The first 11,586 bytes of report 000: it stops before the list of parties attending.
TRUNCATED_AT = 11586


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES, folder)
    return folder


@pytest.fixture()
def loaded(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    store = tmp_path / "db"
    result = invoke("--store", store, "load", corpus)
    assert result.exit_code == 0, result.output
    return store


def _generated(store: Path) -> dict[str, str]:
    with GraphStore(store, read_only=True) as opened:
        return {iri: opened.objects(iri.replace("/graph/report/", "/id/report/"), PROV_GENERATED, iri)[0]
                for iri in opened.report_graphs()}


def _dump_times(store: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in dumps_folder(store).iterdir()}


def test_a_reload_of_the_same_files_reads_nothing_and_writes_nothing(loaded, corpus, monkeypatch):
    before, dumps = _generated(loaded), _dump_times(loaded)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")     # a load that wrote would show this time
    result = invoke("--store", loaded, "load", corpus)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"unchanged {p.name}" for p in sorted(SAMPLES.glob("*.txt"))]
    assert f"unchanged {REPORT_000.name}: <{GRAPH_000}> already holds its reading" in result.output
    assert "linked:" not in result.output                      # the links stand: nothing changed
    assert _generated(loaded) == before
    assert _dump_times(loaded) == dumps


def test_a_changed_file_is_read_again_and_only_it(loaded, corpus, monkeypatch):
    before = _generated(loaded)
    changed = corpus / REPORT_000.name
    changed.write_bytes(changed.read_bytes() + b"\n")           # same reading, other bytes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    with GraphStore(loaded) as store:
        result = load_files(store, [corpus])
        assert [f.path.name for f in result.files] == [REPORT_000.name]
        assert len(result.skipped) == 4 and REPORT_000.name not in {s.path.name for s in result.skipped}
        assert result.links is not None and result.links.endorsements == 52
    after = _generated(loaded)
    assert after[GRAPH_000] == "2027-01-15T08:00:00Z" != before[GRAPH_000]
    assert {g: t for g, t in after.items() if g != GRAPH_000} == {g: t for g, t in before.items() if g != GRAPH_000}


def test_reread_reads_every_file_again(loaded, corpus):
    result = invoke("--store", loaded, "load", "--reread", corpus)
    assert result.exit_code == 0, result.output
    assert "unchanged" not in result.output
    assert result.output.count("loaded ") == 5 and "linked: 52 endorsement(s)" in result.output


def test_a_renamed_file_is_read_again(loaded, corpus):
    renamed = corpus / "renamed.txt"
    (corpus / REPORT_000.name).rename(renamed)
    result = invoke("--store", loaded, "load", corpus)
    assert result.exit_code == 0, result.output
    assert f"loaded renamed.txt: " in result.output and result.output.count("unchanged ") == 4
    with GraphStore(loaded, read_only=True) as store:
        assert store.objects(REPORT_NODE_000, UNTOC + "sourceFile", GRAPH_000) == ["renamed.txt"]


def test_a_reading_by_another_loader_version_is_read_again(loaded, corpus):
    with GraphStore(loaded) as store:
        assert store.objects(REPORT_NODE_000, UNTOC + "loaderVersion", GRAPH_000) == [loader_version()]
        store.update(f"""DELETE {{ GRAPH <{GRAPH_000}> {{ <{REPORT_NODE_000}> <{UNTOC}loaderVersion> ?v }} }}
                         INSERT {{ GRAPH <{GRAPH_000}> {{ <{REPORT_NODE_000}> <{UNTOC}loaderVersion> "untoc-kg 0.0.9" }} }}
                         WHERE {{ GRAPH <{GRAPH_000}> {{ <{REPORT_NODE_000}> <{UNTOC}loaderVersion> ?v }} }}""")
    result = invoke("--store", loaded, "load", corpus)
    assert result.exit_code == 0, result.output
    assert f"loaded {REPORT_000.name}: " in result.output and result.output.count("unchanged ") == 4
    with GraphStore(loaded, read_only=True) as store:
        assert store.objects(REPORT_NODE_000, UNTOC + "loaderVersion", GRAPH_000) == [loader_version()]


def test_the_loader_version_names_the_release_and_a_digest_of_the_code_and_knowledge():
    from untoc_kg import __version__
    version = loader_version()
    name, digest = version.split("+")
    assert name == f"untoc-kg {__version__}" and len(digest) == 12 and int(digest, 16) >= 0


def test_a_partial_reading_unchanged_is_not_read_again_and_the_load_is_partial_again(tmp_path):
    truncated = tmp_path / "t.txt"
    truncated.write_bytes(REPORT_000.read_bytes()[:TRUNCATED_AT])
    store = tmp_path / "db"
    assert invoke("--store", store, "load", truncated).exit_code == PARTIAL_EXIT
    with GraphStore(store, read_only=True) as opened:
        gaps = opened.objects(REPORT_NODE_000, UNTOC + "readingGap", GRAPH_000)
    assert gaps and all(gap.startswith("t.txt") for gap in gaps)
    assert any("no list of parties attending" in gap for gap in gaps)
    with GraphStore(store, read_only=True) as opened:
        loaded_at = opened.objects(REPORT_NODE_000, PROV_GENERATED, GRAPH_000)
    again = invoke("--store", store, "load", truncated)
    # Not read again (the same bytes and loader find the same gaps), but said again, and
    # labelled partial again.
    assert again.exit_code == PARTIAL_EXIT
    assert "unchanged t.txt (partial)" in again.output and "loaded t.txt" not in again.output
    assert [line[len("  gap: "):] for line in again.output.splitlines() if line.startswith("  gap: ")] == sorted(gaps)
    assert f"{len(gaps)} reading gap(s) stay in readings not read again" in again.output
    with GraphStore(store, read_only=True) as opened:
        assert opened.objects(REPORT_NODE_000, PROV_GENERATED, GRAPH_000) == loaded_at
    # A complete copy of the same report replaces it, as any changed file does.
    shutil.copy(REPORT_000, truncated)
    whole = invoke("--store", store, "load", truncated)
    assert whole.exit_code == 0 and "loaded t.txt:" in whole.output


def test_two_copies_of_a_stored_report_are_refused(loaded, corpus):
    shutil.copy(corpus / REPORT_000.name, corpus / "copy.txt")
    result = invoke("--store", loaded, "load", corpus)
    assert result.exit_code == 1
    assert "reports the same meeting as" in result.output and GRAPH_000 in result.output


def test_a_reload_after_an_interrupted_link_links_again(loaded, corpus):
    from untoc_kg.linking import LINKS_GRAPH
    with GraphStore(loaded) as store:
        store.drop_graph(str(LINKS_GRAPH))
    result = invoke("--store", loaded, "load", corpus)
    assert result.exit_code == 0, result.output
    assert result.output.count("unchanged ") == 5 and "linked: 52 endorsement(s)" in result.output
    assert invoke("--store", loaded, "validate").exit_code == 0
