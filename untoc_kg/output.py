"""Query results as a table, CSV or JSON — the same rows whichever face asks."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import BinaryIO, Iterable, Iterator

from untoc_kg.formats import names
from untoc_kg.queries import QueryResult

FORMATS = names("rows")        # untoc-kg query --format; the first is the default


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render(result: QueryResult, fmt: str, max_cell: int = 60) -> str:
    if fmt == "json":
        return _json_rows(result.columns, result.rows) + "\n"
    if fmt == "csv":
        return b"".join(csv_chunks(result.columns, result.rows)).decode("utf-8")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    cells = [[_shorten("" if c is None else c, max_cell) for c in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(result.columns)]
    lines = [" | ".join(_pad(h, w) for h, w in zip(result.columns, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _json_rows(columns: list[str], rows: list[list[str | None]]) -> str:
    """The rows as json.dumps([dict(zip(columns, row)), …], ensure_ascii=False, indent=2) writes
    them, byte for byte. json.dumps with an indent runs its encoder in Python, a call per
    value; here each text goes through the C escaper once and the layout is joined around
    it, several times faster (a server writes this for every answer)."""
    if len(set(columns)) != len(columns) or any(c is not None and type(c) is not str for row in rows for c in row):
        # Repeated columns (a dict keeps the last) or cells that are not text: the library's way.
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2)
    if not rows:
        return "[]"
    keys = [f'    {_escape(column)}: ' for column in columns]
    objects = ["  {\n" + ",\n".join(key + ("null" if cell is None else _escape(cell)) for key, cell in zip(keys, row))
               + "\n  }" if columns and row else "  {}" for row in rows]
    return "[\n" + ",\n".join(objects) + "\n]"


# The escaper json.dumps(…, ensure_ascii=False) uses (in C where the interpreter has it).
_escape = json.encoder.encode_basestring


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


# Rows per chunk of a streamed CSV: a few tens of KB, one write (or one message between
# processes) each.
CSV_CHUNK_ROWS = 500


def csv_chunks(columns: list[str], rows: Iterable[list[str | None]],
               rows_per_chunk: int = CSV_CHUNK_ROWS) -> Iterator[bytes]:
    """CSV (UTF-8, "\\n" line ends, an empty cell for an unbound value) in chunks as the rows
    come: the header first, then every `rows_per_chunk` rows. The same bytes as render(…, "csv")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    yield _drain(buffer)
    count = 0
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
        count += 1
        if count == rows_per_chunk:
            yield _drain(buffer)
            count = 0
    if count:
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def write_csv(columns: list[str], rows: Iterable[list[str | None]], output: BinaryIO) -> int:
    """Write the rows as CSV to a binary file as they come; the number of rows written."""
    written = 0

    def counted():
        nonlocal written
        for row in rows:
            written += 1
            yield row
    for chunk in csv_chunks(columns, counted()):
        output.write(chunk)
    return written
