"""SHACL validation: the driver of pySHACL, with the shapes of shapes/ (untoc-shapes.ttl for
report graphs, reference-shapes.ttl for the reference data, serving-shapes.ttl for the serving
layer) and the index of untoc_kg/validation_index.py.

The shapes are run on the graph to validate together with the ontology (so that sh:class and
sh:targetClass follow rdfs:subClassOf, and the controlled values are typed) and the topic
scheme (so that dcterms:subject values are known topics). No inference is run: the ontology's
subclass axioms are all SHACL needs, and they are read from the data graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pyshacl.entrypoints import make_default_logger
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches, rdflib_bool_unpatch
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator, assign_baked_in
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.reference import ontology_graph, topics_graph
from untoc_kg.resources import data_file
from untoc_kg.validation_index import LayeredGraph, LayeredStore, TripleIndex, ValidationGraph, layered
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


# Which shapes are run on what: a report graph meets the report shapes, the reference data
# (gazetteer, topic scheme, controlled values) the reference shapes, the serving graph the
# serving shapes (checked by validate_graph, which runs them all).
SHAPE_FILES = {"report": "untoc-shapes.ttl", "reference": "reference-shapes.ttl", "serving": "serving-shapes.ttl"}


@lru_cache(maxsize=1)
def _shape_files() -> dict[str, Graph]:
    graphs = {}
    for scope, name in SHAPE_FILES.items():
        graph = Graph()
        graph.parse(data_file("shapes", name), format="turtle")
        graphs[scope] = graph
    return graphs


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Every SHACL shape of shapes/, parsed once, in one graph."""
    graph = Graph()
    for part in _shape_files().values():
        for prefix, namespace in part.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph += part
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


@lru_cache(maxsize=1)
def _report_base() -> ValidationGraph:
    """The ontology, the topic scheme and the gazetteer, indexed once per process; each report
    is laid over them for its validation (never copied into them, nor they into it)."""
    from untoc_kg.reference import gazetteer_graph

    base = TripleIndex(t for graph in (ontology_graph(), topics_graph(), gazetteer_graph()) for t in graph)
    # The prefixes of a new Graph: what the shared graph this replaces had.
    return layered(base, Graph().namespace_manager)


@lru_cache(maxsize=1)
def _reference() -> TripleIndex:
    """What ``validate_graph`` lays a graph over: the ontology and the topic scheme."""
    return TripleIndex(t for graph in (ontology_graph(), topics_graph()) for t in graph)


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@lru_cache(maxsize=1)
def _shapes_by_scope() -> tuple[list[URIRef], list[URIRef]]:
    """(shapes for report nodes, shapes for reference nodes): the shapes with a target of the
    report shapes file and of the reference shapes file."""
    def targeted(graph: Graph) -> list[URIRef]:
        return sorted({shape for predicate in _TARGETS for shape in graph.subjects(predicate, None)
                       if isinstance(shape, URIRef)})

    files = _shape_files()
    return targeted(files["report"]), targeted(files["reference"])


@lru_cache(maxsize=1)
def _pyshacl_shapes_graph() -> Graph:
    """The shapes for pyshacl to read, which it does many times per validation: the same triples
    (blank nodes included, so results still point into ``shapes_graph()``) in the faster store."""
    source = shapes_graph()
    graph = LayeredGraph(store=LayeredStore(TripleIndex(source)), identifier=source.identifier)
    graph.namespace_manager = source.namespace_manager
    return graph


@lru_cache(maxsize=3)
def _prepared_shapes(scope: str | None) -> ShapesGraph:
    """pyshacl's view of the shapes (scope "report", "reference", or None for all), built once:
    building it (finding the shapes, reading their parameters) is most of what a validation
    costs beyond the data. It holds nothing about the data graph, so it can be reused."""
    shapes = ShapesGraph(_pyshacl_shapes_graph(), False, _logger())
    if scope is None:
        shapes.shapes  # noqa: B018 (the property gathers the shapes)
    else:
        shapes.shapes_from_uris(_scope_shapes(scope))
    return shapes


def _scope_shapes(scope: str | None) -> list[URIRef] | None:
    if scope is None:
        return None
    return _shapes_by_scope()[0 if scope == "report" else 1]


@lru_cache(maxsize=1)
def _logger():
    return make_default_logger(name="pyshacl-validate", debug=False)


def warm_up() -> None:
    """Parse the shapes and build the reference graph now (before worker processes fork)."""
    _report_base()
    _prepared_shapes("report")
    _prepared_shapes("reference")


KNOWLEDGE.holds("shapes and reference data", warm_up)


def validate_graph(data: Graph) -> list[Violation]:
    """Every SHACL result for ``data`` (a report graph, usually with the gazetteer added),
    sorted by severity, focus node, path and shape. ``data`` is left as it was."""
    if type(data) is Graph and getattr(data.store, "context_aware", False):
        # pyshacl used to see this graph through a view on its own store, with that store's prefixes.
        namespaces = Graph(store=data.store, identifier=data.identifier).namespace_manager
    else:
        namespaces = Graph().namespace_manager
    merged = layered(_reference(), namespaces)
    with merged.store.holding(data):
        return _run(merged, None)


def validate_report(report: Graph) -> list[Violation]:
    """Every SHACL result for one report graph, read against the ontology, topics and gazetteer.

    The reference data is the same for every report: it is indexed once (the report is laid
    over it for its validation and taken off again) and the shapes of its classes (State,
    Organization, Topic …) are run by ``validate_reference``, not again for every report."""
    base = _report_base()
    with base.store.holding(report):
        return _run(base, "report")


def validate_reference() -> list[Violation]:
    """The gazetteer, the topic scheme and the controlled values against their shapes."""
    return _run(_report_base(), "reference")


def _run(data: Graph, scope: str | None) -> list[Violation]:
    # What pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none", advanced=True,
    # inplace=True, allow_warnings=True, allow_infos=True, use_shapes=...) does, but with the
    # shapes prepared once. advanced=True: some shapes select their focus nodes with SPARQL
    # targets. allow_warnings: a graph with warnings only "conforms"; the warnings are still
    # reported.
    apply_patches()
    assign_baked_in()
    rdflib_bool_unpatch()  # pyshacl.validate leaves this set after reading a shapes graph
    options = {"debug": False, "inference": "none", "inplace": True, "abort_on_first": False,
               "allow_infos": True, "allow_warnings": True, "advanced": True, "iterate_rules": False,
               "use_js": None, "sparql_mode": False, "logger": _logger(), "focus_nodes": None,
               "use_shapes": _scope_shapes(scope)}
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=_pyshacl_shapes_graph(), options=options)
    validator.shacl_graph = _prepared_shapes(scope)
    _conforms, results, _ = validator.run()
    found = {_violation(results, result) for result in results.subjects(RDF.type, SH.ValidationResult)}
    return sorted(found, key=lambda v: (SEVERITIES.index(v.severity) if v.severity in SEVERITIES else 9,
                                        v.focus, v.path, v.shape, v.message))


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
