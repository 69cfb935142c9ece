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


class ValidationFailed(UntocError):
    """The graph of a report broke the SHACL shapes; nothing was stored."""

    def __init__(self, file: str, violations: list):
        self.file = file
        self.violations = violations
        first = violations[0].line() if violations else ""
        super().__init__(
            f"{file}: the graph read from this report breaks {len(violations)} SHACL "
            f"constraint(s), so it was not stored; the first: {first}"
        )

    def __reduce__(self):
        return (ValidationFailed, (self.file, self.violations))


class StoreError(UntocError):
    """The store could not be opened or written."""
