"""The booklet as an ordered list of sections, each rendered once from the layout for every writer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import __version__
from .layout import Layout
from .model import Heading, RenderedBooklet, RenderedTopic


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    kind: str                 # title | part | front | topic | back
    html: str                 # the section's HTML, shared by the PDF, EPUB and HTML writers
    level: int                # 1 at the top of the outline, 2 under a part
    headings: tuple[Heading, ...] = ()
    part_title: str = ""

    @property
    def in_contents(self) -> bool:
        return self.kind != "title"


# Back matter is produced by features (answer key, indexes…): each is a callable
# (rendered booklet, layout) → list of Sections, registered in order.
BackMatter = Callable[[RenderedBooklet, Layout], list[Section]]


def build(rendered: RenderedBooklet, layout: Layout, back_matter: tuple[BackMatter, ...] = ()) -> list[Section]:
    booklet = rendered.booklet
    by_id = {t.id: t for t in rendered.topics}
    common = _common(rendered)
    sections = [Section("title-page", booklet.meta.title, "title", layout.render("title-page.html", **common), 1)]
    sections += [_topic(by_id[t.id], layout, common, "front", 1) for t in booklet.front if t.id in by_id]
    for part in booklet.parts:
        html = layout.render("part.html", part=part, **common)
        sections.append(Section(part.id, part.title, "part", html, 1))
        sections += [_topic(by_id[t.id], layout, common, "topic", 2, part.title)
                     for t in part.topics if t.id in by_id]
    sections += [_topic(by_id[t.id], layout, common, "back", 1) for t in booklet.back if t.id in by_id]
    for produce in back_matter:
        sections += produce(rendered, layout)
    return sections


def _topic(rt: RenderedTopic, layout: Layout, common: dict, kind: str, level: int, part_title: str = "") -> Section:
    html = layout.render("topic.html", topic=rt, kind=kind, part_title=part_title, **common)
    outline = tuple(h for h in rt.headings if h.level == 2)
    return Section(rt.id, rt.topic.title, kind, html, level, outline, part_title)


def _common(rendered: RenderedBooklet) -> dict:
    booklet = rendered.booklet
    return {"meta": booklet.meta, "options": booklet.options, "booklet": booklet, "version": __version__,
            "brand": booklet.options.branding, "labels": booklet.options.labels}


def common_context(rendered: RenderedBooklet) -> dict:
    """The variables every template sees; features rendering their own templates use it too."""
    return _common(rendered)


def contents(sections: list[Section]) -> list[tuple[Section, list[Section]]]:
    """The table of contents as (entry, children) pairs: parts hold their topics."""
    entries: list[tuple[Section, list[Section]]] = []
    for section in sections:
        if not section.in_contents:
            continue
        if section.level == 2 and entries:
            entries[-1][1].append(section)
        else:
            entries.append((section, []))
    return entries
