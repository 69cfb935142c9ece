"""The pictures (untoc_kg/web/pictures.py, figures.py): each figure drawn from the five samples
has the cells its stored query's rows say, with labels in the language asked for."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from untoc_kg.queries import run_query
from untoc_kg.web import figures, pictures
from untoc_kg.web.rendering import messages

TOPIC = "https://w3id.org/untoc-kg/id/topic/"
STATE_CODES = """
PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
SELECT DISTINCT ?code WHERE {
  { ?agent a untoc:State } UNION { ?agent a untoc:RegionalEconomicIntegrationOrganization }
  ?agent untoc:code ?code }
"""


@pytest.fixture(scope="module")
def labels_en(store_all):
    return pictures.labels(store_all, "en")


@pytest.fixture(scope="module")
def labels_zh(store_all):
    return pictures.labels(store_all, "zh")


def rows(result):
    return [dict(zip(result.columns, row)) for row in result.rows]


def points(figure):
    """(x, y) of every marker a figure draws."""
    return [(x, y) for trace in figure["data"] if "markers" in (trace.get("mode") or "")
            for x, y in zip(trace["x"], trace["y"])]


# -- participation -------------------------------------------------------------------------------

def test_participation_heatmap_is_the_attending_states_by_the_meetings(store_all, labels_en):
    attendance = rows(run_query(store_all, "attendance"))
    states = {s[0].value for s in store_all.query(STATE_CODES)}
    of_states = [r for r in attendance if r["participant_code"] in states]
    figure = figures.participation_heatmap(run_query(store_all, "attendance"), labels_en, messages("en"))
    heatmap = figure["data"][0]
    assert heatmap["type"] == "heatmap"
    # As many rows as attendance lists distinct states, as many columns as meetings.
    assert sorted(heatmap["y"]) == sorted({r["participant_code"] for r in of_states})
    assert len(heatmap["y"]) == 116
    assert heatmap["x"] == ["CTOC/COP/WG.2 2022-05-23", "CTOC/COP/WG.3 2022-05-23", "CTOC/COP/WG.2 2023-05-29",
                            "CTOC/COP/WG.3 2023-09-11", "CTOC/COP/WG.2 2024-06-03"]
    # A filled cell for each state at each meeting it attended, coloured by its status.
    assert figures.cell_count(figure) == len(of_states) == 415
    statuses = heatmap["colorbar"]["ticktext"]
    assert statuses == ["Party", "Signatory"]
    row, column = heatmap["y"].index("ARG"), heatmap["x"].index("CTOC/COP/WG.2 2024-06-03")
    assert statuses[heatmap["z"][row][column]] == "Party"
    # Rows are named by the states' labels, never by their codes.
    assert dict(zip(figure["layout"]["yaxis"]["tickvals"], figure["layout"]["yaxis"]["ticktext"]))["ARG"] == "Argentina"


def test_participation_heatmap_of_every_participant_and_of_one_body(store_all, labels_en):
    every = figures.participation_heatmap(run_query(store_all, "attendance"), labels_en, messages("en"), who="all")
    assert len(every["data"][0]["y"]) == 140          # 116 states and 24 organizations
    assert figures.cell_count(every) == 458
    one = figures.participation_heatmap(run_query(store_all, "attendance", {"body": "CTOC/COP/WG.3"}),
                                        labels_en, messages("en"))
    assert one["data"][0]["x"] == ["CTOC/COP/WG.3 2022-05-23", "CTOC/COP/WG.3 2023-09-11"]


# -- the flagship --------------------------------------------------------------------------------

def test_flagship_matrix_has_exactly_the_states_of_states_on_topic(store_all, labels_en):
    result = run_query(store_all, "states-on-topic", {"lang": "en"})
    answer = rows(result)
    figure = figures.topic_matrix(result, labels_en, messages("en"),
                                  pictures.statements_href("en", "crimes-affecting-the-environment"))
    assert figure["layout"]["yaxis"]["categoryarray"] == [r["speaker_code"] for r in answer]
    assert figure["layout"]["yaxis"]["categoryarray"] == ["ARG", "BRA", "CHN", "EU", "IND", "IRN", "MEX", "RUS",
                                                          "USA", "ZAF"]
    # One square per state and meeting it spoke at: the meetings column, cell by cell.
    expected = sorted((d, r["speaker_code"]) for r in answer for d in r["meeting_starts"].split(";"))
    assert sorted(points(figure)) == expected
    assert figures.cell_count(figure) == sum(int(r["meetings"]) for r in answer) == 20
    assert figure["layout"]["xaxis"]["categoryarray"] == ["2022-05-23", "2024-06-03"]
    # Each square leads to the statements it stands for.
    square = figure["data"][0]
    assert square["customdata"][0] == "/queries/statements?state=ARG&topic=crimes-affecting-the-environment&lang=en"


def test_flagship_matrix_for_another_topic_in_chinese(store_all, labels_zh):
    result = run_query(store_all, "states-on-topic", {"topic": "international-cooperation", "min_meetings": "1",
                                                      "lang": "zh"})
    figure = figures.topic_matrix(result, labels_zh, messages("zh"))
    codes = figure["layout"]["yaxis"]["categoryarray"]
    assert codes == [r["speaker_code"] for r in rows(result)] and codes
    ticks = dict(zip(codes, figure["layout"]["yaxis"]["ticktext"]))
    assert ticks["ARG"] == "阿根廷"
    assert figure["layout"]["xaxis"]["title"]["text"] == "会议"


def test_topic_heatmap_counts_one_meeting_too(store_all):
    figure = pictures.topic_heatmap(store_all, TOPIC + "crimes-affecting-the-environment", "en")
    once_or_more = rows(run_query(store_all, "states-on-topic", {"min_meetings": "1"}))
    assert figure["layout"]["yaxis"]["categoryarray"] == [r["speaker_code"] for r in once_or_more]
    assert len(once_or_more) == 22
    assert figures.cell_count(figure) == 32     # ten states at two meetings, twelve at one


# -- timeline, network, endorsements -----------------------------------------------------------------

def test_timeline_has_a_circle_per_topic_and_meeting_by_body(store_all, labels_en):
    result = run_query(store_all, "topic-timeline")
    figure = figures.timeline(result, labels_en, messages("en"), pictures.topic_href)
    assert [trace["name"] for trace in figure["data"]] == ["COP", "WG.2", "WG.3"]
    assert sorted(points(figure)) == sorted((f"{r['body']} {r['meeting_start']}", r["topic_key"]) for r in rows(result))
    assert len(points(figure)) == 39
    # A column per meeting: the joint meeting of WG.2 and WG.3 is two columns, side by side.
    assert figure["layout"]["xaxis"]["categoryarray"][:2] == ["CTOC/COP/WG.2 2022-05-23", "CTOC/COP/WG.3 2022-05-23"]
    sizes = {(x, y): size for trace in figure["data"]
             for x, y, size in zip(trace["x"], trace["y"], trace["marker"]["size"])}
    assert sizes[("CTOC/COP/WG.2 2022-05-23", "crimes-affecting-the-environment")] == 18
    ticks = dict(zip(figure["layout"]["yaxis"]["tickvals"], figure["layout"]["yaxis"]["ticktext"]))
    assert ticks["crimes-affecting-the-environment"] == "Crimes that affect the environment"
    # A long label is wrapped, in a smaller font.
    assert ticks["implementation-review-mechanism"] == ('<span style="font-size:10px">Mechanism for the Review of<br>'
                                                        "the Implementation of the<br>Convention and the Protocols</span>")


def test_cosponsorship_network_has_a_node_per_sponsor_and_a_line_per_pair(store_all, labels_en):
    result = run_query(store_all, "co-sponsorship")
    pairs = rows(result)
    figure = figures.cosponsorship_network(result, labels_en, messages("en"), pictures.sponsor_href)
    nodes = figure["data"][-1]
    sponsors = {r["sponsor_a"] for r in pairs} | {r["sponsor_b"] for r in pairs}
    assert len(nodes["x"]) == len(sponsors) == 24
    assert "Ecuador" in nodes["text"] and "ECU" not in nodes["text"]
    lines = sum(trace["x"].count(None) for trace in figure["data"][:-1])
    assert lines == len(pairs) == 243
    # The thickest lines are the pairs with the most acts together (three: 12/1, 12/2, 12/4).
    heaviest = figure["data"][-2]
    assert heaviest["x"].count(None) == sum(1 for r in pairs if r["together"] == "3") == 3
    # The same layout every time.
    again = figures.cosponsorship_network(result, labels_en, messages("en"), pictures.sponsor_href)
    assert again["data"][-1]["x"] == nodes["x"]


def test_endorsement_sankey_flows_from_meetings_to_resolutions(store_all, labels_en):
    result = run_query(store_all, "endorsement-chain")
    figure = figures.endorsement_sankey(result, labels_en, messages("en"))
    sankey = figure["data"][0]
    names = sankey["node"]["label"]
    assert names == ["WG.2 · 2022-05-23", "WG.3 · 2022-05-23", "WG.2 · 2023-05-29", "WG.3 · 2023-09-11",
                     "WG.2 · 2024-06-03", "resolution or decision 11/1", "resolution or decision 11/3",
                     "resolution or decision 12/1", "resolution or decision 12/2", "Not (yet) endorsed"]
    flows = Counter()
    for source, target, value in zip(sankey["link"]["source"], sankey["link"]["target"], sankey["link"]["value"]):
        flows[(names[source], names[target])] += value
    # The 2022 joint meeting: endorsed in prose by 11/1 (all of WG.3's 25) and 11/3 (the 12 of the
    # joint thematic discussion, in each group's meeting), the rest of WG.2's 38 not (yet).
    assert flows == {("WG.2 · 2022-05-23", "resolution or decision 11/3"): 12,
                     ("WG.2 · 2022-05-23", "Not (yet) endorsed"): 26,
                     ("WG.3 · 2022-05-23", "resolution or decision 11/1"): 25,
                     ("WG.3 · 2022-05-23", "resolution or decision 11/3"): 12,
                     ("WG.2 · 2023-05-29", "resolution or decision 12/2"): 11,
                     ("WG.3 · 2023-09-11", "resolution or decision 12/1"): 17,
                     ("WG.2 · 2024-06-03", "resolution or decision 12/2"): 24}
    # A recommendation two acts endorsed flows to both: the 12 of WG.3's joint thematic discussion.
    assert sum(flows.values()) == len({(r["body"], r["meeting_start"], r["order"]) for r in rows(result)}) + 12


# -- one state --------------------------------------------------------------------------------------

def test_participation_strip_of_a_state(store_all):
    figure = pictures.participation_strip(store_all, "https://w3id.org/untoc-kg/id/state/ARG", "en")
    by_row = {trace["name"]: dict(zip(trace["x"], trace["text"])) for trace in figure["data"]}
    assert list(by_row) == ["Attended as Party", "Spoke as Party delegation", "Panellists for it"]
    assert list(by_row["Attended as Party"]) == ["CTOC/COP/WG.2 2022-05-23", "CTOC/COP/WG.3 2022-05-23",
                                                 "CTOC/COP/WG.2 2023-05-29", "CTOC/COP/WG.3 2023-09-11",
                                                 "CTOC/COP/WG.2 2024-06-03"]
    # The agenda items Argentina spoke under, meeting by meeting (queries/state-profile.rq).
    assert by_row["Spoke as Party delegation"] == {"CTOC/COP/WG.2 2022-05-23": "2", "CTOC/COP/WG.3 2022-05-23": "2",
                                                   "CTOC/COP/WG.3 2023-09-11": "3", "CTOC/COP/WG.2 2024-06-03": "1",
                                                   "CTOC/COP 2024-10-14": "1"}
    assert by_row["Panellists for it"] == {"CTOC/COP/WG.3 2023-09-11": "2"}
    assert figure["layout"]["xaxis"]["categoryarray"][-1] == "CTOC/COP 2024-10-14"
    clicked = figure["data"][0]["customdata"][0]
    assert clicked == "/id/meeting/CTOC-COP-WG.2/2022-05-23"


def test_participation_strip_in_chinese(store_all):
    figure = pictures.participation_strip(store_all, "https://w3id.org/untoc-kg/id/state/ARG", "zh")
    assert [trace["name"] for trace in figure["data"]] == ["以缔约方身份出席", "以缔约方代表身份发言",
                                                           "代表该国的专题主讲人"]
    hover = " ".join(figure["data"][1]["hovertext"])
    assert "议程项目 2" in hover and " as " not in hover


def test_participation_strip_of_an_unknown_agent_says_so(store_all):
    from untoc_kg.errors import UntocError
    with pytest.raises(UntocError, match="not a state or organization"):
        pictures.participation_strip(store_all, "https://w3id.org/untoc-kg/id/state/XXX", "en")


def test_figures_are_plain_json(store_all):
    """What the macro writes into the page: JSON that plotly.js reads, with no Python objects."""
    figure = pictures.topic_heatmap(store_all, TOPIC + "organized-fraud", "zh")
    assert json.loads(json.dumps(figure)) == figure



def test_numpy_is_imported_before_any_thread_draws():
    """The server draws pictures in several threads at once. plotly imports numpy on first
    use and looks it up in sys.modules while another thread is still importing it: the first
    pictures of a served process, drawn together, failed with "partially initialized module
    'numpy'" (500s, seen in the crawl). figures.py imports numpy itself, at import time."""
    import subprocess
    import sys
    from pathlib import Path
    done = subprocess.run([sys.executable, "-c", "import sys, untoc_kg.web.figures; assert 'numpy' in sys.modules"],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_many_meetings_stand_on_a_time_axis(labels_en):
    """Past figures.MOST_COLUMNS meetings (a thousand reports span decades) the columns are the
    meetings' start dates on a time axis, and the figure is as wide as its page."""
    from untoc_kg.queries import QueryResult
    starts = [f"{1990 + k}-05-01" for k in range(figures.MOST_COLUMNS + 5)]
    attendance = QueryResult(["body", "meeting_start", "participant_code", "status"],
                             [["CTOC/COP/WG.2", s, "ARG", "party"] for s in starts]
                             + [["CTOC/COP/WG.3", starts[0], "ARG", "signatory"]])
    figure = figures.participation_heatmap(attendance, labels_en, messages("en"))
    assert figure["layout"]["xaxis"]["type"] == "date" and "width" not in figure["layout"]
    # The joint meeting's two rows share its date's column; the first status of the scheme shows.
    assert figure["data"][0]["x"] == starts and figures.cell_count(figure) == len(starts)
    assert figure["data"][0]["colorbar"]["ticktext"][figure["data"][0]["z"][0][0]] == "Party"
    few = figures.participation_heatmap(QueryResult(attendance.columns, attendance.rows[:3]), labels_en,
                                        messages("en"))
    assert few["layout"]["xaxis"]["type"] == "category" and few["layout"]["width"]
    flagship = QueryResult(["speaker_code", "speaker_label", "meetings", "meeting_starts", "via"],
                           [["ARG", "Argentina", str(len(starts)), ";".join(starts), "party"]])
    matrix = figures.topic_matrix(flagship, labels_en, messages("en"))
    assert matrix["layout"]["xaxis"]["type"] == "date" and figures.cell_count(matrix) == len(starts)
