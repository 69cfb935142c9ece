"""Time the end-to-end load of the sample reports: read, map, validate (SHACL), store.

    .venv/bin/python bench/load_samples.py [--repeat 5] [--store memory|disk]

Each run loads every file of samples/ into a fresh store (on disk by default, in a temporary
folder) and reports the wall time of the whole load and of each stage, per file. The first run
includes the one-off costs (reading the gazetteer, the shapes, the ontology); the median of the
later runs is the steady figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from untoc_kg import loading  # noqa: E402
from untoc_kg.mapping import map_report  # noqa: E402
from untoc_kg.reading.report import read_report  # noqa: E402
from untoc_kg.store import GraphStore  # noqa: E402
from untoc_kg.validation import validate_report  # noqa: E402


def stage_times(files: list[Path]) -> dict[str, dict[str, float]]:
    now = dt.datetime.now(dt.timezone.utc)
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for path in files:
        t0 = time.perf_counter()
        records = read_report(path)
        t1 = time.perf_counter()
        graph = map_report(records, now)
        t2 = time.perf_counter()
        validate_report(graph)
        t3 = time.perf_counter()
        out[path.name] = {"read": t1 - t0, "map": t2 - t1, "validate": t3 - t2, "triples": len(graph)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", choices=("disk", "memory"), default="disk")
    parser.add_argument("folder", nargs="?", default=str(ROOT / "samples"))
    args = parser.parse_args()
    files = loading.collect_files([args.folder])

    totals = []
    for run in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            with GraphStore(Path(tmp) / "bench.db" if args.store == "disk" else None) as store:
                t0 = time.perf_counter()
                result = loading.load_files(store, files)
                totals.append(time.perf_counter() - t0)
            triples = sum(f.counts["triples"] for f in result.files)
        print(f"run {run + 1}: {len(files)} reports, {triples} triples, {totals[-1]:.3f} s")
    steady = totals[1:] or totals
    print(f"end-to-end load of {len(files)} reports ({args.store} store): first {totals[0]:.3f} s, "
          f"median of the rest {statistics.median(steady):.3f} s")

    print("\nper file and stage (one warm pass, seconds):")
    print(f"{'file':<28} {'read':>7} {'map':>7} {'validate':>9} {'triples':>8}")
    for name, t in stage_times(files).items():
        print(f"{name:<28} {t['read']:>7.3f} {t['map']:>7.3f} {t['validate']:>9.3f} {int(t['triples']):>8}")


if __name__ == "__main__":
    main()
