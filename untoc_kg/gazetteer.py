"""The gazetteer: every State and organization a report can name, and the names it goes by.

The data lives in ``loaders/gazetteer/``: ``states.tsv`` (built by
``scripts/build_gazetteer.py`` from ISO 3166, CLDR, UN membership and the reviewed UN Chinese
and English names: a State's preferred English name is the UN's, ISO's is an alternative) and ``organizations.tsv`` (hand-curated). This module only reads them: a name resolves
when, after :func:`normalise_name`, it is exactly one of the names listed. Nothing is guessed;
a name the data does not list comes back as ``None`` and the caller reports it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from untoc_kg.errors import UntocError
from untoc_kg.resources import data_dir
from untoc_kg.vocab import ID, UNTOC, WIKIDATA

STATES_FILE = "states.tsv"
ORGANIZATIONS_FILE = "organizations.tsv"
STATE_COLUMNS = ("alpha3", "alpha2", "m49", "un_status", "name_en", "name_en_iso", "name_zh",
                 "name_zh_official", "wikidata", "variants_zh", "source")
ORGANIZATION_COLUMNS = ("code", "kind", "name_en", "names_zh", "wikidata")
ORGANIZATION_KINDS = ("IntergovernmentalOrganization", "RegionalEconomicIntegrationOrganization",
                      "UNEntity", "NonGovernmentalOrganization", "GroupOfStates")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
QID = re.compile(r"^Q[1-9][0-9]*$")


class GazetteerError(UntocError):
    """A gazetteer file is malformed or makes a name ambiguous."""


@dataclass(frozen=True)
class Entity:
    kind: str          # "state" or "organization"
    code: str          # "ARG", "EU", "INTERPOL"
    iri: str           # "https://w3id.org/untoc-kg/id/state/ARG" or ".../id/organization/EU"
    rdf_class: str     # ontology local name: "State", "IntergovernmentalOrganization", ...
    name_zh: str       # UN Chinese short name
    name_en: str       # the UN's English short name (UNTERM) for States
    names_zh: tuple[str, ...]  # every Chinese name that resolves to it
    names_en: tuple[str, ...] = ()  # every English name that resolves to it: the UN's, then ISO's
    alpha2: str | None = None
    m49: str | None = None
    wikidata: str | None = None   # "Q30"
    un_status: str | None = None  # member / observer (states)


# ---------------------------------------------------------------- normalising names

# The reports print the hyphen inside a name as -, ―, — or – (伊比利亚-美洲 / 伊比利亚―美洲);
# NFKC leaves all but the full-width one alone, so they are folded here.
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－"), "-")
# Brackets and quotes that may wrap a name, or belong to it (《反腐败公约》民间社会联合会,
# 刚果(金)): stripped from an end only when they have no partner inside the name.
_PAIRS = {"(": ")", "[": "]", "《": "》", "〈": "〉", "“": "”", "‘": "’", "「": "」", "『": "』",
          "【": "】"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_SYMMETRIC_QUOTES = "\"'`"


def _fold_char(ch: str) -> str:
    """One character as the resolver compares it: NFKC, dashes unified, whitespace dropped."""
    if ch.isspace():
        return ""
    return unicodedata.normalize("NFKC", ch).translate(_DASHES)


def _is_edge_junk(ch: str) -> bool:
    # Sentence and list punctuation, markdown emphasis and stray dashes never begin or end a
    # name; brackets and quotes are handled by _strip_edges because some names contain them.
    if ch in _PAIRS or ch in _CLOSERS or ch in _SYMMETRIC_QUOTES:
        return False
    return ch in "*_#~-" or unicodedata.category(ch).startswith("P")


def _edge_span(chars: list[str]) -> tuple[int, int]:
    """The span of ``chars`` (folded, one entry per character) left after stripping the ends."""
    start, end = 0, len(chars)
    while True:
        while start < end and (not chars[start] or _is_edge_junk(chars[start][0])):
            start += 1
        while end > start and (not chars[end - 1] or _is_edge_junk(chars[end - 1][-1])):
            end -= 1
        if start >= end:
            return start, end
        inner = "".join(chars[start:end])
        first, last = inner[0], inner[-1]
        if first in _SYMMETRIC_QUOTES and last == first and len(inner) > 1:
            start, end = start + 1, end - 1
        elif first in _SYMMETRIC_QUOTES and inner.count(first) % 2:
            start += 1
        elif last in _SYMMETRIC_QUOTES and inner.count(last) % 2:
            end -= 1
        elif first in _PAIRS and _PAIRS[first] not in inner[1:]:
            start += 1
        elif last in _CLOSERS and _CLOSERS[last] not in inner[:-1]:
            end -= 1
        elif first in _PAIRS and last == _PAIRS[first] and _wraps_whole(inner):
            start, end = start + 1, end - 1
        else:
            return start, end


def _wraps_whole(text: str) -> bool:
    """True if the bracket opening ``text`` is the one that closes it ("(中国)", not "(a)b(c)")."""
    opener, closer = text[0], _PAIRS[text[0]]
    depth = 0
    for index, ch in enumerate(text):
        depth += (ch == opener) - (ch == closer)
        if depth == 0:
            return index == len(text) - 1
    return False


def normalise_name(name: str) -> str:
    """The form names are compared in.

    Removes all whitespace (line breaks from PDF wrapping, ideographic spaces), NFKC-folds
    full-width ASCII (（）：，→ ():,), unifies dashes, and strips surrounding punctuation, quotes,
    brackets and markdown asterisks that do not belong to the name. Chinese characters are
    kept as they are.
    """
    chars = [_fold_char(ch) for ch in name]
    start, end = _edge_span(chars)
    return "".join(chars[start:end])


def trimmed_span(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """Offsets in ``text`` of ``text[start:end]`` without what normalise_name strips at the ends."""
    end = len(text) if end is None else end
    chars = [_fold_char(ch) for ch in text[start:end]]
    lo, hi = _edge_span(chars)
    return start + lo, start + hi


# ---------------------------------------------------------------- the gazetteer


def _read_table(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        raise GazetteerError(f"The gazetteer file {path} is missing.")
    rows: list[tuple[int, dict[str, str]]] = []
    header = None
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = tuple(cells)
            if header != columns:
                raise GazetteerError(f"{path.name}, line {number}: the header should be "
                                     f"{' / '.join(columns)}, not {' / '.join(header)}.")
            continue
        if len(cells) != len(columns):
            raise GazetteerError(f"{path.name}, line {number}: expected {len(columns)} "
                                 f"tab-separated columns, found {len(cells)}.")
        rows.append((number, {k: v.strip() for k, v in zip(columns, cells)}))
    if header is None:
        raise GazetteerError(f"{path.name} has no header row.")
    return rows


def _names(*cells: str) -> tuple[str, ...]:
    """The non-empty names of the cells, |-split, without repeats (by normalised form)."""
    seen: set[str] = set()
    names: list[str] = []
    for cell in cells:
        for name in cell.split("|"):
            name = name.strip()
            if name and normalise_name(name) not in seen:
                seen.add(normalise_name(name))
                names.append(name)
    return tuple(names)


def _qid(value: str, where: str) -> str | None:
    if not value:
        return None
    if not QID.match(value):
        raise GazetteerError(f"{where}: {value!r} is not a Wikidata item id such as Q30.")
    return value


class Gazetteer:
    def __init__(self, entities: list[Entity], sources: dict[str, str], names_of=None):
        # sources: entity code → "file, line n", to name both rows when a name is ambiguous.
        # names_of: the names an entity resolves by (its Chinese names unless said otherwise).
        names_of = names_of or (lambda entity: entity.names_zh)
        self._sources = dict(sources)
        self._entities = list(entities)
        self._by_code: dict[str, Entity] = {}
        self._by_name: dict[str, Entity] = {}
        for entity in self._entities:
            if entity.code in self._by_code:
                raise GazetteerError(f"{sources[entity.code]}: the code {entity.code} is used twice.")
            self._by_code[entity.code] = entity
        for entity in self._entities:
            for name in names_of(entity):
                key = normalise_name(name)
                if not key:
                    continue
                other = self._by_name.setdefault(key, entity)
                if other is not entity:
                    raise GazetteerError(
                        f"{sources[entity.code]}: the name “{name}” of {entity.code} "
                        f"({entity.name_en}) is already a name of {other.code} ({other.name_en}, "
                        f"{sources[other.code]}); a name must resolve to exactly one entity.")
        self._pattern = self._compile()
        self._separator_counts: dict[str, int] = {}

    def with_names(self, names_of) -> "Gazetteer":
        """The same entities, resolved by other names (those a report in another language prints)."""
        return Gazetteer(self._entities, self._sources, names_of)

    # -- loading

    @classmethod
    def load(cls, folder: Path | None = None) -> "Gazetteer":
        """The gazetteer in ``folder`` (default ``loaders/gazetteer``; that one is cached)."""
        if folder is None:
            return _default_gazetteer()
        return cls._read(Path(folder))

    @classmethod
    def _read(cls, folder: Path) -> "Gazetteer":
        entities: list[Entity] = []
        sources: dict[str, str] = {}
        for number, row in _read_table(folder / STATES_FILE, STATE_COLUMNS):
            where = f"{STATES_FILE}, line {number}"
            code = row["alpha3"]
            if not re.fullmatch(r"[A-Z]{3}", code):
                raise GazetteerError(f"{where}: {code!r} is not an ISO 3166-1 alpha-3 code.")
            if not row["name_zh"]:
                raise GazetteerError(f"{where}: {code} has no Chinese name.")
            entities.append(Entity(
                kind="state", code=code, iri=str(ID[f"state/{code}"]), rdf_class="State",
                name_zh=row["name_zh"], name_en=row["name_en"],
                names_zh=_names(row["name_zh"], row["name_zh_official"], row["variants_zh"]),
                names_en=_names(row["name_en"], row["name_en_iso"]),
                alpha2=row["alpha2"] or None, m49=row["m49"] or None,
                wikidata=_qid(row["wikidata"], where), un_status=row["un_status"] or None))
            sources.setdefault(code, where)
        for number, row in _read_table(folder / ORGANIZATIONS_FILE, ORGANIZATION_COLUMNS):
            where = f"{ORGANIZATIONS_FILE}, line {number}"
            code = row["code"]
            if not CODE.match(code):
                raise GazetteerError(f"{where}: the code {code!r} should be upper-case letters, "
                                     f"digits and hyphens.")
            if row["kind"] not in ORGANIZATION_KINDS:
                raise GazetteerError(f"{where}: the kind {row['kind']!r} of {code} is not one of "
                                     f"{', '.join(ORGANIZATION_KINDS)}.")
            names = _names(row["names_zh"])
            if not names:
                raise GazetteerError(f"{where}: {code} has no Chinese name.")
            entities.append(Entity(
                kind="organization", code=code, iri=str(ID[f"organization/{code}"]),
                rdf_class=row["kind"], name_zh=names[0], name_en=row["name_en"], names_zh=names,
                names_en=_names(row["name_en"]),
                wikidata=_qid(row["wikidata"], where)))
            sources.setdefault(code, where)
        return cls(entities, sources)

    # -- lookups

    def resolve(self, name: str) -> Entity | None:
        """The entity ``name`` is exactly a name of (after normalise_name), or None."""
        return self._by_name.get(normalise_name(name))

    def by_code(self, code: str) -> Entity:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"No State or organization in the gazetteer has the code {code!r}.") from None

    def entities(self) -> list[Entity]:
        return list(self._entities)

    def max_separators(self, separators: str) -> int:
        """The largest number of characters from ``separators`` inside any one known name."""
        cached = self._separator_counts.get(separators)
        if cached is None:
            cached = max((sum(name.count(s) for s in separators) for name in self._by_name), default=0)
            self._separator_counts[separators] = cached
        return cached

    def find_all(self, text: str) -> list[tuple[int, int, Entity]]:
        """Non-overlapping, leftmost-longest occurrences of known names in ``text``.

        Offsets are in ``text`` as given; a name may be broken by whitespace or a line break
        (PDF wrapping) and printed with full-width characters.
        """
        folded: list[str] = []
        origin: list[int] = []   # folded character index → index in text
        for index, ch in enumerate(text):
            for out in _fold_char(ch):
                folded.append(out)
                origin.append(index)
        found: list[tuple[int, int, Entity]] = []
        for match in self._pattern.finditer("".join(folded)):
            start, last = origin[match.start()], origin[match.end() - 1]
            found.append((start, last + 1, self._by_name[match.group()]))
        return found

    def _compile(self) -> re.Pattern[str]:
        # Longest names first: at each position the regex engine takes the first alternative
        # that matches, which makes the scan leftmost-longest.
        names = sorted(self._by_name, key=lambda n: (-len(n), n))
        return re.compile("|".join(map(re.escape, names)) if names else r"(?!)")

    # -- RDF

    def to_rdf(self) -> Graph:
        """The content of the gazetteer named graph (docs/model.md, "Codes and links")."""
        graph = Graph()
        for entity in self._entities:
            node = URIRef(entity.iri)
            graph.add((node, RDF.type, UNTOC[entity.rdf_class]))
            graph.add((node, UNTOC.code, Literal(entity.code)))
            graph.add((node, SKOS.prefLabel, Literal(entity.name_zh, lang="zh")))
            if entity.name_en:
                graph.add((node, SKOS.prefLabel, Literal(entity.name_en, lang="en")))
            for language, preferred, names in (("zh", entity.name_zh, entity.names_zh),
                                               ("en", entity.name_en, entity.names_en)):
                for name in names:
                    if normalise_name(name) != normalise_name(preferred):
                        graph.add((node, SKOS.altLabel, Literal(name, lang=language)))
            if entity.kind == "state":
                graph.add((node, UNTOC.iso3166Alpha3, Literal(entity.code)))
                if entity.alpha2:
                    graph.add((node, UNTOC.iso3166Alpha2, Literal(entity.alpha2)))
                if entity.m49:
                    graph.add((node, UNTOC.m49, Literal(entity.m49)))
            if entity.wikidata:
                graph.add((node, OWL.sameAs, WIKIDATA[entity.wikidata]))
        return graph


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer._read(data_dir("loaders") / "gazetteer")
