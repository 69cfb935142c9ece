"""The dump files: written once when a load ends, streamed from disk by the server.

    <store>/dumps/untoc-kg.ttl  .nt  .nq  .trig  .jsonld

They live in a sub-folder of the store's folder (RocksDB ignores sub-folders of its own), so
that they move, and are deleted, with the store they were written from. The server once made
each dump on its first request and kept it in memory (at a thousand reports, five dumps took
it from 99 MiB to 1.13 GiB, and a JSON-LD dump held every request for 33 s); now it sends
the files.

Each file is written to a temporary name in the same folder and renamed into place once
complete and on disk, so that a kill or a full disk never leaves half a dump under the final
name: a reader sees the old file or the new one.

A load and `untoc-kg link` write the dumps made from the N-Quads file in worker processes, one
chain of formats each (N-Triples then Turtle; TriG; JSON-LD), side by side: they read only that
file, never the store, and each is CPU-bound Python or Rust of its own (at a thousand reports,
some 1.9 GB of dumps; the four made from the N-Quads file took 50 s one after the other).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from untoc_kg.errors import StoreError
from untoc_kg.export import EXPORT_FORMATS, dump_prefixes, write_export, write_jsonld, write_ntriples, write_turtle
from untoc_kg.formats import rdf_format
from untoc_kg.store import GraphStore

DUMPS_FOLDER = "dumps"
DUMP_NAME = "untoc-kg"
_PART = ".part"
# A temporary file this old is the leftover of a writer that was killed: a live writer
# touches its file every few milliseconds.
_STALE_PART_SECONDS = 600

# The order of writing: the N-Quads dump is read from the store, and the other four are made
# from that file, which holds the same quads in the same order and parses two to three times
# faster than the store decodes them (N-Triples from N-Quads, Turtle from N-Triples). Each
# format of untoc_kg/formats.py is written after the file it is made from.
_SOURCES = {"nt": "nq", "trig": "nq", "jsonld": "nq", "ttl": "nt"}


def _steps(fmt: str) -> int:
    return 1 + _steps(_SOURCES[fmt]) if fmt in _SOURCES else 0


_ORDER = tuple(sorted(EXPORT_FORMATS, key=_steps))


def dumps_folder(store_path: Path) -> Path:
    return Path(store_path) / DUMPS_FOLDER


def dump_file(folder: Path, fmt: str) -> Path:
    return Path(folder) / f"{DUMP_NAME}.{fmt}"


def missing_dumps(folder: Path) -> list[str]:
    return [fmt for fmt in EXPORT_FORMATS if not dump_file(folder, fmt).is_file()]


def write_dumps(store: GraphStore, folder: Path, formats=EXPORT_FORMATS, *, side_by_side: bool = False) -> list[Path]:
    """Write the dumps of `store` in `formats` into `folder`; the paths written, in `formats` order.

    side_by_side: the formats made from another dump file are written by worker processes, a
    chain each (see the module's comment), instead of one after the other here. Only for a
    process that may fork (the command line): a server writes its missing dumps in a thread."""
    folder = Path(folder)
    unknown = [fmt for fmt in formats if fmt not in EXPORT_FORMATS]
    if unknown:
        raise ValueError(f"unknown dump format {unknown[0]!r}; use one of {', '.join(EXPORT_FORMATS)}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(folder)
    except OSError as error:
        raise StoreError(f"{folder}: the dumps cannot be written there ({error}).") from None
    written: dict[str, Path] = {}
    # chains: the formats made from a file this call writes, each after the one it is made from.
    chains: list[list[str]] = []
    for fmt in sorted(formats, key=_ORDER.index):
        source = _SOURCES.get(fmt, "")
        if source in written or any(source in chain for chain in chains):
            chain = next((c for c in chains if source in c), None)
            if chain is None:
                chains.append([fmt])
            else:
                chain.append(fmt)
            continue
        failure = _write_dump(store, folder, fmt, None)
        if failure:
            raise StoreError(failure) from None
        written[fmt] = dump_file(folder, fmt)
    sources = {fmt: str(path) for fmt, path in written.items()}
    jobs = [(str(folder), chain, sources) for chain in chains]
    workers = min(len(jobs), os.cpu_count() or 1)
    if side_by_side and workers > 1 and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(workers) as pool:
            failures = pool.map(_write_chain, jobs)
    else:
        failures = [_write_chain(job) for job in jobs]
    for failure in failures:
        if failure:
            raise StoreError(failure) from None
    for chain in chains:
        written.update({fmt: dump_file(folder, fmt) for fmt in chain})
    return [written[fmt] for fmt in formats]


def _write_chain(job: tuple[str, list[str], dict[str, str]]) -> str | None:
    """Write the formats of one chain, each from the file of its source (a worker's task: it
    reads no store); the sentence that says why one could not be written, or None."""
    folder, chain, sources = job
    sources = dict(sources)
    for fmt in chain:
        failure = _write_dump(None, Path(folder), fmt, Path(sources[_SOURCES[fmt]]))
        if failure:
            return failure
        sources[fmt] = str(dump_file(Path(folder), fmt))
    return None


def _write_dump(store: GraphStore | None, folder: Path, fmt: str, source: Path | None) -> str | None:
    final = dump_file(folder, fmt)
    try:
        _write_atomically(final, lambda out: _write_one(store, fmt, out, source, folder))
    except OSError as error:
        # The file under the final name no longer matches the store: a server must not
        # send it, and writes it again when it is asked for it.
        final.unlink(missing_ok=True)
        return (f"{final}: the dump could not be written ({error}); the store is not affected, "
                "and `untoc-kg serve` writes the dumps that are missing when they are first asked for.")
    return None


def write_store_dumps(store: GraphStore) -> list[Path]:
    """The dumps of a store on disk, into its dumps folder; nothing for a store in memory.
    (Called by a load and by `untoc-kg link`: the derived dumps are written side by side.)"""
    if store.path is None:
        return []
    return write_dumps(store, dumps_folder(store.path), side_by_side=True)


def remove_store_dumps(store: GraphStore) -> None:
    """Remove the dumps of a store about to be written: a load killed mid-way must not leave
    dumps of the store as it was (the server writes the missing ones when asked, see above)."""
    if store.path is None:
        return
    for fmt in EXPORT_FORMATS:
        dump_file(dumps_folder(store.path), fmt).unlink(missing_ok=True)


def _write_one(store: GraphStore, fmt: str, out, source: Path | None, spill: Path) -> None:
    if source is None:
        write_export(store, fmt, out, spill)
    elif fmt == "ttl":
        with source.open("rb") as ntriples:
            write_turtle(ntriples, out)
    else:
        quads = ox.parse(path=str(source), format=rdf_format(_SOURCES[fmt]).oxigraph)
        if fmt == "nt":
            write_ntriples(quads, out, spill)
        elif fmt == "jsonld":
            write_jsonld(quads, out)
        else:
            ox.serialize(quads, out, rdf_format(fmt).oxigraph, prefixes=dump_prefixes())


def _write_atomically(final: Path, write) -> None:
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=_PART)
    part = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as out:
            write(out)
            out.flush()
            # On disk before the rename: after a power cut the final name must not point at
            # blocks that were never written.
            os.fsync(out.fileno())
        os.chmod(part, 0o644)        # mkstemp makes it private; a dump is for everyone
        os.replace(part, final)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _remove_stale_parts(folder: Path) -> None:
    now = time.time()
    for part in folder.glob(f".{DUMP_NAME}.*{_PART}"):
        try:
            if now - part.stat().st_mtime > _STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            pass   # another writer's, or already gone
