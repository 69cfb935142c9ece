"""The lists of the things people look for — states, organizations, meetings, topics, resolutions,
persons, recommendations — with their counts, filtered by the store (the filters are parameters
of views/list-*.rq, bound by the binder) and sorted and paged here.

A request's parameters are checked first: a value that is not one of the choices gives a
ListProblem that says what is wrong and what the choices are (the page shows it with the list
of choices, not a bare 400).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from untoc_kg.view_queries import select as select_now
from untoc_kg.vocab import TOPIC
from untoc_kg.web.entity_labels import Labels, act_series, act_series_key
from untoc_kg.web.entity_naming import Namer, natural_key

UNTOC = "https://w3id.org/untoc-kg/ontology#"
PAGE_SIZE = 100
# Above this many recommendations, the list without a year or meeting starts at the latest year
# (at a thousand reports there are 19,000; the page says so and offers the others).
RECOMMENDATIONS_AT_ONCE = 2000
ACT_SERIES = ("CTOC-COP", "A-RES", "E-RES", "CCPCJ", "CAC-COSP")
STATUS_KEYS = ("party", "signatory", "observer-state", "un-entity", "igo", "ngo")


# The answers of the list queries, per store: the store is read-only while it is served, and a
# list's counts over the whole graph cost seconds at a thousand reports (bench/pages.py), the
# same for every reader. The latest MEMO_SIZE answers are kept.
MEMO_SIZE = 128
_MEMO: "weakref.WeakKeyDictionary[object, OrderedDict]" = weakref.WeakKeyDictionary()
_MEMO_LOCK = threading.Lock()


def select(store, name: str, params: dict[str, str] | None = None) -> list[dict]:
    key = (name, tuple(sorted((params or {}).items())))
    with _MEMO_LOCK:
        answers = _MEMO.setdefault(store, OrderedDict())
        if key in answers:
            answers.move_to_end(key)
            return answers[key]
    rows = select_now(store, name, params)
    with _MEMO_LOCK:
        answers[key] = rows
        while len(answers) > MEMO_SIZE:
            answers.popitem(last=False)
    return rows


class ListProblem(Exception):
    """A parameter of a list that is not one of its choices; the sentence says which."""

    def __init__(self, sentence: str, parameter: str, choices: list[str]):
        super().__init__(sentence)
        self.sentence, self.parameter, self.choices = sentence, parameter, choices


@dataclass
class Listing:
    name: str
    columns: list[str]                    # the columns the list can be sorted by, in order shown
    rows: list[dict]                      # the rows of this page
    total: int
    sort: str
    order: str
    page: int
    pages: int
    filters: dict[str, str]               # the filters in force (parameter → value as given)
    choices: dict[str, list] = field(default_factory=dict)   # parameter → [(value, label, or None: a UI message)]
    notes: list[str] = field(default_factory=list)           # what the list chose for the reader
    extra: dict = field(default_factory=dict)


# -- checking the parameters ----------------------------------------------------------------

def _choice(given: dict[str, str], name: str, choices: list[str]) -> str | None:
    value = (given.get(name) or "").strip()
    if not value:
        return None
    if value not in choices:
        raise ListProblem(f"The filter {name}={value!r} is not one of its choices: {', '.join(choices)}.",
                          name, choices)
    return value


def _year(given: dict[str, str]) -> str | None:
    value = (given.get("year") or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}", value):
        raise ListProblem(f"The filter year takes a year of four digits such as 2024, not {value!r}.", "year", [])
    return value


def _text(given: dict[str, str]) -> str | None:
    value = (given.get("q") or "").strip()
    return value[:200] or None


def _sorting(given: dict[str, str], columns: list[str], default: str, default_order: str) -> tuple[str, str]:
    sort = (given.get("sort") or default).strip()
    if sort not in columns:
        raise ListProblem(f"This list can be sorted by {', '.join(columns)}; {sort!r} is not one of them.",
                          "sort", columns)
    order = (given.get("order") or (default_order if sort == default else "asc")).strip()
    if order not in ("asc", "desc"):
        raise ListProblem(f"The order is asc or desc, not {order!r}.", "order", ["asc", "desc"])
    return sort, order


def _page(given: dict[str, str]) -> int:
    value = (given.get("page") or "1").strip()
    if not re.fullmatch(r"[1-9]\d{0,6}", value):
        raise ListProblem(f"The page is a whole number from 1, not {value!r}.", "page", [])
    return int(value)


def _finish(name: str, rows: list[dict], keys: dict, given: dict[str, str], default: str, default_order: str,
            filters: dict, choices: dict, notes: list[str] | None = None, extra: dict | None = None) -> Listing:
    sort, order = _sorting(given, list(keys), default, default_order)
    page = _page(given)
    # A row without the value sorts last either way round.
    present = [r for r in rows if keys[sort](r) is not None]
    missing = [r for r in rows if keys[sort](r) is None]
    present.sort(key=keys[sort], reverse=order == "desc")
    ordered = present + missing
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    if page > pages:
        raise ListProblem(f"This list has {pages} page(s); there is no page {page}.", "page",
                          [str(n) for n in range(1, pages + 1)])
    shown = ordered[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return Listing(name, list(keys), shown, len(ordered), sort, order, page, pages,
                   {k: v for k, v in filters.items() if v}, choices, notes or [], extra or {})


def _label_key(namer: Namer, field_name: str):
    def key(row: dict):
        text = namer.text(row[field_name])[0]
        return text.casefold()
    return key


def _int(row: dict, name: str) -> int:
    term = row.get(name)
    return int(term.value) if term is not None else 0


def _body_choices(labels: Labels, namer: Namer) -> list:
    return [(labels.code(body), namer.label(body)) for body in labels.bodies()]


# -- states and organizations ---------------------------------------------------------------------

def agents(store, labels: Labels, namer: Namer, kind: str, given: dict[str, str]) -> Listing:
    bodies = [labels.code(b) for b in labels.bodies()]
    body = _choice(given, "body", bodies)
    status = _choice(given, "status", list(STATUS_KEYS))
    q = _text(given)
    params = {"class": UNTOC + ("State" if kind == "state" else "Organization"), "body": body, "status": status, "q": q}
    rows = [{"agent": r["agent"].value, "meetings": _int(r, "meetings"), "statements": _int(r, "statements"),
             "acts": _int(r, "acts")}
            for r in select(store, "list-agents", {k: v for k, v in params.items() if v})]
    keys = {"name": _label_key(namer, "agent"), "code": lambda r: labels.code(r["agent"]) or r["agent"],
            "meetings": lambda r: r["meetings"], "statements": lambda r: r["statements"], "acts": lambda r: r["acts"]}
    status_names = {labels.code(s): namer.label(s) for s in labels.statuses()}
    choices = {"body": _body_choices(labels, namer), "status": [(key, status_names.get(key, key)) for key in STATUS_KEYS]}
    return _finish("states" if kind == "state" else "organizations", rows, keys, given, "name", "asc",
                   {"body": body, "status": status, "q": q}, choices)


# -- meetings ------------------------------------------------------------------------------------

def meetings(store, labels: Labels, namer: Namer, given: dict[str, str]) -> Listing:
    bodies = [labels.code(b) for b in labels.bodies()]
    body = _choice(given, "body", bodies)
    year = _year(given)
    rows = [{"meeting": r["meeting"].value, "body": labels.body_of_symbol(r["body"].value) or r["body"].value,
             "start": dt.date.fromisoformat(r["start"].value),
             "end": dt.date.fromisoformat(r["end"].value) if "end" in r else None,
             "venue": r.get("venue"), "agenda_items": _int(r, "items"), "statements": _int(r, "statements"),
             "attendees": _int(r, "attendees"), "recommendations": _int(r, "recommendations")}
            for r in select(store, "list-meetings", {k: v for k, v in {"body": body, "year": year}.items() if v})]
    keys = {"start": lambda r: (r["start"], r["meeting"]), "body": lambda r: (labels.code(r["body"]) or "", r["start"]),
            "items": lambda r: r["agenda_items"], "statements": lambda r: r["statements"],
            "attendees": lambda r: r["attendees"], "recommendations": lambda r: r["recommendations"]}
    # By body and year: how many meetings each body held each year (of those listed).
    grid: dict[str, dict[int, int]] = {}
    for meeting, facts in labels.meetings.items():
        if body and labels.code(facts.body) != body:
            continue
        grid.setdefault(facts.body, {}).setdefault(facts.start.year, 0)
        grid[facts.body][facts.start.year] += 1
    years = sorted({y for by_year in grid.values() for y in by_year})
    choices = {"body": _body_choices(labels, namer), "year": [(str(y), str(y)) for y in years]}
    return _finish("meetings", rows, keys, given, "start", "desc", {"body": body, "year": year}, choices,
                   extra={"grid": sorted(grid.items(), key=lambda pair: labels.code(pair[0]) or ""), "years": years})


# -- topics ---------------------------------------------------------------------------------------

def topics(store, labels: Labels, namer: Namer, given: dict[str, str]) -> Listing:
    q = _text(given)
    rows = [{"topic": r["topic"].value, "broader": r["broader"].value if "broader" in r else None,
             "agenda_items": _int(r, "items"), "statements": _int(r, "statements"),
             "recommendations": _int(r, "recommendations"), "acts": _int(r, "acts")}
            for r in select(store, "list-topics", {"q": q} if q else {})]
    keys = {"name": _label_key(namer, "topic"), "items": lambda r: r["agenda_items"], "statements": lambda r: r["statements"],
            "recommendations": lambda r: r["recommendations"], "acts": lambda r: r["acts"]}
    return _finish("topics", rows, keys, given, "name", "asc", {"q": q}, {})


# -- resolutions and decisions -----------------------------------------------------------------------

ACT_KINDS = {"resolution": UNTOC + "Resolution", "decision": UNTOC + "Decision"}


def acts(store, labels: Labels, namer: Namer, given: dict[str, str]) -> Listing:
    kind = _choice(given, "kind", list(ACT_KINDS))
    series = _choice(given, "series", list(ACT_SERIES))
    q = _text(given)
    params = {"kind": ACT_KINDS.get(kind or ""), "series": series, "q": q}
    rows = [{"act": r["act"].value, "kind": "decision" if r["type"].value.endswith("Decision") else "resolution",
             "number": r["number"].value, "title": r.get("title"), "meeting": r["meeting"].value if "meeting" in r else None,
             "adopted_on": r["adopted_on"].value if "adopted_on" in r else None, "sponsors": _int(r, "sponsors"),
             "recalls": _int(r, "recalls"), "recalled_by": _int(r, "recalled_by"),
             "series": act_series_key(r["act"].value)}
            for r in select(store, "list-acts", {k: v for k, v in params.items() if v})]
    keys = {"number": lambda r: (r["series"], natural_key(r["number"])), "adopted_on": lambda r: r["adopted_on"],
            "sponsors": lambda r: r["sponsors"], "recalls": lambda r: r["recalls"],
            "recalled_by": lambda r: r["recalled_by"]}
    series_names = act_series()
    choices = {"kind": [(k, None) for k in ACT_KINDS],
               "series": [(s, series_names.get(s, {}).get(namer.lang, s)) for s in ACT_SERIES]}
    return _finish("resolutions", rows, keys, given, "number", "asc", {"kind": kind, "series": series, "q": q}, choices)


# -- persons ---------------------------------------------------------------------------------------------

def persons(store, labels: Labels, namer: Namer, given: dict[str, str]) -> Listing:
    q = _text(given)
    rows = []
    for r in select(store, "list-persons", {"q": q} if q else {}):
        rows.append({"name": r["name"].value, "person": r["person"].value, "meetings": _int(r, "meetings"),
                     "for": sorted(set(r["for"].value.split(";"))) if "for" in r else [],
                     "offices": sorted(set(r["offices"].value.split(";"))) if "offices" in r else [],
                     "panels": sorted(set(r["panels"].value.split(";"))) if "panels" in r else []})
    codes = {labels.code(iri): iri for iri in labels.names if labels.kind(iri) in ("state", "organization")}
    for row in rows:
        row["for"] = [codes.get(code, code) for code in row["for"]]
    keys = {"name": lambda r: r["name"].casefold(), "meetings": lambda r: r["meetings"],
            "offices": lambda r: len(r["offices"]), "panels": lambda r: len(r["panels"])}
    return _finish("persons", rows, keys, given, "name", "asc", {"q": q}, {})


# -- recommendations --------------------------------------------------------------------------------------

def recommendations(store, labels: Labels, namer: Namer, given: dict[str, str]) -> Listing:
    bodies = [labels.code(b) for b in labels.bodies()]
    body = _choice(given, "body", bodies)
    year = _year(given)
    topic = _choice(given, "topic", [labels.code(t) for t in labels.topics()])
    endorsed = _choice(given, "endorsed", ["yes", "no"])
    meeting = (given.get("meeting") or "").strip() or None
    if meeting and meeting not in labels.meetings:
        raise ListProblem(f"There is no meeting {meeting!r} in this graph; give a meeting's IRI as its page "
                          "shows it, or choose a body and a year.", "meeting", [])
    q = _text(given)
    counts = [(r["body"].value, int(r["year"].value), int(r["recommendations"].value))
              for r in select(store, "list-recommendation-years")]
    notes = []
    if not year and not meeting:
        within = [(b, y, n) for b, y, n in counts if not body or b == body]
        if sum(n for _b, _y, n in within) > RECOMMENDATIONS_AT_ONCE:
            year = str(max(y for _b, y, _n in within))
            notes.append("latest_year")
    params = {"body": str(labels.body_of_symbol(body)) if body else None, "year": year, "meeting": meeting,
              "topic": str(TOPIC[topic]) if topic else None, "endorsed": endorsed, "q": q}
    rows = [{"recommendation": r["recommendation"].value, "meeting": r["meeting"].value, "order": int(r["order"].value),
             "label": r["label"].value, "heading": r.get("heading"),
             "endorsed_by": r["endorsed_by"].value.split() if "endorsed_by" in r and r["endorsed_by"].value else []}
            for r in select(store, "list-recommendations", {k: v for k, v in params.items() if v})]

    def meeting_start(row):
        facts = labels.meetings.get(row["meeting"])
        return facts.start if facts else dt.date.min

    keys = {"meeting": lambda r: (meeting_start(r), r["meeting"], r["order"]),
            "body": lambda r: (labels.code(labels.meetings[r["meeting"]].body) if r["meeting"] in labels.meetings else "",
                               meeting_start(r), r["order"]),
            "endorsements": lambda r: (len(r["endorsed_by"]), meeting_start(r), r["order"])}
    years = sorted({y for b, y, _n in counts if not body or b == body})
    choices = {"body": _body_choices(labels, namer), "year": [(str(y), str(y)) for y in years],
               "topic": [(labels.code(t), namer.label(t)) for t in labels.topics()],
               "endorsed": [("yes", None), ("no", None)]}
    filters = {"body": body, "year": year, "topic": topic, "endorsed": endorsed, "meeting": meeting, "q": q}
    return _finish("recommendations", rows, keys, given, "meeting", "desc", filters, choices, notes,
                   extra={"counts": counts})


LISTS = {"states": lambda s, l, n, g: agents(s, l, n, "state", g),
         "organizations": lambda s, l, n, g: agents(s, l, n, "organization", g),
         "meetings": meetings, "topics": topics, "resolutions": acts, "persons": persons,
         "recommendations": recommendations}
