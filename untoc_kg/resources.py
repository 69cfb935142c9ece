"""Where the knowledge folders (ontology/, shapes/, loaders/, queries/, samples/) live.

In a checkout they sit beside the package; in an installed wheel hatchling copies them into
``untoc_kg/_data``. Code asks here instead of building paths itself, so both work.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (e.g. ``"loaders"``), from the wheel or from the checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"The data folder {name!r} is missing: it should be at {_PACKAGE.parent / name} "
        f"or inside the installed package at {_PACKAGE / '_data' / name}."
    )


def data_file(*parts: str) -> Path:
    path = data_dir(parts[0]).joinpath(*parts[1:])
    if not path.is_file():
        raise FileNotFoundError(f"The data file {path} is missing.")
    return path
