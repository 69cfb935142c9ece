"""The pictures: pages that draw the stored queries' answers, and the figures entity pages show.

Routes
    /pictures/                      the index of the pictures
    /pictures/participation         attendance: states × meetings, by status (?body=, ?who=all)
    /pictures/topic                 states-on-topic: states × meetings for a topic (?topic=, …)
    /pictures/timeline              topic-timeline: topics × meetings (?topic=)
    /pictures/co-sponsorship        co-sponsorship: the network of sponsors (?min_acts=)
    /pictures/endorsements          endorsement-chain: recommendations → resolutions (?body=)
    /static/vendor/plotly.min.js    plotly.js, from the installed plotly package

Each picture is drawn from the rows of its stored query, run by the server's query workers as
its table is (the same parameters, the same time and row limits), and links to that table and
to its CSV with the parameters in force. The labels of codes come from views/picture-labels.rq,
in the page's language. The figures themselves are built in figures.py.

For the entity pages: participation_strip(store, agent_iri, lang) (a state's meetings × what it
did there, from state-profile) and topic_heatmap(store, topic_iri, lang) (the states that spoke
on a topic × meetings, from states-on-topic), each a plotly figure dict for the `figure` macro of
templates/pictures/macros.html.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import plotly
import yaml
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from untoc_kg.choices import Problem, problems
from untoc_kg.errors import UntocError
from untoc_kg.queries import QueryResult, get_query, run_query
from untoc_kg.store import GraphStore
from untoc_kg.view_queries import select
from untoc_kg.vocab import GRAPH, TOPIC, UNTOC, meeting_iri
from untoc_kg.web import figures
from untoc_kg.web.figures import Labels
from untoc_kg.web.error_pages import error
from untoc_kg.web.forms import form_fields
from untoc_kg.web.iris import local_href
from untoc_kg.web.jobs import StoredJob
from untoc_kg.web.language import page_language
from untoc_kg.web.query_pages import page_parameters, problem_sentence
from untoc_kg.web.rendering import messages, render

HERE = Path(__file__).resolve().parent
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


@dataclass(frozen=True)
class Picture:
    name: str
    query: str

    @property
    def href(self) -> str:
        return f"/pictures/{self.name}"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Picture]:
    data = yaml.safe_load((HERE / "pictures.yaml").read_text(encoding="utf-8"))
    return {p["name"]: Picture(p["name"], p["query"]) for p in data["pictures"]}


# -- labels --------------------------------------------------------------------------------------

def labels(store: GraphStore, lang: str) -> Labels:
    """The labels of codes in `lang` (views/picture-labels.rq)."""
    found = select(store, "picture-labels", {"lang": lang})
    return Labels.from_records(lang, [{name: term.value for name, term in row.items()} for row in found])


def agent_code(store: GraphStore, agent_iri: str) -> str | None:
    codes = store.objects(agent_iri, str(UNTOC.servedCode), str(GRAPH["serving"]))
    return codes[0] if codes else None


def topic_key(topic_iri: str) -> str:
    return topic_iri[len(str(TOPIC)):] if topic_iri.startswith(str(TOPIC)) else topic_iri


# -- where a click on a cell leads ----------------------------------------------------------------

def statements_href(lang: str, topic: str):
    return lambda code: "/queries/statements?" + urlencode({"state": code, "topic": topic, "lang": lang})


def meeting_href(body: str, start: str) -> str:
    return local_href(str(meeting_iri(body, start)))


def topic_href(key: str) -> str:
    return local_href(str(TOPIC[key]))


def sponsor_href(code: str) -> str:
    return "/queries/co-sponsorship?" + urlencode({"state": code})


# -- the figures of the entity pages ----------------------------------------------------------------

def participation_strip(store: GraphStore, agent_iri: str, lang: str) -> dict:
    """A state's (or organization's) meetings × what it did there, from state-profile."""
    code = agent_code(store, agent_iri)
    if code is None:
        raise UntocError(f"{agent_iri} is not a state or organization the graph knows by a code.")
    result = run_query(store, "state-profile", {"state": code})
    return figures.strip(result, labels(store, lang), messages(lang), meeting_href)


def topic_heatmap(store: GraphStore, topic_iri: str, lang: str) -> dict:
    """The states that spoke on a topic (at one meeting or more) × the meetings, from states-on-topic."""
    result = run_query(store, "states-on-topic", {"topic": topic_iri, "min_meetings": "1", "lang": lang})
    return figures.topic_matrix(result, labels(store, lang), messages(lang),
                                statements_href(lang, topic_key(topic_iri)))


# -- the pages --------------------------------------------------------------------------------------

def _draw(picture: Picture, result: QueryResult, names: Labels, words, given: dict[str, str]) -> dict:
    """The figure of a picture from its query's rows; `given` holds the values in force."""
    lang = names.lang
    if picture.name == "participation":
        return figures.participation_heatmap(result, names, words, given.get("who", "states"))
    if picture.name == "topic":
        return figures.topic_matrix(result, names, words, statements_href(lang, topic_key(given["topic"])))
    if picture.name == "timeline":
        return figures.timeline(result, names, words, topic_href)
    if picture.name == "co-sponsorship":
        return figures.cosponsorship_network(result, names, words, sponsor_href)
    return figures.endorsement_sankey(result, names, words)


