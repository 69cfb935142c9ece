"""The pages of the things people look for — a state or organization, a meeting, an agenda item,
a statement, a recommendation, a resolution or decision, a person, a topic, a document, a
report — their lists (/states, /meetings …) and the search (/search).

app.py's /id/{path} route asks `entity_page` first and shows the generic page of triples when
it answers None (a node no page is made for, or ?view=triples). What each page shows is read
by entity_pages, entity_lists and entity_search; the names come from entity_labels and
entity_naming; the HTML is in templates/entity/, templates/lists/ and templates/search.html.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from untoc_kg.errors import UntocError
from untoc_kg.web import entity_lists, entity_pages, entity_search
from untoc_kg.web.entity_labels import labels as store_labels
from untoc_kg.web.entity_naming import Namer
from untoc_kg.web.iris import local_href
from untoc_kg.web.language import page_language
from untoc_kg.web.rendering import render

TRIPLES_VIEW = "triples"      # /id/…?view=triples: the generic page of triples, not the entity page

PAGES = {
    "agent": entity_pages.agent_page, "meeting": entity_pages.meeting_page, "item": entity_pages.item_page,
    "statement": entity_pages.statement_page, "recommendation": entity_pages.recommendation_page,
    "person": entity_pages.person_page, "topic": entity_pages.topic_page,
    "document": entity_pages.document_page, "report": entity_pages.report_page,
}


def _store(request: Request):
    return request.app.state.untoc.store


def helpers(request: Request, namer: Namer) -> dict:
    """What every entity template names things with (the `label` of the web contract)."""
    lang = namer.lang

    def href(path: str, **params) -> str:
        """A link of this site that keeps the language the page was asked in."""
        kept = {k: v for k, v in params.items() if v not in (None, "")}
        if "lang" in request.query_params:
            kept["lang"] = lang
        return path + ("?" + urlencode(kept) if kept else "")

    return {"n": namer, "label": namer.label, "link": namer.link, "literal": namer.literal, "date": namer.date,
            "href": href, "local_href": local_href, "page_lang": lang}


# -- the entity pages -------------------------------------------------------------------------------

async def entity_page(request: Request, iri: str) -> Response | None:
    """The page of the node `iri` when there is one for its kind, else None."""
    if request.query_params.get("view") == TRIPLES_VIEW:
        return None
    return await run_in_threadpool(_entity_page, request, iri)


def _entity_page(request: Request, iri: str) -> Response | None:
    store = _store(request)
    kind = entity_pages.page_kind(store, iri)
    if kind is None:
        return None
    labels = store_labels(store)
    entity_search.warm(store)
    namer = Namer(labels, page_language(request))
    sources = entity_pages.provenance(store, iri)
    if kind == "act":
        page = entity_pages.act_page(store, labels, iri, sources)
    else:
        page = PAGES[kind](store, labels, iri)
    figure = _figure(store, kind, iri, page, namer.lang)
    return render(request, f"entity/{kind}.html", page=page, sources=sources, figure=figure,
                  triples_href=local_href(iri) + "?" + urlencode({"view": TRIPLES_VIEW}), iri=iri,
                  **helpers(request, namer))


def _figure(store, kind: str, iri: str, page: dict, lang: str) -> dict | None:
    """The picture a state's or a topic's page draws (web/pictures.py), with its data's address."""
    from untoc_kg.web import pictures       # the pictures module imports the routes of the site
    try:
        if kind == "agent" and page.get("code") and page["meetings"]:
            return {"fig": pictures.participation_strip(store, iri, lang), "id": "participation-strip",
                    "csv": "/queries/state-profile?" + urlencode({"state": page["code"], "format": "csv"})}
        if kind == "topic" and page.get("speakers"):
            return {"fig": pictures.topic_heatmap(store, iri, lang), "id": "topic-heatmap",
                    "csv": "/queries/states-on-topic?" + urlencode({"topic": page["key"], "min_meetings": "1",
                                                                    "lang": lang, "format": "csv"})}
    except UntocError:
        return None
    return None


# -- the lists -------------------------------------------------------------------------------------

def _list_page(name: str):
    async def page(request: Request) -> Response:
        return await run_in_threadpool(_render_list, request, name)
    page.__name__ = f"{name}_list"
    return page


def _render_list(request: Request, name: str) -> Response:
    store = _store(request)
    labels = store_labels(store)
    entity_search.warm(store)
    namer = Namer(labels, page_language(request))
    given = {k: v for k, v in request.query_params.items() if k != "lang"}
    tools = helpers(request, namer)
    try:
        listing = entity_lists.LISTS[name](store, labels, namer, given)
    except entity_lists.ListProblem as problem:
        choices = [(choice, tools["href"](request.url.path, **{**given, problem.parameter: choice}))
                   for choice in problem.choices]
        return render(request, "lists/problem.html", status=400, name=name, problem=problem, choices=choices,
                      **tools)

    def list_href(**changes) -> str:
        """This list with some parameters changed (None removes one); the page goes back to 1."""
        params = {k: v for k, v in given.items() if k != "page"}
        params.update(changes)
        return tools["href"](request.url.path, **params)

    return render(request, f"lists/{name}.html", listing=listing, list_href=list_href, given=given,
                  page_size=entity_lists.PAGE_SIZE, at_once=entity_lists.RECOMMENDATIONS_AT_ONCE, **tools)


# -- the search ------------------------------------------------------------------------------------

async def search_page(request: Request) -> Response:
    return await run_in_threadpool(_render_search, request)


def _render_search(request: Request) -> Response:
    store = _store(request)
    q = (request.query_params.get("q") or "").strip()
    namer = Namer(store_labels(store), page_language(request))
    groups = entity_search.search(store, q) if q else []
    return render(request, "search.html", q=q, groups=groups, **helpers(request, namer))


routes = [
    Route("/states", _list_page("states")),
    Route("/organizations", _list_page("organizations")),
    Route("/meetings", _list_page("meetings")),
    Route("/topics", _list_page("topics")),
    Route("/resolutions", _list_page("resolutions")),
    Route("/persons", _list_page("persons")),
    Route("/recommendations", _list_page("recommendations")),
    Route("/search", search_page),
]
