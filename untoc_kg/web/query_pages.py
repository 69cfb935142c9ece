"""The stored queries on the web: their list, and each one as JSON, CSV (streamed) or a page
with its form, the values in force, the rows as a table that links what it names, sorting
and paging.

Paging. Every stored query takes limit and offset (after its ORDER BY); a page shows 100 rows
unless asked otherwise, with links to the previous and next pages (found with one row more
than the page, not counted: a count would cost a second run of the query). JSON and HTML
carry `Link: <…>; rel="next"` when there are more rows.

Sorting (?sort=column, ?sort=-column for descending) is the page's, not the query's: the query
runs as it is written (its text is never changed for a sort), its whole answer up to the
server's row limit comes back, and the rows are sorted here (numbers as numbers, empty cells
last) before the page is cut from them. An answer longer than the row limit is sorted as far
as it came, and the page says it is partial.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from untoc_kg.choices import Problem, problems
from untoc_kg.formats import of_kind
from untoc_kg.queries import PAGING_NAMES, QueryResult, StoredQuery, paging
from untoc_kg.web.answers import Answer, respond
from untoc_kg.web.error_pages import error
from untoc_kg.web.forms import form_fields
from untoc_kg.web.jobs import CsvJob, StoredJob
from untoc_kg.web.language import page_language
from untoc_kg.web.negotiation import HTML, content_type, negotiate
from untoc_kg.web.rendering import messages, render
from untoc_kg.web.screening import SERVICE_REFUSED, uses_service

# A stored query's rows over HTTP, in the order a client that accepts anything is offered them:
# JSON first, then CSV (the row formats of untoc_kg/formats.py but the terminal's table), then HTML.
QUERY_FORMATS = {f.media_type: f.name for name in ("json", "csv") for f in of_kind("rows") if f.name == name} | {HTML: "html"}
# The rows of an HTML page of a stored query when the request gives no limit.
HTML_PAGE_ROWS = 100
# Parameters of the page rather than of the query.
SORT = "sort"
PAGE_ONLY = ("format", SORT)


def runnable(state, query: StoredQuery) -> bool:
    """Whether the query can run on this server (SERVICE needs `serve --allow-service`)."""
    return state.allow_service or not uses_service(query.text)


def redirect_to_list(_request: Request) -> Response:
    return RedirectResponse("/queries/", status_code=301)


# -- /queries/ --------------------------------------------------------------------------------

def query_list(request: Request) -> Response:
    state = request.app.state.untoc
    queries = state.queries
    wanted = request.query_params.get("format")
    media_type = {"json": "application/json", "html": HTML}.get(wanted or "") if wanted else \
        negotiate(request.headers.get("accept"), ["application/json", HTML])
    if media_type == HTML:
        listed = [(name, q, runnable(state, q)) for name, q in queries.items()]
        return render(request, "queries/list.html", queries=listed)
    listing = [{"name": name, "title": q.title, "description": q.description,
                "parameters": [{"name": p.name, "kind": p.kind, "default": p.default, "required": p.required,
                                "description": p.description} for p in q.params],
                "columns": q.columns, "url": f"/queries/{name}"} for name, q in queries.items()]
    return Response(json.dumps(listing, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Vary": "Accept"})


# -- /queries/NAME ------------------------------------------------------------------------------

async def stored_query(request: Request) -> Response:
    state = request.app.state.untoc
    name = request.path_params["name"]
    if name not in state.queries:
        return error(request, 404, f"There is no stored query named {name!r}; the list is at /queries/.")
    fmt = request.query_params.get("format")
    if fmt:
        if fmt not in QUERY_FORMATS.values():
            return error(request, 400, f"A stored query answers as json, csv or html, not {fmt!r}.")
    else:
        fmt = QUERY_FORMATS.get(negotiate(request.headers.get("accept"), list(QUERY_FORMATS)) or "")
        if fmt is None:
            return error(request, 406, "A stored query answers as application/json, text/csv or text/html.")
    query = state.queries[name]
    if fmt == "html":
        return await _page(request, query)
    if not runnable(state, query):
        return error(request, 403, SERVICE_REFUSED)
    params = tuple((k, v) for k, v in request.query_params.multi_items() if k != "format")
    if fmt == "csv":
        return await _stream_csv(state, CsvJob(name, params))
    answer = await state.answers.answer(StoredJob(name, params, state.limit, render="json"))
    if answer.status != 200:
        return respond(answer)
    limit, offset = paging(dict(params))
    links = _link_header(request.url.path, _kept(request), limit, offset, answer.more)
    return respond(Answer(200, "application/json", answer.body, answer.partial, headers={"Link": links} if links else {}))


async def _stream_csv(state, job: CsvJob) -> Response:
    outcome = await run_in_threadpool(state.runner.stream, job)
    if isinstance(outcome, Answer):
        return respond(outcome)
    return StreamingResponse(outcome.chunks, media_type=content_type("text/csv"), headers={"Vary": "Accept"})


def _kept(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING_NAMES]


def _href(path: str, kept: list[tuple[str, str]], limit: int, start: int) -> str:
    return path + "?" + urlencode([*kept, ("limit", str(limit))] + ([("offset", str(start))] if start else []))


def _link_header(path: str, kept: list[tuple[str, str]], limit: int | None, offset: int, more: bool) -> str:
    """The Link header of a page: rel="prev" and rel="next" with the other parameters kept."""
    if limit is None:
        return ""
    links = []
    if offset > 0:
        links.append(f'<{_href(path, kept, limit, max(0, offset - limit))}>; rel="prev"')
    if more:
        links.append(f'<{_href(path, kept, limit, offset + limit)}>; rel="next"')
    return ", ".join(links)


# -- the page -----------------------------------------------------------------------------------

@dataclass
class Sorting:
    column: str | None
    descending: bool = False


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _sort_key(value: str | None):
    if _NUMBER.fullmatch(value or ""):
        return (0, float(value), "")
    return (1, 0.0, (value or "").casefold())


def sorted_rows(rows: list[list[str | None]], index: int, descending: bool) -> list[list[str | None]]:
    """The rows by one column: numbers as numbers, text without regard to case, empty cells last
    whichever the direction; rows that tie keep the query's order."""
    filled = [row for row in rows if row[index] not in (None, "")]
    empty = [row for row in rows if row[index] in (None, "")]
    return sorted(filled, key=lambda row: _sort_key(row[index]), reverse=descending) + empty


