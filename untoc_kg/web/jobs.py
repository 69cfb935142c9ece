"""The jobs a query worker runs, and what each answers: a SPARQL query, a stored query, a
stored query streamed as CSV. The same functions run in a worker process or in a thread.

CSV streaming. /queries/NAME?format=csv is written as the store gives the rows: the worker
sends the CSV in chunks of output.CSV_CHUNK_ROWS rows, and the server passes each on as it
comes. The listing is whole (not cut at --limit, since it is never held)."""

from __future__ import annotations

from dataclasses import dataclass

from untoc_kg.errors import UntocError
from untoc_kg.output import csv_chunks
from untoc_kg.output import render as render_rows
from untoc_kg.queries import QueryResult, iter_query, paging, run_query
from untoc_kg.store import GraphStore
from untoc_kg.web.answers import Answer, refusal
from untoc_kg.web.protocol import SparqlJob, answer_sparql


@dataclass(frozen=True)
class StoredJob:
    name: str
    params: tuple[tuple[str, str], ...]
    limit: int
    # "json": the worker writes the rows as JSON (the answer's body, without its rows), so
    # that the writing is spread over the workers instead of done by the server process for
    # every request. None: the rows come back as they are, for a page to lay out.
    render: str | None = None


@dataclass(frozen=True)
class CsvJob:
    """A stored query's rows as CSV, streamed."""
    name: str
    params: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StreamEnd:
    """The last message of a stream; failure is the sentence when the query failed midway."""
    failure: str | None = None


class StreamCut(Exception):
    """A CSV stream that could not be finished: its response ends without its last chunk."""


@dataclass
class Stream:
    """A streamed answer: its status line and headers, then its chunks as they come."""
    answer: Answer
    chunks: object


def csv_messages(store: GraphStore, job: CsvJob):
    """What a CSV job sends, in order: an Answer (a refusal, or 200 once the first row is
    there), then the CSV in chunks of bytes, then StreamEnd. The same in a worker process
    (over its pipe) and in a thread."""
    try:
        columns, rows = iter_query(store, job.name, dict(job.params))
        first = next(rows, None)          # the query is evaluated (and fails) here, before any 200
    except UntocError as error:
        yield refusal(400, str(error))
        return
    except Exception as error:   # noqa: BLE001 — a worker must answer, whatever the query did
        yield refusal(500, f"The query failed while it ran: {error}.")
        return
    yield Answer(200, "text/csv")
    try:
        yield from csv_chunks(columns, rows if first is None else _chained(first, rows))
    except Exception as error:   # noqa: BLE001
        yield StreamEnd(f"the query failed while its rows were read: {error}")
        return
    yield StreamEnd()


def _chained(first, rest):
    yield first
    yield from rest


def execute(store: GraphStore, job: SparqlJob | StoredJob) -> Answer:
    """Run one job on the store; the same function in a worker process or in a thread."""
    try:
        if isinstance(job, StoredJob):
            return answer_stored(store, job)
        return answer_sparql(store, job)
    except UntocError as error:
        return refusal(400, str(error))
    except Exception as error:   # noqa: BLE001 — a worker must answer, whatever the query did
        return refusal(500, f"The query failed while it ran: {error}.")


def answer_stored(store: GraphStore, job: StoredJob) -> Answer:
    """A stored query cut inside the query at the smaller of the page asked for and the
    server's limit, with one row more: the extra row says there is a next page (the page
    was the smaller) or that the answer is partial (the server's limit was)."""
    given = dict(job.params)
    asked, _ = paging(dict(given))
    page = job.limit if asked is None else min(asked, job.limit)
    given.pop("limit", None)                  # the page, and one row more, is the cap
    result = run_query(store, job.name, given, cap=page + 1)
    partial, more = None, False
    if len(result.rows) > page:
        result = QueryResult(result.columns, result.rows[:page])
        if asked is not None and asked <= job.limit:
            more = True
        else:
            partial = f"limit {job.limit}"
    if job.render == "json":
        return Answer(200, "application/json", render_rows(result, "json").encode("utf-8"), partial, more=more)
    return Answer(200, partial=partial, result=result, more=more)
