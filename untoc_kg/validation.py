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

from pyshacl.entrypoints import make_default_logger
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches, rdflib_bool_unpatch
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator, assign_baked_in
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, NamespaceManager
from rdflib.paths import Path
from rdflib.plugins.sparql import prepareQuery
from rdflib.store import Store

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


def shape_counts() -> dict[str, int]:
    """How many node shapes, property shapes and SPARQL constraints the shapes graph declares."""
    graph = shapes_graph()
    return {
        "node shapes": len(set(graph.subjects(RDF.type, SH.NodeShape))),
        "property shapes": len(set(graph.subjects(RDF.type, SH.PropertyShape))),
        "sparql constraints": len(set(graph.objects(None, SH.sparql))),
    }


# ---------------------------------------------------------------- validating


_EMPTY: dict = {}


class _Index:
    """Triples in three nested-dict indexes (s→p→o, p→o→s, o→s→p), as rdflib's SimpleMemory
    keeps them. rdflib's context-aware Memory store, which a plain Graph uses, spends most of a
    validation on context bookkeeping for every triple it yields, adds or removes."""

    __slots__ = ("spo", "pos", "osp", "size")

    def __init__(self, triples=(), without: "_Index | None" = None):
        """Index ``triples``, leaving out those ``without`` has (filled in one loop, as this is
        done for every report)."""
        spo: dict = {}
        pos: dict = {}
        osp: dict = {}
        skip = without.spo if without is not None else _EMPTY
        size = 0
        for s, p, o in triples:
            if o in skip.get(s, _EMPTY).get(p, _EMPTY):
                continue
            objects = spo.setdefault(s, {}).setdefault(p, {})
            if o in objects:
                continue
            objects[o] = None
            pos.setdefault(p, {}).setdefault(o, {})[s] = None
            osp.setdefault(o, {}).setdefault(s, {})[p] = None
            size += 1
        self.spo, self.pos, self.osp, self.size = spo, pos, osp, size

    def add(self, triple) -> None:
        s, p, o = triple
        objects = self.spo.setdefault(s, {}).setdefault(p, {})
        if o in objects:
            return
        objects[o] = None
        self.pos.setdefault(p, {}).setdefault(o, {})[s] = None
        self.osp.setdefault(o, {}).setdefault(s, {})[p] = None
        self.size += 1

    def discard(self, triple) -> None:
        s, p, o = triple
        if o not in self.spo.get(s, _EMPTY).get(p, _EMPTY):
            return
        for index, (a, b, c) in ((self.spo, (s, p, o)), (self.pos, (p, o, s)), (self.osp, (o, s, p))):
            inner = index[a]
            del inner[b][c]
            if not inner[b]:
                del inner[b]
                if not inner:
                    del index[a]
        self.size -= 1

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        return o in self.spo.get(s, _EMPTY).get(p, _EMPTY)

    def match(self, s, p, o):
        """The triples matching a pattern (None is a wildcard)."""
        if s is not None:
            by_predicate = self.spo.get(s)
            if by_predicate is None:
                return ()
            if p is not None:
                objects = by_predicate.get(p)
                if objects is None:
                    return ()
                if o is not None:
                    return ((s, p, o),) if o in objects else ()
                return [(s, p, x) for x in objects]
            if o is not None:
                return [(s, x, o) for x, objects in by_predicate.items() if o in objects]
            return [(s, x, y) for x, objects in by_predicate.items() for y in objects]
        if p is not None:
            by_object = self.pos.get(p)
            if by_object is None:
                return ()
            if o is not None:
                subjects = by_object.get(o)
                return [(x, p, o) for x in subjects] if subjects else ()
            return ((x, p, y) for y, subjects in by_object.items() for x in subjects)
        if o is not None:
            by_subject = self.osp.get(o)
            if by_subject is None:
                return ()
            return [(x, y, o) for x, predicates in by_subject.items() for y in predicates]
        return ((x, y, z) for x, by_predicate in self.spo.items() for y, objects in by_predicate.items()
                for z in objects)


class _LayeredStore(Store):
    """A read-only ``base`` (the reference data, indexed once per process) under a ``top`` that
    holds the graph being validated, minus what the base already has, so that the two never
    share a triple and their union is the merged graph that used to be built by adding and
    removing every report triple."""

    # It has no contexts, but pyshacl wraps the data graph in an rdflib Dataset, which refuses a
    # store that does not claim them (why rdflib's SimpleMemory cannot be used). Nothing asks
    # for a context: a Graph hands itself as the context of every call, and it is ignored.
    context_aware = True
    graph_aware = True

    def __init__(self, base: _Index):
        super().__init__()
        self.base = base
        self.top = _Index()

    def triples(self, triple_pattern, context=None):
        s, p, o = triple_pattern
        for triple in self.base.match(s, p, o):
            yield triple, ()
        for triple in self.top.match(s, p, o):
            yield triple, ()

    def __len__(self, context=None) -> int:
        return self.base.size + self.top.size

    def add(self, triple, context=None, quoted=False) -> None:
        if triple not in self.base:
            self.top.add(triple)

    def remove(self, triple_pattern, context=None) -> None:
        if next(iter(self.base.match(*triple_pattern)), None) is not None:
            raise TypeError("the reference triples of a validation graph cannot be removed")
        for triple in list(self.top.match(*triple_pattern)):
            self.top.discard(triple)

    @contextmanager
    def holding(self, data: Graph) -> Iterator[None]:
        """``data`` in the top layer for the time of one validation."""
        if type(data) is Graph:
            # What iterating the graph yields, without the generator Graph.triples wraps around it.
            triples = (t for t, _contexts in data.store.triples((None, None, None), context=data))
        else:
            triples = iter(data)
        self.top = _Index(triples, without=self.base)
        try:
            yield
        finally:
            self.top = _Index()


