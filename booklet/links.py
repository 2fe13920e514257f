"""Links inside the booklet: every `#fragment` must name an id some topic has, else a warning and plain text."""

from __future__ import annotations

from dataclasses import replace

from . import fragment
from .errors import Reporter
from .layout import Layout
from .model import RenderedBooklet


def check_fragments(rendered: RenderedBooklet, layout: Layout, reporter: Reporter) -> RenderedBooklet:
    """Runs after every topic is rendered (a link may point into another topic). A link to an id
    nobody has would be a dead link in the PDF and an EPUBCheck error: report it at its line
    (an error under --strict) and print its text instead."""
    trees = [fragment.parse(topic.html) for topic in rendered.topics]
    ids = {topic.topic.id for topic in rendered.topics}
    ids |= {element.get("id") for tree in trees for element in tree.iter() if element.get("id")}
    topics = []
    for topic, tree in zip(rendered.topics, trees):
        broken = [a for a in tree.iter("a") if (a.get("href") or "").startswith("#") and a.get("href")[1:] not in ids]
        for link in broken:
            href = link.get("href")
            name = href[1:].split("--", 1)[-1]   # as the note wrote it, before ids got their topic prefix
            where = fragment.line_of(topic.topic, f"#{name}")
            reporter.warning(f"link to '#{name}': no heading or anchor has that id; shown as plain text", where)
            fragment.unwrap(link)
        topics.append(replace(topic, html=fragment.serialize(tree)) if broken else topic)
    return replace(rendered, topics=tuple(topics))
