"""From debate to outcome (issue 16): act-debate, recommendation-debate and state-said-and-signed
on the five samples, against facts read in the report text.

Report 002 (the Conference's twelfth session, 14–18 October 2024) prints, per agenda item, who
spoke (¶¶47–52 under item 2(d), 55–60 under item 3, 63–64 under item 4, 68–73 under item 5),
and under "缔约方会议采取的行动" the act adopted, its sponsors and who spoke after it was adopted
(¶51–52, 58–60, 65, 72–73, 78–79). Reports 000 and 003 list the speakers per item in their
"发言情况" sections (000 ¶52–56, 003 ¶47–51) and print their recommendations under headings named
after the items; resolution 12/2 of report 002 endorses the technical assistance working group's
recommendations of 29 May 2023 and 3 June 2024, and 12/1 those of the international cooperation
working group of 11 September 2023 (its operative paragraphs 1, in ¶87 and ¶195)."""

from __future__ import annotations

import pytest

from untoc_kg.queries import run_query

# 002 ¶63: the States that spoke under item 4 (international cooperation).
ITEM_4_SPEAKERS = {"COL", "CHN", "ZAF", "KWT", "JPN", "DZA", "IDN", "BFA", "THA", "PSE", "RUS", "UGA",
                   "SEN", "ECU", "NOR", "USA", "CHL", "MAR", "IND", "KEN", "GBR"}
# 002 ¶47 (the EU also for its member states; the States that aligned themselves did not speak),
# ¶50 (the Russian Federation in reply) and ¶52 (after action on 12/3).
ITEM_2D_SPEAKERS = {"CHN", "EU", "CHL", "DZA", "AGO", "FRA", "BFA", "TTO", "MAR", "TZA", "VEN", "USA",
                    "SEN", "PER", "PRY", "ECU", "KEN", "HND", "RUS", "MEX"}
# 002 ¶51: the sponsors of 12/3.
SPONSORS_12_3 = {"ALB", "CHL", "COL", "CRI", "DOM", "SLV", "EU", "MEX", "MNE", "MKD", "PRY", "PER", "MDA"}
# 000 ¶52–53, ¶54–55, ¶56: the States (and the EU) under items 2, 3 and 4 of the 2024 meeting of
# the technical assistance working group (the observer of Iran, a signatory State, included;
# the INTERPOL observer not).
WG2_2024_ITEM_SPEAKERS = {
    "2": {"ARG", "AZE", "BRA", "CHN", "COL", "ECU", "EGY", "EU", "HND", "IND", "ITA", "MEX", "RUS", "ZAF",
          "SYR", "TUR", "USA", "VEN", "IRN"},
    "3": {"CHN", "DOM", "EGY", "EU", "IND", "RUS", "SGP", "SDN", "UGA", "GBR", "VEN", "IRN"},
    "4": {"AZE", "CHN", "COL", "DOM", "EGY", "IDN", "PAK", "USA"},
}


def rows(store, name, **params):
    result = run_query(store, name, params)
    return [dict(zip(result.columns, row)) for row in result.rows]


def codes(cell):
    return set(cell.split(";")) if cell else set()


# -- act-debate ------------------------------------------------------------------------------

def test_resolution_12_1_its_item_speakers_and_sponsors(store_all):
    found = rows(store_all, "act-debate", number="12/1")
    resolution = [r for r in found if r["kind"] == "resolution"]
    assert {(r["body"], r["meeting_start"], r["agenda_item"], r["adopted_on"]) for r in resolution} == {
        ("CTOC/COP", "2024-10-14", "4", "2024-10-18")}
    assert {r["state_code"] for r in resolution} == ITEM_4_SPEAKERS
    assert all(r["spoke_under_item"] == "yes" for r in resolution)
    # ¶65: sponsored by Ecuador, Japan and the United States; nobody spoke after its adoption.
    assert {r["state_code"] for r in resolution if r["sponsored"] == "yes"} == {"ECU", "JPN", "USA"}
    assert {r["explained_vote"] for r in resolution} == {"no"}


