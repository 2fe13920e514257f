"""The booklet index: what one topic may know about the others, computed once before any renders.

It holds names only (which file is which topic, under which id), never another topic's text or
output, and it cannot be changed after it is built: its mappings are read-only views. Every topic
renders against the same index, in any order and in any process, so a topic's fragment depends
on its own source, this index and the settings, nothing else (tests/test_independent_topics.py).
The Obsidian stage adds its own read-only part, `obsidian.wikilinks.Index` (headings and block
ids of every expanded note), built the same way before any wikilink is rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .model import Booklet


@dataclass(frozen=True)
class BookletIndex:
    ids: Mapping[Path, str]  # topic file (resolved) → topic id: links between topics
    titles: Mapping[str, str]  # topic id → title

    @classmethod
    def of(cls, booklet: Booklet) -> BookletIndex:
        topics = booklet.topics()
        return cls(MappingProxyType({t.path: t.id for t in topics}),
                   MappingProxyType({t.id: t.title for t in topics}))

    def topic_of(self, path: Path) -> str | None:
        """The id of the topic a link names; Obsidian writes Markdown links to notes without `.md`."""
        target = path.resolve()
        if target in self.ids:
            return self.ids[target]
        if target.suffix.lower() != ".md":
            return self.ids.get(target.with_name(target.name + ".md"))
        return None
