"""The form of a stored query, made from its header: one field per parameter, a menu where the
parameter takes one of the store's topics, states, bodies (untoc_kg.choices), a number field
for a whole number, a text field otherwise; each with the value in force and what is wrong
with it."""

from __future__ import annotations

from dataclasses import dataclass, field

from untoc_kg.choices import Choice, Choices, Problem, choice_kind, normalized, options
from untoc_kg.queries import Param, StoredQuery


@dataclass
class Option:
    value: str
    text: str
    lang: str | None = None
    group: str | None = None


@dataclass
class Field:
    name: str
    control: str                      # "select" | "number" | "text" | "url"
    description: str
    value: str                        # the value in force ("" for none)
    default: str | None
    required: bool
    choice_kind: str | None = None
    options: list[Option] = field(default_factory=list)
    problem: Problem | None = None

    @property
    def is_default(self) -> bool:
        return self.default is not None and self.value == self.default


def _option(param: Param, choice: Choice, kind: str | None, lang: str, t) -> Option:
    if kind in ("language", "yes-no"):
        return Option(choice.value, t[f"value_{choice.value}"])
    text, text_lang = choice.label(lang)
    if kind == "agent" and text != choice.value:
        text = f"{text} ({choice.value})"
    return Option(choice.value, text, text_lang, choice.group if kind == "agent" else None)


def form_fields(query: StoredQuery, given: dict[str, str], choices: Choices, problems: list[Problem],
                lang: str, t) -> list[Field]:
    by_param = {p.param: p for p in problems}
    fields = []
    for param in query.params:
        kind = choice_kind(param)
        allowed = options(param, choices)
        raw = given.get(param.name)
        value = raw if raw not in (None, "") else (param.default or "")
        if allowed is not None and value and param.name not in by_param:
            value = normalized(param, value)
        control = "select" if allowed is not None else {"integer": "number", "iri": "url"}.get(param.kind, "text")
        opts = [_option(param, c, kind, lang, t) for c in allowed or []]
        if kind in ("topic", "agent", "body"):
            opts.sort(key=lambda o: (o.group != "state" if kind == "agent" else False, o.text.casefold()))
        fields.append(Field(param.name, control, param.description, value, param.default, param.required,
                            kind, opts, by_param.get(param.name)))
    return fields