def test_a_decision_nobody_spoke_on_has_one_row_without_states(store_all):
    # ¶77–78: decision 12/1 (the provisional agenda of the thirteenth session) was adopted on 17
    # October under item 7, under which nobody spoke; decisions have no sponsors.
    found = rows(store_all, "act-debate", number="12/1")
    decision = [r for r in found if r["kind"] == "decision"]
    assert [(r["agenda_item"], r["adopted_on"], r["state_code"], r["spoke_under_item"], r["sponsored"],
             r["explained_vote"]) for r in decision] == [("7", "2024-10-17", None, "no", "no", "no")]


def test_resolution_12_3_speakers_sponsors_and_vote_explanations(store_all):
    found = rows(store_all, "act-debate", number="12/3")
    assert {r["agenda_item"] for r in found} == {"2(d)"}
    assert {r["state_code"] for r in found if r["spoke_under_item"] == "yes"} == ITEM_2D_SPEAKERS
    assert {r["state_code"] for r in found if r["sponsored"] == "yes"} == SPONSORS_12_3
    # ¶52: the United States and Mexico spoke after its adoption.
    assert {r["state_code"] for r in found if r["explained_vote"] == "yes"} == {"USA", "MEX"}
    # A row for each state that did any of the three, and one only.
    assert sorted(r["state_code"] for r in found) == sorted(ITEM_2D_SPEAKERS | SPONSORS_12_3)
    # Sponsors that aligned themselves with the EU's statement (¶47) but did not speak.
    silent = {r["state_code"] for r in found if r["sponsored"] == "yes" and r["spoke_under_item"] == "no"}
    assert silent == {"ALB", "COL", "CRI", "DOM", "SLV", "MNE", "MKD", "MDA"}


def test_one_state_across_the_acts(store_all):
    # The United Kingdom spoke under item 4 (¶63) but did not sponsor 12/1; sponsored 12/2 (¶72)
    # and spoke after its adoption under item 5 (¶73); sponsored 12/4 (¶58) without speaking
    # under item 3 (¶55, ¶59).
    found = rows(store_all, "act-debate", state="GBR")
    assert [(r["symbol"], r["kind"], r["spoke_under_item"], r["sponsored"], r["explained_vote"]) for r in found] == [
        ("12/1", "resolution", "yes", "no", "no"),
        ("12/2", "resolution", "yes", "yes", "yes"),
        ("12/4", "resolution", "no", "yes", "no"),
    ]
    assert {r["state_code"] for r in found} == {"GBR"}


def test_a_number_and_a_state(store_all):
    # ¶60: the observer of Iran, a signatory State, spoke after the adoption of 12/4.
    found = rows(store_all, "act-debate", number="12/4", state="IRN")
    assert [(r["symbol"], r["state_code"], r["spoke_under_item"], r["sponsored"], r["explained_vote"])
            for r in found] == [("12/4", "IRN", "yes", "no", "yes")]
    assert rows(store_all, "act-debate", number="12/1", state="IRN") == []


def test_every_act_adopted_at_the_session_is_listed(store_all):
    found = rows(store_all, "act-debate")
    assert {(r["kind"], r["symbol"]) for r in found} == {
        ("resolution", "12/1"), ("resolution", "12/2"), ("resolution", "12/3"), ("resolution", "12/4"),
        ("decision", "12/1"), ("decision", "12/2")}
    # 12/2 (¶68, ¶72–73): seven States spoke under item 5, five sponsored it, two of them silent.
    twelve_two = [r for r in found if (r["kind"], r["symbol"]) == ("resolution", "12/2")]
    assert {r["state_code"] for r in twelve_two} == {"CHN", "ZAF", "IDN", "TZA", "COL", "USA", "PER",
                                                     "ECU", "JPN", "GBR"}


def test_act_debate_pages(store_all):
    whole = rows(store_all, "act-debate")
    assert rows(store_all, "act-debate", limit="5") == whole[:5]
    assert rows(store_all, "act-debate", limit="7", offset="50") == whole[50:57]
    assert rows(store_all, "act-debate", offset=str(len(whole))) == []


# -- recommendation-debate -------------------------------------------------------------------

