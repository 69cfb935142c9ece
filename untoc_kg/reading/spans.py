"""Spans of one text that readers have already taken, and whether a new match overlaps one.

A paragraph is read by several phrasebook entries in turn, and a match that overlaps what an
earlier entry read is not read again. Comparing each match with every span taken before was
quadratic in the matches of one text: a single line of a few MB repeating one sentence took
minutes. Here a question costs a binary search.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Iterable


class Spans:
    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._spans = sorted(spans)
        self._index()

    def _index(self) -> None:
        self._starts = [start for start, _ in self._spans]
        # The furthest end among the spans up to each one: spans may overlap one another.
        self._reach = list(accumulate((end for _, end in self._spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span begins before ``end`` and ends after ``start``."""
        before = bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start

    def extend(self, spans: Iterable[tuple[int, int]]) -> None:
        added = list(spans)
        if added:
            self._spans = sorted(self._spans + added)
            self._index()
