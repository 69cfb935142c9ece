"""Links across reports: endorsements, report symbols, one node per person, load order."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from untoc_kg.linking import compute_links, link_store
from untoc_kg.loading import load_files
from untoc_kg.queries import run_query, stored_queries
from untoc_kg.store import GraphStore

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FACTS = Path(__file__).resolve().parent / "facts"
ID = "https://w3id.org/untoc-kg/id/"


def facts(name: str) -> dict:
    return yaml.safe_load((FACTS / name).read_text(encoding="utf-8"))


def annexes():
    """(act, body, start, items) of every annex of 002 that repeats a meeting's recommendations."""
    return [(a["number"], x["body"], str(x["meeting_start"]), x["items"])
            for a in facts("002.yaml")["acts"] for x in a.get("annexes", [])]


# The meetings whose reports are loaded, from the oracles: (body, start) → recommendation count.
LOADED = {("CTOC/COP/WG.3", "2023-09-11"): 17, ("CTOC/COP/WG.2", "2023-05-29"): 11,
          ("CTOC/COP/WG.2", "2024-06-03"): 24, ("CTOC/COP/WG.3", "2022-05-23"): 25,
          ("CTOC/COP/WG.2", "2022-05-23"): 38}


def test_every_annex_paragraph_of_a_loaded_meeting_is_linked(store_all):
    _graph, report = compute_links(store_all)
    expected = sum(items for _act, body, start, items in annexes() if (body, start) in LOADED)
    assert expected == 17 + 11 + 24
    assert report.endorsements == expected
    assert report.mismatches == []
    # 12/1 annex II repeats the fifteenth meeting of WG.3 (June 2024), not among the samples.
    assert report.waiting == [f"{ID}resolution/CTOC-COP/12-1/annex/2 repeats the recommendations of "
                              f"{ID}meeting/CTOC-COP-WG.3/2024-06-05, whose report is not loaded"]


def test_endorsement_chain_query(store_all):
    rows = run_query(store_all, "endorsement-chain", {"body": "CTOC/COP/WG.2"}).rows
    by_meeting: dict[str, set] = {}
    for body, start, label, act, adopted, annex, annex_label, _order, method in rows:
        by_meeting.setdefault(start, set()).add((act, adopted, annex, method))
    # 002 ¶72: resolution 12/2 adopted 18 October 2024; annex I = May 2023, annex II = June 2024.
    assert by_meeting["2023-05-29"] == {("12/2", "2024-10-18", "1", "annex")}
    assert by_meeting["2024-06-03"] == {("12/2", "2024-10-18", "2", "annex")}
    # 002's 12/1 preamble: 11/3 endorsed what both groups adopted in their joint thematic
    # discussion (001 section C); WG.2's own recommendations (section B) and section D are not
    # said to be endorsed (tests/test_prose_endorsements.py).
    assert by_meeting["2022-05-23"] == {(None, None, None, None), ("11/3", None, None, "prose")}
    june = [r for r in rows if r[1] == "2024-06-03"]
    assert [(r[2], r[6]) for r in june][:3] == [("建议 1", "(a)"), ("建议 2", "(b)"), ("建议 3", "(c)")]


def test_a_changed_recommendation_is_reported_not_linked(tmp_path):
    store = GraphStore(None)
    load_files(store, [SAMPLES])
    rec = f"{ID}meeting/CTOC-COP-WG.3/2023-09-11/recommendation/c"
    store.store.update(f"""
        DELETE {{ GRAPH ?g {{ <{rec}> <https://w3id.org/untoc-kg/ontology#text> ?t }} }}
        INSERT {{ GRAPH ?g {{ <{rec}> <https://w3id.org/untoc-kg/ontology#text> "鼓励缔约国加强区域合作。"@zh }} }}
        WHERE {{ GRAPH ?g {{ <{rec}> <https://w3id.org/untoc-kg/ontology#text> ?t }} }}""")
    report = link_store(store)
    assert [m.recommendation for m in report.mismatches] == [rec]
    assert report.endorsements == 17 + 11 + 24 - 1
    endorsed = run_query(store, "endorsement-chain", {"body": "CTOC/COP/WG.3"}).rows
    assert [r[3] for r in endorsed if r[1] == "2023-09-11" and r[2] == "(c)"] == [None]