def test_recommendations_of_one_meeting_with_their_items_speakers_and_endorsement(store_all):
    found = rows(store_all, "recommendation-debate", body="CTOC/COP/WG.2", start="2024-06-03")
    # 000 ¶8–10: recommendations 1–9 on criminalizing crimes that affect the environment (item 2),
    # 10–20 on organized fraud (item 3), 21–24 on the review mechanism (item 4).
    assert [r["label"] for r in found] == [f"建议 {n}" for n in range(1, 25)]
    for r in found:
        number = int(r["label"].split()[1])
        item = "2" if number <= 9 else "3" if number <= 20 else "4"
        assert (r["agenda_item"], codes(r["speakers"])) == (item, WG2_2024_ITEM_SPEAKERS[item]), r["label"]
    # 002 ¶197: resolution 12/2 endorses them.
    assert {r["endorsed_by"] for r in found} == {"12/2"}


def test_recommendations_of_the_international_cooperation_group(store_all):
    found = rows(store_all, "recommendation-debate", body="CTOC/COP/WG.3", start="2023-09-11")
    by_label = {r["label"]: r for r in found}
    # 003: (b) on law enforcement cooperation (item 2, ¶47: thirteen States), (n) on the
    # review mechanism twenty years on (item 3, ¶50–51: nine States and the EU; ECOWAS is an
    # intergovernmental observer); 002 ¶87: endorsed by 12/1.
    assert codes(by_label["(b)"]["speakers"]) == {"ARG", "BRA", "BFA", "CHN", "COL", "ECU", "MEX", "MAR",
                                                  "SAU", "PSE", "TTO", "TZA", "USA"}
    assert by_label["(b)"]["agenda_item"] == "2"
    assert codes(by_label["(n)"]["speakers"]) == {"BFA", "CHN", "COL", "ECU", "EGY", "FRA", "PSE", "TTO",
                                                  "USA", "EU"}
    assert by_label["(n)"]["agenda_item"] == "3"
    assert {r["endorsed_by"] for r in found} == {"12/1"}


def test_the_2022_recommendations_of_the_technical_assistance_group_under_their_items(store_all):
    found = rows(store_all, "recommendation-debate", body="CTOC/COP/WG.2", start="2022-05-23")
    # 001 ¶42: the drafts of the twelfth meeting, adopted under item 4 ("最后确定并通过…建议草案"),
    # are ¶8 (a)–(o), whatever their headings (the items of 2020) say; ¶75: who spoke under it
    # (the observer of Iran included).
    under_4 = [r for r in found if r["agenda_item"] == "4"]
    assert [r["label"] for r in under_4] == [f"({letter})" for letter in "abcdefghijklmno"]
    assert all(codes(r["speakers"]) == {"CHN", "COL", "CUB", "MEX", "RUS", "SDN", "USA", "VEN", "IRN"}
               for r in under_4)
    # ¶8 (p)–(x), under the heading of item 3 (effective strategies); ¶74: seven States.
    under_3 = [r for r in found if r["agenda_item"] == "3"]
    assert len(under_3) == 9
    assert all(codes(r["speakers"]) == {"BRA", "CAN", "CHN", "HND", "MEX", "USA", "VEN"} for r in under_3)
    # ¶9 (a)–(l): the joint thematic discussion, the group's item 2 (¶73); ¶10 (a)–(b): the review
    # mechanism, its item 5 (¶76).
    assert len([r for r in found if r["agenda_item"] == "2"]) == 12
    assert len([r for r in found if r["agenda_item"] == "5"]) == 2
    assert len(found) == 38


def test_the_same_rows_whichever_way_the_meeting_is_reached(store_all):
    one = rows(store_all, "recommendation-debate", body="CTOC/COP/WG.2", start="2024-06-03")
    of_body = [r for r in rows(store_all, "recommendation-debate", body="CTOC/COP/WG.2")
               if r["meeting_start"] == "2024-06-03"]
    of_all = [r for r in rows(store_all, "recommendation-debate") if r["body"] == "CTOC/COP/WG.2"
              and r["meeting_start"] == "2024-06-03"]
    by_start = [r for r in rows(store_all, "recommendation-debate", start="2024-06-03")
                if r["body"] == "CTOC/COP/WG.2"]
    assert one == of_body == of_all == by_start
    assert rows(store_all, "recommendation-debate", body="CTOC/COP/WG.2", start="2024-06-04") == []


