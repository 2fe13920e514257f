"""HTML stage: each topic's Markdown becomes one sanitised HTML fragment, independently of the others."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

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
    context = replace(context, fragments=fragments)   # finishers keep small conversions there too
    with Conversions(topics, context, fragments) as conversions:
        for index, topic in enumerate(topics, 1):
            if progress:
                progress(index, len(topics), topic)
            try:
                rendered.append(render_topic(topic, context, reporter, conversions.html))
            except BookletError as exc:
                reporter.add(exc)
    reporter.check()
    return RenderedBooklet(booklet, tuple(rendered))


class Conversions:
    """Each topic's Markdown conversion, from the cache or from bounded child processes.

    The conversions the cache cannot answer run ahead of the topics' own rendering, in up to
    `jobs` children at once (each call under its time budget, each child under the memory cap):
    a cold booklet converts on every core while this process finishes the topics before them."""

    def __init__(self, topics: Sequence[Topic], context: RenderContext, fragments: Fragments, jobs: int | None = None):
        self.topics, self.fragments = topics, fragments
        self.number = {id(topic): n for n, topic in enumerate(topics)}
        self.keys = [fragments.key(topic, context) if fragments.folder is not None else "" for topic in topics]
        self.done = {n: html for n, key in enumerate(self.keys) if key and (html := fragments.get(key)) is not None}
        self.ahead = [n for n in range(len(topics)) if n not in self.done]
        jobs = jobs or min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
        self.runners = [bounded.Runner(lambda number: _convert(topics[number], context))
                        for _ in range(max(1, min(jobs, len(self.ahead))))]
        self.running: dict[int, bounded.Runner] = {}

    def __enter__(self) -> "Conversions":
        return self

    def __exit__(self, *exc_info) -> None:
        # Newest first: a child forked later holds copies of the earlier children's pipes.
        for runner in reversed(self.runners):
            runner.close()

    def html(self, topic: Topic, context: RenderContext) -> str:
        """`topic`'s sanitised HTML (render_topic's `convert`)."""
        number = self.number[id(topic)]
        if number in self.done:
            return self.done.pop(number)
        for earlier in sorted(n for n in self.running if n < number):   # ahead for a topic that failed
            try:
                self._receive(earlier)
            except BookletError:
                pass
        self._send(first=number)
        html = self._receive(number)
        if self.keys[number]:
            self.fragments.put(self.keys[number], html)
        return html

    def _receive(self, number: int) -> str:
        topic, runner = self.topics[number], self.running.pop(number)
        try:
            html = runner.receive(what=f"the topic '{topic.title}'", where=topic.location(None))
        except BookletError:
            self._send()
            raise
        self._send()   # the freed child takes the next topic at once
        return html

    def _send(self, first: int | None = None) -> None:
        """Hand the next conversions to idle children (`first` before any other)."""
        if first is not None and first in self.ahead:
            self.ahead.remove(first)
            self.ahead.insert(0, first)
        idle = [runner for runner in self.runners if all(runner is not r for r in self.running.values())]
        while idle and self.ahead:
            number = self.ahead.pop(0)
            try:
                limits.check_source(self.topics[number])   # refused here, before any child sees it
            except BookletError:
                continue                                   # render_topic reports it
            self.running[number] = runner = idle.pop(0)
            runner.send(number)


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
            # "extra" loads footnotes, so its settings go through "extra" (under "footnotes" they were ignored).
            "extra": {"footnotes": {"BACKLINK_TITLE": context.options.labels["footnote_back"]}},
            "smarty": {"smart_angled_quotes": False},
        },
        output_format="html",
    )


def _slug(value: str, separator: str) -> str:
    return slugify(value)


def _has_h1(structure: source.Source) -> bool:
    return any(line.level == 1 for line in structure.headings())

