"""Report 000 — WG.2, 3–4 June 2024 — read into records. Every expected value below was read
from the report by a person (paragraph numbers in the comments), not copied from the loader."""

from __future__ import annotations

import datetime as dt

import pytest

from untoc_kg.records import Person

# ¶52, in printed order (欧洲联盟 is a party delegation).
ITEM_2_PARTIES = ["ARG", "AZE", "BRA", "CHN", "COL", "ECU", "EGY", "EU", "HND", "IND", "ITA",
                  "MEX", "RUS", "ZAF", "SYR", "TUR", "USA", "VEN"]
# ¶54
ITEM_3_PARTIES = ["CHN", "DOM", "EGY", "EU", "IND", "RUS", "SGP", "SDN", "UGA", "GBR", "VEN"]
# ¶56
ITEM_4_PARTIES = ["AZE", "CHN", "COL", "DOM", "EGY", "IDN", "PAK", "USA"]
# ¶58, 78 parties in printed order.
PARTIES_ATTENDING = (
    "ALB DZA AGO ARG ARM AUS AUT AZE BHR BLR BEL BRA BFA BDI CAN CHL CHN COL CIV CZE DNK DOM "
    "ECU EGY SLV EU FIN FRA DEU GRC GTM HND IND IDN IRQ ITA JPN KWT LAO LBY MYS MLT MEX MAR NAM "
    "NOR PAK PAN PRY PER PHL POL QAT KOR MDA ROU RUS SEN SGP SVN ZAF ESP LKA PSE SDN SWE CHE SYR "
    "THA TUN TUR UGA UKR GBR USA URY VEN ZWE"
).split()


def meeting(records):
    assert len(records.meetings) == 1
    return records.meetings[0]


def codes(statements, item, role):
    return [s.speaker.code for s in statements if s.item == item and s.role == role]


def test_meeting_identity(records_000):
    m = meeting(records_000)
    assert m.body == "CTOC/COP/WG.2"
    assert (m.start, m.end) == (dt.date(2024, 6, 3), dt.date(2024, 6, 4))     # title, ¶46
    assert m.venue == "维也纳"
    assert m.sitting_count == 4                                               # ¶46 共举行了四次会议
    assert records_000.distributed == dt.date(2024, 6, 10)                   # masthead
    assert len(records_000.meetings) == 1


def test_co_chairs(records_000):
    officers = {(o.office, o.person.name, o.for_agent.code) for o in meeting(records_000).officers}
    assert officers == {("co-chair", "Thomas Burrows", "USA"),                # ¶47
                        ("co-chair", "Carlos Alberto Sánchez del Águila", "PER")}


def test_agenda_as_adopted(records_000):
    agenda = [(i.number, i.title, i.parent) for i in meeting(records_000).agenda]   # ¶57
    assert agenda == [
        ("1", "组织事项", None), ("1(a)", "会议开幕", "1"), ("1(b)", "通过议程和工作安排", "1"),
        ("2", "将影响环境的犯罪定为刑事犯罪", None), ("3", "有组织欺诈", None),
        ("4", "与审议《打击有组织犯罪公约》实施情况有关的事项", None), ("5", "其他事项", None),
        ("6", "通过报告", None),
    ]


def test_sittings_and_when_items_were_considered(records_000):
    m = meeting(records_000)
    considered = {i.number: sorted(i.sittings) for i in m.agenda if i.sittings}
    assert considered == {"2": [1, 2], "3": [2], "4": [3], "5": [3]}         # ¶12, 23, 34, 45
    dates = {s.number: s.date for s in m.sittings}
    assert dates == {1: dt.date(2024, 6, 3), 2: dt.date(2024, 6, 3),          # ¶57, 12, 23
                     3: dt.date(2024, 6, 4), 4: dt.date(2024, 6, 4)}          # ¶34, 63


@pytest.mark.parametrize("item, expected", [("2", ITEM_2_PARTIES), ("3", ITEM_3_PARTIES), ("4", ITEM_4_PARTIES)])
def test_party_delegations_per_item(records_000, item, expected):
    assert codes(meeting(records_000).statements, item, "party") == expected


@pytest.mark.parametrize("item", ["2", "3"])
def test_observers_per_item(records_000, item):
    statements = meeting(records_000).statements                            # ¶53, 55
    assert codes(statements, item, "observer-state") == ["IRN"]
    assert codes(statements, item, "igo") == ["INTERPOL"]
    assert codes(statements, "4", "observer-state") == []


def test_panellists_with_the_state_they_spoke_for(records_000):
    panel = {(s.item, s.speaker.name, s.for_agent.code)
             for s in meeting(records_000).statements if s.role == "panellist"}
    assert panel == {                                                         # ¶49–51 (and ¶14, 23, 36)
        ("2", "Christian Tournié", "FRA"), ("2", "Flor de María Vega Zapata", "PER"), ("2", "Virginia Prugh", "USA"),
        ("3", "Arezki Si Hadj Mohand", "DZA"), ("3", "Sebastian Bley", "EU"),
        ("3", "Mary Rose E. Magsaysay", "PHL"), ("3", "Richard Pugh-Cook", "GBR"),
        ("4", "Osvaldo Scalezi Junior", "BRA"), ("4", "Oliver Landwehr", "EU"), ("4", "Ahmed Ait Taleb", "MAR"),
    }


