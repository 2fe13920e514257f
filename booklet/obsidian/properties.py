"""Front-matter properties as Obsidian shows them: a vault note's `tags:` are tags, labelled under its title."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import Reporter
from ..model import Booklet, Topic
from .settings import Settings


def preprocess(booklet: Booklet, reporter: Reporter) -> Booklet:
    """(booklet, reporter) → booklet with vault topics' front-matter tags set (unless tags are hidden)."""
    vault = booklet.options.vault
    if vault is None or Settings.of(booklet.options.obsidian).tags == "hidden":
        return booklet

    def rewrite(topic: Topic) -> Topic:
        if not topic.path.is_relative_to(vault):
            return topic
        tags = front_matter_tags(topic.meta.get("tags"))
        return replace(topic, tags=tags) if tags else topic

    return booklet.with_topics(rewrite)


def front_matter_tags(value: Any) -> tuple[str, ...]:
    """`tags:` as a list, or as text split at commas and spaces; without `#`, each once."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):   # `tags: 2024`
        value = str(value)
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        return ()
    names = (str(tag).strip().lstrip("#") for tag in items if tag is not None)
    return tuple(dict.fromkeys(name for name in names if name))
