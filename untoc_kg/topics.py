"""The SKOS topic scheme (ontology/topics.ttl) and keyword classification.

A text gets every topic one of whose keywords it contains. The keywords are data in the
scheme (untoc:keyword), so a new phrasing is a change to topics.ttl, not to code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from untoc_kg.resources import data_file
from untoc_kg.vocab import UNTOC


@dataclass(frozen=True)
class TopicScheme:
    graph: Graph
    keywords: tuple[tuple[URIRef, tuple[str, ...]], ...]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "TopicScheme":
        graph = Graph()
        graph.parse(data_file("ontology", "topics.ttl"), format="turtle")
        keywords = []
        for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
            words = {str(w) for w in graph.objects(concept, UNTOC.keyword)}
            words |= {str(w) for w in graph.objects(concept, SKOS.prefLabel) if getattr(w, "language", None) == "zh"}
            keywords.append((concept, tuple(sorted(words, key=len, reverse=True))))
        return cls(graph, tuple(keywords))

    def classify(self, text: str) -> list[URIRef]:
        return [concept for concept, words in self.keywords if any(w and w in text for w in words)]
