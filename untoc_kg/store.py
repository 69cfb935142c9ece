"""The store: embedded Oxigraph on disk by default, one named graph per report.

Replacing report graphs is one SPARQL update (DROP + INSERT DATA for every graph at once),
which Oxigraph applies in a single transaction: a crash or an error mid-way leaves the old
graphs, never half of the new ones.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable

import pyoxigraph as ox
from rdflib import Graph

from untoc_kg.errors import StoreError
from untoc_kg.formats import of_kind
from untoc_kg.store_lock import StoreLock
from untoc_kg.vocab import REPORT_GRAPH_PREFIX

DEFAULT_STORE = "untoc-kg.db"
ENV_STORE = "UNTOC_KG_STORE"

# The graph formats pyoxigraph writes (untoc_kg/formats.py), by name.
DUMP_FORMATS = {f.name: f.oxigraph for f in of_kind("rdf") if f.oxigraph}


def store_path(option: str | None) -> Path:
    return Path(option or os.environ.get(ENV_STORE) or DEFAULT_STORE)


class GraphStore:
    """A thin owner of one pyoxigraph Store; every other module goes through it.

    An on-disk store is opened under a lock (see store_lock.py): shared for reading, exclusive
    for writing, so that a load never runs under a server's feet. `purpose` says, to a process
    that is refused, what this one is doing ("untoc-kg serve on http://127.0.0.1:8000")."""

    def __init__(self, path: Path | None, read_only: bool = False, *, purpose: str = ""):
        self.path = path
        # A store folder this object made; it is removed again if nothing was ever written
        # to it (a failed first load leaves no empty store behind).
        self.created = False
        self._read_only = read_only
        self._lock: StoreLock | None = None
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                if not path.exists():
                    raise StoreError(f"{path}: there is no store here yet; load reports first (untoc-kg load PATH).")
                self._lock = StoreLock(path, exclusive=False, purpose=purpose)
                self.store = ox.Store.read_only(str(path))
            else:
                self.created = not path.exists()
                path.mkdir(parents=True, exist_ok=True)
                self._lock = StoreLock(path, exclusive=True, purpose=purpose or "a write")
                self.store = ox.Store(str(path))
        except OSError as error:
            self._abandon()
            raise StoreError(f"{path}: the store cannot be opened ({error}).") from None
        except StoreError:
            self._abandon()
            raise

    # An open on-disk store holds a lock on its folder. Closing drops the pyoxigraph Store
    # even when a traceback still references this object, so the next command can open it.
    def close(self) -> None:
        self.store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _abandon(self) -> None:
        """Close, and remove the folder if this object created it and it holds nothing."""
        empty = self.created and (getattr(self, "store", None) is None or len(self.store) == 0)
        self.close()
        if empty and self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            self._abandon()
        else:
            self.close()

    # -- writing ----------------------------------------------------------------------
    def replace_graphs(self, graphs: dict[str, str]) -> None:
        """Replace each named graph (IRI → N-Triples text) in one transaction."""
        if not any(self.store.contains_named_graph(ox.NamedNode(iri)) for iri in graphs):
            # Nothing to drop: one transactional load of N-Quads, parsed by Oxigraph itself,
            # is several times faster than the same triples as a SPARQL update.
            nquads = "".join(_as_nquads(ntriples, iri) for iri, ntriples in graphs.items())
            if nquads:
                self.store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            return
        operations = []
        for iri, ntriples in graphs.items():
            operations.append(f"DROP SILENT GRAPH <{iri}>")
            if ntriples.strip():
                operations.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{ntriples}\n}} }}")
        if operations:
            self.store.update(" ;\n".join(operations))

    def bulk_add_graphs(self, graphs: dict[str, str]) -> None:
        """Add named graphs (IRI → N-Triples) with Oxigraph's bulk loader: no transaction and
        no reads, so only for a store nobody else sees yet (a staging store, see staging())."""
        nquads = "".join(_as_nquads(ntriples, iri) for iri, ntriples in graphs.items())
        if nquads:
            self.store.bulk_load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def is_empty(self) -> bool:
        return len(self.store) == 0

    # -- building a store whole, beside the one it replaces --------------------------------
    def staging(self) -> "GraphStore":
        """A new, empty store folder beside this one (``.NAME.building``), on the same file
        system, in which a build can be written without transactions and which then takes the
        place of this one at once (take_place_of), or is thrown away. A folder of that name
        left by a killed build is removed first: this object holds the exclusive lock of the
        store it belongs to, so no live build is using it."""
        if self.path is None:
            raise StoreError("a store in memory has no folder to build beside.")
        self.remove_leftover_build()
        purpose = self._lock.purpose if self._lock is not None else "a build"
        return GraphStore(self._staging_folder(), purpose=purpose)

    def _staging_folder(self) -> Path:
        return self.path.parent / f".{self.path.name}.building"

    def remove_leftover_build(self) -> None:
        """Remove the staging folder a killed build left beside this store (see staging())."""
        if self.path is not None and not self._read_only:
            shutil.rmtree(self._staging_folder(), ignore_errors=True)

    def take_place_of(self, target: "GraphStore") -> None:
        """Put this (staging) store where `target` is, in one atomic exchange of the two
        folders (renameat2 RENAME_EXCHANGE), so that a process killed at any moment leaves
        the target folder holding either its old store or this one, never a mix. `target`
        stays open on its path, now on this store's data; this object's folder then holds the
        old store, for the caller to discard()."""
        if self.path is None or target.path is None:
            raise StoreError("only a store on disk can take the place of another.")
        # Both RocksDB instances must be closed before their folders move.
        self.store = None
        target.store = None
        gc.collect()
        exchange_folders(self.path, target.path)
        self._lock, target._lock = target._lock, self._lock
        if target._lock is not None:
            target._lock.folder = target.path
        if self._lock is not None:
            self._lock.folder = self.path
        target.store = ox.Store(str(target.path))

    def discard(self) -> None:
        """Close, and remove the folder whatever it holds (a staging store that is not needed)."""
        self.close()
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)

    def holds(self, iri: str, ntriples: str) -> bool:
        """Whether the named graph holds exactly these triples (a reference graph that has
        not changed since the last load need not be written again)."""
        expected = [line for line in ntriples.splitlines() if line.strip()]
        if "_:" in ntriples or self.count(iri) != len(expected):
            # Blank node labels differ between parses: such a graph is simply written again.
            return False
        stored = sorted(f"{q.subject} {q.predicate} {q.object} ." for q in
                        self.store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
        return stored == sorted(expected)

    def has_graph(self, iri: str) -> bool:
        return self.store.contains_named_graph(ox.NamedNode(iri))

    def class_counts(self, iri: str) -> dict[str, int]:
        """Class IRI → how many nodes the named graph types with it."""
        counts: dict[str, int] = {}
        for quad in self.store.quads_for_pattern(None, _RDF_TYPE, None, ox.NamedNode(iri)):
            counts[quad.object.value] = counts.get(quad.object.value, 0) + 1
        return counts

    def objects(self, subject: str, predicate: str, graph: str) -> list[str]:
        """The values of one property of one node in one named graph."""
        return sorted(q.object.value for q in self.store.quads_for_pattern(
            ox.NamedNode(subject), ox.NamedNode(predicate), None, ox.NamedNode(graph)))

    def drop_graph(self, iri: str) -> None:
        self.store.update(f"DROP SILENT GRAPH <{iri}>")

    # -- reading ----------------------------------------------------------------------
    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def report_graphs(self) -> list[str]:
        return [g for g in self.named_graphs() if g.startswith(REPORT_GRAPH_PREFIX)]

    def ntriples(self, iri: str) -> str:
        """One named graph as N-Triples text, straight from Oxigraph."""
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)).decode("utf-8")

    def graph(self, iri: str) -> Graph:
        """One named graph as an rdflib Graph (for validation and export of a single report)."""
        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
        graph = Graph(identifier=iri)
        if data:
            graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)

    def update(self, sparql: str) -> None:
        """A SPARQL 1.1 Update, in one transaction (for repairs and tests; loads replace whole
        graphs with replace_graphs)."""
        self.store.update(sparql)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.store)
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def dump(self, fmt: str) -> bytes:
        if fmt in ("ttl", "nt"):
            # Triple formats hold the union of the graphs: each triple once, in a stable order.
            lines = sorted({str(ox.Triple(q.subject, q.predicate, q.object)) + " ." for q in self.store})
            nt = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
            if fmt == "nt":
                return nt
            return ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                                prefixes=_prefixes()) or b""
        quads = sorted(self.store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        return ox.serialize(quads, format=DUMP_FORMATS[fmt], **({"prefixes": _prefixes()} if fmt == "trig" else {})) or b""

    def quads_in_order(self) -> Iterable[ox.Quad]:
        """Every quad, graph by graph and subject by subject: the order of the on-disk store's
        own index, streamed; a store in memory has no such order, so its quads are sorted."""
        if self.path is not None:
            return iter(self.store)
        return sorted(self.store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))

    def write_quads(self, output: BinaryIO, fmt: ox.RdfFormat, **options) -> None:
        """Every quad to `output` in a quad format (N-Quads, TriG), in quads_in_order order;
        an on-disk store streams them from its index without holding them in memory."""
        if self.path is not None:
            self.store.dump(output, fmt, **options)
        else:
            ox.serialize(self.quads_in_order(), output, fmt, **options)

    def flush(self) -> None:
        if self.path is not None:
            self.store.flush()

    def compact(self) -> None:
        """Merge the store's files on disk. A load flushes each batch to files of its own, and
        until they are merged every read looks into each of them (at a thousand reports,
        persons takes 2.2 s before and 0.8 s after, for 7 s of merging)."""
        if self.path is not None:
            self.store.optimize()

    # -- for the SPARQL protocol of `serve` (untoc_kg/web/protocol.py) -------------------
    def query_as_written(self, sparql: str):
        """A query on the dataset its own FROM and FROM NAMED name (pyoxigraph ignores FROM
        when the default graph is the union of the graphs, as in query)."""
        return self.store.query(sparql)

    def query_on_dataset(self, sparql: str, *, default_graphs: list[str], named_graphs: list[str]):
        """A query on the dataset a protocol request names (default-graph-uri, named-graph-uri),
        which replaces the query's own (SPARQL 1.1 Protocol, 2.1.4)."""
        return self.store.query(sparql, default_graph=[ox.NamedNode(g) for g in default_graphs] or None,
                                named_graphs=[ox.NamedNode(g) for g in named_graphs])


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# renameat2(2) with RENAME_EXCHANGE swaps two paths in one step (Linux 3.15, glibc 2.28; not
# every file system). The standard library has no binding for it.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange_folders(a: Path, b: Path) -> None:
    """Swap two folders atomically; OSError where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        raise OSError(errno.ENOSYS, "renameat2 is not available on this system") from None
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a))


def can_exchange_folders(parent: Path) -> bool:
    """Whether exchange_folders works in `parent` (tried on two empty folders made there)."""
    try:
        with tempfile.TemporaryDirectory(dir=parent, prefix=".untoc-kg-exchange-") as probe:
            a, b = Path(probe) / "a", Path(probe) / "b"
            a.mkdir()
            b.mkdir()
            (a / "mark").touch()
            exchange_folders(a, b)
            return (b / "mark").exists()
    except OSError:
        return False


def _as_nquads(ntriples: str, graph: str) -> str:
    # Each N-Triples line ends with " ."; the graph name goes before it.
    suffix = f" <{graph}> .\n"
    return "".join(line[:-1].rstrip() + suffix for line in ntriples.splitlines() if line.strip())


def _prefixes() -> dict[str, str]:
    from untoc_kg.vocab import PREFIXES
    return {k: str(v) for k, v in PREFIXES.items()}


# -- the serving layer (untoc_kg/serving.py): one large graph changed triple set by triple set --
# Added for the serving layer: it is recomputed after every load and written as the difference
# from what is stored, in batches of its own size, each one transaction.

def graph_lines(store: GraphStore, iri: str):
    """The triples of one named graph as N-Triples lines (without a line end), one at a time
    from the store's index (none for a graph the store does not hold)."""
    graph = ox.NamedNode(iri)
    for quad in store.store.quads_for_pattern(None, None, None, graph):
        yield f"{quad.subject} {quad.predicate} {quad.object} ."


