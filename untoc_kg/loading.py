"""The load pipeline: files → records → report graphs → SHACL → store.

Every file is read, mapped and validated before anything is written: a bad file stops the
load with a sentence naming it, and the store is left exactly as it was. The prepared graphs
wait in a spool file on disk (not in memory: a thousand reports are half a gigabyte of
N-Quads), then go into the store in batches of BATCH_REPORTS reports, one transaction each.
Oxigraph holds a whole transaction in memory — one transaction for a thousand reports took
3.3 GiB — so the promise for an interrupted write (a killed process, a full disk) is per
report graph: each is whole, the new version or the one it replaces, and loading the same
files again completes the load.

Two shortcuts keep that promise. A first load into an empty store builds the whole store in a
staging folder beside it, while the files are prepared, and puts it in place in one atomic
exchange (_build_beside). A reload skips the files whose reading the store already holds
(unchanged_files).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing as mp
import os
import signal
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from functools import partial
from typing import Callable, Iterable, Iterator

from untoc_kg.dumps import dumps_folder, missing_dumps, remove_store_dumps, write_store_dumps
from untoc_kg.linking import LINKS_GRAPH, LinkReport, link_store, links_problem
from untoc_kg.loader_version import loader_version
from untoc_kg.queries import bound_text, stored_queries
from untoc_kg.resources import data_dir
from untoc_kg.serving import invalidate_serving
from untoc_kg.errors import PartialReplacement, ReportError, UnresolvedNames, ValidationFailed
from untoc_kg.mapping import map_report
from untoc_kg.reading.report import read_report
from untoc_kg.records import Problem, ReportRecords
from untoc_kg.reference import reference_ntriples
from untoc_kg.store import GraphStore, can_exchange_folders
from untoc_kg.validation import validate_report
from rdflib.namespace import RDF

REPORT_SUFFIXES = (".txt", ".md")


@dataclass
class FileResult:
    """What loading one file gave: where its graph went, how many facts of each kind, and
    what the reader could not resolve. The records themselves are not kept: at a thousand
    reports they would hold gigabytes for nothing."""

    path: Path
    graph_iri: str
    ntriples: str                 # the report graph, as the store receives it; emptied once spooled
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)   # class IRI → instances typed in the graph

    @property
    def partial(self) -> bool:
        return any(p.kind in ("unresolved", "unread") for p in self.problems)

    @property
    def unresolved(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "unresolved"]


@dataclass
class SkippedFile:
    """A file the store already holds the reading of: same bytes, same name, same loader. It
    is not read again; a partial reading keeps its gaps, as its graph records them, so that
    the load says them again and is labelled partial again."""

    path: Path
    graph_iri: str
    gaps: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.gaps)


@dataclass
class LoadResult:
    files: list[FileResult]
    links: LinkReport | None = None
    skipped: list[SkippedFile] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return any(f.partial for f in self.files) or any(s.partial for s in self.skipped)

    @property
    def unresolved(self) -> list[str]:
        return [p.line_text(f.path.name) for f in self.files for p in f.unresolved]


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The report files named, folders opened one level deep; a file that cannot be read is
    refused here, before any work, by name."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            except OSError as error:
                raise ReportError(str(path), f"the folder cannot be read ({_reason(error)}).") from None
            if not found:
                raise ReportError(str(path), f"the folder holds no report files ({', '.join(REPORT_SUFFIXES)}).")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ReportError(str(path), "no such file or folder.")
    for file in files:
        _check_readable(file)
    return files


def _check_readable(path: Path) -> None:
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        raise ReportError(str(path), f"the file cannot be read ({_reason(error)}).") from None


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def load_time() -> dt.datetime:
    """When this load happened, as every report graph records it. SOURCE_DATE_EPOCH (the
    reproducible-builds convention) fixes it, so that two loads of the same files give
    byte-identical dumps."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def count_facts(records: ReportRecords) -> dict[str, int]:
    """How many facts of each kind a report gave, summed over its meetings (a joint meeting
    shares its statements and attendance list, so those count once per report)."""
    meetings = records.meetings
    statements = {id(s): s for m in meetings for s in m.statements}
    counts: Counter = Counter()
    counts["meetings"] = len(meetings)
    counts["agenda items"] = sum(len(m.agenda) for m in meetings)
    counts["sittings"] = sum(len(m.sittings) for m in meetings)
    counts["officers"] = sum(len(m.officers) for m in meetings)
    counts["statements"] = len(statements)
    counts["participants"] = max((len(m.participations) for m in meetings), default=0)
    counts["recommendations"] = sum(len(m.recommendations) for m in meetings)
    counts["documents"] = len({s for m in meetings for d in m.documents for s in d.symbols})
    counts["persons"] = len(records.persons)
    counts["acts adopted"] = len(records.acts)
    counts["act paragraphs"] = sum(len(a.preamble) + len(a.operative) for a in records.acts)
    counts["annex items"] = sum(len(x.items) for a in records.acts for x in a.annexes)
    counts["sponsors"] = sum(len(a.sponsors) for a in records.acts)
    counts["acts cited"] = len(records.acts_cited)
    counts["unresolved names"] = len(records.unresolved)
    counts["warnings"] = sum(1 for p in records.problems if p.kind == "discrepancy")
    return dict(counts)


