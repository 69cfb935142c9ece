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


def test_results_are_those_of_pyshacl_on_the_merged_graph(records_000):
    # validate_report lays the report over an index of the reference data and reuses pyshacl's
    # prepared shapes; the results must be exactly those of a plain pyshacl.validate run on one
    # ordinary rdflib graph holding the report and the reference data.
    import pyshacl
    from rdflib import Literal, URIRef
    from rdflib.namespace import SH, XSD

    from untoc_kg.reference import gazetteer_graph, ontology_graph, topics_graph
    from untoc_kg.validation import _shapes_by_scope, _violation, shapes_graph

    graph = map_report(records_000, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    statements = sorted(graph.subjects(RDF.type, UNTOC.Statement))
    meeting = next(graph.subjects(RDF.type, UNTOC.Meeting))
    graph.remove((statements[0], UNTOC.speaker, None))
    graph.set((statements[1], UNTOC.speaker, URIRef("https://w3id.org/untoc-kg/id/state/XXX")))
    graph.add((meeting, UNTOC.startDate, Literal("1999-01-01", datatype=XSD.date)))
    merged = Graph()
    for part in (graph, ontology_graph(), topics_graph(), gazetteer_graph()):
        merged += part
    _conforms, results, _ = pyshacl.validate(
        merged, shacl_graph=shapes_graph(), inference="none", advanced=True, inplace=True,
        allow_warnings=True, allow_infos=True, use_shapes=_shapes_by_scope()[0])
    expected = {_violation(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)}
    found = validate_report(graph)
    assert len(found) >= 3
    assert set(found) == expected
