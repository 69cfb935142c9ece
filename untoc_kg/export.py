"""Dumps of the whole store: Turtle, N-Triples, N-Quads, TriG, JSON-LD.

Every format is written in a stable order, so the same store gives byte-identical dumps.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from untoc_kg.store import GraphStore
from untoc_kg.vocab import PREFIXES

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


def jsonld_context() -> dict:
    return {"@context": {prefix: str(ns) for prefix, ns in PREFIXES.items()}}


def _term(term):
    # Blank nodes keep the store's labels: a fresh label per export would change the bytes.
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _sorted(value):
    """JSON-LD arrays have no order; sort them so that every export prints the same bytes."""
    if isinstance(value, dict):
        return {key: _sorted(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


def export(store: GraphStore, fmt: str) -> bytes:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt != "jsonld":
        return store.dump(fmt)
    dataset = Dataset()
    for quad in store.store:
        graph = dataset.graph(URIRef(quad.graph_name.value)) if isinstance(quad.graph_name, ox.NamedNode) \
            else dataset.default_graph
        graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    data = dataset.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True)
    return json.dumps(_sorted(json.loads(data)), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"
