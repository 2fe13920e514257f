"""What the command line prints: results, problems (text or JSON), progress, colour when allowed."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import TextIO

from .errors import Diagnostic

_RESET = "\033[0m"
_STYLES = {"error": "\033[1;31m", "warning": "\033[1;35m", "path": "\033[1m", "note": "\033[36m"}


def colour_wanted(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set to anything (no-color.org) or TERM is dumb."""
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty() and os.environ.get("TERM") != "dumb"


@dataclass
class Console:
    quiet: bool = False       # only problems
    verbose: bool = False     # also what each stage did
    json: bool = False        # problems as JSON objects, one a line
    colour: bool = False
    writes: bool = True       # a command that writes files (`check` does not)

    @classmethod
    def for_args(cls, args) -> "Console":
        return cls(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False),
                   json=getattr(args, "diagnostics", "text") == "json", colour=colour_wanted(sys.stderr))

    def result(self, line: str) -> None:
        """A file written, and the like: standard output, silenced by --quiet."""
        if not self.quiet:
            print(line)

    def info(self, line: str) -> None:
        """What a stage did, for --verbose."""
        if self.verbose and not self.json:
            print(self._paint("note", f"booklet: {line}"), file=sys.stderr)

    @property
    def progress_shown(self) -> bool:
        return not self.quiet and not self.json and sys.stderr.isatty()

    def problems(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            print(json.dumps(diagnostic.as_dict(), ensure_ascii=False) if self.json else self._line(diagnostic),
                  file=sys.stderr)

    def failed(self, count: int, partial: bool = False) -> None:
        if not self.json:
            outcome = "some outputs were replaced (listed above)" if partial else "nothing was written"
            text = f"booklet: {count} error{'s' if count != 1 else ''}" + (f"; {outcome}" if self.writes else "")
            print(self._paint("error", text), file=sys.stderr)

    def _line(self, diagnostic: Diagnostic) -> str:
        if not self.colour:
            return str(diagnostic)
        where = f"{diagnostic.location}:" if diagnostic.location else "booklet:"
        return (f"{self._paint('path', where)} {self._paint(diagnostic.severity, diagnostic.severity + ':')} "
                f"{diagnostic.message}")

    def _paint(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.colour else text
