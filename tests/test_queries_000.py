"""Stored queries on the graph of report 000, through the same functions the CLI calls."""

from __future__ import annotations

import pytest

from untoc_kg.errors import UntocError
from untoc_kg.queries import run_query, stored_queries
from tests.test_report_000 import ITEM_2_PARTIES, PARTIES_ATTENDING

CONTRACT = {
    "statements": ["body", "meeting_start", "agenda_item", "agenda_title", "speaker_code", "speaker_label", "role"],
    "states-on-topic": ["speaker_code", "speaker_label", "meetings", "meeting_starts"],
    "attendance": ["body", "meeting_start", "participant_code", "status"],
    "recommendations": ["body", "meeting_start", "label", "topic", "text", "endorsed_by"],
    "resolutions": ["symbol", "kind", "title", "session", "adopted_on", "draft_symbol", "sponsors"],
    "panellists": ["body", "meeting_start", "agenda_item", "person", "state_code"],
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns_come_first_in_order(store_000, name):
    result = run_query(store_000, name)
    assert result.columns[: len(CONTRACT[name])] == CONTRACT[name]


def test_every_stored_query_has_its_header():
    for name, query in stored_queries().items():
        assert query.title and query.description, name
        assert query.examples and all(e.startswith(f"untoc-kg query {name}") for e in query.examples), name
        assert query.columns, name


def test_statements_of_one_state(store_000):
    rows = run_query(store_000, "statements", {"state": "USA"}).rows
    assert [(r[2], r[6]) for r in rows] == [("2", "panellist"), ("2", "party"), ("4", "party")]   # ¶49, 52, 56
    assert {r[0] for r in rows} == {"CTOC/COP/WG.2"} and {r[1] for r in rows} == {"2024-06-03"}


def test_statements_under_item_2_as_parties(store_000):
    rows = run_query(store_000, "statements", {"body": "CTOC/COP/WG.2"}).rows
    parties = sorted(r[4] for r in rows if r[2] == "2" and r[6] == "party")
    assert parties == sorted(ITEM_2_PARTIES)
    assert run_query(store_000, "statements", {"body": "CTOC/COP/WG.3"}).rows == []


def test_flagship_on_one_report(store_000):
    # One meeting only: nobody reaches two meetings; with min_meetings=1 the speakers on the
    # environment item are its 18 delegations and the observer state (¶52, ¶53).
    assert run_query(store_000, "states-on-topic").rows == []
    rows = run_query(store_000, "states-on-topic", {"min_meetings": "1"}).rows
    assert sorted(r[0] for r in rows) == sorted(ITEM_2_PARTIES + ["IRN"])
    assert {r[2] for r in rows} == {"1"} and {r[3] for r in rows} == {"2024-06-03"}
    with_panel = run_query(store_000, "states-on-topic", {"min_meetings": "1", "include_panellists": "yes"}).rows
    assert sorted(r[0] for r in with_panel) == sorted(set(ITEM_2_PARTIES + ["IRN", "FRA", "PER"]))   # ¶49
    per = next(r for r in with_panel if r[0] == "PER")
    assert per[4] == "panellist"


def test_fraud_topic_picks_item_3(store_000):
    rows = run_query(store_000, "states-on-topic", {"topic": "organized-fraud", "min_meetings": "1"}).rows
    assert sorted(r[0] for r in rows) == sorted(["CHN", "DOM", "EGY", "EU", "IND", "RUS", "SGP", "SDN", "UGA", "GBR", "VEN", "IRN"])


def test_attendance(store_000):
    rows = run_query(store_000, "attendance").rows
    assert sorted(r[2] for r in rows if r[3] == "party") == sorted(PARTIES_ATTENDING)
    assert [r[2] for r in rows if r[3] == "signatory"] == ["IRN"]


def test_recommendations_with_topics(store_000):
    rows = run_query(store_000, "recommendations").rows
    assert [r[2] for r in rows] == [f"建议 {n}" for n in range(1, 25)]
    assert "crimes-affecting-the-environment" in rows[0][3].split(";")
    assert "organized-fraud" in rows[9][3].split(";")
    fraud = run_query(store_000, "recommendations", {"topic": "organized-fraud"}).rows
    assert [r[2] for r in fraud] == [f"建议 {n}" for n in range(10, 21)]


def test_panellists(store_000):
    rows = run_query(store_000, "panellists").rows
    assert len(rows) == 10
    assert ["CTOC/COP/WG.2", "2024-06-03", "4", "Osvaldo Scalezi Junior", "BRA"] in rows


@pytest.mark.parametrize("hostile", [
    'USA" } UNION { ?s ?p ?o } #',
    "USA' ) } } SELECT * WHERE { ?s ?p ?o",
    "} UNION {",
])
def test_parameter_values_cannot_change_the_query(store_000, hostile):
    assert run_query(store_000, "statements", {"state": hostile}).rows == []
    assert run_query(store_000, "statements", {"body": hostile}).rows == []


def test_unknown_query_and_parameter_are_named(store_000):
    with pytest.raises(UntocError, match="no stored query named 'nope'"):
        run_query(store_000, "nope")
    with pytest.raises(UntocError, match="has no parameter colour"):
        run_query(store_000, "statements", {"colour": "red"})
    with pytest.raises(UntocError, match="whole number"):
        run_query(store_000, "states-on-topic", {"min_meetings": "two"})


HOSTILE = ['USA" } UNION { ?s ?p ?o } #', "USA' ) } } SELECT * WHERE { ?s ?p ?o", "} UNION {",
           '"\n} ; DROP ALL ; #']


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_no_text_parameter_of_any_query_can_change_it(store_000, name):
    # Every string, state and body parameter of every stored query, given a value that would
    # rewrite the query if it were pasted in: the query still runs and matches nothing.
    query = stored_queries()[name]
    text_params = [p.name for p in query.params if p.kind in ("string", "state", "body")]
    required = {p.name: "USA" for p in query.params if p.required}
    for param in text_params:
        for value in HOSTILE:
            rows = run_query(store_000, name, {**required, param: value}).rows
            assert rows == [] or param in ("lang", "include_panellists", "include_after_action"), (param, value)
    assert store_000.count() > 0