def page_parameters(request: Request, query: StoredQuery) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(the values the query gets, the parameters the page's links keep). `lang` is the page's
    language when the query takes no lang of its own; an empty field of the form is no value."""
    takes_lang = any(p.name == "lang" for p in query.params)
    kept = [(k, v) for k, v in request.query_params.multi_items()
            if k not in PAGE_ONLY and (k != "lang" or takes_lang) and v != ""]
    given = dict(kept)
    if takes_lang and "lang" not in given:
        # The labels of the answer in the language of the page, unless the form asks otherwise;
        # the page's links (JSON, CSV, the choices) give the same answer.
        given["lang"] = page_language(request)
        kept.append(("lang", given["lang"]))
    return given, kept


async def _page(request: Request, query: StoredQuery) -> Response:
    state = request.app.state.untoc
    lang = page_language(request)
    t = messages(lang)
    if not runnable(state, query):
        return render(request, "queries/unavailable.html", status=403, query=query)
    given, kept = page_parameters(request, query)
    choices = await run_in_threadpool(state.choices)
    found = problems(query, given, choices)
    sorting = _sorting(request)
    if found:
        return _problems_page(request, query, given, kept, choices, found, lang, t)
    limit, offset = paging(dict(given))
    if limit is None:
        limit = HTML_PAGE_ROWS
    run_with = {k: v for k, v in given.items() if k not in PAGING_NAMES}
    if sorting.column is None:
        run_with.update(limit=str(limit), offset=str(offset))
    answer = await state.answers.answer(StoredJob(query.name, tuple(run_with.items()), state.limit))
    if answer.result is None:
        return error(request, answer.status, answer.body.decode("utf-8").strip())
    result, more = answer.result, answer.more
    if sorting.column is not None and sorting.column not in result.columns:
        # The columns are the answer's (a header may name them otherwise).
        return _problems_page(request, query, given, kept, choices, [Problem(SORT, "bad-sort", sorting.column)],
                              lang, t, columns=result.columns)
    if sorting.column is not None:
        rows = sorted_rows(result.rows, result.columns.index(sorting.column), sorting.descending)
        more = len(rows) > offset + limit
        result = QueryResult(result.columns, rows[offset:offset + limit])
    links = await run_in_threadpool(state.links)
    multi = set(query.multi)
    cells = [[links.parts(column, value, dict(zip(result.columns, row)), column in multi, lang)
              for column, value in zip(result.columns, row)] for row in result.rows]
    path = request.url.path
    header = _link_header(path, [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING_NAMES],
                          limit, offset, more)
    fields = form_fields(query, given, choices, [], lang, t)
    return render(request, "queries/query.html", headers={"Link": header} if header else {},
                  result=result, cells=cells, partial=answer.partial, sorting=sorting,
                  sort_links=_sort_links(path, request, result.columns, sorting),
                  pager=_pager(path, request, limit, offset, len(result.rows), more),
                  formats=[(f, path + "?" + urlencode([*kept, ("format", f)])) for f in ("json", "csv")],
                  in_force=[f for f in fields if f.value], **_form_context(request, query, fields, kept, [], t))


def _form_context(request: Request, query: StoredQuery, fields, kept, found: list[Problem], t,
                  columns: list[str] | None = None) -> dict:
    return {"query": query, "fields": fields, "problems": found, "kept": kept,
            "only_missing": all(p.fault == "missing" for p in found),
            "problem_sentences": [problem_sentence(p, query, fields, t, columns) for p in found],
            "choice_links": _choice_links(request.url.path, kept, fields, found)}


def _problems_page(request: Request, query: StoredQuery, given, kept, choices, found: list[Problem], lang: str, t,
                   columns: list[str] | None = None) -> Response:
    """The form with what is wrong: 200 when the query only lacks a required value (the form is
    what the reader came for), 400 when a value is wrong."""
    fields = form_fields(query, given, choices, found, lang, t)
    context = _form_context(request, query, fields, kept, found, t, columns)
    return render(request, "queries/query.html", status=200 if context["only_missing"] else 400, result=None,
                  **context)


def problem_sentence(problem: Problem, query: StoredQuery, fields, t, columns: list[str] | None = None) -> str:
    """What is wrong, in the page's language: the message of the fault, for the kind of value
    the parameter takes where there is one ("there is no topic …")."""
    kind = next((f.choice_kind for f in fields if f.name == problem.param), None)
    key = f"problem_{problem.fault}_{kind}" if f"problem_{problem.fault}_{kind}" in t else f"problem_{problem.fault}"
    description = next((f.description for f in fields if f.name == problem.param), "")
    return t[key].format(param=problem.param, value=problem.value or "", query=query.name,
                         description=description, columns=", ".join(columns or query.columns),
                         params=", ".join(p.name for p in query.params) or "—")


def _sorting(request: Request) -> Sorting:
    asked = request.query_params.get(SORT)
    if not asked:
        return Sorting(None)
    return Sorting(asked[1:], True) if asked.startswith("-") else Sorting(asked, False)


def _sort_links(path: str, request: Request, columns: list[str], sorting: Sorting) -> dict[str, str]:
    """Each column's header link: sort by it, or the other way round when it is the sort already;
    the sorted answer starts again at its first page."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in (SORT, "offset")]
    links = {}
    for column in columns:
        value = f"-{column}" if sorting.column == column and not sorting.descending else column
        links[column] = path + "?" + urlencode([*kept, (SORT, value)])
    return links


def _pager(path: str, request: Request, limit: int, offset: int, shown: int, more: bool) -> dict:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING_NAMES]
    # Relative to the page ("?…"): the same path, other parameters.
    return {"first": offset + 1, "last": offset + shown, "offset": offset, "shown": shown,
            "prev": _href("", kept, limit, max(0, offset - limit)) if offset > 0 else None,
            "next": _href("", kept, limit, offset + limit) if more else None}


def _choice_links(path: str, kept: list[tuple[str, str]], fields, found: list[Problem]) -> dict[str, list]:
    """For each field whose value is wrong (or missing), its choices as links to the page with
    that value instead: the error page offers what the parameter takes."""
    wrong = {p.param for p in found if p.fault in ("unknown-value", "missing")}
    links = {}
    for f in fields:
        if f.name in wrong and f.options:
            others = [(k, v) for k, v in kept if k != f.name]
            links[f.name] = [(o, path + "?" + urlencode([*others, (f.name, o.value)])) for o in f.options]
    return links
