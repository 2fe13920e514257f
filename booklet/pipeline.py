"""The one pipeline: manifest → load → preprocess → HTML → writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import blocks, clippings, obsidian, press, quotes, stylesheets
from .errors import Reporter
from .layout import Layout
from .mindmap import pages as mindmap_pages
from .model import Booklet, RenderedBooklet, Topic
from .render import context_for, render_booklet
from .sections import Section, build as build_sections
from .writers import Output, epub as epub_writer, html as html_writer, pdf as pdf_writer

FORMATS = ("pdf", "epub", "html")

# Feature hooks, in order. A preprocessor is (booklet, reporter) → booklet; an extension
# factory is (booklet) → list of Markdown extensions; a finisher is (topic, fragment tree,
# reporter) → extras for RenderedTopic; a post-render step is (rendered booklet, layout,
# reporter) → rendered booklet, for what needs every topic (numbering through the booklet)
# or the layout (mind maps drawn with its fonts); back matter is (rendered, layout) → [Section].
PREPROCESSORS: list[Callable] = []
EXTENSIONS: list[Callable] = []
FINISHERS: list[Callable] = []
POST_RENDER: list[Callable] = []
BACK_MATTER: list[Callable] = []

# Revision blocks: summaries, key figures, questions, answer key (booklet/blocks).
EXTENSIONS.append(blocks.extensions)
FINISHERS.append(blocks.finish)
POST_RENDER.append(blocks.number_questions)
BACK_MATTER.extend(blocks.BACK_MATTER)

# Obsidian vault syntax (wikilinks, embeds, tags, PYQ blockquotes): first, so every later stage
# sees plain Markdown.
PREPROCESSORS.insert(0, obsidian.preprocess)
EXTENSIONS.append(obsidian.extensions)

# Web clippings: after the Obsidian stage (embeds inlined, PYQs made blocks), before rendering.
PREPROCESSORS.append(clippings.preprocess)

# Mind maps: a finisher finds each topic's outline, a post-render step draws it with the
# layout's fonts, back matter collects every map (booklet/mindmap/pages.py).
FINISHERS.append(mindmap_pages.find_outline)
POST_RENDER.append(mindmap_pages.draw_maps)
BACK_MATTER.append(mindmap_pages.mind_maps_part)

# Typography: quotes that smarty cannot see the context of (after an <abbr> or </strong>).
FINISHERS.append(quotes.fix_quotes)


@dataclass
class Prepared:
    """Everything the writers need, computed once and shared."""

    rendered: RenderedBooklet
    layout: Layout
    sections: list[Section]
    extra_css: tuple[str, ...] = ()
    pdf_options: dict = field(default_factory=dict)


def preprocess(booklet: Booklet, reporter: Reporter) -> Booklet:
    for step in PREPROCESSORS:
        booklet = step(booklet, reporter)
    reporter.check()
    return booklet


def prepare(booklet: Booklet, reporter: Reporter,
            progress: Callable[[int, int, Topic], None] | None = None) -> Prepared:
    booklet = preprocess(booklet, reporter)
    booklet = press.configured(booklet, reporter)  # brand pack and print settings
    layout = Layout.for_project(booklet.root, booklet.options.layout, extra=press.layout_folders(booklet))
    check_layout(layout, reporter)
    extensions = tuple(ext for factory in EXTENSIONS for ext in factory(booklet))
    context = context_for(booklet, extensions, tuple(FINISHERS))
    rendered = render_booklet(booklet, context, reporter, progress)
    for step in POST_RENDER:
        rendered = step(rendered, layout, reporter)
    sections = build_sections(rendered, layout, tuple(BACK_MATTER))
    reporter.check()
    extra_css = (*press.extra_css(booklet), mindmap_pages.page_css(booklet.options))
    return Prepared(rendered, layout, sections, extra_css, press.pdf_options(booklet))


def check_layout(layout: Layout, reporter: Reporter) -> None:
    """Stylesheets may only reference files in the layouts: refuse the rest with css:line errors."""
    for name in ("print.css", "epub.css"):
        stylesheets.check(layout.find(name), tuple(layout.folders), reporter)


def write(prepared: Prepared, fmt: str, target: Path, engine=None) -> Output:
    """One output; a PDF goes through `engine` (booklet.engine.Engine) when given."""
    if fmt == "pdf":
        return pdf_writer.write(prepared.rendered, prepared.sections, prepared.layout, target,
                                prepared.extra_css, prepared.pdf_options, engine)
    if fmt == "epub":
        return epub_writer.write(prepared.rendered, prepared.sections, prepared.layout, target)
    if fmt == "html":
        return html_writer.write(prepared.rendered, prepared.sections, prepared.layout, target)
    raise ValueError(f"unknown format {fmt}")
