"""The pages of the things people look for (issue 15): a state, a statement, a meeting, a
resolution, a topic, the lists — read through the web application on the five samples, and
checked against what the sample reports print."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from tests.conftest import SAMPLES
from tests.html_pages import by_id, parse, table_rows, text
from untoc_kg.server import create_app
from untoc_kg.view_queries import select
from untoc_kg.web.entity_lists import RECOMMENDATIONS_AT_ONCE

ID = "https://w3id.org/untoc-kg/id/"
ARG_ITEM_2 = "/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/party/ARG"
# The meetings each sample reports on (their titles); 001 is the joint meeting of two groups.
REPORT_MEETINGS = {
    "000": ["CTOC-COP-WG.2/2024-06-03"],
    "001": ["CTOC-COP-WG.2/2022-05-23", "CTOC-COP-WG.3/2022-05-23"],
    "002": ["CTOC-COP/2024-10-14"],
    "003": ["CTOC-COP-WG.3/2023-09-11"],
    "004": ["CTOC-COP-WG.2/2023-05-29"],
}


def paragraphs(sample: str) -> dict[str, str]:
    """The numbered paragraphs of a sample report as printed: number → text."""
    path = next(SAMPLES.glob(f"{sample}_*.txt"))
    found: dict[str, str] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(\d+)\.\s", line)
        if match:
            current = match.group(1)
            found[current] = line.strip()
        elif current is not None and line.strip():
            found[current] += line.strip()
    return found


@pytest.fixture(scope="module")
def client(store_all):
    with TestClient(create_app(store_all, workers=1)) as test_client:
        yield test_client


def page(client, path: str, **params):
    client.cookies.clear()           # a page asked with ?lang= leaves its cookie behind
    answer = client.get(path, params=params, headers={"Accept": "text/html"})
    assert answer.status_code == 200, (path, answer.status_code, answer.text[:500])
    return parse(answer.text)


# -- a state ----------------------------------------------------------------------------------

def test_the_united_states_attended_exactly_the_meetings_whose_attendance_lists_name_it(client):
    # Each working-group report lists the parties that attended ("下列缔约方派代表出席了会议：…");
    # the Conference's report prints only how many did (paragraph 11 of 002), so it adds none.
    expected = set()
    for sample, meetings in REPORT_MEETINGS.items():
        attendance = [t for t in paragraphs(sample).values() if re.search(r"下列缔约[方国]派代表出席了会议", t)]
        if any("美国" in t for t in attendance):
            expected |= {ID + "meeting/" + m for m in meetings}
    assert len(expected) == 5
    html = page(client, "/id/state/USA")
    rows = table_rows(by_id(html, "meetings-attended"))
    shown = {row[0].find("a").get("title"): row[2].get("data-status") for row in rows}
    assert shown == {meeting: "PartyStatus" for meeting in expected}
    assert [text(row[2]) for row in rows] == ["Party"] * 5
    # The strip of meetings × what it did there is drawn from its stored query, with its data.
    figure = by_id(html, "participation-strip-figure")
    assert figure is not None
    assert "/queries/state-profile?state=USA&format=csv" in [a.get("href") for a in figure.iter("a")]


def test_a_state_page_groups_its_statements_by_meeting_and_item_with_the_items_topic(client):
    html = page(client, "/id/state/ARG")
    statements = by_id(html, "statements")
    headings = [text(h) for h in statements.iter("h3")]
    # Argentina spoke at the joint meeting of 2022 (under items of both groups), at WG.3 in
    # 2023, at WG.2 in 2024 (paragraph 52 of 000) and at the Conference.
    assert headings[0].startswith("Working Group of Government Experts on Technical Assistance, 23 May 2022")
    assert any(h.startswith("Working Group of Government Experts on Technical Assistance, 3 June 2024") for h in headings)
    links = [a.get("href") for a in statements.iter("a")]
    assert ARG_ITEM_2 in links
    assert "/id/topic/crimes-affecting-the-environment" in links
    # An item's title is printed in Chinese: on the English page it says so.
    titles = [span for span in statements.iter("span") if span.get("lang") == "zh"]
    assert any(text(span) == "将影响环境的犯罪定为刑事犯罪" for span in titles)


def test_a_state_page_names_its_links_out(client):
    html = page(client, "/id/state/USA")
    links_out = by_id(html, "links-out")
    assert "http://www.wikidata.org/entity/Q30" in [a.get("href") for a in links_out.iter("a")]
    assert "M49 840" in text(links_out) and "ISO 3166-1 alpha-2 US" in text(links_out)


def test_a_state_page_in_chinese_is_named_in_chinese(client):
    html = page(client, "/id/state/USA", lang="zh")
    assert html.get("lang") == "zh"
    assert text(html.find(".//h1")) == "美利坚合众国"
    rows = table_rows(by_id(html, "meetings-attended"))
    assert text(rows[0][2]) == "缔约方"


# -- a statement ------------------------------------------------------------------------------

def test_a_statement_is_titled_by_who_spoke_on_which_item_where_and_when(client):
    html = page(client, ARG_ITEM_2)
    assert text(html.find(".//h1")) == "Argentina on item 2, WG.2, 3 June 2024"
    html = page(client, ARG_ITEM_2, lang="zh")
    assert text(html.find(".//h1")) == "阿根廷在 WG.2 议程项目 2 下的发言（2024年6月3日）"


def test_a_statement_shows_the_paragraph_it_was_read_from(client):
    printed = paragraphs("000")["52"]
    assert printed.startswith("52. 在议程项目 2 下") and "阿根廷" in printed
    html = page(client, ARG_ITEM_2)
    block = by_id(html, "paragraph-text")
    assert block is not None and block.get("data-paragraph") == "52" and block.get("lang") == "zh"
    shown = text(block)
    assert shown.startswith("¶ 52") and "阿根廷" in shown
    assert [text(mark) for mark in block.iter("mark")] == ["阿根廷"]      # where the speaker's name stands
    # The text as the report prints it, less the number the page shows on its own.
    assert re.sub(r"\s+", "", printed[len("52. "):]) in re.sub(r"\s+", "", shown)
    provenance = text(by_id(html, "provenance"))
    assert "CTOC/COP/WG.2/2024/5" in provenance           # the report's symbol, from 004's footnote
    assert "zh" in provenance and "statements.party#1" in provenance


def test_a_statement_under_a_joint_item_names_both_working_groups(client):
    html = page(client, "/id/meeting/CTOC-COP-WG.3/2022-05-23/item/3/statement/party/ARG")
    title = text(html.find(".//h1"))
    assert title == "Argentina on item 2, WG.2 and item 3, WG.3, 23 May 2022"
    assert by_id(html, "paragraph-text").get("data-paragraph") == "73"


# -- a meeting ----------------------------------------------------------------------------------

def test_a_meeting_page_lists_who_spoke_under_each_item_by_name(client):
    html = page(client, "/id/meeting/CTOC-COP-WG.2/2024-06-03")
    item = by_id(html, "item-2")
    speakers = item.find(".//p[@class='speakers']")
    names = [text(a) for a in speakers.iter("a")]
    # Paragraph 52 of 000: the parties that spoke under item 2, in the graph's order of roles.
    for name in ("Argentina", "Azerbaijan", "Brazil", "China", "European Union", "South Africa"):
        assert name in names
    assert "ARG" not in names
    officers = table_rows(by_id(html, "officers"))
    assert {text(row[0]) for row in officers} >= {"Co-Chair"}
    documents = table_rows(by_id(html, "documents"))
    assert "CTOC/COP/WG.2/2024/1" in [text(row[0].find("a")) for row in documents]


# -- a resolution -------------------------------------------------------------------------------

# The sponsors as the report prints them (002, paragraphs 58, 51 and 72), as codes.
SPONSORS = {
    "12-4": ["ALB", "AND", "BRA", "COL", "CRI", "DOM", "ECU", "EU", "ISR", "JPN", "MEX", "MNE", "MAR", "MKD",
             "NOR", "PER", "MDA", "ZAF", "ARE", "GBR", "USA"],
    "12-3": ["ALB", "CHL", "COL", "CRI", "DOM", "SLV", "EU", "MEX", "MNE", "MKD", "PRY", "PER", "MDA"],
    "12-2": ["ECU", "JPN", "PER", "GBR", "USA"],
}


@pytest.mark.parametrize("act", sorted(SPONSORS))
def test_a_resolution_lists_its_sponsors_in_the_order_printed(client, act):
    html = page(client, f"/id/resolution/CTOC-COP/{act}")
    shown = [li.get("data-code") for li in by_id(html, "sponsors").iter("li")]
    assert shown == SPONSORS[act]


def test_the_printed_names_of_resolution_12_4s_sponsors_stand_in_that_order(client):
    # The order above is the report's: each name is found further along paragraph 58.
    printed = paragraphs("002")["58"]
    names = ["阿尔巴尼亚", "安道尔", "巴西", "哥伦比亚", "哥斯达黎加", "多米尼加共和国", "厄瓜多尔", "欧洲联盟",
             "以色列", "日本", "墨西哥", "黑山", "摩洛哥", "北马其顿", "挪威", "秘鲁", "摩尔多瓦共和国", "南非",
             "阿拉伯联合酋长国", "联合王国", "美国"]
    places = [printed.index(name) for name in names]
    assert places == sorted(places) and len(names) == len(SPONSORS["12-4"])


def test_a_resolution_shows_its_paragraphs_in_printed_order_and_who_explained_a_vote(client):
    html = page(client, "/id/resolution/CTOC-COP/12-4")
    operative = by_id(html, "operative-paragraphs").findall(".//p")
    assert [p.get("data-order") for p in operative] == [str(n) for n in range(1, len(operative) + 1)]
    assert text(operative[0]).startswith("1.")
    preamble = by_id(html, "preambular-paragraphs").findall(".//p")
    assert text(preamble[0]).startswith("回顾大会 2021 年 12 月 16 日")
    # Paragraphs 59 and 60 of 002: the delegations that spoke after the adoption of 12/4.
    explained = {a.get("href").split("/after-action/")[1].split("/")[0] for a in by_id(html, "explanations").iter("a")}
    assert {"AUS", "BRA", "CAN", "USA", "RUS", "IRN"} <= explained
    recalls = [a.get("href") for a in by_id(html, "recalls").iter("a")]
    assert "/id/resolution/A-RES/76-185" in recalls


# -- a topic, the lists -------------------------------------------------------------------------

def test_the_topics_list_counts_the_items_statements_recommendations_and_acts_of_each_topic(client, store_all):
    html = page(client, "/topics")
    rows = {row.get("data-topic"): [text(td) for td in row.findall("td")]
            for row in by_id(html, "list").find("tbody").findall("tr")}
    assert len(rows) == 21
    # Crimes that affect the environment: item 2 of WG.2 in 2024 (000), the joint item of 2022
    # (001: item 2 of WG.2, item 3 of WG.3), and resolution 12/4 of the Conference (002).
    environment = rows["crimes-affecting-the-environment"]
    assert environment[0] == "Crimes that affect the environment"
    assert environment[2] == "3" and environment[5] == "1"
    # The counts against the report graphs, read another way (not through the serving layer).
    statements = {row["statement"].value for item in ("CTOC-COP-WG.2/2024-06-03/item/2", "CTOC-COP-WG.2/2022-05-23/item/2",
                                                      "CTOC-COP-WG.3/2022-05-23/item/3")
                  for row in select(store_all, "item-speakers", {"item": ID + "meeting/" + item})}
    assert environment[3] == str(len(statements))
    recommendations = {row["recommendation"].value for row in select(
        store_all, "topic-recommendations", {"topic": ID + "topic/crimes-affecting-the-environment"})}
    assert environment[4] == str(len(recommendations)) != "0"


def test_a_topic_page_draws_the_states_that_spoke_on_it_meeting_by_meeting(client):
    html = page(client, "/id/topic/crimes-affecting-the-environment")
    assert by_id(html, "topic-heatmap-figure") is not None
    speakers = table_rows(by_id(html, "topic-speakers-table"))
    argentina = next(row for row in speakers if text(row[0]) == "Argentina")
    # Argentina spoke on it at the joint meeting of 2022 (once: one occasion) and in 2024.
    assert text(argentina[1]) == "2" and text(argentina[2]) == "23 May 2022; 3 June 2024"


def test_lists_sort_and_filter_on_the_server_and_keep_the_language(client):
    html = page(client, "/states", sort="statements", order="desc", lang="zh")
    rows = table_rows(by_id(html, "list"))
    counts = [int(text(row[3])) for row in rows]
    assert counts == sorted(counts, reverse=True)
    header_links = [a.get("href") for a in by_id(html, "list").find("thead").iter("a")]
    assert all("lang=zh" in href for href in header_links)
    everyone = int(by_id(page(client, "/states"), "list-count").get("data-total"))
    at_wg3 = int(by_id(page(client, "/states", body="CTOC/COP/WG.3"), "list-count").get("data-total"))
    assert 0 < at_wg3 < everyone


def test_a_list_says_what_is_wrong_with_a_filter_and_offers_the_choices(client):
    client.cookies.clear()
    answer = client.get("/states", params={"body": "CTOC/COP/WG.9"})
    assert answer.status_code == 400
    html = parse(answer.text)
    problem = by_id(html, "list-problem")
    assert "CTOC/COP/WG.9" in text(problem)
    assert "/states?body=CTOC%2FCOP%2FWG.2" in [a.get("href") for a in problem.iter("a")]


def test_the_recommendations_list_shows_them_all_when_they_are_few(client):
    html = page(client, "/recommendations")
    total = int(by_id(html, "list-count").get("data-total"))
    assert total == 115 < RECOMMENDATIONS_AT_ONCE
    endorsed = int(by_id(page(client, "/recommendations", endorsed="yes"), "list-count").get("data-total"))
    # The 52 annex paragraphs the links matched, and 37 stated in prose: all 25 of WG.3's 2022
    # meeting (11/1) and the 12 of WG.2's share of the joint thematic discussion (11/3).
    assert endorsed == 52 + 25 + 12


# -- the fallback --------------------------------------------------------------------------------

def test_a_node_without_a_page_of_its_own_and_view_triples_get_the_generic_page(client):
    sitting = page(client, "/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/1")
    assert by_id(sitting, "properties") is not None
    state = page(client, "/id/state/USA", view="triples")
    assert by_id(state, "properties") is not None and by_id(state, "meetings-attended") is None
