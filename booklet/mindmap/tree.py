"""The tree a map shows (MapNode), its labels' clean text, and the tree told as a nested list."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class MapNode:
    """One label of the map and its children, in reading order."""

    label: str
    children: tuple["MapNode", ...] = ()
    more: int = 0  # when > 0 this leaf stands for that many siblings left out: "+N more"
    collapsed: bool = False  # a branch whose leaves are drawn on another page of a split map

    def size(self) -> int:
        """Number of nodes in this subtree, itself included."""
        return 1 + sum(child.size() for child in self.children)


def more_node(count: int) -> MapNode:
    return MapNode(f"+{count} more", (), count)


# Characters a label drops: C0 and C1 controls, surrogates, U+FFFE and U+FFFF, which XML cannot hold
# (or should not); one pattern, as a map cleans thousands of labels. White space among them becomes a space.
_NOT_XML = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_label(text: str) -> str:
    """Collapse white space and drop characters XML cannot hold."""
    text = _NOT_XML.sub(lambda m: " " if m.group().isspace() else "", text)
    return " ".join(text.split())


# ---------------------------------------------------------------- text alternative

def outline_html(root: MapNode) -> str:
    """The map as a nested <ul>: its text alternative for screen readers and plain reading."""
    return f'<ul class="mindmap-outline">{_item_html(root)}</ul>'


def _item_html(node: MapNode) -> str:
    text = html.escape(clean_label(node.label), quote=False)
    if not node.children:
        return f"<li>{text}</li>"
    return f"<li>{text}<ul>{''.join(_item_html(child) for child in node.children)}</ul></li>"
