"""The one pipeline: manifest → load → preprocess → HTML → writers."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import FORMATS as FORMATS, clippings, labels, obsidian, press
from .errors import Reporter
from .features import Feature, FeatureSet, Imported
from . import fragcache
from .fragcache import Fragments
from .layout import Layout
from .mindmap import pagebox
from .model import Booklet, RenderedBooklet, Topic
from .rendercache import RenderCache
from .sections import Section, build as build_sections
from .writers import Output, epub as epub_writer, html as html_writer

if TYPE_CHECKING:   # the PDF writer imports WeasyPrint: only a PDF build loads it
    from .render import RenderContext
    from .writers.pdf_setup import PdfSetup


_MAPS = "booklet.mindmap.pages"


def standard_features() -> FeatureSet:
    """The features of a build, in the order their hooks run (booklet/features.py says what each
    hook does). A build gets a fresh set; `standard_features().only([...])` builds with a subset.
    The hooks that render are `Imported`: a build that takes its rendering from the cache
    (rendercache.py) runs only the preprocessors and the print CSS, and loads nothing else."""
    return FeatureSet((
        # Obsidian vault syntax (wikilinks, embeds, tags, PYQ blockquotes): first, so every later
        # stage sees plain Markdown.
        Feature("obsidian", preprocess=obsidian.preprocess, extensions=obsidian.extensions),
        # Obsidian's line breaks: vaults' strictLineBreaks (default off), the manifest's key elsewhere.
        Feature("linebreaks", preprocess=obsidian.linebreaks.preprocess),
        # Front-matter properties Obsidian shows: a vault note's tags, labelled under its title.
        Feature("properties", preprocess=obsidian.properties.preprocess),
        # Excalidraw drawings and <script> blocks, which no booklet can show: named in a warning.
        Feature("unshown", preprocess=obsidian.unshown.warn),
        # Web clippings: after the Obsidian stage (embeds inlined, PYQs made blocks), before rendering.
        Feature("clippings", preprocess=clippings.preprocess),
        # Fenced code with a language, highlighted by Pygments (booklet/highlight.py).
        Feature("highlight", extensions=Imported("booklet.highlight", "extensions")),
        # Maths: shielded from Markdown, drawn before the blocks copy questions to the back matter.
        Feature("maths", extensions=Imported("booklet.maths", "extensions"), finish=Imported("booklet.maths", "finish")),
        # Revision blocks: summaries, key figures, questions, answer key (booklet/blocks).
        Feature("blocks", extensions=Imported("booklet.blocks", "extensions"), finish=Imported("booklet.blocks", "finish"),
                post_render=Imported("booklet.blocks", "number_questions"), back_matter=(_blocks_back_matter,)),
        # Mind maps: a finisher finds each topic's outline, a post-render step draws it with the
        # layout's fonts, back matter collects every map (booklet/mindmap/pages.py).
        Feature("mindmaps", finish=Imported(_MAPS, "find_outline"), post_render=Imported(_MAPS, "draw_maps"),
                back_matter=(Imported(_MAPS, "mind_maps_part"),), print_css=pagebox.page_css),
        # Labels: print.css's own words ("p." before page numbers) in the booklet's language.
        Feature("labels", print_css=labels.page_css),
        # Typography: quotes that smarty cannot see the context of (after an <abbr> or </strong>).
        Feature("quotes", finish=Imported("booklet.quotes", "fix_quotes")),
        # Characters that no face of the layout or brand pack has: warned, with their line.
        Feature("glyphs", post_render=Imported("booklet.glyphs", "check_coverage")),
        # Links: last, once every id exists, a #fragment that names none is reported and printed as text.
        Feature("links", post_render=Imported("booklet.links", "check_fragments")),
    ))


def _blocks_back_matter(rendered: RenderedBooklet, layout: Layout) -> list[Section]:
    """The revision blocks' back matter (blocks.BACK_MATTER, in order), imported when it runs."""
    from . import blocks

    return [section for produce in blocks.BACK_MATTER for section in produce(rendered, layout)]


@dataclass
class Prepared:
    """Everything the writers need, computed once and shared."""

    rendered: RenderedBooklet
    layout: Layout
    sections: list[Section]
    extra_css: tuple[str, ...] = ()
    pdf_options: dict = field(default_factory=dict)

    def pdf_setup(self, html: str | None = None) -> PdfSetup:
        """WeasyPrint's inputs for this booklet, as the PDF writer uses them (`html`: a test's own page)."""
        from .writers import pdf_setup

        return pdf_setup.setup(self.rendered, self.sections, self.layout, self.extra_css, self.pdf_options, html)


def preprocess(booklet: Booklet, reporter: Reporter, features: FeatureSet | None = None) -> Booklet:
    for step in (standard_features() if features is None else features).preprocessors():
        booklet = step(booklet, reporter)
    reporter.check()
    return booklet


