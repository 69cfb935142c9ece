"""The ontology documentation: built by pyLODE from ontology/, one page per language."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from untoc_kg.cli import cli
from untoc_kg.docs import build_docs, class_labels, one_language
from untoc_kg.resources import data_file


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("site") / "ontology"
    build_docs(output)
    return output


def _text(path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang, page", [("en", "index.html"), ("zh", "index.zh.html")])
def test_every_class_label_is_documented(site, lang, page):
    labels = class_labels(lang)
    assert len(labels) > 25 and all(labels.values())
    text = _text(site / page)
    missing = sorted(label for label in labels.values() if label not in text)
    assert not missing


def test_a_page_is_in_one_language(site):
    # pyLODE prints every label of a term; the English page holds no Chinese class label.
    english = _text(site / "index.html")
    assert "<title>The untoc-kg ontology" in english
    assert not [label for label in class_labels("zh").values() if f"<h3>{label}" in english]
    assert 'href="index.zh.html"' in english


def test_vocabularies_page_lists_roles_and_topics(site):
    text = _text(site / "vocabularies.html")
    topics = Graph().parse(data_file("ontology", "topics.ttl"), format="turtle")
    for concept in topics.subjects(SKOS.inScheme, None):
        for label in topics.objects(concept, SKOS.prefLabel):
            assert str(label) in text
    for notation in ("party", "observer-state", "panellist", "right-of-reply", "chair", "ngo"):
        assert f"<td>{notation}</td>" in text


def test_sources_are_copied(site):
    assert (site / "untoc.ttl").read_bytes() == data_file("ontology", "untoc.ttl").read_bytes()
    assert (site / "topics.ttl").is_file()


def test_one_language_keeps_untagged_literals():
    graph = Graph()
    graph.add((SKOS.Concept, SKOS.prefLabel, Literal("Concept", lang="en")))
    graph.add((SKOS.Concept, SKOS.prefLabel, Literal("概念", lang="zh")))
    graph.add((SKOS.Concept, SKOS.notation, Literal("c")))
    assert {str(o) for o in one_language(graph, "zh").objects()} == {"概念", "c"}


def test_docs_command(tmp_path):
    result = CliRunner().invoke(cli, ["docs", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'out' / 'index.html'}" in result.output
    assert (tmp_path / "out" / "vocabularies.html").is_file()
