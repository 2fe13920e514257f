"""Headings in a note: how Obsidian links name them, their sections, and the ids links point at."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..slugs import slugify, unique
from . import syntax
from ..source import without_closing_marks
from .lines import Line, structure

_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*([^}\n]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"(?:^|[ \t])#([A-Za-z][\w.:-]*)")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKUP = re.compile(r"(\*\*|__|==|~~|[*_`])")
# Characters Obsidian leaves out of heading links (`[[Note#Q What]]` for a heading "Q: What?").
_LINK_UNSAFE = re.compile(r"[#|^:%\[\]\\]")


@dataclass(frozen=True)
class Heading:
    index: int       # position in the lines
    level: int
    text: str        # as written, without a trailing {attribute list}
    id: str          # the id the heading gets: one given in {#…}, else a slug unique in its topic
    explicit: bool   # whether the note already gave the id


def display(text: str) -> str:
    """Heading or link text as a reader sees it: links as their text, emphasis marks dropped."""
    text = syntax.ANY.sub(lambda m: syntax.parse(m.group(1)).display(), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    return " ".join(_MARKUP.sub("", text).split())


def key(text: str) -> str:
    """The form heading names are compared in: what a reader sees, without link-unsafe characters."""
    text = _LINK_UNSAFE.sub(" ", display(text))
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def scan(lines: list[Line]) -> list[Heading]:
    """Every ATX heading outside code, with an id unique among them."""
    found, taken = [], set()
    for line in structure(lines).headings(atx_only=True):
        text, given = _split_attributes(line.title)
        if given:
            taken.add(given)
        found.append(Heading(line.number - 1, line.level, text, given, bool(given)))
    result = []
    for heading in found:
        if not heading.explicit:
            heading = Heading(heading.index, heading.level, heading.text,
                              unique(slugify(display(heading.text)), taken), False)
        result.append(heading)
    return result


def _split_attributes(text: str) -> tuple[str, str]:
    match = _ATTR_LIST.search(text)
    if not match:
        return text, ""
    given = _ATTR_ID.search(match.group(1))
    return text[:match.start()], given.group(1) if given else ""


def find(headings: list[Heading], path: list[str], start: int = 0, end: int | None = None) -> Heading | None:
    """The heading a link's `#A#B` names: B inside A's section (Obsidian allows the chain)."""
    wanted = [key(part) for part in path if part.strip()]
    scope = [h for h in headings if h.index >= start and (end is None or h.index < end)]
    found = None
    for name in wanted:
        found = next((h for h in scope if key(h.text) == name), None)
        if found is None:
            return None
        scope_end = section_end(headings, found, end)
        scope = [h for h in scope if found.index < h.index < scope_end]
    return found


def section_end(headings: list[Heading], heading: Heading, limit: int | None = None) -> int:
    """The index where `heading`'s section ends: the next heading at its level or above."""
    for other in headings:
        if other.index > heading.index and other.level <= heading.level:
            return other.index if limit is None else min(other.index, limit)
    return limit if limit is not None else 10 ** 9


def with_id(line: Line, heading: Heading) -> Line:
    """The heading line with its id written out, so links reach it whatever the slug rules.

    An empty heading (`## `) keeps none: with nothing before it, `{#id}` is no attribute list to
    Python-Markdown but the heading's text, printed as written."""
    if heading.explicit or not display(heading.text):
        return line
    text = without_closing_marks(line.text)
    return line.with_text(f"{text} {{#{heading.id}}}")