def test_recommendation_debate_pages(store_all):
    whole = rows(store_all, "recommendation-debate", body="CTOC/COP/WG.2")
    assert rows(store_all, "recommendation-debate", body="CTOC/COP/WG.2", limit="10", offset="30") == whole[30:40]


def test_a_recommendation_the_listing_leaves_out_is_still_a_row_of_its_body():
    # The listing (and a start date alone) reads the recommendations listing's rows, which need a
    # text in the label's language; a call for one body reads every recommendation its meetings
    # adopted: recommendation 1 of 000 without its text is a row of the one and not of the other,
    # as it was in the query the serving layer's rows replaced (tests/replaced_queries/).
    from tests.conftest import SAMPLES
    from tests.test_serving import assert_same
    from untoc_kg.loading import load_files
    from untoc_kg.serving import serve_store
    from untoc_kg.store import GraphStore
    store = GraphStore(None)
    load_files(store, [SAMPLES / "000_edfd6897bde2ce76.txt"])
    store.update("PREFIX untoc: <https://w3id.org/untoc-kg/ontology#> DELETE WHERE { GRAPH ?g { "
                 "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/recommendation/1> untoc:text ?t } }")
    serve_store(store)
    first = [r for r in rows(store, "recommendation-debate", body="CTOC/COP/WG.2") if r["label"] == "建议 1"]
    assert [(r["meeting_start"], r["agenda_item"], codes(r["speakers"])) for r in first] == [
        ("2024-06-03", "2", WG2_2024_ITEM_SPEAKERS["2"])]
    assert "建议 1" not in {r["label"] for r in rows(store, "recommendation-debate")}
    assert "建议 1" not in {r["label"] for r in rows(store, "recommendation-debate", start="2024-06-03")}
    for params in ({}, {"body": "CTOC/COP/WG.2"}, {"start": "2024-06-03"}, {"body": "CTOC/COP/WG.2", "start": "2024-06-03"}):
        assert_same(store, "recommendation-debate", params)


# -- state-said-and-signed -------------------------------------------------------------------

def test_what_the_united_states_said_and_signed(store_all):
    found = {r["topic"]: r for r in rows(store_all, "state-said-and-signed", state="USA")}
    # 002 ¶58, ¶65, ¶72: the United States sponsored 12/4 (on crimes that affect the
    # environment), 12/1 (international cooperation) and 12/2 (technical assistance); it spoke
    # under item 2(d) (¶47) and after the adoption of 12/3 on firearms (¶52) without sponsoring it (¶51).
    sponsored = {topic: r["sponsored_resolutions"] for topic, r in found.items() if r["sponsored_resolutions"]}
    assert sponsored == {"crimes-affecting-the-environment": "12/4", "international-cooperation": "12/1",
                         "technical-assistance": "12/2"}
    unsponsored = {topic: r["spoke_not_sponsored"] for topic, r in found.items() if r["spoke_not_sponsored"]}
    assert unsponsored == {"firearms": "12/3"}
    # It spoke on firearms at one meeting only (the Conference's); on organized fraud never:
    # it did not speak under item 3 of the 2024 meeting of the technical assistance group (000 ¶54).
    assert found["firearms"]["meetings"] == "1"
    assert "organized-fraud" not in found
    # On crimes that affect the environment at four meetings: the 2024 meeting of the technical
    # assistance group (000 ¶52), the joint meeting of the two groups in 2022 (001 ¶73, two
    # meetings), and the Conference in the debate of 12/4, under an item on new forms of crime (002 ¶55).
    assert found["crimes-affecting-the-environment"]["meetings"] == "4"
    assert found["new-forms-of-crime"]["meetings"] == "1"


def test_a_sponsor_that_never_spoke_on_the_topic(store_all):
    found = {r["topic"]: r for r in rows(store_all, "state-said-and-signed", state="GBR")}
    # The United Kingdom sponsored 12/4 (¶58) but spoke under no item on crimes that affect the
    # environment (not in 000 ¶52, 002 ¶55 or ¶59); it spoke under item 4 (¶63) of the
    # Conference without sponsoring 12/1 (¶65).
    assert (found["crimes-affecting-the-environment"]["meetings"],
            found["crimes-affecting-the-environment"]["sponsored_resolutions"]) == ("0", "12/4")
    assert found["international-cooperation"]["spoke_not_sponsored"] == "12/1"
    assert found["technical-assistance"]["sponsored_resolutions"] == "12/2"


