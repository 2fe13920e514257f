"""Lines of a block's body in the raw source, for problems that concern one line of a block."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^(?P<indent>[ \t]*)(?P<quotes>(?:>[ \t]?)*)")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")


def body(lines: list[str], header: int) -> list[tuple[int, str]]:
    """The body of the block whose header is on line `header` (1-based): (line, text) pairs,
    with the block's indentation or `>` prefix removed."""
    first = lines[header - 1]
    match = _PREFIX.match(first)
    depth = match.group("quotes").count(">")
    indent = len(match.group("indent").expandtabs(4))
    callout = first[match.end():].startswith("[!")
    found = []
    for number in range(header + 1, len(lines) + 1):
        line = lines[number - 1]
        if callout:
            stripped = _strip_quotes(line, depth)
            if stripped is None:
                break
            found.append((number, stripped))
        else:
            expanded = line.expandtabs(4)
            if expanded.strip() and len(expanded) - len(expanded.lstrip()) <= indent:
                break
            found.append((number, expanded[indent + 4:] if expanded.strip() else ""))
    return found


def item_lines(lines: list[str], header: int) -> list[int]:
    """Lines of the list items at the top level of the block's body."""
    return [number for number, text in body(lines, header) if _ITEM.match(text) and not text[:1].isspace()]


def _strip_quotes(line: str, depth: int) -> str | None:
    rest = line.lstrip()
    for _ in range(depth):
        if not rest.startswith(">"):
            return None
        rest = rest[1:]
        if rest[:1] in (" ", "\t"):
            rest = rest[1:]
    return rest
