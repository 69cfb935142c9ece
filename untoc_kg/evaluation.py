"""How exact the graph is: its facts against the facts a person read from the reports.

`graph_facts(store)` reads, with the SELECTs of evaluation/*.rq, every fact of every report
graph as the tuples untoc_kg/hand_read_facts.py makes of tests/facts/*.yaml; `evaluate(store)`
compares the two per report and per kind and gives precision, recall and F1 (`untoc-kg
evaluate` prints them, `untoc-kg describe` publishes them with DQV).

A fact is right when the graph states the very tuple the person wrote down: the same speaker in
the same role under the same item of the same meeting, the same title to the character. A
report graph whose file has no fact file is not measured, and says so; a fact file whose
report is not loaded is left out. An endorsement is expected only where the report of the
recommendation's meeting is loaded too, since only then can the graph link it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from untoc_kg.hand_read_facts import KINDS, ActRef, ReportFacts, all_facts, facts_dir
from untoc_kg.queries import QueryResult
from untoc_kg.reading.series import Series
from untoc_kg.sparql_files import sparql
from untoc_kg.store import GraphStore
from untoc_kg.vocab import ID

ALL = "all"
COLUMNS = ["report", "kind", "expected", "found", "correct", "precision", "recall", "f1"]
MEASURES = ("precision", "recall", "f1")


# ---------------------------------------------------------------- scores

@dataclass(frozen=True)
class Score:
    report: str                # the report's file name, or "all"
    graph: str | None          # its graph's IRI (None for a total over reports)
    kind: str                  # a kind of hand_read_facts.KINDS, or "all"
    expected: int
    found: int
    correct: int
    missing: tuple = ()        # facts the person read that the graph does not state
    extra: tuple = ()          # facts the graph states that the person did not read

    @property
    def precision(self) -> float | None:
        if self.found:
            return self.correct / self.found
        return 1.0 if not self.expected else None      # nothing claimed where nothing is there

    @property
    def recall(self) -> float | None:
        if self.expected:
            return self.correct / self.expected
        return 1.0 if not self.found else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def measure(self, name: str) -> float | None:
        return getattr(self, name)


def _total(report: str, graph: str | None, kind: str, parts: list[Score]) -> Score:
    return Score(report, graph, kind, sum(s.expected for s in parts), sum(s.found for s in parts),
                 sum(s.correct for s in parts))


@dataclass
class Evaluation:
    scores: list[Score]                                    # per report and kind, in table order
    unmeasured: list[str] = field(default_factory=list)   # report graphs without hand-read facts

    def by_report(self) -> list[Score]:
        """One total per report (micro-averaged over the kinds)."""
        return [s for s in self.scores if s.report != ALL and s.kind == ALL]

    def by_kind(self) -> list[Score]:
        """One total per kind over every measured report."""
        return [s for s in self.scores if s.report == ALL and s.kind != ALL]

    def overall(self) -> Score | None:
        return next((s for s in self.scores if s.report == ALL and s.kind == ALL), None)

    def table(self) -> QueryResult:
        return QueryResult(COLUMNS, [[s.report, s.kind, str(s.expected), str(s.found), str(s.correct),
                                      *(_figure(s.measure(m)) for m in MEASURES)] for s in self.scores])

    def differences(self) -> QueryResult:
        rows = []
        for s in self.scores:
            rows += [[s.report, s.kind, "missing", " | ".join(fact)] for fact in s.missing]
            rows += [[s.report, s.kind, "extra", " | ".join(fact)] for fact in s.extra]
        return QueryResult(["report", "kind", "difference", "fact"], rows)


def facts_available() -> bool:
    """Whether the hand-read facts are at hand (a checkout, or a package that carries them)."""
    try:
        return facts_dir().is_dir()
    except FileNotFoundError:
        return False


def _figure(value: float | None) -> str | None:
    return None if value is None else f"{value:.3f}"


def evaluate(store: GraphStore, facts_folder: Path | None = None) -> Evaluation:
    """Precision, recall and F1 of every loaded report that has hand-read facts, per kind."""
    all_read = all_facts(facts_folder)
    found = graph_facts(store, {facts.file for facts in all_read})
    files = {file: graph for graph, file in found.files.items()}
    scores: list[Score] = []
    per_kind: dict[str, list[Score]] = defaultdict(list)
    measured = set()
    for facts in all_read:
        graph = files.get(facts.file)
        if graph is None:
            continue
        measured.add(graph)
        report_scores = [_score(facts, graph, kind, found) for kind in KINDS]
        for s in report_scores:
            per_kind[s.kind].append(s)
        scores += report_scores
        scores.append(_total(facts.file, graph, ALL, report_scores))
    if per_kind:
        kind_totals = [_total(ALL, None, kind, per_kind[kind]) for kind in KINDS]
        scores += kind_totals
        scores.append(_total(ALL, None, ALL, kind_totals))
    return Evaluation(scores, sorted(g for g in found.files if g not in measured))


def _score(facts: ReportFacts, graph: str, kind: str, found: "GraphFacts") -> Score:
    expected = facts.expected(kind, found.meetings)
    stated = found.kinds[graph][kind]
    return Score(facts.file, graph, kind, len(expected), len(stated), len(expected & stated),
                 tuple(sorted(expected - stated)), tuple(sorted(stated - expected)))


# ---------------------------------------------------------------- the graph's facts

@dataclass
class GraphFacts:
    files: dict[str, str]                                   # report graph → source file name
    kinds: dict[str, dict[str, set]]                        # report graph → kind → fact tuples
    meetings: set[tuple[str, str]]                          # (body, start) of every meeting reported on


def _rows(store: GraphStore, name: str) -> list[dict]:
    solutions = store.query(sparql("evaluation", name))
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def _act_label(iri: str, kind: str, number: str) -> str:
    """“resolution CTOC/COP 12/4” for an act's node: the issuer is the one whose path the IRI holds."""
    path = iri[len(str(ID)):].split("/")[1] if iri.startswith(str(ID)) else ""
    issuer = next((i.code for i in Series.load().issuers if i.act_path == path), path)
    return str(ActRef(kind, issuer, number))


