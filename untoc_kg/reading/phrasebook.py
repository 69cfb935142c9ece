"""The phrasebook: the formulaic sentences of one language's reports, read from YAML.

Each entry is named for the fact it introduces (``statements.party``) and holds one or more
regular expressions with named groups. Patterns are written against the half-width form of
the text (，→, ：→: （→( …), and every match hands back the printed text, so the graph
keeps what the report says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from untoc_kg.reading.text_forms import to_half_width
from untoc_kg.resources import data_dir


@dataclass(frozen=True)
class PhraseMatch:
    entry: str
    variant: int
    start: int
    end: int
    _groups: dict[str, tuple[int, int]]
    _text: str

    def group(self, name: str) -> str | None:
        span = self._groups.get(name)
        if span is None or span[0] < 0:
            return None
        return self._text[span[0]:span[1]]

    def span_of(self, name: str) -> tuple[int, int] | None:
        span = self._groups.get(name)
        return None if span is None or span[0] < 0 else span

    @property
    def method(self) -> str:
        """Provenance label: which phrasebook entry (and variant) read the fact."""
        return f"{self.entry}#{self.variant + 1}"


class Phrasebook:
    def __init__(self, entries: dict[str, list[str]], source: Path, language: str):
        self.source = source
        self.language = language
        self._compiled: dict[str, list[re.Pattern]] = {}
        for name, patterns in entries.items():
            if isinstance(patterns, str):
                patterns = [patterns]
            compiled = []
            for index, pattern in enumerate(patterns):
                try:
                    compiled.append(re.compile(pattern))
                except re.error as error:
                    raise ValueError(
                        f"{source}: entry {name!r}, variant {index + 1}, is not a valid regular "
                        f"expression: {error}."
                    ) from None
            self._compiled[name] = compiled

    @classmethod
    @lru_cache(maxsize=8)
    def load(cls, language: str = "zh") -> "Phrasebook":
        path = data_dir("loaders") / language / "phrasebook.yaml"
        with path.open(encoding="utf-8") as handle:
            entries = yaml.safe_load(handle)
        return cls(entries, path, language)

    def names(self) -> list[str]:
        return list(self._compiled)

    def _patterns(self, name: str) -> list[re.Pattern]:
        try:
            return self._compiled[name]
        except KeyError:
            raise KeyError(f"The phrasebook {self.source} has no entry {name!r}.") from None

    def _wrap(self, name: str, variant: int, match: re.Match, text: str) -> PhraseMatch:
        groups = {key: match.span(key) for key in match.re.groupindex}
        return PhraseMatch(name, variant, match.start(), match.end(), groups, text)

    def search(self, name: str, text: str) -> PhraseMatch | None:
        half = to_half_width(text)
        for variant, pattern in enumerate(self._patterns(name)):
            match = pattern.search(half)
            if match:
                return self._wrap(name, variant, match, text)
        return None

    def finditer(self, name: str, text: str) -> list[PhraseMatch]:
        """Every non-overlapping match of any variant, in text order."""
        half = to_half_width(text)
        found: list[PhraseMatch] = []
        taken: list[tuple[int, int]] = []
        for variant, pattern in enumerate(self._patterns(name)):
            for match in pattern.finditer(half):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                found.append(self._wrap(name, variant, match, text))
        return sorted(found, key=lambda m: m.start)

    def matches(self, name: str, text: str) -> bool:
        return self.search(name, text) is not None

    # Layout questions the text stage asks.
    def ends_sentence(self, line: str) -> bool:
        return self.matches("layout.sentence_end", line)

    def ends_clause(self, line: str) -> bool:
        return self.matches("layout.clause_end", line)

    def is_furniture(self, line: str) -> bool:
        return self.matches("layout.page_furniture", line)

    def opens_block(self, line: str) -> bool:
        return self.matches("layout.block_opener", line)

    def is_block_line(self, line: str) -> bool:
        return self.matches("layout.block_line", line)

    def introduces_list(self, line: str) -> bool:
        return self.matches("layout.list_intro", line)

    def continues_list(self, line: str) -> bool:
        return self.matches("layout.list_continuation", line)

    def is_heading_line(self, line: str) -> bool:
        return self.matches("layout.heading_line", line)

    def words(self, name: str) -> list[str]:
        """An entry used as a plain word list (its variants are literal words, not patterns)."""
        return [pattern.pattern for pattern in self._patterns(name)]
