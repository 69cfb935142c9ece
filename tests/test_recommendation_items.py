"""The agenda item each recommendation was adopted under (untoc:adoptedUnder), read in the text.

The recommendations chapter groups the recommendations under headings naming the item by its
title, never by its number and never in quotes:
- 000 (WG.2, 3–4 June 2024): "A. 关于将影响环境的犯罪定为刑事犯罪的建议" (建议 1–9), "B. 关于有组织
  欺诈的建议" (建议 10–20), "C. 与审议《打击有组织犯罪公约》实施情况有关的事项方面的建议" (建议 21–24):
  items 2, 3 and 4 of the agenda in ¶57;
- 003 (WG.3, 11–12 September 2023): bare titles above (a) and (l): items 2 and 3 (¶4, agenda ¶59);
- 004 (WG.2, 29–30 May 2023): "A. 总体建议" (建议 1, no item), "B. 关于…审议机制事项：挑战…等方面的
  建议" (建议 2–7, item 2 reworded), "C. 关于预防有组织犯罪方面技术援助需要…等方面的建议" (建议 8–11, item 3);
- 001 (WG.3 and WG.2, 23–27 May 2022): WG.3's (a)–(k) under "A. 国际合作工作组" only (no item);
  WG.2's ¶8 (a)–(g) and (h)–(o) under the titles of two items of its twelfth meeting (2020), which
  ¶42, under WG.2's item 4 ("最后确定并通过工作组第十二次会议…提出的建议草案"), says are the recommendations
  adopted under it; (p)–(x) under item 3's title; ¶9 (a)–(l) the joint thematic discussion (WG.3
  item 3, WG.2 item 2), ¶10 (a)–(b) the review mechanism (WG.3 item 4, WG.2 item 5), agendas ¶81.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, URIRef

from untoc_kg.mapping import map_report
from untoc_kg.reading.report import read_report
from untoc_kg.vocab import UNTOC

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ENGLISH_004 = Path(__file__).resolve().parent / "fixtures" / "en" / "004_en.txt"
WG2, WG3 = "CTOC/COP/WG.2", "CTOC/COP/WG.3"


def sample(prefix: str) -> Path:
    [path] = SAMPLES.glob(f"{prefix}_*.txt")
    return path


def items_of(records, body: str) -> list[tuple[str, list[str]]]:
    [meeting] = [m for m in records.meetings if m.body == body]
    return [(r.label, [number for b, number in r.items if b == body]) for r in meeting.recommendations]


def labelled(labels, item):
    return [(label, [item] if item else []) for label in labels]


def letters(first: str, last: str) -> list[str]:
    return [f"({chr(c)})" for c in range(ord(first), ord(last) + 1)]


def numbered(first: int, last: int, word: str = "建议") -> list[str]:
    return [f"{word} {n}" for n in range(first, last + 1)]


def test_000_items_2_3_and_4_by_their_titles():
    assert items_of(read_report(sample("000")), WG2) == (
        labelled(numbered(1, 9), "2") + labelled(numbered(10, 20), "3") + labelled(numbered(21, 24), "4"))


def test_003_items_2_and_3_by_bare_titles():
    assert items_of(read_report(sample("003")), WG3) == labelled(letters("a", "k"), "2") + labelled(letters("l", "q"), "3")


def test_004_a_general_heading_names_no_item_and_a_reworded_title_still_names_its_item():
    records = read_report(sample("004"))
    assert items_of(records, WG2) == labelled(["建议 1"], None) + labelled(numbered(2, 7), "2") + labelled(numbered(8, 11), "3")
    # "总体建议" says the recommendation belongs to no one item: nothing to report.
    assert not [p for p in records.problems if "recommendation" in p.message]


def test_the_english_report_reads_the_same_items():
    records = read_report(ENGLISH_004)
    assert items_of(records, WG2) == (labelled(numbered(1, 1, "Recommendation"), None)
                                      + labelled(numbered(2, 7, "Recommendation"), "2")
                                      + labelled(numbered(8, 11, "Recommendation"), "3"))


def test_001_the_summary_of_item_4_places_the_drafts_of_2020_and_joint_items_bring_each_body_its_own():
    records = read_report(sample("001"))
    assert items_of(records, WG2) == (labelled(letters("a", "o"), "4") + labelled(letters("p", "x"), "3")
                                      + labelled(letters("a", "l"), "2") + labelled(letters("a", "b"), "5"))
    assert items_of(records, WG3) == (labelled(letters("a", "k"), None) + labelled(letters("a", "l"), "3")
                                      + labelled(letters("a", "b"), "4"))
    # ¶42 is where (a)–(o) were placed; WG.3's heading naming only the group is said.
    [placed] = {r.item_source for m in records.meetings for r in m.recommendations if r.item_source
                and r.item_source.paragraph}
    assert (placed.paragraph, placed.method) == ("42", "recommendations.listed_at#1")
    [said] = [p for p in records.problems if "国际合作工作组" in p.message and "no item" in p.message]
    assert said.kind == "discrepancy" and said.paragraph == "7"


def test_a_heading_that_names_no_item_of_the_meeting_is_reported(tmp_path):
    text = sample("000").read_text(encoding="utf-8")
    changed = tmp_path / sample("000").name
    changed.write_text(text.replace("B. 关于有组织欺诈的建议", "B. 关于海洋事务的建议"), encoding="utf-8")
    records = read_report(changed)
    assert items_of(records, WG2)[9:20] == labelled(numbered(10, 20), None)
    [gap] = [p for p in records.problems if "海洋事务" in p.message]
    assert gap.kind == "unread" and "names no agenda item of CTOC/COP/WG.2" in gap.message
    assert records.partial


def test_the_graph_links_each_recommendation_to_its_item_with_provenance():
    graph = map_report(read_report(sample("001")))
    base = "https://w3id.org/untoc-kg/id/meeting/"
    recommendation = URIRef(f"{base}CTOC-COP-WG.2/2022-05-23/recommendation/B-c")
    assert list(graph.objects(recommendation, UNTOC.adoptedUnder)) == [URIRef(f"{base}CTOC-COP-WG.2/2022-05-23/item/4")]
    assert "recommendations.listed_at#1" in {str(m) for m in graph.objects(recommendation, UNTOC.extractedBy)}
    # The joint thematic discussion's (c) is a node under each meeting, each under its body's item.
    joint_wg3 = URIRef(f"{base}CTOC-COP-WG.3/2022-05-23/recommendation/C-c")
    joint_wg2 = URIRef(f"{base}CTOC-COP-WG.2/2022-05-23/recommendation/C-c")
    assert list(graph.objects(joint_wg3, UNTOC.adoptedUnder)) == [URIRef(f"{base}CTOC-COP-WG.3/2022-05-23/item/3")]
    assert list(graph.objects(joint_wg2, UNTOC.adoptedUnder)) == [URIRef(f"{base}CTOC-COP-WG.2/2022-05-23/item/2")]
    under_a_group_heading = URIRef(f"{base}CTOC-COP-WG.3/2022-05-23/recommendation/A-c")
    assert (under_a_group_heading, RDF.type, UNTOC.Recommendation) in graph
    assert list(graph.objects(under_a_group_heading, UNTOC.adoptedUnder)) == []
