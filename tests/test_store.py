"""The store replaces report graphs in one transaction: all of a load or none of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from untoc_kg.store import GraphStore

G = "https://w3id.org/untoc-kg/graph/report/TEST/2024-01-01/zh"


def triples(n: int, value: str) -> str:
    return "\n".join(f'<https://example.org/s{i}> <https://example.org/p> "{value}" .' for i in range(n))


def test_replace_is_all_or_nothing(tmp_path):
    store = GraphStore(tmp_path / "db")
    store.replace_graphs({G: triples(3, "old")})
    broken = triples(3, "new") + '\n<https://example.org/s> <https://example.org/p> "unterminated .'
    with pytest.raises(SyntaxError):
        store.replace_graphs({G: broken, G + "-other": triples(2, "other")})
    assert store.count(G) == 3
    assert {q.object.value for q in store.store} == {"old"}
    assert store.named_graphs() == [G]


def test_reloading_replaces_exactly_its_own_graph(tmp_path):
    store = GraphStore(tmp_path / "db")
    store.replace_graphs({G: triples(3, "old"), G + "-kept": triples(2, "kept")})
    store.replace_graphs({G: triples(1, "new")})
    assert store.count(G) == 1
    assert store.count(G + "-kept") == 2


def test_a_process_killed_mid_load_leaves_the_old_graph(tmp_path):
    # A child process replaces a small graph by a large one and is killed while it works;
    # reopened, the store holds the old graph or the whole new one, never a part.
    path = tmp_path / "db"
    store = GraphStore(path)
    store.replace_graphs({G: triples(5, "old")})
    store.flush()
    del store
    child = textwrap.dedent(f"""
        import sys
        from untoc_kg.store import GraphStore
        store = GraphStore(__import__("pathlib").Path({str(path)!r}))
        big = "\\n".join(f'<https://example.org/s{{i}}> <https://example.org/p> "new" .' for i in range(300000))
        print("ready", flush=True)
        store.replace_graphs({{{G!r}: big}})
        print("done", flush=True)
    """)
    process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    process.kill()
    process.wait(timeout=60)
    reopened = GraphStore(path)
    values = {q.object.value for q in reopened.store}
    count = reopened.count(G)
    assert (values, count) in [({"old"}, 5), ({"new"}, 300000)]


def test_a_first_load_is_all_or_nothing_too(tmp_path):
    # Graphs the store does not hold yet are written by one transactional N-Quads load.
    store = GraphStore(tmp_path / "db")
    broken = triples(3, "new") + '\n<https://example.org/s> <https://example.org/p> "unterminated .'
    with pytest.raises(SyntaxError):
        store.replace_graphs({G + "-first": triples(2, "first"), G: broken})
    assert store.named_graphs() == []
    store.replace_graphs({G: triples(2, "first")})
    assert store.count(G) == 2


def test_an_unchanged_reference_graph_is_recognised(tmp_path):
    store = GraphStore(tmp_path / "db")
    store.replace_graphs({G: triples(3, "same")})
    assert store.holds(G, triples(3, "same"))
    assert not store.holds(G, triples(3, "changed"))
    assert not store.holds(G, triples(2, "same"))


# ---------------------------------------------------------------- loads written in batches


def _quads(store: GraphStore) -> list[str]:
    # The load time stamps and the blank node labels (the ontology's class expressions)
    # differ between two loads; everything else must be equal.
    return sorted(str(q) if "_:" not in str(q) else "(a quad with a blank node)" for q in store.store
                  if "generatedAtTime" not in str(q.predicate))


def test_a_load_in_batches_stores_the_same_quads_as_one_batch():
    from untoc_kg.loading import load_files
    from tests.conftest import SAMPLES

    one, many = GraphStore(None), GraphStore(None)
    load_files(one, [SAMPLES], batch_reports=100)
    load_files(many, [SAMPLES], batch_reports=2)
    assert len(_quads(one)) > 15_000
    assert _quads(many) == _quads(one)


def test_a_bad_file_after_many_good_ones_writes_no_batch(tmp_path):
    from untoc_kg.errors import ReportError
    from untoc_kg.loading import load_files
    from tests.conftest import SAMPLES

    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES, folder)
    (folder / "zzz_last.txt").write_text("第一章\n\n这是一本小说，不是会议报告。\n", encoding="utf-8")
    store = GraphStore(tmp_path / "db")
    store.replace_graphs({G: triples(3, "old")})
    with pytest.raises(ReportError, match="zzz_last.txt"):
        load_files(store, [folder], batch_reports=1)
    assert store.named_graphs() == [G]
    assert store.count() == 3


def test_graph_store_is_the_only_code_that_touches_the_pyoxigraph_store():
    """One door to the store (issue 14): every other module goes through GraphStore, so that
    locking, read-only opening and the union default graph are decided in one place."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "untoc_kg"
    reaching = re.compile(r"\bstore\.store\b|\box\.Store\b|\bpyoxigraph\.Store\b|\bStore\.read_only\b")
    found = [f"{path.relative_to(package)}:{number}: {line.strip()}"
             for path in sorted(package.rglob("*.py")) if path.name != "store.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if reaching.search(line)]
    assert found == []


def test_a_first_load_built_beside_the_store_holds_what_a_transactional_load_holds(tmp_path):
    """A first load into an empty store on disk is built in a staging folder with the bulk
    loader and put in place at once; a load into a store in memory takes the transactional
    path. Both hold the same quads, and no staging folder is left behind."""
    from untoc_kg.loading import load_files
    from tests.conftest import SAMPLES

    on_disk, in_memory = GraphStore(tmp_path / "db"), GraphStore(None)
    load_files(on_disk, [SAMPLES])
    load_files(in_memory, [SAMPLES])
    assert len(_quads(on_disk)) > 15_000
    assert _quads(on_disk) == _quads(in_memory)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db"]
    on_disk.close()
