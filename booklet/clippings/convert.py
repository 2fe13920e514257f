"""A clipped article's lines rewritten as Markdown: glyph bullets as nested lists, short lines as headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..obsidian.lines import Line, structure
from ..source import ITEM, SourceLine
from . import shapes
from .settings import DEFAULT_BOILERPLATE

_TITLE_KEY = re.compile(r"[\W_]+")
_IMAGE = re.compile(r"^\s*!\[")   # `![alt](…)` or Obsidian's `![[file]]`
_TABLE_DELIMITER = re.compile(r"^[\s|:-]*-[\s|:-]*$")  # |---|:--:|, with at least one `|` (checked apart)


@dataclass
class Clipped:
    lines: list[Line]
    syllabus: list[str] = field(default_factory=list)


def looks_clipped(lines: list[Line], meta: Mapping[str, Any] | None = None,
                  phrases: tuple[str, ...] = DEFAULT_BOILERPLATE) -> bool:
    """Conservative. A note with no Markdown structure, and the marks sites leave (glyph bullets,
    syllabus lines); or an article a web clipper saved as Markdown (`#` headings, `*` items): marks
    of two kinds that only a site prints (breadcrumbs, a dateline, share buttons and "Also read",
    a clipper's `source:` URL), where a written note has at most one."""
    bullets = signals = 0
    structured = False
    marks = {"source"} if _clipper_front_matter(meta or {}) else set()
    for line, model, kept in zip(lines, structure(lines), _kept_as_is(lines)):
        if kept and not model.atx:   # a heading is kept as written, but still a written note's sign
            continue
        if kind := shapes.site_mark(line.text, phrases):
            marks.add(kind)
        if _markdown_structure(model):
            structured = True
        elif shapes.bullet(line.text):
            bullets += 1
        elif shapes.exam_line(line.text) or shapes.breadcrumb(line.text):
            signals += 1
    if structured:
        return len(marks) >= 2
    return bullets >= 2 or signals >= 1


def _clipper_front_matter(meta: Mapping[str, Any]) -> bool:
    """What web clippers write in front matter: the page's address (`source:`/`url:`), the `clippings` tag."""
    address = any(isinstance(meta.get(key), str) and meta[key].strip().startswith(("http://", "https://"))
                  for key in ("source", "url"))
    tags = meta.get("tags")
    tagged = isinstance(tags, (list, tuple)) and any(str(tag).strip("#").casefold() == "clippings" for tag in tags)
    return address or tagged


def convert(lines: list[Line], title: str, boilerplate: tuple[str, ...]) -> Clipped:
    result = Clipped([])
    listed = {id(line) for line, model in zip(lines, structure(lines)) if _markdown_item(model)}
    content = _without_site_lines(lines, title, boilerplate, result.syllabus)
    stack: list[int] = []   # indents of the open list levels
    last_item_indent = -1   # the indent of the bullet a continuation line may belong to
    for index, (line, as_is) in enumerate(content):
        text = line.text
        if id(line) in listed:   # a clipper's `*   point`: already a list, kept tight
            if index == 0 or id(content[index - 1][0]) not in listed:
                _separate(result.lines, line)
            result.lines.append(line)
            stack, last_item_indent = [], -1
            continue
        if as_is:
            if not _continues(content, index):
                _separate(result.lines, line)
            result.lines.append(line)
            stack, last_item_indent = [], -1
            continue
        if not text.strip():
            continue  # the clipping's blank lines carry no structure; blocks get their own
        item = shapes.bullet(text)
        if item:
            _item(result.lines, line, item, stack)
            last_item_indent = item.indent
            continue
        indent = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())
        if stack and last_item_indent >= 0 and indent > last_item_indent:
            result.lines.append(line.with_text("    " * len(stack) + text.strip()))  # a wrapped point
            continue
        stack, last_item_indent = [], -1
        _separate(result.lines, line)
        result.lines.append(line.with_text(_block(content, index)))
    return result


def _markdown_structure(line: SourceLine) -> bool:
    """An ATX heading, or a `-`, `*`, `+` or `1.` list item: what a written note has (`1)` is a site's)."""
    if line.quotes or line.code:
        return False
    return line.atx or _markdown_item(line)


def _markdown_item(line: SourceLine) -> bool:
    return (not line.quotes and not line.code and line.kind == ITEM and line.item is not None
            and line.item.text.strip() != "" and not line.item.marker.endswith(")"))


