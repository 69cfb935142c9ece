"""Who may open a store folder at the same time: many readers, or one writer.

Oxigraph lets a read-only Store be opened while another process writes the same folder, and
calls what the reader then sees undefined: a server that stayed up through a load answered
from two snapshots at once (the same COUNT gave 204 graphs in some workers, 244 in others).
So every open of a store folder takes an advisory lock on a file inside it — shared for
readers (`query`, `export`, `serve` and its workers), exclusive for writers (`load`, `link`)
— and an open that cannot have its lock is refused with a sentence saying who holds it.

flock(2) locks belong to the open file, so they end with the process however it ends (a kill
included), and two opens in one process exclude each other like two processes would. Forked
children (the loader's and the server's worker pools) must not keep their parent's lock alive
after the parent is gone: they close their inherited copy at fork.
"""

from __future__ import annotations

import fcntl
import os
import weakref
from pathlib import Path

from untoc_kg.errors import StoreError

LOCK_FILE = "untoc-kg.lock"
# Long-lived readers leave a note here (one file per process) so that a refused writer can
# say which process to stop; a note whose process is gone is ignored.
READERS_FOLDER = "untoc-kg.readers"

_held: "weakref.WeakSet[StoreLock]" = weakref.WeakSet()


class StoreLock:
    """The lock one GraphStore holds on its folder while it is open."""

    def __init__(self, folder: Path, *, exclusive: bool, purpose: str):
        self.folder = folder
        self.exclusive = exclusive
        self.purpose = purpose
        self._note: Path | None = None
        self._file = _open_lock_file(folder, exclusive)
        if self._file is None:
            return        # a read-only folder: nobody can write it, so there is nothing to exclude
        try:
            fcntl.flock(self._file.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(folder, self._file, exclusive)
            self._file.close()
            self._file = None
            raise StoreError(_refusal(folder, exclusive, holder)) from None
        if exclusive:
            self._file.seek(0)
            self._file.truncate()
            self._file.write(f"{os.getpid()} {purpose}\n")
            self._file.flush()
        elif purpose:
            self._note = _leave_note(folder, purpose)
        _held.add(self)

    def release(self) -> None:
        if self._note is not None:
            self._note.unlink(missing_ok=True)
            self._note = None
        if self._file is not None:
            self._file.close()       # closing the file ends the flock
            self._file = None

    def _forget_in_child(self) -> None:
        # In a forked child: drop the inherited descriptor without touching the lock, which
        # the parent still holds through its own descriptor, and leave the parent's note alone.
        self._note = None
        if self._file is not None:
            try:
                os.close(self._file.fileno())
            except OSError:
                pass
            self._file = None


def _forget_inherited_locks() -> None:
    for lock in list(_held):
        lock._forget_in_child()


os.register_at_fork(after_in_child=_forget_inherited_locks)


def _open_lock_file(folder: Path, exclusive: bool):
    path = folder / LOCK_FILE
    try:
        return open(path, "a+", encoding="utf-8")
    except PermissionError:
        if exclusive:
            raise StoreError(f"{folder}: the store cannot be written by this user (no permission to "
                             f"create {LOCK_FILE} in it).") from None
        try:
            return open(path, "r", encoding="utf-8")
        except OSError:
            return None


def _holder(folder: Path, lock_file, wanted_exclusive: bool) -> tuple[str, int | None, str]:
    """Who holds the lock: ("writer", pid, purpose), ("reader", pid, purpose) for a reader
    that left a note, or ("reader", None, "") when only short-lived readers hold it."""
    if not wanted_exclusive or not _shared_lock_free(lock_file):
        lock_file.seek(0)
        pid, _, purpose = lock_file.read().strip().partition(" ")
        return ("writer", int(pid) if pid.isdigit() else None, purpose)
    for pid, purpose in _reader_notes(folder):
        return ("reader", pid, purpose)
    return ("reader", None, "")


def _shared_lock_free(lock_file) -> bool:
    # A shared lock can be had while only readers hold the file, not while a writer does.
    try:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
    return True


def _refusal(folder: Path, exclusive: bool, holder: tuple[str, int | None, str]) -> str:
    kind, pid, purpose = holder
    doing = f" ({purpose})" if purpose else ""
    if kind == "writer":
        by = f"process {pid}" if pid is not None else "another process"
        return (f"{folder}: the store is being written by {by}{doing}; "
                "wait for it to end, or use another store.")
    if pid is not None:
        return (f"{folder}: the store is being served by process {pid}{doing}; "
                "stop it or load into another store.")
    return (f"{folder}: the store is open for reading in another process (a query or an export); "
            "try again when it ends, or load into another store.")


def _leave_note(folder: Path, purpose: str) -> Path | None:
    notes = folder / READERS_FOLDER
    try:
        notes.mkdir(exist_ok=True)
        note = notes / str(os.getpid())
        note.write_text(purpose + "\n", encoding="utf-8")
        return note
    except OSError:
        return None          # a read-only folder: no writer can come, so no one needs the note


def _reader_notes(folder: Path):
    notes = folder / READERS_FOLDER
    if not notes.is_dir():
        return
    for note in sorted(notes.iterdir()):
        if note.name.isdigit() and _alive(int(note.name)):
            yield int(note.name), note.read_text(encoding="utf-8").strip()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
