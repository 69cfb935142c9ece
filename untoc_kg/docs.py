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

import html
import logging
import shutil
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from untoc_kg.errors import UntocError
from untoc_kg.pages import layout
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
    return written


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
    return _ontpub()(ontology=one_language(ontology, lang)).make_html()


def _with_navigation(page: str, lang: str) -> str:
    links = [f'<a href="{page_name(other)}" hreflang="{other}">{name}</a>'
             for other, name in LANGUAGES.items() if other != lang]
    links += ['<a href="vocabularies.html">Controlled values and topics</a>',
              '<a href="untoc.ttl">Turtle</a>']
    nav = f'<p class="untoc-nav" style="margin-left:70px">{" · ".join(links)}</p>'
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


def _scheme_section(graph: Graph, scheme) -> str:
    concepts = sorted(set(graph.subjects(SKOS.inScheme, scheme)) | set(graph.objects(scheme, SKOS.hasTopConcept)),
                      key=lambda c: (_literal(graph, c, SKOS.notation, None), str(c)))
    rows = []
    for concept in concepts:
        broader = ", ".join(_local(b) for b in sorted(graph.objects(concept, SKOS.broader)))
        keywords = "、".join(sorted(str(k) for k in graph.objects(concept, UNTOC.keyword)))
        cells = [f'<code id="{html.escape(_local(concept))}">{html.escape(_local(concept))}</code>',
                 html.escape(_literal(graph, concept, SKOS.notation, None)),
                 html.escape(_literal(graph, concept, LABEL, "en")),
                 f'<span lang="zh">{html.escape(_literal(graph, concept, LABEL, "zh"))}</span>',
                 html.escape(_literal(graph, concept, DEFINITION, "en")),
                 html.escape(broader), f'<span lang="zh">{html.escape(keywords)}</span>']
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("concept", "notation", "label (en)", "label (zh)",
                                               "definition", "broader", "keywords"))
    title = _literal(graph, scheme, LABEL, "en") or _local(scheme)
    zh = _literal(graph, scheme, LABEL, "zh")
    return (f'<h2 id="{html.escape(_local(scheme))}">{html.escape(title)} <span lang="zh">{html.escape(zh)}</span></h2>'
            f"<p><code>{html.escape(str(scheme))}</code></p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def vocabularies_html(graph: Graph) -> str:
    schemes = sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
    body = ['<p><a href="index.html">The ontology</a> · <a href="index.zh.html" hreflang="zh">本体</a> · '
            '<a href="topics.ttl">topics.ttl</a></p>',
            "<p>The controlled values of the ontology and the topic scheme. The notation is the "
            "public key the stored queries print (the role column, the status column).</p>"]
    body += [_scheme_section(graph, scheme) for scheme in schemes]
    return layout("untoc-kg vocabularies: controlled values and topics", "\n".join(body))


def class_labels(lang: str) -> dict[str, str]:
    """Every class of the untoc: namespace with its label in `lang` (what the pages must show)."""
    graph = Graph().parse(data_file("ontology", "untoc.ttl"), format="turtle")
    return {str(c): _literal(graph, c, RDFS.label, lang)
            for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(UNTOC))}
