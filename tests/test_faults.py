"""A real load, killed with SIGKILL at each of its stages, never loses or half-writes a report.

Each case runs `untoc-kg load` as its own process over the five samples (two reports a write
transaction, so that there are three batches to be killed between), kills it at a named point
(UNTOC_KG_KILL_AT, see loading.py) or after a random delay, and then checks what a user would:
the store opens; every report graph in it is whole — exactly the old version or exactly the
new one; a store whose links were not recomputed says so in `validate`; and loading the same
files again gives, quad for quad, the store a clean load gives. SOURCE_DATE_EPOCH fixes the
load time, so that versions differ by it and a clean load is byte-for-byte reproducible.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from untoc_kg.loading import KILL_AT
from untoc_kg.store import GraphStore
from tests.conftest import SAMPLES

OLD, NEW = "1700000000", "1800000000"      # two load times: the version a graph carries
BATCH = "2"                                 # reports per write transaction: 3 batches for 5 samples
REPORT_GRAPHS = 5


def untoc(store, *args, epoch=NEW, kill_at=None, check=False):
    env = {k: v for k, v in os.environ.items() if k != KILL_AT}
    env["SOURCE_DATE_EPOCH"] = epoch
    if kill_at:
        env[KILL_AT] = kill_at
    process = subprocess.run([sys.executable, "-m", "untoc_kg.cli", "--store", str(store), *args],
                             env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert process.returncode == 0, process.stdout + process.stderr
    return process


def load(store, *options, **kwargs):
    return untoc(store, "load", "--batch-reports", BATCH, *options, str(SAMPLES), **kwargs)


def contents(store) -> dict[str, frozenset[str]]:
    """Every named graph of the store, as a set of N-Triples lines (blank nodes relabelled
    canonically: each parse of the ontology's lists gives them new labels)."""
    with GraphStore(store) as opened:         # opened for writing: RocksDB recovers its log here
        return {iri: _lines(opened.ntriples(iri)) for iri in opened.named_graphs()}


def _lines(ntriples: str) -> frozenset[str]:
    if "_:" in ntriples:
        graph = to_canonical_graph(Graph().parse(data=ntriples, format="nt"))
        ntriples = graph.serialize(format="nt")
    return frozenset(line for line in ntriples.splitlines() if line)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The store a load without faults gives, with the NEW load time."""
    store = tmp_path_factory.mktemp("clean") / "db"
    load(store, check=True)
    graphs = contents(store)
    assert sum("/graph/report/" in g for g in graphs) == REPORT_GRAPHS
    assert "https://w3id.org/untoc-kg/graph/links" in graphs
    return graphs


@pytest.fixture(scope="module")
def old(tmp_path_factory):
    """The same reports loaded earlier (the OLD load time): the versions a reload replaces."""
    store = tmp_path_factory.mktemp("old") / "db"
    load(store, epoch=OLD, check=True)
    return store, contents(store)


def reports(graphs):
    return {g: triples for g, triples in graphs.items() if "/graph/report/" in g}


def assert_whole(after, clean, old_graphs=None):
    """Each report graph is the new version or the old one (or absent, where there was none)."""
    for iri in reports(clean):
        versions = [clean[iri]] + ([old_graphs[iri]] if old_graphs else [])
        if iri in after:
            assert after[iri] in versions, f"{iri} is half written: {len(after[iri])} triples"
        else:
            assert old_graphs is None, f"{iri} was lost: the reload removed the old version"


def assert_says_whether_links_are_current(store, after, clean):
    verdict = untoc(store, "validate")
    if after.get("https://w3id.org/untoc-kg/graph/links") == clean["https://w3id.org/untoc-kg/graph/links"] \
            and reports(after) == reports(clean):
        return
    if "https://w3id.org/untoc-kg/graph/links" not in after and reports(after):
        assert verdict.returncode != 0
        assert "links across reports" in verdict.stderr and "untoc-kg link" in verdict.stderr, verdict.stderr


@pytest.mark.parametrize("point", ["prepare:3", "write:1", "write:2", "link", "compact", "swap", "swapped"])
def test_first_load_killed(tmp_path, clean, point):
    # A first load builds the store beside the target and puts it in place at once: killed
    # before that, the target is as empty as it was; after it, the target is the whole store.
    store = tmp_path / "db"
    killed = load(store, kill_at=point)
    assert killed.returncode == -signal.SIGKILL
    after = contents(store) if store.exists() else {}
    if point == "swapped":
        assert after == clean
    else:
        assert after == {}, f"a first load killed at {point} left {len(after)} graph(s) in the target"
    load(store, check=True)
    assert contents(store) == clean
    assert not (tmp_path / ".db.building").exists(), "the next load did not remove the staging folder"


@pytest.mark.parametrize("point", ["write:1", "write:2", "link"])
def test_reload_over_older_versions_killed(tmp_path, clean, old, point):
    old_store, old_graphs = old
    store = tmp_path / "db"
    subprocess.run(["cp", "-a", str(old_store), str(store)], check=True)
    # --reread: the same files over their own readings would be skipped (tests/test_reload.py).
    killed = load(store, "--reread", kill_at=point)
    assert killed.returncode == -signal.SIGKILL
    after = contents(store)
    assert_whole(after, clean, reports(old_graphs))
    assert "https://w3id.org/untoc-kg/graph/links" not in after     # dropped before the first write
    assert not (store / "dumps" / "untoc-kg.nq").exists()           # no dump of the store as it was
    verdict = untoc(store, "validate")
    assert verdict.returncode != 0 and "untoc-kg link" in verdict.stderr
    stats = untoc(store, "stats", check=True)
    assert "links across reports" in stats.stdout
    untoc(store, "link", check=True)
    assert "https://w3id.org/untoc-kg/graph/links" in contents(store)
    assert (store / "dumps" / "untoc-kg.nq").exists()
    load(store, "--reread", check=True)
    assert contents(store) == clean


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_at_a_random_moment(tmp_path, clean, old, seed):
    # Wherever the kill falls, in a transaction or between them, the same holds.
    old_store, old_graphs = old
    store = tmp_path / "db"
    subprocess.run(["cp", "-a", str(old_store), str(store)], check=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=NEW)
    env.pop(KILL_AT, None)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "untoc_kg.cli", "--store", str(store), "load",
                                "--batch-reports", "1", "--reread", str(SAMPLES)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(seed).uniform(1.0, 6.0))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    after = contents(store)
    assert_whole(after, clean, reports(old_graphs))
    assert_says_whether_links_are_current(store, after, clean)
    load(store, "--reread", check=True)
    assert contents(store) == clean, f"killed after {time.monotonic() - started:.1f} s"
