"""Running query jobs within a time limit: worker processes on a store on disk, threads on a
store in memory.

pyoxigraph cannot interrupt a running query, and a thread left running after its deadline
keeps a core busy until the query ends, which for a query that joins everything with
everything is never. So queries (SPARQL and stored) run in a small pool of worker processes,
each with its own read-only handle on the store; a query past its deadline is answered 503 and
its worker is killed and replaced. A store in memory cannot be opened by another process: there
the queries run in threads, and a query past its deadline is answered 503 but runs on to its
end (ThreadRunner).

A streamed CSV job holds its worker until its last chunk: a pipe holds a few chunks, so a slow
client slows the worker, never fills the server's memory. The whole stream must end within
the timeout: past it, or when the client goes away, the worker is killed and replaced and the
response ends without its last chunk (the client sees a broken transfer, not a short CSV that
looks whole). A query that fails or runs out of time before its first row is answered with a
status, as any other.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from untoc_kg.errors import StoreError, UntocError
from untoc_kg.store import GraphStore
from untoc_kg.web.answers import Answer, refusal
from untoc_kg.web.jobs import CsvJob, Stream, StreamCut, StreamEnd, csv_messages, execute


def timed_out(timeout: float) -> Answer:
    return refusal(503, f"The query ran longer than this endpoint's limit of {timeout:g} seconds and was "
                        "stopped; ask for less (a LIMIT, a narrower pattern) or download a dump.")


def busy(timeout: float) -> Answer:
    return refusal(503, f"Every query worker stayed busy for {timeout:g} seconds; try again shortly.",
                   **{"Retry-After": "5"})


# Oxigraph's parser and evaluator recurse over the query's tree, and not only where it nests
# brackets (MAX_NESTING): 12,000 `!` in a row (12 KB of text) or a sum of 8,000 terms
# overflowed the 8 MiB stack of a worker's main thread, which ends the worker. A worker runs
# its jobs on a thread with a 256 MiB stack instead: address space only, whose pages are
# committed as the recursion reaches them, and 32 times the depth before an overflow.
QUERY_STACK_BYTES = 256 * 1024 * 1024


def _worker_main(path: str, conn) -> None:
    """A worker process: one read-only store handle, jobs in, answers out, until the pipe closes."""
    # Ctrl-C in the terminal reaches the whole process group; the server stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = GraphStore(Path(path), read_only=True)
    except UntocError as error:
        conn.send(str(error))
        return
    answering = None
    try:
        threading.stack_size(QUERY_STACK_BYTES)
        answering = threading.Thread(target=_answer_jobs, args=(store, conn), name="untoc-kg query")
        answering.start()
    except (ValueError, RuntimeError):
        answering = None    # a platform that refuses the size: the default stack, and the nesting limit
    if answering is None:
        _answer_jobs(store, conn)
    else:
        answering.join()


def _answer_jobs(store: GraphStore, conn) -> None:
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(job, CsvJob):
            # Chunk by chunk; a send waits while the pipe is full (the client reads slowly).
            for message in csv_messages(store, job):
                conn.send(message)
            continue
        conn.send(execute(store, job))


@dataclass
class _Worker:
    process: mp.Process
    conn: object


class ProcessRunner:
    """Jobs in worker processes that can be killed at their deadline (see the module docstring)."""

    def __init__(self, path: Path, workers: int, timeout: float):
        self.path, self.size, self.timeout = path, workers, timeout
        # spawn, not fork: the server process has threads and an open store, which a fork
        # would copy in whatever state they are.
        self._context = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._live: list[_Worker] = []          # every worker started and not yet stopped

    def start(self) -> None:
        starting = [self._spawn() for _ in range(self.size)]
        for worker in starting:
            self._ready(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(str(self.path), child),
                                        name="untoc-kg query worker", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._live.append(worker)
        return worker

    def _ready(self, worker: _Worker, wait: float = 120.0) -> None:
        try:
            message = worker.conn.recv() if worker.conn.poll(wait) else \
                f"{self.path}: a query worker did not open the store within {wait:g} seconds."
        except (EOFError, OSError):
            # Its own error is on stderr. The usual cause: workers are started with "spawn", which
            # imports the __main__ module again, and a script must then start the server under
            # `if __name__ == "__main__":` (and cannot be read from standard input).
            message = (f"{self.path}: a query worker stopped before it had opened the store (its error is above; "
                       "a script that starts the server must do so under `if __name__ == \"__main__\":`).")
        if message != "ready":
            self._stop(worker)
            raise StoreError(message)
        self._idle.put(worker)

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            if worker in self._live:
                self._live.remove(worker)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        if self._closed:
            return
        fresh = self._spawn()
        # The new worker opens the store in the background; until then the others serve.
        threading.Thread(target=self._ready_quietly, args=(fresh,), daemon=True).start()

    def _ready_quietly(self, worker: _Worker) -> None:
        try:
            self._ready(worker)
        except (StoreError, OSError):
            pass   # the pool is one worker smaller (or closing); the others still answer

    def _first_answer(self, job):
        """Hand a job to an idle worker and wait for its first answer: (worker, answer, deadline),
        or the refusal when no worker is free in time, the deadline passes or the worker dies."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return busy(self.timeout)
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                return timed_out(self.timeout)
            return worker, worker.conn.recv(), deadline
        except (EOFError, OSError):
            self._replace(worker)
            return refusal(500, "The query worker stopped while it ran the query; it has been replaced.")

    def run(self, job) -> Answer:
        first = self._first_answer(job)
        if isinstance(first, Answer):
            return first
        worker, answer, _deadline = first
        self._idle.put(worker)
        return answer

    def stream(self, job: CsvJob) -> Answer | Stream:
        """A streamed job: its refusal, or a Stream whose chunks come over the worker's pipe.
        The worker is this stream's until its last chunk (or the deadline: then it is replaced)."""
        first = self._first_answer(job)
        if isinstance(first, Answer):
            return first
        worker, answer, deadline = first
        if answer.status != 200:
            self._idle.put(worker)
            return answer
        return Stream(answer, self._chunks(worker, deadline))

    def _chunks(self, worker: _Worker, deadline: float):
        finished = False
        try:
            while True:
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    raise StreamCut(f"the stream ran past the limit of {self.timeout:g} seconds")
                message = worker.conn.recv()
                if isinstance(message, StreamEnd):
                    finished = True
                    if message.failure:
                        raise StreamCut(message.failure)
                    return
                yield message
        except (EOFError, OSError):
            raise StreamCut("the query worker stopped while it streamed the rows") from None
        finally:
            # A stream left midway (past its deadline, or its client gone) holds a worker that
            # is still writing: it is ended and replaced.
            if finished:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._live)
        for worker in workers:
            self._stop(worker)