def test_state_said_and_signed_for_every_state_and_in_pages(store_all):
    # Without a state, every state's rows; each state's are those of the call for that state.
    every = rows(store_all, "state-said-and-signed")
    for code in ("USA", "GBR", "EU"):
        assert [r for r in every if r["state_code"] == code] == rows(store_all, "state-said-and-signed", state=code)
    # ¶58: the EU sponsored 12/4 and (¶51) 12/3, and spoke under item 2(d) (¶47).
    eu = {r["topic"]: r for r in every if r["state_code"] == "EU"}
    assert (eu["firearms"]["sponsored_resolutions"], eu["firearms"]["spoke_not_sponsored"]) == ("12/3", None)
    # An organization that spoke is no state: INTERPOL has no rows.
    assert not [r for r in every if r["state_code"] == "INTERPOL"]
    whole = rows(store_all, "state-said-and-signed", state="USA")
    assert rows(store_all, "state-said-and-signed", state="USA", limit="4", offset="3") == whole[3:7]
    assert rows(store_all, "state-said-and-signed", limit="9", offset="40") == every[40:49]


# -- the research browser: the three forms, and the cells that name a resource link to it ----

@pytest.fixture(scope="module")
def debate_server(tmp_path_factory):
    from tests.servers import Running, samples_on_disk
    from untoc_kg.server import create_app
    with samples_on_disk(tmp_path_factory, "debate") as store:
        running = Running(create_app(store, timeout=30, limit=1000, workers=1))
        yield running.url
        running.stop()


def debate_page(server, path, **params):
    import urllib.parse
    from tests.html_pages import by_id, parse
    from tests.test_server import fetch
    status, _, body = fetch(server + path + "?" + urllib.parse.urlencode(params),
                            headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    return status, by_id(parse(body), "results")


def test_the_debate_tables_link_states_acts_items_and_recommendations(debate_server):
    from tests.html_pages import column, links, table_rows, text
    status, table = debate_page(debate_server, "/queries/act-debate", number="12/1")
    assert status == 200
    row = next(r for r in table_rows(table) if text(r[column(table, "kind")]) == "resolution"
               and "/id/state/ECU" in links(r[column(table, "state_code")]))
    assert links(row[column(table, "symbol")]) == ["/id/resolution/CTOC-COP/12-1"]
    assert links(row[column(table, "agenda_item")]) == ["/id/meeting/CTOC-COP/2024-10-14/item/4"]
    status, table = debate_page(debate_server, "/queries/recommendation-debate", body="CTOC/COP/WG.2", start="2024-06-03")
    first = table_rows(table)[0]
    assert links(first[column(table, "label")]) == ["/id/meeting/CTOC-COP-WG.2/2024-06-03/recommendation/1"]
    assert links(first[column(table, "agenda_item")]) == ["/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2"]
    assert "/id/state/ARG" in links(first[column(table, "speakers")])
    assert links(first[column(table, "endorsed_by")]) == ["/id/resolution/CTOC-COP/12-2"]
    status, table = debate_page(debate_server, "/queries/state-said-and-signed", state="USA")
    by_topic = {text(r[column(table, "topic")]): r for r in table_rows(table)}
    firearms = next(r for r in table_rows(table) if links(r[column(table, "spoke_not_sponsored")]))
    assert links(firearms[column(table, "spoke_not_sponsored")]) == ["/id/resolution/CTOC-COP/12-3"]
    assert any(links(r[column(table, "sponsored_resolutions")]) == ["/id/resolution/CTOC-COP/12-4"]
               for r in by_topic.values())


# -- the web forms' column headings ---------------------------------------------------------

@pytest.mark.parametrize("name", ["act-debate", "recommendation-debate", "state-said-and-signed"])
def test_every_column_of_the_debate_queries_has_a_heading_in_both_languages(name):
    from untoc_kg.queries import get_query
    from untoc_kg.web.rendering import all_messages
    columns = get_query(name).columns
    assert columns
    for lang, found in all_messages().items():
        assert [c for c in columns if f"column_{c}" not in found] == [], lang
