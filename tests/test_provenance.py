"""Provenance shown where the fact is shown: every node read from a report paragraph links to
that paragraph (untoc:fromParagraph), a node of the report graph with the paragraph's text.

The expected numbers, names and texts below were read from the sample reports by a person
(file line numbers in the comments), not copied from the loader.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from untoc_kg.vocab import ID, REPORT_GRAPH_PREFIX

from .conftest import SAMPLES

UNTOC = "https://w3id.org/untoc-kg/ontology#"
REPORT_000 = f"{ID}report/CTOC-COP-WG.2/2024-06-03/zh"
REPORT_002 = f"{ID}report/CTOC-COP/2024-10-14/zh"
MEETING_000 = f"{ID}meeting/CTOC-COP-WG.2/2024-06-03"
MEETING_002 = f"{ID}meeting/CTOC-COP/2024-10-14"
PREFIXES = f"""
PREFIX untoc: <{UNTOC}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# 000, line 240: ¶52, the parties that spoke under item 2, as printed.
TEXT_000_52 = ("在议程项目 2 下，《公约》下列缔约方的代表作了发言：阿根廷、阿塞拜疆、巴西、中国、哥伦比亚、厄瓜多尔、"
               "埃及、欧洲联盟、洪都拉斯、印度、意大利、墨西哥、俄罗斯联邦、南非、阿拉伯叙利亚共和国、土耳其、美国和"
               "委内瑞拉玻利瓦尔共和国。")
SPEAKERS_000_52 = {"阿根廷": "ARG", "阿塞拜疆": "AZE", "巴西": "BRA", "中国": "CHN", "哥伦比亚": "COL",
                   "厄瓜多尔": "ECU", "埃及": "EGY", "欧洲联盟": "EU", "洪都拉斯": "HND", "印度": "IND",
                   "意大利": "ITA", "墨西哥": "MEX", "俄罗斯联邦": "RUS", "南非": "ZAF",
                   "阿拉伯叙利亚共和国": "SYR", "土耳其": "TUR", "美国": "USA", "委内瑞拉玻利瓦尔共和国": "VEN"}
# 000, lines 248-256: ¶57 and the agenda it lists (the markdown list marks are not printed text).
TEXT_000_57 = ("工作组在 2024 年 6 月 3 日第 1 次会议上协商一致通过了以下议程：\n1. 组织事项：\n(a) 会议开幕；\n"
               "(b) 通过议程和工作安排。\n2. 将影响环境的犯罪定为刑事犯罪。\n3. 有组织欺诈。\n"
               "4. 与审议《打击有组织犯罪公约》实施情况有关的事项。\n5. 其他事项。\n6. 通过报告。")
# 002, lines 51 and 465: the paragraphs under which the resolutions and the decisions are printed.
TEXT_002_1 = "联合国打击跨国有组织犯罪公约缔约方会议 2024 年 10 月 14 日至 18 日在维也纳举行的第十二届会议通过了下列决议："
TEXT_002_2 = "联合国打击跨国有组织犯罪公约缔约方会议 2024 年 10 月 14 日至 18 日在维也纳举行的第十二届会议通过了下列决定："


def paragraph(report: str, number: str) -> str:
    return f"{report}/paragraph/{number}"


def rows(store, query: str) -> list[dict[str, str]]:
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in solutions]


def read_from(store, node: str) -> dict[str, str]:
    """The paragraphs a node was read from: number → text, as a page would ask for them."""
    return {r["number"]: r["text"] for r in rows(store, f"""
        SELECT ?number ?text WHERE {{
            <{node}> untoc:fromParagraph ?p . ?p untoc:paragraphNumber ?number ; untoc:text ?text }}""")}


# ---------------------------------------------------------------- what a statement was read from


def test_the_statements_of_paragraph_52_link_to_its_text(store_all):
    statements = rows(store_all, f"""
        SELECT ?statement ?code WHERE {{
            ?statement untoc:fromParagraph <{paragraph(REPORT_000, "52")}> ;
                       untoc:role untoc:PartyDelegation ; untoc:speaker/untoc:code ?code }}""")
    assert sorted(r["code"] for r in statements) == sorted(SPEAKERS_000_52.values())
    text = read_from(store_all, f"{MEETING_000}/item/2/statement/party/ARG")
    assert text == {"52": TEXT_000_52}
    for name in SPEAKERS_000_52:
        assert name in text["52"]


def test_the_observers_of_paragraph_53_link_to_it(store_all):
    # 000, line 241: ¶53 "伊朗伊斯兰共和国和国际刑警组织的观察员也在议程项目 2 下作了发言。"
    for statement in ("observer-state/IRN", "igo/INTERPOL"):
        assert read_from(store_all, f"{MEETING_000}/item/2/statement/{statement}") == {
            "53": "伊朗伊斯兰共和国和国际刑警组织的观察员也在议程项目 2 下作了发言。"}


def test_a_panellist_read_from_two_paragraphs_links_to_both(store_all):
    # 000, lines 152 and 237: the panellists of item 2 are named in ¶14 and again in ¶49.
    text = read_from(store_all, f"{MEETING_000}/item/2/statement/panellist/person-christian-tournie")
    assert sorted(text) == ["14", "49"]
    assert all("Christian Tournié（法国）" in t for t in text.values())
    assert text["49"] == ("项目 2 下的讨论由主席主持，由以下专题主讲人主讲：Christian Tournié（法国）、"
                          "Flor de María Vega Zapata（秘鲁）和 Virginia Prugh（美国）。")


