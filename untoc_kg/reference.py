"""The reference graphs every report graph leans on: the ontology, the topic scheme, and the
gazetteer (states, organizations and the bodies of the series)."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from untoc_kg.gazetteer import Gazetteer
from untoc_kg.reading.series import Series
from untoc_kg.resources import data_file
from untoc_kg.vocab import GAZETTEER_GRAPH, ONTOLOGY_GRAPH, TOPICS_GRAPH, UNTOC, body_iri


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph(identifier=ONTOLOGY_GRAPH)
    graph.parse(data_file("ontology", "untoc.ttl"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def topics_graph() -> Graph:
    graph = Graph(identifier=TOPICS_GRAPH)
    graph.parse(data_file("ontology", "topics.ttl"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def gazetteer_graph() -> Graph:
    graph = Graph(identifier=GAZETTEER_GRAPH)
    graph += Gazetteer.load().to_rdf()
    for body in Series.load().bodies:
        node = body_iri(body.symbol)
        graph.add((node, RDF.type, UNTOC[body.kind]))
        graph.add((node, UNTOC.symbol, Literal(body.symbol)))
        graph.add((node, UNTOC.code, Literal(body.symbol)))
        graph.add((node, SKOS.prefLabel, Literal(body.names_zh[0], lang="zh")))
        graph.add((node, SKOS.prefLabel, Literal(body.name_en, lang="en")))
        for name in body.names_zh[1:]:
            graph.add((node, SKOS.altLabel, Literal(name, lang="zh")))
    return graph


def reference_graphs() -> dict[str, Graph]:
    return {str(g.identifier): g for g in (ontology_graph(), topics_graph(), gazetteer_graph())}


@lru_cache(maxsize=1)
def reference_ntriples() -> dict[str, str]:
    """The reference graphs as N-Triples, sorted, so that equal content gives equal text."""
    return {iri: "\n".join(sorted(graph.serialize(format="nt").splitlines())) + "\n"
            for iri, graph in reference_graphs().items()}
