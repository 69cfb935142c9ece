"""The command line end to end on report 000, on a store on disk."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from untoc_kg.cli import cli
from tests.conftest import REPORT_000
from tests.test_report_000 import ITEM_2_PARTIES


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "db"
    result = CliRunner().invoke(cli, ["--store", str(path), "load", "--report", str(REPORT_000)])
    assert result.exit_code == 0, result.output
    return path


def run(store_dir, *args):
    result = CliRunner().invoke(cli, ["--store", str(store_dir), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_load_report_prints_counts_and_no_unresolved_name(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "db"), "load", "--report", str(REPORT_000)])
    assert result.exit_code == 0, result.output
    assert "loaded 000_edfd6897bde2ce76.txt:" in result.output
    assert "(partial)" not in result.output
    assert "recommendations    24" in result.output
    assert "unresolved names   0" in result.output
    assert "Oswaldo Scazezi Junior" in result.output     # the merged spelling is reported


def test_store_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("UNTOC_KG_STORE", str(tmp_path / "env-db"))
    result = CliRunner().invoke(cli, ["load", str(REPORT_000)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-db").is_dir()


def test_validate_passes(store_dir):
    out = run(store_dir, "validate")
    assert "All 1 report graph(s) and the reference graphs conform to the shapes." in out


def test_query_formats(store_dir):
    rows = list(csv.DictReader(io.StringIO(run(store_dir, "query", "statements", "--param", "state=EU", "--format", "csv"))))
    assert [(r["agenda_item"], r["role"]) for r in rows] == [("2", "party"), ("3", "panellist"), ("3", "party"), ("4", "panellist")]
    data = json.loads(run(store_dir, "query", "states-on-topic", "-p", "min_meetings=1", "--format", "json"))
    assert sorted(d["speaker_code"] for d in data) == sorted(ITEM_2_PARTIES + ["IRN"])
    table = run(store_dir, "query", "states-on-topic", "-p", "min_meetings=1")
    assert table.splitlines()[0].split(" | ")[0].strip() == "speaker_code"
    assert table.rstrip().endswith("(19 rows)")


def test_query_list_names_every_query(store_dir):
    out = run(store_dir, "query", "--list")
    for name in ("statements", "states-on-topic", "attendance", "recommendations", "resolutions", "panellists"):
        assert f"{name}\n" in out


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_export_is_parseable_and_stable(store_dir, fmt):
    from rdflib import Dataset, Graph
    first = CliRunner().invoke(cli, ["--store", str(store_dir), "export", "--format", fmt]).stdout_bytes
    second = CliRunner().invoke(cli, ["--store", str(store_dir), "export", "--format", fmt]).stdout_bytes
    assert first == second and len(first) > 10000
    if fmt in ("nq", "trig"):
        dataset = Dataset()
        dataset.parse(data=first.decode(), format={"nq": "nquads", "trig": "trig"}[fmt])
        assert len(list(dataset.graphs())) >= 4
    else:
        Graph().parse(data=first.decode(), format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])


def test_stats_after_loading_000(store_dir):
    out = run(store_dir, "stats")
    assert "report graphs: 1" in out
    lines = {line.split()[-1]: int(line.split()[0]) for line in out.splitlines() if line.startswith("  ") and line.split()[0].isdigit()}
    assert lines["Recommendation"] == 24
    assert lines["Meeting"] == 1
    assert lines["AgendaItem"] == 8
    assert lines["Sitting"] == 4


def test_query_errors_are_sentences(store_dir):
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "query", "nope"])
    assert result.exit_code == 1 and "no stored query named 'nope'" in result.output
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "query", "statements", "-p", "state"])
    assert result.exit_code == 1 and "name=value" in result.output


def test_every_command_has_help():
    for command in ("load", "validate", "query", "export", "stats"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
