"""Validate what is already in the store: every report graph against the shapes."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from untoc_kg.reference import gazetteer_graph
from untoc_kg.store import GraphStore
from untoc_kg.validation import Violation, validate_graph


@dataclass
class GraphVerdict:
    graph: str
    violations: list[Violation]


def validate_store(store: GraphStore) -> list[GraphVerdict]:
    verdicts = []
    for iri in store.report_graphs():
        data = Graph()
        data += store.graph(iri)
        data += gazetteer_graph()
        verdicts.append(GraphVerdict(iri, validate_graph(data)))
    return verdicts
