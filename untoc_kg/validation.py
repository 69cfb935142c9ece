"""SHACL validation of report graphs against shapes/untoc-shapes.ttl.

The shapes are run on the graph to validate together with the ontology (so that sh:class and
sh:targetClass follow rdfs:subClassOf, and the controlled values are typed) and the topic
scheme (so that dcterms:subject values are known topics). No inference is run: the ontology's
subclass axioms are all SHACL needs, and they are read from the data graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
    sorted by severity, focus node, path and shape. ``data`` is not changed."""
    merged = _DataGraph()
    merged += data
    merged += _reference()
    # advanced=True: a few shapes select their focus nodes with SPARQL targets (sh:SPARQLTarget).
    conforms, results, _ = pyshacl.validate(
        merged, shacl_graph=shapes_graph(), inference="none", advanced=True,
        inplace=True, allow_warnings=True, allow_infos=True)
    if conforms:
        return []
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
    """The shape that produced a result: its IRI, or for an unnamed shape the named one using it."""
    graph = shapes_graph()
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(graph.subjects(None, node)), None)
        while parent is not None and isinstance(parent, BNode) and (parent, RDF.first, node) in graph or \
                (parent is not None and (parent, RDF.rest, node) in graph):
            # Climb out of an RDF list to the node that holds it.
            node = parent
            parent = next(iter(graph.subjects(None, node)), None)
        node = parent
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
