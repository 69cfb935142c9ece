"""Splitting a printed list of names ("阿根廷、巴西……美国和委内瑞拉玻利瓦尔共和国") into entities.

The reports separate list items with the language's separators (lists.separators of
loaders/<language>/language.yaml: 、，,；; in Chinese) and join the last one with a connective
(lists.connective: 和, 及 or 以及) — but connectives also occur inside names (特立尼达和多巴哥,
大不列颠及北爱尔兰联合王国, Trinidad and Tobago) and one name even contains a separator. So the
rule is, with exact gazetteer matches only:

1. split on the separators;
2. a piece that resolves whole is kept whole;
3. a piece that does not resolve, joined with the following piece(s) and the separator
   between them, is kept if the joined text resolves (a name that contains a separator);
4. otherwise the piece is split at the connectives, and a split is kept only where every part
   resolves (the fewest parts win, so a longer name is preferred to two shorter ones);
5. otherwise the piece is returned unresolved, never dropped: the caller reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from untoc_kg.gazetteer import Entity, Gazetteer, normalise_name, trimmed_span
from untoc_kg.reading.language import Language

# "国际刑事警察组织（国际刑警组织）": a full name followed by its short form.
_WITH_SHORT_FORM = re.compile(r"^(?P<name>.+)\((?P<short>[^()]+)\)$")


@dataclass(frozen=True)
class NamePart:
    text: str          # as printed (whitespace/line breaks removed)
    start: int         # offset in the input string
    end: int
    entity: Entity | None   # None = unresolved, the caller reports it


def resolve_printed(name: str, gazetteer: Gazetteer) -> Entity | None:
    """Resolve one printed name; also "Full name（short form）" when both name the same entity."""
    entity = gazetteer.resolve(name)
    if entity is not None:
        return entity
    match = _WITH_SHORT_FORM.match(normalise_name(name))
    if match:
        full, short = gazetteer.resolve(match["name"]), gazetteer.resolve(match["short"])
        if full is not None and full is short:
            return full
    return None


def split_name_list(text: str, gazetteer: Gazetteer, language: Language | None = None) -> list[NamePart]:
    """The names of a printed list, in order, each resolved or not (``language``: whose list
    syntax; the default language when not given)."""
    language = language or Language.load()
    if language.articles:
        gazetteer = _WithArticles(gazetteer, language.articles)
    pieces = _pieces(text, _separator_pattern(language.separators))
    longest_join = gazetteer.max_separators(language.separators) + 1
    parts: list[NamePart] = []
    index = 0
    while index < len(pieces):
        start, end = pieces[index]
        whole = resolve_printed(text[start:end], gazetteer)
        if whole is not None:
            parts.append(_part(text, start, end, whole))
            index += 1
            continue
        joined = _join(text, pieces, index, longest_join, gazetteer)
        if joined is not None:
            parts.append(joined[0])
            index = joined[1]
            continue
        parts.extend(_split_connectives(text, start, end, gazetteer, language.connective))
        index += 1
    return parts


class _WithArticles:
    """A gazetteer that also resolves a name printed after an article ("the Council of Europe");
    the article stays in the printed part."""

    def __init__(self, gazetteer: Gazetteer, articles: tuple[str, ...]):
        self._gazetteer = gazetteer
        self._articles = re.compile(r"^\s*(?:" + "|".join(map(re.escape, articles)) + r")\s+", re.IGNORECASE)

    def resolve(self, name: str) -> Entity | None:
        entity = self._gazetteer.resolve(name)
        if entity is None:
            bare = self._articles.sub("", name, count=1)
            if bare != name:
                entity = self._gazetteer.resolve(bare)
        return entity

    def max_separators(self, separators: str) -> int:
        return self._gazetteer.max_separators(separators)


@lru_cache(maxsize=8)
def _separator_pattern(separators: str) -> re.Pattern:
    return re.compile(f"[{re.escape(separators)}]")


def _pieces(text: str, separator: re.Pattern) -> list[tuple[int, int]]:
    """Spans of the non-empty pieces between hard separators, ends trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*separator.finditer(text), None]:
        stop = match.start() if match else len(text)
        lo, hi = trimmed_span(text, start, stop)
        if hi > lo:
            spans.append((lo, hi))
        if match:
            start = match.end()
    return spans


def _join(text: str, pieces: list[tuple[int, int]], index: int, longest: int,
          gazetteer: Gazetteer) -> tuple[NamePart, int] | None:
    """The longest run of pieces from ``index`` whose joined text is a known name."""
    for stop in range(min(len(pieces), index + longest), index + 1, -1):
        start, end = pieces[index][0], pieces[stop - 1][1]
        entity = resolve_printed(text[start:end], gazetteer)
        if entity is not None:
            return _part(text, start, end, entity), stop
    return None


def _split_connectives(text: str, start: int, end: int, gazetteer: Gazetteer,
                       connective: re.Pattern) -> list[NamePart]:
    """Split text[start:end] at the connectives (和/及/以及) into parts that all resolve, or leave it whole."""
    # finditer with pos/endpos reports offsets in the whole text.
    cuts = [(m.start(), m.end()) for m in connective.finditer(text, start, end)
            if start < m.start() and m.end() < end]
    # bounds[i] .. bounds[j] is a candidate part: from the end of connective i-1 (or the piece
    # start) to the start of connective j (or the piece end).
    lefts = [start] + [cut_end for _, cut_end in cuts]
    rights = [cut_start for cut_start, _ in cuts] + [end]

    @lru_cache(maxsize=None)
    def best(i: int) -> tuple[tuple[int, int, Entity], ...] | None:
        # Fewest resolving parts covering segments i.. to the end of the piece.
        options = []
        for j in range(i, len(rights)):
            lo, hi = trimmed_span(text, lefts[i], rights[j])
            entity = resolve_printed(text[lo:hi], gazetteer) if hi > lo else None
            if entity is None:
                continue
            if j == len(rights) - 1:
                options.append(((lo, hi, entity),))
            else:
                rest = best(j + 1)
                if rest is not None:
                    options.append(((lo, hi, entity), *rest))
        # Fewest parts; between equals, the longer first name (leftmost-longest, as find_all).
        return min(options, key=lambda o: (len(o), o[0][0] - o[0][1])) if options else None

    split = best(0) if cuts else None
    if split is None:
        return [_part(text, start, end, None)]
    return [_part(text, lo, hi, entity) for lo, hi, entity in split]


def _part(text: str, start: int, end: int, entity: Entity | None) -> NamePart:
    printed = "".join(ch for ch in text[start:end] if not ch.isspace())
    return NamePart(printed, start, end, entity)
