"""Links between topics: a `#fragment` into another topic must name an id that topic has."""

from __future__ import annotations

from dataclasses import replace

from . import fragment
from .errors import Reporter
from .layout import Layout
from .model import RenderedBooklet

ELSEWHERE = "links-elsewhere"   # RenderedTopic.extras: the topic's links into other topics' fragments


def check_fragments(rendered: RenderedBooklet, layout: Layout, reporter: Reporter) -> RenderedBooklet:
    """After every topic is rendered: a link such as `other.md#section` whose section does not exist
    would be a dead link in the PDF and an EPUBCheck error. Report it at its line (an error under
    --strict) and print its text. Links within a topic are checked as it renders (fragment.resolve_links)."""
    ids = {e.get("id") for t in rendered.topics for e in fragment.parse(t.html).iter() if e.get("id")}
    ids |= {t.topic.id for t in rendered.topics}
    topics = []
    for topic in rendered.topics:
        broken = {href for href in topic.extras.get(ELSEWHERE, ()) if href[1:] not in ids}
        if not broken:
            topics.append(topic)
            continue
        tree = fragment.parse(topic.html)
        for link in [a for a in tree.iter("a") if a.get("href") in broken]:
            name = link.get("href").split("--", 1)[-1]   # the fragment as the note wrote it
            reporter.warning(f"link to '#{name}' in another topic: it has no heading or anchor with that id; "
                             "shown as plain text", fragment.line_of(topic.topic, f"#{name}"))
            fragment.unwrap(link)
        topics.append(replace(topic, html=fragment.serialize(tree)))
    return replace(rendered, topics=tuple(topics))
