"""The facts a person read from each sample report (tests/facts/NNN.yaml), as sets of tuples.

One reader for both faces that use them: the tests (tests/test_reports.py compares the records
of a reading with them) and `untoc-kg evaluate` (untoc_kg/evaluation.py compares the graph with
them), so that what is promised and what is measured cannot drift apart.

A fact file holds every kind of fact for its report: a kind it leaves out is a kind of which the
report states none (a working group adopts no acts). States are ISO alpha-3 codes; organizations
are written as the report prints them and resolve through the gazetteer here, so a wrong
gazetteer entry shows as a wrong fact. Acts are written "KIND ISSUER NUMBER" ("resolution
CTOC/COP 12/4", "resolution GA 76/185"), the issuer as loaders/series.yaml lists it.

Each fact is a tuple of strings, the same shape untoc_kg/evaluation.py builds from the graph:
meetings and their items are named by (body symbol, start date), items by their number as
printed, persons by their name as the report prints it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from untoc_kg.errors import UntocError
from untoc_kg.gazetteer import Gazetteer
from untoc_kg.reading.names import resolve_printed
from untoc_kg.reading.series import Series
from untoc_kg.resources import data_dir
from untoc_kg.vocab import meeting_iri

# The kinds of fact the loader writes, in the order a table lists them.
KINDS = ("meetings", "agenda", "statements", "attendance", "officers", "panellists", "recommendations",
         "endorsements", "acts", "sponsors", "citations", "documents")
# Speaker roles a fact file lists under an item (panellists are a kind of their own).
DELEGATION_ROLES = ("party", "observer-state", "un-entity", "igo", "ngo")
ATTENDANCE_STATUSES = ("party", "signatory", "observer-state", "un-entity", "igo", "ngo")
ENDORSEMENT_METHODS = ("annex", "prose")

_ACT = re.compile(r"^(?P<kind>resolution|decision)\s+(?P<issuer>\S+)\s+(?P<number>\d+/\d+)$")
_RANGE = re.compile(r"^(?P<first>\d+)(?:-(?P<last>\d+))?$")


class FactFileError(UntocError):
    """A fact file says something the reader cannot take as a fact."""


def facts_dir() -> Path:
    """tests/facts of the checkout (or of the installed package, which carries it)."""
    return data_dir("tests") / "facts"


def fact_files(folder: Path | None = None) -> list[Path]:
    folder = Path(folder) if folder else facts_dir()
    if not folder.is_dir():
        raise FactFileError(f"{folder}: there is no folder of hand-read facts here.")
    return sorted(folder.glob("*.yaml"))


def _raw(path: Path) -> dict:
    status = path.stat()
    return _parsed(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=64)
def _parsed(path: Path, _mtime_ns: int, _size: int) -> dict:
    # Keyed on the file's time and size too: a fact file edited since is read again.
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FactFileError(f"{path}: not YAML the reader can read ({error}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("file"), str):
        raise FactFileError(f"{path}: a fact file starts with “file:”, the name of the report it was read from.")
    return data


def raw_facts(path: Path) -> dict:
    """The fact file as written (dates as dates), for tests that read one field."""
    return _raw(Path(path).resolve())


# ---------------------------------------------------------------- names

@lru_cache(maxsize=None)
def code(name_or_code: str) -> str:
    """The gazetteer code of a state or organization: ISO codes and EU pass, printed names resolve."""
    text = str(name_or_code)
    if text.isascii() and text.upper() == text:
        return text
    entity = resolve_printed(text, Gazetteer.load())
    if entity is None:
        raise FactFileError(f"The fact “{text}” names an organization the gazetteer does not know; "
                            "write its name as the report prints it, or its code.")
    return entity.code


def codes(names) -> list[str]:
    return sorted(code(n) for n in names or [])


@dataclass(frozen=True)
class ActRef:
    kind: str
    issuer: str
    number: str

    def __str__(self) -> str:
        return f"{self.kind} {self.issuer} {self.number}"


def act_ref(text: str, where: str = "") -> ActRef:
    match = _ACT.match(" ".join(str(text).split()))
    if not match:
        raise FactFileError(f"{where}: “{text}” is not an act written as KIND ISSUER NUMBER "
                            "(“resolution CTOC/COP 12/4”).")
    if Series.load().issuer(match["issuer"]) is None:
        raise FactFileError(f"{where}: “{text}”: {match['issuer']} is not an issuer listed in loaders/series.yaml.")
    return ActRef(match["kind"], match["issuer"], match["number"])


def _day(value) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def _positions(value, where: str) -> list[int]:
    """Positions written as ranges, “1-11, 36-49”: the recommendations' places in their report."""
    positions = []
    for part in str(value).split(","):
        match = _RANGE.match(part.strip())
        if not match:
            raise FactFileError(f"{where}: positions are written FIRST-LAST, comma between ranges (“1-11, 36-49”), "
                                f"not “{value}”.")
        positions += range(int(match["first"]), int(match["last"] or match["first"]) + 1)
    return positions


