"""The clippings stage: topics that look clipped (or are marked so) rewritten as structured Markdown."""

from __future__ import annotations

from dataclasses import replace

from ..errors import Reporter
from ..model import Booklet, Topic
from ..obsidian.lines import of_topic, to_source
from . import convert
from .settings import Settings, forced


def preprocess(booklet: Booklet, reporter: Reporter) -> Booklet:
    """(booklet, reporter) → booklet, with each clipping's source rewritten and its syllabus tags set."""
    settings = Settings.of(booklet.options.clippings)

    def rewrite(topic: Topic) -> Topic:
        lines = of_topic(topic)
        if not _is_clipping(topic, lines, settings):
            return topic
        clipped = convert.convert(lines, topic.title, settings.boilerplate)
        source, where = to_source(clipped.lines)
        return replace(topic, source=source, lines=where, clipping=True,
                       syllabus=tuple(dict.fromkeys((*topic.syllabus, *clipped.syllabus))))

    return booklet.with_topics(rewrite)


def _is_clipping(topic: Topic, lines: list, settings: Settings) -> bool:
    own = forced(topic.meta)
    if own is not None:
        return own
    if settings.detect != "auto":
        return settings.detect == "on"
    return convert.looks_clipped(lines, topic.meta, settings.boilerplate)
