"""The phrasebook: the formulaic sentences of one language's reports, read from YAML.

Each entry is named for the fact it introduces (``statements.party``) and holds one or more
regular expressions with named groups. Patterns are written against the half-width form of
the text (，→, ：→: （→( …), and every match hands back the printed text, so the graph
keeps what the report says.

Entries named ``terms.X`` map printed forms to values ("混合" → "hybrid"). A pattern writes
``{terms.X}`` for any of the forms, and the group named X is written ``(?P<X>{terms.X})``, so
a match's value (``match.value("X")``) always exists: a form comes with its value, or the
phrasebook does not load.

What each entry must provide — its groups, its values — is loaders/schema.yaml, checked when
the phrasebook loads; a match asked for a group its entry does not list raises, so a misspelt
group fails at once, in the YAML or in the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from untoc_kg.errors import DataFileError
from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.reading.schema import EntrySpec, check_entries, check_groups, check_values
from untoc_kg.reading.spans import Spans
from untoc_kg.reading.text_forms import to_half_width
from untoc_kg.resources import data_dir


_TERMS = "terms."
_PLACEHOLDER = re.compile(r"\{(terms\.\w+)\}")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")


class PhrasebookError(DataFileError):
    """The phrasebook is malformed: the sentence names its file and the entry."""


class UnknownGroup(PhrasebookError, KeyError):
    """A reader asked a match for a group its entry does not list (loaders/schema.yaml)."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class PhraseMatch:
    entry: str
    variant: int
    start: int
    end: int
    _groups: dict[str, tuple[int, int]]
    _text: str
    _terms: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)
    _declared: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def group(self, name: str) -> str | None:
        """The printed text of group ``name``, None if this variant has it not or it took no part;
        a name the entry does not list is an error (UnknownGroup)."""
        if name not in self._declared:
            raise UnknownGroup(f"No reader may ask {self.entry} for the group {name!r}: loaders/schema.yaml "
                               f"lists its groups as {', '.join(sorted(self._declared)) or 'none'}.")
        span = self._groups.get(name)
        if span is None or span[0] < 0:
            return None
        return self._text[span[0]:span[1]]

    def value(self, name: str) -> str | None:
        """What the form matched by group ``name`` means (terms.<name>), None if it did not take part."""
        printed = self.group(name)
        if printed is None:
            return None
        forms = self._terms.get(name)
        if forms is None:
            raise PhrasebookError(f"The phrasebook has no entry {_TERMS}{name} to give the value of the "
                                  f"group {name!r} of {self.entry}.")
        return forms[to_half_width(printed)]

    def span_of(self, name: str) -> tuple[int, int] | None:
        self.group(name)
        span = self._groups.get(name)
        return None if span is None or span[0] < 0 else span

    @property
    def method(self) -> str:
        """Provenance label: which phrasebook entry (and variant) read the fact."""
        return f"{self.entry}#{self.variant + 1}"


