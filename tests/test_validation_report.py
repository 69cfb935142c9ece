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


def test_a_report_is_validated_from_its_own_indexes_and_left_as_it_was(records_000):
    # A mapped report's rdflib Memory indexes are read in place as the top layer (indexing it
    # afresh cost about a sixth of a validation); the results must be those of the general path
    # (a copy of the same triples in a graph whose store also holds another graph), and nothing
    # written to the validation graph may reach the report.
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import XSD

    from untoc_kg.validation import _report_base

    graph = map_report(records_000, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    statements = sorted(graph.subjects(RDF.type, UNTOC.Statement))
    meeting = next(graph.subjects(RDF.type, UNTOC.Meeting))
    graph.remove((statements[0], UNTOC.speaker, None))
    graph.add((meeting, UNTOC.startDate, Literal("1999-01-01", datatype=XSD.date)))
    shared = Dataset()
    shared.graph(URIRef("https://example.org/other")).add((meeting, RDF.type, UNTOC.Meeting))
    part = shared.graph(graph.identifier)
    part += graph
    general = Graph(store=shared.store, identifier=graph.identifier)
    found = validate_report(graph)
    assert len(found) >= 2
    assert found == validate_report(general)

    before = set(graph)
    base = _report_base()
    extra = (meeting, UNTOC.sittingCount, Literal(99))
    with base.store.holding(graph):
        assert base.store.top.borrowed
        base.add(extra)
        assert extra in base
    with base.store.holding(graph):
        base.remove((statements[1], None, None))
        assert not list(base.triples((statements[1], None, None)))
    assert set(graph) == before
    assert extra not in graph and list(graph.triples((statements[1], None, None)))
    assert list(graph.triples((meeting, UNTOC.sittingCount, None))) == [
        t for t in before if t[0] == meeting and t[1] == UNTOC.sittingCount]


def test_a_report_that_repeats_reference_triples_is_indexed_without_them():
    # The layers must share no triple (a pattern would yield it twice): a report that states a
    # fact of the gazetteer again is indexed afresh, without it.
    from untoc_kg.reference import gazetteer_graph
    from untoc_kg.validation import _report_base

    gazetteer = gazetteer_graph()
    subject = next(gazetteer.subjects(RDF.type, None))
    graph = Graph()
    for triple in gazetteer.triples((subject, None, None)):
        graph.add(triple)
    base = _report_base()
    with base.store.holding(graph):
        assert not base.store.top.borrowed
        yielded = list(base.triples((subject, None, None)))
    assert len(yielded) == len(set(yielded)) == len(graph)