# Parameters of a picture that are not its query's: they choose how it is drawn.
DRAWING = {"participation": {"who": ("states", "all")}}


def _given(request: Request, query, picture: Picture) -> tuple[dict[str, str], dict[str, str]]:
    """(the stored query's values, the drawing's) from the request, as the query's own page
    takes them (query_pages.page_parameters: an empty field is no value, `lang` the page's)."""
    given, _ = page_parameters(request, query)
    drawing = {name: given.pop(name) for name in DRAWING.get(picture.name, {}) if name in given}
    return given, drawing


def _drawing_problems(picture: Picture, drawing: dict[str, str]) -> list[Problem]:
    return [Problem(name, "unknown-value", value) for name, value in drawing.items()
            if value not in DRAWING[picture.name][name]]


def _query_href(name: str, params: dict[str, str], **extra: str) -> str:
    pairs = [(k, v) for k, v in params.items() if k != "lang"] + list(extra.items())
    return f"/queries/{name}" + ("?" + urlencode(pairs) if pairs else "")


async def picture_page(request: Request) -> Response:
    picture = catalogue()[request.url.path.rsplit("/", 1)[-1]]
    state = request.app.state.untoc
    lang = page_language(request)
    t = messages(lang)
    query = get_query(picture.query)
    given, drawing = _given(request, query, picture)
    choices = await run_in_threadpool(state.choices)
    found = problems(query, given, choices) + _drawing_problems(picture, drawing)
    # The form is the query's own (forms.form_fields), less its language: the page's is in force.
    fields = [f for f in form_fields(query, given, choices, found, lang, t) if f.name != "lang"]
    context = dict(picture=picture, query=query, fields=fields, drawing=drawing, figure_json=None,
                   partial=None, caption="", choice_links=[],
                   problem_sentences=[problem_sentence(p, query, fields, t) for p in found],
                   table_href=_query_href(query.name, given), csv_href=_query_href(query.name, given, format="csv"))
    if found:
        context["choice_links"] = _choice_links(picture, given | drawing, fields, found, t)
        return render(request, "pictures/picture.html", status=400, **context)
    answer = await state.answers.answer(StoredJob(query.name, tuple(given.items()), state.limit))
    if answer.result is None:
        return error(request, answer.status, answer.body.decode("utf-8").strip())
    names = await run_in_threadpool(labels, state.store, lang)
    in_force = {**{p.name: p.default for p in query.params if p.default is not None}, **given, **drawing}
    if answer.result.rows:
        context["figure_json"] = await run_in_threadpool(_draw, picture, answer.result, names, t, in_force)
    context.update(partial=state.limit if answer.partial else None, caption=_caption(picture, fields, t))
    return render(request, "pictures/picture.html", **context)


def _choice_links(picture: Picture, given: dict[str, str], fields, found: list[Problem], t) -> list:
    """For each value that is wrong, what the parameter takes, each a link to the picture with it
    instead: [(the parameter's name, [(text, its language, href), …]), …]."""
    wrong = {p.param for p in found}
    kept = {k: v for k, v in given.items() if k != "lang"}
    offered = [(f.name, t[f"param_{f.name}"] if f"param_{f.name}" in t else f.name,
                [(o.text, o.lang, o.value) for o in f.options]) for f in fields if f.name in wrong and f.options]
    for name, values in DRAWING.get(picture.name, {}).items():
        if name in wrong:
            offered.append((name, t[f"pic_{name}"], [(t[f"pic_{name}_{v}"], None, v) for v in values]))
    return [(shown, [(text, lang, picture.href + "?" + urlencode({**kept, name: value}))
                     for text, lang, value in values])
            for name, shown, values in offered]


def _caption(picture: Picture, fields, t) -> str:
    """The picture's title and the values in force, by their labels (the topic's name, not its key)."""
    shown = []
    for f in fields:
        if f.value:
            text = next((o.text for o in f.options if o.value == f.value), f.value)
            name = t[f"param_{f.name}"] if f"param_{f.name}" in t else f.name
            shown.append(t["pic_caption_value"].format(name=name, value=text))
    title = t[f"pic_{picture.name}_title"]
    return t["pic_caption"].format(title=title, values=t["pic_caption_joiner"].join(shown)) if shown else title


def index(request: Request) -> Response:
    return render(request, "pictures/index.html", pictures=list(catalogue().values()))


def plotly_js(request: Request) -> Response:
    # plotly.js as the installed plotly package ships it: the site draws with no internet.
    return FileResponse(PLOTLY_JS, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=86400"})


routes = [
    Route("/pictures", lambda request: RedirectResponse("/pictures/", status_code=301)),
    Route("/pictures/", index),
    *(Route(picture.href, picture_page) for picture in catalogue().values()),
    Route("/static/vendor/plotly.min.js", plotly_js),
]
