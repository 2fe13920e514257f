"""A note's lines, each with the file line it came from, and helpers that rewrite them around code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import SourceLocation
from ..inline import MASK as _MASK, mask_code_and_maths
from ..model import Topic
from ..source import Source, classify



@dataclass(frozen=True)
class Line:
    text: str
    where: SourceLocation  # the file and line this text came from (an embedded note's, for embeds)

    @property
    def path(self) -> Path:
        return self.where.path

    def with_text(self, text: str) -> "Line":
        return Line(text, self.where)


def of_topic(topic: Topic) -> list[Line]:
    return [Line(text, topic.location(n)) for n, text in enumerate(topic.source.split("\n"), 1)]


def of_text(text: str, path: Path, first_line: int) -> list[Line]:
    return [Line(t, SourceLocation(path, first_line + n)) for n, t in enumerate(text.split("\n"))]


def structure(lines: list[Line]) -> Source:
    """The source model of these lines (booklet/source.py): line `n` of it is `lines[n - 1]`."""
    return classify([line.text for line in lines])


def in_code(lines: list[Line]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fences included)."""
    return structure(lines).in_code()


def prose(lines: list[Line]) -> Iterator[tuple[int, Line]]:
    """The lines outside fenced code, with their indexes."""
    for index, (line, code) in enumerate(zip(lines, in_code(lines))):
        if not code:
            yield index, line


def mask_code(text: str) -> str:
    """`text` with inline code spans and maths blanked out, same length, so matches never start
    inside them (`$R[[x]]$` is a formula, not a wikilink)."""
    return mask_code_and_maths(text)


def sub_outside_code(pattern: re.Pattern, replace: Callable[[re.Match], str], text: str) -> str:
    """Like `pattern.sub(replace, text)`, but leaves inline code spans alone."""
    masked = mask_code(text)
    if masked == text:
        return pattern.sub(replace, text)
    out, last = [], 0
    for match in pattern.finditer(masked):
        if _MASK in match.group(0):
            continue
        out.append(text[last:match.start()])
        out.append(replace(match))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def to_source(lines: list[Line]) -> tuple[str, tuple[SourceLocation, ...]]:
    return "\n".join(line.text for line in lines), tuple(line.where for line in lines)
