"""What each entry of a language's phrasebook and language file must provide (loaders/schema.yaml),
and the check of a file against it when the file loads.

The reader asks entries by name and matches for groups by name; without this check a misspelt
entry or group in the YAML, or in the code, was an answer of None in the middle of a report.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from untoc_kg.errors import DataFileError
from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.resources import data_file

SECTIONS = ("phrasebook", "language")
# The kinds of entry loaders/schema.yaml names, and which section may use each.
_KINDS = {"phrasebook": ("terms", "words"), "language": ("pattern", "map", "characters", "text", "template", "choice", "words")}


class SchemaError(DataFileError):
    """A phrasebook or language file does not provide what loaders/schema.yaml asks."""


@dataclass(frozen=True)
class EntrySpec:
    name: str
    kind: str                        # patterns | terms | words | pattern | map | characters | text | template | choice
    groups: frozenset[str] = frozenset()       # every variant defines them
    optional: frozenset[str] = frozenset()     # a variant may define them
    values: tuple[str, ...] = ()     # terms and choice: the values allowed (empty: any)
    fields: tuple[str, ...] = ()     # template: the fields it may use
    may_be_empty: bool = False       # pattern: an empty string is allowed (the language has no such form)

    @property
    def declared(self) -> frozenset[str]:
        """Every group a reader may ask a match of this entry for."""
        return self.groups | self.optional


@lru_cache(maxsize=1)
def schema() -> dict[str, dict[str, EntrySpec]]:
    path = data_file("loaders", "schema.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != set(SECTIONS):
        raise SchemaError(f"{path}: the schema has the sections {', '.join(SECTIONS)}, and only those.")
    return {section: {name: _spec(path, section, name, spec or {}) for name, spec in data[section].items()}
            for section in SECTIONS}


def _spec(path: Path, section: str, name: str, spec: dict) -> EntrySpec:
    kinds = [kind for kind in _KINDS[section] if spec.get(kind)]
    if len(kinds) > 1:
        raise SchemaError(f"{path}: the entry {name!r} is of one kind, not {' and '.join(kinds)}.")
    kind = kinds[0] if kinds else ("patterns" if section == "phrasebook" else None)
    if kind is None:
        raise SchemaError(f"{path}: the entry {name!r} of the language section says of no kind "
                          f"({', '.join(_KINDS[section])}) what it is.")
    return EntrySpec(name, kind, frozenset(spec.get("groups", ())), frozenset(spec.get("optional", ())),
                     tuple(str(v) for v in spec.get("values", ())), tuple(spec.get("fields", ())),
                     bool(spec.get("may_be_empty", False)))


def check_entries(section: str, entries: dict, source: Path) -> dict[str, EntrySpec]:
    """Every entry the schema lists is in ``entries`` and every entry there is one it lists;
    returns the specs. What each entry holds is checked by check_groups / check_values."""
    specs = schema()[section]
    if not isinstance(entries, dict):
        raise SchemaError(f"{source}: the file should map entry names to their values.")
    for name in entries:
        if name not in specs:
            near = difflib.get_close_matches(str(name), list(specs), n=1)
            hint = f" Is it a misspelling of {near[0]!r}?" if near else ""
            raise SchemaError(f"{source}: entry {name!r} is not one the reader knows (loaders/schema.yaml "
                              f"lists the entries of a {section}).{hint}")
    for name in specs:
        if name not in entries:
            raise SchemaError(f"{source}: entry {name!r} is missing; the reader asks for it (loaders/schema.yaml). "
                              "An entry whose sentence the reports in this language never print is an empty list.")
    return specs


def check_groups(spec: EntrySpec, pattern: re.Pattern, where: str) -> None:
    """A pattern defines every group its entry requires and no group it does not list."""
    defined = set(pattern.groupindex)
    unknown = sorted(defined - spec.declared)
    if unknown:
        listed = ", ".join(sorted(spec.declared)) or "none"
        near = difflib.get_close_matches(unknown[0], sorted(spec.declared), n=1)
        hint = f"is it a misspelling of {near[0]!r}?" if near else "is it misspelt?"
        raise SchemaError(f"{where}, defines the group{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}, "
                          f"which no reader asks {spec.name} for (it may define: {listed}); {hint}")
    missing = sorted(spec.groups - defined)
    if missing:
        raise SchemaError(f"{where}, does not define the group{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(missing)}, which the reader takes from every match of {spec.name} "
                          "(loaders/schema.yaml).")


def check_values(spec: EntrySpec, values, where: str) -> None:
    if not spec.values:
        return
    for value in values:
        if str(value) not in spec.values:
            raise SchemaError(f"{where}: the value {value!r} is not one of those {spec.name} may give "
                              f"({', '.join(spec.values)}; loaders/schema.yaml).")


KNOWLEDGE.holds("schema", schema)
