"""What a query answers, before it is a response: the status, the body and what it says of itself.

An Answer is made in a worker process or a thread and sent back over a pipe, so it holds
plain data only; `respond` turns it into the HTTP response."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.responses import Response

from untoc_kg.queries import QueryResult
from untoc_kg.web.negotiation import content_type

PARTIAL_HEADER = "X-Untoc-Partial"


@dataclass
class Answer:
    status: int
    media_type: str = "text/plain"
    body: bytes = b""
    partial: str | None = None                 # "limit 1000" when the answer was cut
    result: QueryResult | None = None          # a stored query's rows, rendered by the route
    headers: dict[str, str] = field(default_factory=dict)
    more: bool = False                         # a page of a stored query with rows after it


def refusal(status: int, sentence: str, **headers: str) -> Answer:
    return Answer(status, "text/plain", (sentence + "\n").encode("utf-8"), headers=headers)


def respond(answer: Answer, negotiated: bool = True) -> Response:
    headers = dict(answer.headers)
    if answer.partial:
        headers[PARTIAL_HEADER] = answer.partial
    if negotiated:
        headers["Vary"] = "Accept"
    return Response(answer.body, status_code=answer.status, media_type=content_type(answer.media_type),
                    headers=headers)
