"""What the store holds: graphs, triples, and instances per class."""

from __future__ import annotations

from dataclasses import dataclass

from untoc_kg.sparql_files import sparql
from untoc_kg.store import GraphStore


@dataclass
class Stats:
    graphs: dict[str, int]            # named graph → triples
    classes: dict[str, int]           # ontology class local name → distinct instances in report graphs
    total_quads: int

    @property
    def reports(self) -> int:
        return sum(1 for g in self.graphs if "/graph/report/" in g)


def store_stats(store: GraphStore) -> Stats:
    graphs = {g: store.count(g) for g in store.named_graphs()}
    classes = {row["class"].value.split("#", 1)[1]: int(row["n"].value)
               for row in store.query(sparql("describing", "report-classes"))}
    return Stats(graphs, classes, store.count())