class Phrasebook:
    def __init__(self, entries: dict[str, list[str] | dict[str, str]], source: Path, language: str):
        self.source = source
        self.language = language
        specs = check_entries("phrasebook", entries, source)
        self._specs: dict[str, EntrySpec] = specs
        self._terms: dict[str, dict[str, str]] = {}
        self._words: dict[str, list[str]] = {}
        for name, spec in specs.items():
            if spec.kind == "terms":
                self._terms[name[len(_TERMS):]] = self._read_terms(name, entries[name], spec)
            elif spec.kind == "words":
                self._words[name] = self._read_words(name, entries[name])
        self._compiled: dict[str, list[re.Pattern]] = {}
        for name, spec in specs.items():
            if spec.kind != "patterns":
                continue
            patterns = entries[name]
            if isinstance(patterns, str):
                patterns = [patterns]
            if not isinstance(patterns, list):
                raise PhrasebookError(f"{source}: entry {name!r} should be a list of regular expressions.")
            compiled = []
            for index, pattern in enumerate(patterns):
                where = f"{source}: entry {name!r}, variant {index + 1}"
                if not isinstance(pattern, str):
                    raise PhrasebookError(f"{where}, is not a regular expression but {pattern!r}.")
                pattern = self._expand(where, pattern)
                try:
                    regex = re.compile(pattern)
                except re.error as error:
                    raise PhrasebookError(f"{where}, is not a valid regular expression: {error}.") from None
                check_groups(spec, regex, where)
                compiled.append(regex)
            self._compiled[name] = compiled

    def _read_words(self, name: str, words) -> list[str]:
        if not isinstance(words, list) or not all(isinstance(word, str) and word for word in words):
            raise PhrasebookError(f"{self.source}: entry {name!r} should be a list of words, one per line.")
        return list(words)

    def _read_terms(self, name: str, forms, spec: EntrySpec) -> dict[str, str]:
        if not isinstance(forms, dict) or not forms:
            raise PhrasebookError(f"{self.source}: entry {name!r} should map each printed form to its value "
                                  "(“混合: hybrid”), one per line.")
        values: dict[str, str] = {}
        for form, value in forms.items():
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or not value.strip():
                raise PhrasebookError(f"{self.source}: entry {name!r}, form “{form}”, has no value; write the "
                                      f"value the graph records after it (“{form}: …”).")
            check_values(spec, [value], f"{self.source}: entry {name!r}, form “{form}”")
            key = to_half_width(str(form))
            if key in values and values[key] != value:
                raise PhrasebookError(f"{self.source}: entry {name!r} gives the form “{form}” two values, "
                                      f"{values[key]!r} and {value!r}.")
            values[key] = value
        return values

    def _expand(self, where: str, pattern: str) -> str:
        """Write out each {terms.X} of a pattern; refuse a group X that lists forms of its own."""
        for group in _NAMED_GROUP.findall(pattern):
            if group in self._terms and pattern.count(f"(?P<{group}>") != pattern.count(f"(?P<{group}>{{{_TERMS}{group}}})"):
                raise PhrasebookError(
                    f"{where}: the group {group!r} must be written (?P<{group}>{{{_TERMS}{group}}}), so that "
                    f"every form it matches has its value; add a new form to {_TERMS}{group} with its value.")

        def forms(placeholder: re.Match) -> str:
            terms = self._terms.get(placeholder.group(1)[len(_TERMS):])
            if terms is None:
                raise PhrasebookError(f"{where}: {placeholder.group(0)} names no entry of the phrasebook.")
            # Longest first, so that a form is not cut short by another it starts with.
            return "(?:" + "|".join(re.escape(form) for form in sorted(terms, key=len, reverse=True)) + ")"

        return _PLACEHOLDER.sub(forms, pattern)

    @classmethod
    @lru_cache(maxsize=8)
    def load(cls, language: str = "zh") -> "Phrasebook":
        return cls.from_file(data_dir("loaders") / language / "phrasebook.yaml", language)

    @classmethod
    def from_file(cls, path: Path, language: str = "zh") -> "Phrasebook":
        if not path.is_file():
            raise PhrasebookError(f"{path} is missing: the language {language!r} has no phrasebook.")
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
        return PhraseMatch(name, variant, match.start(), match.end(), groups, text, self._terms,
                           self._specs[name].declared)

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
        patterns = self._patterns(name)
        if len(patterns) == 1:
            # One variant: its matches never overlap and come in text order.
            return [self._wrap(name, 0, match, text) for match in patterns[0].finditer(half)]
        found: list[PhraseMatch] = []
        taken = Spans()
        for variant, pattern in enumerate(patterns):
            # The matches of one variant never overlap one another, only those of earlier variants.
            fresh = [match for match in pattern.finditer(half) if not taken.overlaps(*match.span())]
            taken.extend(match.span() for match in fresh)
            found.extend(self._wrap(name, variant, match, text) for match in fresh)
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
        """An entry of literal words (loaders/schema.yaml: words), not patterns."""
        try:
            return self._words[name]
        except KeyError:
            raise KeyError(f"The phrasebook {self.source} has no word list {name!r}.") from None


def _every_phrasebook() -> list[Phrasebook]:
    from untoc_kg.reading.language import available
    return [Phrasebook.load(code) for code in available()]


KNOWLEDGE.holds("phrasebooks", _every_phrasebook)
