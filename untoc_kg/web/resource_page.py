"""The generic page of a resource under /id/: what the graph says of it (and what points at it),
for people as a page and for machines as Turtle, JSON-LD or N-Triples.

The pages of the things people look for (a state, a meeting, a statement…) are drawn by
entities.py; a resource it has no page for gets this one, and every entity page keeps this
table of triples lower down."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from untoc_kg.formats import rdf_format
from untoc_kg.view_queries import select
from untoc_kg.web import entities
from untoc_kg.web.answers import Answer, respond
from untoc_kg.web.error_pages import error
from untoc_kg.web.iris import candidate_iris, local_href, tail
from untoc_kg.web.language import page_language
from untoc_kg.web.negotiation import GRAPHS, HTML, chosen, rdf_bytes
from untoc_kg.web.rendering import render
from untoc_kg.web.terms import term_json

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
UNTOC_NS = "https://w3id.org/untoc-kg/ontology#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT_TITLE = "http://purl.org/dc/terms/title"
NAME_PREDICATES = (SKOS_NS + "prefLabel", RDFS_LABEL, DCT_TITLE)
KEY_PREDICATES = (UNTOC_NS + "itemNumber", UNTOC_NS + "label", UNTOC_NS + "symbol")
INCOMING_SHOWN = 300          # a State has hundreds of incoming links; the page shows this many
LABEL_CHARS = 120
# The page's alternate links, in this order (the first two go in its Link header): the graph
# formats the server answers a resource in (untoc_kg/formats.py), Turtle and JSON-LD first.
ALTERNATES = tuple((f.name, f.media_type, f.label) for f in map(rdf_format, ("ttl", "jsonld", "nt")))


@dataclass
class Source:
    report: str
    paragraphs: list[str]
    extracted_by: list[str]


@dataclass
class Resource:
    iri: str
    outgoing: list[tuple[str, object]]              # (predicate IRI, object term)
    incoming: list[tuple[object, str]]              # (subject term, predicate IRI)
    # neighbour IRI → predicate → [literal, …]: what a link's label is made of
    names: dict[str, dict[str, list]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def triples(self) -> list[ox.Triple]:
        """The description machines get: every triple with the IRI as subject or as object."""
        me = ox.NamedNode(self.iri)
        out = [ox.Triple(me, ox.NamedNode(p), o) for p, o in self.outgoing]
        return out + [ox.Triple(s, ox.NamedNode(p), me) for s, p in self.incoming]

    def values(self, predicate: str) -> list:
        return [o for p, o in self.outgoing if p == predicate]


def load_resource(store, iri: str) -> Resource | None:
    """The resource as the store knows it, or None when no triple mentions it (`iri` must be
    a valid IRI: ox.NamedNode accepts it)."""
    outgoing, incoming = [], []
    for row in select(store, "resource-description", {"iri": iri}):
        if row["dir"].value == "1":
            outgoing.append((row["p"].value, row["x"]))
        else:
            incoming.append((row["x"], row["p"].value))
    if not outgoing and not incoming:
        return None
    resource = Resource(iri, sorted(outgoing, key=_order), sorted(incoming, key=lambda t: (t[1], str(t[0]))))
    resource.sources = _sources(store, iri)
    for row in select(store, "resource-labels", {"iri": iri}):
        resource.names.setdefault(row["node"].value, {}).setdefault(row["p"].value, []).append(row["label"])
    return resource


def _order(pair) -> tuple:
    predicate, term = pair
    return (predicate != RDF_TYPE, predicate, str(term))


def _sources(store, iri: str) -> list[Source]:
    by_report: dict[str, Source] = {}
    for row in select(store, "resource-sources", {"iri": iri}):
        source = by_report.setdefault(row["report"].value, Source(row["report"].value, [], []))
        for name, values in (("paragraph", source.paragraphs), ("by", source.extracted_by)):
            if name in row and row[name].value not in values:
                values.append(row[name].value)
    for source in by_report.values():
        source.paragraphs.sort(key=lambda p: (len(p), p))
        source.extracted_by.sort()
    return sorted(by_report.values(), key=lambda s: s.report)


# -- labels, in the page's language ---------------------------------------------------------

def _pick(values: list, lang: str | None):
    for value in sorted(values, key=str):
        if lang is None or getattr(value, "language", None) == lang:
            return value
    return None


def link_label(by_predicate: dict[str, list], lang: str) -> tuple[str, str | None] | None:
    """(text, its language) of a link: a name in the page's language, else the other, else any;
    an agenda item or a recommendation keeps its number ("2" before a title that lacks it)."""
    others = [code for code in ("en", "zh") if code != lang]
    name = None
    for predicate in NAME_PREDICATES:
        values = by_predicate.get(predicate, [])
        name = name or _pick(values, lang) or next(filter(None, (_pick(values, o) for o in others)), None) \
            or _pick(values, None)
    key = None
    for predicate in KEY_PREDICATES:
        key = key or _pick(by_predicate.get(predicate, []), None)
    key_text, name_text = (key.value if key else None), (name.value if name else None)
    text = name_text if key_text and name_text and key_text in name_text else \
        " ".join(part for part in (key_text, name_text) if part)
    if not text:
        return None
    text = text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"
    return text, (name.language or None) if name is not None else None


def heading(resource: Resource, lang: str) -> list[tuple[str, str | None]]:
    """The page's title: its names in the page's language first, then in the other (two at most)."""
    names = []
    for predicate in NAME_PREDICATES:
        for code in (lang, *[c for c in ("en", "zh") if c != lang]):
            names += [(v.value, code) for v in resource.values(predicate)
                      if isinstance(v, ox.Literal) and v.language == code and (v.value, code) not in names]
    if names:
        return names[:2]
    label = link_label(resource.names.get(resource.iri, {}), lang)
    return [label] if label else [(tail(resource.iri), None)]


def page_context(resource: Resource, lang: str) -> dict:
    labels = {node: label for node, names in resource.names.items()
              if (label := link_label(names, lang)) is not None}
    shown = resource.incoming[:INCOMING_SHOWN]
    return {
        "resource": resource, "iri": resource.iri, "href": local_href(resource.iri),
        "names": heading(resource, lang), "labels": labels,
        "types": [term_json(t) for t in resource.values(RDF_TYPE)],
        "outgoing": [(p, term_json(o)) for p, o in resource.outgoing if p != RDF_TYPE],
        "incoming": [(term_json(s), p) for s, p in shown],
        "incoming_total": len(resource.incoming), "incoming_more": len(resource.incoming) - len(shown),
        "sources": resource.sources, "alternates": ALTERNATES,
    }


# -- the route ----------------------------------------------------------------------------

RESOURCE_TYPES = [HTML] + GRAPHS


async def resource(request: Request) -> Response:
    store = request.app.state.untoc.store
    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    iris = candidate_iris(raw.split(b"?", 1)[0])
    media_type = chosen(request, RESOURCE_TYPES)
    if media_type == HTML:
        for iri in iris:
            page = await entities.entity_page(request, iri)
            if page is not None:
                return page
    found = None
    for iri in iris:
        found = await run_in_threadpool(load_resource, store, iri)
        if found:
            break
    if found is None:
        return error(request, 404, "Nothing in this graph has that IRI: no triple names it as subject or object.")
    if media_type is None:
        return error(request, 406, f"This resource is offered as {', '.join(RESOURCE_TYPES)}.")
    links = ", ".join(f'<{local_href(found.iri)}?format={f}>; rel="alternate"; type="{t}"'
                      for f, t, _name in ALTERNATES[:2])
    if media_type == HTML:
        lang = page_language(request)
        return render(request, "resource.html", headers={"Link": links}, **page_context(found, lang))
    body = rdf_bytes(found.triples(), media_type)
    return respond(Answer(200, media_type, body, headers={"Link": links}))
