"""The server keeps the answers of stored queries (untoc_kg/web/answer_cache.py): an answer
asked again comes from the cache, each parameter set has its own, and none outlives the store
it was computed from — a load is refused while the server runs, and once it has run, a server
on the loaded store gives the new answer."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.request

import pytest
from click.testing import CliRunner

from untoc_kg.cli import cli
from untoc_kg.output import render
from untoc_kg.queries import QueryResult, run_query
from untoc_kg.server import create_app
from untoc_kg.store import GraphStore
from untoc_kg.web.answer_cache import StoredAnswers
from untoc_kg.web.answers import Answer, refusal
from untoc_kg.web.jobs import StoredJob
from tests.conftest import REPORT_000, SAMPLES
from tests.servers import Running

REPORT_004 = SAMPLES / "004_1128377bf6bc7323.txt"
# With report 000 alone no state spoke on technical assistance; report 004 adds 23 that did.
FLAGSHIP = "/queries/states-on-topic?topic=technical-assistance&min_meetings=1&format=json"
FLAGSHIP_PARAMS = {"topic": "technical-assistance", "min_meetings": "1"}
FRAUD = "/queries/states-on-topic?topic=organized-fraud&min_meetings=1&format=json"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read()


def expected(path, name: str, params: dict) -> bytes:
    with GraphStore(path, read_only=True) as store:
        return render(run_query(store, name, params), "json").encode("utf-8")


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "db"
    result = invoke("--store", path, "load", REPORT_000)
    assert result.exit_code == 0, result.output
    return path


def serve(path):
    store = GraphStore(path, read_only=True, purpose="a test server")
    return store, Running(create_app(store, timeout=30, limit=1000, workers=1))


def test_an_answer_asked_again_comes_from_the_cache_and_each_parameter_set_has_its_own(db):
    want_flagship = expected(db, "states-on-topic", FLAGSHIP_PARAMS)
    want_fraud = expected(db, "states-on-topic", {"topic": "organized-fraud", "min_meetings": "1"})
    assert want_flagship != want_fraud
    store, running = serve(db)
    try:
        answers = running.state.answers
        assert get(running.url + FLAGSHIP) == (200, want_flagship)
        assert (answers.hits, answers.misses) == (0, 1)
        assert get(running.url + FLAGSHIP) == (200, want_flagship)
        assert (answers.hits, answers.misses) == (1, 1)
        assert get(running.url + FRAUD) == (200, want_fraud)
        assert (answers.hits, answers.misses) == (1, 2)
        # The page of the same query keeps its rows under its own job (no JSON written).
        status, _ = get(running.url + FRAUD.replace("format=json", "format=html"))
        assert status == 200 and answers.misses == 3
    finally:
        running.stop()
        store.close()


def test_no_answer_outlives_the_store_it_came_from(db):
    store, running = serve(db)
    try:
        status, before = get(running.url + FLAGSHIP)
        assert status == 200 and json.loads(before) == []
        # While the server runs, a load is refused: the store, and so every kept answer, stays as it is.
        result = invoke("--store", db, "load", REPORT_004)
        assert result.exit_code == 1 and "being served" in result.output
        assert get(running.url + FLAGSHIP) == (200, before)
        assert before == expected(db, "states-on-topic", FLAGSHIP_PARAMS)
    finally:
        running.stop()
        store.close()
    result = invoke("--store", db, "load", REPORT_004)
    assert result.exit_code == 0, result.output
    store, running = serve(db)
    try:
        status, after = get(running.url + FLAGSHIP)
        assert status == 200 and len(json.loads(after)) == 23
        assert after == expected(db, "states-on-topic", FLAGSHIP_PARAMS)
    finally:
        running.stop()
        store.close()


def test_a_store_in_memory_has_no_answer_kept(store_000):
    app = create_app(store_000, workers=1)
    assert app.state.untoc.answers.max_bytes == 0


class CountingRunner:
    def __init__(self, answers):
        self.answers, self.calls = answers, []

    def run(self, job):
        self.calls.append(job)
        return self.answers(job)


def ask(cache: StoredAnswers, job: StoredJob) -> Answer:
    return asyncio.run(cache.answer(job))


def rows(n: int) -> Answer:
    return Answer(200, result=QueryResult(["a"], [[str(i)] for i in range(n)]))


def test_refusals_and_remote_queries_are_asked_again():
    runner = CountingRunner(lambda job: refusal(400, "no") if job.name == "bad" else rows(3))
    cache = StoredAnswers(runner, 1 << 20, keep=lambda name: name != "federated-states")
    for name in ("bad", "bad", "federated-states", "federated-states", "statements", "statements"):
        ask(cache, StoredJob(name, (), 100))
    assert [job.name for job in runner.calls] == ["bad", "bad", "federated-states", "federated-states", "statements"]


def test_the_cache_holds_at_most_its_size_and_drops_the_least_recently_asked():
    runner = CountingRunner(lambda job: rows(100))
    one = StoredJob("statements", (("state", "ARG"),), 100)
    two = StoredJob("statements", (("state", "BRA"),), 100)
    three = StoredJob("statements", (("state", "CHN"),), 100)
    # Room for two answers of 100 rows, not three.
    cache = StoredAnswers(runner, 2 * 100 * 70 + 2 * 256 + 100)
    for job in (one, two, one, three, one, two):
        ask(cache, job)
    # three pushed out two (one had been asked since), and two then pushed out three.
    assert runner.calls == [one, two, three, two]


def test_a_kept_answer_is_not_changed_by_what_a_page_does_with_its_rows():
    runner = CountingRunner(lambda job: rows(3))
    cache = StoredAnswers(runner, 1 << 20)
    job = StoredJob("statements", (), 100)
    for _ in range(2):                 # the answer of a miss, then the one of a hit
        answer = ask(cache, job)
        answer.result.rows[0][0] = "changed"
        answer.result.rows.pop()
    assert ask(cache, job).result.rows == [["0"], ["1"], ["2"]]
    assert len(runner.calls) == 1


# Quotes, backslashes, control characters, a line separator, a lone surrogate, Han and an emoji.
AWKWARD = ['', 'plain', 'a "quoted" \\ back', 'line\nnext\ttab\x00\x1f\x7f', '\u2028', '\ud800', '联合国 😀']


@pytest.mark.parametrize("columns", [[], ["a"], ["a", "b", "中"], ["a", "a"]])
def test_the_json_of_rows_is_json_dumps_byte_for_byte(columns):
    # Every awkward text in every column, some cells unbound, a short row; then cells that are not text.
    table = [[AWKWARD[(i + j) % len(AWKWARD)] if (i + j) % 5 else None for j in range(len(columns))]
             for i in range(len(AWKWARD) * 2)] + [columns[:-1]]
    for cells in (table, [], [[7] * len(columns)]):
        want = json.dumps([dict(zip(columns, row)) for row in cells], ensure_ascii=False, indent=2) + "\n"
        assert render(QueryResult(columns, cells), "json") == want


def test_requests_asking_at_once_for_a_job_share_one_run():
    lock = threading.Lock()
    running = []

    def slow(job):
        with lock:
            running.append(job)
        time.sleep(0.3)
        return rows(3)

    runner = CountingRunner(slow)
    cache = StoredAnswers(runner, 1 << 20)
    job, other = StoredJob("statements", (), 100), StoredJob("statements", (("state", "USA"),), 100)

    async def eight_at_once():
        return await asyncio.gather(*(cache.answer(job if i % 4 else other) for i in range(8)))

    answers = asyncio.run(eight_at_once())
    assert sorted(j.params for j in runner.calls) == [(), (("state", "USA"),)]
    assert all(a.result.rows == [["0"], ["1"], ["2"]] for a in answers)
    assert (cache.misses, cache.shared) == (2, 6)
    # With the cache off, each request runs its own.
    uncached = StoredAnswers(CountingRunner(slow), 0)

    async def three_at_once():
        return await asyncio.gather(*(uncached.answer(job) for _ in range(3)))

    asyncio.run(three_at_once())
    assert len(uncached.runner.calls) == 3
