"""Which loader read a report: the package version and a digest of everything that turns a
file into its graph (the engine's code and the knowledge folders it runs).

A reload skips a file whose stored reading has the same content hash and the same loader
version. The package version alone would not do: a fixed phrasebook entry or reader changes
what a file gives without a new release number, and a skipped file would keep its old reading.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from untoc_kg import __version__
from untoc_kg.resources import data_dir

# What decides a report graph: the rules of reading (loaders/), the vocabulary and the shapes
# the graph is checked against, and the modules that read, map and check a file. The stored
# queries, the serving layer, the links and the web site do not: a change there must not make
# a reload read a thousand reports again. A new module that reading or mapping imports
# belongs in this list.
KNOWLEDGE_FOLDERS = ("loaders", "ontology", "shapes")
READING_CODE = ("reading", "mapping.py", "records.py", "vocab.py", "gazetteer.py", "topics.py",
                "links_out.py", "reference.py", "validation.py", "validation_index.py", "errors.py",
                "resources.py", "loader_version.py")


@lru_cache(maxsize=1)
def loader_version() -> str:
    """“untoc-kg 0.1.0+3f2a9c1d04be”: the version and the first 12 hex digits of the digest."""
    package = Path(__file__).resolve().parent
    roots = [("untoc_kg", package / name, "*.py") for name in READING_CODE]
    roots += [(name, data_dir(name), "*") for name in KNOWLEDGE_FOLDERS]
    files = sorted((name, path.relative_to(package.parent if name == "untoc_kg" else base).as_posix(), path)
                   for name, base, pattern in roots
                   for path in ([base] if base.is_file() else base.rglob(pattern))
                   if path.is_file() and "__pycache__" not in path.parts)
    digest = hashlib.sha256()
    for name, relative, path in files:
        digest.update(f"{name}/{relative}\0".encode("utf-8"))
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"untoc-kg {__version__}+{digest.hexdigest()[:12]}"