@lru_cache(maxsize=512)
def _prepared(text: str):
    return prepareQuery(text)


class _LayeredGraph(Graph):
    """A Graph on a _LayeredStore that reads the layers' indexes directly: pyshacl asks for
    hundreds of thousands of small patterns per report, and rdflib's generic path (Graph →
    Store → (triple, contexts) pairs) costs more than the lookups themselves."""

    def triples(self, triple):
        s, p, o = triple
        if isinstance(p, Path):
            yield from super().triples(triple)
            return
        store = self.store
        yield from store.base.match(s, p, o)
        yield from store.top.match(s, p, o)

    def objects(self, subject=None, predicate=None, unique=False):
        if subject is None or predicate is None or isinstance(predicate, Path) or isinstance(subject, list):
            return super().objects(subject, predicate, unique)
        store = self.store
        # The layers share no triple, so the objects are unique either way.
        return iter([*store.base.spo.get(subject, _EMPTY).get(predicate, _EMPTY),
                     *store.top.spo.get(subject, _EMPTY).get(predicate, _EMPTY)])

    def subjects(self, predicate=None, object=None, unique=False):
        if predicate is None or object is None or isinstance(predicate, Path) or isinstance(object, list):
            return super().subjects(predicate, object, unique)
        store = self.store
        return iter([*store.base.pos.get(predicate, _EMPTY).get(object, _EMPTY),
                     *store.top.pos.get(predicate, _EMPTY).get(object, _EMPTY)])


class _DataGraph(_LayeredGraph):
    """The graph pyshacl validates. pyshacl hands every SPARQL constraint and target to
    ``query`` as text, once per focus node; parsing that text dominates the run time, so the
    parsed query is kept (the text is the same every time, the focus node is a binding)."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _layered(base: _Index, namespaces: NamespaceManager) -> _DataGraph:
    graph = _DataGraph(store=_LayeredStore(base))
    # Only pyshacl's generic messages (for a shape without sh:message) read the data graph's
    # prefixes; they are taken from where they used to be, so that a message reads the same.
    graph.namespace_manager = namespaces
    return graph


@lru_cache(maxsize=1)
def _report_base() -> _DataGraph:
    """The ontology, the topic scheme and the gazetteer, indexed once per process; each report
    is laid over them for its validation (never copied into them, nor they into it)."""
    from untoc_kg.reference import gazetteer_graph

    base = _Index(t for graph in (ontology_graph(), topics_graph(), gazetteer_graph()) for t in graph)
    # The prefixes of a new Graph: what the shared graph this replaces had.
    return _layered(base, Graph().namespace_manager)


@lru_cache(maxsize=1)
def _reference() -> _Index:
    """What ``validate_graph`` lays a graph over: the ontology and the topic scheme."""
    return _Index(t for graph in (ontology_graph(), topics_graph()) for t in graph)


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
            if str(shape).rsplit("#", 1)[-1].startswith("Serving"):
                continue   # the serving layer's shapes: checked on graph/serving only (validate_graph)
            (reference if predicate == SH.targetClass and local in _REFERENCE_CLASSES else report).add(shape)
    return sorted(report - reference), sorted(reference)


@lru_cache(maxsize=1)
def _pyshacl_shapes_graph() -> Graph:
    """The shapes for pyshacl to read, which it does many times per validation: the same triples
    (blank nodes included, so results still point into ``shapes_graph()``) in the faster store."""
    source = shapes_graph()
    graph = _LayeredGraph(store=_LayeredStore(_Index(source)), identifier=source.identifier)
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


def validate_graph(data: Graph) -> list[Violation]:
    """Every SHACL result for ``data`` (a report graph, usually with the gazetteer added),
    sorted by severity, focus node, path and shape. ``data`` is left as it was."""
    if type(data) is Graph and getattr(data.store, "context_aware", False):
        # pyshacl used to see this graph through a view on its own store, with that store's prefixes.
        namespaces = Graph(store=data.store, identifier=data.identifier).namespace_manager
    else:
        namespaces = Graph().namespace_manager
    merged = _layered(_reference(), namespaces)
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
