"""Errors that reach a user: each one is a sentence naming the file, the place and the reason."""

from __future__ import annotations


class UntocError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits non-zero."""


class ReportError(UntocError):
    """A report file could not be read as a report of this series."""

    def __init__(self, file: str, reason: str, place: str | None = None):
        self.file = file
        self.place = place
        self.reason = reason
        where = f"{file}, {place}" if place else file
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        # Loads run in worker processes; the error must cross back whole.
        return (ReportError, (self.file, self.reason, self.place))


class DataFileError(UntocError, ValueError):
    """A file of loaders/ (the phrasebook, the series) is malformed: the sentence names the
    file, the entry and what is wrong, before any report is read with it."""


class ValidationFailed(UntocError):
    """The graph of a report broke the SHACL shapes; nothing was stored."""

    def __init__(self, file: str, violations: list):
        self.file = file
        self.violations = violations
        # The violations themselves are listed by whoever prints the error, once each.
        super().__init__(
            f"{file}: the graph read from this report breaks {len(violations)} SHACL "
            f"constraint(s), so it was not stored:"
        )

    def __reduce__(self):
        return (ValidationFailed, (self.file, self.violations))


class UnresolvedNames(UntocError):
    """Names the gazetteer does not know left the report's graph too incomplete to store.

    Said as the names, with their paragraphs, rather than as the shapes they break: the names
    are the cause, and the fix is a gazetteer entry or a correction of the report."""

    def __init__(self, file: str, names: list[str], violations: int):
        self.file = file
        self.names = names            # one line each: "file, paragraph 12: the name “…” …"
        self.violations = violations
        super().__init__(
            f"{file}: {len(names)} name(s) did not resolve, and without them the graph read from "
            f"this report breaks {violations} SHACL constraint(s), so it was not stored; add the "
            f"names to loaders/gazetteer/ or correct the report:"
        )

    def __reduce__(self):
        return (UnresolvedNames, (self.file, self.names, self.violations))


class PartialReplacement(ReportError):
    """A partial reading would replace a stored graph that holds more of the same report."""

    def __reduce__(self):
        return (PartialReplacement, (self.file, self.reason, self.place))


class StoreError(UntocError):
    """The store could not be opened or written."""
