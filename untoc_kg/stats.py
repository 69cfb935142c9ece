"""What the store holds: graphs, triples, and instances per class."""

from __future__ import annotations

from dataclasses import dataclass

from untoc_kg.store import GraphStore

CLASS_COUNTS = """
PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {
  GRAPH ?g { ?node a ?class }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/untoc-kg/graph/report/"))
  FILTER(STRSTARTS(STR(?class), STR(untoc:)))
} GROUP BY ?class ORDER BY ?class
"""


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
    classes = {row["class"].value.split("#", 1)[1]: int(row["n"].value) for row in store.query(CLASS_COUNTS)}
    return Stats(graphs, classes, store.count())
