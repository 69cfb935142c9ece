"""The SPARQL page: an editor with the prefixes filled in and the stored queries as examples,
and the answer of a query as a table whose IRIs are links (what a browser gets from /sparql).

The editor is YASGUI when `make setup` installed it (web-assets/, served at /static/yasgui/);
without it the page is a plain form with a text area, and says how to get the editor. Either
way the page works without JavaScript: the form sends the query to /sparql, which answers a
browser with this page."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from untoc_kg.view_queries import view_query
from untoc_kg.vocab import PREFIXES
from untoc_kg.web.answers import Answer
from untoc_kg.web.assets import yasgui_installed
from untoc_kg.web.rendering import render
from untoc_kg.web.screening import uses_service
from untoc_kg.web.terms import term_json

FORMATS = (("html", "format_html"), ("json", "format_json"), ("xml", "format_xml"), ("csv", "format_csv"),
           ("tsv", "format_tsv"), ("ttl", "format_ttl"))


def starter_query() -> str:
    """The editor's text before anything is written in it: views/sparql-starter.rq, prefixes and all."""
    return view_query("sparql-starter").text


def examples(state) -> list[tuple[str, str, str]]:
    """(name, title, text) of each stored query this server can run, as its file gives it (its
    parameters at their defaults)."""
    return [(name, q.title, q.text) for name, q in state.queries.items()
            if state.allow_service or not uses_service(q.text)]


def _context(request: Request, params: QueryParams) -> dict:
    state = request.app.state.untoc
    return {"query_text": params.get("query") or starter_query(), "chosen_format": params.get("format") or "html",
            "formats": FORMATS, "examples": examples(state), "timeout": state.timeout, "limit": state.limit,
            "yasgui": yasgui_installed(), "prefixes": {k: str(v) for k, v in PREFIXES.items()}}


def editor(request: Request, params: QueryParams) -> Response:
    return render(request, "sparql.html", answer=None, failure=None, partial=None, **_context(request, params))


@dataclass
class Table:
    columns: list[str]
    rows: list[list[dict | None]]        # each cell a term as SPARQL JSON writes it, None when unbound
    boolean: bool | None = None


def table(answer: Answer) -> Table:
    """The answer of a SELECT or ASK (SPARQL JSON) or a CONSTRUCT (N-Triples) as rows of terms."""
    if answer.media_type == "application/n-triples":
        triples = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES) if answer.body else []
        return Table(["subject", "predicate", "object"],
                     [[term_json(t.subject), term_json(t.predicate), term_json(t.object)] for t in triples])
    data = json.loads(answer.body)
    if "boolean" in data:
        return Table([], [], data["boolean"])
    columns = data["head"]["vars"]
    return Table(columns, [[binding.get(c) for c in columns] for binding in data["results"]["bindings"]])


def results(request: Request, params: QueryParams, answer: Answer) -> Response:
    context = _context(request, params)
    if answer.status != 200:
        return render(request, "sparql.html", status=answer.status, answer=None, partial=None,
                      failure=answer.body.decode("utf-8").strip(), **context)
    headers = {"X-Untoc-Partial": answer.partial} if answer.partial else {}
    return render(request, "sparql.html", headers=headers, answer=table(answer), partial=answer.partial,
                  failure=None, **context)
