"""The site in a real browser (headless Chromium, tests/browser.py) on a real `untoc-kg serve`
over the five samples: what a reader does, step by step, and what they see at phone width.

Set UNTOC_KG_SCREENSHOTS=/some/folder to keep a PNG of each page looked at, at 1280 and 390 px.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.browser import browser, screenshots_folder, served  # noqa: F401 — fixtures
from tests.conftest import SAMPLES
from untoc_kg.queries import run_query
from untoc_kg.store import GraphStore

HAN = re.compile(r"[\u4e00-\u9fff]")
OTHER_TOPIC = "international-cooperation"


@pytest.fixture(scope="module")
def reader_store(served):
    """The served store, opened beside the server (readers share it) for the expected answers."""
    store = GraphStore(served.store, read_only=True)
    try:
        yield store
    finally:
        store.close()


def _squares(browser, plot_id: str) -> int:
    """The cells plotly drew as square markers: one SVG path.point each (figures.py)."""
    return len(browser.all(f"#{plot_id} .scatterlayer path.point"))


def _normalized(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_reader_goes_from_a_state_to_the_paragraph_and_draws_the_flagship(browser, reader_store):
    # The home page, with the search box on it.
    browser.open("/")
    box = browser.find("input#q")
    # Search for a state by its name.
    box.send_keys("Argentina")
    box.submit()
    results = browser.find("#search-results")
    link = next(a for a in results.find_elements("css selector", "a") if "Argentina" in a.text)
    link.click()
    # Its page: the state by name.
    heading = browser.find("h1")
    assert "Argentina" in heading.text
    assert browser.path().startswith("/id/state/ARG")
    # A statement it made, and the paragraph of the report it was read from.
    statement = browser.find("a[href*='/statement/']")
    statement.click()
    paragraph = browser.find("#paragraph-text")
    # The paragraph as the report prints it, after its number (shown as "¶ 73").
    text = re.sub(r"^¶\s*\S+\s*", "", paragraph.text.strip())
    assert len(text) > 20
    reports = "".join(_normalized(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt")))
    assert _normalized(text) in reports, "the paragraph shown is not a paragraph of the reports"

    # The flagship query's form, run with another topic.
    browser.open("/queries/states-on-topic")
    form = browser.find("form#query-form")
    topic = form.find_element("css selector", "select[name='topic']")
    topic.find_element("css selector", f"option[value='{OTHER_TOPIC}']").click()
    minimum = form.find_element("css selector", "input[name='min_meetings']")
    minimum.clear()
    minimum.send_keys("1")
    form.submit()
    # The table of the page the form leads to, not the one it leaves (found before the load, it
    # goes stale under the reader).
    browser.wait(lambda d: f"topic={OTHER_TOPIC}" in d.current_url)
    table = browser.find("table#results")
    expected = run_query(reader_store, "states-on-topic", {"topic": OTHER_TOPIC, "min_meetings": "1", "lang": "en"})
    assert expected.rows, "the other topic should have speakers in the samples"
    assert len(table.find_elements("css selector", "tbody tr")) == len(expected.rows)
    assert f"topic={OTHER_TOPIC}" in browser.path()

    # Its picture: one square per state and meeting it spoke at.
    browser.open("/pictures/topic?" + urlencode({"topic": OTHER_TOPIC, "min_meetings": "1"}))
    browser.drawn("picture-topic")
    meetings = expected.columns.index("meetings")
    assert _squares(browser, "picture-topic") == sum(int(row[meetings]) for row in expected.rows)
    # …and the rows named by the states, in the order of the table.
    # (A long name is drawn on two lines, plotly's tspan.line each: read back with a space.)
    ticks = [" ".join(line.text for line in t.find_elements("css selector", "tspan.line")) or t.text
             for t in browser.all("#picture-topic .yaxislayer-above .ytick text")]
    labels = expected.columns.index("speaker_label")
    assert ticks == [row[labels] for row in expected.rows]

    # Chinese: the same page in Chinese, and the choice kept on the next page.
    browser.find("#lang-zh").click()
    browser.wait(lambda d: d.find_element("css selector", "html").get_attribute("lang") == "zh")
    assert HAN.search(browser.find("h1").text)
    browser.drawn("picture-topic")
    ticks = [t.text for t in browser.all("#picture-topic .yaxislayer-above .ytick text")]
    assert "阿根廷" in ticks
    browser.open("/")
    assert browser.find("html").get_attribute("lang") == "zh"
    # The home page's title is the project's name; its sections are headed in Chinese.
    assert browser.find("h1").text == "untoc-kg"
    assert all(HAN.search(h2.text) for h2 in browser.all("main h2")), [h2.text for h2 in browser.all("main h2")]
    browser.find("#lang-en").click()
    browser.wait(lambda d: d.find_element("css selector", "html").get_attribute("lang") == "en")


PICTURES = ["/pictures/", "/pictures/participation", "/pictures/topic", "/pictures/timeline",
            "/pictures/co-sponsorship", "/pictures/endorsements"]


@pytest.mark.parametrize("path", PICTURES)
def test_each_picture_is_drawn_and_fits_a_phone(browser, path):
    shots = screenshots_folder()
    for width in (1280, 390):
        browser.resize(width)
        browser.open(path + ("&" if "?" in path else "?") + "lang=en")
        plots = browser.all("div.plot[data-figure]")
        for plot in plots:
            browser.drawn(plot.get_attribute("id"))
            assert browser.all(f"#{plot.get_attribute('id')} svg.main-svg"), "plotly drew no SVG"
        assert (len(plots) == 1) == (path != "/pictures/")
        # Nothing cut off or pushing the page sideways: a wide figure scrolls inside its box.
        assert browser.overflow() == 0, f"{path} is {browser.overflow()} px wider than a {width} px window"
        if shots:
            browser.screenshot(shots / f"pictures-{path.strip('/').replace('/', '-') or 'index'}-{width}.png")
    browser.resize(1280)


def test_the_participation_heatmap_has_a_cell_per_attendance(browser, reader_store):
    browser.open("/pictures/participation?lang=en")
    browser.drawn("picture-participation")
    drawn = browser.script("var d = document.getElementById('picture-participation').data[0];"
                           "return [d.y.length, d.x.length, d.z.flat().filter(v => v !== null).length];")
    attendance = run_query(reader_store, "attendance")
    states = {row[0].value for row in reader_store.query(
        "PREFIX untoc: <https://w3id.org/untoc-kg/ontology#> SELECT DISTINCT ?code WHERE { "
        "{ ?a a untoc:State } UNION { ?a a untoc:RegionalEconomicIntegrationOrganization } ?a untoc:code ?code }")}
    code, body, start = (attendance.columns.index(c) for c in ("participant_code", "body", "meeting_start"))
    of_states = [row for row in attendance.rows if row[code] in states]
    assert drawn == [len({row[code] for row in of_states}), len({(row[body], row[start]) for row in attendance.rows}),
                     len(of_states)]
    # The heatmap is drawn as an image inside plotly's SVG (one element for every cell).
    assert browser.all("#picture-participation .heatmaplayer image")


def test_a_state_page_shows_its_participation_strip(browser, reader_store):
    shots = screenshots_folder()
    for width in (1280, 390):
        browser.resize(width)
        browser.open("/id/state/ARG?lang=en")
        plots = browser.all("div.plot[data-figure]")
        assert plots, "the state page draws no picture"
        for plot in plots:
            browser.drawn(plot.get_attribute("id"))
        assert browser.overflow() == 0, f"the state page is {browser.overflow()} px wider than a {width} px window"
        if shots:
            browser.screenshot(shots / f"state-ARG-{width}.png")
    browser.resize(1280)
    profile = run_query(reader_store, "state-profile", {"state": "ARG"})
    meetings = {(row[1], row[0]) for row in profile.rows}
    strip = plots[0].get_attribute("id")
    drawn = browser.script(f"return document.getElementById('{strip}').layout.xaxis.categoryarray.length;")
    assert drawn == len(meetings)


def test_plotly_is_served_by_the_site(served):
    import urllib.request
    with urllib.request.urlopen(served.url + "/static/vendor/plotly.min.js", timeout=30) as response:
        body = response.read()
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/javascript")
    import plotly
    assert body == (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
