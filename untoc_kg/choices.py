"""What a stored query's parameters may take, read from the store, and what is wrong with a
set of values: the ground of the web forms (untoc_kg/web/query_pages.py) and of their error
pages ("there is no topic “x”; the topics are …"), instead of an empty answer.

The checks say what is wrong as data (a Problem: which parameter, what kind of fault, the
value); each face words it in its own language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from untoc_kg.queries import PAGING_NAMES, Param, StoredQuery
from untoc_kg.view_queries import select
from untoc_kg.vocab import TOPIC

LANGUAGE_VALUES = ("en", "zh")          # the lang parameter of a stored query (labels in …)
YES_NO = ("no", "yes")                  # a switch such as include_panellists


@dataclass(frozen=True)
class Choice:
    value: str                                  # what the parameter takes: a topic key, a code, a symbol
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)   # language → label
    iri: str | None = None
    group: str | None = None                    # "state" or "organization"; a topic's broader topic key

    def label(self, lang: str) -> tuple[str, str | None]:
        """(text, its language): the label in `lang`, else in another language, else the value."""
        if self.labels.get(lang):
            return self.labels[lang], lang
        for other, text in sorted(self.labels.items()):
            if text:
                return text, other
        return self.value, None


@dataclass
class Choices:
    topics: list[Choice]
    agents: list[Choice]
    bodies: list[Choice]


def topic_key(iri: str) -> str:
    return iri[len(str(TOPIC)):] if iri.startswith(str(TOPIC)) else iri


def _labels(row: dict) -> dict[str, str]:
    return {lang: row[lang].value for lang in LANGUAGE_VALUES if lang in row}


def read_choices(store) -> Choices:
    """The topics, the states and organizations, and the bodies the store holds (three small
    queries; a served store does not change, so a server reads them once)."""
    topics = [Choice(topic_key(r["topic"].value), _labels(r), r["topic"].value,
                     topic_key(r["broader"].value) if "broader" in r else None)
              for r in select(store, "choices-topics")]
    agents = [Choice(r["code"].value, _labels(r), r["agent"].value,
                     "state" if r.get("is_state") is not None and r["is_state"].value == "true" else "organization")
              for r in select(store, "choices-agents")]
    bodies = [Choice(r["symbol"].value, _labels(r), r["body"].value) for r in select(store, "choices-bodies")]
    return Choices(topics, agents, bodies)


# -- which parameter takes which choices ------------------------------------------------------

def choice_kind(param: Param) -> str | None:
    """"topic", "agent", "body", "language", "yes-no", or None for a value typed freely."""
    if param.kind == "topic":
        return "topic"
    if param.kind == "state":
        return "agent"
    if param.kind == "body" or param.name == "body":
        return "body"
    if param.name == "lang":
        return "language"
    if param.default in YES_NO:
        return "yes-no"
    return None


def options(param: Param, choices: Choices) -> list[Choice] | None:
    kind = choice_kind(param)
    if kind == "topic":
        return choices.topics
    if kind == "agent":
        return choices.agents
    if kind == "body":
        return choices.bodies
    if kind == "language":
        return [Choice(v) for v in LANGUAGE_VALUES]
    if kind == "yes-no":
        return [Choice(v) for v in YES_NO]
    return None


def normalized(param: Param, value: str) -> str:
    """The value as the choices spell it: a topic's key for its IRI, a code in capitals."""
    kind = choice_kind(param)
    if kind == "topic":
        return topic_key(value.strip())
    if kind == "agent":
        return value.strip().upper()
    return value.strip()


# -- what is wrong with a set of values ------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    param: str
    fault: str            # "unknown-parameter" | "missing" | "not-a-number" | "not-an-iri" | "unknown-value"
    value: str | None = None


_WHOLE_NUMBER = re.compile(r"\s*-?\d{1,18}\s*")
_NON_NEGATIVE = re.compile(r"\s*\d{1,18}\s*")


def problems(query: StoredQuery, given: dict[str, str], choices: Choices) -> list[Problem]:
    """Every fault of `given` as values of the query's parameters (and of limit and offset), in
    the order of the query's parameters; an empty list when the query can run with them."""
    known = {p.name: p for p in query.params}
    found = [Problem(name, "unknown-parameter", value) for name, value in given.items()
             if name not in known and name not in PAGING_NAMES]
    for name in PAGING_NAMES:
        if name in given and not _NON_NEGATIVE.fullmatch(given[name]):
            found.append(Problem(name, "not-a-number", given[name]))
    for param in query.params:
        value = given.get(param.name)
        if value is None or value == "":
            if param.required:
                found.append(Problem(param.name, "missing"))
            continue
        if param.kind == "integer" and not _WHOLE_NUMBER.fullmatch(value):
            found.append(Problem(param.name, "not-a-number", value))
        elif param.kind == "iri" and not value.startswith(("http://", "https://")):
            found.append(Problem(param.name, "not-an-iri", value))
        else:
            allowed = options(param, choices)
            if allowed is not None and normalized(param, value) not in {c.value for c in allowed}:
                found.append(Problem(param.name, "unknown-value", value))
    return found
