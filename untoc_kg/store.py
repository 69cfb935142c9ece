"""The store: embedded Oxigraph on disk by default, one named graph per report.

Replacing report graphs is one SPARQL update (DROP + INSERT DATA for every graph at once),
which Oxigraph applies in a single transaction: a crash or an error mid-way leaves the old
graphs, never half of the new ones.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from untoc_kg.errors import StoreError
from untoc_kg.store_lock import StoreLock
from untoc_kg.vocab import REPORT_GRAPH_PREFIX

DEFAULT_STORE = "untoc-kg.db"
ENV_STORE = "UNTOC_KG_STORE"

DUMP_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


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

    def flush(self) -> None:
        if self.path is not None:
            self.store.flush()

    def compact(self) -> None:
        """Merge the store's files on disk. A load flushes each batch to files of its own, and
        until they are merged every read looks into each of them (at a thousand reports,
        persons takes 2.2 s before and 0.8 s after, for 7 s of merging)."""
        if self.path is not None:
            self.store.optimize()


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _as_nquads(ntriples: str, graph: str) -> str:
    # Each N-Triples line ends with " ."; the graph name goes before it.
    suffix = f" <{graph}> .\n"
    return "".join(line[:-1].rstrip() + suffix for line in ntriples.splitlines() if line.strip())


def _prefixes() -> dict[str, str]:
    from untoc_kg.vocab import PREFIXES
    return {k: str(v) for k, v in PREFIXES.items()}
