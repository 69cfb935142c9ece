"""A language of the reports beyond its formulaic sentences, read from loaders/<language>/language.yaml:
how it writes numbers, dates and lists of names, how a report in it is recognised, and the
labels the graph gives in it. What the file must provide is loaders/schema.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from untoc_kg.errors import DataFileError
from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.reading.schema import EntrySpec, check_entries, check_groups, check_values
from untoc_kg.reading.text_forms import to_half_width
from untoc_kg.resources import data_dir

LANGUAGE_FILE = "language.yaml"
# The language of the sample corpus, for the callers that do not say (tests, the benchmark
# generator); a report's own language is recognised from its text (Language.of_text).
DEFAULT_LANGUAGE = "zh"
# How far into a report its language is looked for: the masthead and the title.
RECOGNISE_WITHIN = 4000
_LINE_BREAK = re.compile(r"[ \t\u3000]*\n\s*")


class LanguageFileError(DataFileError):
    """A language file is malformed: the sentence names the file and the entry."""


class Language:
    def __init__(self, code: str, entries: dict, source: Path):
        self.code = code
        self.source = source
        specs = check_entries("language", entries, source)
        values = {name: _entry(spec, entries[name], f"{source}: entry {name!r}") for name, spec in specs.items()}
        self.recognise: re.Pattern = values["recognise"]
        self._units: dict[str, int] = values["numbers.units"]
        self._multipliers: dict[str, int] = values["numbers.multipliers"]
        forms = sorted([*self._units, *self._multipliers], key=len, reverse=True)
        self._number_word = re.compile("|".join(map(re.escape, forms)) or r"(?!)", re.IGNORECASE)
        self._joiner: re.Pattern | None = values["numbers.joiner"]
        suffix = values["numbers.ordinal_suffix"]
        self._ordinal = re.compile(rf"(\d+)(?:{suffix.pattern})", re.IGNORECASE) if suffix else None
        self._number_run = _number_run(forms, self._joiner, suffix)
        self._date: re.Pattern = values["dates.pattern"]
        self._months: dict[str, int] = values["dates.months"]
        self._missing_from_next = values["dates.missing_from"] == "next"
        self._range: re.Pattern = values["dates.range"]
        self.separators: str = values["lists.separators"]
        self.connective: re.Pattern = values["lists.connective"]
        self.separator: str = values["lists.separator"]
        self.strong_separators: str = values["lists.strong_separators"]
        self.articles: tuple[str, ...] = tuple(values["lists.articles"])
        self._sentence_ends: list[str] = values["sentences.ends"]
        self.unnumbered_annex: str = values["annexes.unnumbered"]
        self._labels = {name[len("labels."):]: values[name] for name in specs if name.startswith("labels.")}
        for month, number in self._months.items():
            if not 1 <= number <= 12:
                raise LanguageFileError(f"{source}: entry 'dates.months' gives “{month}” the number {number}; "
                                        "a month is 1 to 12.")

    # -- loading ------------------------------------------------------------------------
    @classmethod
    @lru_cache(maxsize=8)
    def load(cls, code: str = DEFAULT_LANGUAGE) -> "Language":
        path = data_dir("loaders") / code / LANGUAGE_FILE
        if not path.is_file():
            known = ", ".join(available()) or "none"
            raise LanguageFileError(f"There is no language {code!r}: {path} is missing (the languages are: {known}).")
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(code, entries, path)

    @staticmethod
    def of_text(text: str) -> str | None:
        """The language whose title formula (recognise) occurs at the start of ``text``, None if
        none does. The lines are joined first: a PDF extraction breaks a title anywhere."""
        head = _LINE_BREAK.sub("", text[:RECOGNISE_WITHIN])
        for code in available():
            if Language.load(code).recognise.search(head):
                return code
        return None

    # -- numbers ------------------------------------------------------------------------
    def number(self, text: str) -> int:
        """'12', '１２', '十二', '二十一', 'four', 'twenty-first', '1st' → int; ValueError otherwise."""
        text = to_half_width(text.strip())
        if text.isdigit():
            return int(text)
        if self._ordinal is not None:
            ordinal = self._ordinal.fullmatch(text)
            if ordinal:
                return int(ordinal.group(1))
        total, current, position = 0, 0, 0
        if not text:
            raise ValueError(f"{text!r} is not a number")
        while position < len(text):
            word = self._number_word.match(text, position)
            if word is None and self._joiner is not None and position > 0:
                joined = self._joiner.match(text, position)
                if joined and joined.end() > position:
                    position = joined.end()
                    word = self._number_word.match(text, position)
            if word is None:
                raise ValueError(f"{text!r} is not a number")
            form = word.group()
            factor = self._multipliers.get(form, self._multipliers.get(form.lower()))
            if factor is not None:
                total += (current or 1) * factor
                current = 0
            else:
                current += self._units.get(form, self._units.get(form.lower(), 0))
            position = word.end()
        return total + current

    def numbers_in(self, text: str) -> list[int]:
        """"第 1 次和第 2 次会议" → [1, 2], "its 2nd and 3rd meetings" → [2, 3]: every number the text prints."""
        return [self.number(run.group()) for run in self._number_run.finditer(to_half_width(text))]

    # -- dates --------------------------------------------------------------------------
    def dates(self, text: str, default_year: int | None = None) -> tuple[list[dt.date], bool]:
        """All dates in ``text`` in printed order, and whether they form a range.

        A day without month or year takes them from its neighbour (dates.missing_from): the
        date before it ("3日和4日") or the one after it ("3 and 4 June 2024"); a year still
        missing is ``default_year``.
        """
        text = to_half_width(text)
        parts = [(match.group("year"), match.group("month"), match.group("day"))
                 for match in self._date.finditer(text)]
        if self._missing_from_next:
            parts.reverse()
        dates: list[dt.date] = []
        year, month = default_year, None
        for printed_year, printed_month, day in parts:
            if printed_year:
                year = int(printed_year)
            if printed_month:
                month = self._month(printed_month)
            if year is None or month is None:
                continue
            dates.append(dt.date(year, month, int(day)))
        if self._missing_from_next:
            dates.reverse()
        return dates, self._range.search(text) is not None

    def _month(self, printed: str) -> int:
        if printed.isdigit():
            return int(printed)
        return self._months[printed]

    # -- sentences and labels -----------------------------------------------------------
    def sentence_start(self, text: str, before: int) -> int:
        """Where the sentence holding ``text[before]`` begins: after the last sentence end before it."""
        start = 0
        for end in self._sentence_ends:
            found = text.rfind(end, 0, before)
            if found >= 0:
                start = max(start, found + len(end))
        return start

    def label(self, name: str, **fields: str) -> str:
        return self._labels[name].format(**fields)

    @cached_property
    def label_names(self) -> tuple[str, ...]:
        return tuple(self._labels)


def _number_run(forms: list[str], joiner: re.Pattern | None, suffix: re.Pattern | None) -> re.Pattern:
    """Digits (with an ordinal suffix), or number words joined as one number. A word of Latin
    letters stands alone ("ten", not the "ten" of "often"); a Chinese numeral needs no space."""
    words = []
    for form in forms:
        escaped = re.escape(form)
        words.append(rf"(?<![A-Za-z]){escaped}(?![A-Za-z])" if form.isascii() and form.isalpha() else escaped)
    word = "(?:" + "|".join(words) + ")" if words else r"(?!)"
    between = f"(?:{joiner.pattern})?" if joiner is not None else ""
    ordinal = f"(?:{suffix.pattern})?" if suffix is not None else ""
    return re.compile(rf"\d+{ordinal}|{word}(?:{between}{word})*", re.IGNORECASE)


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """The languages loaders/ has a language file for, in name order."""
    return tuple(sorted(path.parent.name for path in data_dir("loaders").glob(f"*/{LANGUAGE_FILE}")))


def _entry(spec: EntrySpec, value, where: str):
    """One entry of a language file as the reader uses it, checked against its spec."""
    if spec.kind == "pattern":
        if not isinstance(value, str):
            raise LanguageFileError(f"{where} should be a regular expression (a string), not {value!r}.")
        if not value:
            if spec.may_be_empty:
                return None
            raise LanguageFileError(f"{where} is empty; the reader needs this pattern (loaders/schema.yaml).")
        try:
            pattern = re.compile(value)
        except re.error as error:
            raise LanguageFileError(f"{where} is not a valid regular expression: {error}.") from None
        check_groups(spec, pattern, where)
        return pattern
    if spec.kind == "map":
        if value is None:
            value = {}
        if not isinstance(value, dict) or not all(isinstance(n, int) and not isinstance(n, bool) for n in value.values()):
            raise LanguageFileError(f"{where} should map each printed form to a whole number, one per line.")
        return {str(form): number for form, number in value.items()}
    if spec.kind in ("characters", "text"):
        if not isinstance(value, str) or (spec.kind == "text" and not value):
            raise LanguageFileError(f"{where} should be a string, not {value!r}.")
        return value
    if spec.kind == "words":
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise LanguageFileError(f"{where} should be a list of words (an empty list: none).")
        return list(value)
    if spec.kind == "choice":
        check_values(spec, [value], where)
        return str(value)
    if spec.kind == "template":
        if not isinstance(value, str) or not value:
            raise LanguageFileError(f"{where} should be a label with its fields in braces.")
        used = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
        unknown = sorted(used - set(spec.fields))
        if unknown:
            raise LanguageFileError(f"{where} uses the field {', '.join(unknown)}, which the mapping does not "
                                    f"fill (it fills: {', '.join(spec.fields)}).")
        return value
    raise LanguageFileError(f"{where}: loaders/schema.yaml gives it the kind {spec.kind!r}, which a language "
                            "file cannot hold.")


KNOWLEDGE.holds("language files", lambda: [Language.load(code) for code in available()])
