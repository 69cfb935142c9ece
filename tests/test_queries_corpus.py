"""Stored queries on the five sample reports. Expected answers are computed from the facts a
person read from the reports (tests/facts/*.yaml and tests/test_report_000.py), never from
the loader's output."""

from __future__ import annotations

import pytest
import yaml
from pathlib import Path

from untoc_kg.queries import run_query
from tests.test_report_000 import ITEM_2_PARTIES

FACTS = Path(__file__).resolve().parent / "facts"


def speakers(report: str, body: str, item: str, roles=("party", "observer-state")) -> set[str]:
    facts = yaml.safe_load((FACTS / f"{report}.yaml").read_text(encoding="utf-8"))
    meeting = next(m for m in facts["meetings"] if m["body"] == body)
    found = set()
    for role in roles:
        found |= set(meeting["statements"][item].get(role, []))
    return found


# The agenda items on crimes that affect the environment, read from the agendas: 000 item 2
# (将影响环境的犯罪定为刑事犯罪, WG.2 2024-06-03) and 001's joint item (适用《打击有组织犯罪公约》预防和打击
# 影响环境的跨国有组织犯罪, WG.3 item 3 = WG.2 item 2, 2022-05-23). The Conference's 12/4 on the
# environment was adopted under item 3 (其他严重犯罪), which is not itself an environment item.
ENV_000 = set(ITEM_2_PARTIES) | {"IRN"}                     # 000 ¶52, ¶53
ENV_001 = speakers("001", "CTOC/COP/WG.3", "3")


def test_flagship_across_the_five_reports(store_all):
    rows = run_query(store_all, "states-on-topic").rows
    assert {r[0] for r in rows} == ENV_000 & ENV_001
    assert all(r[2] == "2" for r in rows)
    # The joint meeting counts once although it is two meetings (WG.3 and WG.2).
    assert {r[3] for r in rows} == {"2022-05-23;2024-06-03"}


def test_flagship_with_vote_explanations_on_the_environment_resolution(store_all):
    # 002 ¶59–60: statements after the adoption of resolution 12/4 (影响环境的犯罪).
    after = set(yaml.safe_load((FACTS / "002.yaml").read_text(encoding="utf-8"))
                ["meetings"][0]["statements"]["3"]["after-action"]["12/4"])
    rows = run_query(store_all, "states-on-topic", {"include_after_action": "yes"}).rows
    counted = {}
    for env in (ENV_000, ENV_001, after):
        for code in env:
            counted[code] = counted.get(code, 0) + 1
    assert {r[0] for r in rows} == {code for code, n in counted.items() if n >= 2}
    for r in rows:
        if r[0] in after and r[0] not in (ENV_000 | ENV_001):
            pytest.fail(f"{r[0]} cannot reach two meetings")


def test_flagship_with_panellists(store_all):
    # A panellist counts for the state they spoke for: 000 item 2 (¶49) and 001's joint item (¶46).
    panel_000 = {"FRA", "PER", "USA"}
    panel_001 = {p["for"] for p in yaml.safe_load((FACTS / "001.yaml").read_text(encoding="utf-8"))
                 ["meetings"][0]["statements"]["3"].get("panellist", [])}
    rows = run_query(store_all, "states-on-topic", {"include_panellists": "yes"}).rows
    assert {r[0] for r in rows} == (ENV_000 | panel_000) & (ENV_001 | panel_001)


def _facts(report: str) -> dict:
    return yaml.safe_load((FACTS / f"{report}.yaml").read_text(encoding="utf-8"))


def test_resolutions_contract(store_all):
    result = run_query(store_all, "resolutions")
    assert result.columns[:7] == ["symbol", "kind", "title", "session", "adopted_on", "draft_symbol", "sponsors"]
    got = {tuple(r[:7]) for r in result.rows}
    want = {(a["number"], a["kind"], a["title"], "12", str(a["adopted_on"]), a["draft"],
             ";".join(sorted(a.get("sponsors", []))) or None)
            for a in _facts("002")["acts"]}
    assert got == want


