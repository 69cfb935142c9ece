"""Links no single report holds, computed over every report graph in the store.

The links are a function of the report graphs only, recomputed as a whole after each load and
written to one named graph (graph/links): loading the reports in any order gives the same
links, and a report loaded later completes the links that were waiting for it.

- Endorsements: an annex of a Conference resolution repeats the recommendations of a
  working-group meeting. Each annex paragraph is matched to the recommendation it repeats by
  position (the annex keeps the report's order) and confirmed by the similarity of the texts;
  the recommendation is then endorsed by the resolution. A pair whose texts differ is reported,
  not linked.
- Endorsements stated in prose ("第 11/1 号决议，其中缔约方会议核可了…"): linking_prose.py. Every
  endorsement is qualified by an untoc:Endorsement with its method (annex or prose).
- Report symbols: the Conference's footnotes name the report a working group adopted
  (CTOC/COP/WG.3/2023/4); the loaded report of that meeting gets the symbol.
- Persons: one person spelled differently in two reports (same state, names nearly equal) is
  reported and linked with owl:sameAs, each spelling kept as a label.

What is read from the store are the SELECTs of linking/*.rq; the matching is done here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, SKOS
from rapidfuzz import fuzz, process

from untoc_kg.linking_prose import prose_endorsements, qualify
from untoc_kg.linking_titles import add_titles
from untoc_kg.reading.text_forms import to_half_width
from untoc_kg.sparql_files import sparql
from untoc_kg.store import GraphStore
from untoc_kg.vocab import GRAPH, UNTOC

LINKS_GRAPH = GRAPH["links"]
# The Conference edits the recommendations it endorses (毒品和犯罪问题办公室 → 毒罪办, a clause
# reworded): on the sample corpus a paragraph and the recommendation it repeats are 82–100 %
# alike, a paragraph and any other recommendation at most 39 %. Below TEXT_SIMILARITY the
# pair is reported instead of linked; below EDITED it is linked and listed as edited.
TEXT_SIMILARITY = 0.6
EDITED = 0.95
PERSON_SIMILARITY = 0.85

@dataclass
class Mismatch:
    act: str
    annex_item: str
    recommendation: str | None
    similarity: float
    reason: str

    def line(self) -> str:
        return f"{self.annex_item} ({self.act}): {self.reason}"


@dataclass
class LinkReport:
    endorsements: int = 0
    waiting: list[str] = field(default_factory=list)        # annexes whose meeting is not loaded
    mismatches: list[Mismatch] = field(default_factory=list)
    edited: list[Mismatch] = field(default_factory=list)      # linked, but the Conference changed the text
    report_symbols: dict[str, str] = field(default_factory=dict)
    same_persons: list[tuple[str, str]] = field(default_factory=list)
    act_titles: list = field(default_factory=list)          # linking_titles.TitleChoice, one per act and language
    prose_endorsements: int = 0    # (recommendation, act) pairs a sentence states (untoc_kg/linking_prose.py)
    prose_waiting: list[str] = field(default_factory=list)     # what a sentence names that no loaded report holds
    prose_unmatched: list[str] = field(default_factory=list)   # sentences that cover nothing they could
    triples: int = 0
    serving_triples: int = 0       # graph/serving, computed after the links (untoc_kg/serving.py)


@lru_cache(maxsize=65536)
def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFKC", to_half_width(text))
    return re.sub(r"[\s\W_]+", "", text)


def similarity(a: str, b: str) -> float:
    """2 × (longest common subsequence) / (total length) of the two texts without spaces and
    punctuation: 1.0 for the same words, 0.0 for nothing in common. RapidFuzz's Indel ratio
    computes it in C++; difflib's ratio, which it replaced, gave the same figures on the sample
    pairs (82–100 % for an annex paragraph and its recommendation, at most 39 % otherwise) but
    took 50 s of the linking of a thousand reports."""
    a, b = _comparable(a), _comparable(b)
    if not a or not b:
        return 0.0
    return fuzz.ratio(a, b) / 100.0


def _rows(store: GraphStore, name: str) -> list[dict[str, str]]:
    solutions = store.query(sparql("linking", name))
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def compute_links(store: GraphStore) -> tuple[Graph, LinkReport]:
    # rdflib's SimpleMemory: the links graph is one graph, and the context bookkeeping of the
    # default store was a fifth of the linking's time at a thousand reports (470,000 adds).
    graph = Graph(store="SimpleMemory", identifier=LINKS_GRAPH)
    report = LinkReport()
    _endorsements(store, graph, report)
    prose_endorsements(store, graph, report)       # endorsements stated in prose (linking_prose.py)
    _report_symbols(store, graph, report)
    _same_persons(store, graph, report)
    report.act_titles = add_titles(store, graph)      # one title per act and language
    report.triples = len(graph)
    return graph, report


def link_store(store: GraphStore) -> LinkReport:
    """Recompute graph/links from the report graphs now in the store, in one transaction.

    The links graph names the report graphs it was computed from (prov:wasDerivedFrom), so
    that a store whose links are missing or older than its reports can say so. The serving
    layer (graph/serving), which reads the links, is recomputed after them; it is marked as not
    current first (untoc_kg/serving.py: dropping it would rewrite every triple of it)."""
    from untoc_kg.serving import invalidate_serving, serve_store
    invalidate_serving(store)
    graph, report = compute_links(store)
    for iri in store.report_graphs():
        graph.add((LINKS_GRAPH, PROV.wasDerivedFrom, URIRef(iri)))
    ntriples = "\n".join(sorted(graph.serialize(format="nt").splitlines())) + "\n"
    store.replace_graphs({str(LINKS_GRAPH): ntriples})
    store.flush()
    report.serving_triples = serve_store(store).triples
    return report


def links_problem(store: GraphStore) -> str | None:
    """Why the links across reports cannot be trusted, or None when they are current: a load
    drops them before it writes and computes them again at its end, so a load that was
    interrupted leaves them missing."""
    reports = store.report_graphs()
    if not reports:
        return None
    derived = store.objects(str(LINKS_GRAPH), str(PROV.wasDerivedFrom), str(LINKS_GRAPH))
    if not derived:
        return ("the links across reports (endorsements, report symbols, persons) are missing: a load "
                "was interrupted before it linked; run `untoc-kg link` (or the same load again) to restore them.")
    if derived != reports:
        return (f"the links across reports were computed from {len(derived)} report graph(s), but the store "
                f"holds {len(reports)} different ones; run `untoc-kg link` to recompute them.")
    from untoc_kg.serving import serving_problem
    return serving_problem(store)


# ---------------------------------------------------------------- endorsements


def _endorsements(store: GraphStore, graph: Graph, report: LinkReport) -> None:
    annex_items = _rows(store, "annex-items")
    recommendations = _rows(store, "recommendations")
    by_meeting: dict[str, dict[int, tuple[str, str]]] = {}
    for row in recommendations:
        by_meeting.setdefault(row["meeting"], {})[int(row["order"])] = (row["rec"], row["text"])
    annexes: dict[tuple[str, str, str, str], list[dict]] = {}
    for row in annex_items:
        annexes.setdefault((row["act"], row["act_number"], row["annex"], row["meeting"]), []).append(row)
    for (act, act_number, annex, meeting), items in sorted(annexes.items()):
        recs = by_meeting.get(meeting)
        if not recs:
            report.waiting.append(f"{annex} repeats the recommendations of {meeting}, whose report is not loaded")
            continue
        if len(recs) != len(items):
            # A joint report prints the recommendations of both groups; the annex only one
            # group's. Position alone cannot be trusted then: match each annex paragraph to the
            # most similar recommendation of the meeting instead.
            pairs = [(row, _best(row["text"], recs.values())) for row in items]
        else:
            pairs = [(row, recs.get(int(row["order"]))) for row in items]
        for row, found in sorted(pairs, key=lambda p: int(p[0]["order"])):
            if found is None:
                report.mismatches.append(Mismatch(act_number, row["item"], None, 0.0,
                                                  "no recommendation of the meeting stands at this position"))
                continue
            rec, text = found
            ratio = similarity(row["text"], text)
            if ratio < TEXT_SIMILARITY:
                report.mismatches.append(Mismatch(act_number, row["item"], rec, ratio,
                                                  f"its text is only {ratio:.0%} like that of {rec}; not linked"))
                continue
            if ratio < EDITED:
                report.edited.append(Mismatch(act_number, row["item"], rec, ratio,
                                              f"repeats {rec} with edits ({ratio:.0%} alike)"))
            graph.add((URIRef(row["item"]), UNTOC.repeats, URIRef(rec)))
            graph.add((URIRef(rec), UNTOC.endorsedBy, URIRef(act)))
            qualify(graph, rec, act, "annex", row["item"])
            report.endorsements += 1


def _best(text: str, candidates) -> tuple[str, str] | None:
    """The candidate (recommendation, text) most like ``text``; on a tie, the greatest IRI
    (as the sort this replaced chose), so that the result does not depend on query order."""
    candidates = sorted(candidates, reverse=True)
    if not candidates:
        return None
    found = process.extractOne(_comparable(text), [_comparable(t) for _rec, t in candidates],
                               scorer=fuzz.ratio)
    return candidates[found[2]] if found else None


# ---------------------------------------------------------------- report symbols


def _report_symbols(store: GraphStore, graph: Graph, report: LinkReport) -> None:
    rows = _rows(store, "report-symbols")
    for row in rows:
        graph.add((URIRef(row["report"]), UNTOC.symbol, Literal(row["symbol"])))
        graph.add((URIRef(row["report"]), OWL.sameAs, URIRef(row["document"])))
        report.report_symbols[row["report"]] = row["symbol"]


# ---------------------------------------------------------------- persons


def _same_persons(store: GraphStore, graph: Graph, report: LinkReport) -> None:
    names = _rows(store, "person-names")
    acting_for = _rows(store, "persons-acting-for")
    people: dict[str, tuple[str, set[str]]] = {}
    for row in sorted(names, key=lambda r: (r["person"], r["name"])):
        people.setdefault(row["person"], (row["name"], set()))     # one name per person, the same every run
    for row in acting_for:
        if row["person"] in people:
            people[row["person"]][1].add(row["for"])
    # Only persons acting for the same state are compared: the pairs grow with the people of
    # one state, not with everybody the series ever named.
    by_state: dict[str, list[str]] = {}
    for person, (_name, states) in people.items():
        for state in states:
            by_state.setdefault(state, []).append(person)
    pairs = sorted({(a, b) for group in by_state.values() for a in group for b in group if a < b})
    for a, b in pairs:
        name_a, name_b = people[a][0], people[b][0]
        if similarity(name_a, name_b) >= PERSON_SIMILARITY:
            graph.add((URIRef(a), OWL.sameAs, URIRef(b)))
            graph.add((URIRef(a), SKOS.altLabel, Literal(name_b)))
            graph.add((URIRef(b), SKOS.altLabel, Literal(name_a)))
            report.same_persons.append((name_a, name_b))
