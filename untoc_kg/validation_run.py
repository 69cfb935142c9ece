"""Validate what is already in the store: every report graph against the shapes."""

from __future__ import annotations

from dataclasses import dataclass

from untoc_kg.store import GraphStore
from untoc_kg.validation import Violation, validate_reference, validate_report


@dataclass
class GraphVerdict:
    graph: str
    violations: list[Violation]


def validate_store(store: GraphStore) -> list[GraphVerdict]:
    """One verdict per report graph, after one for the reference data (gazetteer, topics,
    controlled values), which every report leans on."""
    if not store.report_graphs():
        return []
    verdicts = [GraphVerdict("reference graphs (gazetteer, topics, ontology)", validate_reference())]
    for iri in store.report_graphs():
        verdicts.append(GraphVerdict(iri, validate_report(store.graph(iri))))
    return verdicts
