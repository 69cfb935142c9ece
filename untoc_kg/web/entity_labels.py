"""The names of the nodes the pages mention most: agents, meetings, topics, roles, statuses,
offices and bodies, read once per store (views/labels-*.rq) and looked up by IRI.

A page names hundreds of states, meetings and topics; reading their labels again for each page
would cost more than the page itself. The store is read-only while it is served, so the names
are read on first use and kept for as long as the store object lives.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from untoc_kg.view_queries import select

UNTOC = "https://w3id.org/untoc-kg/ontology#"

# The kind of page an agent's most specific class calls for.
KIND_OF_CLASS = {
    UNTOC + "State": "state",
    UNTOC + "Person": "person",
    UNTOC + "Organization": "organization",
    UNTOC + "IntergovernmentalOrganization": "organization",
    UNTOC + "RegionalEconomicIntegrationOrganization": "organization",
    UNTOC + "UNEntity": "organization",
    UNTOC + "NonGovernmentalOrganization": "organization",
    UNTOC + "GroupOfStates": "organization",
    UNTOC + "Body": "body",
    UNTOC + "ConferenceOfTheParties": "body",
    UNTOC + "WorkingGroup": "body",
}


@dataclass(frozen=True)
class Name:
    """What a node is called: in English, in Chinese, and by its key or code (USA, party,
    CTOC/COP/WG.2), any of which may be missing."""
    en: str | None = None
    zh: str | None = None
    code: str | None = None

    def pick(self, lang: str) -> tuple[str, str | None] | None:
        """(text, its language) in `lang`, else in the other language, else the code (no
        language); None when the node has no name at all."""
        other = "zh" if lang == "en" else "en"
        for code in (lang, other):
            text = getattr(self, code)
            if text:
                return text, code
        return (self.code, None) if self.code else None


@dataclass(frozen=True)
class MeetingFacts:
    body: str
    start: dt.date
    end: dt.date | None


class Labels:
    """The names of one store's agents, meetings and small vocabularies."""

    def __init__(self, store):
        self.names: dict[str, Name] = {}
        self.kinds: dict[str, str] = {}            # node → state, organization, person, body, topic …
        self.meetings: dict[str, MeetingFacts] = {}
        for row in select(store, "labels-vocabulary"):
            node = row["node"].value
            self.names[node] = Name(_text(row.get("en")), _text(row.get("zh")), _text(row.get("key")))
            self.kinds[node] = _vocabulary_kind(row["kind"].value)
        for row in select(store, "labels-agents"):
            node = row["node"].value
            if node not in self.names or self.kinds.get(node) != "body":
                # A person has one name as printed, in no language of its own.
                name = _text(row.get("name"))
                self.names[node] = Name(_text(row.get("en")) or name, _text(row.get("zh")) or name,
                                        _text(row.get("code")))
            kind = KIND_OF_CLASS.get(row["type"].value) if "type" in row else None
            if kind and self.kinds.get(node) in (None, "organization"):
                self.kinds[node] = kind
        series = act_series()
        for row in select(store, "labels-acts"):
            node, number = row["act"].value, row["number"].value
            decision = row["type"].value.endswith("Decision")
            issuer = series.get(act_series_key(node), {})
            en = f"{issuer['en']} " if issuer.get("en") else ""
            self.names[node] = Name(f"{en}{'decision' if decision else 'resolution'} {number}",
                                    f"{issuer.get('zh', '')}第 {number} 号{'决定' if decision else '决议'}", number)
            self.kinds[node] = "act"
        for row in select(store, "labels-meetings"):
            node = row["meeting"].value
            if node not in self.meetings:
                end = row.get("end")
                self.meetings[node] = MeetingFacts(row["body"].value, dt.date.fromisoformat(row["start"].value),
                                                   dt.date.fromisoformat(end.value) if end is not None else None)

        self.reports: dict[str, tuple[str | None, str | None, str | None]] = {}   # report → (meeting, language, symbol)
        for row in select(store, "labels-reports"):
            self.reports[row["report"].value] = (_text(row.get("meeting")), _text(row.get("language")),
                                                 _text(row.get("symbol")))
            self.kinds[row["report"].value] = "report"

    def name(self, iri: str) -> Name | None:
        return self.names.get(iri)

    def kind(self, iri: str) -> str | None:
        return self.kinds.get(iri)

    def code(self, iri: str) -> str | None:
        name = self.names.get(iri)
        return name.code if name else None

    def bodies(self) -> list[str]:
        return sorted((iri for iri, kind in self.kinds.items() if kind == "body"),
                      key=lambda iri: self.code(iri) or iri)

    def topics(self) -> list[str]:
        return sorted((iri for iri, kind in self.kinds.items() if kind == "topic"),
                      key=lambda iri: self.code(iri) or iri)

    def statuses(self) -> list[str]:
        return sorted(iri for iri, kind in self.kinds.items() if kind == "status")

    def body_of_symbol(self, symbol: str) -> str | None:
        return next((iri for iri in self.bodies() if self.code(iri) == symbol), None)


@lru_cache(maxsize=1)
def act_series() -> dict[str, dict[str, str]]:
    """The series of acts (CTOC-COP, A-RES …) with their issuers' names (act_series.yaml)."""
    return yaml.safe_load((Path(__file__).resolve().parent / "act_series.yaml").read_text(encoding="utf-8"))


def act_series_key(act_iri: str) -> str:
    """The series of an act's IRI: …/id/resolution/CTOC-COP/12-4 → CTOC-COP."""
    parts = act_iri.split("/id/", 1)[-1].split("/")
    return parts[1] if len(parts) > 2 else ""


def _text(term) -> str | None:
    return term.value if term is not None else None


def _vocabulary_kind(class_iri: str) -> str:
    local = class_iri[len(UNTOC):]
    return {"Topic": "topic", "SpeakerRole": "role", "ParticipationStatus": "status",
            "Office": "office"}.get(local, "body")


_CACHE: "weakref.WeakKeyDictionary[object, Labels]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def labels(store) -> Labels:
    """The names of this store, read on first use (the store is read-only while served)."""
    with _LOCK:
        found = _CACHE.get(store)
        if found is None:
            found = _CACHE[store] = Labels(store)
        return found
