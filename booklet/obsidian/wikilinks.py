"""`[[Note]]`, `[[Note#Heading|alias]]` and `[[#Heading]]`: links within the booklet, or their text.

A link to a note or heading that is in the booklet becomes a Markdown link to that topic's file;
the render stage turns it into an internal link (`#topic--heading`) that the PDF makes clickable
(with its page number) and the EPUB points at the right file. Anything else keeps its text.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

from ..errors import Reporter
from ..fragment import INTERNAL
from ..model import Topic
from ..source import block_id_pattern
from . import headings, syntax
from .lines import Line, prose, sub_outside_code
from .vault import NOTE_SUFFIX, Vault

LINK_CLASS = INTERNAL  # a Markdown link to a topic file gets the same class (fragment.resolve_links)
_DATE_LINE = re.compile(r"^[ \t]*(?:\[\[[^\[\]\n]+\]\][ \t,;-]*)+$")


@dataclass(frozen=True)
class Place:
    topic: Topic
    heading: headings.Heading | None = None  # None: the topic's start


class Index:
    """Where every note and heading of the booklet ended up: topic by file, headings (with the ids
    they render with) by topic. Built once from every topic before any is rewritten, then only read:
    linking one topic never changes what another renders."""

    def __init__(self, topics: list[Topic], lines: dict[str, list[Line]]):
        # Read-only views: resolving one topic's links can never change what another sees.
        self.topics = MappingProxyType({t.path.resolve(): t for t in topics})
        self.lines = MappingProxyType({t.id: tuple(lines[t.id]) for t in topics})
        self.headings = MappingProxyType({t.id: tuple(headings.scan(lines[t.id])) for t in topics})
        self._topic_list = tuple(topics)

    def contains(self, note: Path) -> bool:
        return note in self.topics

    def place(self, note: Path, heads: tuple[str, ...], block: str = "") -> Place | None:
        """The topic and heading that `note#heads` (or `note#^block`) landed in, if it is in the booklet."""
        own = self.topics.get(note)
        if not heads and not block:
            return Place(own) if own else None
        if own is not None and len(heads) == 1 and headings.key(heads[0]) == headings.key(own.title):
            return Place(own)  # the note's title line, which the layout prints
        ordered = ([own] if own else []) + [t for t in self._topic_list if t is not own]
        for topic in ordered:
            mine = [h for h in self.headings[topic.id] if self.lines[topic.id][h.index].path == note]
            if block:
                found = self._block(topic, note, block)
                if found is not None:
                    return found
            elif (heading := headings.find(mine, list(heads))) is not None:
                return Place(topic, heading)
        return None

    def _block(self, topic: Topic, note: Path, block: str) -> Place | None:
        marker = block_id_pattern(block)
        lines = self.lines[topic.id]
        for index, line in enumerate(lines):
            if line.path == note and marker.search(line.text):
                above = [h for h in self.headings[topic.id] if h.index <= index]
                return Place(topic, above[-1] if above else None)
        return None


class Linker:
    """Rewrites one topic's wikilinks against the booklet's index, warning about the ones that stay text."""

    def __init__(self, vault: Vault, index: Index, topic: Topic, reporter: Reporter):
        self.vault, self.index, self.topic, self.reporter = vault, index, topic, reporter

    def rewrite(self, lines: list[Line]) -> list[Line]:
        out = list(lines)
        for number, line in prose(lines):
            if "[[" not in line.text:
                continue
            if _DATE_LINE.match(line.text) and all(syntax.parse(m.group(1)).is_date
                                                   for m in syntax.LINK.finditer(line.text)):
                out[number] = self._date_line(line)
                continue
            out[number] = line.with_text(sub_outside_code(syntax.LINK, partial(self._link_match, line), line.text))
        return out

    def _link_match(self, line: Line, match: re.Match) -> str:
        return self._link(syntax.parse(match.group(1)), line)

    def _date_line(self, line: Line) -> Line:
        # A daily-note stamp such as [[12-04-2021-Monday]] on a note's first line: printed small, as a date.
        dates = [syntax.parse(m.group(1)).display() for m in syntax.LINK.finditer(line.text)]
        return line.with_text(f'<p class="note-date">{html.escape(", ".join(dates))}</p>')

    def _link(self, link: syntax.Link, line: Line) -> str:
        text = link.display()
        if link.note:
            found = self.vault.resolve(link.note, line.path)
            if found.path is None:
                if not link.is_date:
                    self.reporter.warning(f"[[{link.written}]]: no note named '{link.note}' in the vault; "
                                          "shown as plain text", line.where)
                return _plain(text)
            if found.guessed:
                names = ", ".join(self.vault.relative(p) for p in found.candidates)
                self.reporter.warning(f"[[{link.written}]] could mean {names}; linked to the first. Write more "
                                      "of the path to choose", line.where)
            note = found.path
        else:
            note = line.path.resolve()
        if note.suffix.lower() != NOTE_SUFFIX:
            self.reporter.warning(f"[[{link.written}]] links to a file a booklet cannot open; shown as plain text",
                                  line.where)
            return _plain(text)
        place = self.index.place(note, link.headings, link.block)
        if place is None and self.index.contains(note):
            what = f"block ^{link.block}" if link.block else f"heading '{' › '.join(link.headings)}'"
            self.reporter.warning(f"[[{link.written}]]: no {what} in {note.name}; linked to the note",
                                  line.where)
            place = self.index.place(note, ())
        if place is None:
            if not link.is_date:
                self.reporter.warning(f"[[{link.written}]] links to {self.vault.relative(note)}, which is not in "
                                      "this booklet; shown as plain text", line.where)
            return _plain(text)
        if place.heading is None and place.topic is self.topic:
            return _plain(text)  # a note naming itself (a published note's title link)
        return self._markdown_link(text, place)

    def _markdown_link(self, text: str, place: Place) -> str:
        href = quote(Path(os.path.relpath(place.topic.path, self.topic.path.parent)).as_posix())
        if place.heading is not None:
            href += "#" + place.heading.id  # every heading's id is written out (with_ids)
        label = re.sub(r"([\[\]\\])", r"\\\1", text)
        return f"[{label}]({href}){{: .{LINK_CLASS}}}"


def _plain(text: str) -> str:
    return re.sub(r"([\[\]])", r"\\\1", text)


def with_ids(lines: list[Line], topic_id: str, index: Index) -> list[Line]:
    """Write out the id of every heading, so a link from any topic reaches it whatever the slug
    rules; whether another topic links here does not change this topic's text."""
    out = list(lines)
    for heading in index.headings[topic_id]:
        out[heading.index] = headings.with_id(out[heading.index], heading)
    return out