def test_panellists_contract(store_all):
    result = run_query(store_all, "panellists")
    got = {(r[0], r[1], r[2], r[3], r[4]) for r in result.rows}
    want = set()
    for report in ("001", "002", "003", "004"):
        for m in _facts(report)["meetings"]:
            for item, roles in (m.get("statements") or {}).items():
                for p in roles.get("panellist", []):
                    want.add((m["body"], str(m["start"]), str(item), p["person"], p["for"]))
    # 000 ¶49–51, as in tests/test_report_000.py.
    want |= {("CTOC/COP/WG.2", "2024-06-03", item, person, code) for item, person, code in [
        ("2", "Christian Tournié", "FRA"), ("2", "Flor de María Vega Zapata", "PER"), ("2", "Virginia Prugh", "USA"),
        ("3", "Arezki Si Hadj Mohand", "DZA"), ("3", "Sebastian Bley", "EU"), ("3", "Mary Rose E. Magsaysay", "PHL"),
        ("3", "Richard Pugh-Cook", "GBR"), ("4", "Osvaldo Scalezi Junior", "BRA"), ("4", "Oliver Landwehr", "EU"),
        ("4", "Ahmed Ait Taleb", "MAR")]}
    assert got == want


def test_attendance_contract(store_all):
    from untoc_kg.gazetteer import Gazetteer
    from untoc_kg.reading.names import resolve_printed

    def code(value):
        return value if value.isascii() and value.upper() == value else resolve_printed(value, Gazetteer.load()).code

    rows = run_query(store_all, "attendance").rows
    for report in ("001", "003", "004"):
        for m in _facts(report)["meetings"]:
            got = {(r[2], r[3]) for r in rows if r[0] == m["body"] and r[1] == str(m["start"])}
            want = {(code(c), status) for status in ("party", "signatory", "observer-state", "un-entity", "igo", "ngo")
                    for c in m["attendance"].get(status, [])}
            assert got == want, (report, m["body"])


def test_recommendations_contract(store_all):
    rows = run_query(store_all, "recommendations", {"body": "CTOC/COP/WG.3"}).rows
    september = [r for r in rows if r[1] == "2023-09-11"]
    assert [r[2] for r in september] == _facts("003")["meetings"][0]["recommendations"]["labels"]
    assert {r[5] for r in september} == {"12/1"}         # 002: resolution 12/1, annex I
    # 002, 12/1 preamble: 11/1 endorsed what WG.3's 13th meeting (2022-05-23, 001 ¶89) adopted, 11/3
    # what both groups adopted in their joint thematic discussion (tests/test_prose_endorsements.py).
    assert {(r[5], r[6]) for r in rows if r[1] == "2022-05-23"} == {("11/1", "prose"), ("11/1;11/3", "prose")}
    assert {r[6] for r in september} == {"annex"}


def test_persons_lists_the_panels_a_person_sat_on(store_all):
    # Frances Craigie (South Africa) was a panellist under item 2 of the joint 2022 meeting of
    # the working groups (see the panellists query); the persons query lists that panel.
    panel = run_query(store_all, "panellists", {})
    assert ["CTOC/COP/WG.2", "2022-05-23", "2", "Frances Craigie", "ZAF"] in panel.rows
    result = run_query(store_all, "persons", {"name": "Craigie"})
    row = dict(zip(result.columns, result.rows[0]))
    assert row["person"] == "Frances Craigie"
    assert "CTOC/COP/WG.2 2022-05-23 item 2" in (row["panels"] or "").split(";")


def test_a_parameter_is_bound_again_where_a_query_marks_it():
    from pyoxigraph import Literal, NamedNode, Variable
    from untoc_kg.queries import with_values

    text = "SELECT * WHERE {\n  {\n    # bound here: ?topic ?absent\n    ?s ?p ?topic\n  }\n  ?s ?q ?state\n}"
    topic = NamedNode("https://w3id.org/untoc-kg/id/topic/organized-fraud")
    bound = with_values(text, {Variable("topic"): topic, Variable("state"): Literal('USA" } UNION { ?s ?p ?o')})
    inner = bound.split("{\n", 2)[2]
    # Repeated in the branch, only for the bound variables it names, as the same RDF term.
    assert inner.splitlines()[0] == f"    VALUES (?topic) {{ ({topic}) }}"
    assert "UNION" not in inner.replace('UNION { ?s ?p ?o"', "")
    assert "# bound here" not in bound
    # Nothing bound among the names: the marker stays a comment.
    assert "# bound here: ?topic ?absent" in with_values(text, {Variable("state"): Literal("USA")})
