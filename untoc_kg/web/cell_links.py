"""Links in the tables of stored queries: each cell that names a resource (a state's code, a
body's symbol, a topic's key, an act's number…) becomes a link to the resource's page, named
by its label in the page's language. cell_links.yaml says which column names what.

The index is read from the store once per server (a served store does not change): a few
small queries of views/, and the form choices (untoc_kg.choices)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from untoc_kg.choices import Choices
from untoc_kg.view_queries import select
from untoc_kg.vocab import PARTICIPATION_STATUSES, SPEAKER_ROLES, act_iri, child_iri
from untoc_kg.web.iris import local_href

RULES_FILE = Path(__file__).resolve().parent / "cell_links.yaml"
UNTOC_NS = "https://w3id.org/untoc-kg/ontology#"


@lru_cache(maxsize=1)
def column_rules() -> dict[str, dict]:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Part:
    """One value of a cell as the page shows it: its text, the link (None for plain text), the
    value as the query gave it when the text is a label (a tooltip), the text's language."""
    text: str
    href: str | None = None
    title: str | None = None
    lang: str | None = None


def _labels(row: dict) -> dict[str, str]:
    return {lang: row[lang].value for lang in ("en", "zh") if lang in row}


def _label(labels: dict[str, str], lang: str) -> tuple[str, str] | None:
    if labels.get(lang):
        return labels[lang], lang
    for other, text in sorted(labels.items()):
        if text:
            return text, other
    return None


class LinkIndex:
    def __init__(self, store, choices: Choices):
        self.agents = {c.value: (c.iri, c.labels) for c in choices.agents}
        self.bodies = {c.value: (c.iri, c.labels) for c in choices.bodies}
        self.topics = {c.value: (c.iri, c.labels) for c in choices.topics}
        self.meetings = {(r["body"].value, r["start"].value): r["meeting"].value
                         for r in select(store, "labels-meetings")}
        vocabulary = {r["node"].value: _labels(r) for r in select(store, "labels-vocabulary")}
        self.roles = {key: (str(iri), vocabulary.get(str(iri), {})) for key, iri in SPEAKER_ROLES.items()}
        self.statuses = {key: (str(iri), vocabulary.get(str(iri), {})) for key, iri in PARTICIPATION_STATUSES.items()}
        self.acts = {r["act"].value: r["title"].value if "title" in r else None for r in select(store, "links-acts")}
        self.persons = {r["name"].value: r["person"].value for r in select(store, "links-persons")}
        self.recommendations = {(r["meeting"].value, r["label"].value): r["recommendation"].value
                                for r in select(store, "links-recommendations")}

    # -- one cell ----------------------------------------------------------------------
    def parts(self, column: str, value: str | None, row: dict[str, str | None], multi: bool,
              lang: str) -> list[Part]:
        if value is None or value == "":
            return []
        values = value.split(";") if multi else [value]
        rule = column_rules().get(column)
        return [self._part(rule, v, row, lang) if rule else Part(v) for v in values]

    def _part(self, rule: dict, value: str, row: dict, lang: str) -> Part:
        kind = rule["kind"]
        if kind in ("agent", "topic", "role", "status"):
            table = {"agent": self.agents, "topic": self.topics, "role": self.roles, "status": self.statuses}[kind]
            return self._named(table.get(value), value, lang)
        if kind == "body":
            found = self.bodies.get(value)
            if found is None:
                return Part(value)
            label = _label(found[1], lang)
            return Part(value, local_href(found[0]), label[0] if label else None)
        if kind == "meeting":
            meeting = self._meeting(row)
            return Part(value, local_href(meeting)) if meeting and row.get("meeting_start") == value else Part(value)
        if kind == "item":
            meeting = self._meeting(row)
            return Part(value, local_href(str(child_iri(meeting, "item", value)))) if meeting else Part(value)
        if kind == "recommendation":
            meeting = self._meeting(row)
            found = self.recommendations.get((meeting, value)) if meeting else None
            return Part(value, local_href(found)) if found else Part(value)
        if kind == "person":
            found = self.persons.get(value)
            return Part(value, local_href(found)) if found else Part(value)
        if kind == "act":
            act_kind = rule.get("act_kind") or (row.get(rule.get("act_kind_column", "")) or "")
            issuer = rule.get("issuer") or (row.get(rule.get("issuer_column", "")) or "")
            iri = str(act_iri(act_kind, issuer, value)) if act_kind and issuer else None
            if iri not in self.acts:
                return Part(value)
            return Part(value, local_href(iri), self.acts[iri])
        return Part(value)

    def _named(self, found, value: str, lang: str) -> Part:
        if found is None:
            return Part(value)
        iri, labels = found
        label = _label(labels, lang)
        if label is None:
            return Part(value, local_href(iri))
        return Part(label[0], local_href(iri), value, label[1])

    def _meeting(self, row: dict) -> str | None:
        body = self.bodies.get(row.get("body") or "")
        start = row.get("meeting_start")
        return self.meetings.get((body[0], start)) if body and start else None
