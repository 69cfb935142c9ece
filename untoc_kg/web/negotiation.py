"""Content negotiation: which media type a request gets, and triples written in it."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from starlette.requests import Request

from untoc_kg.export import jsonld_context
from untoc_kg.formats import of_kind
from untoc_kg.vocab import PREFIXES

# Every list below is read from untoc_kg/formats.py.
# SELECT and ASK: media type → pyoxigraph format (the first is the default), then the plainer
# types a client may ask for them by.
RESULTS = {**{f.media_type: f.oxigraph for f in of_kind("results")},
           **{alias: f.oxigraph for f in of_kind("results") for alias in f.media_aliases}}
_GRAPH_ANSWERS = [f for f in of_kind("rdf") if f.answers]
GRAPHS = [f.media_type for f in _GRAPH_ANSWERS]   # CONSTRUCT, DESCRIBE, /id/
# The graph answers pyoxigraph writes; JSON-LD is compacted here, with the dumps' context.
RDF_FORMATS = {f.media_type: f.oxigraph for f in _GRAPH_ANSWERS if f.oxigraph}
HTML = "text/html"
# ?format= short names, for links and for clients that cannot set a header.
FORMAT_NAMES = {**{name: f.media_type for f in [*of_kind("results"), *_GRAPH_ANSWERS] for name in (f.name, *f.aliases)},
                "html": HTML}
_TEXT_TYPES = ("text/", "application/n-triples")


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith(_TEXT_TYPES) else media_type


def _accept_ranges(header: str | None) -> list[tuple[str, str, float]]:
    ranges = []
    for part in (header or "*/*").split(","):
        fields = [f.strip() for f in part.split(";")]
        if "/" not in fields[0]:
            continue
        kind, _, sub = fields[0].lower().partition("/")
        ranges.append((kind, sub, quality(fields[1:])))
    return ranges


def quality(parameters: list[str]) -> float:
    """The q= of a range of an Accept or Accept-Language header (1 when absent, 0 when unreadable)."""
    for param in parameters:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client wants most (RFC 9110 §12.5.1), or None if none.

    Each offered type takes the quality of the most specific range that matches it; among
    equal qualities the server's order decides, so "*/*" (and no header) gets the first."""
    ranges = _accept_ranges(accept)
    best, best_q = None, 0.0
    for media_type in offered:
        kind, _, sub = media_type.partition("/")
        # (specificity, quality) of every range that matches: type/subtype beats type/* beats */*.
        matches = [((r_kind != "*") + (r_sub != "*"), q) for r_kind, r_sub, q in ranges
                   if r_kind in ("*", kind) and r_sub in ("*", sub)]
        if not matches:
            continue
        q = max(matches)[1]
        if q > best_q:
            best, best_q = media_type, q
    return best


def chosen(request: Request, offered: list[str]) -> str | None:
    """?format= when given (and offered), else the Accept header."""
    name = request.query_params.get("format")
    if name:
        media_type = FORMAT_NAMES.get(name.lower(), name)
        return media_type if media_type in offered else None
    return negotiate(request.headers.get("accept"), offered)


def wants_html(request: Request) -> bool:
    """Whether a page for people fits the request better than plain text (a browser asks for it)."""
    return negotiate(request.headers.get("accept"), ["text/plain", HTML]) == HTML


# Turtle prefixes for answers. Not id:, whose local names hold slashes that Turtle must escape
# (id:state\/ARG): the full IRI reads better.
TURTLE_PREFIXES = {k: str(v) for k, v in PREFIXES.items() if k != "id"}


def rdf_bytes(triples: list, media_type: str) -> bytes:
    if media_type in RDF_FORMATS:
        return ox.serialize(triples, format=RDF_FORMATS[media_type],
                            **({"prefixes": TURTLE_PREFIXES} if media_type == "text/turtle" else {})) or b""
    # JSON-LD through rdflib, compacted with the same context as the JSON-LD dump.
    graph = Graph()
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=nt.decode("utf-8"), format="nt")
    context = jsonld_context()["@context"]
    return graph.serialize(format="json-ld", context=context, auto_compact=True).encode("utf-8")
