"""Which language a page is in: ?lang= first, then the cookie it set, then Accept-Language.

A page is in English or Chinese (LANGUAGES); English when nothing says otherwise. A request
with ?lang= sets the cookie, so that the choice holds on the pages after it."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request

from untoc_kg.web.negotiation import quality

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
COOKIE_SECONDS = 365 * 24 * 3600


def page_language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return accepted_language(request.headers.get("accept-language"))


def other_language(lang: str) -> str:
    return next(other for other in LANGUAGES if other != lang)


def accepted_language(header: str | None) -> str:
    """The language of LANGUAGES that an Accept-Language header (RFC 9110 §12.5.4) prefers:
    the highest quality among ranges whose primary tag is one of them (zh-CN, zh-Hans and
    zh count for zh), the first such range on a tie; "*" and no header give the default."""
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        primary = fields[0].lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        q = quality(fields[1:])
        if q > best_q:
            best, best_q = primary, q
    return best


class RememberLanguage:
    """Sets the `lang` cookie on the response to a request that chose a language with ?lang=."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        asked = request.query_params.get("lang")
        if asked not in LANGUAGES or request.cookies.get(COOKIE) == asked:
            await self.app(scope, receive, send)
            return

        async def remembering(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("Set-Cookie", f"{COOKIE}={asked}; Path=/; Max-Age={COOKIE_SECONDS}; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, remembering)
