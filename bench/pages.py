"""How long the research browser's pages take: each kind of entity page, each list, the search.

    .venv/bin/python bench/pages.py [--store PATH] [--per-kind 5] [--repeat 3]

Without --store, loads samples/ into a fresh store in a temporary folder; with it, opens that
store read-only (it is never written). Starts the web application (web/app.py) in process
through Starlette's TestClient — the time measured is the application's, without the network —
chooses up to --per-kind nodes of each kind from the store itself (the first states, meetings,
statements … its lists give), and asks each page once ("first": what a reader who opens it
first waits) and then --repeat times more ("again": the lists keep their answers per store,
entity_lists.MEMO_SIZE). The very first request, which reads the per-store names
(entity_labels) and starts reading the search's names in the background, is printed on its own.
Per kind of page it prints the median and the slowest of each. A non-200 answer is counted and
printed, never timed as a success.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402

from untoc_kg.loading import load_files  # noqa: E402
from untoc_kg.store import GraphStore  # noqa: E402
from untoc_kg.view_queries import select  # noqa: E402
from untoc_kg.web.app import create_app  # noqa: E402
from untoc_kg.web.iris import local_href  # noqa: E402

SEARCHES = ("USA", "美国", "12/1", "CTOC/COP/2024", "Burrows", "环境", "WG.2")
LISTS = ("/states", "/organizations", "/meetings", "/topics", "/resolutions", "/persons", "/recommendations",
         "/states?sort=statements&order=desc", "/meetings?body=CTOC/COP/WG.2", "/resolutions?series=CTOC-COP",
         "/recommendations?body=CTOC/COP/WG.2", "/topics?lang=zh")


def pages_to_ask(store, per_kind: int) -> dict[str, list[str]]:
    """Per kind of page, the addresses to ask, chosen from the store's own lists."""
    def first(rows, column, n=per_kind):
        seen = []
        for row in rows:
            value = row[column].value
            if value not in seen:
                seen.append(value)
            if len(seen) == n:
                break
        return seen

    states = first(select(store, "list-agents", {}), "agent")
    organizations = first(select(store, "list-agents", {"class": "https://w3id.org/untoc-kg/ontology#Organization"}),
                          "agent")
    meetings = first(reversed(select(store, "labels-meetings")), "meeting")
    items = [iri for meeting in meetings[:2] for iri in first(select(store, "meeting-agenda", {"meeting": meeting}), "item", 3)]
    statements = [iri for state in states[:per_kind]
                  for iri in first(select(store, "agent-statements", {"agent": state}), "statement", 1)]
    acts = first([r for r in select(store, "labels-acts") if "/CTOC-COP/" in r["act"].value], "act")
    # The recommendations of the latest body and year that adopted any.
    counts = select(store, "list-recommendation-years")
    latest = max(counts, key=lambda r: int(r["year"].value)) if counts else None
    recommendations = first(select(store, "list-recommendations", {
        "body": "https://w3id.org/untoc-kg/id/body/" + latest["body"].value.replace("/", "-"),
        "year": latest["year"].value}), "recommendation") if latest else []
    persons = first(select(store, "list-persons", {}), "person")
    topics = first(select(store, "list-topics", {}), "topic")
    documents = [iri for meeting in meetings[:per_kind]
                 for iri in first(select(store, "meeting-documents", {"meeting": meeting}), "document", 1)]
    reports = first(select(store, "labels-reports"), "report")
    as_pages = lambda iris: [local_href(iri) for iri in iris]  # noqa: E731
    return {
        "state": as_pages(states), "organization": as_pages(organizations), "meeting": as_pages(meetings),
        "agenda item": as_pages(items), "statement": as_pages(statements), "act": as_pages(acts),
        "recommendation": as_pages(recommendations), "person": as_pages(persons), "topic": as_pages(topics),
        "document": as_pages(documents), "report": as_pages(reports),
        "list": list(LISTS), "search": ["/search?" + urlencode({"q": q}) for q in SEARCHES],
    }


def measure(store, per_kind: int, repeat: int) -> None:
    app = create_app(store, workers=1)
    with TestClient(app) as client:
        plan = pages_to_ask(store, per_kind)
        first = plan["state"][0] if plan["state"] else "/states"
        started = time.perf_counter()
        answer = client.get(first)
        print(f"first page of all ({first}, names read): {time.perf_counter() - started:.3f} s, {answer.status_code}")
        started = time.perf_counter()
        answer = client.get("/search?q=" + quote("USA"))
        print(f"first search (search names read, unless already warm): {time.perf_counter() - started:.3f} s, "
              f"{answer.status_code}")
        print(f"\n{'page':<16}{'pages':>6}{'first: median':>15}{'slowest':>9}{'again: median':>15}{'slowest':>9}"
              "  slowest page")
        failures = []
        for kind, paths in plan.items():
            firsts: list[tuple[float, str]] = []
            agains: list[tuple[float, str]] = []
            for path in paths:
                for attempt in range(1 + repeat):
                    started = time.perf_counter()
                    answer = client.get(path)
                    elapsed = time.perf_counter() - started
                    if answer.status_code != 200:
                        failures.append((path, answer.status_code))
                        break
                    (firsts if attempt == 0 else agains).append((elapsed, path))
            if not firsts:
                print(f"{kind:<16}{0:>6}")
                continue
            first_times, again_times = [t for t, _p in firsts], [t for t, _p in agains] or [0.0]
            print(f"{kind:<16}{len(paths):>6}{statistics.median(first_times):>15.3f}{max(first_times):>9.3f}"
                  f"{statistics.median(again_times):>15.3f}{max(again_times):>9.3f}  {max(firsts)[1]}")
        for path, status in failures:
            print(f"NOT 200: {status} {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store folder, opened read-only (default: the samples, loaded afresh)")
    parser.add_argument("--per-kind", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.store is not None:
        store = GraphStore(args.store, read_only=True, purpose="bench/pages.py")
        print(f"store {args.store} (read-only)")
        try:
            measure(store, args.per_kind, args.repeat)
        finally:
            store.close()
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db"
        with GraphStore(path) as writable:
            load_files(writable, [ROOT / "samples"])
        store = GraphStore(path, read_only=True, purpose="bench/pages.py")
        print("store: samples/ (5 reports), loaded afresh")
        try:
            measure(store, args.per_kind, args.repeat)
        finally:
            store.close()


if __name__ == "__main__":
    main()
