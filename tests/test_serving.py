"""The serving layer (graph/serving): the stored queries that read it give, cell by cell, the rows
of the queries they replaced (kept in tests/replaced_queries/), on the samples and on the
100-report benchmark corpus; the graph meets the shapes; it is reported when missing or stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from untoc_kg import serving
from untoc_kg.linking import link_store, links_problem
from untoc_kg.loading import load_files
from untoc_kg.queries import bound_text, page_ranks, parse_query_file, query_result, run_query, stored_queries
from untoc_kg.serving import SERVING_GRAPH, compute_serving, serve_store
from untoc_kg.store import GraphStore
from untoc_kg.validation import validate_graph

ROOT = Path(__file__).resolve().parent.parent
REPLACED = Path(__file__).resolve().parent / "replaced_queries"
HOSTILE = 'USA" } UNION { ?s ?p ?o }'

# Every parameter set the other tests use for these queries, and the selective calls of the
# benchmark (bench/queries.py), each against the query it replaced.
CASES = {
    "states-on-topic": [
        {}, {"min_meetings": "1"}, {"include_panellists": "yes"}, {"include_after_action": "yes"},
        {"min_meetings": "1", "include_panellists": "yes"}, {"min_meetings": "1", "include_after_action": "yes"},
        {"include_panellists": "yes", "include_after_action": "yes", "lang": "zh"},
        {"topic": "organized-fraud"}, {"topic": "organized-fraud", "min_meetings": "1"},
        {"topic": "https://w3id.org/untoc-kg/id/topic/no-such-topic"}, {"lang": "fr"},
        {"min_meetings": "0"}, {"include_panellists": "YES"},
    ],
    "statements": [
        {}, {"state": "USA"}, {"body": "CTOC/COP/WG.2"}, {"body": "CTOC/COP/WG.3"},
        {"body": "CTOC/COP/WG.2", "state": "USA"}, {"state": "EU", "lang": "zh"}, {"state": "eu"},
        {"topic": "organized-fraud"}, {"topic": "organized-fraud", "state": "USA"},
        {"topic": "crimes-affecting-the-environment", "body": "CTOC/COP/WG.2", "lang": "zh"},
        {"lang": "fr"}, {"state": HOSTILE}, {"body": HOSTILE},
    ],
    "persons": [{}, {"name": "Burrows"}, {"name": "Craigie"}, {"name": "Sánchez del Águila"},
                {"name": "sánchez"}, {"name": HOSTILE}],
    "attendance": [{}, {"body": "CTOC/COP/WG.2"}, {"body": "CTOC/COP/WG.3"}, {"body": "CTOC/COP/WG.6"},
                   {"body": "CTOC/COP"}, {"body": HOSTILE}],
    "citation-graph": [{}, {"number": "12/4"}, {"number": "23/1"}, {"number": HOSTILE}],
    "co-sponsorship": [{}, {"state": "MEX"}, {"min_acts": "2"}, {"state": "USA", "min_acts": "2"}, {"min_acts": "0"},
                       {"state": "eu"}, {"state": HOSTILE}],
    "resolutions": [{}],
    "state-profile": [{"state": "PER"}, {"state": "USA"}, {"state": "ARG"}, {"state": "EU"}, {"state": "mex"},
                      {"state": HOSTILE}],
    "recommendations": [{}, {"body": "CTOC/COP/WG.3"}, {"body": "CTOC/COP/WG.2"}, {"topic": "organized-fraud"},
                        {"body": "CTOC/COP/WG.2", "topic": "organized-fraud"},
                        {"topic": "crimes-affecting-the-environment"}, {"body": HOSTILE}],
    "endorsement-chain": [{}, {"body": "CTOC/COP/WG.2"}, {"body": "CTOC/COP/WG.3"}, {"body": HOSTILE}],
    "topic-timeline": [{}, {"topic": "organized-fraud"}, {"topic": "crimes-affecting-the-environment"},
                       {"topic": "https://w3id.org/untoc-kg/id/topic/no-such-topic"}],
    "panellists": [{}],
    "recommendation-debate": [{}, {"body": "CTOC/COP/WG.2", "start": "2024-06-03"},
                              {"body": "CTOC/COP/WG.3", "start": "2023-09-11"},
                              {"body": "CTOC/COP/WG.2", "start": "2022-05-23"}, {"body": "CTOC/COP/WG.2"},
                              {"body": "CTOC/COP/WG.3"}, {"start": "2024-06-03"}, {"start": "2023-09-11"},
                              {"body": "CTOC/COP/WG.2", "start": "2024-06-04"}, {"start": "2024-06"},
                              {"body": HOSTILE}, {"start": HOSTILE}],
    "act-debate": [{}, {"number": "12/1"}, {"number": "12/3"}, {"number": "12/4"}, {"state": "GBR"},
                   {"state": "USA"}, {"state": "eu"}, {"number": "12/4", "state": "IRN"},
                   {"number": "12/1", "state": "IRN"}, {"number": "12/4", "state": "USA"},
                   {"number": HOSTILE}, {"state": HOSTILE}],
    "state-said-and-signed": [{}, {"state": "USA"}, {"state": "GBR"}, {"state": "EU"}, {"state": "mex"},
                              {"state": HOSTILE}],
    "federated-states": [{}, {"min_meetings": "1"}, {"min_meetings": "3"}, {"lang": "zh"},
                         {"topic": "organized-fraud", "min_meetings": "1"},
                         # an endpoint that refuses the connection: SERVICE SILENT, the local columns
                         {"service": "http://127.0.0.1:9/sparql"}],
}
CALLS = [(name, params) for name, sets in CASES.items() for params in sets]


def replaced(store: GraphStore, name: str, params: dict[str, str]):
    """The rows of the replaced query, bound through the same binder as run_query."""
    query = parse_query_file(REPLACED / f"{name}.rq")
    solutions = store.query(bound_text(query, params))
    columns = [v.value for v in solutions.variables]
    rows = [[None if term is None else term.value for term in solution] for solution in solutions]
    return query_result(query, columns, rows)


def assert_same(store: GraphStore, name: str, params: dict[str, str]) -> None:
    old, new = replaced(store, name, params), run_query(store, name, params)
    assert new.columns == old.columns
    assert len(new.rows) == len(old.rows), f"{name} {params}: {len(new.rows)} rows instead of {len(old.rows)}"
    for number, (got, expected) in enumerate(zip(new.rows, old.rows)):
        assert got == expected, f"{name} {params}, row {number}: {got} instead of {expected}"


@pytest.fixture(scope="session")
def corpus_100(tmp_path_factory):
    """The 100-report benchmark corpus (bench/generate.py 100 --seed 0), loaded into a store on
    disk: some 30 s to generate and load on 2 cores."""
    folder = tmp_path_factory.mktemp("corpus-100")
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "100", "--seed", "0",
                    "--out", str(folder / "reports")], check=True, capture_output=True)
    store = GraphStore(folder / "store.db")
    load_files(store, [folder / "reports"])
    yield store
    store.close()


@pytest.mark.parametrize("name,params", CALLS, ids=[f"{n}-{p}" for n, p in CALLS])
def test_same_rows_as_the_replaced_query_on_the_samples(store_all, name, params):
    assert_same(store_all, name, params)


@pytest.mark.parametrize("name,params", CALLS, ids=[f"{n}-{p}" for n, p in CALLS])
def test_same_rows_as_the_replaced_query_on_100_reports(corpus_100, name, params):
    assert_same(corpus_100, name, params)


RANKED = sorted(name for name, query in stored_queries().items() if query.ranked)


def test_every_listing_with_more_than_a_page_is_ranked():
    assert RANKED == ["act-debate", "attendance", "citation-graph", "co-sponsorship", "endorsement-chain", "panellists",
                      "recommendation-debate", "recommendations", "resolutions", "state-said-and-signed", "statements",
                      "topic-timeline"]


@pytest.mark.parametrize("name", RANKED)
def test_a_page_read_by_rank_is_a_slice_of_the_listing_on_100_reports(corpus_100, name):
    full = replaced(corpus_100, name, {}).rows
    assert len(full) > 60, name
    query = stored_queries()[name]
    for offset in sorted({0, 1, len(full) // 3, len(full) - 40}):
        assert page_ranks(query, query.bindings({}), 100, offset) is not None
        page = run_query(corpus_100, name, {"limit": "100", "offset": str(offset)}).rows
        assert page == full[offset:offset + 100], f"{name}, page at {offset}"


def test_the_flagship_reads_the_serving_graph(corpus_100):
    assert "graph/serving" in parse_query_file(ROOT / "queries" / "states-on-topic.rq").text
    assert run_query(corpus_100, "states-on-topic").rows


def test_the_serving_graph_meets_the_shapes(store_all):
    graph = store_all.graph(str(SERVING_GRAPH))
    assert len(graph) > 1000
    assert validate_graph(graph) == []


def test_a_missing_or_stale_serving_graph_is_reported():
    store = GraphStore(None)
    load_files(store, [ROOT / "samples" / "000_edfd6897bde2ce76.txt"])
    assert links_problem(store) is None
    store.drop_graph(str(SERVING_GRAPH))
    assert "serving layer" in links_problem(store) and "missing" in links_problem(store)
    link_store(store)
    assert links_problem(store) is None
    # A report written after the serving layer was computed makes it stale.
    other = GraphStore(None)
    load_files(other, [ROOT / "samples"])
    report = next(g for g in other.report_graphs() if g not in store.report_graphs())
    store.replace_graphs({report: other.ntriples(report)})
    problem = links_problem(store)
    assert problem and ("serving" in problem or "links" in problem)


def serving_lines(store: GraphStore) -> set[str]:
    return set(store.ntriples(str(SERVING_GRAPH)).splitlines())


def test_computing_it_again_writes_only_what_changed():
    store = GraphStore(None)
    load_files(store, [ROOT / "samples" / "000_edfd6897bde2ce76.txt"])
    first = serving_lines(store)
    again = serve_store(store)
    assert (again.added, again.removed) == (0, 0) and serving_lines(store) == first
    # Another report written beside it, as a load writes before it links: what is written is
    # the difference (ranks move, summaries grow), and the graph is the one computed afresh.
    other = GraphStore(None)
    load_files(other, [ROOT / "samples" / "003_f1c36f5d3f0b82b2.txt"])
    added = next(g for g in other.report_graphs())
    store.replace_graphs({added: other.ntriples(added)})
    change = serve_store(store)
    expected, _ = compute_serving(store)
    now = serving_lines(store)
    assert {line for line in now if "wasDerivedFrom" not in line} == expected
    assert 0 < change.added < len(expected) and 0 < change.removed < len(first)
    assert links_problem(store) is None or "links" in links_problem(store)


def test_an_interrupted_write_leaves_the_serving_layer_reported_missing(monkeypatch):
    store = GraphStore(None)
    load_files(store, [ROOT / "samples" / "000_edfd6897bde2ce76.txt"])
    store.update("PREFIX untoc: <https://w3id.org/untoc-kg/ontology#> DELETE WHERE { GRAPH "
                 f"<{SERVING_GRAPH}> {{ ?s untoc:occasionCount ?n }} }}")

    def full_disk(*_args):
        raise OSError("No space left on device")
    monkeypatch.setattr(serving, "bulk_add_to_graph", full_disk)
    with pytest.raises(OSError):
        serve_store(store)
    assert "serving layer" in links_problem(store) and "missing" in links_problem(store)
    monkeypatch.undo()
    serve_store(store)
    assert links_problem(store) is None
    assert validate_graph(store.graph(str(SERVING_GRAPH))) == []


SERVING_CASES = [
    # (what is changed, the shape that must say so)
    ("DELETE { ?s untoc:occasionCount ?n } WHERE { ?s untoc:occasionCount ?n }", "ServingTopicSpeakerShape"),
    ("INSERT { ?s untoc:countsWays \"sometimes\" } WHERE { ?s a untoc:TopicSpeakerSummary }", "ServingTopicSpeakerShape"),
    ("DELETE { ?s untoc:listedItem ?i } WHERE { ?s untoc:listedItem ?i }", "ServingAgendaItemListingShape"),
    ("INSERT { ?s untoc:listedItemNumber \"99\" } WHERE { ?s untoc:listedItemNumber ?n }", "ServingAgendaItemListingShape"),
    ("INSERT { ?s untoc:listedRole \"Party\" } WHERE { ?s untoc:listedRole ?r }", "ServingSpeakerListingShape"),
    ("DELETE { ?s untoc:attendeeStatus ?x } WHERE { ?s untoc:attendeeStatus ?x }", "ServingAttendeeListingShape"),
    ("DELETE { ?s untoc:servedStartDate ?d } INSERT { ?s untoc:servedStartDate \"2024\" } "
     "WHERE { ?s untoc:servedStartDate ?d }", "ServingMeetingViewShape"),
    ("DELETE { ?s untoc:statementsRank ?r } INSERT { ?s untoc:statementsRank 1 } WHERE { ?s untoc:statementsRank ?r }",
     "ServingStatementRowShape"),
    ("DELETE { ?s untoc:rowAttendee ?a } WHERE { ?s untoc:rowAttendee ?a }", "ServingAttendanceRowShape"),
    ("INSERT { ?s untoc:attendanceRank 0 } WHERE { ?s untoc:attendanceRank 1 }", "ServingAttendanceRowShape"),
    ("DELETE { ?s untoc:meetingCount ?n } WHERE { ?s untoc:meetingCount ?n }", "ServingPersonSummaryShape"),
    ("INSERT { ?s untoc:servedCode \"arg\" } WHERE { ?s untoc:servedCode ?c }", "ServingAgentViewShape"),
    # The links a filtered call reads a meeting's attendees and an item's speakers through.
    ("DELETE { ?s untoc:meetingAttendee ?a } WHERE { ?s untoc:meetingAttendee ?a }", "ServingRowPairShape"),
    ("DELETE { ?s untoc:itemSpeaker ?a } WHERE { ?s untoc:itemSpeaker ?a }", "ServingRowPairShape"),
    ("INSERT { ?m untoc:meetingAttendee ?l } WHERE { ?m untoc:meetingAttendee ?a . ?l a untoc:AgendaItemListing }",
     "ServingMeetingAttendeeShape"),
    ("INSERT { ?m untoc:itemSpeaker ?v } WHERE { ?m untoc:servedStartDate ?d . ?v a untoc:SpeakerListing }",
     "ServingItemSpeakerShape"),
    ("DELETE { ?s untoc:officeKey ?k } WHERE { ?s untoc:officeKey ?k }", "ServingOfficeListingShape"),
    ("INSERT { ?s untoc:officeForCode \"\" } WHERE { ?s a untoc:OfficeListing }", "ServingOfficeListingShape"),
    # recommendation-debate's rows: a rank shared, a row no call reads, a cell printed wrong.
    ("DELETE { ?s untoc:recommendationDebateRank ?r } INSERT { ?s untoc:recommendationDebateRank 1 } "
     "WHERE { ?s untoc:recommendationDebateRank ?r }", "ServingRecommendationDebateRowShape"),
    ("DELETE { ?s untoc:recommendationDebateRank ?r . ?s untoc:recommendationDebatePosition ?p } "
     "WHERE { ?s untoc:recommendationDebateRank ?r ; untoc:recommendationDebatePosition ?p }",
     "ServingRecommendationDebateRowShape"),
    ("DELETE { ?s untoc:itemSpeakerCodes ?c } INSERT { ?s untoc:itemSpeakerCodes \"ARG;;USA\" } "
     "WHERE { ?s untoc:itemSpeakerCodes ?c }", "ServingRecommendationDebateRowShape"),
    ("DELETE { ?s untoc:adoptingMeetingStart ?d } WHERE { ?s untoc:adoptingMeetingStart ?d }",
     "ServingRecommendationDebateRowShape"),
    ("DELETE { ?s untoc:adoptingMeetingStartKey ?k } INSERT { ?s untoc:adoptingMeetingStartKey \"2024-6-3\" } "
     "WHERE { ?s untoc:adoptingMeetingStartKey ?k }", "ServingRecommendationDebateRowShape"),
    # act-debate's and state-said-and-signed's summaries: a rank shared, a cell missing or
    # printed wrong, a State that did none of the three, a row with no meeting and no sponsor.
    ("DELETE { ?s untoc:actDebateRank ?r } INSERT { ?s untoc:actDebateRank 1 } WHERE { ?s untoc:actDebateRank ?r }",
     "ServingActDebateShape"),
    ("DELETE { ?s untoc:debateItemTitle ?t } WHERE { ?s untoc:debateItemTitle ?t }", "ServingActDebateShape"),
    ("DELETE { ?s untoc:sponsoredAct ?v } INSERT { ?s untoc:sponsoredAct \"Yes\" } WHERE { ?s untoc:sponsoredAct ?v }",
     "ServingActDebateShape"),
    ("DELETE { ?s untoc:spokeUnderItem ?a . ?s untoc:sponsoredAct ?b . ?s untoc:explainedVote ?c } "
     "INSERT { ?s untoc:spokeUnderItem \"no\" . ?s untoc:sponsoredAct \"no\" . ?s untoc:explainedVote \"no\" } "
     "WHERE { ?s untoc:debateStateCode \"USA\" ; untoc:spokeUnderItem ?a ; untoc:sponsoredAct ?b ; untoc:explainedVote ?c }",
     "ServingActDebateShape"),
    ("DELETE { ?s untoc:stateTopicRank ?r } INSERT { ?s untoc:stateTopicRank 1 } WHERE { ?s untoc:stateTopicRank ?r }",
     "ServingStateTopicShape"),
    ("DELETE { ?s untoc:sponsoredNumbers ?n } INSERT { ?s untoc:sponsoredNumbers \"12/1;\" } "
     "WHERE { ?s untoc:sponsoredNumbers ?n }", "ServingStateTopicShape"),
    ("DELETE { ?s untoc:topicMeetingCount ?n . ?s untoc:sponsoredNumbers ?x } INSERT { ?s untoc:topicMeetingCount 0 } "
     "WHERE { ?s untoc:topicMeetingCount ?n ; untoc:sponsoredNumbers ?x }", "ServingStateTopicShape"),
]


@pytest.mark.parametrize("update,shape", SERVING_CASES, ids=[c[1] + str(i) for i, c in enumerate(SERVING_CASES)])
def test_each_serving_shape_catches_a_broken_serving_graph(store_all, update, shape):
    graph = store_all.graph(str(SERVING_GRAPH))
    graph.update("PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>\n" + update)
    results = validate_graph(graph)
    assert any(shape in v.shape for v in results), [v.line() for v in results][:5]
