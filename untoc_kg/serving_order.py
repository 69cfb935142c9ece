"""Where a row stands in a listing: the order SPARQL's ORDER BY gives terms, reproduced in Python.

The serving layer stores the rank of every row of a listing (the stored query called with no
parameter) so that a page of it is read by rank instead of sorting the whole answer. The ranks
must be the positions the engine's own ORDER BY gives, or a page would not be a slice of the
listing. Oxigraph orders, for each sort key: an unbound value first, then blank nodes, IRIs
(by their text), then literals — numbers by value, every other literal by its lexical form
(code point by code point, which is also the order of ISO 8601 dates), with a tie on the
lexical form broken by the language tag. The stored queries a rank is kept for order by every
column they project, so that no two different rows tie (tests/test_paging.py compares every
page with the listing it is a slice of).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Callable, Sequence

import pyoxigraph as ox

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {_XSD + name for name in (
    "integer", "decimal", "float", "double", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}


def term_key(term) -> tuple:
    """A key that sorts terms as SPARQL ORDER BY does in Oxigraph (see the module's comment)."""
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    if term.datatype.value in _NUMERIC:
        try:
            return (3, 0, Decimal(term.value))
        except InvalidOperation:
            pass
    return (3, 1, term.value, term.language or "")


def in_order(rows: list, keys: Sequence[tuple[Callable, bool]]) -> list:
    """The rows sorted by the keys of an ORDER BY, most significant first: each key is
    (function giving the term of a row, descending). Sorted in place and returned."""
    if len({descending for _cell, descending in keys}) == 1:
        # One direction: one sort by the keys together gives the order of one stable sort per
        # key, least significant first (ties keep their order either way).
        cells = [cell for cell, _descending in keys]
        rows.sort(key=lambda row: tuple(term_key(cell(row)) for cell in cells), reverse=keys[0][1])
        return rows
    for cell, descending in reversed(keys):
        rows.sort(key=lambda row: term_key(cell(row)), reverse=descending)
    return rows
