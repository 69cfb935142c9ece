"""The search box: states, organizations, bodies, persons, meetings, topics, acts,
recommendations and documents found by a name in English or Chinese, a code or a symbol.

The names come from views/search-names.rq, read once per store (the store is read-only while
served) and searched in memory: at a thousand reports they are 32,000 texts, read in 3.5 s
once, after which a search takes milliseconds (a SPARQL CONTAINS over the same texts took
0.7–4 s a search). A match of the whole text ranks first, then a match at its start, then one
within it; results come grouped by kind.
"""

from __future__ import annotations

import threading
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import dataclass

from untoc_kg.view_queries import select

KINDS = ("state", "organization", "body", "person", "meeting", "topic", "act", "recommendation", "document")
SHOWN_PER_KIND = 25
QUERY_CHARS = 200


@dataclass(frozen=True)
class Hit:
    node: str
    kind: str
    text: str          # the name, code or symbol it was found by
    rank: int          # 0 the whole text, 1 its start, 2 within it


@dataclass
class Group:
    kind: str
    hits: list[Hit]
    total: int


def fold(text: str) -> str:
    """Case and width aside (ＵＳＡ, usa and USA are one)."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


class SearchIndex:
    def __init__(self, store):
        entries: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in select(store, "search-names"):
            entries[(row["node"].value, row["kind"].value)].add(row["text"].value)
        self.entries = [(node, kind, text, fold(text)) for (node, kind), texts in entries.items() for text in sorted(texts)]

    def search(self, q: str) -> list[Group]:
        needle = fold(q)[:QUERY_CHARS]
        if not needle:
            return []
        best: dict[tuple[str, str], Hit] = {}
        for node, kind, text, folded in self.entries:
            at = folded.find(needle)
            if at < 0:
                continue
            rank = 0 if folded == needle else 1 if at == 0 else 2
            known = best.get((node, kind))
            if known is None or (rank, len(text)) < (known.rank, len(known.text)):
                best[(node, kind)] = Hit(node, kind, text, rank)
        by_kind: dict[str, list[Hit]] = defaultdict(list)
        for hit in best.values():
            by_kind[hit.kind].append(hit)
        groups = []
        for kind in KINDS:
            hits = sorted(by_kind.get(kind, []), key=lambda h: (h.rank, len(h.text), h.text, h.node))
            if hits:
                groups.append(Group(kind, hits[:SHOWN_PER_KIND], len(hits)))
        # The kind with the best match first; otherwise in the order of KINDS.
        return sorted(groups, key=lambda g: g.hits[0].rank)


_INDEXES: "weakref.WeakKeyDictionary[object, SearchIndex]" = weakref.WeakKeyDictionary()
_WARMING: "weakref.WeakSet[object]" = weakref.WeakSet()
_LOCK = threading.Lock()


def search_index(store) -> SearchIndex:
    with _LOCK:
        found = _INDEXES.get(store)
        if found is None:
            found = _INDEXES[store] = SearchIndex(store)
        return found


def search(store, q: str) -> list[Group]:
    return search_index(store).search(q)


def warm(store) -> None:
    """Reads the names in the background, so that the first search need not wait for them."""
    with _LOCK:
        if store in _INDEXES or store in _WARMING:
            return
        _WARMING.add(store)
    threading.Thread(target=search_index, args=(store,), name="untoc-kg search names", daemon=True).start()
