"""Build loaders/gazetteer/states.tsv: every UN member State and the two observer States.

    python scripts/build_gazetteer.py            # rewrites loaders/gazetteer/states.tsv
    python scripts/build_gazetteer.py --check    # exits 1 if the committed file is stale

Sources, merged in this order:

- pycountry (ISO 3166-1): alpha-2, alpha-3, numeric (= UN M49 for States), English name;
- country_converter's country_data.tsv, column ``UNmember``: which States are UN members;
- babel/CLDR (``Locale('zh').territories``): the common Chinese name;
- ``states-zh-un.tsv`` (hand-reviewed): the UN's own Chinese short and formal names where they
  differ from CLDR, the variants the reports print, and the two observer States;
- ``states-en-un.tsv`` (hand-reviewed): the UN's English short names (UNTERM) where they differ
  from ISO's; ``name_en`` is then the UN's name and ``name_en_iso`` keeps ISO's;
- ``wikidata-states.tsv`` (hand-written, checked): the Wikidata item of each State.

The output is sorted and written byte for byte the same on every run, so a test can compare
it with the committed file: a changed library or data file shows up as a reviewable diff.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

import babel
import country_converter
import pycountry

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "loaders" / "gazetteer"
OUTPUT_NAME = "states.tsv"
OVERRIDE_NAME = "states-zh-un.tsv"
ENGLISH_NAME = "states-en-un.tsv"
WIKIDATA_NAME = "wikidata-states.tsv"

COLUMNS = ("alpha3", "alpha2", "m49", "un_status", "name_en", "name_en_iso", "name_zh", "name_zh_official",
           "wikidata", "variants_zh", "source")
OVERRIDE_COLUMNS = ("alpha3", "un_status", "name_zh", "name_zh_official", "variants_zh", "note")
WIKIDATA_COLUMNS = ("alpha3", "qid", "label_en")
ENGLISH_COLUMNS = ("alpha3", "name_en", "note")
STATUSES = ("member", "observer")
QID = re.compile(r"^Q[1-9][0-9]*$")


class BuildError(Exception):
    """The inputs disagree; the message says which file, row and value."""


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a hand-written TSV (``#`` lines are comments) with their line numbers."""
    if not path.is_file():
        raise BuildError(f"The gazetteer input {path} is missing.")
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if tuple(header) != columns:
                raise BuildError(f"{path.name}, line {number}: the header should be "
                                 f"{' / '.join(columns)}, not {' / '.join(header)}.")
            continue
        if len(cells) != len(columns):
            raise BuildError(f"{path.name}, line {number}: expected {len(columns)} tab-separated "
                             f"columns, found {len(cells)}.")
        rows.append((number, {k: v.strip() for k, v in zip(columns, cells)}))
    if header is None:
        raise BuildError(f"{path.name} has no header row.")
    return rows


def un_members() -> set[str]:
    """Alpha-3 codes of the UN member States, by country_converter's admission-year column."""
    table = Path(country_converter.__file__).with_name("country_data.tsv")
    with table.open(encoding="utf-8", newline="") as handle:
        return {row["ISO3"] for row in csv.DictReader(handle, delimiter="\t")
                if row["UNmember"].strip() not in ("", "nan")}


def name_key(name: str) -> str:
    # The same folding the resolver applies (untoc_kg.gazetteer.normalise_name), kept
    # dependency-free here so the builder runs without the package installed.
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace())


def split_names(cell: str) -> list[str]:
    return [name.strip() for name in cell.split("|") if name.strip()]