def _kept_as_is(lines: list[Line]) -> list[bool]:
    """Lines a clipping keeps untouched: fenced code, quotes, revision blocks and their indented bodies,
    pipe tables, Markdown headings (`detect: on` converts notes that have some)."""
    flags, in_block = [], False
    for line, model in zip(lines, structure(lines)):
        if model.opener is not None and not model.quotes:
            in_block = True
        elif in_block and line.text.strip() and model.indent < 4:
            in_block = False
        flags.append(model.code or in_block or model.quotes > 0 or model.atx)
    for index in _table_rows(lines):
        flags[index] = True
    return flags


def _table_rows(lines: list[Line]) -> set[int]:
    """The lines of pipe tables: a row with a `|`, a `|---|` line under it, and the `|` rows that follow.
    Taken line by line, a table's rows would each become a paragraph of pipes."""
    rows: set[int] = set()
    index = 1
    while index < len(lines):
        delimiter = lines[index].text
        if not (_TABLE_DELIMITER.match(delimiter) and "|" in delimiter and "|" in lines[index - 1].text):
            index += 1
            continue
        end = index + 1
        while end < len(lines) and "|" in lines[end].text and lines[end].text.strip():
            end += 1
        rows.update(range(index - 1, end))
        index = end + 1  # past the table: each line is looked at a bounded number of times
    return rows


def _without_site_lines(lines: list[Line], title: str, boilerplate: tuple[str, ...],
                        syllabus: list[str]) -> list[tuple[Line, bool]]:
    """(line, kept-as-is) pairs without boilerplate, syllabus lines, and an opening line repeating the title."""
    out: list[tuple[Line, bool]] = []
    in_body = False  # past the article's head, where a line repeating the title may stand
    for line, as_is, model in zip(lines, _kept_as_is(lines), structure(lines)):
        text = line.text
        if model.atx and not in_body and _key(model.title) == _key(title):
            in_body = True   # a clipper's `# Title`: the topic's title already says it
            continue
        if not as_is:
            crumb = shapes.breadcrumb(text)
            tags = shapes.syllabus(text) or ([crumb] if crumb else [])
            if tags:
                syllabus.extend(tags)
                continue
            if shapes.boilerplate(text, boilerplate):
                continue
            if shapes.caption(text) and not (out and _IMAGE.match(out[-1][0].text)):
                continue   # the caption of a picture the paste left behind
            if not in_body and text.strip() and _key(text) == _key(title):
                in_body = True
                continue
            if not in_body and _key(text).startswith(_key(title) + " ") and shapes.heading_like(text):
                # The site's headline, longer than the title the note was saved under
                # ("Heatwave action plans: why most cities are not ready"): its line, not a heading.
                out.append((line.with_text(f"*{text.strip()}*"), True))
                in_body = True
                continue
            in_body = in_body or bool(shapes.bullet(text)) or len(text.split()) > 15
        out.append((line, as_is))
    return out


def _key(text: str) -> str:
    return _TITLE_KEY.sub(" ", text.casefold()).strip()


def _item(out: list[Line], line: Line, item: shapes.Bullet, stack: list[int]) -> None:
    if not stack:
        _separate(out, line)
    while stack and item.indent < stack[-1]:
        stack.pop()
    if not stack or item.indent > stack[-1]:
        stack.append(item.indent)
    marker = f"{int(line.text.split(')')[0].strip() or 1)}." if item.numbered else "-"
    out.append(line.with_text("    " * (len(stack) - 1) + f"{marker} {item.text}"))


def _block(content: list[tuple[Line, bool]], index: int) -> str:
    """A text line as a heading, a bold lead phrase or a paragraph of its own."""
    text = content[index][0].text.strip()
    if index and _IMAGE.match(content[index - 1][0].text):
        return f"*{text}*"   # the caption sites print right under a picture: not a heading
    lead = shapes.caps_lead(text)
    if lead:
        return lead
    if shapes.heading_like(text) and _followed_by_body(content, index):
        return "## " + text.rstrip(" :")
    return text


def _followed_by_body(content: list[tuple[Line, bool]], index: int) -> bool:
    """A heading needs something to head: a list, or a paragraph (not another short line)."""
    for line, as_is in content[index + 1:]:
        text = line.text
        if not text.strip():
            continue
        if as_is or shapes.bullet(text) or shapes.caps_lead(text):
            return True
        return not shapes.heading_like(text)
    return False


def _continues(content: list[tuple[Line, bool]], index: int) -> bool:
    return index > 0 and content[index - 1][1]


def _separate(out: list[Line], line: Line) -> None:
    if out and out[-1].text.strip():
        out.append(line.with_text(""))
