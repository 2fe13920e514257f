"""Splitting a note into front matter (YAML or JSON between --- lines) and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

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


def _text(node: Node) -> Node | None:
    """None if `node` holds text (a number reads as text too); else the node that does not."""
    value = node.value
    return None if isinstance(value, (str, int, float)) and not isinstance(value, bool) else node


def _id(node: Node) -> Node | None:
    return None if isinstance(node.value, str) else node


def _texts(node: Node) -> Node | None:
    """Text, or a list of text (Obsidian writes `tags:` and `aliases:` either way): the first node that is not."""
    if node.kind != "list":
        return _text(node)
    return next((entry for entry in node.value if entry.value is not None and _text(entry) is not None), None)


def _flag(node: Node) -> Node | None:
    return None if isinstance(node.value, bool) else node


# The keys booklet reads, and what each may hold. Other keys (Obsidian's, a plugin's) are left
# alone and unreported: notes carry properties for other tools, and booklet never reads them.
_TYPES: dict[str, tuple[Callable[[Node], Node | None], str]] = {
    "title": (_text, "text"),
    "id": (_id, "text (quote a number: id: \"12\")"),
    "summary": (_text, "text"),
    "lang": (_id, "a language tag such as hi or en-IN"),
    "tags": (_texts, "text or a list of text"),
    "aliases": (_texts, "text or a list of text"),
    "alias": (_texts, "text or a list of text"),
    "clipping": (_flag, "true or false"),
}


def _check_types(node: Node) -> None:
    for key, (check, expected) in _TYPES.items():
        child = node.value.get(key)
        if child is None or child.value is None:
            continue
        bad = check(child)
        if bad is child:
            raise BookletError(f"front matter '{key}' must be {expected}, not {describe(bad.plain())}", bad.where)
        if bad is not None:   # a list entry
            raise BookletError(f"each entry of front matter '{key}' must be text, not {describe(bad.plain())}",
                               bad.where)
        if key == "id" and not str(child.value).strip():
            raise BookletError("front matter 'id' must not be empty", child.where)
