"""The one data model every stage reads and returns: small frozen dataclasses."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .errors import SourceLocation
from .labels import Labels
from .printing import PrintSettings
from .source import Source, classify

if TYPE_CHECKING:
    from .brand import Brand

EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Metadata:
    title: str
    subtitle: str = ""
    language: str = "en"
    edition: str = ""
    date: _dt.date | None = None
    authors: tuple[str, ...] = ()
    institute: str = ""
    description: str = ""
    identifier: str = ""  # stable EPUB identifier, a URN


@dataclass(frozen=True)
class Options:
    """Booklet-wide switches from the manifest (and the command line)."""

    revision_summary: bool = True
    key_figures: bool = True
    answer_key: bool = True
    previous_year_questions: bool = True
    mind_maps: bool = False          # the back-matter part collecting every map
    mindmaps: str = "start"          # start | end | off: the map page in each topic
    brand: str = ""
    layout: str = "default"
    settings: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # --set key=value, for templates
    vault: Path | None = None        # an Obsidian vault folder inside the project (note names resolve there)
    obsidian: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # the manifest's `obsidian:` settings
    clippings: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # the manifest's `clippings:` settings
    strict_line_breaks: bool = True  # outside vaults: a single newline joins lines, as in Markdown
    # Brand pack and print settings, resolved by booklet.press (the manifest's `brand:`/`print:`, --brand…).
    branding: Brand | None = None
    palette: tuple[str, ...] = ()    # the brand's colours in order, for mind maps and other drawings
    printing: PrintSettings = field(default_factory=PrintSettings)
    # The fixed words the booklet prints, in its language (booklet.labels; set once the layout is known).
    labels: Labels = field(default_factory=Labels)


@dataclass(frozen=True)
class Topic:
    id: str                  # unique in the booklet, stable across builds
    path: Path
    title: str
    source: str              # Markdown after the front matter
    body_line: int           # line in `path` where `source` starts (1-based)
    meta: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    role: str = "topic"      # front | topic | back
    where: SourceLocation | None = None  # where the manifest lists it
    # Where each line of `source` came from, when a preprocessor moved lines or inlined other
    # files (Obsidian embeds); empty when `source` is the file's body line for line.
    lines: tuple[SourceLocation, ...] = ()
    meta_where: Mapping[str, SourceLocation] = field(default_factory=lambda: EMPTY)  # front-matter key → line
    lang: str = ""           # the topic's language (`lang:` in front matter); "" for the booklet's
    # Syllabus tags ("Mains: Paper 2", "Mains › IR › …"), shown under the title and kept for back matter.
    syllabus: tuple[str, ...] = ()
    clipping: bool = False   # rewritten by the clippings stage (booklet/clippings)
    tags: tuple[str, ...] = ()  # front-matter tags shown as labels (vault notes: booklet/obsidian/properties.py)
    hard_breaks: bool = False  # a single newline is a line break (Obsidian without strict line breaks)

    @cached_property
    def structure(self) -> Source:
        """The source model of `source`, classified once (booklet/source.py)."""
        return classify(self.source)

    def meta_location(self, key: str) -> SourceLocation:
        """Where front-matter `key` (dotted for nested keys) was written, else the file's first line."""
        return self.meta_where.get(key) or self.location(None)

    def location(self, line_in_source: int | None = None) -> SourceLocation:
        if line_in_source is None:
            return SourceLocation(self.path, 1)
        if self.lines and 0 < line_in_source <= len(self.lines):
            return self.lines[line_in_source - 1]
        return SourceLocation(self.path, self.body_line + line_in_source - 1)


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class Booklet:
    name: str                # output file stem
    root: Path               # the project folder: the manifest's folder
    manifest: Path | None
    meta: Metadata
    options: Options
    parts: tuple[Part, ...]
    front: tuple[Topic, ...] = ()
    back: tuple[Topic, ...] = ()

    def with_topics(self, rewrite: Callable[[Topic], Topic]) -> "Booklet":
        """This booklet with `rewrite` applied to every topic (front, parts, back), for preprocessors."""
        return replace(
            self,
            front=tuple(rewrite(t) for t in self.front),
            parts=tuple(Part(p.id, p.title, tuple(rewrite(t) for t in p.topics)) for p in self.parts),
            back=tuple(rewrite(t) for t in self.back),
        )

    @property
    def label(self) -> str:
        """How messages name the booklet: its manifest's file name (a bare `booklet build` builds
        `booklet.yml`, whose name `booklet` after the program's own prefix read "booklet: booklet:"),
        or, built from notes, its name."""
        return self.manifest.name if self.manifest is not None else self.name

    def topics(self) -> tuple[Topic, ...]:
        """Every topic in reading order."""
        body = tuple(t for part in self.parts for t in part.topics)
        return self.front + body + self.back

    def __str__(self) -> str:
        lines = [f"Booklet {self.name!r}: {self.meta.title}"]
        lines += [f"  front: {t.title}" for t in self.front]
        for part in self.parts:
            lines.append(f"  part {part.title}")
            lines += [f"    topic {t.id}: {t.title}" for t in part.topics]
        lines += [f"  back: {t.title}" for t in self.back]
        return "\n".join(lines)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str


@dataclass(frozen=True)
class RenderedTopic:
    """One topic as an HTML fragment: what every writer shares."""

    topic: Topic
    html: str
    headings: tuple[Heading, ...] = ()
    images: tuple[Path, ...] = ()      # local files the fragment references, root-relative
    extras: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # per-feature data (questions, figures, map)

    @property
    def id(self) -> str:
        return self.topic.id


@dataclass(frozen=True)
class RenderedBooklet:
    booklet: Booklet
    topics: tuple[RenderedTopic, ...]

    def topic(self, topic_id: str) -> RenderedTopic:
        return next(t for t in self.topics if t.id == topic_id)
