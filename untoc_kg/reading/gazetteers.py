"""The gazetteer a report in one language is read with: the same States and organizations,
resolved by the names that language prints.

The names are the gazetteer's own in that language (loaders/gazetteer/: ``names_zh`` in
Chinese, ``name_en`` in English), and those listed in ``loaders/<language>/names.tsv``: the
names reports in that language print and the gazetteer does not list.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from untoc_kg.errors import DataFileError
from untoc_kg.gazetteer import Entity, Gazetteer
from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.reading.language import available
from untoc_kg.resources import data_dir

NAMES_FILE = "names.tsv"
NAMES_COLUMNS = ("code", "names")


@lru_cache(maxsize=8)
def gazetteer_in(language: str) -> Gazetteer:
    gazetteer = Gazetteer.load()
    extra = _extra_names(data_dir("loaders") / language / NAMES_FILE, gazetteer)
    if language == _GAZETTEER_LANGUAGE and not extra:
        return gazetteer

    def names_of(entity: Entity) -> tuple[str, ...]:
        return (*_own_names(entity, language), *extra.get(entity.code, ()))

    return gazetteer.with_names(names_of)


# The language the gazetteer indexes by default (Gazetteer resolves names_zh).
_GAZETTEER_LANGUAGE = "zh"


def _own_names(entity: Entity, language: str) -> tuple[str, ...]:
    """The names the gazetteer itself gives ``entity`` in ``language`` (names_<language> or name_<language>)."""
    names = getattr(entity, f"names_{language}", None)
    if names:
        return tuple(names)
    name = getattr(entity, f"name_{language}", None)
    return (name,) if name else ()


def _extra_names(path: Path, gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    if not path.is_file():
        return {}
    found: dict[str, tuple[str, ...]] = {}
    header = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = tuple(cells)
            if header != NAMES_COLUMNS:
                raise DataFileError(f"{path}, line {number}: the header should be {' / '.join(NAMES_COLUMNS)}.")
            continue
        if len(cells) != len(NAMES_COLUMNS) or not cells[1]:
            raise DataFileError(f"{path}, line {number}: expected a code and its names, separated by a tab.")
        code, names = cells
        try:
            gazetteer.by_code(code)
        except KeyError:
            raise DataFileError(f"{path}, line {number}: {code} is no code of the gazetteer (loaders/gazetteer/).") from None
        found[code] = found.get(code, ()) + tuple(n.strip() for n in names.split("|") if n.strip())
    return found


KNOWLEDGE.holds("gazetteers", lambda: [gazetteer_in(code) for code in available()])
