"""The answers of stored queries, kept by the server so that asking again costs no query.

Why an answer can be kept. A store on disk is served under a shared lock on its folder
(store_lock.py) that the server and each of its query workers hold for as long as they run;
`load` and `link` need the exclusive lock and are refused while they hold it. So the store a
server answers from cannot change while it runs, and an answer it gave once is the answer it
would give again: the cache lives exactly as long as the store handles it was computed from,
and a load can only happen once the server (and with it the cache) is gone. A store in memory
has no lock (the process that serves it could write it), so its answers are not kept.

What is kept: only answers with status 200 (a refusal or a time-out is asked again), of
stored queries that read this store alone (a query with SERVICE reads another endpoint,
whose answer may change at any time), keyed on the whole job (query name, every parameter
in its order, the server's row limit, and whether the worker wrote the JSON). The cache holds
at most `max_bytes` of answers, least recently asked first out. With the cache off
(`serve --answer-cache 0`) every request runs its own query.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict

from starlette.concurrency import run_in_threadpool

from untoc_kg.queries import QueryResult
from untoc_kg.web.answers import Answer
from untoc_kg.web.jobs import StoredJob

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
# What a cell of a kept result costs besides its text (the list slot, the str object).
_CELL_OVERHEAD = 64


def answer_size(answer: Answer) -> int:
    size = len(answer.body) + 256
    if answer.result is not None:
        size += sum(len(cell) + _CELL_OVERHEAD if cell else _CELL_OVERHEAD
                    for row in answer.result.rows for cell in row)
    return size


def _copy(answer: Answer) -> Answer:
    """An answer whose rows the caller may change without changing the one kept."""
    if answer.result is None:
        return answer
    result = QueryResult(list(answer.result.columns), [list(row) for row in answer.result.rows])
    return Answer(answer.status, answer.media_type, answer.body, answer.partial, result, dict(answer.headers),
                  answer.more)


class StoredAnswers:
    """Runs stored-query jobs through the runner, keeping their answers (see the module docstring).

    `max_bytes` 0 keeps nothing; `keep` says which queries' answers may be kept."""

    def __init__(self, runner, max_bytes: int, keep=lambda _name: True):
        self.runner, self.max_bytes, self.keep = runner, max_bytes, keep
        self._answers: OrderedDict[StoredJob, tuple[Answer, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._running: dict[StoredJob, asyncio.Future] = {}      # on the event loop only
        self.hits = self.misses = self.shared = 0

    def cached(self, job: StoredJob) -> Answer | None:
        with self._lock:
            found = self._answers.get(job)
            if found is None:
                return None
            self._answers.move_to_end(job)
            self.hits += 1
        return _copy(found[0])

    async def answer(self, job: StoredJob) -> Answer:
        """The job's answer: kept, or from a worker (off the event loop) and then kept. Requests
        for a job that a worker is already running wait for that run instead of starting
        their own: eight clients asking at once for a listing that takes seconds would
        otherwise run it eight times, on as many workers as there are."""
        found = self.cached(job)
        if found is not None:
            return found
        if not self._keeps(job):
            return await run_in_threadpool(self.runner.run, job)
        running = self._running.get(job)
        if running is None:
            with self._lock:
                self.misses += 1
            # A task of its own, so that a client that goes away does not cancel the run
            # the others wait for.
            running = self._running[job] = asyncio.ensure_future(self._run(job))
        else:
            self.shared += 1
        return _copy(await asyncio.shield(running))

    async def _run(self, job: StoredJob) -> Answer:
        try:
            answer = await run_in_threadpool(self.runner.run, job)
            self._keep(job, answer)
            return answer
        finally:
            del self._running[job]

    def _keeps(self, job: StoredJob) -> bool:
        return self.max_bytes > 0 and self.keep(job.name)

    def _keep(self, job: StoredJob, answer: Answer) -> None:
        if answer.status != 200:
            return
        size = answer_size(answer)
        if size > self.max_bytes:
            return
        with self._lock:
            if job in self._answers:
                return                     # kept already (two runners' answers); the first stays
            self._answers[job] = (answer, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _job, (_answer, dropped) = self._answers.popitem(last=False)
                self._bytes -= dropped
