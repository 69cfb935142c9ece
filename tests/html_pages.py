"""Reading the server's pages in tests: the HTML parsed by html5lib (as a browser parses it),
and the few questions the tests ask of it."""

from __future__ import annotations

import html5lib


def parse(body: bytes | str):
    return html5lib.parse(body, namespaceHTMLElements=False)


def by_id(page, element_id: str):
    return page.find(f".//*[@id='{element_id}']")


def text(element) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def options(select) -> dict[str, str]:
    """value → text of the options of a select (in its optgroups too)."""
    return {o.get("value"): text(o) for o in select.iter("option")}


def table_rows(table) -> list[list]:
    """The cells (td elements) of each body row."""
    body = table.find("tbody")
    return [row.findall("td") for row in body.findall("tr")]


def column(table, name: str) -> int:
    return [th.get("data-column") or text(th) for th in table.find("thead").iter("th")].index(name)


def links(element) -> list[str]:
    return [a.get("href") for a in element.iter("a")]
