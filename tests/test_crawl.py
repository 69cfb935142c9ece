"""Every link a reader can follow from the home page, two clicks deep, answers 200: a crawl of a
real `untoc-kg serve` over the five samples, as a browser asks (Accept: text/html)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from tests.browser import served  # noqa: F401 — the fixture

DEPTH = 2
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def fetch(url: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": BROWSER_ACCEPT, "Accept-Language": "en"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as failure:
        return failure.code, failure.headers.get("Content-Type", ""), failure.read()


def links_of(base: str, page_url: str, body: bytes) -> list[str]:
    """The links of a page that stay on this server, without their fragments."""
    parser = Links()
    parser.feed(body.decode("utf-8", "replace"))
    found = []
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(page_url, href))
        if urlsplit(url).netloc == urlsplit(base).netloc and urlsplit(url).scheme in ("http", "https"):
            found.append(url)
    return found


def test_every_link_two_clicks_from_home_answers_200(served):
    # Level by level, a few pages at a time (the server answers several requests at once).
    seen = {served.url + "/"}
    level, came_from, failures = [served.url + "/"], {}, []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for depth in range(DEPTH + 1):
            following = []
            for url, (status, kind, body) in zip(level, pool.map(fetch, level)):
                if status != 200:
                    failures.append(f"{status} {url[len(served.url):]} (linked from {came_from.get(url, '-')})")
                    continue
                if depth == DEPTH or not kind.startswith("text/html"):
                    continue
                for link in links_of(served.url, url, body):
                    if link not in seen:
                        seen.add(link)
                        came_from[link] = url[len(served.url):]
                        following.append(link)
            level = following
    assert len(seen) > 100, f"the crawl found only {len(seen)} pages"
    assert not failures, f"{len(failures)} of {len(seen)} links do not answer 200:\n" + "\n".join(sorted(failures))
