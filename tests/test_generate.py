"""bench/generate.py: a synthetic corpus derived from the samples that the loader reads whole.

Twelve reports with a fixed seed: the same bytes twice, the three layouts, several bodies,
every report read with no unresolved name and with the facts the generator put in (bodies,
dates, recommendations, the States of the lists it rewrote), and all of them loaded into one
store under distinct graph IRIs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from untoc_kg.loading import load_files
from untoc_kg.reading.report import read_report
from untoc_kg.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
N, SEED = 12, 20240603


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return _generator()


@pytest.fixture(scope="module")
def corpus(generate, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    generate.generate(N, SEED, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return out, manifest["reports"]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_same_seed_gives_the_same_bytes(generate, corpus, tmp_path):
    out, _ = corpus
    generate.generate(N, SEED, tmp_path / "again")
    assert _digest(tmp_path / "again") == _digest(out)
    generate.generate(N, SEED + 1, tmp_path / "other")
    assert _digest(tmp_path / "other") != _digest(out)


def test_the_corpus_covers_layouts_bodies_and_samples(corpus):
    out, reports = corpus
    assert len(reports) == N == len([p for p in out.iterdir() if p.suffix == ".txt"])
    assert {r["layout"] for r in reports} == {"markdown", "plain", "pdf"}
    assert len({b for r in reports for b in r["bodies"]}) >= 3
    assert {r["kind"] for r in reports} == {"wg", "joint", "cop"}
    assert len({r["sample"] for r in reports}) == 5
    keys = [(r["bodies"][0], r["start"]) for r in reports]
    assert len(set(keys)) == len(keys)


def test_plan_meets_each_body_once_per_date(generate):
    plans = generate.plan_corpus(400, SEED)
    seen = set()
    for plan in plans:
        for body in plan.bodies:
            assert (body, plan.start) not in seen
            seen.add((body, plan.start))
        assert plan.start.weekday() == 0 and plan.end.month == plan.start.month
    sessions = [p.session for p in plans if p.session is not None]
    assert len(sessions) == len(set(sessions)) and all(13 <= s <= 97 for s in sessions)


def test_every_report_reads_with_the_facts_it_was_given(corpus):
    out, reports = corpus
    for entry in reports:
        records = read_report(out / entry["file"])
        where = entry["file"]
        assert records.unresolved == [], f"{where}: {[p.message for p in records.unresolved]}"
        assert records.layout == entry["layout"], where
        assert [m.body for m in records.meetings] == entry["bodies"], where
        assert records.meetings[0].start.isoformat() == entry["start"], where
        assert records.meetings[0].end.isoformat() == entry["end"], where
        recommendations = {id(r) for m in records.meetings for r in m.recommendations}
        assert len(recommendations) == entry["recommendations"], where
        spoke = {getattr(s.speaker, "code", None) for m in records.meetings for s in m.statements}
        assert set(entry["speakers"]) <= spoke, where
        attended = {p.participant.code for m in records.meetings for p in m.participations}
        assert set(entry["attendees"]) <= attended, where
        sponsors = {s.code for a in records.acts for s in a.sponsors}
        assert set(entry["sponsors"]) <= sponsors, where
        if entry["kind"] == "cop":
            assert records.meetings[0].number == entry["session"], where
            assert all(a.number.startswith(f"{entry['session']}/") for a in records.acts), where


def test_the_corpus_loads_under_distinct_graphs(corpus):
    out, reports = corpus
    with GraphStore(None) as store:
        result = load_files(store, [out])
        assert result.unresolved == []
        iris = [f.graph_iri for f in result.files]
        assert len(iris) == len(set(iris)) == N
        assert set(store.report_graphs()) == set(iris)


def test_a_joint_report_says_where_the_recommendations_it_reworked_are_printed(generate, tmp_path):
    """Sample 001 says which recommendations an item adopted by their letters ("已通过的建议列于本报告
    第二节第 8(a)至(o)段"), and its headings name the items of the meeting that drafted them, not
    this one's: after dropping, adding and relettering, the range must still cover the same
    recommendations and those added beside them, or the reader links them to no item. (The
    PDF layout is left out: there a heading wrapped over lines is read as its last line.)"""
    plans = [p for p in generate.plan_corpus(400, SEED) if p.seed.key == "001" and p.layout != "pdf"][:20]
    assert len(plans) == 20
    moved = 0
    for plan in plans:
        data, info = generate.render(plan, SEED)
        path = tmp_path / plan.file_name
        path.write_bytes(data)
        records = read_report(path)
        assert [p.message for p in records.problems if p.kind == "unread"] == [], plan.file_name
        moved += "8(a)至(o)段" not in data.decode(plan.encoding)
    assert moved >= 10        # most of them print another range than the sample's
