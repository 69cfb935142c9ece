"""The home page: what the graph is, how to use it, what it holds."""

from __future__ import annotations

from functools import lru_cache

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from untoc_kg.dataset import DUMPS, dump_path
from untoc_kg.docs import class_labels
from untoc_kg.web.iris import UNTOC_NS
from untoc_kg.web.language import page_language
from untoc_kg.web.query_pages import runnable
from untoc_kg.web.rendering import render


@lru_cache(maxsize=2)
def _class_labels(lang: str) -> dict[str, str]:
    return class_labels(lang)


async def home(request: Request) -> Response:
    state = request.app.state.untoc
    facts = await run_in_threadpool(state.dataset_facts)
    lang = page_language(request)
    labels = _class_labels(lang)
    classes = [(iri, labels.get(iri) or iri[len(UNTOC_NS):], count)
               for iri, count in facts.classes.items() if iri.startswith(UNTOC_NS)]
    queries = [(name, q, runnable(state, q)) for name, q in state.queries.items()]
    return render(request, "home.html", facts=facts, classes=classes, queries=queries,
                  dumps=[(fmt, dump_path(fmt)) for fmt in DUMPS],
                  endpoint=str(request.base_url).rstrip("/") + "/sparql")