def test_a_paragraph_holds_the_list_it_introduces(store_all):
    # The agenda items and the first sitting were read from ¶57 and the lines of its list.
    items = {r["number"] for r in rows(store_all, f"""
        SELECT ?number WHERE {{ ?item untoc:fromParagraph <{paragraph(REPORT_000, "57")}> ;
                                      a untoc:AgendaItem ; untoc:itemNumber ?number }}""")}
    assert items == {"1", "1(a)", "1(b)", "2", "3", "4", "5", "6"}
    assert read_from(store_all, f"{MEETING_000}/item/3") == {"57": TEXT_000_57}
    # 000, lines 270-278: ¶62 and the documents it lists, each read from one of its lines.
    documents = read_from(store_all, f"{ID}document/CTOC/COP/WG.2/2024/3")
    assert list(documents) == ["62"]
    assert documents["62"].startswith("工作组收到了下列文件：\n(a) 临时议程说明（CTOC/COP/WG.2/2024/1）；\n")
    assert "(c) 秘书处编写的关于有组织欺诈的背景文件（CTOC/COP/WG.2/2024/3）；" in documents["62"]


# ---------------------------------------------------------------- what is not a paragraph


def test_an_agenda_item_read_from_a_chapter_heading_names_no_paragraph(store_all):
    # 002, line 598: item 2 of the twelfth session is the heading of chapter 四, which follows
    # ¶28 (line 595, on who presided the third sitting) but is no part of it.
    item = f"{MEETING_002}/item/2"
    found = rows(store_all, f"""
        SELECT ?by ?number WHERE {{ <{item}> untoc:extractedBy ?by OPTIONAL {{ <{item}> untoc:paragraph ?number }} }}""")
    assert found == [{"by": "agenda.from_chapter"}]
    assert read_from(store_all, item) == {}


def test_the_text_of_an_act_is_read_from_the_paragraph_that_introduces_the_acts(store_all):
    # Resolutions are printed under ¶1, decisions under ¶2; an act's adoption is told in the
    # paragraph of its item (line 731: ¶65 for resolution 12/1, line 773: ¶78 for decision 12/1).
    annex_item = read_from(store_all, f"{ID}resolution/CTOC-COP/12-1/annex/1/item/a")
    assert annex_item == {"1": TEXT_002_1}
    resolution = read_from(store_all, f"{ID}resolution/CTOC-COP/12-1")
    assert sorted(resolution) == ["1", "65"] and resolution["1"] == TEXT_002_1
    assert resolution["65"].startswith("缔约方会议在 2024 年 10 月 18 日第 10 次会议上通过了国际合作工作组共同主席提交的决议草案"
                                       "（CTOC/COP/2024/L.4），提案国有：厄瓜多尔、日本和美国。")
    decision = read_from(store_all, f"{ID}decision/CTOC-COP/12-1")
    assert sorted(decision) == ["2", "78"] and decision["2"] == TEXT_002_2


def test_a_heading_after_a_paragraph_is_not_part_of_its_text():
    # 001, lines 452-459: ¶11, then the section heading "A. 国际合作工作组" and the item heading
    # "1. 被判刑人员的移交（…）", which carry ¶11's number in the reading but are not printed in it.
    from untoc_kg.reading.report import read_report

    records = read_report(next(SAMPLES.glob("001_*.txt")))
    assert records.paragraphs["11"] == ("秘书处在会后与主席密切协调，编写了以下审议情况概要。"
                                        "本审议情况概要未在会议期间谈判和通过，只是主席的总结。")


# ---------------------------------------------------------------- every report, every paragraph


def _graph_facts(store, graph: str):
    numbers: dict[str, set[str]] = defaultdict(set)
    linked: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, f"SELECT ?node ?n WHERE {{ GRAPH <{graph}> {{ ?node untoc:paragraph ?n }} }}"):
        numbers[r["node"]].add(r["n"])
    for r in rows(store, f"SELECT ?node ?p WHERE {{ GRAPH <{graph}> {{ ?node untoc:fromParagraph ?p }} }}"):
        linked[r["node"]].add(r["p"])
    paragraphs = rows(store, f"""
        SELECT ?p ?number ?text (LANG(?text) AS ?lang) ?report WHERE {{ GRAPH <{graph}> {{
            ?p a untoc:ReportParagraph ; untoc:paragraphNumber ?number ; untoc:text ?text ; dcterms:isPartOf ?report }} }}""")
    return numbers, linked, paragraphs


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_one_paragraph_node_for_each_paragraph_read(store_all, name):
    report_key = next(r["key"] for r in rows(store_all, f"""
        SELECT ?key WHERE {{ ?report a untoc:Report ; untoc:sourceFile ?file .
                             FILTER STRSTARTS(?file, "{name}_")
                             BIND (STRAFTER(STR(?report), "{ID}report/") AS ?key) }}"""))
    report, graph = f"{ID}report/{report_key}", REPORT_GRAPH_PREFIX + report_key
    numbers, linked, paragraphs = _graph_facts(store_all, graph)
    read = set().union(*numbers.values())
    assert read and sorted(p["number"] for p in paragraphs) == sorted(read)
    for node, these in numbers.items():
        assert linked[node] == {paragraph(report, n) for n in these}, node
    assert set(linked) == set(numbers)
    for p in paragraphs:
        assert p["p"] == paragraph(report, p["number"]) and p["report"] == report
        assert p["lang"] == "zh" and p["text"].strip()
