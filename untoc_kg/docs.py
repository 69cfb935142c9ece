"""Ontology documentation: HTML generated from ontology/untoc.ttl and ontology/topics.ttl.

    untoc-kg docs [-o site/ontology]

writes
    index.html          the ontology in English (pyLODE OntPub)
    index.zh.html       the ontology in Chinese (pyLODE OntPub)
    vocabularies.html   the SKOS schemes: speaker roles, participation statuses, offices, topics
    untoc.ttl, topics.ttl   the sources, so that the folder can be published as it is

Two things pyLODE 3.2 does not do, and what this module does about them:
- It has no notion of language: every label of a term is printed, run together ("Meeting会议").
  So each page is made from a copy of the ontology that keeps one language's literals.
- It documents classes and properties only, never individuals or SKOS concepts, so the
  controlled values and the topic scheme are rendered here, one table per scheme.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from untoc_kg.errors import UntocError
from untoc_kg.resources import data_file
from untoc_kg.vocab import BASE, UNTOC

DEFAULT_OUTPUT = Path("site/ontology")
LANGUAGES = {"en": "English", "zh": "中文"}
ONTOLOGY_IRI = URIRef(BASE + "ontology")


def page_name(lang: str) -> str:
    return "index.html" if lang == "en" else f"index.{lang}.html"


def build_docs(output: Path = DEFAULT_OUTPUT) -> list[Path]:
    """Write the documentation into `output` and return the files written."""
    ontology_file = data_file("ontology", "untoc.ttl")
    topics_file = data_file("ontology", "topics.ttl")
    ontology = Graph().parse(ontology_file, format="turtle")
    topics = Graph().parse(topics_file, format="turtle")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in LANGUAGES:
        path = output / page_name(lang)
        path.write_text(_with_navigation(_ontology_html(ontology, lang), lang), encoding="utf-8")
        written.append(path)
    path = output / "vocabularies.html"
    path.write_text(vocabularies_html(ontology + topics), encoding="utf-8")
    written.append(path)
    for source in (ontology_file, topics_file):
        written.append(Path(shutil.copyfile(source, output / source.name)))
    # Written last: pages without it are unfinished or older than the ontology (`serve` builds them again).
    (output / SOURCES_STAMP).write_text(sources_stamp(), encoding="utf-8")
    return written


SOURCES_STAMP = ".sources"


def sources_stamp() -> str:
    """A digest of what the pages are made from: the ontology, the topics, and this module."""
    digest = hashlib.sha256()
    for name in ("untoc.ttl", "topics.ttl"):
        digest.update(data_file("ontology", name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


# -- the ontology, through pyLODE -----------------------------------------------------------

def _ontpub():
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    except ImportError:
        raise UntocError("The documentation is made with pyLODE, which is not installed; "
                         "install the development extras (pip install -e '.[dev]').") from None
    finally:
        # Importing pyLODE sets the root logger to DEBUG; put back what the caller had.
        root.setLevel(level)
        root.handlers[:] = handlers
    return OntPub


def one_language(graph: Graph, lang: str) -> Graph:
    """A copy with the literals in `lang` or in no language, for a pyLODE page in one language."""
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language and o.language != lang:
            continue
        copy.add((s, p, o))
    # pyLODE titles the page with the labels of every ConceptScheme run together; the schemes
    # of controlled values are documented in vocabularies.html, so here they are individuals.
    for scheme in list(copy.subjects(RDF.type, SKOS.ConceptScheme)):
        if scheme != ONTOLOGY_IRI:
            copy.remove((scheme, RDF.type, SKOS.ConceptScheme))
    return copy


def _ontology_html(ontology: Graph, lang: str) -> str:
    return with_term_anchors(_ontpub()(ontology=one_language(ontology, lang)).make_html())


# pyLODE names a term's section after its label ("Agenda item" → id="Agendaitem"), so the
# address the pages link a term with, /ontology/#AgendaItem, would find nothing. Each section
# holds its term's IRI; its id (and every link to it) becomes the IRI's local name.
_SECTION = re.compile(r'<div class="property entity" id="(?P<id>[^"]+)">(?:(?!<div class="property entity").)*?<code>'
                      + re.escape(str(UNTOC))
                      + r'(?P<local>[A-Za-z0-9_-]+)</code>', re.DOTALL)


def with_term_anchors(page: str) -> str:
    renamed: dict[str, str] = {}
    for match in _SECTION.finditer(page):
        renamed.setdefault(match.group("id"), match.group("local"))

    def section(match: re.Match) -> str:
        start = match.start("id") - match.start()
        end = match.end("id") - match.start()
        text = match.group(0)
        return text[:start] + match.group("local") + text[end:]

    page = _SECTION.sub(section, page)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{renamed.get(m.group(1), m.group(1))}"', page)


def _with_navigation(page: str, lang: str) -> str:
    from untoc_kg.web.rendering import environment
    others = [(other, name) for other, name in LANGUAGES.items() if other != lang]
    nav = environment.get_template("docs/navigation.html").render(
        others=[(page_name(other), other, name) for other, name in others])
    anchor = '<div id="content">'
    # pyLODE's page has one content division; if a later pyLODE changes that, the page is
    # still written, only without the links.
    return page.replace(anchor, nav + anchor, 1) if anchor in page else page


# -- the SKOS schemes, rendered here ------------------------------------------------------

LABEL = (SKOS.prefLabel, RDFS.label)
DEFINITION = (SKOS.definition, RDFS.comment)


def _literal(graph: Graph, node, props, lang: str | None) -> str:
    """The first value of the first of `props` that has one in `lang` (any language for None)."""
    for prop in props if isinstance(props, tuple) else (props,):
        for value in sorted(graph.objects(node, prop)):
            if isinstance(value, Literal) and (lang is None or value.language == lang):
                return str(value)
    return ""


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def _scheme(graph: Graph, scheme) -> dict:
    concepts = sorted(set(graph.subjects(SKOS.inScheme, scheme)) | set(graph.objects(scheme, SKOS.hasTopConcept)),
                      key=lambda c: (_literal(graph, c, SKOS.notation, None), str(c)))
    return {
        "key": _local(scheme), "iri": str(scheme),
        "title": _literal(graph, scheme, LABEL, "en") or _local(scheme), "title_zh": _literal(graph, scheme, LABEL, "zh"),
        "concepts": [{"key": _local(c), "notation": _literal(graph, c, SKOS.notation, None),
                      "label_en": _literal(graph, c, LABEL, "en"), "label_zh": _literal(graph, c, LABEL, "zh"),
                      "definition": _literal(graph, c, DEFINITION, "en"),
                      "broader": ", ".join(_local(b) for b in sorted(graph.objects(c, SKOS.broader))),
                      "keywords": "、".join(sorted(str(k) for k in graph.objects(c, UNTOC.keyword)))}
                     for c in concepts],
    }


def vocabularies_html(graph: Graph) -> str:
    from untoc_kg.web.rendering import environment
    schemes = sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
    return environment.get_template("docs/vocabularies.html").render(schemes=[_scheme(graph, s) for s in schemes])


@lru_cache(maxsize=1)
def vocabulary_terms() -> frozenset[str]:
    """The local names of the untoc: terms documented in vocabularies.html rather than by pyLODE
    (the schemes of controlled values and their concepts): where a page links them."""
    graph = Graph().parse(data_file("ontology", "untoc.ttl"), format="turtle")
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    terms = schemes | {c for s in schemes for c in graph.subjects(SKOS.inScheme, s)}
    return frozenset(str(t)[len(str(UNTOC)):] for t in terms if str(t).startswith(str(UNTOC)))


def class_labels(lang: str) -> dict[str, str]:
    """Every class of the untoc: namespace with its label in `lang` (what the pages must show)."""
    graph = Graph().parse(data_file("ontology", "untoc.ttl"), format="turtle")
    return {str(c): _literal(graph, c, RDFS.label, lang)
            for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(UNTOC))}
