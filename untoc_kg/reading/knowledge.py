"""The knowledge a report is read, mapped and checked with, loaded once per process.

Each loader of a knowledge file (the phrasebooks and language files, the gazetteers, the series,
the topic scheme, the shapes, the loader's version digest) caches what it reads, and registers
itself here where it is defined. ``KNOWLEDGE.warm()`` runs them all: the load calls it before
its worker processes fork, so that every worker inherits the caches instead of reading the
files again, and a new cache is warmed without anyone listing it by hand.
"""

from __future__ import annotations

import importlib
from typing import Callable

# The modules whose imports register every loader a report needs: reading, mapping, validation.
_ENGINE = ("untoc_kg.reading.report", "untoc_kg.mapping", "untoc_kg.validation")


class Knowledge:
    def __init__(self) -> None:
        self._loaders: dict[str, Callable[[], object]] = {}

    def holds(self, name: str, loader: Callable[[], object]) -> None:
        """Register ``loader`` (no arguments, cached by its own module) under ``name``."""
        self._loaders[name] = loader

    def names(self) -> list[str]:
        self._import_engine()
        return sorted(self._loaders)

    def warm(self) -> None:
        """Load everything a report needs, in this process, now."""
        self._import_engine()
        for loader in list(self._loaders.values()):
            loader()

    @staticmethod
    def _import_engine() -> None:
        for module in _ENGINE:
            importlib.import_module(module)


KNOWLEDGE = Knowledge()
