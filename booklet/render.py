"""HTML stage: each topic's Markdown becomes one sanitised HTML fragment, independently of the others."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from . import bounded, fragment, limits, links, sanitize, source
from .errors import BookletError, Reporter
from .features import FeatureSet
from .fragcache import Fragments
from .index import BookletIndex
from .model import Booklet, Options, RenderedBooklet, RenderedTopic, Topic
from .printing import PageGeometry, PrintSettings, geometry
from .slugs import slugify


@dataclass(frozen=True)
class RenderContext:
    """What a topic may know about the rest of the booklet: names only, never other topics' output."""

    root: Path
    index: BookletIndex                        # read-only: which file is which topic
    options: Options = field(default_factory=Options)
    features: FeatureSet = field(default_factory=FeatureSet)  # Markdown extensions and finishers
    geometry: PageGeometry = field(default_factory=lambda: geometry(PrintSettings()))  # the printed page
    # Markdown conversions kept between builds (fragcache.py): finishers convert small texts through it.
    fragments: Fragments = field(default_factory=lambda: Fragments(None), compare=False)


def context_for(booklet: Booklet, features: FeatureSet | None = None) -> RenderContext:
    return RenderContext(booklet.root, BookletIndex.of(booklet), booklet.options, features or FeatureSet(),
                         geometry(booklet.options.printing))


def render_booklet(booklet: Booklet, context: RenderContext, reporter: Reporter,
                   progress: Callable[[int, int, Topic], None] | None = None,
                   fragments: Fragments | None = None) -> RenderedBooklet:
    """Every topic rendered; `fragments` keeps and reuses their Markdown conversions (fragcache.py)."""
    topics = booklet.topics()
    rendered = []
    fragments = fragments or Fragments(None)
    context = replace(context, fragments=fragments)
    # One child process converts every topic's Markdown in turn, each under the time budget;
    # it is forked at the first conversion the cache cannot answer.
    with bounded.Runner(lambda number: _convert(topics[number], context)) as runner:
        for index, topic in enumerate(topics, 1):
            if progress:
                progress(index, len(topics), topic)
            convert = functools.partial(_cached, fragments, functools.partial(_in_runner, runner, index - 1))
            try:
                rendered.append(render_topic(topic, context, reporter, convert))
            except BookletError as exc:
                reporter.add(exc)
    reporter.check()
    return RenderedBooklet(booklet, tuple(rendered))


def render_topic(topic: Topic, context: RenderContext, reporter: Reporter,
                 convert: Callable[[Topic, RenderContext], str] | None = None) -> RenderedTopic:
    """Markdown → sanitised fragment with booklet-unique ids, checked links and images.

    `convert` turns the Markdown into sanitised HTML; by default in a child process of its own
    under bounded.run's time and memory budget."""
    limits.check_source(topic)
    html = (convert or _bounded_convert)(topic, context)
    tree = fragment.parse(html)
    limits.check_tree(topic, tree)
    fragment.prefix_ids(tree, topic.id)
    images = fragment.resolve_images(tree, topic, context.root, reporter, context.options.vault)
    elsewhere = fragment.resolve_links(tree, topic, context.index, reporter)
    extras: dict = {links.ELSEWHERE: elsewhere} if elsewhere else {}
    for finish in context.features.finishers():
        extras.update(finish(topic, tree, reporter, context) or {})
    headings = fragment.headings(tree)
    return RenderedTopic(topic, fragment.serialize(tree), headings, images, extras)


def _bounded_convert(topic: Topic, context: RenderContext) -> str:
    return bounded.run(_convert, topic, context, what=f"the topic '{topic.title}'", where=topic.location(None))


def _cached(fragments: Fragments, convert: Callable[[Topic, RenderContext], str], topic: Topic,
            context: RenderContext) -> str:
    key = fragments.key(topic, context) if fragments.folder is not None else ""
    html = fragments.get(key) if key else None
    if html is None:
        html = convert(topic, context)
        if key:
            fragments.put(key, html)
    return html


def _in_runner(runner: bounded.Runner, number: int, topic: Topic, context: RenderContext) -> str:
    return runner(number, what=f"the topic '{topic.title}'", where=topic.location(None))


def _convert(topic: Topic, context: RenderContext) -> str:
    """Markdown → sanitised HTML; run in a child process under a time and memory budget."""
    return sanitize.clean(_markdown(topic, context).convert(topic.source))


def _markdown(topic: Topic, context: RenderContext):
    import markdown   # here: a build whose conversions all come from the cache never loads it
    from markdown.extensions.toc import TocExtension

    # Notes that use `#` for their sections get them shifted down, under the topic's own title.
    baselevel = 2 if _has_h1(topic.structure) else 1
    return markdown.Markdown(
        extensions=[
            "extra", "sane_lists", "smarty", "admonition",
            "pymdownx.saneheaders", "pymdownx.tasklist", "pymdownx.mark", "pymdownx.tilde",
            TocExtension(slugify=_slug, baselevel=baselevel),
            *(["nl2br"] if topic.hard_breaks else []),  # set by booklet/obsidian/linebreaks.py
            *context.features.extensions(context.options),  # fresh for each topic
        ],
        extension_configs={
            "footnotes": {"BACKLINK_TITLE": "Back to the text"},
            "smarty": {"smart_angled_quotes": False},
        },
        output_format="html",
    )


def _slug(value: str, separator: str) -> str:
    return slugify(value)


def _has_h1(structure: source.Source) -> bool:
    return any(line.level == 1 for line in structure.headings())

