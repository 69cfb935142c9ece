"""The ontology documentation the server shows at /ontology/: the folder `serve --docs` names
when `untoc-kg docs` built it there from the ontology as it is now, else the pages built with
pyLODE on first use (about five seconds, once) into the store's folder, or a temporary folder
for a store in memory or one whose folder cannot be written. The stamp `untoc-kg docs` writes
with the pages (docs.SOURCES_STAMP: a digest of the ontology's sources and of the code that
renders them) says when pages built before are out of date; those are not shown."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from untoc_kg.docs import SOURCES_STAMP, build_docs, sources_stamp
from untoc_kg.errors import UntocError

BUILT_FOLDER = "ontology-docs"


class DocsFolder:
    def __init__(self, given: Path | None, store_path: Path | None):
        self.given = given
        self.store_path = store_path
        self._lock = threading.Lock()
        self._built: Path | None = None
        self._temporary: Path | None = None

    def ready(self) -> Path | None:
        """The folder that holds index.html now, without building anything."""
        if self.given is not None and is_current(self.given):
            return self.given
        return self._built

    def folder(self) -> Path:
        """The folder of the pages, built first when there are none (raises UntocError with the
        reason when they cannot be built, e.g. pyLODE is not installed)."""
        found = self.ready()
        if found is not None:
            return found
        with self._lock:
            if self._built is not None:
                return self._built
            for target in self._targets():
                if is_current(target):
                    self._built = target
                    return target
            failure = None
            for target in self._targets():
                try:
                    self._build(target)
                except OSError as error:
                    failure = error
                    continue
                self._built = target
                return target
            raise UntocError(f"The ontology documentation could not be written ({failure}).")

    def _targets(self):
        if self.store_path is not None:
            yield Path(self.store_path) / BUILT_FOLDER
        if self._temporary is None:
            self._temporary = Path(tempfile.mkdtemp(prefix="untoc-kg-docs-"))
        yield self._temporary

    @staticmethod
    def _build(target: Path) -> None:
        # Built beside the target and moved into place, so a reader never sees half the pages.
        staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
        try:
            build_docs(staging)
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def close(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)


def is_current(folder: Path) -> bool:
    """Whether the folder holds the pages of the ontology as it is now."""
    try:
        return (folder / "index.html").is_file() and \
            (folder / SOURCES_STAMP).read_text(encoding="utf-8") == sources_stamp()
    except OSError:
        return False