@dataclass(frozen=True)
class Staged:
    """The booklet ready to render: preprocessed, configured, with its layout and the read-only
    context every topic renders against (`render.render_topic(topic, context, reporter)`).
    `kept`: what an earlier build of the same inputs rendered (rendercache.py), if it was found."""

    booklet: Booklet
    layout: Layout
    features: FeatureSet
    kept: tuple[RenderedBooklet, list[Section]] | None = None

    @functools.cached_property
    def context(self) -> RenderContext:
        """Made when first asked for: a build that takes its rendering from the cache never imports
        the renderer (render.py, with its child processes and the booklet index)."""
        from .render import context_for

        return context_for(self.booklet, self.features)


def stage(booklet: Booklet, reporter: Reporter, features: FeatureSet, kept: RenderCache | None = None) -> Staged:
    """Everything before rendering: preprocessors, brand and print settings, layout checks; with
    `kept`, the rendered booklet an earlier build of the same inputs kept, and then no layout checks
    (that build made them on the same files, and reported nothing)."""
    booklet = preprocess(booklet, reporter, features)
    booklet = press.configured(booklet, reporter)  # brand pack and print settings
    layout = Layout.for_project(booklet.root, booklet.options.layout, extra=press.layout_folders(booklet))
    # Keyed before the labels: they come from the layout's files, which the key lists.
    key = kept.key(booklet, features.names) if kept is not None else None
    found = kept.get(key, booklet) if kept is not None else None
    if found is None:
        check_layout(layout, reporter, press.own_css(booklet))
    booklet = labels.configured(booklet, layout, reporter)  # the fixed words, in the booklet's language
    return Staged(booklet, layout, features, found.bound(booklet) if found is not None else None)


def prepare(booklet: Booklet, reporter: Reporter,
            progress: Callable[[int, int, Topic], None] | None = None,
            features: FeatureSet | None = None, cache: bool = False, kept: RenderCache | None = None) -> Prepared:
    """`cache`: reuse and keep Markdown conversions in the project's `.booklet-cache/` (fragcache.py).
    `kept`: the rendered booklet kept there too (rendercache.py), for the standard features only."""
    kept = kept if features is None else None   # a set of one's own: its hooks are not in the key
    features = standard_features() if features is None else features
    if kept is not None:
        kept.begin()
    staged = stage(booklet, reporter, features, kept)
    booklet, layout = staged.booklet, staged.layout
    if staged.kept is not None:
        rendered, sections = staged.kept
    else:
        rendered, sections = _rendered(staged, reporter, progress, features, cache)
        if kept is not None and not reporter.diagnostics:
            kept.put(rendered, sections)
    reporter.check()
    extra_css = (*press.extra_css(booklet), *features.print_css(booklet.options))
    return Prepared(rendered, layout, sections, extra_css, press.pdf_options(booklet))


def _rendered(staged: Staged, reporter: Reporter, progress: Callable[[int, int, Topic], None] | None,
              features: FeatureSet, cache: bool) -> tuple[RenderedBooklet, list[Section]]:
    """Every topic rendered, the post-render steps, the sections."""
    from .render import render_booklet

    fragments = Fragments(staged.booklet.root if cache else None)
    with fragcache.kept(fragments):   # mind maps keep their fits' choices there (mindmap/layout.py)
        rendered = render_booklet(staged.booklet, staged.context, reporter, progress, fragments)
        for step in features.post_render():
            rendered = step(rendered, staged.layout, reporter)
        sections = build_sections(rendered, staged.layout, features.back_matter())
    reporter.check()
    return rendered, sections


def check_layout(layout: Layout, reporter: Reporter, brand_css: Path | None = None) -> None:
    """Stylesheets may only reference files in the layouts: refuse the rest with css:line errors."""
    from . import stylesheets   # tinycss2: not loaded by a build that takes its rendering from the cache

    for path in (layout.find("print.css"), layout.find("epub.css"), brand_css):
        if path is not None:
            stylesheets.check(path, tuple(layout.folders), reporter)
    layout.check_templates(reporter)


def write(prepared: Prepared, fmt: str, target: Path, engine=None) -> Output:
    """One output; a PDF goes through `engine` (booklet.engine.Engine) when given."""
    if fmt == "pdf":
        from .writers import pdf as pdf_writer

        return pdf_writer.write(prepared.rendered, prepared.sections, prepared.layout, target,
                                prepared.extra_css, prepared.pdf_options, engine)
    if fmt == "epub":
        return epub_writer.write(prepared.rendered, prepared.sections, prepared.layout, target)
    if fmt == "html":
        return html_writer.write(prepared.rendered, prepared.sections, prepared.layout, target)
    raise ValueError(f"unknown format {fmt}")
