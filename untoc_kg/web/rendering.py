"""Pages from templates: the Jinja2 environment, and `render`, which gives every template what
the frame of a page needs (base.html): the page's language, the other language, the UI
messages in the page's language (`t`), the link that switches language, the search box's text.

UI messages live in messages*.yaml beside this module (one file per part of the site, each
with an `en:` and a `zh:` mapping); a message missing in one language falls back to the other.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from untoc_kg.web.iris import local_href, short, tail
from untoc_kg.web.language import LANGUAGES, page_language, other_language
from untoc_kg.web.negotiation import content_type

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"


class Messages(dict):
    """The UI messages of one language; a key it lacks gives the other language's text, and a
    key neither has gives itself (tests/test_web_language.py checks that none is missing)."""

    def __init__(self, own: dict, fallback: dict):
        super().__init__(own)
        self.fallback = fallback

    def __missing__(self, key: str) -> str:
        return self.fallback.get(key, key)

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.fallback


@lru_cache(maxsize=1)
def all_messages() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for path in sorted(HERE.glob("messages*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for lang in LANGUAGES:
            merged[lang].update(data.get(lang) or {})
    return merged


def messages(lang: str) -> Messages:
    found = all_messages()
    return Messages(found[lang], found[other_language(lang)])


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")


def text_language(text: str | None) -> str | None:
    """The language a text from the graph is written in, as far as its script tells: Chinese
    when it holds Han characters, English when it holds Latin letters only, None for codes
    made of digits and signs. (A stored query gives its cells as plain strings; the graph
    holds text in these two languages only.)"""
    if not text:
        return None
    if _HAN.search(text):
        return "zh"
    return "en" if _LATIN.search(text) else None


@pass_context
def lang_attr(context, text: str | None, language: str | None = None) -> Markup:
    """` lang="zh"` on text in the other language than the page's, else nothing."""
    found = language or text_language(text)
    if found and found != context["lang"]:
        return Markup(f' lang="{found}"')
    return Markup("")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(local_href=local_href, short=short, tail=tail, lang_attr=lang_attr,
                       text_language=text_language)
    env.filters["urlencode_pairs"] = lambda pairs: urlencode(list(pairs))
    return env


environment = _environment()


def switch_href(request: Request, lang: str) -> str:
    """This page's address in another language: the same path and parameters, lang replaced."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + "?" + urlencode([*kept, ("lang", lang)])


def page_context(request: Request) -> dict:
    lang = page_language(request)
    return {"request": request, "lang": lang, "other_lang": other_language(lang), "t": messages(lang),
            "switch_href": lambda other: switch_href(request, other),
            "search_q": request.query_params.get("q", "") if request.url.path == "/search" else ""}


def render(request: Request, template: str, *, status: int = 200, headers: dict | None = None,
           **context) -> HTMLResponse:
    """The page `template` with `context`, in the request's language."""
    body = environment.get_template(template).render(**page_context(request), **context)
    # A page depends on the language the request chose as well as on the media type.
    vary = {"Vary": "Accept, Accept-Language, Cookie"}
    return HTMLResponse(body, status_code=status, headers={**vary, **(headers or {})},
                        media_type=content_type("text/html"))
