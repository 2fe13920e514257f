"""Obsidian vaults as content: wikilinks, embeds, tags, comments and previous-year-question blockquotes."""

from __future__ import annotations

from ..model import Options
from . import linebreaks, properties, unshown
from .preprocessor import preprocess
from .settings import Settings

__all__ = ["preprocess", "extensions", "linebreaks", "properties", "unshown"]


def extensions(options: Options) -> list:
    """The Markdown extensions vault notes need beyond the defaults: inline #tags."""
    from .tags import TagExtension   # here: Markdown is loaded only for a conversion to run

    settings = Settings.of(options.obsidian)
    return [TagExtension(hidden=settings.tags == "hidden", structural=settings.structural_tags)]
