"""Endorsements stated in prose (issue 16): what the sentences say, the recommendations they
cover, with the method, in any load order, and what they name but no loaded report holds.

The facts were read in the sample texts:
- 002, 12/1 preamble (line 69): 9/3 "核可了国际合作工作组第八次、第九次和第十次会议通过的建议";
  (line 81): 11/1 "核可了国际合作工作组第十二次和第十三次会议通过的建议"; (line 83): 11/3 "核可了国际合作
  工作组和技术援助问题政府专家工作组在 2022 年 5 月 23 日至 27 日举行的会议上就其联合专题讨论议题通过的建议".
  They are the 6th, 9th and 10th preambular lines of 12/1 (the 8th is the rest of the 7th, cut by a page break).
- 001 ¶89: "两个工作组第十三次会议工作安排": the joint meeting of 23–27 May 2022 is the 13th of both groups.
  Its recommendations: section A (WG.3 alone) (a)–(k), 11; section B (WG.2 alone) (a)–(x), 24; section C,
  "关于适用…的联合专题讨论", (a)–(l), 12, and section D (review mechanism) (a)–(b), 2, adopted by both.
- 000 ¶6 and 004 ¶5: 11/3 endorsed "一项建议，即毒品和犯罪问题办公室继续根据请求向缔约国提供技术援助和能力建设，
  以支持其努力有效实施《公约》，预防和打击影响环境的跨国有组织犯罪" — 001 C(g), "毒品和犯罪问题办公室应继续根据请求
  向缔约国提供技术援助和能力建设，以支持其努力有效实施《打击有组织犯罪公约》，…".
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from untoc_kg.linking import compute_links
from untoc_kg.loading import load_files
from untoc_kg.queries import run_query
from untoc_kg.reading.report import read_report
from untoc_kg.store import GraphStore
from untoc_kg.vocab import UNTOC

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FILES = {path.name[:3]: path for path in sorted(SAMPLES.glob("*.txt"))}
ENGLISH_004 = ROOT / "tests" / "fixtures" / "en" / "004_en.txt"
ID = "https://w3id.org/untoc-kg/id/"
WG2, WG3 = "CTOC/COP/WG.2", "CTOC/COP/WG.3"
JOINT_WG3, JOINT_WG2 = f"{ID}meeting/CTOC-COP-WG.3/2022-05-23", f"{ID}meeting/CTOC-COP-WG.2/2022-05-23"
COP = f"{ID}report/CTOC-COP/2024-10-14/zh"

SECTION_A = [f"A-{chr(c)}" for c in range(ord("a"), ord("k") + 1)]
SECTION_C = [f"C-{chr(c)}" for c in range(ord("a"), ord("l") + 1)]
SECTION_D = ["D-a", "D-b"]


def recs(meeting: str, keys) -> set[str]:
    return {f"{meeting}/recommendation/{key}" for key in keys}


def endorsements(graph) -> dict[tuple[str, str], set[str]]:
    """(act number, method key) → the recommendations so endorsed, from the untoc:Endorsement nodes."""
    found: dict[tuple[str, str], set[str]] = {}
    for node in graph.subjects(RDF.type, UNTOC.Endorsement):
        act = str(graph.value(node, UNTOC.endorser)).rsplit("/", 1)[1].replace("-", "/")
        method = {UNTOC.RepeatedInAnnex: "annex", UNTOC.StatedInProse: "prose"}[graph.value(node, UNTOC.endorsementMethod)]
        found.setdefault((act, method), set()).add(str(graph.value(node, UNTOC.endorsedRecommendation)))
    return found


# ---------------------------------------------------------------- what the sentences say


def test_the_conference_preamble_is_read_as_it_is_printed():
    statements = read_report(FILES["002"]).endorsement_statements
    assert [(s.act.kind, s.act.number, s.act.issuer, s.bodies, s.meeting_numbers, s.meeting_start,
             s.joint_discussion, s.text, s.stated_in, s.source.paragraph) for s in statements] == [
        ("resolution", "9/3", "CTOC/COP", [WG3], [8, 9, 10], None, False, None, ("resolution", "12/1", 6), "1"),
        ("resolution", "11/1", "CTOC/COP", [WG3], [12, 13], None, False, None, ("resolution", "12/1", 9), "1"),
        ("resolution", "11/3", "CTOC/COP", [WG3, WG2], [], dt.date(2022, 5, 23), True, None,
         ("resolution", "12/1", 10), "1"),
    ]


@pytest.mark.parametrize("path,paragraph", [(FILES["000"], "6"), (FILES["004"], "5")])
def test_the_introductions_word_the_one_recommendation_11_3_endorsed(path, paragraph):
    [statement] = read_report(path).endorsement_statements
    assert (statement.act.number, statement.act.issuer, statement.bodies, statement.source.paragraph) == \
        ("11/3", "CTOC/COP", [], paragraph)
    assert statement.text == ("毒品和犯罪问题办公室继续根据请求向缔约国提供技术援助和能力建设，以支持其努力有效实施《公约》，"
                              "预防和打击影响环境的跨国有组织犯罪")


def test_the_english_introduction_is_read_by_the_english_phrasebook():
    [statement] = read_report(ENGLISH_004).endorsement_statements
    assert (statement.act.number, statement.source.paragraph) == ("11/3", "5")
    assert statement.text == ("UNODC continue to provide technical assistance and capacity-building to States parties, "
                              "upon request, to support their efforts to implement the Convention effectively in "
                              "preventing and combating transnational organized crime that affects the environment")


def test_the_joint_report_numbers_its_meetings_and_marks_its_joint_thematic_discussion():
    records = read_report(FILES["001"])
    assert [(m.body, m.number) for m in records.meetings] == [(WG3, 13), (WG2, 13)]
    for meeting in records.meetings:
        assert sorted(r.key for r in meeting.recommendations if r.joint_discussion) == SECTION_C
    # The other reports' titles and texts print no ordinal of their own meeting.
    assert [m.number for key in ("000", "003", "004") for m in read_report(FILES[key]).meetings] == [None] * 3


# ---------------------------------------------------------------- the links


@pytest.fixture(scope="module")
def linked_all():
    store = GraphStore(None)
    load_files(store, [SAMPLES])
    graph, report = compute_links(store)
    return store, graph, report


def test_the_recommendations_each_sentence_covers_on_the_five_samples(linked_all):
    _store, graph, report = linked_all
    assert endorsements(graph) == {
        # 11/1: everything the 13th meeting of WG.3 adopted, alone (A) or with WG.2 (C, D).
        ("11/1", "prose"): recs(JOINT_WG3, SECTION_A + SECTION_C + SECTION_D),
        # 11/3: the joint thematic discussion only, in both groups' meetings.
        ("11/3", "prose"): recs(JOINT_WG3, SECTION_C) | recs(JOINT_WG2, SECTION_C),
        # The annex linker's 52, unchanged: 12/1 annex I (003), 12/2 annexes I (004) and II (000).
        ("12/1", "annex"): recs(f"{ID}meeting/CTOC-COP-WG.3/2023-09-11", "abcdefghijklmnopq"),
        ("12/2", "annex"): recs(f"{ID}meeting/CTOC-COP-WG.2/2023-05-29", map(str, range(1, 12)))
        | recs(f"{ID}meeting/CTOC-COP-WG.2/2024-06-03", map(str, range(1, 25))),
    }
    assert (report.endorsements, report.prose_endorsements) == (52, 25 + 24)
    # Every prose endorsement is also an untoc:endorsedBy.
    for (number, method), covered in endorsements(graph).items():
        for rec in covered:
            assert (URIRef(rec), UNTOC.endorsedBy, URIRef(f"{ID}resolution/CTOC-COP/{number.replace('/', '-')}")) in graph


def test_the_provenance_of_a_prose_endorsement_is_every_sentence_that_says_so(linked_all):
    _store, graph, _report = linked_all
    for meeting in (JOINT_WG3, JOINT_WG2):
        node = URIRef(f"{meeting}/recommendation/C-g/endorsement/resolution/CTOC-COP/11-3/prose")
        # 002's preamble, 004 ¶5 and 000 ¶6: C(g) is the one 000 and 004 word.
        assert sorted(map(str, graph.objects(node, PROV.wasDerivedFrom))) == [
            f"{ID}report/CTOC-COP-WG.2/2023-05-29/zh/endorsement-statement/1",
            f"{ID}report/CTOC-COP-WG.2/2024-06-03/zh/endorsement-statement/1",
            f"{COP}/endorsement-statement/3"]
    node = URIRef(f"{JOINT_WG3}/recommendation/C-f/endorsement/resolution/CTOC-COP/11-3/prose")
    assert list(map(str, graph.objects(node, PROV.wasDerivedFrom))) == [f"{COP}/endorsement-statement/3"]


def test_the_statement_carries_the_paragraph_that_says_so(linked_all):
    store, _graph, _report = linked_all
    rows = store.query(f"""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        SELECT ?number ?text WHERE {{ GRAPH ?g {{
          <{ID}report/CTOC-COP-WG.2/2024-06-03/zh/endorsement-statement/1> untoc:fromParagraph ?p .
          ?p untoc:paragraphNumber ?number ; untoc:text ?text }} }}""")
    [(number, text)] = [(r["number"].value, r["text"].value) for r in rows]
    assert number == "6" and "第 11/3 号决议中核可了一项建议" in text
    [preamble] = [r["text"].value for r in store.query(f"""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        SELECT ?text WHERE {{ <{COP}/endorsement-statement/2> untoc:statedIn ?p . ?p untoc:text ?text }}""")]
    assert preamble.startswith("又回顾其 2022 年 10 月 21 日") and "第十二次和第十三次会议通过的建议" in preamble


def test_what_no_loaded_report_holds_waits(linked_all):
    _store, _graph, report = linked_all
    body = f"{ID}body/CTOC-COP-WG.3"
    assert report.prose_waiting == [
        f"{COP}/endorsement-statement/1: no loaded meeting of {body} is numbered {n}" for n in (8, 9, 10)] + [
        f"{COP}/endorsement-statement/2: no loaded meeting of {body} is numbered 12"]
    assert report.prose_unmatched == []


def _load_one_by_one(paths) -> GraphStore:
    store = GraphStore(None)
    for path in paths:
        load_files(store, [path])
    return store


def test_any_load_order_gives_the_same_links(linked_all):
    _store, graph, _report = linked_all
    links = "https://w3id.org/untoc-kg/graph/links"
    # The Conference's report first (what it names is not loaded yet), then last; the
    # introductions' reports before and after the joint report they point to.
    first = _load_one_by_one([FILES[k] for k in ("002", "000", "004", "001", "003")])
    last = _load_one_by_one([FILES[k] for k in ("004", "000", "003", "001", "002")])
    assert first.graph(links).isomorphic(last.graph(links))
    assert endorsements(first.graph(links)) == endorsements(last.graph(links)) == endorsements(graph)


def test_002_alone_keeps_what_the_sentences_say_and_links_nothing_dangling():
    store = GraphStore(None)
    load_files(store, [FILES["002"]])
    graph, report = compute_links(store)
    assert endorsements(graph).keys() == set()          # no report of the meetings named is loaded
    assert list(graph.triples((None, UNTOC.endorsedBy, None))) == []
    assert report.prose_endorsements == 0
    statements = store.query("""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        SELECT ?s ?act WHERE { GRAPH ?g { ?s a untoc:EndorsementStatement ; untoc:endorser ?act } }""")
    assert sorted(r["act"].value.rsplit("/", 1)[1] for r in statements) == ["11-1", "11-3", "9-3"]
    body = f"{ID}body/CTOC-COP-WG.3"
    assert report.prose_waiting == (
        [f"{COP}/endorsement-statement/1: no loaded meeting of {body} is numbered {n}" for n in (8, 9, 10)]
        + [f"{COP}/endorsement-statement/2: no loaded meeting of {body} is numbered {n}" for n in (12, 13)]
        + [f"{COP}/endorsement-statement/3: the recommendations of {m}, whose report is not loaded"
           for m in (JOINT_WG2, JOINT_WG3)])
    chain = run_query(store, "endorsement-chain", {}).rows
    assert [row for row in chain if row[8] == "prose"] == []


def test_the_words_are_matched_only_among_recommendations_adopted_before(tmp_path):
    store = GraphStore(None)
    load_files(store, [FILES["004"]])
    # A later meeting adopting exactly the words 004 ¶5 gives: 11/3 (2022) cannot have endorsed it.
    store.store.update("""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA { GRAPH <https://w3id.org/untoc-kg/graph/report/TEST/2025-01-01/zh> {
          <https://w3id.org/untoc-kg/id/meeting/TEST/2025-01-01> untoc:body <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.2> ;
              untoc:startDate "2025-01-01"^^xsd:date .
          <https://w3id.org/untoc-kg/id/meeting/TEST/2025-01-01/recommendation/1> a untoc:Recommendation ;
              untoc:adoptedAt <https://w3id.org/untoc-kg/id/meeting/TEST/2025-01-01> ;
              untoc:text "毒品和犯罪问题办公室继续根据请求向缔约国提供技术援助和能力建设，以支持其努力有效实施《公约》，预防和打击影响环境的跨国有组织犯罪"@zh .
        } }""")
    graph, report = compute_links(store)
    assert endorsements(graph).get(("11/3", "prose")) is None
    assert len(report.prose_waiting) == 1 and "no loaded recommendation adopted before the report's meeting" in report.prose_waiting[0]
    # With the joint report loaded, the words find C(g) of both groups' meetings.
    load_files(store, [FILES["001"]])
    graph, report = compute_links(store)
    assert endorsements(graph)[("11/3", "prose")] == recs(JOINT_WG3, ["C-g"]) | recs(JOINT_WG2, ["C-g"])


def test_a_sentence_whose_body_does_not_resolve_is_reported_not_dropped(tmp_path):
    text = FILES["002"].read_text(encoding="utf-8")
    printed = "其中缔约方会议核可了国际合作工作组第十二次和第十三次会议通过的建议"
    assert text.count(printed) == 1
    changed = tmp_path / "002_changed.txt"
    changed.write_text(text.replace(printed, printed.replace("国际合作工作组", "海洋事务工作组")), encoding="utf-8")
    records = read_report(changed)
    [gap] = [p for p in records.problems if "海洋事务工作组" in p.message]
    assert gap.kind == "unresolved" and gap.paragraph == "1"
    [statement] = [s for s in records.endorsement_statements if s.act.number == "11/1"]
    assert (statement.bodies, statement.meeting_numbers) == ([], [12, 13])
    store = GraphStore(None)
    shutil.copy(FILES["001"], tmp_path / FILES["001"].name)
    load_files(store, [changed, tmp_path / FILES["001"].name])
    graph, report = compute_links(store)
    assert report.prose_unmatched == [f"{COP}/endorsement-statement/2: names no working group that could be "
                                      "resolved; nothing is linked"]
    assert ("11/1", "prose") not in endorsements(graph)
    gaps = store.query(f"""PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        SELECT ?gap WHERE {{ GRAPH ?g {{ <{COP}> untoc:readingGap ?gap }} }}""")
    assert any("海洋事务工作组" in r["gap"].value for r in gaps)


# ---------------------------------------------------------------- the stored queries show them


def test_the_endorsement_chain_shows_the_method(linked_all):
    store, _graph, _report = linked_all
    rows = run_query(store, "endorsement-chain", {"body": WG3}).rows
    joint = [(r[2], r[3], r[4], r[5], r[6], r[8]) for r in rows if r[1] == "2022-05-23"]
    assert joint[:2] == [("(a)", "11/1", None, None, None, "prose"), ("(b)", "11/1", None, None, None, "prose")]
    # C(g) (the 7th of section C) by both acts, stated in prose.
    c_g = [r for r in rows if r[1] == "2022-05-23" and r[7] == str(11 + 24 + 7)]
    assert [(r[2], r[3], r[8]) for r in c_g] == [("(g)", "11/1", "prose"), ("(g)", "11/3", "prose")]
    first_003 = [r for r in rows if r[1] == "2023-09-11"][0]
    assert first_003 == [WG3, "2023-09-11", "(a)", "12/1", "2024-10-18", "1", "(a)", "1", "annex"]
    # No recommendation of WG.2's share of the joint meeting outside section C is endorsed.
    wg2 = run_query(store, "endorsement-chain", {"body": WG2}).rows
    assert {(r[3], r[8]) for r in wg2 if r[1] == "2022-05-23"} == {("11/3", "prose"), (None, None)}


def test_the_recommendations_listing_shows_the_method(linked_all):
    store, _graph, _report = linked_all
    rows = run_query(store, "recommendations", {"body": WG3}).rows
    assert run_query(store, "recommendations", {}).columns[-1] == "method"
    joint = {(r[2], r[4][:8]): (r[5], r[6]) for r in rows if r[1] == "2022-05-23"}
    assert joint[("(g)", "毒品和犯罪问题办")] == ("11/1;11/3", "prose")        # C(g)
    assert joint[("(a)", "鼓励受审议缔约方")] == ("11/1", "prose")             # D(a)
    assert {(r[5], r[6]) for r in rows if r[1] == "2023-09-11"} == {("12/1", "annex")}


# ---------------------------------------------------------------- the ordinal another report states


def test_another_report_numbers_the_joint_meeting_by_its_month():
    # 003 ¶3: "2022 年 5 月，国际合作工作组第十三次会议首次列入关于审议机制的议程项目".
    [stated] = read_report(FILES["003"]).meeting_numbers_stated
    assert (stated.body, stated.year, stated.month, stated.number, stated.source.paragraph) == (WG3, 2022, 5, 13, "3")
    assert [s for key in ("000", "001", "002", "004") for s in read_report(FILES[key]).meeting_numbers_stated] == []


def test_the_stated_number_is_written_on_the_meeting(linked_all):
    _store, graph, _report = linked_all
    meeting = URIRef(JOINT_WG3)
    assert [n.toPython() for n in graph.objects(meeting, UNTOC.meetingNumber)] == [13]
    assert [str(s) for s in graph.objects(meeting, UNTOC.meetingNumberStatedBy)] == [
        f"{ID}report/CTOC-COP-WG.3/2023-09-11/zh/meeting-number/1"]
    assert list(graph.objects(URIRef(JOINT_WG2), UNTOC.meetingNumber)) == []     # 003 numbers WG.3's only


def _without_own_number(tmp_path) -> Path:
    """Report 001 without the sentence that numbers its own meeting (¶89)."""
    text = FILES["001"].read_text(encoding="utf-8")
    printed = "工作组第十三次会议工作安排"        # "两个\n\n工作组…" in the PDF text
    assert text.count(printed) == 1
    changed = tmp_path / "001_unnumbered.txt"
    changed.write_text(text.replace(printed, "工作组会议工作安排"), encoding="utf-8")
    return changed


def test_the_number_another_report_states_is_enough_to_link(tmp_path):
    unnumbered = _without_own_number(tmp_path)
    assert [m.number for m in read_report(unnumbered).meetings] == [None, None]
    store = GraphStore(None)
    load_files(store, [unnumbered, FILES["002"]])
    graph, report = compute_links(store)
    assert ("11/1", "prose") not in endorsements(graph)
    assert f"{COP}/endorsement-statement/2: no loaded meeting of {ID}body/CTOC-COP-WG.3 is numbered 13" in report.prose_waiting
    load_files(store, [FILES["003"]])
    graph, report = compute_links(store)
    assert endorsements(graph)[("11/1", "prose")] == recs(JOINT_WG3, SECTION_A + SECTION_C + SECTION_D)


def test_a_number_that_contradicts_the_meetings_own_is_reported_not_used(tmp_path):
    text = FILES["003"].read_text(encoding="utf-8")
    printed = "2022 年 5 月，国际合作工作组第十三次会议"
    assert text.count(printed) == 1
    changed = tmp_path / "003_twelfth.txt"
    changed.write_text(text.replace(printed, "2022 年 5 月，国际合作工作组第十二次会议"), encoding="utf-8")
    store = GraphStore(None)
    load_files(store, [FILES["001"], changed, FILES["002"]])
    graph, report = compute_links(store)
    assert report.prose_unmatched == [f"{ID}report/CTOC-COP-WG.3/2023-09-11/zh/meeting-number/1: numbers "
                                      f"{JOINT_WG3} 12, which is numbered 13 elsewhere; not used"]
    assert list(graph.objects(URIRef(JOINT_WG3), UNTOC.meetingNumber)) == []
    # 11/1 (12th and 13th meetings) covers the 13th only once, as 001 numbers it.
    assert endorsements(graph)[("11/1", "prose")] == recs(JOINT_WG3, SECTION_A + SECTION_C + SECTION_D)


def test_a_number_the_last_linking_wrote_does_not_vouch_for_itself(tmp_path):
    # 003 numbers the May 2022 meeting 12 (changed) and 001's own sentence is taken out: the
    # links write 12 on the meeting. When 001's graph then numbers it 13 (as printed), the 12
    # graph/links holds from the last linking must not count as one of the meeting's own numbers.
    text = FILES["003"].read_text(encoding="utf-8")
    changed = tmp_path / "003_twelfth.txt"
    changed.write_text(text.replace("国际合作工作组第十三次会议", "国际合作工作组第十二次会议"), encoding="utf-8")
    store = GraphStore(None)
    load_files(store, [_without_own_number(tmp_path), changed, FILES["002"]])
    links = store.graph("https://w3id.org/untoc-kg/graph/links")
    assert [n.toPython() for n in links.objects(URIRef(JOINT_WG3), UNTOC.meetingNumber)] == [12]
    store.store.update(f"""
        INSERT DATA {{ GRAPH <https://w3id.org/untoc-kg/graph/report/CTOC-COP-WG.3/2022-05-23/zh> {{
          <{JOINT_WG3}> <https://w3id.org/untoc-kg/ontology#meetingNumber> 13 }} }}""")
    graph, report = compute_links(store)
    assert list(graph.objects(URIRef(JOINT_WG3), UNTOC.meetingNumber)) == []
    assert len(report.prose_unmatched) == 1 and "which is numbered 13 elsewhere" in report.prose_unmatched[0]


C_G_OF_2022 = "毒品和犯罪问题办公室继续根据请求向缔约国提供技术援助和能力建设，以支持其努力有效实施《公约》，预防和打击影响环境的跨国有组织犯罪"


def _adopt_the_words_of_004_paragraph_5(store: GraphStore, day: str, words: str = C_G_OF_2022) -> str:
    meeting = f"https://w3id.org/untoc-kg/id/meeting/TEST/{day}"
    store.update(f"""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA {{ GRAPH <https://w3id.org/untoc-kg/graph/report/TEST/{day}/zh> {{
          <{meeting}> untoc:body <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.2> ;
              untoc:startDate "{day}"^^xsd:date .
          <{meeting}/recommendation/1> a untoc:Recommendation ; untoc:adoptedAt <{meeting}> ;
              untoc:text "{words}"@zh .
        }} }}""")
    return f"{meeting}/recommendation/1"


def test_of_words_repeated_the_latest_adopted_before_the_act_is_meant():
    # Working groups repeat a recommendation from one meeting to the next: 004 ¶5's words then
    # match two meetings equally, and the sentence means the later one.
    store = GraphStore(None)
    load_files(store, [FILES["004"], FILES["001"]])
    [c_g] = [solution["text"].value for solution in store.query(f"""
        SELECT ?text WHERE {{ GRAPH ?g {{ <{JOINT_WG2}/recommendation/C-g> <https://w3id.org/untoc-kg/ontology#text> ?text }} }}""")]
    repeated = _adopt_the_words_of_004_paragraph_5(store, "2022-09-01", c_g)
    graph, _report = compute_links(store)
    assert endorsements(graph)[("11/3", "prose")] == {repeated}
    # Once 11/3 is known to have been adopted in October 2022, a September repeat still may be
    # meant; a repeat after the act may not.
    store = GraphStore(None)
    load_files(store, [FILES["004"], FILES["001"]])
    _adopt_the_words_of_004_paragraph_5(store, "2022-11-01")
    store.update("""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA { GRAPH <https://w3id.org/untoc-kg/graph/report/TEST/act/zh> {
          <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/11-3> untoc:adoptedOn "2022-10-21"^^xsd:date .
        } }""")
    graph, _report = compute_links(store)
    assert endorsements(graph)[("11/3", "prose")] == recs(JOINT_WG3, ["C-g"]) | recs(JOINT_WG2, ["C-g"])
