"""Two languages of one report merge (issues 16 and 18): the Chinese report of meeting 004 and
its English counterpart (tests/fixtures/en/004_en.txt) land on the same meeting and
recommendation nodes, and what they print in words — the venue, a recommendation's label,
heading and text — is kept in both languages, one value per language. The union of all graphs
conforms, and the listings print each recommendation once, in one language: Chinese when a
report gives it in Chinese, else English (untoc_kg/serving_listings.py, LISTING_LANGUAGES).

Read in the reports: the Chinese title says the meeting was held “在维也纳”, the English one
“held in Vienna”; both print eleven recommendations, “建议 1” … “建议 11” and “Recommendation 1” …
“Recommendation 11”, the first under “A. 总体建议” / “A. General recommendations”.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tests.conftest import SAMPLES
from tests.test_serving import assert_same
from tests.test_union import rows, union
from untoc_kg.loading import load_files
from untoc_kg.queries import run_query
from untoc_kg.serving_listings import in_listing_language
from untoc_kg.store import GraphStore
from untoc_kg.validation import validate_graph
from untoc_kg.vocab import ID

REPORT_004 = SAMPLES / "004_1128377bf6bc7323.txt"
REPORT_004_EN = SAMPLES.parent / "tests" / "fixtures" / "en" / "004_en.txt"
MEETING = f"{ID}meeting/CTOC-COP-WG.2/2023-05-29"
REC_1 = f"{MEETING}/recommendation/1"
REC_11 = f"{MEETING}/recommendation/11"


@pytest.fixture(scope="module")
def both_languages():
    """The five Chinese samples and the English report of meeting 004 in one store."""
    store = GraphStore(None)
    load_files(store, [SAMPLES, REPORT_004_EN])
    return store


@pytest.fixture(scope="module")
def english_only():
    store = GraphStore(None)
    load_files(store, [REPORT_004_EN])
    return store


def tagged(store: GraphStore, subject: str, prop: str) -> set[tuple[str, str]]:
    return rows(store, f"SELECT ?v (LANG(?v) AS ?l) WHERE {{ <{subject}> untoc:{prop} ?v }}")


def test_the_union_of_the_chinese_samples_and_the_english_report_conforms(both_languages):
    assert [v.line() for v in validate_graph(union(both_languages))] == []


def test_the_union_of_the_two_reports_of_one_meeting_conforms():
    store = GraphStore(None)
    load_files(store, [REPORT_004, REPORT_004_EN])
    assert [v.line() for v in validate_graph(union(store))] == []


def test_the_meeting_has_its_venue_in_both_languages(both_languages):
    assert tagged(both_languages, MEETING, "venue") == {("维也纳", "zh"), ("Vienna", "en")}


def test_a_recommendation_has_its_label_heading_and_text_in_both_languages(both_languages):
    assert tagged(both_languages, REC_1, "label") == {("建议 1", "zh"), ("Recommendation 1", "en")}
    assert tagged(both_languages, REC_1, "heading") == {("总体建议", "zh"), ("General recommendations", "en")}
    texts = dict((lang, text) for text, lang in tagged(both_languages, REC_1, "text"))
    assert set(texts) == {"zh", "en"}
    assert texts["zh"].startswith("鼓励缔约方向毒品和犯罪问题办公室提供预算外资源")
    assert texts["en"].startswith("States parties are encouraged to provide extrabudgetary resources to UNODC")
    assert tagged(both_languages, REC_11, "label") == {("建议 11", "zh"), ("Recommendation 11", "en")}
    # Eleven recommendations, each with one label in each language.
    assert rows(both_languages, f"""SELECT ?r (COUNT(DISTINCT ?label) AS ?n) WHERE {{
        ?r untoc:adoptedAt <{MEETING}> ; untoc:label ?label }} GROUP BY ?r""") == {
        (f"{MEETING}/recommendation/{n}", "2") for n in range(1, 12)}


LISTINGS = [("recommendations", {}), ("recommendations", {"body": "CTOC/COP/WG.2"}),
            ("recommendations", {"topic": "technical-assistance"}),
            ("recommendations", {"limit": "100"}),
            ("endorsement-chain", {}), ("endorsement-chain", {"body": "CTOC/COP/WG.2"}),
            ("endorsement-chain", {"limit": "100", "offset": "3"})]


@pytest.mark.parametrize("name, params", LISTINGS, ids=[f"{n}-{p}" for n, p in LISTINGS])
def test_the_listings_give_the_same_rows_with_the_english_report_loaded(store_all, both_languages, name, params):
    # The English report adds no recommendation, only its words: the rows stay the Chinese ones.
    assert run_query(both_languages, name, params).rows == run_query(store_all, name, params).rows


@pytest.mark.parametrize("name, params", [c for c in LISTINGS if "limit" not in c[1]],
                         ids=[f"{n}-{p}" for n, p in LISTINGS if "limit" not in p])
def test_the_serving_layer_and_the_replaced_query_pick_the_same_language(both_languages, name, params):
    assert_same(both_languages, name, params)


DEBATE_CALLS = [{}, {"body": "CTOC/COP/WG.2"}, {"body": "CTOC/COP/WG.2", "start": "2023-05-29"},
                {"start": "2023-05-29"}]


@pytest.mark.parametrize("params", DEBATE_CALLS, ids=[str(p) for p in DEBATE_CALLS])
def test_the_recommendation_debate_gives_the_same_rows_with_the_english_report_loaded(store_all, both_languages,
                                                                                      params):
    # Each recommendation of 004 has a label in each language: one row each, labelled in Chinese.
    assert run_query(both_languages, "recommendation-debate", params).rows == \
        run_query(store_all, "recommendation-debate", params).rows


def test_without_a_chinese_report_the_listings_print_english(english_only):
    rows_ = run_query(english_only, "recommendations").rows
    assert len(rows_) == 11
    labels = [row[2] for row in rows_]
    assert labels == [f"Recommendation {n}" for n in range(1, 12)]
    assert rows_[0][4].startswith("States parties are encouraged to provide extrabudgetary resources to UNODC")
    chain = run_query(english_only, "endorsement-chain").rows
    assert sorted({row[2] for row in chain}) == sorted(labels)
    assert_same(english_only, "recommendations", {})
    assert_same(english_only, "endorsement-chain", {})
    debate = run_query(english_only, "recommendation-debate").rows
    assert [row[2] for row in debate] == labels


def test_one_language_ranks_first_chinese_then_english_then_by_tag():
    zh, en, fr, es = (ox.Literal("x", language=code) for code in ("zh", "en", "fr", "es"))
    assert in_listing_language([en, zh, fr]) == [zh]
    assert in_listing_language([fr, en]) == [en]
    assert in_listing_language([fr, es]) == [es]
    assert in_listing_language([]) == []


# The statements listing (and the panellists and act-debate listings, which read its agenda
# item listings): an agenda item read from both reports of meeting 004 has a title in each
# language; each statement row prints it once, in the language that ranks first. Read in the
# reports: item 2 of the meeting is “与联合国打击跨国有组织犯罪公约及其各项议定书实施情况审议机制有关的事项：挑战、
# 吸取的经验教训和查明的技术援助需要” in Chinese, “Matters relating to the Mechanism for the Review of the
# Implementation of the United Nations Convention against Transnational Organized Crime and the
# Protocols thereto: challenges, lessons learned and technical assistance needs identified” in
# English; its panellists came from Chile and the United States.
ITEM_2_ZH = "与联合国打击跨国有组织犯罪公约及其各项议定书实施情况审议机制有关的事项：挑战、吸取的经验教训和查明的技术援助需要"
ITEM_2_EN = ("Matters relating to the Mechanism for the Review of the Implementation of the United Nations "
             "Convention against Transnational Organized Crime and the Protocols thereto: challenges, lessons "
             "learned and technical assistance needs identified")

STATEMENT_CALLS = [("statements", {}), ("statements", {"body": "CTOC/COP/WG.2"}),
                   ("statements", {"state": "USA"}), ("statements", {"state": "CHL", "lang": "zh"}),
                   ("statements", {"topic": "technical-assistance"}), ("statements", {"lang": "zh"}),
                   ("statements", {"limit": "100", "offset": "300"}), ("panellists", {}),
                   ("act-debate", {})]


@pytest.mark.parametrize("name, params", STATEMENT_CALLS, ids=[f"{n}-{p}" for n, p in STATEMENT_CALLS])
def test_the_statement_listings_give_the_same_rows_with_the_english_report_loaded(store_all, both_languages,
                                                                                  name, params):
    assert run_query(both_languages, name, params).rows == run_query(store_all, name, params).rows


REPLACED_STATEMENT_CALLS = [p for n, p in STATEMENT_CALLS if n == "statements" and "limit" not in p]


@pytest.mark.parametrize("params", REPLACED_STATEMENT_CALLS, ids=[str(p) for p in REPLACED_STATEMENT_CALLS])
def test_the_statements_serving_layer_and_its_replaced_query_pick_the_same_title(both_languages, params):
    assert_same(both_languages, "statements", params)


def _item_2_rows(store: GraphStore) -> list:
    return [row for row in run_query(store, "statements", {"body": "CTOC/COP/WG.2"}).rows
            if row[1] == "2023-05-29" and row[2] == "2"]


def test_an_agenda_item_read_in_both_languages_is_listed_once_with_its_chinese_title(both_languages):
    found = _item_2_rows(both_languages)
    assert {row[3] for row in found} == {ITEM_2_ZH}
    assert {row[4] for row in found if row[6] == "panellist"} == {"CHL", "USA"}
    assert len(found) == len(set(map(tuple, found)))


def test_without_a_chinese_report_the_statements_print_the_english_title(english_only):
    found = _item_2_rows(english_only)
    assert found and {row[3] for row in found} == {ITEM_2_EN}
    assert {row[4] for row in found if row[6] == "panellist"} == {"CHL", "USA"}
    assert_same(english_only, "statements", {})
    assert_same(english_only, "statements", {"body": "CTOC/COP/WG.2"})
