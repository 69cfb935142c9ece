"""The records of the serving layer: its terms, how a record is named, and where a record is
written (untoc_kg/serving.py gives the sections a sink; tests collect a set)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

import pyoxigraph as ox

from untoc_kg.serving_order import in_order
from untoc_kg.vocab import ID, UNTOC

_U = str(UNTOC)
_XSD = "http://www.w3.org/2001/XMLSchema#"


class _Terms:
    """untoc:NAME as a NamedNode, made once."""

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        # Kept as an attribute: the next U.NAME is found without calling this (a million
        # times in a serving layer of a thousand reports).
        term = ox.NamedNode(_U + name)
        setattr(self, name, term)
        return term


U = _Terms()
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def record_iri(kind: str, *parts) -> ox.NamedNode:
    """id/serving/KIND/{hash}: a record named by what it is about, so that the same reports
    always give the same IRIs."""
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    return ox.NamedNode(f"{ID}serving/{kind}/{digest}")


def literal(value, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + datatype))
    return ox.Literal(str(value))


def integer(value: int) -> ox.Literal:
    return literal(value, "integer")


@dataclass
class ServingReport:
    triples: int = 0
    topic_speakers: int = 0
    listings: int = 0
    persons: int = 0
    acts: int = 0
    rows: dict[str, int] = field(default_factory=dict)   # listing → rows ranked
    added: int = 0       # triples written by this computation
    removed: int = 0     # triples of the previous serving layer no longer true


class Sink(Protocol):
    def add(self, subject, predicate, obj) -> None: ...


class Triples:
    """The serving graph collected whole: a set of N-Triples lines (each triple once)."""

    def __init__(self) -> None:
        self.lines: set[str] = set()

    def add(self, subject, predicate, obj) -> None:
        self.lines.add(f"{subject} {predicate} {obj} .")


def ranked(out: Sink, rows: dict, keys: list[tuple[Callable, bool]], rank_property: ox.NamedNode,
           pointers: Iterable[ox.NamedNode], kind: str,
           cells_of: Callable[[ox.NamedNode, tuple], None] | None = None) -> int:
    """Writes one row record per row of a listing (rows: cells → the records the row is read
    from), with its rank in the listing's ORDER BY (keys, see serving_order.in_order); returns
    how many rows. `cells_of(node, cells)`, when given, writes the row's own cells on its record
    (a call with a parameter then reads its rows in rank order, without a join or a sort by
    every column)."""
    ordered = in_order(list(rows), keys)
    pointers = list(pointers)
    for rank, cells in enumerate(ordered, 1):
        targets = rows[cells]
        node = record_iri(kind, *(target.value for target in targets))
        out.add(node, rank_property, integer(rank))
        for prop, target in zip(pointers, targets):
            out.add(node, prop, target)
        if cells_of is not None:
            cells_of(node, cells)
    return len(ordered)


def columns(count: int) -> list[tuple[Callable, bool]]:
    """The ORDER BY of a listing whose cells are ordered as they stand, ascending."""
    return [(lambda row, index=index: row[index], False) for index in range(count)]
