"""The tree of an explicit mindmap block: a nested Markdown list whose first item is the centre."""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..source import list_item
from .tree import MapNode, clean_label


class MapSyntaxError(ValueError):
    """A malformed explicit mindmap block; `line` is the source line of the fault."""

    def __init__(self, message: str, line: int | None):
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.message = message
        self.line = line


class MapSyntaxWarning(UserWarning):
    """An explicit block that is legal but makes a poor map (empty, flat)."""


Warn = Callable[[str, "int | None"], None]


@dataclass
class _Open:
    """A list item still open for children while the block is read."""

    indent: int
    content: int  # column where the item's text starts
    label: str
    line: int
    children: list["_Open"] = field(default_factory=list)

    def freeze(self) -> MapNode:
        return MapNode(clean_label(_plain(self.label)), tuple(child.freeze() for child in self.children))


def outline_from_list(lines: Iterable[tuple[int, str]], warn: Warn | None = None) -> MapNode | None:
    """Tree of an explicit mindmap block: a nested Markdown list whose first item is the centre.

    lines are (source line number, raw text). Raises MapSyntaxError for a malformed list;
    reports an empty or flat list through warn(message, line) (default: warnings.warn).
    Returns None for an empty block.
    """
    warn = warn or _python_warning
    lines = [(number, text.expandtabs(4).rstrip()) for number, text in lines]
    stack: list[_Open] = []
    root: _Open | None = None
    unit = None  # indentation step of the block, learnt from its first nested item
    flat_reported = False
    for number, text in lines:
        if not text.strip():
            continue
        match = list_item(text)
        if match is None:
            if stack and _indent(text) > stack[-1].indent:
                stack[-1].label += " " + text.strip()  # continuation of the item above
                continue
            raise MapSyntaxError("expected a list item such as '- Label' in a mindmap block", number)
        indent, label = match.indent, match.text.strip()
        if not clean_label(_plain(label)):
            raise MapSyntaxError("empty list item in a mindmap block", number)
        item = _Open(indent, match.content, label, number)
        if root is None:
            root = item
            stack = [item]
            continue
        if indent < root.indent:
            raise MapSyntaxError("list item is indented less than the first item (the centre)", number)
        while stack and stack[-1].indent >= indent:
            stack.pop()
        if not stack:
            # A sibling of the centre: keep it as a branch, but the author meant something else.
            if not flat_reported:
                warn("mindmap block is a flat list: indent the branches under the first item, "
                     "which is the centre", number)
                flat_reported = True
            stack = [root]
        parent = stack[-1]
        step = indent - parent.indent
        # Two levels at once under an item with no children yet: a level is missing. Before the
        # block's indentation step is known, Markdown's rule serves: four columns past the
        # parent's text is a code block, not a child.
        too_deep = step >= 2 * unit if unit else indent >= parent.content + 4
        if not parent.children and too_deep:
            raise MapSyntaxError(
                f"list item is nested deeper than its parent (line {parent.line}) allows: "
                "a level is missing", number)
        unit = unit or step
        parent.children.append(item)
        stack.append(item)
    if root is None:
        warn("mindmap block is empty", lines[0][0] if lines else None)
        return None
    if not root.children and not flat_reported:
        warn("mindmap block has only a centre: indent branches under the first item", root.line)
    return root.freeze()


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _python_warning(message: str, line: int | None) -> None:
    warnings.warn(MapSyntaxWarning(f"line {line}: {message}" if line else message), stacklevel=3)


def _plain(text: str) -> str:
    """Markdown inline markup to plain text: a label shows words, not asterisks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    return html.unescape(text)
