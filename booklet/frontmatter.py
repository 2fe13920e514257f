"""Splitting a note into front matter (YAML or JSON between --- lines) and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BookletError, SourceLocation
from .yamlsrc import Node, parse
from .schema import describe


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
    if node is not None:
        _check_types(node)
    return Note(meta, node, "\n".join(lines[index + 1:]), index + 2)


# The keys booklet reads, and what each may hold; other keys (Obsidian's, a plugin's) are left alone.
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str, int, float), "text"),
    "id": ((str,), "text (quote a number: id: \"12\")"),
    "summary": ((str, int, float), "text"),
}


def _check_types(node: Node) -> None:
    for key, (types, expected) in _TYPES.items():
        child = node.value.get(key)
        if child is None or child.value is None:
            continue
        value = child.value
        if isinstance(value, bool) or not isinstance(value, types):
            found = describe(child.plain())
            raise BookletError(f"front matter '{key}' must be {expected}, not {found}", child.where)
        if key == "id" and not str(value).strip():
            raise BookletError("front matter 'id' must not be empty", child.where)
