"""The stored queries as forms (issue 15): a real server on the five samples, read as a browser
reads the pages. The menus hold the store's topics, states and bodies with their labels; a wrong
value gives a page that says what is wrong and offers the choices; the rows link what they name.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from tests.html_pages import by_id, column, links, options, parse, table_rows, text
from tests.servers import Running, samples_on_disk
from tests.test_server import fetch
from untoc_kg.queries import run_query
from untoc_kg.resources import data_file
from untoc_kg.server import create_app
from untoc_kg.vocab import TOPIC

HTML = "text/html,application/xhtml+xml,*/*;q=0.8"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    with samples_on_disk(tmp_path_factory, "forms") as store:
        yield store


@pytest.fixture(scope="module")
def server(disk_store):
    running = Running(create_app(disk_store, timeout=30, limit=1000, workers=1))
    yield running.url
    running.stop()


def page(server, path, **params):
    query = ("?" + urllib.parse.urlencode(params)) if params else ""
    status, headers, body = fetch(server + path + query, headers={"Accept": HTML})
    return status, headers, parse(body), body.decode("utf-8")


def topic_labels(lang: str) -> dict[str, str]:
    """Every topic of ontology/topics.ttl: key → preferred label in `lang`."""
    graph = Graph().parse(data_file("ontology", "topics.ttl"), format="turtle")
    return {str(s)[len(str(TOPIC)):]: str(o) for s, o in graph.subject_objects(SKOS.prefLabel)
            if o.language == lang and (s, SKOS.inScheme, None) in graph}


def test_the_flagship_form_lists_the_topics_with_their_labels(server):
    status, _, html, _ = page(server, "/queries/states-on-topic")
    assert status == 200
    form = by_id(html, "query-form")
    assert form is not None and form.get("action") == "/queries/states-on-topic"
    topics = options(by_id(html, "param-topic"))
    assert topics == topic_labels("en")
    assert topics["organized-fraud"] == "Organized fraud"
    # The default is the one in force; the number field and the switches are what the header says.
    assert by_id(html, "param-topic").find(".//option[@selected]").get("value") == "crimes-affecting-the-environment"
    assert by_id(html, "param-min_meetings").get("type") == "number"
    assert by_id(html, "param-min_meetings").get("value") == "2"
    assert set(options(by_id(html, "param-include_panellists"))) == {"no", "yes"}
    assert options(by_id(html, "param-lang")) == {"en": "English", "zh": "Chinese"}
    # Every field has its label.
    for field in form.iter("select"):
        assert form.find(f".//label[@for='{field.get('id')}']") is not None


def test_the_flagship_form_submitted_with_another_topic(server, disk_store):
    status, headers, html, body = page(server, "/queries/states-on-topic", topic="organized-fraud", min_meetings="1")
    assert status == 200
    expected = run_query(disk_store, "states-on-topic", {"topic": "organized-fraud", "min_meetings": "1"})
    assert expected.rows
    table = by_id(html, "results")
    rows = table_rows(table)
    code = column(table, "speaker_code")
    # The code cell names the state by its label and links to its page; the code is its tooltip.
    assert [row[code].find("a").get("title") for row in rows] == [r[0] for r in expected.rows]
    assert [row[code].find("a").get("href") for row in rows][:1] == ["/id/state/" + expected.rows[0][0]]
    assert [text(row[code]) for row in rows] == [r[1] for r in expected.rows]
    # The values in force are shown, the topic by its label.
    in_force = text(by_id(html, "in-force"))
    assert "topic = Organized fraud" in in_force and "min_meetings = 1" in in_force
    assert by_id(html, "param-topic").find(".//option[@selected]").get("value") == "organized-fraud"


def test_an_unknown_topic_says_so_and_offers_the_topics(server):
    status, _, html, body = page(server, "/queries/states-on-topic", topic="no-such-topic")
    assert status == 400
    assert "There is no topic “no-such-topic” in this graph" in text(by_id(html, "problems"))
    assert by_id(html, "results") is None                  # no empty table
    offered = links(html.find(".//ul[@class='choices']"))
    assert len(offered) == len(topic_labels("en")) == 21
    targets = [urllib.parse.urlsplit(href) for href in offered]
    assert {t.path for t in targets} == {"/queries/states-on-topic"}
    assert {"topic": ["organized-fraud"], "lang": ["en"]} in [urllib.parse.parse_qs(t.query) for t in targets]


def test_state_profile_without_a_state_shows_its_form(server):
    status, _, html, _ = page(server, "/queries/state-profile")
    assert status == 200
    states = options(by_id(html, "param-state"))
    assert states["PER"] == "Peru (PER)" and states["EU"] == "European Union (EU)"
    assert states[""] == "— choose —"
    assert "Choose a state or organization" in text(by_id(html, "problems"))
    assert by_id(html, "results") is None
    status, _, html, _ = page(server, "/queries/state-profile", state="PER")
    assert status == 200 and table_rows(by_id(html, "results"))


def test_a_wrong_value_is_a_page_that_says_what_is_wrong(server):
    status, _, html, _ = page(server, "/queries/state-profile", state="XXX")
    assert status == 400
    assert "No state or organization in this graph has the code “XXX”" in text(by_id(html, "problems"))
    assert "/queries/state-profile?state=PER" in links(html.find(".//ul[@class='choices']"))
    status, _, html, _ = page(server, "/queries/states-on-topic", min_meetings="two")
    assert status == 400 and "takes a whole number, 0 or more, not “two”" in text(by_id(html, "problems"))
    status, _, html, _ = page(server, "/queries/statements", colour="red")
    assert status == 400 and "has no parameter “colour”" in text(by_id(html, "problems"))
    status, _, html, _ = page(server, "/queries/attendance", body="CTOC/COP/WG.9")
    assert status == 400 and "No body in this graph has the symbol “CTOC/COP/WG.9”" in text(by_id(html, "problems"))
    # Programs still get the sentence of the command line, as before.
    status, _, body = fetch(server + "/queries/statements?colour=red")
    assert status == 400 and body.decode().startswith("The query statements has no parameter colour")


def test_a_federated_query_is_not_offered_as_runnable(server):
    for path in ("/", "/queries/"):
        _, _, html, body = page(server, path)
        assert 'href="/queries/federated-states"' not in body and "federated-states" in body
    status, _, html, body = page(server, "/queries/federated-states")
    assert status == 403 and "--allow-service" in body and by_id(html, "query-form") is None


def test_every_cell_that_names_a_resource_links_to_it(server, disk_store):
    status, _, html, _ = page(server, "/queries/statements", state="ARG")
    table = by_id(html, "results")
    rows = table_rows(table)
    expected = run_query(disk_store, "statements", {"state": "ARG"})
    assert len(rows) == len(expected.rows) > 0
    first = dict(zip(expected.columns, expected.rows[0]))
    cells = dict(zip(expected.columns, rows[0]))
    meeting = f"/id/meeting/{first['body'].replace('/', '-')}/{first['meeting_start']}"
    assert cells["body"].find("a").get("href") == "/id/body/" + first["body"].replace("/", "-")
    assert cells["meeting_start"].find("a").get("href") == meeting
    assert cells["agenda_item"].find("a").get("href") == f"{meeting}/item/{first['agenda_item']}"
    assert cells["speaker_code"].find("a").get("href") == "/id/state/ARG"
    assert text(cells["role"]) == "Party delegation"         # the role by its label, not its notation
    # Each link is a page of this server.
    for href in {cells[c].find("a").get("href") for c in ("body", "meeting_start", "agenda_item", "speaker_code")}:
        assert fetch(server + href, headers={"Accept": "text/turtle"})[0] == 200
    # Acts and their sponsors, several in a cell.
    status, _, html, _ = page(server, "/queries/resolutions")
    table = by_id(html, "results")
    row = next(r for r in table_rows(table) if text(r[column(table, "symbol")]) == "12/1"
               and text(r[column(table, "kind")]) == "resolution")
    assert row[column(table, "symbol")].find("a").get("href") == "/id/resolution/CTOC-COP/12-1"
    assert links(row[column(table, "sponsors")]) == ["/id/state/ECU", "/id/state/JPN", "/id/state/USA"]


def test_sorting_by_a_column_sorts_the_whole_answer(server, disk_store):
    full = run_query(disk_store, "statements", {"state": "USA"})
    starts = sorted((r[1] for r in full.rows), reverse=True)
    status, _, html, _ = page(server, "/queries/statements", state="USA", sort="-meeting_start", limit="10")
    table = by_id(html, "results")
    index = column(table, "meeting_start")
    assert [text(r[index]) for r in table_rows(table)] == starts[:10]
    assert table.find(".//th[@aria-sort='descending']").get("data-column") == "meeting_start"
    # The next page goes on in the same order.
    status, _, html, _ = page(server, "/queries/statements", state="USA", sort="-meeting_start", limit="10", offset="10")
    assert [text(r[index]) for r in table_rows(by_id(html, "results"))] == starts[10:20]
    # Numbers sort as numbers.
    status, _, html, _ = page(server, "/queries/statements", state="USA", sort="agenda_item")
    table = by_id(html, "results")
    items = [text(r[column(table, "agenda_item")]) for r in table_rows(table)]
    assert items == sorted(items, key=lambda n: float(n) if n.isdigit() else 1e9)
    status, _, html, _ = page(server, "/queries/statements", sort="colour")
    assert status == 400 and "cannot be sorted by “colour”" in text(by_id(html, "problems"))
    # Every column's own sort link works, both ways (topic-timeline's answer names a column its
    # header calls otherwise).
    status, _, html, _ = page(server, "/queries/topic-timeline")
    for href in links(by_id(html, "results").find("thead")):
        status, _, sorted_page, _ = page(server, href)
        assert status == 200, href
        again = links(by_id(sorted_page, "results").find("thead"))
        assert any("sort=-" in h for h in again), href


def test_labels_follow_the_page_language(server):
    status, _, html, _ = page(server, "/queries/states-on-topic", lang="zh")
    assert html.get("lang") == "zh"
    table = by_id(html, "results")
    names = [text(r[column(table, "speaker_label")]) for r in table_rows(table)]
    assert "阿根廷" in names
    assert options(by_id(html, "param-topic"))["organized-fraud"] == "有组织欺诈"
    # The query's own title and description are English: marked as such on a Chinese page.
    assert by_id(html, "main").find("h1/span").get("lang") == "en"


def test_the_data_links_give_the_answer_the_page_shows(server):
    status, _, body = fetch(server + "/queries/states-on-topic", headers={"Accept": HTML, "Cookie": "lang=zh"})
    html = parse(body)
    json_link = next(a.get("href") for a in by_id(html, "in-force").iter("a") if text(a) == "JSON")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(json_link).query)["lang"] == ["zh"]
    status, _, data = fetch(server + json_link)
    shown = [text(r[1]) for r in table_rows(by_id(html, "results"))]
    assert [row["speaker_label"] for row in json.loads(data)] == shown and "阿根廷" in shown
