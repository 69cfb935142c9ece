"""Dumps of the whole store: Turtle, N-Triples, N-Quads, TriG, JSON-LD, written as a stream.

`write_export(store, fmt, output)` writes one format to a binary file without holding the
dump, or the graph, in memory: at a thousand reports the N-Quads dump is hundreds of
megabytes, and the rdflib Dataset that the JSON-LD dump was once compacted from took
gigabytes. `export(store, fmt)` gives the same bytes as one value, for small stores and tests.

Order. The quad formats (N-Quads, TriG, JSON-LD) follow the store's own order, which for a
store on disk is the order of its index keys: a function of the content only, so the same
store gives byte-identical dumps. A store in memory keeps no such order, and its quads are
sorted instead.

The triple formats (Turtle, N-Triples) hold the union of the graphs, each triple once, as
sorted N-Triples lines (the order these dumps have always had). The lines are sorted in runs
of RUN_LINES, each run spilled to a temporary file and the runs merged, so that no more than
one run is held at a time.
"""

from __future__ import annotations

import heapq
import io
import json
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox

from untoc_kg.formats import names, of_kind
from untoc_kg.store import GraphStore
from untoc_kg.vocab import PREFIXES

EXPORT_FORMATS = names("rdf")

# The quad formats pyoxigraph writes straight from the store's index (JSON-LD, which holds
# graphs too, is written here, compacted).
_QUAD_FORMATS = {f.name: f.oxigraph for f in of_kind("rdf") if f.quads and f.oxigraph}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def jsonld_context() -> dict:
    return {"@context": {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}}


def dump_prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def export(store: GraphStore, fmt: str) -> bytes:
    """The whole dump as one value; the same bytes as write_export, which a large store needs."""
    buffer = io.BytesIO()
    write_export(store, fmt, buffer)
    return buffer.getvalue()


