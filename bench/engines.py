"""The scale benchmark's calls on the stores people publish to: Virtuoso, Jena (TDB2) and the
Oxigraph server, beside the embedded store, in one run.

    .venv/bin/python bench/engines.py STORE [--runs 5] [--setups virtuoso,jena-union,oxigraph-union]
                                            [--timeout 120] [--json results.json] [--results bench/RESULTS.md]

STORE is a store loaded by `untoc-kg load` (the scale benchmark's, e.g. its N=1000 corpus). Each
setup (tests/engines.py's SETUPS: an engine as it starts by default, or with its default graph
the union of its named graphs, and the `query --dataset` it is queried with) is started in a
temporary folder on 127.0.0.1, the store is published to it with `publish` (the load time is
that publish, by SPARQL Update), and every call of the scale benchmark (bench/run.py's
query_variants: each stored query with its defaults, and the selective calls) is run through
remote_query, as `untoc-kg query NAME --endpoint URL --dataset …` runs it: the median of --runs
runs (one run when the first takes over a second), with the rows compared with the embedded
store's. A call that does not answer within --timeout seconds counts as failed, and so does
one the engine refuses (remote/engines.yaml).

With --results, the section between the <!-- engines --> markers of that file (bench/RESULTS.md)
is replaced by this run's tables; bench/run.py runs this script as its engines step and writes
the same section.
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
from tests.engines import SETUPS, JenaServer, OxigraphEngine, VirtuosoServer, missing  # noqa: E402
from untoc_kg.queries import run_query  # noqa: E402
from untoc_kg.remote import RemoteError, publish, remote_dataset, remote_query  # noqa: E402
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


def start(setup: str, folder: Path, timeout: float):
    # Memory for a graph of a thousand reports: Virtuoso's page buffers (8 kB each) and a row
    # limit above the longest listing; Jena's heap; Jena's and Oxigraph's queries stopped at the
    # timeout (a query left running would slow every later call).
    engine, options, _dataset, _mode = SETUPS[setup]
    if engine == "virtuoso":
        return VirtuosoServer(folder, buffers=250_000, max_rows=2_000_000).start()
    if engine == "jena":
        return JenaServer(folder, heap="6g", timeout=timeout, **options).start()
    return OxigraphEngine(folder, timeout=timeout, **options).start()


DEFAULT_SETUPS = "virtuoso,jena-union,oxigraph-union"


def measure(store_path: Path, setups: list[str], runs: int, timeout: float) -> dict:
    """The embedded store's figures and each setup's, for every call of the scale benchmark."""
    variants = query_variants()
    results: dict = {"store": str(store_path), "runs": runs, "timeout_s": timeout, "setups": {}, "embedded": {},
                     "skipped": {}}
    with GraphStore(store_path, read_only=True) as store:
        results["quads"], results["graphs"] = store.count(), len(store.named_graphs())
        print(f"{results['quads']} quads in {results['graphs']} graphs; {len(variants)} calls", flush=True)
        expected = {}
        for label, (name, params) in variants.items():
            ms, expected[label] = timed(lambda: run_query(store, name, params), runs)
            results["embedded"][label] = {"median_ms": ms, "rows": len(expected[label].rows)}
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
            for setup in setups:
                engine, _options, dataset, _mode = SETUPS[setup]
                reason = missing(engine)
                if reason:
                    print(f"{setup}: skipped, {reason}", flush=True)
                    results["skipped"][setup] = reason
                    continue
                folder = Path(tmp) / setup
                folder.mkdir()
                server = start(setup, folder, timeout)
                try:
                    figures = {"engine": engine, "dataset": dataset, "started_s": server.started_in}
                    report = publish(store, server.update, credentials=server.credentials, timeout=3600)
                    figures.update(load_s=report.seconds, requests=report.requests, triples=report.triples)
                    figures["chosen"] = remote_dataset(server.query, server.credentials, timeout, dataset).mode
                    print(f"{setup}: started in {server.started_in:.1f} s, published {report.triples} triples "
                          f"in {report.seconds:.1f} s ({report.requests} requests); dataset {figures['chosen']}",
                          flush=True)
                    calls = {}
                    for label, (name, params) in variants.items():
                        try:
                            ms, got = timed(lambda: remote_query(server.query, name, params, server.credentials,
                                                                 timeout=timeout, dataset=dataset), runs)
                            verdict = "correct" if same_rows(got, expected[label]) else "wrong"
                            calls[label] = {"median_ms": ms, "rows": len(got.rows), "verdict": verdict}
                        except RemoteError as error:
                            calls[label] = {"median_ms": None, "rows": None, "verdict": "failed",
                                            "error": str(error)[:300]}
                        print(f"  {label:<58} {calls[label]['verdict']:<8} "
                              f"{'' if calls[label]['median_ms'] is None else round(calls[label]['median_ms'], 1)}",
                              flush=True)
                    figures["calls"] = calls
                    results["setups"][setup] = figures
                finally:
                    server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--setups", default=DEFAULT_SETUPS, help=f"of {', '.join(SETUPS)}")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument("--results", type=Path, help="Replace the engines section of this file (bench/RESULTS.md).")
    args = parser.parse_args()
    setups = [s for s in args.setups.split(",") if s]
    unknown = [s for s in setups if s not in SETUPS]
    if unknown:
        sys.exit(f"bench/engines.py: no setup {unknown[0]!r}; the setups are {', '.join(SETUPS)}")
    results = measure(args.store, setups, args.runs, args.timeout)
    print("\n".join(section(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.results:
        replace_section(args.results, section(results))
        print(f"wrote the engines section of {args.results}")


def verdicts(figures: dict) -> tuple[int, int, int, float | None]:
    """Calls correct, wrong and failed, and the median of the correct calls' medians (ms)."""
    found = [c["verdict"] for c in figures["calls"].values()]
    times = [c["median_ms"] for c in figures["calls"].values() if c["verdict"] == "correct"]
    return (found.count("correct"), found.count("wrong"), found.count("failed"),
            statistics.median(times) if times else None)


