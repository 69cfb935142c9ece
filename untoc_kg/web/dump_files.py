"""The dump files the server sends, from the store's dumps folder (untoc_kg.dumps)."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from untoc_kg.dumps import dump_file, dumps_folder, missing_dumps, write_dumps
from untoc_kg.errors import StoreError, UntocError
from untoc_kg.store import GraphStore


class DumpFiles:
    """The dump files the server sends, from the store's dumps folder (untoc_kg.dumps).

    A load writes them. A store loaded by an older version has none: the first request for a
    dump then starts one background thread that writes the missing ones, and every request
    for a dump is answered 503 with Retry-After until they are in place. The thread is not
    the event loop, so the endpoint, the VoID document and the pages answer meanwhile. A
    store in memory gets a temporary folder for the life of the server."""

    def __init__(self, store: GraphStore):
        self.store = store
        self._folder = dumps_folder(store.path) if store.path is not None else None
        self._temporary: Path | None = None
        self._lock = threading.Lock()
        self._writer: threading.Thread | None = None
        self.failure: str | None = None

    def folder(self) -> Path:
        with self._lock:
            if self._folder is None:
                self._folder = self._temporary = Path(tempfile.mkdtemp(prefix="untoc-kg-dumps-"))
            return self._folder

    def find(self, fmt: str) -> Path | None:
        """The file of the dump in `fmt`, or None while it is being written."""
        path = dump_file(self.folder(), fmt)
        if path.is_file():
            return path
        with self._lock:
            if self.failure:
                raise StoreError(self.failure)
            if path.is_file():
                return path
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write, name="untoc-kg dumps", daemon=True)
                self._writer.start()
        return None

    def _write(self) -> None:
        folder = self.folder()
        try:
            write_dumps(self.store, folder, missing_dumps(folder))
        except Exception as error:   # noqa: BLE001 — the requests that wait for it must hear why
            with self._lock:
                self.failure = (str(error) if isinstance(error, UntocError)
                                else f"{folder}: the dumps could not be written ({error}).")

    def close(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