def prepare(path: Path, loaded_at: dt.datetime, max_bytes: int | None = None) -> FileResult:
    """Read, map and validate one file; raise on anything that must stop the load."""
    try:
        records = read_report(path, max_bytes=max_bytes)
    except OSError as error:
        raise ReportError(str(path), f"the file cannot be read ({_reason(error)}).") from None
    graph = map_report(records, loaded_at)
    violations = [v for v in validate_report(graph) if v.severity == "Violation"]
    if violations and records.unresolved:
        # The shapes break because names are missing: say so in the names' own words.
        raise UnresolvedNames(str(path), [p.line_text(str(path)) for p in records.unresolved], len(violations))
    if violations:
        raise ValidationFailed(str(path), violations)
    result = FileResult(path, str(graph.identifier), graph.serialize(format="nt"),
                        list(records.problems), count_facts(records),
                        dict(Counter(str(o) for o in graph.objects(None, RDF.type))))
    result.counts["triples"] = len(graph)
    return result


def _warm() -> None:
    """Load what every file needs once, before worker processes fork, so they inherit it
    (reading/knowledge.py: every cache registers itself there)."""
    from untoc_kg.reading.knowledge import KNOWLEDGE

    KNOWLEDGE.warm()
    loader_version()


def _prepare_all(files: list[Path], loaded_at: dt.datetime, max_bytes: int | None) -> Iterator[FileResult]:
    """Each file's result, in order. Files are independent until they are stored, so on a
    machine with several cores they are read, mapped and validated in parallel (fork keeps
    the warmed caches and needs no pickling of them)."""
    _warm()
    workers = min(len(files), os.cpu_count() or 1)
    if workers < 2 or "fork" not in mp.get_all_start_methods():
        for path in files:
            yield prepare(path, loaded_at, max_bytes)
        return
    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(partial(prepare, loaded_at=loaded_at, max_bytes=max_bytes), files)


# Reports per write transaction (about 40,000 triples). Each batch is flushed to disk after
# its transaction: without that, RocksDB keeps every write in memory until the load ends
# (1.6 GiB at a thousand reports; 0.25 GiB with the flush, and the writes are faster).
BATCH_REPORTS = 20

# tests/test_faults.py kills a real load with SIGKILL at one of these points, named in this
# variable ("write:2": after the second batch), to show what a crash there leaves behind.
KILL_AT = "UNTOC_KG_KILL_AT"


