"""SHACL validation of report graphs against shapes/untoc-shapes.ttl.

The shapes are run on the graph to validate together with the ontology (so that sh:class and
sh:targetClass follow rdfs:subClassOf, and the controlled values are typed) and the topic
scheme (so that dcterms:subject values are known topics). No inference is run: the ontology's
subclass axioms are all SHACL needs, and they are read from the data graph.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery

from untoc_kg.reference import ontology_graph, topics_graph
from untoc_kg.resources import data_file
from untoc_kg.vocab import PREFIXES

SHAPES = Namespace("https://w3id.org/untoc-kg/shapes#")
SEVERITIES = ("Violation", "Warning", "Info")
_PREFIXES = {**{k: str(v) for k, v in PREFIXES.items()}, "shapes": str(SHAPES), "sh": str(SH)}
# Longest namespace first, so that id: does not shadow topic: (…/id/topic/ starts with …/id/).
_BY_LENGTH = sorted(_PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL = re.compile(r"^[^\s<>\"{}|\\^`]*$")


def compact(iri: str) -> str:
    """``untoc:speaker`` for an IRI in a known namespace, ``<iri>`` otherwise."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, in compact form (prefixes of untoc_kg.vocab.PREFIXES and shapes:)."""

    focus: str      # the node that broke the shape: "id:meeting/CTOC-COP-WG.2/2024-06-03"
    path: str       # the property path: "untoc:speaker", "^untoc:agendaItem", or "" for a node shape
    message: str    # the shape's sh:message, in English
    severity: str   # "Violation", "Warning" or "Info"
    shape: str      # the shape: "shapes:Statement-speaker"

    def line(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path} — {self.message} ({self.shape})"


# ---------------------------------------------------------------- the shapes


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes (shapes/untoc-shapes.ttl), parsed once."""
    graph = Graph()
    graph.parse(data_file("shapes", "untoc-shapes.ttl"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def _reference() -> Graph:
    """What the data graph needs besides itself: the ontology and the topic scheme."""
    graph = Graph()
    graph += ontology_graph()
    graph += topics_graph()
    return graph


def shape_counts() -> dict[str, int]:
    """How many node shapes, property shapes and SPARQL constraints the shapes graph declares."""
    graph = shapes_graph()
    return {
        "node shapes": len(set(graph.subjects(RDF.type, SH.NodeShape))),
        "property shapes": len(set(graph.subjects(RDF.type, SH.PropertyShape))),
        "sparql constraints": len(set(graph.objects(None, SH.sparql))),
    }


# ---------------------------------------------------------------- validating


@lru_cache(maxsize=512)
def _prepared(text: str):
    return prepareQuery(text)


class _DataGraph(Graph):
    """The graph pyshacl validates. pyshacl hands every SPARQL constraint and target to
    ``query`` as text, once per focus node; parsing that text dominates the run time, so the
    parsed query is kept (the text is the same every time, the focus node is a binding)."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def validate_graph(data: Graph) -> list[Violation]:
    """Every SHACL result for ``data`` (a report graph, usually with the gazetteer added),
    sorted by severity, focus node, path and shape. ``data`` is left as it was."""
    with _with_reference(data) as merged:
        # advanced=True: some shapes select their focus nodes with SPARQL targets.
        # allow_warnings: a graph with warnings only "conforms"; the warnings are still reported.
        _conforms, results, _ = pyshacl.validate(
            merged, shacl_graph=shapes_graph(), inference="none", advanced=True,
            inplace=True, allow_warnings=True, allow_infos=True)
    found = {_violation(results, result) for result in results.subjects(RDF.type, SH.ValidationResult)}
    return sorted(found, key=lambda v: (SEVERITIES.index(v.severity) if v.severity in SEVERITIES else 9,
                                        v.focus, v.path, v.shape, v.message))


@lru_cache(maxsize=1)
def _report_base() -> "_DataGraph":
    """The ontology, the topic scheme and the gazetteer in one graph, built once per process.
    Each report is added to it for its validation and taken out again, so the reference data
    (some five thousand triples) is never copied per report."""
    from untoc_kg.reference import gazetteer_graph

    base = _DataGraph()
    for graph in (ontology_graph(), topics_graph(), gazetteer_graph()):
        base.addN((s, p, o, base) for s, p, o in graph)
    return base


