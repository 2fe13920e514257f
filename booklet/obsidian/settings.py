"""The manifest's `obsidian:` settings: how tags show, which tags only mark a paragraph's role, embed depth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..schema import Field, Schema

DEFAULT_STRUCTURAL_TAGS = ("introduction", "conclusion")
DEFAULT_EMBED_DEPTH = 5


def _tag_list(value: list) -> str | None:
    if not all(isinstance(tag, str) and tag.strip().lstrip("#") for tag in value):
        return "give tag names, such as [introduction, conclusion]"
    return None


def _depth(value: int) -> str | None:
    return None if 1 <= value <= 20 else f"must be between 1 and 20, not {value}"


SCHEMA = Schema({
    "tags": Field((str,), default="labels", choices=("labels", "hidden"),
                  help="inline #tags as small labels, or hidden"),
    "structural_tags": Field((list,), default=list(DEFAULT_STRUCTURAL_TAGS), check=_tag_list,
                             help="tags that only mark a paragraph's role; removed from the text"),
    "embed_depth": Field((int,), default=DEFAULT_EMBED_DEPTH, check=_depth,
                         help="how deep ![[embeds]] may nest"),
})


@dataclass(frozen=True)
class Settings:
    tags: str = "labels"
    structural_tags: frozenset[str] = frozenset(DEFAULT_STRUCTURAL_TAGS)
    embed_depth: int = DEFAULT_EMBED_DEPTH

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> "Settings":
        tags = values.get("structural_tags")
        return cls(
            tags=values.get("tags") or "labels",
            structural_tags=frozenset(t.strip().lstrip("#").casefold() for t in tags)
            if tags is not None else frozenset(DEFAULT_STRUCTURAL_TAGS),
            embed_depth=values.get("embed_depth") or DEFAULT_EMBED_DEPTH,
        )