class _MeasuredGraphs:
    """The store as the queries see it when only some report graphs are measured: those, and
    every graph that is no report's (reference data, links, serving layer). At a thousand
    reports, reading every report graph to measure the five with hand-read facts took 76 s,
    and `describe` and the server's first page waited for it."""

    def __init__(self, store: GraphStore, graphs: list[str]):
        self.store, self.graphs = store, graphs

    def query(self, sparql: str):
        return self.store.query_on_dataset(sparql, default_graphs=self.graphs, named_graphs=self.graphs)


def graph_facts(store: GraphStore, measured_files: set[str] | None = None) -> GraphFacts:
    """The facts of the report graphs read from ``measured_files`` (every report graph when
    None), as if only those reports were loaded beside the reference data and the links."""
    files = {r["graph"]: r["file"] for r in _rows(store, "reports")}
    measured = set(files) if measured_files is None else {g for g, f in files.items() if f in measured_files}
    if measured != set(files):
        reports = set(store.report_graphs())
        store = _MeasuredGraphs(store, [g for g in store.named_graphs() if g not in reports or g in measured])
    kinds: dict[str, dict[str, set]] = {g: {kind: set() for kind in KINDS} for g in measured}

    def add(graph: str, kind: str, fact: tuple) -> None:
        if graph in kinds:
            kinds[graph][kind].add(tuple("" if v is None else v for v in fact))

    for r in _rows(store, "reports"):
        if r["distributed"]:
            add(r["graph"], "meetings", ("report", "distributed", r["distributed"]))
    # Every other query names a meeting by its node; its body and start are read once, here
    # (joining them into each query made them scale with the store, not with their answer).
    meetings: dict[str, tuple[str, str]] = {}
    for r in _rows(store, "meetings"):
        key = meetings[r["meeting"]] = (r["body"], r["start"])
        add(r["graph"], "meetings", key + ("meeting", ""))
        for name in ("end", "venue", "sittings", "format", "session"):
            if r[name] is not None:
                add(r["graph"], "meetings", key + (name, r[name]))
    for r in _rows(store, "agenda"):
        add(r["graph"], "agenda", meetings[r["meeting"]] + (r["number"], r["title"],
                                                            "joint" if r["joint"] == "true" else ""))
    _statements(store, add, meetings)
    for r in _rows(store, "attendance"):
        value = r["code"] if r["count"] is None else f"count {r['count']}"
        add(r["graph"], "attendance", meetings[r["meeting"]] + (r["status"], value))
    for r in _rows(store, "officers"):
        add(r["graph"], "officers", meetings[r["meeting"]] + (r["office"], r["person"], r["for_code"]))
    places = _recommendations(store, add, meetings)
    for r in _rows(store, "documents"):
        add(r["graph"], "documents", meetings[r["meeting"]] + (r["symbol"],))
    _acts(store, add)
    for r in _rows(store, "endorsements"):
        if r["recommendation"] not in places:
            continue            # a recommendation no loaded report states: nothing to measure it by
        how = f"annex {r['annex']}" if r["method"] == "annex" else r["method"]
        add(r["graph"], "endorsements", places[r["recommendation"]] + (
            _act_label(r["act"], r["kind"], r["number"]), how))
    return GraphFacts(files, kinds, set(meetings.values()))


