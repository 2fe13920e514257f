"""Splitting a note into front matter (YAML or JSON between --- lines) and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BookletError, SourceLocation
from .yamlsrc import Node, parse


@dataclass(frozen=True)
class Note:
    meta: dict[str, Any]
    meta_node: Node | None
    body: str
    body_line: int  # the file line where `body` starts

    def key_locations(self) -> dict[str, SourceLocation]:
        """Where each front-matter key was written, nested keys dotted (`mindmap.depth`)."""
        found: dict[str, SourceLocation] = {}
        pending = [("", self.meta_node)] if self.meta_node is not None else []
        while pending:
            prefix, node = pending.pop()
            for key, where in node.key_where.items():
                found[prefix + key] = where
                if node.value[key].kind == "mapping":
                    pending.append((f"{prefix}{key}.", node.value[key]))
        return found


def split(text: str, path: Path) -> Note:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Note({}, None, text, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        raise BookletError("front matter opened with '---' is never closed", SourceLocation(path, 1))
    node = parse("\n".join(lines[1:index]), path, first_line=2)
    if node is not None and not isinstance(node.value, dict):
        raise BookletError("front matter must be key: value pairs", node.where)
    meta = node.plain() if node is not None else {}
    return Note(meta, node, "\n".join(lines[index + 1:]), index + 2)