def _reached(point: str) -> None:
    if os.environ.get(KILL_AT) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def load_files(store: GraphStore, paths: Iterable[str | Path],
               progress: Callable[[Path], None] | None = None,
               batch_reports: int = BATCH_REPORTS, *, replace_partial: bool = False,
               max_report_bytes: int | None = None, reread: bool = False) -> LoadResult:
    """Load report files into the store: all of them or, on the first bad one, none.

    What an interruption leaves (a kill, a full disk): every report graph whole, in its new
    version or the one it replaces; the links graph absent until the links are recomputed
    (`validate` and `stats` say so; `untoc-kg link` or the same load again restores them).

    A file whose reading the store already holds (unchanged_files) is skipped unless `reread`;
    when every file is skipped and the links are current, nothing is written at all."""
    files = collect_files(paths)
    store.remove_leftover_build()
    skipped, files = ([], files) if reread else unchanged_files(store, files)
    seen: dict[str, Path] = {}
    for skip in skipped:
        if skip.graph_iri in seen:
            raise ReportError(str(skip.path), f"it reports the same meeting as {seen[skip.graph_iri]} "
                              f"(both map to {skip.graph_iri}); load one of them.")
        seen[skip.graph_iri] = skip.path
    if not files and links_problem(store) is None:
        # Nothing to read and nothing missing: the store already is what this load would make.
        if store.path is not None and missing_dumps(dumps_folder(store.path)):
            write_store_dumps(store)
        return LoadResult([], None, skipped)
    loaded_at = load_time()
    if store.path is not None and store.is_empty() and files and can_exchange_folders(store.path.parent):
        return LoadResult(*_build_beside(store, files, loaded_at, seen, progress, batch_reports, max_report_bytes),
                          skipped)
    results: list[FileResult] = []
    with _Spool() as spool:
        for number, result in enumerate(_prepare_all(files, loaded_at, max_report_bytes), 1):
            _refuse_same_meeting(result, seen)
            spool.add(result.graph_iri, result.ntriples)
            result.ntriples = ""
            results.append(result)
            if progress:
                progress(result.path)
            _reached(f"prepare:{number}")
        if not replace_partial:
            refuse_partial_replacements(store, results)
        # Every file has passed: only now is the store touched. The links graph goes first,
        # in its own transaction, so that a store with a links graph always has links
        # computed after its last report was written.
        remove_store_dumps(store)
        store.drop_graph(str(LINKS_GRAPH))
        invalidate_serving(store)
        store.flush()
        graphs = {iri: ntriples for iri, ntriples in reference_ntriples().items()
                  if not store.holds(iri, ntriples)}
        for number, batch in enumerate(spool.batches(batch_reports), 1):
            graphs.update(batch)
            store.replace_graphs(graphs)
            store.flush()
            graphs = {}
            _reached(f"write:{number}")
        if graphs:
            store.replace_graphs(graphs)
            store.flush()
    _reached("link")
    links = link_store(store)
    _reached("compact")
    store.compact()
    write_store_dumps(store)
    return LoadResult(results, links, skipped)


def _build_beside(store: GraphStore, files: list[Path], loaded_at: dt.datetime, seen: dict[str, Path],
                  progress, batch_reports: int, max_report_bytes: int | None) -> tuple[list[FileResult], LinkReport]:
    """A first load into an empty store: the whole store is built in a staging folder beside
    it and then takes its place in one atomic exchange (GraphStore.take_place_of).

    Nobody reads the staging store, so each batch goes in with Oxigraph's bulk loader as soon
    as its reports are prepared, while the workers go on preparing the next ones (the other
    path must wait for every file to pass before it touches the store). A bad file, or a kill
    at any moment, leaves the target as empty as it was; the next load removes the staging
    folder a killed build left behind."""
    staging = store.staging()
    results: list[FileResult] = []
    try:
        staging.bulk_add_graphs(reference_ntriples())
        batch: dict[str, str] = {}
        written = 0
        for number, result in enumerate(_prepare_all(files, loaded_at, max_report_bytes), 1):
            _refuse_same_meeting(result, seen)
            batch[result.graph_iri] = result.ntriples
            result.ntriples = ""
            results.append(result)
            if progress:
                progress(result.path)
            _reached(f"prepare:{number}")
            if len(batch) >= batch_reports:
                staging.bulk_add_graphs(batch)
                batch, written = {}, written + 1
                _reached(f"write:{written}")
        if batch:
            staging.bulk_add_graphs(batch)
        _reached("link")
        links = link_store(staging)
        _reached("compact")
        staging.compact()
        write_store_dumps(staging)
        _reached("swap")
        staging.take_place_of(store)
        _reached("swapped")
    finally:
        staging.discard()
    return results, links


