"""The search box (issue 15): things found by their names in Chinese or English, by codes and by
symbols, grouped by kind, each leading to its page — on the five samples."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.html_pages import by_id, parse, text
from untoc_kg.server import create_app
from untoc_kg.web.entity_search import SearchIndex, fold


@pytest.fixture(scope="module")
def client(store_all):
    with TestClient(create_app(store_all, workers=1)) as test_client:
        yield test_client


def results(client, q: str, **params) -> dict[str, list[str]]:
    """kind → the addresses of its results, in the order shown."""
    client.cookies.clear()           # a page asked with ?lang= leaves its cookie behind
    answer = client.get("/search", params={"q": q, **params})
    assert answer.status_code == 200
    html = parse(answer.text)
    found = by_id(html, "search-results")
    assert found is not None, answer.text[:500]
    return {section.get("data-kind"): [li.find("a").get("href") for li in section.iter("li")]
            for section in found.iter("section")}


@pytest.mark.parametrize("q", ["美国", "USA", "usa", "United States", "美利坚合众国", "ＵＳＡ"])
def test_the_united_states_is_found_by_its_names_and_its_code(client, q):
    found = results(client, q)
    assert found["state"][0] == "/id/state/USA"


def test_the_best_match_comes_first_and_kinds_are_grouped(client):
    # "美国" is the whole of one of the United States' names, and part of no other state's.
    found = results(client, "美国")
    assert list(found) == ["state"] and found["state"] == ["/id/state/USA"]
    # "Republic" is part of many names: states, in the order of how well they match.
    found = results(client, "Republic")
    assert len(found["state"]) > 5


def test_acts_are_found_by_number_and_by_the_symbol_of_their_draft(client):
    found = results(client, "12/1")
    # The Conference adopted both a resolution and a decision numbered 12/1 (002, chapter I).
    assert found["act"][:2] == ["/id/decision/CTOC-COP/12-1", "/id/resolution/CTOC-COP/12-1"]
    found = results(client, "CTOC/COP/2024/L.9")
    # 002 paragraph 58: draft CTOC/COP/2024/L.9/Rev.1 became resolution 12/4; it is a document too.
    assert found["act"] == ["/id/resolution/CTOC-COP/12-4"]
    assert "/id/document/CTOC/COP/2024/L.9/Rev.1" in found["document"]


def test_persons_meetings_topics_and_recommendations_are_found(client):
    assert results(client, "Burrows")["person"] == ["/id/person/thomas-burrows"]
    assert "/id/topic/organized-fraud" in results(client, "欺诈")["topic"]
    fraud = results(client, "欺诈")["recommendation"]
    # 000 adopted recommendations 10 to 13 under the heading "关于有组织欺诈的建议".
    assert "/id/meeting/CTOC-COP-WG.2/2024-06-03/recommendation/10" in fraud
    meetings = results(client, "CTOC/COP/WG.2 2024")["meeting"]
    assert meetings == ["/id/meeting/CTOC-COP-WG.2/2024-06-03"]


def test_nothing_found_says_so_and_an_empty_box_says_what_to_type(client):
    answer = client.get("/search", params={"q": "zzzz-nothing"})
    assert answer.status_code == 200
    assert "zzzz-nothing" in text(by_id(parse(answer.text), "search-results"))
    answer = client.get("/search")
    assert answer.status_code == 200 and by_id(parse(answer.text), "search-results") is None


def test_results_are_named_in_the_page_language(client):
    answer = client.get("/search", params={"q": "USA", "lang": "zh"})
    html = parse(answer.text)
    link = by_id(html, "search-results").find(".//a")
    assert text(link) == "美利坚合众国"


def test_the_index_ranks_whole_then_start_then_within(store_all):
    index = SearchIndex(store_all)
    groups = index.search("china")
    states = next(g for g in groups if g.kind == "state")
    # China is the whole of a name; no other state's English name starts with it.
    assert states.hits[0].node.endswith("/state/CHN") and states.hits[0].rank == 0
    assert fold("ＵＳＡ") == "usa"
