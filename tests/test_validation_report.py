"""validate_report: a real report graph against the shapes, with the reference data beside it."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph
from rdflib.namespace import RDF

from untoc_kg.mapping import map_report
from untoc_kg.validation import validate_reference, validate_report
from untoc_kg.vocab import UNTOC


def test_reference_graphs_conform():
    # The gazetteer, topics and controlled values are checked here once, not with every report.
    assert [v.line() for v in validate_reference() if v.severity == "Violation"] == []


def test_report_000_conforms(records_000):
    graph = map_report(records_000, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert [v.line() for v in validate_report(graph) if v.severity == "Violation"] == []


def test_a_statement_without_speaker_is_refused_and_the_reference_is_left_clean(records_000):
    graph = map_report(records_000, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    statement = next(graph.subjects(RDF.type, UNTOC.Statement))
    broken = Graph(identifier=graph.identifier)
    broken += graph
    broken.remove((statement, UNTOC.speaker, None))
    violations = [v for v in validate_report(broken) if v.severity == "Violation"]
    assert any(v.path == "untoc:speaker" and "statement" in v.focus for v in violations)
    # The report's triples were taken out of the shared reference graph again.
    assert [v for v in validate_report(graph) if v.severity == "Violation"] == []