def test_report_symbols_come_from_the_conference_footnotes(store_all):
    _graph, report = compute_links(store_all)
    # 002 footnotes 3, 7 and 8 (¶ under annex headings).
    assert report.report_symbols == {
        f"{ID}report/CTOC-COP-WG.3/2023-09-11/zh": "CTOC/COP/WG.3/2023/4",
        f"{ID}report/CTOC-COP-WG.2/2023-05-29/zh": "CTOC/COP/WG.2/2023/4",
        f"{ID}report/CTOC-COP-WG.2/2024-06-03/zh": "CTOC/COP/WG.2/2024/5",
    }


def test_one_person_across_reports(store_all):
    [burrows] = run_query(store_all, "persons", {"name": "Burrows"}).rows
    # Co-chair of WG.2 in 000 (¶47) and 004; chair of both groups in 001 (¶70, ¶71); chair of WG.3 in 003.
    assert burrows[0] == "Thomas Burrows" and burrows[1] == "USA"
    assert burrows[4] == "5"
    [sanchez] = run_query(store_all, "persons", {"name": "Sánchez del Águila"}).rows
    officers_002 = facts("002.yaml")["meetings"][0]["officers"]
    assert {"office": "vice-president", "person": "Carlos Alberto Sánchez del Águila", "for": "PER"} in officers_002
    assert sanchez[2] == ("co-chair CTOC/COP/WG.2 2023-05-29;co-chair CTOC/COP/WG.2 2024-06-03;"
                          "vice-president CTOC/COP 2024-10-14")


def _answers(store) -> dict:
    required = {"state-profile": {"state": "USA"}}
    answers = {}
    for name in stored_queries():
        result = run_query(store, name, required.get(name, {}))
        answers[name] = (result.columns, sorted(map(tuple, result.rows), key=repr))
    return answers


def test_load_order_does_not_change_any_answer():
    files = sorted(SAMPLES.glob("*.txt"))
    forward, backward = GraphStore(None), GraphStore(None)
    for path in files:
        load_files(forward, [path])
    for path in reversed(files):
        load_files(backward, [path])
    assert _answers(forward) == _answers(backward)
    links = "https://w3id.org/untoc-kg/graph/links"
    assert forward.graph(links).isomorphic(backward.graph(links))
    serving = "https://w3id.org/untoc-kg/graph/serving"
    assert sorted(forward.ntriples(serving).splitlines()) == sorted(backward.ntriples(serving).splitlines()) != []
    assert len(forward.graph(links)) > 100


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_every_query_runs_on_the_corpus(store_all, name):
    params = {"state-profile": {"state": "PER"}}.get(name, {})
    result = run_query(store_all, name, params)
    assert result.rows, f"{name} returned nothing on the five reports"
    # A node described in several report graphs is one solution per copy in the union graph;
    # the queries must not hand those copies to their users as repeated rows.
    rows = [tuple(row) for row in result.rows]
    assert len(rows) == len(set(rows)), f"{name} repeats rows"


def test_joint_items_carry_the_same_topics_in_both_bodies(store_all):
    rows = store_all.query("""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?a ?b (GROUP_CONCAT(DISTINCT STR(?ta); separator=" ") AS ?topics_a)
                     (GROUP_CONCAT(DISTINCT STR(?tb); separator=" ") AS ?topics_b)
        WHERE { ?a untoc:jointItemWith ?b .
                OPTIONAL { ?a dcterms:subject ?ta } OPTIONAL { ?b dcterms:subject ?tb } }
        GROUP BY ?a ?b""")
    pairs = [(r["a"].value, sorted(r["topics_a"].value.split()), sorted(r["topics_b"].value.split())) for r in rows]
    # 001 ¶ agenda: seven items of WG.3 and seven of WG.2 are joint (1, 1(a), 1(b) and four others), each pair both ways.
    assert len(pairs) == 14
    assert all(a == b for _, a, b in pairs)
    environment = [p for p in pairs if "https://w3id.org/untoc-kg/id/topic/crimes-affecting-the-environment" in p[1]]
    assert len(environment) == 2


def test_one_person_spelled_two_ways_in_two_reports_is_linked_and_reported():
    store = GraphStore(None)
    load_files(store, [SAMPLES])
    # A later report spelling the co-chair "Thomas Burows", for the same state.
    store.store.update("""
        PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA { GRAPH <https://w3id.org/untoc-kg/graph/report/TEST/2025-01-01/zh> {
          <https://w3id.org/untoc-kg/id/person/thomas-burows> a untoc:Person ; rdfs:label "Thomas Burows" .
          <https://example.org/holding> untoc:holder <https://w3id.org/untoc-kg/id/person/thomas-burows> ;
              untoc:forState <https://w3id.org/untoc-kg/id/state/USA> .
        } }""")
    report = link_store(store)
    assert report.same_persons == [("Thomas Burows", "Thomas Burrows")]