def write_export(store: GraphStore, fmt: str, output: BinaryIO, spill: Path | None = None) -> None:
    """Write the whole store in `fmt` to `output` (a binary file), as a stream.

    `spill` is the folder for the sorted runs of the triple formats (default: the system's)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "jsonld":
        write_jsonld(_quads(store), output)
    elif fmt in _QUAD_FORMATS:
        options = {"prefixes": dump_prefixes()} if fmt == "trig" else {}
        store.write_quads(output, _QUAD_FORMATS[fmt], **options)
    elif fmt == "nt":
        write_ntriples(_quads(store), output, spill)
    else:
        write_turtle(_LinesReader(union_lines(_quads(store), spill)), output)


def _quads(store: GraphStore) -> Iterable[ox.Quad]:
    """Every quad, graph by graph and subject by subject (see the module docstring)."""
    return store.quads_in_order()


# -- the union of the graphs, as sorted N-Triples lines ---------------------------------------

# About 25 MB of lines per run; a thousand reports (1.9 million quads) make twenty runs.
RUN_LINES = 100_000


def union_lines(quads: Iterable[ox.Quad], spill: Path | None = None) -> Iterator[str]:
    """The distinct triples of `quads` as N-Triples lines, sorted, each ending in a line break."""
    run: set[str] = set()
    runs: list = []
    try:
        for quad in quads:
            # An N-Triples term never holds a raw line break (Oxigraph escapes those of a
            # literal), so a spilled run reads back line by line.
            run.add(f"{quad.subject} {quad.predicate} {quad.object} .\n")
            if len(run) >= RUN_LINES:
                runs.append(_spill(sorted(run), spill))
                run = set()
        if not runs:
            yield from sorted(run)
            return
        if run:
            runs.append(_spill(sorted(run), spill))
            run = set()
        previous = None
        for line in heapq.merge(*runs):
            if line != previous:
                yield line
                previous = line
    finally:
        for file in runs:
            file.close()


def _spill(lines: list[str], folder: Path | None):
    file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=folder, prefix=".untoc-kg-run-")
    file.writelines(lines)
    file.seek(0)
    return file


def write_ntriples(quads: Iterable[ox.Quad], output: BinaryIO, spill: Path | None = None) -> None:
    """The union of the graphs of `quads` as N-Triples, each triple once."""
    batch: list[str] = []
    for line in union_lines(quads, spill):
        batch.append(line)
        if len(batch) == 10_000:
            output.write("".join(batch).encode("utf-8"))
            batch = []
    output.write("".join(batch).encode("utf-8"))


def write_turtle(ntriples: BinaryIO, output: BinaryIO) -> None:
    """N-Triples (a binary file, read as a stream) as Turtle with the prefixes of the dumps."""
    ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), output, ox.RdfFormat.TURTLE,
                 prefixes=dump_prefixes())


class _LinesReader(io.RawIOBase):
    """Text lines as a binary file, for a parser that reads one."""

    def __init__(self, lines: Iterator[str]):
        self._lines = lines
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self._pending) < len(buffer):
            chunk = "".join(line for _, line in zip(range(1000), self._lines))
            if not chunk:
                break
            self._pending += chunk.encode("utf-8")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


# -- JSON-LD ------------------------------------------------------------------------------
# Compacted with the prefixes of vocab.PREFIXES as its context, as the dump has always been,
# but written node by node: one node object (a subject of one graph) per line, in the store's
# order, inside one object per named graph. rdf:first/rdf:rest chains stay plain nodes
# rather than @list (the ontology's owl:unionOf lists are the only ones).

class _Compactor:
    def __init__(self) -> None:
        # Longest namespace first, so that topic: wins over id: for a topic.
        self._namespaces = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()),
                                  key=lambda item: -len(item[0]))
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self._cache.get(iri)
        if found is None:
            found = iri
            for namespace, prefix in self._namespaces:
                # A suffix starting with // would be read back as an absolute IRI.
                if iri.startswith(namespace) and len(iri) > len(namespace) and not iri.startswith("//", len(namespace)):
                    found = f"{prefix}:{iri[len(namespace):]}"
                    break
            if len(self._cache) < 100_000:      # predicates, classes, datatypes: a few hundred
                self._cache[iri] = found
        return found

    def node_id(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        raise ValueError(f"JSON-LD 1.1 has no way to write {term} as a node; the store holds RDF-star terms.")

    def value(self, term):
        if isinstance(term, ox.Literal):
            language = term.language
            if language:
                return {"@value": term.value, "@language": language}
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(datatype)}
        return {"@id": self.node_id(term)}


class _JsonLdWriter:
    """Node objects out as their quads come in; one subject of one graph is held at a time."""

    def __init__(self, out):
        self.out = out
        self.compact = _Compactor()
        self.encode = json.JSONEncoder(ensure_ascii=False).encode
        self.graph = self.subject = self.node_id = None
        self.types: list = []
        self.properties: dict[str, list] = {}
        self.in_named = False
        self.first_item = self.first_node = True    # of the top-level @graph, of the current one
        self.indent = "\n  "

    def add(self, quad: ox.Quad) -> None:
        graph, subject = quad.graph_name, quad.subject
        if self.node_id is None or subject != self.subject or graph != self.graph:
            self._close_node()
            if self.node_id is None or graph != self.graph:
                self._open_graph(graph)
            self.subject, self.node_id = subject, self.compact.node_id(subject)
            self.types, self.properties = [], {}
        predicate, obj = quad.predicate.value, quad.object
        if predicate == _RDF_TYPE and not isinstance(obj, ox.Literal):
            self.types.append(self.compact.node_id(obj))
            return
        key = self.compact.iri(predicate)
        values = self.properties.get(key)
        if values is None:
            self.properties[key] = [self.compact.value(obj)]
        else:
            values.append(self.compact.value(obj))

    def _close_node(self) -> None:
        if self.node_id is None:
            return
        node: dict = {"@id": self.node_id}
        if self.types:
            node["@type"] = self.types[0] if len(self.types) == 1 else self.types
        for key, values in self.properties.items():
            node[key] = values[0] if len(values) == 1 else values
        self.out.write(("" if self.first_node else ",") + self.indent + self.encode(node))
        self.first_node = False
        if not self.in_named:
            self.first_item = False

    def _close_graph(self) -> None:
        if self.in_named:
            self.out.write("\n  ]}")

    def _open_graph(self, graph) -> None:
        self._close_graph()
        self.graph = graph
        self.in_named = not isinstance(graph, ox.DefaultGraph)
        if self.in_named:
            self.out.write(("\n" if self.first_item else ",\n") + '  {"@id": ' +
                           self.encode(self.compact.node_id(graph)) + ', "@graph": [')
            self.first_item, self.first_node, self.indent = False, True, "\n   "
        else:
            # The default graph's nodes stand in the top-level @graph itself.
            self.first_node, self.indent = self.first_item, "\n  "

    def start(self) -> None:
        context = json.dumps(jsonld_context()["@context"], ensure_ascii=False, indent=1).replace("\n", "\n ")
        self.out.write('{\n "@context": ' + context + ',\n "@graph": [')

    def end(self) -> None:
        self._close_node()
        self._close_graph()
        self.out.write("\n ]\n}\n")


def write_jsonld(quads: Iterable[ox.Quad], output: BinaryIO) -> None:
    """Quads in graph-then-subject order (the store's, or an N-Quads file of it) as JSON-LD."""
    out = io.TextIOWrapper(output, encoding="utf-8", newline="\n")
    try:
        writer = _JsonLdWriter(out)
        writer.start()
        add = writer.add
        for quad in quads:
            add(quad)
        writer.end()
        out.flush()
    finally:
        out.detach()        # the caller owns `output`; closing the wrapper would close it
