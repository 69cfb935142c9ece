"""The serving layer: what the stored queries read, computed from the report graphs and the links.

In the union of the report graphs a node that many reports describe (a state, a person, a
meeting, a cited act) is one solution per copy, and a question such as "which states spoke on
this topic at two or more meetings" has to gather thousands of statements before it can count.
The serving layer (graph/serving) holds the same facts in the shape the questions take
(docs/model.md, "The serving layer"):

- the shared nodes once each, with one set of facts: agents, meetings, cited acts
  (serving_views.py);
- summaries keyed the way the questions are asked: per topic × State, per pair of sponsors,
  per meeting × topic, per name of a person (serving_views.py);
- the listings, row by row, each row with its rank in the listing's order, so that a page is
  read by rank instead of sorting the whole answer (serving_listings.py).

It is a function of the report graphs and graph/links only: each base table is read with a
SELECT of serving/*.rq (serving_tables.py), the tables are joined in Python, and what is
written is a set of triples, so the load order never changes it.

Writing it: the graph's prov:wasDerivedFrom triples (the mark of a current serving layer) are
removed first and written last. What lies between is written in batches that memory holds one at
a time: the triples to add with Oxigraph's bulk loader (BATCH_TRIPLES at a time, no transaction:
several times faster, and what a kill leaves is reported by the missing mark), the triples no
longer true removed in transactions of REMOVE_TRIPLES. (The 430,000 triples the serving layer
once had, written in one transaction after the graph was dropped in another, took 1.4 GiB at a
thousand reports.) A write that is interrupted leaves a serving layer without its mark, which
`validate` and `stats` report as missing, as they do links that were not computed, and which
the next computation completes. When a serving graph is already there, only the triples that
changed are written (each triple computed is looked up in the graph first) and removed (read only
when some of the stored triples were not computed again): a link of an unchanged store writes
none, a load of one more report writes what it changes.
"""

from __future__ import annotations

import gc
import hashlib
from typing import Callable

import pyoxigraph as ox

from untoc_kg import serving_listings as listings
from untoc_kg import serving_recommendation_debate as recommendation_debate
from untoc_kg import serving_state_debates as state_debates
from untoc_kg import serving_views as views
from untoc_kg.serving_records import ServingReport, Triples
from untoc_kg.serving_tables import ServingTables
from untoc_kg.store import (GraphStore, add_to_graph, bulk_add_to_graph, graph_holds, graph_lines, graph_marks,
                            graph_size, remove_from_graph)
from untoc_kg.vocab import GRAPH

SERVING_GRAPH = GRAPH["serving"]
LINKS = str(GRAPH["links"])
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
# How many triples one write holds in memory (a transaction holds each until it commits; the
# bulk loader sorts a batch before it writes it: some 80 MiB for 50,000 triples).
BATCH_TRIPLES = 50_000
REMOVE_TRIPLES = 20_000

# What the serving layer holds, section by section: each writes its records to a sink.
SECTIONS: tuple[Callable, ...] = (
    lambda tables, out, report: views.agents(tables, out),
    lambda tables, out, report: views.meetings(tables, out),
    views.acts, views.topic_speakers, views.co_sponsorship, views.topic_timeline, views.persons, views.offices,
    listings.statements, listings.attendance, listings.recommendations, listings.endorsements,
    listings.panellists, listings.citations, listings.resolutions,
    recommendation_debate.recommendation_debate,
    state_debates.state_debates,
)


def compute_serving(store: GraphStore) -> tuple[set[str], ServingReport]:
    """The serving graph as a set of N-Triples lines (without its prov:wasDerivedFrom), and
    what it holds; serve_store writes the same lines without holding them all."""
    tables = ServingTables(store)
    out, report = Triples(), ServingReport()
    for section in SECTIONS:
        section(tables, out, report)
    report.triples = len(out.lines)
    return out.lines, report


def _digest(line: str) -> bytes:
    # 128 bits: two different triples of a million never share one.
    return hashlib.blake2b(line.encode("utf-8"), digest_size=16).digest()