def add_to_graph(store: GraphStore, iri: str, lines: list[str]) -> None:
    """Add N-Triples lines to a named graph (which may already hold others), in one transaction."""
    if lines:
        suffix = f" <{iri}> .\n"
        nquads = "".join(line[:-1].rstrip() + suffix for line in lines)
        store.store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)


def remove_from_graph(store: GraphStore, iri: str, lines: list[str]) -> None:
    """Remove N-Triples lines from a named graph, in one transaction."""
    if lines:
        store.store.update(f"DELETE DATA {{ GRAPH <{iri}> {{\n" + "\n".join(lines) + "\n} }")


def bulk_add_to_graph(store: GraphStore, iri: str, lines: list[str]) -> None:
    """Add N-Triples lines to a named graph with Oxigraph's bulk loader: no transaction (a
    kill may leave some of them written) and no reads, several times faster than a
    transaction; for the serving layer, which writes its mark only once all its triples are."""
    if lines:
        suffix = f" <{iri}> .\n"
        nquads = "".join(line[:-1].rstrip() + suffix for line in lines)
        store.store.bulk_load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)


def graph_marks(store: GraphStore, iri: str, predicate: str) -> list[str]:
    """The N-Triples lines of one named graph whose subject is the graph itself and whose
    predicate is `predicate` (the marks a graph keeps of what it was computed from)."""
    graph = ox.NamedNode(iri)
    return [f"{quad.subject} {quad.predicate} {quad.object} ."
            for quad in store.store.quads_for_pattern(graph, ox.NamedNode(predicate), None, graph)]


def graph_holds(store: GraphStore, iri: str, subject, predicate, obj) -> bool:
    """Whether the named graph holds this triple (one lookup in the store's index)."""
    return ox.Quad(subject, predicate, obj, ox.NamedNode(iri)) in store.store


def graph_size(store: GraphStore, iri: str) -> int:
    """How many triples the named graph holds, counted by the engine (no triple decoded)."""
    solutions = store.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    return int(next(iter(solutions))[0].value)