# ---------------------------------------------------------------- facts as tuples

@dataclass(frozen=True)
class ReportFacts:
    """The hand-read facts of one report: per kind, the set of fact tuples."""

    path: Path
    file: str                           # the report's file name, as the graph's untoc:sourceFile gives it
    kinds: dict[str, frozenset]

    def expected(self, kind: str, loaded_meetings: set[tuple[str, str]] | None = None) -> frozenset:
        """The facts of a kind; an endorsement only where the report of the recommendation's
        meeting, (body, start), is among ``loaded_meetings`` (when given)."""
        facts = self.kinds[kind]
        if kind == "endorsements" and loaded_meetings is not None:
            return frozenset(f for f in facts if (f[0], f[1]) in loaded_meetings)
        return facts


def read_facts(path: Path) -> ReportFacts:
    path = Path(path).resolve()
    try:
        return _read_facts(path)
    except (FactFileError, KeyError, TypeError, AttributeError) as error:
        message = str(error) if isinstance(error, FactFileError) else f"a fact lacks or misshapes {error}"
        raise FactFileError(message if message.startswith(str(path)) else f"{path}: {message}") from None


def _read_facts(path: Path) -> ReportFacts:
    data = _raw(path)
    where = str(path)
    kinds: dict[str, set] = {kind: set() for kind in KINDS}
    if data.get("distributed"):
        kinds["meetings"].add(("report", "distributed", _day(data["distributed"])))
    for meeting in data.get("meetings") or []:
        _meeting(kinds, meeting, f"{where}, meeting {meeting.get('body')}")
    for act in data.get("acts") or []:
        _act(kinds, act, f"{where}, {act.get('kind')} {act.get('number')}")
    for cited in data.get("cites") or []:
        kinds["citations"].add(("report", "cites", str(act_ref(cited, f"{where}, cites"))))
    for endorsement in data.get("endorsements") or []:
        _endorsement(kinds, endorsement, f"{where}, endorsements")
    return ReportFacts(path, data["file"], {kind: frozenset(facts) for kind, facts in kinds.items()})


def _meeting(kinds: dict[str, set], m: dict, where: str) -> None:
    body, start = m["body"], _day(m["start"])
    key = (body, start)
    kinds["meetings"].add(key + ("meeting", ""))
    for field, name in (("end", "end"), ("venue", "venue"), ("sittings", "sittings"), ("format", "format"),
                        ("session", "session")):
        if m.get(field) is not None:
            kinds["meetings"].add(key + (name, _day(m[field])))
    for item in m.get("agenda") or []:
        kinds["agenda"].add(key + (str(item["number"]), item["title"], "joint" if item.get("joint") else ""))
    for item, said in (m.get("statements") or {}).items():
        _statements(kinds, key, str(item), said or {}, f"{where}, item {item}")
    _attendance(kinds, key, m.get("attendance") or {})
    for officer in m.get("officers") or []:
        kinds["officers"].add(key + (officer["office"], officer["person"],
                                     code(officer["for"]) if officer.get("for") else ""))
    recommendations = m.get("recommendations") or {}
    labels = [str(label) for label in recommendations.get("labels") or []]
    if "count" in recommendations and recommendations["count"] != len(labels):
        raise FactFileError(f"{where}: {recommendations['count']} recommendations counted, {len(labels)} labels listed.")
    # A recommendation's position is its place among all the recommendations its report prints
    # (untoc:order): a joint report numbers the two working groups' recommendations in one run.
    positions = _positions(recommendations["positions"], where) if "positions" in recommendations \
        else list(range(1, len(labels) + 1))
    if len(positions) != len(labels):
        raise FactFileError(f"{where}: {len(positions)} recommendation positions for {len(labels)} labels.")
    for order, label in zip(positions, labels):
        kinds["recommendations"].add(key + ("recommendation", str(order), label))
    for order, heading in enumerate(recommendations.get("headings") or [], 1):
        kinds["recommendations"].add(key + ("heading", str(order), heading))
    # The agenda item each was adopted under, by positions: {"1-9": "2", "10-20": "3"}; a
    # recommendation under no item (a general heading) is left out.
    for places, item in (recommendations.get("items") or {}).items():
        for order in _positions(places, where):
            if order not in positions:
                raise FactFileError(f"{where}: recommendation item “{item}” is given for position {order}, "
                                    "which no recommendation of this meeting has.")
            kinds["recommendations"].add(key + ("item", str(order), str(item)))
    for symbol in m.get("documents") or []:
        kinds["documents"].add(key + (str(symbol),))


