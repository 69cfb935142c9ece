"""The bodies of the series and the issuers of cited acts, read from loaders/series.yaml.

What a body does differently (it adopts acts, numbers its meetings as sessions, prints no
list of documents) is an attribute read here; no reader or mapping tests a body's symbol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from untoc_kg.errors import DataFileError
from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.resources import data_file

NUMBERINGS = ("session", "meeting")


@dataclass(frozen=True)
class Body:
    symbol: str
    kind: str
    names: dict[str, tuple[str, ...]] = field(compare=False)   # language → names, the label first
    adopts_acts: bool = False
    numbers: str = "meeting"          # what its meetings' numbers count: "session" or "meeting"
    lists_documents: bool = True      # False: its documents are the symbols of its session's series

    @property
    def key(self) -> str:
        return self.symbol.replace("/", "-")

    def names_in(self, language: str) -> tuple[str, ...]:
        return self.names.get(language, ())

    def label(self, language: str) -> str | None:
        names = self.names_in(language)
        return names[0] if names else None

    @property
    def names_zh(self) -> tuple[str, ...]:
        return self.names_in("zh")

    @property
    def name_en(self) -> str:
        return self.label("en") or ""


@dataclass(frozen=True)
class Issuer:
    code: str
    names: dict[str, tuple[str, ...]] = field(compare=False)
    act_path: str = ""
    cited_when_unnamed: bool = False

    def names_in(self, language: str) -> tuple[str, ...]:
        return self.names.get(language, ())

    @property
    def names_zh(self) -> tuple[str, ...]:
        return self.names_in("zh")

    @property
    def name_en(self) -> str:
        names = self.names_in("en")
        return names[0] if names else ""


@dataclass(frozen=True)
class Series:
    bodies: tuple[Body, ...]
    issuers: tuple[Issuer, ...]
    secretariat: str                  # gazetteer code of the secretariat

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Series":
        return cls.from_file(data_file("loaders", "series.yaml"))

    @classmethod
    def from_file(cls, path: Path) -> "Series":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bodies = tuple(_body(path, entry) for entry in _list(path, data, "bodies"))
        issuers = tuple(_issuer(path, entry) for entry in _list(path, data, "issuers"))
        unnamed = [i.code for i in issuers if i.cited_when_unnamed]
        if len(unnamed) != 1:
            raise DataFileError(f"{path}: exactly one issuer is cited_when_unnamed (the issuer of an act cited "
                                f"without naming who issued it), not {len(unnamed)} ({', '.join(unnamed) or 'none'}).")
        secretariat = data.get("secretariat")
        if not isinstance(secretariat, str) or not secretariat:
            raise DataFileError(f"{path}: secretariat should give the gazetteer code of the secretariat (UNODC).")
        return cls(bodies, issuers, secretariat)

    def body(self, symbol: str) -> Body:
        for body in self.bodies:
            if body.symbol == symbol:
                return body
        raise KeyError(f"No body with the symbol {symbol!r} is listed in loaders/series.yaml.")

    def issuer(self, code: str) -> Issuer | None:
        return next((i for i in self.issuers if i.code == code), None)

    def bodies_named_in(self, text: str, language: str = "zh") -> list[Body]:
        """Bodies whose name in ``language`` occurs in ``text``, in order of first occurrence."""
        found: list[tuple[int, Body]] = []
        taken: list[tuple[int, int]] = []
        for name, body in self._names_longest_first(language):
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(start < e and s < end for s, e in taken):
                    taken.append((start, end))
                    if all(b is not body for _, b in found):
                        found.append((start, body))
                start = text.find(name, end)
        return [b for _, b in sorted(found, key=lambda sb: sb[0])]

    @lru_cache(maxsize=8)
    def _names_longest_first(self, language: str) -> tuple[tuple[str, Body], ...]:
        return tuple(sorted(((n, b) for b in self.bodies for n in b.names_in(language)), key=lambda nb: -len(nb[0])))

    def issuer_before(self, text: str, language: str = "zh") -> Issuer:
        """The issuer named closest before the end of ``text`` (the words before "第 N/M 号决议");
        the issuer cited_when_unnamed when none is named."""
        best: tuple[int, Issuer] | None = None
        for issuer in self.issuers:
            for name in issuer.names_in(language):
                position = text.rfind(name)
                if position >= 0 and (best is None or position + len(name) > best[0]):
                    best = (position + len(name), issuer)
        return best[1] if best else next(i for i in self.issuers if i.cited_when_unnamed)

    def adopter_of(self, symbols: list[str]) -> Body | None:
        """The first of these bodies that adopts acts, None if none does."""
        return next((b for b in (self.body(s) for s in symbols) if b.adopts_acts), None)


def _list(path: Path, data, key: str) -> list[dict]:
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise DataFileError(f"{path}: {key} should be a list of entries.")
    return entries


def _names(path: Path, entry: dict, what: str) -> dict[str, tuple[str, ...]]:
    names = entry.get("names")
    if not isinstance(names, dict) or not names or not all(
            isinstance(v, list) and v and all(isinstance(n, str) and n for n in v) for v in names.values()):
        raise DataFileError(f"{path}: the {what} gives its names as a map of language to a list of names "
                            "(names: {zh: […], en: […]}).")
    return {str(language): tuple(values) for language, values in names.items()}


def _body(path: Path, entry: dict) -> Body:
    symbol = entry.get("symbol")
    what = f"body {symbol!r}"
    numbers = entry.get("numbers", "meeting")
    if numbers not in NUMBERINGS:
        raise DataFileError(f"{path}: the {what} gives numbers as {numbers!r}; it is one of {', '.join(NUMBERINGS)}.")
    return Body(symbol, entry["kind"], _names(path, entry, what), _flag(path, entry, what, "adopts_acts", False),
                numbers, _flag(path, entry, what, "lists_documents", True))


def _issuer(path: Path, entry: dict) -> Issuer:
    code = entry.get("code")
    what = f"issuer {code!r}"
    return Issuer(code, _names(path, entry, what), entry.get("act_path", ""),
                  _flag(path, entry, what, "cited_when_unnamed", False))


def _flag(path, entry: dict, what: str, name: str, default: bool) -> bool:
    value = entry.get(name, default)
    if not isinstance(value, bool):
        raise DataFileError(f"{path}: the {what} gives {name} as {value!r}; it is true or false.")
    return value


KNOWLEDGE.holds("series", Series.load)
