"""The scale benchmark's calls on the stores people publish to: Virtuoso, Jena (TDB2) and the
Oxigraph server, beside the embedded store, in one run.

    .venv/bin/python bench/engines.py STORE [--runs 5] [--engines virtuoso,jena,oxigraph]
                                            [--timeout 120] [--json results.json]

STORE is a store loaded by `untoc-kg load` (the scale benchmark's, e.g. its N=1000 corpus). Each
engine is started in a temporary folder on 127.0.0.1 (tests/engines.py), the store is published
to it with `publish` (the load time is that publish, by SPARQL Update), and every call of the
scale benchmark (bench/run.py's query_variants: each stored query with its defaults, and the
selective calls) is run through remote_query, as `untoc-kg query NAME --endpoint URL` runs it:
the median of --runs runs (one run when the first takes over a second), with the rows compared
with the embedded store's. A call that does not answer within --timeout seconds counts as
failed, and so does one the engine refuses (remote/engines.yaml).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import query_variants  # noqa: E402
from tests.engines import ENGINES, JenaServer, VirtuosoServer, missing  # noqa: E402
from untoc_kg.queries import run_query  # noqa: E402
from untoc_kg.remote import RemoteError, publish, remote_query  # noqa: E402
from untoc_kg.store import GraphStore  # noqa: E402


def timed(call, runs: int) -> tuple[float, object]:
    """Median milliseconds of `runs` calls (one when the first takes over a second), and the
    last answer."""
    start = time.perf_counter()
    answer = call()
    first = (time.perf_counter() - start) * 1000
    if first > 1000 or runs <= 1:
        return first, answer
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), answer


def same_rows(a, b) -> bool:
    return a.columns == b.columns and sorted(map(repr, a.rows)) == sorted(map(repr, b.rows))


def start(engine: str, folder: Path, timeout: float):
    # Memory for a graph of a thousand reports: Virtuoso's page buffers (8 kB each) and a row
    # limit above the longest listing; Jena's heap, and its queries stopped at the timeout (a
    # query left running would slow every later call).
    if engine == "virtuoso":
        return VirtuosoServer(folder, buffers=250_000, max_rows=2_000_000).start()
    if engine == "jena":
        return JenaServer(folder, heap="6g", timeout=timeout).start()
    return ENGINES[engine](folder).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--engines", default="virtuoso,jena,oxigraph")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    for engine in engines:
        reason = missing(engine)
        if reason:
            sys.exit(f"bench/engines.py: {reason}")
    variants = query_variants()
    results: dict = {"store": str(args.store), "engines": {}, "embedded": {}}
    with GraphStore(args.store, read_only=True) as store:
        print(f"{store.count()} quads in {len(store.named_graphs())} graphs; {len(variants)} calls")
        expected = {}
        for label, (name, params) in variants.items():
            ms, expected[label] = timed(lambda: run_query(store, name, params), args.runs)
            results["embedded"][label] = {"median_ms": ms, "rows": len(expected[label].rows)}
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
            for engine in engines:
                folder = Path(tmp) / engine
                folder.mkdir()
                server = start(engine, folder, args.timeout)
                try:
                    figures = {"started_s": server.started_in}
                    report = publish(store, server.update, credentials=server.credentials, timeout=3600)
                    figures.update(load_s=report.seconds, requests=report.requests, triples=report.triples)
                    print(f"{engine}: started in {server.started_in:.1f} s, published {report.triples} triples "
                          f"in {report.seconds:.1f} s ({report.requests} requests)", flush=True)
                    calls = {}
                    for label, (name, params) in variants.items():
                        try:
                            ms, got = timed(lambda: remote_query(server.query, name, params, server.credentials,
                                                                 timeout=args.timeout), args.runs)
                            verdict = "correct" if same_rows(got, expected[label]) else "wrong"
                            calls[label] = {"median_ms": ms, "rows": len(got.rows), "verdict": verdict}
                        except RemoteError as error:
                            calls[label] = {"median_ms": None, "rows": None, "verdict": "failed",
                                            "error": str(error)[:300]}
                        print(f"  {label:<58} {calls[label]['verdict']:<8} "
                              f"{'' if calls[label]['median_ms'] is None else round(calls[label]['median_ms'], 1)}",
                              flush=True)
                    figures["calls"] = calls
                    results["engines"][engine] = figures
                finally:
                    server.stop()
    table(results, engines, variants)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


def table(results: dict, engines: list[str], variants: dict) -> None:
    print()
    head = f"{'call':<58} {'rows':>7} {'embedded ms':>12}" + "".join(f" {e + ' ms':>14}" for e in engines)
    print(head)
    for label in variants:
        line = f"{label:<58} {results['embedded'][label]['rows']:>7} {results['embedded'][label]['median_ms']:>12.1f}"
        for engine in engines:
            call = results["engines"][engine]["calls"][label]
            shown = "failed" if call["verdict"] == "failed" else f"{call['median_ms']:.1f}"
            line += f" {shown + ('' if call['verdict'] != 'wrong' else ' WRONG'):>14}"
        print(line)
    for engine in engines:
        figures = results["engines"][engine]
        verdicts = [c["verdict"] for c in figures["calls"].values()]
        times = [c["median_ms"] for c in figures["calls"].values() if c["verdict"] == "correct"]
        print(f"{engine}: load {figures['load_s']:.1f} s; {verdicts.count('correct')} correct, "
              f"{verdicts.count('wrong')} wrong, {verdicts.count('failed')} failed of {len(verdicts)}; "
              f"median of the correct calls {statistics.median(times) if times else float('nan'):.1f} ms")
    embedded = [v["median_ms"] for v in results["embedded"].values()]
    print(f"embedded: median of all calls {statistics.median(embedded):.1f} ms")


if __name__ == "__main__":
    main()
