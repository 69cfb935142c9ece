"""Every format the project writes, listed once: the CLI's --format choices, the export and the
dumps, the dataset description's distributions, the server's content negotiation and a
resource page's alternate links all read their lists from FORMATS.

Three kinds of answer have formats of their own:

- ``rdf``: a graph or the whole store (export, dumps, CONSTRUCT and DESCRIBE answers, /id/ pages);
- ``results``: a SPARQL SELECT or ASK answer over the protocol (/sparql);
- ``rows``: a stored query's rows as `untoc-kg query` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    kind: str                    # "rdf", "results" or "rows"
    name: str                    # --format NAME, ?format=NAME, untoc-kg.NAME
    extension: str               # the file extension, without its dot
    media_type: str
    label: str                   # as a page names it
    # The pyoxigraph format that writes (and reads) it; None where the project writes it
    # itself: compacted JSON-LD (with the dumps' context), a stored query's rows.
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None
    quads: bool = False          # holds named graphs (an export keeps each report graph apart)
    answers: bool = False        # the server answers a CONSTRUCT, DESCRIBE or /id/ request in it
    aliases: tuple[str, ...] = ()          # other ?format= names
    media_aliases: tuple[str, ...] = ()    # other media types a client may ask for it by


FORMATS: tuple[Format, ...] = (
    # Graphs, in the order of `untoc-kg export --format` and of the dumps' list.
    Format("rdf", "ttl", "ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE, answers=True, aliases=("turtle",)),
    Format("rdf", "nt", "nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES, answers=True),
    Format("rdf", "nq", "nq", "application/n-quads", "N-Quads", ox.RdfFormat.N_QUADS, quads=True),
    Format("rdf", "trig", "trig", "application/trig", "TriG", ox.RdfFormat.TRIG, quads=True),
    Format("rdf", "jsonld", "jsonld", "application/ld+json", "JSON-LD", None, quads=True, answers=True),
    # SPARQL results; the first is the server's default.
    Format("results", "json", "srj", "application/sparql-results+json", "SPARQL JSON results",
           ox.QueryResultsFormat.JSON, media_aliases=("application/json",)),
    Format("results", "xml", "srx", "application/sparql-results+xml", "SPARQL XML results",
           ox.QueryResultsFormat.XML, media_aliases=("application/xml",)),
    Format("results", "csv", "csv", "text/csv", "SPARQL CSV results", ox.QueryResultsFormat.CSV),
    Format("results", "tsv", "tsv", "text/tab-separated-values", "SPARQL TSV results", ox.QueryResultsFormat.TSV),
    # A stored query's rows (untoc_kg/output.py); the first is `untoc-kg query`'s default.
    Format("rows", "table", "txt", "text/plain", "Table", None),
    Format("rows", "csv", "csv", "text/csv", "CSV", None),
    Format("rows", "json", "json", "application/json", "JSON (one object per row)", None),
)


def of_kind(kind: str) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.kind == kind)


def names(kind: str) -> tuple[str, ...]:
    return tuple(f.name for f in of_kind(kind))


def rdf_format(name: str) -> Format:
    """The graph format called ``name`` (KeyError for a name the table does not hold)."""
    for f in of_kind("rdf"):
        if f.name == name:
            return f
    raise KeyError(name)