def _cell(ms: float | None) -> str:
    if ms is None:
        return "–"
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


START, END = "<!-- engines -->", "<!-- /engines -->"


def section(results: dict, title: str | None = None) -> list[str]:
    """The engines section of bench/RESULTS.md, between its markers."""
    setups = list(results["setups"])
    embedded = results["embedded"]
    lines = [START, title or f"## The same calls on other engines ({results['quads']:,} quads in "
             f"{results['graphs']:,} graphs)", "",
             f"Written by `bench/engines.py` (the engines step of `bench/run.py`) on `{results['store']}`: each "
             "setup started on 127.0.0.1 in a temporary folder, the store published to it by SPARQL Update "
             "(`publish`), and every call of the scale benchmark run through `remote_query` as "
             "`untoc-kg query NAME --endpoint URL --dataset …` runs it, the rows compared with the embedded "
             f"store's; median of {results['runs']} runs (one when the first took over a second), "
             f"{results['timeout_s']:.0f} s per call. *union*: the server's default graph is the union of its "
             "graphs and the query names none; *graphs*: each graph sent as a default-graph-uri.", "",
             "| setup | dataset | publish (load) | correct / wrong / failed | median of the correct calls |",
             "|---|---|---|---|---|"]
    times = [v["median_ms"] for v in embedded.values()]
    lines.append(f"| embedded store (pyoxigraph) | union | (see Ingest) | {len(times)} / 0 / 0 | "
                 f"{_cell(statistics.median(times))} |")
    for setup in setups:
        figures = results["setups"][setup]
        correct, wrong, failed, median = verdicts(figures)
        lines.append(f"| {setup} | {figures['chosen']} | {figures['load_s']:.1f} s ({figures['requests']} requests) | "
                     f"{correct} / {wrong} / {failed} | {_cell(median)} |")
    for setup, reason in results.get("skipped", {}).items():
        lines.append(f"| {setup} | – | not run: {reason} | – | – |")
    lines += ["", "| call | rows | embedded | " + " | ".join(setups) + " |",
              "|---|---|---|" + "---|" * len(setups)]
    for label, figures in embedded.items():
        cells = []
        for setup in setups:
            call = results["setups"][setup]["calls"][label]
            cells.append("failed" if call["verdict"] == "failed" else
                         _cell(call["median_ms"]) + (" WRONG" if call["verdict"] == "wrong" else ""))
        lines.append(f"| {label} | {figures['rows']:,} | {_cell(figures['median_ms'])} | " + " | ".join(cells) + " |")
    failures = [(setup, label, call["error"]) for setup in setups
                for label, call in results["setups"][setup]["calls"].items() if call["verdict"] == "failed"]
    if failures:
        lines += ["", "Failed calls:", ""] + [f"- {setup}, {label}: {error}" for setup, label, error in failures]
    lines.append(END)
    return lines


def replace_section(path: Path, lines: list[str]) -> None:
    """Put the section in place of the one the file holds, or before its hand-written analysis."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n".join(lines)
    if START in text and END in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    elif "<!-- analysis -->" in text:
        at = text.index("<!-- analysis -->")
        text = text[:at] + block + "\n\n" + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
