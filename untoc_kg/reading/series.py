"""The bodies of the series and the issuers of cited acts, read from loaders/series.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from untoc_kg.errors import DataFileError
from untoc_kg.resources import data_file


@dataclass(frozen=True)
class Body:
    symbol: str
    kind: str
    name_en: str
    names_zh: tuple[str, ...]
    adopts_acts: bool = False

    @property
    def key(self) -> str:
        return self.symbol.replace("/", "-")


@dataclass(frozen=True)
class Issuer:
    code: str
    name_en: str
    names_zh: tuple[str, ...]
    act_path: str


@dataclass(frozen=True)
class Series:
    bodies: tuple[Body, ...]
    issuers: tuple[Issuer, ...]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Series":
        path = data_file("loaders", "series.yaml")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bodies = tuple(Body(b["symbol"], b["kind"], b["name_en"], tuple(b["names_zh"]), _flag(path, b, "adopts_acts"))
                       for b in data["bodies"])
        issuers = tuple(Issuer(i["code"], i["name_en"], tuple(i["names_zh"]), i["act_path"]) for i in data["issuers"])
        return cls(bodies, issuers)

    def body(self, symbol: str) -> Body:
        for body in self.bodies:
            if body.symbol == symbol:
                return body
        raise KeyError(f"No body with the symbol {symbol!r} is listed in loaders/series.yaml.")

    def bodies_named_in(self, text: str) -> list[Body]:
        """Bodies whose Chinese name occurs in ``text``, in order of first occurrence."""
        found: list[tuple[int, Body]] = []
        taken: list[tuple[int, int]] = []
        names = sorted(((n, b) for b in self.bodies for n in b.names_zh), key=lambda nb: -len(nb[0]))
        for name, body in names:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(start < e and s < end for s, e in taken):
                    taken.append((start, end))
                    if all(b is not body for _, b in found):
                        found.append((start, body))
                start = text.find(name, end)
        return [b for _, b in sorted(found, key=lambda sb: sb[0])]

    def issuer_before(self, text: str) -> Issuer:
        """The issuer named closest before the end of ``text`` (the words before "第 N/M 号决议")."""
        best: tuple[int, Issuer] | None = None
        for issuer in self.issuers:
            for name in issuer.names_zh:
                position = text.rfind(name)
                if position >= 0 and (best is None or position + len(name) > best[0]):
                    best = (position + len(name), issuer)
        return best[1] if best else self.issuers[0]


def _flag(path, entry: dict, name: str) -> bool:
    value = entry.get(name, False)
    if not isinstance(value, bool):
        raise DataFileError(f"{path}: the body {entry.get('symbol')!r} gives {name} as {value!r}; "
                         "it is true or false.")
    return value
