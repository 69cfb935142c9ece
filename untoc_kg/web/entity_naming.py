"""How the pages name things in the reader's language: labels with the other language as a
fallback (marked with its own `lang`), dates as the locale writes them (Babel), meetings by their
body and dates, and a statement by who spoke on which item where and when.

Every function returns text or markup; the templates put it where it goes.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date
from markupsafe import Markup, escape

from untoc_kg.web.entity_labels import Labels, Name
from untoc_kg.web.iris import local_href, tail

# The locale a language's dates are written in: "3 June 2024", "2024年6月3日".
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}
_SERIES_PREFIX = re.compile(r"^CTOC/(?:COP/)?")


def body_short(symbol: str) -> str:
    """A body as the reports abbreviate it: CTOC/COP/WG.2 → WG.2, CTOC/COP → COP."""
    if symbol == "CTOC/COP":
        return "COP"
    return _SERIES_PREFIX.sub("", symbol) or symbol


def natural_key(text: str) -> tuple:
    """Printed numbers in their order: 1, 1(a), 1(b), 2, 10 (not 1, 10, 2)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", text or ""))


class Namer:
    """Names for one page: `lang` is the page's language."""

    def __init__(self, labels: Labels, lang: str):
        self.labels = labels
        self.lang = lang
        self.other = "zh" if lang == "en" else "en"

    # -- text in a language, marked when it is not the page's ----------------------------
    def marked(self, text: str | None, language: str | None) -> Markup:
        """The text, in a span with its own lang when it is in the other language."""
        if text is None:
            return Markup("")
        if language and language != self.lang:
            return Markup('<span lang="{}">{}</span>').format(language, text)
        return escape(text)

    def marked_names(self, text: str, names: list[str]) -> Markup:
        """The text with each place a name stands in marked (<mark>), longest names first."""
        wanted = [name for name in sorted(set(names), key=len, reverse=True) if name]
        if not wanted:
            return escape(text)
        pattern = re.compile("|".join(re.escape(name) for name in wanted))
        out, last = Markup(""), 0
        for match in pattern.finditer(text):
            out += escape(text[last:match.start()]) + Markup("<mark>{}</mark>").format(match.group(0))
            last = match.end()
        return out + escape(text[last:])

    def literal(self, term) -> Markup:
        """A literal of the graph (a title @zh, a venue) marked with its language; a plain
        string that is written in Chinese counts as Chinese."""
        if term is None:
            return Markup("")
        language = getattr(term, "language", None) or _script_language(term.value)
        return self.marked(term.value, language)

    def pick(self, name: Name | dict | None) -> tuple[str, str | None] | None:
        if isinstance(name, dict):
            name = Name(name.get("en"), name.get("zh"), name.get("code"))
        return name.pick(self.lang) if name else None

    # -- names of nodes --------------------------------------------------------------------
    def text(self, iri: str) -> tuple[str, str | None]:
        """(text, language) of a node: its label, a meeting by body and dates, else its path."""
        if iri in self.labels.meetings:
            return self.meeting_text(iri), None
        if iri in self.labels.reports:
            return self.report_text(iri), None
        found = self.pick(self.labels.name(iri))
        return found if found else (tail(iri), None)

    def label(self, node) -> Markup:
        """A node (IRI string, RDF term, Name or {en, zh, code}) named in the page's language."""
        if isinstance(node, (Name, dict)):
            found = self.pick(node)
            return self.marked(*found) if found else Markup("")
        iri = getattr(node, "value", node)
        return self.marked(*self.text(iri))

    def link(self, node, text=None) -> Markup:
        """A link to a node's page, named by its label (or by `text`), the IRI as its title."""
        iri = getattr(node, "value", node)
        shown = self.label(iri) if text is None else (text if isinstance(text, Markup) else escape(text))
        return Markup('<a href="{}" title="{}">{}</a>').format(local_href(iri), iri, shown)

    def sorted(self, nodes) -> list:
        """Nodes in the order of their names in the page's language."""
        return sorted(nodes, key=lambda node: self.text(getattr(node, "value", node))[0].casefold())

    # -- dates and meetings ------------------------------------------------------------------
    def date(self, value) -> str:
        if value is None:
            return ""
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(getattr(value, "value", value)[:10])
        return format_date(day, format="long", locale=LOCALES[self.lang])

    def dates(self, start: dt.date, end: dt.date | None) -> str:
        if end is None or end == start:
            return self.date(start)
        return f"{self.date(start)} – {self.date(end)}" if self.lang == "en" else f"{self.date(start)}至{self.date(end)}"

    def body_short(self, body_iri: str) -> str:
        return body_short(self.labels.code(body_iri) or tail(body_iri))

    def meeting_text(self, meeting_iri: str) -> str:
        """A meeting by its body's abbreviation and its first day: "WG.2, 3 June 2024"."""
        facts = self.labels.meetings.get(meeting_iri)
        if facts is None:
            return tail(meeting_iri)
        separator = ", " if self.lang == "en" else "，"
        return f"{self.body_short(facts.body)}{separator}{self.date(facts.start)}"

    def report_text(self, report_iri: str) -> str:
        """A report by its symbol, else by its meeting: "CTOC/COP/WG.2/2024/5 (zh)"."""
        meeting, language, symbol = self.labels.reports.get(report_iri, (None, None, None))
        name = symbol or (("Report of " if self.lang == "en" else "报告：") + self.meeting_text(meeting)
                          if meeting else tail(report_iri))
        return f"{name} ({language})" if language else name

    def meeting_title(self, meeting_iri: str) -> Markup:
        """A meeting in full: its body's name and its dates."""
        facts = self.labels.meetings.get(meeting_iri)
        if facts is None:
            return escape(tail(meeting_iri))
        separator = ", " if self.lang == "en" else "，"
        return self.label(facts.body) + Markup(escape(separator + self.dates(facts.start, facts.end)))

    # -- a statement ---------------------------------------------------------------------------
    def statement_title(self, speaker: str, items: list[tuple[str, str]]) -> Markup:
        """Who spoke on which item where and when: "Argentina on item 2, WG.2, 3 June 2024"
        (items are (item number, meeting IRI); a joint item names both working groups)."""
        who = self.label(speaker)
        places = []
        for number, meeting in items:
            facts = self.labels.meetings.get(meeting)
            body = self.body_short(facts.body) if facts else tail(meeting)
            places.append((number, body, facts.start if facts else None))
        day = next((start for _n, _b, start in places if start), None)
        if self.lang == "en":
            where = " and ".join(f"item {number}, {body}" for number, body, _s in places)
            return who + Markup(escape(f" on {where}" + (f", {self.date(day)}" if day else "")))
        where = "、".join(f"{body} 议程项目 {number}" for number, body, _s in places)
        return who + Markup(escape(f"在 {where} 下的发言" + (f"（{self.date(day)}）" if day else "")))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _script_language(text: str) -> str | None:
    if _HAN.search(text or ""):
        return "zh"
    return None
