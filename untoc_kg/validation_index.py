"""The triple index SHACL validation runs on: a read-only layer of reference data (the ontology,
the topic scheme, the gazetteer), indexed once per process, under the one report graph being
validated, laid over it and taken off again.

rdflib's context-aware Memory store, which a plain Graph uses, spends most of a validation on
context bookkeeping for every triple it yields, adds or removes; pyshacl asks hundreds of
thousands of small patterns per report. These classes answer them from nested dicts, as
rdflib's SimpleMemory keeps them, and parse each SPARQL text pyshacl sends once. A report
mapped into (or read from the store into) a plain rdflib Graph is not indexed again: its Memory
store's own indexes have the same layout and are read in place.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.stores.memory import Memory
from rdflib.store import Store


_EMPTY: dict = {}


class TripleIndex:
    """Triples in three nested-dict indexes (s→p→o, p→o→s, o→s→p), as rdflib's SimpleMemory
    keeps them. rdflib's context-aware Memory store, which a plain Graph uses, spends most of a
    validation on context bookkeeping for every triple it yields, adds or removes."""

    __slots__ = ("spo", "pos", "osp", "size", "borrowed")

    def __init__(self, triples=(), without: "TripleIndex | None" = None):
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
        self.borrowed = False

    @classmethod
    def borrowing(cls, spo: dict, pos: dict, osp: dict, size: int) -> "TripleIndex":
        """An index over dicts of the same layout that belong to someone else (an rdflib Memory
        store), read as they are: indexing a report afresh costs about 1.3 µs a triple, most of
        it rdflib terms hashing themselves in Python; this costs nothing. Never written to."""
        index = cls.__new__(cls)
        index.spo, index.pos, index.osp, index.size = spo, pos, osp, size
        index.borrowed = True
        return index

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


class LayeredStore(Store):
    """A read-only ``base`` (the reference data, indexed once per process) under a ``top`` that
    holds the graph being validated, minus what the base already has, so that the two never
    share a triple and their union is the merged graph that used to be built by adding and
    removing every report triple."""

    # It has no contexts, but pyshacl wraps the data graph in an rdflib Dataset, which refuses a
    # store that does not claim them (why rdflib's SimpleMemory cannot be used). Nothing asks
    # for a context: a Graph hands itself as the context of every call, and it is ignored.
    context_aware = True
    graph_aware = True

    def __init__(self, base: TripleIndex):
        super().__init__()
        self.base = base
        self.top = TripleIndex()
        self._base_subjects = set(base.spo)

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
            self._own_top().add(triple)

    def remove(self, triple_pattern, context=None) -> None:
        if next(iter(self.base.match(*triple_pattern)), None) is not None:
            raise TypeError("the reference triples of a validation graph cannot be removed")
        self._own_top()
        for triple in list(self.top.match(*triple_pattern)):
            self.top.discard(triple)

    @contextmanager
    def holding(self, data: Graph) -> Iterator[None]:
        """``data`` in the top layer for the time of one validation."""
        borrowed = _memory_indexes(data)
        if borrowed is not None and set(borrowed[0]).isdisjoint(self._base_subjects):
            # No subject in common with the base, so no triple either: the layers stay disjoint.
            # (Sets built from dicts and compared with sets reuse the stored hashes.)
            self.top = TripleIndex.borrowing(*borrowed, size=len(data))
        else:
            if type(data) is Graph:
                # What iterating the graph yields, without the generator Graph.triples wraps around it.
                triples = (t for t, _contexts in data.store.triples((None, None, None), context=data))
            else:
                triples = iter(data)
            self.top = TripleIndex(triples, without=self.base)
        try:
            yield
        finally:
            self.top = TripleIndex()

    def _own_top(self) -> TripleIndex:
        """The top layer, copied first if it is borrowed (the graph being validated stays as it was)."""
        if self.top.borrowed:
            self.top = TripleIndex(self.top.match(None, None, None))
        return self.top


def _memory_indexes(data: Graph) -> tuple[dict, dict, dict] | None:
    """The s→p→o, p→o→s and o→s→p dicts of the rdflib Memory store of a plain Graph that holds
    nothing but this graph (what a report is mapped into, or read from the store into), or None.
    They are private to rdflib, hence the checks: any other store or layout takes the general path."""
    store = data.store
    if type(data) is not Graph or type(store) is not Memory or len(store) != len(data):
        return None
    indexes = tuple(getattr(store, f"_Memory__{name}", None) for name in ("spo", "pos", "osp"))
    if not all(type(index) is dict for index in indexes):
        return None
    return indexes


@lru_cache(maxsize=512)
def _prepared(text: str):
    return prepareQuery(text)


class LayeredGraph(Graph):
    """A Graph on a LayeredStore that reads the layers' indexes directly: pyshacl asks for
    hundreds of thousands of small patterns per report, and rdflib's generic path (Graph →
    Store → (triple, contexts) pairs) costs more than the lookups themselves."""

    def triples(self, triple):
        s, p, o = triple
        # Exact type tests: Path is an ABC, and isinstance on it costs more than the lookup.
        if p is not None and type(p) is not URIRef:
            yield from super().triples(triple)
            return
        store = self.store
        yield from store.base.match(s, p, o)
        yield from store.top.match(s, p, o)

    def objects(self, subject=None, predicate=None, unique=False):
        if type(predicate) is not URIRef or subject is None or type(subject) is list:
            return super().objects(subject, predicate, unique)
        store = self.store
        # The layers share no triple, so the objects are unique either way.
        return iter([*store.base.spo.get(subject, _EMPTY).get(predicate, _EMPTY),
                     *store.top.spo.get(subject, _EMPTY).get(predicate, _EMPTY)])

    def subjects(self, predicate=None, object=None, unique=False):
        if type(predicate) is not URIRef or object is None or type(object) is list:
            return super().subjects(predicate, object, unique)
        store = self.store
        return iter([*store.base.pos.get(predicate, _EMPTY).get(object, _EMPTY),
                     *store.top.pos.get(predicate, _EMPTY).get(object, _EMPTY)])


class ValidationGraph(LayeredGraph):
    """The graph pyshacl validates. pyshacl hands every SPARQL constraint and target to
    ``query`` as text, once per focus node; parsing that text dominates the run time, so the
    parsed query is kept (the text is the same every time, the focus node is a binding)."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def layered(base: TripleIndex, namespaces: NamespaceManager) -> ValidationGraph:
    """A graph pyshacl can validate: ``base`` below, an empty top layer for the data (LayeredStore.holding)."""
    graph = ValidationGraph(store=LayeredStore(base))
    # Only pyshacl's generic messages (for a shape without sh:message) read the data graph's
    # prefixes; they are taken from where they used to be, so that a message reads the same.
    graph.namespace_manager = namespaces
    return graph
