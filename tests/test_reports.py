"""Every report of the sample corpus against the facts a person read from it.

The expected values live in ``tests/facts/NNN.yaml``. They were written by reading each report,
paragraph by paragraph, without running the loader (the paragraph numbers are in the YAML
comments). States are ISO alpha-3 codes typed by the reader; organizations are written as the
report prints them and are resolved through the gazetteer, so a wrong gazetteer entry fails
these tests too. The files are read by untoc_kg/hand_read_facts.py, the reader `untoc-kg
evaluate` uses too (tests/test_evaluate.py compares the graph with the same facts).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from untoc_kg.hand_read_facts import act_ref, code, codes, raw_facts
from untoc_kg.reading.report import read_report
from untoc_kg.records import Person

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
FACTS = sorted((HERE / "facts").glob("*.yaml"))
SPEAKER_ROLES = ("party", "observer-state", "un-entity", "igo", "ngo")
ATTENDANCE_STATUSES = ("party", "signatory", "observer-state", "un-entity", "igo", "ngo")


def facts(name: str) -> dict:
    return raw_facts(HERE / "facts" / name)


@lru_cache(maxsize=None)
def records(name: str):
    return read_report(SAMPLES / facts(name)["file"])


def meeting(name: str, body: str):
    found = [m for m in records(name).meetings if m.body == body]
    assert found, f"{facts(name)['file']}: the loader read no meeting of {body}"
    return found[0]


def speaker_code(speaker) -> str:
    return speaker.name if isinstance(speaker, Person) else speaker.code


def cases(section: str):
    """(report, body, key, expected) for every entry of a per-meeting section of the oracle."""
    out = []
    for path in FACTS:
        for m in facts(path.name).get("meetings", []):
            value = m.get(section)
            if value is None:
                continue
            if section == "statements":
                for item, roles in value.items():
                    out.append(pytest.param(path.name, m["body"], str(item), roles,
                                            id=f"{path.stem}-{m['body']}-item{item}"))
            else:
                out.append(pytest.param(path.name, m["body"], None, value, id=f"{path.stem}-{m['body']}"))
    return out


def meeting_cases():
    return [pytest.param(p.name, m, id=f"{p.stem}-{m['body']}")
            for p in FACTS for m in facts(p.name).get("meetings", [])]


# ---------------------------------------------------------------- meetings


@pytest.mark.parametrize("name", [p.name for p in FACTS])
def test_bodies_and_zero_unresolved(name):
    expected = [m["body"] for m in facts(name)["meetings"]]
    assert [m.body for m in records(name).meetings] == expected
    assert records(name).unresolved == []


@pytest.mark.parametrize("name,fact", meeting_cases())
def test_meeting_identity(name, fact):
    m = meeting(name, fact["body"])
    assert (m.start, m.end) == (fact["start"], fact["end"])
    if "venue" in fact:
        assert m.venue == fact["venue"]
    if "sittings" in fact:
        assert m.sitting_count == fact["sittings"]
    if "format" in fact:
        assert m.format == fact["format"]
    if "session" in fact:
        assert m.number == fact["session"]


@pytest.mark.parametrize("name", [p.name for p in FACTS])
def test_distribution_date(name):
    assert records(name).distributed == facts(name).get("distributed")


@pytest.mark.parametrize("name,body,_,expected", cases("officers"))
def test_officers(name, body, _, expected):
    got = {(o.office, o.person.name, o.for_agent.code if o.for_agent else None) for o in meeting(name, body).officers}
    want = {(o["office"], o["person"], code(o["for"]) if o.get("for") else None) for o in expected}
    assert got == want


@pytest.mark.parametrize("name,body,_,expected", cases("agenda"))
def test_agenda(name, body, _, expected):
    got = [(i.number, i.title, bool(i.joint)) for i in meeting(name, body).agenda]
    want = [(str(i["number"]), i["title"], bool(i.get("joint", False))) for i in expected]
    assert got == want


# ---------------------------------------------------------------- statements


def _statements(name, body, item):
    return [s for s in meeting(name, body).statements if (body, item) in s.refs]


@pytest.mark.parametrize("name,body,item,expected", cases("statements"))
def test_speakers_per_item(name, body, item, expected):
    statements = _statements(name, body, item)
    for role in SPEAKER_ROLES:
        # A delegation that speaks for a group ("欧洲联盟（也代表其成员国）") still spoke as a
        # delegation; the reader writes it down under both headings.
        listed = expected.get(role, [])
        got = sorted(s.speaker.code for s in statements if not isinstance(s.speaker, Person)
                     and (s.role == role or (role == "party" and s.role == "on-behalf-of-group")))
        assert got == codes(n for n in listed if not isinstance(n, dict)), f"{role} under item {item}"
        # A person speaking for an organization (UNEP's Executive Director): the name and whom for.
        got_persons = sorted((s.speaker.name, s.for_agent.code if s.for_agent else None)
                             for s in statements if isinstance(s.speaker, Person) and s.role == role)
        assert got_persons == sorted((p["person"], code(p["for"]) if p.get("for") else None)
                                     for p in listed if isinstance(p, dict)), f"{role} (persons) under item {item}"


@pytest.mark.parametrize("name,body,item,expected", cases("statements"))
def test_panellists_invited_and_secretariat(name, body, item, expected):
    statements = _statements(name, body, item)
    for role in ("panellist", "invited"):
        got = sorted((s.speaker.name, s.for_agent.code if s.for_agent else None)
                     for s in statements if s.role == role)
        want = sorted((p["person"], code(p["for"]) if p.get("for") else None) for p in expected.get(role, []))
        assert got == want, f"{role} under item {item}"
    assert any(s.role == "secretariat" for s in statements) == bool(expected.get("secretariat", False))


@pytest.mark.parametrize("name,body,item,expected", cases("statements"))
def test_groups_replies_and_after_action(name, body, item, expected):
    statements = _statements(name, body, item)
    got = sorted((s.speaker.code, s.on_behalf_of.code, tuple(sorted(a.code for a in s.aligned)))
                 for s in statements if s.role == "on-behalf-of-group")
    want = sorted((code(g["speaker"]), code(g["group"]), tuple(codes(g.get("aligned", []))))
                  for g in expected.get("on-behalf-of", []))
    assert got == want, f"on behalf of a group under item {item}"
    got_replies = sorted(s.speaker.code for s in statements if s.role == "right-of-reply")
    assert got_replies == codes(expected.get("right-of-reply", []))
    got_after = {}
    for s in statements:
        if s.role == "after-action":
            got_after.setdefault(s.on_act[1], []).append(s.speaker.code)
    want_after = {str(act): codes(states) for act, states in (expected.get("after-action") or {}).items()}
    assert {k: sorted(v) for k, v in got_after.items()} == want_after


@pytest.mark.parametrize("name", [p.name for p in FACTS])
def test_no_speaker_under_an_item_the_oracle_leaves_silent(name):
    for fact in facts(name)["meetings"]:
        if "statements" not in fact:
            continue
        spoken = {str(k) for k in fact["statements"]}
        m = meeting(name, fact["body"])
        extra = sorted({item for s in m.statements for b, item in s.refs if b == fact["body"]} - spoken)
        assert extra == [], f"{fact['body']}: the loader found speakers under items {extra}"


# ---------------------------------------------------------------- attendance, recommendations, documents


@pytest.mark.parametrize("name,body,_,expected", cases("attendance"))
def test_attendance(name, body, _, expected):
    m = meeting(name, body)
    for status in ATTENDANCE_STATUSES:
        if status not in expected:
            continue
        got = sorted(p.participant.code for p in m.participations if p.status == status)
        assert got == codes(expected[status]), status
    if "party_count" in expected and expected.get("party"):
        assert len([p for p in m.participations if p.status == "party"]) == expected["party_count"]
    if expected.get("note") == "counts only":
        # No list is printed: the numbers are what the graph can hold.
        assert m.participations == []
        assert m.attendance_counts == {"party": expected["party_count"], "signatory": expected["signatory_count"]}


@pytest.mark.parametrize("name,body,_,expected", cases("recommendations"))
def test_recommendations(name, body, _, expected):
    recs = meeting(name, body).recommendations
    assert len(recs) == expected["count"]
    assert [r.label for r in recs] == [str(label) for label in expected["labels"]]
    assert all(r.text for r in recs)
    if "headings" in expected:
        headings = []
        for r in recs:
            if r.heading and r.heading not in headings:
                headings.append(r.heading)
        assert headings == expected["headings"]


@pytest.mark.parametrize("name,body,_,expected", cases("documents"))
def test_documents(name, body, _, expected):
    got = sorted({symbol for d in meeting(name, body).documents for symbol in d.symbols})
    assert got == sorted(expected)


# ---------------------------------------------------------------- the Conference's acts


def act_cases():
    return [pytest.param(p.name, a, id=f"{p.stem}-{a['kind']}-{a['number']}")
            for p in FACTS for a in facts(p.name).get("acts", [])]


@pytest.mark.parametrize("name", [p.name for p in FACTS if facts(p.name).get("acts")])
def test_acts_adopted(name):
    got = sorted((a.kind, a.number) for a in records(name).acts)
    assert got == sorted((a["kind"], str(a["number"])) for a in facts(name)["acts"])


@pytest.mark.parametrize("name,fact", act_cases())
def test_act(name, fact):
    [act] = [a for a in records(name).acts if (a.kind, a.number) == (fact["kind"], str(fact["number"]))]
    if "title" in fact:
        assert act.title == fact["title"]
    assert act.adopted_on == fact["adopted_on"]
    if "sitting" in fact:
        assert act.sitting == fact["sitting"]
    if "draft" in fact:
        assert act.draft == fact["draft"]
    assert sorted(s.code for s in act.sponsors) == codes(fact.get("sponsors", []))
    if "item" in fact:
        assert [number for _, number in act.item_refs] == [str(fact["item"])]
    if "annexes" in fact:
        got = [(a.number, a.recommendations_of, len(a.items)) for a in act.annexes]
        want = [(x["number"], (x["body"], x["meeting_start"]) if x.get("body") else None, x.get("items"))
                for x in fact["annexes"]]
        assert got == want
    if "recalls" in fact:
        assert sorted({(r.kind, r.issuer, r.number) for r in act.recalls}) == \
            sorted({(a.kind, a.issuer, a.number) for a in map(act_ref, fact["recalls"])})


@pytest.mark.parametrize("name", [p.name for p in FACTS])
def test_acts_the_report_cites(name):
    got = sorted({(a.kind, a.issuer, a.number) for a in records(name).acts_cited})
    assert got == sorted({(a.kind, a.issuer, a.number) for a in map(act_ref, facts(name).get("cites", []))})


def test_every_sample_has_an_oracle():
    have = {facts(p.name)["file"] for p in FACTS}
    missing = sorted(p.name for p in SAMPLES.glob("*.txt") if p.name not in have)
    assert missing == []
