"""The syntax of Obsidian links and embeds: `[[target#heading|alias]]`, `![[…]]`, `[[Note\\|alias]]` in tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

LINK = re.compile(r"(?<!!)\[\[([^\[\]\n]+?)\]\]")
EMBED = re.compile(r"!\[\[([^\[\]\n]+?)\]\]")
ANY = re.compile(r"!?\[\[([^\[\]\n]*?)\]\]")
_ALIAS = re.compile(r"\\?\|")
_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4})(?:[-_ ][A-Za-z]+)?$")


@dataclass(frozen=True)
class Link:
    note: str                 # the note or file part; "" for a link inside the same note
    headings: tuple[str, ...] # `#A#B`: heading B inside A
    block: str                # `#^id`: a block id
    alias: str                # the text after `|` (`\|` in tables)
    written: str              # everything between the brackets

    @property
    def is_date(self) -> bool:
        """A daily-note link such as [[12-04-2021-Monday]]: a date stamp, not a reference."""
        name = self.note.strip().rsplit("/", 1)[-1]
        return bool(_DATE.match(name)) and not self.headings and not self.block

    def display(self) -> str:
        """What Obsidian shows for the link: the alias, else the note and heading names."""
        return self.alias.strip() or self.target()

    def target(self) -> str:
        """The note and heading names, as a reader would say them: "Note › Heading"."""
        note = self.note.strip()
        if note.lower().endswith(".md"):
            note = note[:-3]
        place = " › ".join(h.strip() for h in self.headings if h.strip())
        if self.block:
            place = place or "^" + self.block
        return " › ".join(part for part in (note, place) if part) or self.written


def parse(inner: str) -> Link:
    target, *rest = _ALIAS.split(inner, maxsplit=1)
    alias = rest[0] if rest else ""
    note, *anchors = target.split("#")
    block = ""
    if anchors and anchors[-1].startswith("^"):
        block = anchors.pop()[1:].strip()
    return Link(note.strip(), tuple(a for a in anchors if a.strip()), block, alias, inner)
