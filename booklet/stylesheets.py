"""Layout stylesheets: every url() and @import must name a file inside the layouts, with file:line errors."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2

from .errors import BookletError, Reporter, SourceLocation
from .sources import inside


def references(css: str) -> list[tuple[str, int]]:
    """Every url() and @import target in a stylesheet, with its line."""
    found: list[tuple[str, int]] = []
    _walk(parsed(css), found)
    return found


@functools.lru_cache(maxsize=8)
def parsed(css: str) -> tuple:
    """A stylesheet's top-level rules, comments and whitespace skipped, parsed once per text: this
    check and the font stack (fontstack.py) both read print.css, ~30 KB of tokens. Read only."""
    return tuple(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _walk(nodes, found: list[tuple[str, int]]) -> None:
    for node in nodes or ():
        if node.type == "url":
            found.append((node.value, node.source_line))
        elif node.type == "function" and node.lower_name == "url" and node.arguments:
            first = next((a for a in node.arguments if a.type == "string"), None)
            if first is not None:
                found.append((first.value, node.source_line))
        elif node.type == "at-rule" and node.lower_at_keyword == "import":
            target = next((t for t in node.prelude if t.type in ("string", "url")), None)
            if target is not None and target.type == "string":
                found.append((target.value, node.source_line))
        for attribute in ("prelude", "content", "arguments"):
            children = getattr(node, attribute, None)
            if isinstance(children, list):
                _walk(children, found)


def check(path: Path, roots: tuple[Path, ...], reporter: Reporter) -> list[Path]:
    """Report references that are remote or outside `roots`; return the local files referenced."""
    files = []
    for url, line in references(path.read_text(encoding="utf-8")):
        where = SourceLocation(path, line)
        try:
            files.append(_resolve(url, path, roots, where))
        except BookletError as exc:
            reporter.add(exc)
    return files


def _resolve(url: str, stylesheet: Path, roots: tuple[Path, ...], where: SourceLocation) -> Path:
    parts = urlsplit(url)
    if parts.scheme == "data":
        return stylesheet
    if parts.scheme or url.startswith("//"):
        raise BookletError(f"'{url}' is not a local file; builds never use the network: put the file in the layout", where)
    target = (stylesheet.parent / unquote(parts.path)).resolve()
    if not inside(target, roots):
        raise BookletError(f"'{url}' points outside the layouts", where)
    if not target.is_file():
        raise BookletError(f"'{url}' not found", where)
    return target