# Classes whose instances live in the reference graphs (gazetteer, topic scheme, ontology),
# not in report graphs: their shapes are checked once, on the reference data itself.
_REFERENCE_CLASSES = ("State", "Organization", "Body", "Topic", "SpeakerRole", "ParticipationStatus", "Office")


@lru_cache(maxsize=1)
def _shapes_by_scope() -> tuple[list[URIRef], list[URIRef]]:
    """(shapes for report nodes, shapes for reference nodes), split by target class."""
    graph = shapes_graph()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    report, reference = set(), set()
    for predicate in targets:
        for shape, value in graph.subject_objects(predicate):
            if not isinstance(shape, URIRef):
                continue
            local = str(value).rsplit("#", 1)[-1]
            (reference if predicate == SH.targetClass and local in _REFERENCE_CLASSES else report).add(shape)
    return sorted(report - reference), sorted(reference)


def warm_up() -> None:
    """Parse the shapes and build the reference graph now (before worker processes fork)."""
    _report_base()
    _shapes_by_scope()


def validate_report(report: Graph) -> list[Violation]:
    """Every SHACL result for one report graph, read against the ontology, topics and gazetteer.

    The reference data is the same for every report: it is added once (the report is put into
    that graph for its validation and taken out again) and the shapes of its classes (State,
    Organization, Topic …) are run by ``validate_reference``, not again for every report."""
    base = _report_base()
    added = [t for t in report if t not in base]
    base.addN((s, p, o, base) for s, p, o in added)
    try:
        results = _run(base, _shapes_by_scope()[0])
    finally:
        for triple in added:
            base.remove(triple)
    return results


def validate_reference() -> list[Violation]:
    """The gazetteer, the topic scheme and the controlled values against their shapes."""
    return _run(_report_base(), _shapes_by_scope()[1])


def _run(data: Graph, shapes: list[URIRef]) -> list[Violation]:
    _conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, inplace=True,
        allow_warnings=True, allow_infos=True, use_shapes=shapes)
    found = {_violation(results, result) for result in results.subjects(RDF.type, SH.ValidationResult)}
    return sorted(found, key=lambda v: (SEVERITIES.index(v.severity) if v.severity in SEVERITIES else 9,
                                        v.focus, v.path, v.shape, v.message))


@contextmanager
def _with_reference(data: Graph) -> Iterator[Graph]:
    """``data`` with the ontology and the topic scheme added.

    Copying a report graph into a new rdflib graph takes longer than validating it, so for a
    plain in-memory Graph the reference triples are added to it for the time of the
    validation and taken out again afterwards (only those it did not hold before)."""
    if type(data) is Graph and getattr(data.store, "context_aware", False):
        view = _DataGraph(store=data.store, identifier=data.identifier)
        added = [t for t in _reference() if t not in data]
        view.addN((s, p, o, view) for s, p, o in added)
        try:
            yield view
        finally:
            for triple in added:
                view.remove(triple)
    else:
        merged = _DataGraph()
        merged.addN((s, p, o, merged) for s, p, o in data)
        merged.addN((s, p, o, merged) for s, p, o in _reference())
        yield merged


def _violation(results: Graph, result) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    severity = results.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage)
                      if not isinstance(m, Literal) or m.language in (None, "en"))
    return Violation(
        focus=_node(focus),
        path=_path(results, path) if path is not None else "",
        message=messages[0] if messages else "The shape is not met.",
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        shape=_shape(results.value(result, SH.sourceShape)),
    )


def _node(node) -> str:
    if isinstance(node, URIRef):
        return compact(str(node))
    if isinstance(node, Literal):
        return node.n3()
    return "[]" if node is None else f"_:{node}"


def _shape(node) -> str:
    """The shape that produced a result: its IRI, or for an unnamed shape (inside sh:or, a
    list, a SPARQL constraint) the named shape that holds it."""
    graph = shapes_graph()
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        node = next(iter(graph.subjects(None, node)), None)
    return compact(str(node)) if isinstance(node, URIRef) else "shapes:?"


def _path(graph: Graph, path) -> str:
    """A SHACL property path in SPARQL syntax with compact IRIs: untoc:speaker, ^untoc:sitting."""
    if isinstance(path, URIRef):
        return compact(str(path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        inner = _path(graph, inverse)
        return f"^{inner}" if isinstance(inverse, URIRef) else f"^({inner})"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path(graph, p) for p in Collection(graph, alternatives))
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_path(graph, inner)}){suffix}"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path(graph, p) for p in Collection(graph, path))
    return str(path)