def _statements(store: GraphStore, add, meetings: dict[str, tuple[str, str]]) -> None:
    aligned: dict[str, set] = defaultdict(set)
    for r in _rows(store, "aligned"):
        aligned[r["statement"]].add(r["code"])
    for r in _rows(store, "statements"):
        if r["meeting"] not in meetings:
            continue            # an item of a meeting the graph is not the report of
        key = meetings[r["meeting"]] + (r["number"],)
        role, speaker = r["role"], r["speaker_name"] or r["speaker_code"]
        if role == "panellist":
            add(r["graph"], "panellists", key + (speaker, r["for_code"]))
        elif role == "secretariat":
            add(r["graph"], "statements", key + (role, "", ""))
        elif role == "on-behalf-of-group":
            extra = f"for {r['group_code']}; aligned {','.join(sorted(aligned[r['statement']]))}"
            add(r["graph"], "statements", key + (role, speaker, extra))
        elif role == "after-action":
            add(r["graph"], "statements", key + (role, speaker, f"on {r['act']}"))
        else:
            add(r["graph"], "statements", key + (role, speaker, r["for_code"] if r["speaker_name"] else ""))


def _recommendations(store: GraphStore, add, meetings: dict[str, tuple[str, str]]) -> dict[str, tuple]:
    """Add the recommendations, their headings and items; give each recommendation's (body, start, order)."""
    places = {}
    headings: dict[tuple, list] = defaultdict(list)
    rows = sorted(_rows(store, "recommendations"), key=lambda r: (r["graph"], r["meeting"], int(r["order"])))
    for r in rows:
        key = meetings[r["meeting"]]
        places[r["recommendation"]] = key + (r["order"],)
        add(r["graph"], "recommendations", key + ("recommendation", r["order"], r["label"]))
        if r["item"]:
            add(r["graph"], "recommendations", key + ("item", r["order"], r["item"]))
        seen = headings[(r["graph"],) + key]
        if r["heading"] and r["heading"] not in seen:
            seen.append(r["heading"])
    for (graph, body, start), seen in headings.items():
        for order, heading in enumerate(seen, 1):
            add(graph, "recommendations", (body, start, "heading", str(order), heading))
    return places


def _acts(store: GraphStore, add) -> None:
    acts = {}
    for r in _rows(store, "acts"):
        key = (r["kind"], r["number"])
        acts[r["act"]] = key
        add(r["graph"], "acts", key + ("act", ""))
        for name in ("title", "adopted_on", "sitting", "draft", "item"):
            if r[name] is not None:
                add(r["graph"], "acts", key + (name, r[name]))
    for r in _rows(store, "annexes"):
        repeats = r["repeated"] or ""
        add(r["graph"], "acts", acts[r["act"]] + ("annex", f"{r['annex']}: {r['items']} items; {repeats}".rstrip("; ")))
    for r in _rows(store, "sponsors"):
        add(r["graph"], "sponsors", acts[r["act"]] + (r["code"],))
    for r in _rows(store, "citations"):
        cited = _act_label(r["cited"], r["kind"], r["number"])
        citing = acts.get(r["citing"]) if r["citing"] else None
        add(r["graph"], "citations", (citing + ("recalls", cited)) if citing else ("report", "cites", cited))