def build_rows(folder: Path = GAZETTEER) -> list[dict[str, str]]:
    overrides: dict[str, tuple[int, dict[str, str]]] = {}
    for number, row in read_tsv(folder / OVERRIDE_NAME, OVERRIDE_COLUMNS):
        if row["alpha3"] in overrides:
            raise BuildError(f"{OVERRIDE_NAME}, line {number}: {row['alpha3']} is listed twice "
                             f"(first on line {overrides[row['alpha3']][0]}).")
        if row["un_status"] not in ("", *STATUSES):
            raise BuildError(f"{OVERRIDE_NAME}, line {number}: un_status must be empty, member or "
                             f"observer, not {row['un_status']!r}.")
        overrides[row["alpha3"]] = (number, row)

    wikidata: dict[str, str] = {}
    for number, row in read_tsv(folder / WIKIDATA_NAME, WIKIDATA_COLUMNS):
        if row["qid"] and not QID.match(row["qid"]):
            raise BuildError(f"{WIKIDATA_NAME}, line {number}: {row['qid']!r} is not a Wikidata "
                             f"item id such as Q30.")
        if row["alpha3"] in wikidata:
            raise BuildError(f"{WIKIDATA_NAME}, line {number}: {row['alpha3']} is listed twice.")
        wikidata[row["alpha3"]] = row["qid"]

    english = read_english_names(folder / ENGLISH_NAME)

    members = un_members()
    observers = {a3 for a3, (_, row) in overrides.items() if row["un_status"] == "observer"}
    cldr = babel.Locale("zh").territories

    rows: list[dict[str, str]] = []
    for alpha3 in sorted(members | observers):
        country = pycountry.countries.get(alpha_3=alpha3)
        if country is None:
            raise BuildError(f"{alpha3} is a UN member or observer in the inputs but pycountry "
                             f"does not know it as an ISO 3166-1 alpha-3 code.")
        number, override = overrides.get(alpha3, (None, {}))
        cldr_name = cldr.get(country.alpha_2, "")
        from_override: list[str] = []

        name_zh = override.get("name_zh", "")
        if name_zh:
            from_override.append("name_zh")
        else:
            name_zh = cldr_name
        if not name_zh:
            raise BuildError(f"{alpha3} has no Chinese name: CLDR has none and {OVERRIDE_NAME} "
                             f"gives none.")
        official = override.get("name_zh_official", "")
        if official:
            from_override.append("name_zh_official")

        variants: list[str] = []
        seen = {name_key(name_zh), name_key(official)}
        report_variants = split_names(override.get("variants_zh", ""))
        if report_variants:
            from_override.append("variants_zh")
        # The CLDR name resolves too: it is what most Chinese text outside the UN prints.
        for name in [*report_variants, cldr_name]:
            if name and name_key(name) not in seen:
                seen.add(name_key(name))
                variants.append(name)

        name_en = country.name
        if alpha3 in english:
            number, name_en = english[alpha3]
            if name_key(name_en) == name_key(country.name):
                raise BuildError(f"{ENGLISH_NAME}, line {number}: {name_en} is also ISO's name of "
                                 f"{alpha3}; the file lists only the names that differ.")
            from_override.append("name_en")
        rows.append({
            "alpha3": alpha3,
            "alpha2": country.alpha_2,
            "m49": f"{int(country.numeric):03d}",
            "un_status": "member" if alpha3 in members else "observer",
            "name_en": name_en,
            "name_en_iso": country.name,
            "name_zh": name_zh,
            "name_zh_official": official,
            "wikidata": wikidata.get(alpha3, ""),
            "variants_zh": "|".join(variants),
            "source": "override:" + ",".join(from_override) if from_override else "libraries",
        })

    unknown = (set(overrides) | set(wikidata) | set(english)) - {row["alpha3"] for row in rows}
    if unknown:
        raise BuildError(f"{OVERRIDE_NAME}, {ENGLISH_NAME} or {WIKIDATA_NAME} lists {', '.join(sorted(unknown))}, "
                         f"which is neither a UN member nor an observer State.")
    check_unique_names(rows)
    return rows


def read_english_names(path: Path) -> dict[str, tuple[int, str]]:
    """alpha-3 → (line, UN English short name) of the reviewed file."""
    names: dict[str, tuple[int, str]] = {}
    for number, row in read_tsv(path, ENGLISH_COLUMNS):
        if row["alpha3"] in names:
            raise BuildError(f"{path.name}, line {number}: {row['alpha3']} is listed twice "
                             f"(first on line {names[row['alpha3']][0]}).")
        if not row["name_en"]:
            raise BuildError(f"{path.name}, line {number}: {row['alpha3']} has no name.")
        names[row["alpha3"]] = (number, row["name_en"])
    return names


def check_unique_names(rows: list[dict[str, str]]) -> None:
    owner: dict[str, str] = {}
    for row in rows:
        names = [row["name_zh"], row["name_zh_official"], *split_names(row["variants_zh"])]
        for name in filter(None, names):
            key = name_key(name)
            if owner.setdefault(key, row["alpha3"]) != row["alpha3"]:
                raise BuildError(f"The Chinese name {name} would resolve to both {owner[key]} and "
                                 f"{row['alpha3']}; make one of them unambiguous in {OVERRIDE_NAME}.")
    # An English report names a State by its UN name or by ISO's: each must be one State's.
    owner = {}
    for row in rows:
        for name in {row["name_en"], row["name_en_iso"]}:
            key = name_key(name).casefold()
            if owner.setdefault(key, row["alpha3"]) != row["alpha3"]:
                raise BuildError(f"The English name {name} would resolve to both {owner[key]} and "
                                 f"{row['alpha3']}; make one of them unambiguous in {ENGLISH_NAME}.")


def render(rows: list[dict[str, str]]) -> str:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(row[column] for column in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def build(output: Path | None = None, folder: Path = GAZETTEER) -> str:
    """Build the table from ``folder``'s inputs; write it to ``output`` if given; return it."""
    text = render(build_rows(folder))
    if output is not None:
        Path(output).write_bytes(text.encode("utf-8"))
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed states.tsv differs")
    args = parser.parse_args(argv)
    target = GAZETTEER / OUTPUT_NAME
    try:
        text = build(None if args.check else target)
    except BuildError as error:
        print(f"build_gazetteer: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is out of date; run python scripts/build_gazetteer.py.", file=sys.stderr)
            return 1
        return 0
    rows = text.count("\n") - 1
    print(f"Wrote {target} ({rows} States).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
