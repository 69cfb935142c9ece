"""What the server publishes about the dataset itself: the ontology (its documentation for
people, its Turtle for machines), the VoID + DCAT description, and the dumps."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from untoc_kg.dataset import DUMPS, description, dump_path, serialize
from untoc_kg.errors import StoreError, UntocError
from untoc_kg.export import EXPORT_FORMATS
from untoc_kg.formats import rdf_format
from untoc_kg.resources import data_file
from untoc_kg.web.answers import Answer, respond
from untoc_kg.web.error_pages import error
from untoc_kg.web.language import page_language
from untoc_kg.web.negotiation import GRAPHS, HTML, chosen, content_type
from untoc_kg.web.rendering import render

DATASET = URIRef("https://w3id.org/untoc-kg/dataset")
DUMP_RETRY_SECONDS = 10


# -- /ontology ---------------------------------------------------------------------------------

async def ontology(request: Request) -> Response:
    state = request.app.state.untoc
    offered = [HTML] + GRAPHS
    media_type = chosen(request, offered)
    if media_type is None:
        return error(request, 406, f"The ontology is offered as {', '.join(offered)}.")
    if media_type == HTML:
        if not request.url.path.endswith("/"):
            # The documentation links its sibling pages relatively: serve it under /ontology/.
            return RedirectResponse("/ontology/", status_code=303)
        try:
            folder = await run_in_threadpool(state.docs.folder)
        except UntocError as failure:
            return error(request, 503, f"The documentation of the ontology is not available: {failure} "
                                       "The ontology itself is at /ontology?format=ttl.")
        page = "index.zh.html" if page_language(request) == "zh" and (folder / "index.zh.html").is_file() \
            else "index.html"
        return FileResponse(folder / page, media_type=content_type(HTML),
                            headers={"Vary": "Accept, Accept-Language, Cookie"})
    source = data_file("ontology", "untoc.ttl")
    if media_type == "text/turtle":
        return FileResponse(source, media_type=content_type(media_type), headers={"Vary": "Accept"})
    graph = Graph().parse(source, format="turtle")
    data = graph.serialize(format="nt" if media_type == "application/n-triples" else "json-ld")
    return respond(Answer(200, media_type, data.encode("utf-8")))


async def ontology_file(request: Request) -> Response:
    state = request.app.state.untoc
    name = request.path_params["name"]
    # Only the files `untoc-kg docs` writes, by plain name: nothing outside the folder.
    if "/" in name or name.startswith("."):
        return error(request, 404, "There is no such page of the ontology documentation; see /ontology/.")
    try:
        folder = await run_in_threadpool(state.docs.folder)
    except UntocError:
        folder = None
    if folder is None or not (folder / name).is_file():
        return error(request, 404, "There is no such page of the ontology documentation; see /ontology/.")
    return FileResponse(folder / name)


# -- /.well-known/void ------------------------------------------------------------------------

# The dataset description in the graph formats of untoc_kg/formats.py a browser or a crawler asks for.
VOID_FORMATS = {rdf_format(name).media_type: name for name in ("ttl", "jsonld")}
VOID_TYPES = [*VOID_FORMATS, HTML]


async def void(request: Request) -> Response:
    state = request.app.state.untoc
    base_url = str(request.base_url).rstrip("/")
    media_type = chosen(request, VOID_TYPES)
    if media_type is None:
        return error(request, 406, "The dataset description is offered as text/turtle, application/ld+json "
                                   "and text/html.")
    facts = await run_in_threadpool(state.dataset_facts)
    graph = description(facts, base_url)
    if media_type == HTML:
        lang = page_language(request)
        return render(request, "void.html", facts=facts, base_url=base_url,
                      title=_literal(graph, DCTERMS.title, lang), summary=_literal(graph, DCTERMS.description, lang),
                      rights=_literal(graph, DCTERMS.rights, lang),
                      dumps=[(fmt, DUMPS[fmt][1], dump_path(fmt)) for fmt in DUMPS],
                      turtle=serialize(graph, "ttl").decode("utf-8"))
    body = serialize(graph, VOID_FORMATS[media_type])
    return respond(Answer(200, media_type, body))


def _literal(graph: Graph, predicate, lang: str) -> tuple[str, str | None] | None:
    """(text, language) of the dataset's value of `predicate` in `lang`, else in any language."""
    values = sorted(graph.objects(DATASET, predicate), key=lambda v: (getattr(v, "language", None) != lang, str(v)))
    return (str(values[0]), getattr(values[0], "language", None)) if values else None


# -- /dumps -------------------------------------------------------------------------------------

def dump(request: Request) -> Response:
    state = request.app.state.untoc
    name = request.path_params["name"]
    fmt = name.removeprefix("untoc-kg.")
    if not name.startswith("untoc-kg.") or fmt not in EXPORT_FORMATS:
        return error(request, 404, f"There is no dump named {name!r}; the dumps are "
                                   f"{', '.join('untoc-kg.' + f for f in EXPORT_FORMATS)}.")
    try:
        path = state.dumps.find(fmt)
    except StoreError as failure:
        return error(request, 500, f"The dump {name} cannot be sent: {failure}")
    if path is None:
        why = ("this store is in memory, and its dumps are written when first asked for"
               if state.store.path is None
               else "this store has no dump files yet: it was loaded by a version that did not write them")
        return Response(f"The dump {name} is being written ({why}); ask again in {DUMP_RETRY_SECONDS} seconds.\n",
                        status_code=503, media_type=content_type("text/plain"),
                        headers={"Retry-After": str(DUMP_RETRY_SECONDS)})
    # Streamed from the file in chunks, never held whole; a Range request resumes a download.
    return FileResponse(path, media_type=content_type(DUMPS[fmt][1]), filename=name)
