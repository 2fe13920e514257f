"""Diagnostics that carry a source location, and the reporter that collects them."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = _display_path(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def at(self, line: int | None, column: int | None = None) -> "SourceLocation":
        return SourceLocation(self.path, line, column)


def _display_path(path: Path) -> str:
    # Relative to the working directory when possible: shorter, and clickable in editors.
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    message: str
    location: SourceLocation | None = None
    # What found the problem: a specific code ("missing-glyph") or the reporting stage's module
    # ("manifest", "obsidian.wikilinks"), so tools can filter. Not part of the printed line.
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else "booklet: "
        return f"{prefix}{self.severity}: {self.message}"

    def as_dict(self) -> dict:
        """The machine-readable form (`--diagnostics json`)."""
        where = self.location
        return {"file": _display_path(where.path) if where else None, "line": where.line if where else None,
                "column": where.column if where else None, "severity": self.severity,
                "code": self.code, "message": self.message}


def _caller_code(depth: int) -> str:
    # The module that reported, without the package: a stable name for the check.
    name = sys._getframe(depth + 1).f_globals.get("__name__", "")
    return name.removeprefix("booklet.") or "booklet"


class BookletError(Exception):
    """A problem in the user's input. Raised for one problem; Reporter collects many."""

    def __init__(self, message: str, location: SourceLocation | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code or _caller_code(1)

    def __reduce__(self):
        # Keep the location when the error crosses a process boundary (booklet/bounded.py).
        return type(self), (self.message, self.location)

    def diagnostic(self) -> Diagnostic:
        return Diagnostic("error", self.message, self.location, self.code)


class BuildFailed(Exception):
    """Raised when the reporter holds errors at the end of a stage."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} error(s)")
        self.diagnostics = diagnostics


@dataclass
class Reporter:
    """Collects every problem of a stage so the user sees them all at once."""

    strict: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, location: SourceLocation | None = None, code: str = "") -> None:
        self._add(Diagnostic("error", message, location, code or _caller_code(1)))

    def warning(self, message: str, location: SourceLocation | None = None, code: str = "") -> None:
        severity = "error" if self.strict else "warning"
        self._add(Diagnostic(severity, message, location, code or _caller_code(1)))

    def add(self, error: BookletError) -> None:
        self._add(error.diagnostic())

    def _add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def check(self) -> None:
        """End of a stage: abort if anything so far was an error."""
        if self.errors:
            raise BuildFailed(self.errors)