def test_a_panellist_spelled_two_ways_is_one_person(records_000):
    # ¶36 prints "Oswaldo Scazezi Junior", ¶51 "Osvaldo Scalezi Junior": one person, the
    # organization chapter's spelling kept, the other an alternative, and a warning given.
    brazil = [p for p in records_000.persons if p.affiliation and p.affiliation.code == "BRA"]
    assert len(brazil) == 1
    assert brazil[0].name == "Osvaldo Scalezi Junior"
    assert brazil[0].variants == ["Oswaldo Scazezi Junior"]
    assert any("Oswaldo Scazezi Junior" in p.message for p in records_000.problems if p.kind == "discrepancy")
    # Both US panellists and co-chair stay distinct persons.
    us = sorted(p.name for p in records_000.persons if p.affiliation and p.affiliation.code == "USA")
    assert us == ["Thomas Burrows", "Virginia Prugh"]


def test_secretariat_official_and_invited_speakers(records_000):
    statements = meeting(records_000).statements
    assert sorted(s.item for s in statements if s.role == "secretariat") == ["2", "3", "4", "5"]   # ¶48
    unep = [s for s in statements if s.role == "un-entity"]                                         # ¶13
    assert [(s.item, s.speaker.name, s.for_agent.code) for s in unep] == [("2", "英格·安德森", "UNEP")]
    invited = [s for s in statements if s.role == "invited"]                                        # ¶33
    assert [(s.item, s.speaker.name, s.for_agent.code) for s in invited] == [("3", "Nicholas Court", "INTERPOL")]
    assert all(isinstance(s.speaker, Person) for s in unep + invited)


def test_attendance(records_000):
    participations = meeting(records_000).participations
    by_status = {}
    for p in participations:
        by_status.setdefault(p.status, []).append(p.participant.code)
    assert by_status["party"] == PARTIES_ATTENDING                           # ¶58
    assert len(PARTIES_ATTENDING) == 78
    assert by_status["signatory"] == ["IRN"]                                  # ¶60
    assert len(by_status["igo"]) == 6                                         # ¶61
    assert "INTERPOL" in by_status["igo"]
    assert set(by_status) == {"party", "signatory", "igo"}


def test_twenty_four_recommendations_under_three_headings(records_000):
    recs = meeting(records_000).recommendations
    assert [r.label for r in recs] == [f"建议 {n}" for n in range(1, 25)]
    assert [r.order for r in recs] == list(range(1, 25))
    headings = [r.heading for r in recs]
    assert headings == (["关于将影响环境的犯罪定为刑事犯罪的建议"] * 9 + ["关于有组织欺诈的建议"] * 11
                        + ["与审议《打击有组织犯罪公约》实施情况有关的事项方面的建议"] * 4)
    assert recs[0].text.startswith("鼓励各缔约方依据本国立法，考虑在适当情况下将影响环境的犯罪视为洗钱的上游犯罪")
    assert recs[1].text.endswith("来修复对环境和受害人造成的损害。")
    assert recs[23].text.endswith("有效支持所有缔约方参与审议机制。")
    assert all("建议" not in r.text[:3] for r in recs)


def test_documents_before_the_meeting(records_000):
    docs = [(d.symbols, d.description) for d in meeting(records_000).documents]       # ¶62
    assert docs == [
        (["CTOC/COP/WG.2/2024/1"], "临时议程说明"),
        (["CTOC/COP/WG.2/2024/2"], "秘书处编写的关于将影响环境的犯罪定为刑事犯罪的背景文件"),
        (["CTOC/COP/WG.2/2024/3"], "秘书处编写的关于有组织欺诈的背景文件"),
        (["CTOC/COP/WG.2/2024/4", "CTOC/COP/WG.3/2024/4"],
         "秘书处编写的背景文件，内容是联合国打击跨国有组织犯罪公约及其各项议定书实施情况审议机制的运作状况"),
    ]


def test_acts_the_report_cites(records_000):
    cited = {(a.kind, a.number, a.issuer) for a in records_000.acts_cited}             # ¶1–8
    assert cited == {("decision", "2/6", "CTOC/COP"), ("decision", "4/3", "CTOC/COP"),
                     ("resolution", "7/1", "CTOC/COP"), ("resolution", "8/4", "CTOC/COP"),
                     ("resolution", "10/4", "CTOC/COP"), ("resolution", "11/2", "CTOC/COP"),
                     ("resolution", "11/3", "CTOC/COP"), ("resolution", "10/6", "CTOC/COP")}


def test_nothing_unresolved(records_000):
    assert [p.message for p in records_000.unresolved] == []
    assert not records_000.partial
