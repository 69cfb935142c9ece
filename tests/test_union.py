"""The union of every graph a load leaves (reports, links, reference, serving) says one thing
of each act: one title per language, chosen across the reports (untoc_kg/linking_titles.py),
with each report's own wording kept beside it.

The wordings below were read in the sample reports: report 004 (WG.2, 2023) ¶4 cites 11/2 as
“实施联合国打击跨国有组织犯罪公约各项技术援助条款”, report 000 (WG.2, 2024) ¶5 as
“实施《联合国打击跨国有组织犯罪公约》各项技术援助条款”; 9/1 is “建立联合国打击跨国有组织犯罪公约及其
各项议定书实施情况审议机制” in 004 ¶2 and 001 ¶5, and has the Convention's name in 《》 in the
resolutions of report 002 (chapter I, ¶1).
"""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph

from tests.conftest import SAMPLES
from untoc_kg.loading import load_files
from untoc_kg.store import GraphStore
from untoc_kg.validation import validate_graph
from untoc_kg.vocab import ID

REPORT_000 = SAMPLES / "000_edfd6897bde2ce76.txt"
REPORT_004 = SAMPLES / "004_1128377bf6bc7323.txt"
PREFIXES = """
PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
R_11_2 = f"{ID}resolution/CTOC-COP/11-2"
WORDING_004 = "实施联合国打击跨国有组织犯罪公约各项技术援助条款"
WORDING_000 = "实施《联合国打击跨国有组织犯罪公约》各项技术援助条款"
REPORT = {"000": f"{ID}report/CTOC-COP-WG.2/2024-06-03/zh", "001": f"{ID}report/CTOC-COP-WG.3/2022-05-23/zh",
          "002": f"{ID}report/CTOC-COP/2024-10-14/zh", "004": f"{ID}report/CTOC-COP-WG.2/2023-05-29/zh"}


def union(store: GraphStore) -> Graph:
    graph = Graph()
    for iri in store.named_graphs():
        graph += store.graph(iri)
    return graph


def rows(store: GraphStore, query: str) -> set[tuple[str, ...]]:
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return {tuple(s[n].value if s[n] is not None else "" for n in names) for s in solutions}


def titles(store: GraphStore, act: str) -> set[str]:
    return {t for (t,) in rows(store, f"SELECT ?t WHERE {{ <{act}> dcterms:title ?t }}")}


def test_the_union_of_all_graphs_conforms(store_all):
    graphs = store_all.named_graphs()
    assert any("/graph/links" in g for g in graphs) and any("/graph/serving" in g for g in graphs)
    assert [v.line() for v in validate_graph(union(store_all))] == []


def test_every_act_has_at_most_one_title_per_language(store_all):
    assert rows(store_all, """SELECT ?act ?l WHERE { ?act untoc:actNumber ?n ; dcterms:title ?t
        BIND(LANG(?t) AS ?l) } GROUP BY ?act ?l HAVING (COUNT(DISTINCT ?t) > 1)""") == set()


@pytest.mark.parametrize("act, title", [
    ("resolution/CTOC-COP/9-1", "建立《联合国打击跨国有组织犯罪公约》及其各项议定书实施情况审议机制"),
    ("resolution/CTOC-COP/10-4", "庆祝《联合国打击跨国有组织犯罪公约》通过二十周年并推动其有效实施"),
    ("resolution/CTOC-COP/11-2", WORDING_000),
    ("resolution/CTOC-COP/11-3", "技术援助问题政府专家工作组与国际合作工作组关于适用《联合国打击跨国有组织犯罪公约》"
                                 "预防和打击影响环境的跨国有组织犯罪的联合专题讨论的成果"),
    ("resolution/CCPCJ/31-1", "加强开展国际合作的国际法律框架，预防和打击非法贩运野生动植物行为"),
])
def test_a_cited_act_has_the_title_of_the_latest_report_citing_it(store_all, act, title):
    assert titles(store_all, f"{ID}{act}") == {title}
    served = {t for (t,) in rows(store_all, f"SELECT ?t WHERE {{ <{ID}{act}> untoc:servedTitle ?t }}")}
    assert served == {title}


def test_each_report_s_wording_is_kept_with_the_report_and_paragraph(store_all):
    assert rows(store_all, f"""SELECT ?report ?paragraph ?wording WHERE {{
        <{ID}resolution/CTOC-COP/9-1> untoc:citedTitle ?v .
        ?v a untoc:CitedTitle ; rdf:value ?wording ; prov:wasDerivedFrom ?report ; untoc:paragraph ?paragraph }}""") == {
        (REPORT["004"], "2", "建立联合国打击跨国有组织犯罪公约及其各项议定书实施情况审议机制"),
        (REPORT["001"], "5", "建立联合国打击跨国有组织犯罪公约及其各项议定书实施情况审议机制"),
        (REPORT["002"], "1", "建立《联合国打击跨国有组织犯罪公约》及其各项议定书实施情况审议机制"),
    }


def test_an_adopted_act_keeps_its_adopting_report_s_title(store_all):
    act = f"{ID}resolution/CTOC-COP/12-2"
    assert titles(store_all, act) == {WORDING_000}      # report 002, chapter I, resolution 12/2
    assert rows(store_all, f"""SELECT ?t WHERE {{ GRAPH <https://w3id.org/untoc-kg/graph/links> {{
        <{act}> dcterms:title ?t }} }}""") == set()


def test_the_title_is_a_function_of_the_loaded_reports(tmp_path):
    one = GraphStore(None)
    load_files(one, [REPORT_004])
    assert titles(one, R_11_2) == {WORDING_004}          # the only report citing it
    load_files(one, [REPORT_000])
    assert titles(one, R_11_2) == {WORDING_000}          # a later report cites it
    other = GraphStore(None)
    load_files(other, [REPORT_000])
    load_files(other, [REPORT_004])
    assert titles(other, R_11_2) == {WORDING_000}        # the other order, the same title
    # Reloading report 000 with other words for 11/2 changes the title it gives.
    edited = tmp_path / REPORT_000.name
    shutil.copy(REPORT_000, edited)
    text = edited.read_text(encoding="utf-8")
    assert text.count(f"“{WORDING_000}”的第 11/2 号决议") == 1
    edited.write_text(text.replace(f"“{WORDING_000}”的第 11/2 号决议", "“实施公约的各项技术援助条款”的第 11/2 号决议"),
                      encoding="utf-8")
    load_files(other, [edited])
    assert titles(other, R_11_2) == {"实施公约的各项技术援助条款"}


def test_an_act_cited_in_two_languages_has_one_title_in_each():
    # Report 004 and its English original (tests/fixtures/en/004_en.txt ¶2) cite 9/1 in their own
    # language: one title each, neither chosen over the other. (Venues and recommendations have one
    # value per language too: tests/test_languages_merge.py.)
    store = GraphStore(None)
    load_files(store, [REPORT_004, SAMPLES.parent / "tests" / "fixtures" / "en" / "004_en.txt"])
    act = f"{ID}resolution/CTOC-COP/9-1"
    assert rows(store, f"SELECT ?t (LANG(?t) AS ?l) WHERE {{ <{act}> dcterms:title ?t }}") == {
        ("建立联合国打击跨国有组织犯罪公约及其各项议定书实施情况审议机制", "zh"),
        ("Establishment of the Mechanism for the Review of the Implementation of the United Nations Convention "
         "against Transnational Organized Crime and the Protocols thereto", "en")}
    assert [v.line() for v in validate_graph(union(store))] == []