def _statements(kinds: dict[str, set], key: tuple, item: str, said: dict, where: str) -> None:
    add = kinds["statements"].add
    # A delegation speaking for a group spoke once, in the group's name: the fact is that
    # statement, which the fact file also lists among the delegations that spoke.
    for_groups = {code(g["speaker"]) for g in said.get("on-behalf-of") or []}
    for role in DELEGATION_ROLES:
        for speaker in said.get(role) or []:
            if isinstance(speaker, dict):
                add(key + (item, role, speaker["person"], code(speaker["for"]) if speaker.get("for") else ""))
            elif not (role == "party" and code(speaker) in for_groups):
                add(key + (item, role, code(speaker), ""))
    for group in said.get("on-behalf-of") or []:
        aligned = ",".join(codes(group.get("aligned")))
        add(key + (item, "on-behalf-of-group", code(group["speaker"]), f"for {code(group['group'])}; aligned {aligned}"))
    for speaker in said.get("right-of-reply") or []:
        add(key + (item, "right-of-reply", code(speaker), ""))
    for act, speakers in (said.get("after-action") or {}).items():
        for speaker in speakers:
            add(key + (item, "after-action", code(speaker), f"on {act}"))
    for person in said.get("invited") or []:
        add(key + (item, "invited", person["person"], code(person["for"]) if person.get("for") else ""))
    if said.get("secretariat"):
        add(key + (item, "secretariat", "", ""))
    for person in said.get("panellist") or []:
        kinds["panellists"].add(key + (item, person["person"], code(person["for"]) if person.get("for") else ""))


def _attendance(kinds: dict[str, set], key: tuple, attendance: dict) -> None:
    if attendance.get("note") == "counts only":
        # No list is printed: the numbers are the facts.
        for status, field in (("party", "party_count"), ("signatory", "signatory_count")):
            if field in attendance:
                kinds["attendance"].add(key + (status, f"count {attendance[field]}"))
        return
    for status in ATTENDANCE_STATUSES:
        for attendee in attendance.get(status) or []:
            kinds["attendance"].add(key + (status, code(attendee)))


def _act(kinds: dict[str, set], act: dict, where: str) -> None:
    key = (act["kind"], str(act["number"]))
    kinds["acts"].add(key + ("act", ""))
    for field in ("title", "adopted_on", "sitting", "draft", "item"):
        if act.get(field) is not None:
            kinds["acts"].add(key + (field, _day(act[field])))
    for annex in act.get("annexes") or []:
        # The meeting whose recommendations the annex repeats, by its node: that meeting's own
        # report, which would describe it, need not be loaded.
        repeats = str(meeting_iri(annex["body"], _day(annex["meeting_start"]))) if annex.get("body") else ""
        kinds["acts"].add(key + ("annex", f"{annex['number']}: {annex.get('items')} items; {repeats}".rstrip("; ")))
    for sponsor in act.get("sponsors") or []:
        kinds["sponsors"].add(key + (code(sponsor),))
    for recalled in act.get("recalls") or []:
        kinds["citations"].add(key + ("recalls", str(act_ref(recalled, where))))


def _endorsement(kinds: dict[str, set], e: dict, where: str) -> None:
    act = act_ref(e["act"], where)
    method = e.get("method")
    if method not in ENDORSEMENT_METHODS:
        raise FactFileError(f"{where}: an endorsement's method is one of {', '.join(ENDORSEMENT_METHODS)}, not {method!r}.")
    how = f"annex {e['annex']}" if method == "annex" else "prose"
    for order in _positions(e["recommendations"], where):
        kinds["endorsements"].add((e["body"], _day(e["start"]), str(order), str(act), how))


def all_facts(folder: Path | None = None) -> list[ReportFacts]:
    return [read_facts(path) for path in fact_files(folder)]