class _Writer:
    """A sink that writes what it is given in batches of BATCH_TRIPLES with the bulk loader.
    When the graph already held triples (`check`), a triple it holds is not written again
    (one lookup each), and the digests of every triple given are kept (`given`) so that the
    ones no longer true can be found afterwards."""

    def __init__(self, store: GraphStore, iri: str, check: bool):
        self.store, self.iri, self.check = store, iri, check
        self.given: set[bytes] = set()
        self.batch: dict[str, tuple] = {}
        self.triples = self.added = self.held = 0

    def add(self, subject, predicate, obj) -> None:
        # The terms are kept only for the lookups of `check`.
        self.batch[f"{subject} {predicate} {obj} ."] = (subject, predicate, obj) if self.check else None
        if len(self.batch) >= BATCH_TRIPLES:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, {}
        if not self.check:
            lines = list(batch)
            self.triples += len(lines)
            if lines:
                bulk_add_to_graph(self.store, self.iri, lines)
                self.added += len(lines)
            return
        lines = []
        for line, terms in batch.items():
            if self.check:
                digest = _digest(line)
                if digest in self.given:
                    continue
                self.given.add(digest)
                if graph_holds(self.store, self.iri, *terms):
                    self.held += 1
                    self.triples += 1
                    continue
            self.triples += 1
            lines.append(line)
        if lines:
            bulk_add_to_graph(self.store, self.iri, lines)
            self.added += len(lines)


def _marks(store: GraphStore) -> list[str]:
    """The serving graph's prov:wasDerivedFrom triples for the graphs now in the store."""
    graph = str(ox.NamedNode(str(SERVING_GRAPH)))
    derived = [*store.report_graphs(), LINKS] if store.has_graph(LINKS) else store.report_graphs()
    return [f"{graph} <{_PROV_DERIVED}> <{iri}> ." for iri in derived]


def invalidate_serving(store: GraphStore) -> None:
    """Mark the serving layer as not current (its prov:wasDerivedFrom removed, its triples
    kept): what a load can do before it writes, instead of dropping the graph, so that an
    interruption is reported and the next computation writes only what changed."""
    marks = graph_marks(store, str(SERVING_GRAPH), _PROV_DERIVED)
    if marks:
        remove_from_graph(store, str(SERVING_GRAPH), marks)
        store.flush()


def serve_store(store: GraphStore) -> ServingReport:
    """Recompute graph/serving from the report graphs and graph/links now in the store, and
    write it as the module's comment says: the mark removed, the triples in batches, the stale
    ones removed, the mark written."""
    iri = str(SERVING_GRAPH)
    invalidate_serving(store)
    stored = graph_size(store, iri)
    # The tables are millions of objects that live until the sections are done and form no
    # cycles; each full collection the garbage collector runs meanwhile walks all of them (4 of
    # the 43 CPU-s at a thousand reports), so it waits until they are gone.
    collecting = gc.isenabled()
    gc.disable()
    try:
        tables = ServingTables(store)
        writer, report = _Writer(store, iri, check=stored > 0), ServingReport()
        for section in SECTIONS:
            section(tables, writer, report)
        writer.flush()
        del tables
    finally:
        if collecting:
            gc.enable()
    report.added = writer.added
    # Every triple the graph held is still true when all of them were given again.
    if writer.held < stored:
        stale = [line for line in graph_lines(store, iri) if _digest(line) not in writer.given]
        for start in range(0, len(stale), REMOVE_TRIPLES):
            remove_from_graph(store, iri, stale[start:start + REMOVE_TRIPLES])
            store.flush()
        report.removed = len(stale)
    marks = _marks(store)
    add_to_graph(store, iri, marks)
    store.flush()
    report.triples = writer.triples + len(marks)
    return report


def serving_problem(store: GraphStore) -> str | None:
    """Why the serving layer cannot be trusted, or None when it is current."""
    reports = store.report_graphs()
    if not reports:
        return None
    derived = store.objects(str(SERVING_GRAPH), _PROV_DERIVED, str(SERVING_GRAPH))
    if not derived:
        return ("the serving layer (graph/serving, which the stored queries read) is missing or incomplete: a "
                "load was interrupted before it was computed; run `untoc-kg link` (or the same load again) to "
                "restore it.")
    if sorted(set(derived) - {LINKS}) != reports or LINKS not in derived:
        return (f"the serving layer (graph/serving) was computed from {len(set(derived) - {LINKS})} report "
                f"graph(s), but the store holds {len(reports)} different ones; run `untoc-kg link` to "
                "recompute it.")
    return None