class ThreadRunner:
    """Jobs in threads, for a store in memory: a late query is answered 503 but not stopped."""

    def __init__(self, store: GraphStore, workers: int, timeout: float):
        self.store, self.timeout = store, timeout
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="untoc-kg-query")

    def start(self) -> None:
        pass

    def run(self, job) -> Answer:
        future = self._pool.submit(execute, self.store, job)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()        # stops it only if it has not started
            return timed_out(self.timeout)

    def stream(self, job: CsvJob) -> Answer | Stream:
        """A streamed job read from the store in this process, by one thread of the pool: a
        pyoxigraph solution iterator must be read (and dropped) on the thread that made it, so
        the rows cannot be read by whichever thread the response is in. The chunks reach the
        response through a small queue; past the deadline, or when the response is left, the
        thread stops reading (which stops the query: its rows are read lazily)."""
        deadline = time.monotonic() + self.timeout
        chunks: queue.Queue = queue.Queue(maxsize=4)
        stop = threading.Event()

        def produce() -> None:
            for message in csv_messages(self.store, job):
                while not chunks_put(message):
                    if stop.is_set() or time.monotonic() > deadline:
                        return

        def chunks_put(message) -> bool:
            try:
                chunks.put(message, timeout=0.05)
                return True
            except queue.Full:
                return False

        self._pool.submit(produce)
        try:
            first = chunks.get(timeout=self.timeout)
        except queue.Empty:
            stop.set()
            return timed_out(self.timeout)
        if first.status != 200:
            return first
        return Stream(first, self._chunks(chunks, stop, deadline))

    def _chunks(self, chunks: queue.Queue, stop: threading.Event, deadline: float):
        try:
            while True:
                try:
                    message = chunks.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise StreamCut(f"the stream ran past the limit of {self.timeout:g} seconds") from None
                if isinstance(message, StreamEnd):
                    if message.failure:
                        raise StreamCut(message.failure)
                    return
                yield message
        finally:
            stop.set()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