def _refuse_same_meeting(result: FileResult, seen: dict[str, Path]) -> None:
    if result.graph_iri in seen:
        raise ReportError(str(result.path), f"it reports the same meeting as {seen[result.graph_iri]} "
                          f"(both map to {result.graph_iri}); load one of them.")
    seen[result.graph_iri] = result.path


def refuse_partial_replacements(store: GraphStore, results: list[FileResult]) -> None:
    """A partial reading (names unresolved, sections unread) must not silently replace a graph
    of the same report that holds more: a truncated copy of a report would otherwise erase
    what a complete one gave."""
    for result in results:
        if not result.partial or not store.has_graph(result.graph_iri):
            continue
        stored = store.count(result.graph_iri)
        if stored <= result.counts["triples"]:
            continue
        stored_classes = store.class_counts(result.graph_iri)
        lost = [(_local_name(c), n - result.classes.get(c, 0)) for c, n in sorted(stored_classes.items())
                if n > result.classes.get(c, 0)]
        what = ", ".join(f"{name} ×{n}" for name, n in lost) or "no node, only facts about nodes"
        raise PartialReplacement(
            str(result.path),
            f"this reading is partial, and it would replace <{result.graph_iri}>, which holds more of the same "
            f"report: {result.counts['triples']} triples instead of {stored}, losing {what}. Nothing was "
            "stored; load the complete report, or pass --replace-partial to replace it anyway.")


def unchanged_files(store: GraphStore, files: list[Path]) -> tuple[list[SkippedFile], list[Path]]:
    """Split `files` into those the store already holds the reading of and those to read.

    A stored reading counts only when its content hash, its file name and its loader version
    (loader_version: the code and knowledge that read it) are this file's and this loader's.
    A partial reading counts too: reading the same bytes with the same loader again would find
    the same gaps, so they are taken from its graph (untoc:readingGap) instead — a corpus with
    one partial report among a thousand once read that report and recomputed every link."""
    if not store.report_graphs():
        return [], files
    current = loader_version()
    queries = stored_queries(data_dir("loading"))
    stored, with_gaps = {}, set()
    for row in store.query(bound_text(queries["stored-readings"])):
        if row["loader"].value == current:
            stored[(row["sha256"].value, row["file"].value)] = row["graph"].value
            if int(row["gaps"].value):
                with_gaps.add(row["graph"].value)
    gaps: dict[str, list[str]] = {}
    if with_gaps:
        for row in store.query(bound_text(queries["stored-gaps"])):
            gaps.setdefault(row["graph"].value, []).append(row["gap"].value)
    skipped, to_read = [], []
    for path in files:
        graph = stored.get((_sha256(path), path.name))
        if graph is None:
            to_read.append(path)
        else:
            skipped.append(SkippedFile(path, graph, tuple(gaps.get(graph, ()))))
    return skipped, to_read


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def relink_store(store: GraphStore) -> LinkReport:
    """`untoc-kg link`: the links (and what is computed with them) again, and the dumps that
    hold them. The store is compacted after, as a load leaves it: the serving layer is
    written in batches, each a file of its own on disk, and until they are merged every
    read looks into each of them."""
    remove_store_dumps(store)
    links = link_store(store)
    store.compact()
    write_store_dumps(store)
    return links


class _Spool:
    """Prepared report graphs in a temporary file until every file has passed."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="untoc-kg-load-")
        self._graphs: list[tuple[str, int, int]] = []         # (graph IRI, offset, length)

    def __enter__(self) -> "_Spool":
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()

    def add(self, iri: str, ntriples: str) -> None:
        data = ntriples.encode("utf-8")
        self._graphs.append((iri, self._file.tell(), len(data)))
        self._file.write(data)

    def batches(self, size: int) -> Iterator[dict[str, str]]:
        self._file.flush()
        for start in range(0, len(self._graphs), max(1, size)):
            batch = {}
            for iri, offset, length in self._graphs[start:start + size]:
                self._file.seek(offset)
                batch[iri] = self._file.read(length).decode("utf-8")
            yield batch
