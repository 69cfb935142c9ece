"""Errors as a page for people (a browser asks for text/html) or as a sentence for programs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from untoc_kg.web.negotiation import content_type, wants_html
from untoc_kg.web.rendering import render


def error(request: Request, status: int, sentence: str, **headers: str) -> Response:
    if wants_html(request):
        return render(request, "error.html", status=status, headers=headers, status_code=status, sentence=sentence)
    return Response(sentence + "\n", status_code=status, media_type=content_type("text/plain"), headers=headers)


NO_PAGE = "There is no page at {path}; the home page (/) lists what this server has."
WRONG_METHOD = "{path} does not answer a {method} request."


async def http_error(request: Request, exc) -> Response:
    """Starlette's own errors (no route, a method a route does not take) as the other errors are."""
    if exc.status_code == 404:
        return error(request, 404, NO_PAGE.format(path=request.url.path))
    if exc.status_code == 405:
        return error(request, 405, WRONG_METHOD.format(path=request.url.path, method=request.method),
                     **dict(getattr(exc, "headers", None) or {}))
    return error(request, exc.status_code, str(exc.detail))
