"""Obsidian-only markup a booklet drops: %%comments%%, block ids, and publishing plugins' embed wrappers."""

from __future__ import annotations

import re

from ..errors import Reporter
from ..source import block_id_pattern
from .lines import Line, in_code, mask_code

_COMMENT = "%%"
_BLOCK_ID = block_id_pattern()
# Digital-garden style publishing leaves expanded embeds wrapped in these; the content inside is the note.
_EMBED_LINK = re.compile(r'<a class="markdown-embed-link".*?</a>', re.S)
_DIV = re.compile(r"<div\b[^>]*>|</div\s*>")
_WRAPPER_CLASS = re.compile(r'class="[^"]*\b(?:transclusion|internal-embed|markdown-embed(?:-title|-content)?)\b')


def remove_comments(lines: list[Line], reporter: Reporter) -> list[Line]:
    """Drop `%%…%%` comments, inline or across lines; an unclosed one hides the rest, as in Obsidian."""
    out: list[Line] = []
    opened: Line | None = None   # the line where an unclosed comment started
    head = ""                    # that line's text before the comment
    for line, code in zip(lines, in_code(lines)):
        if opened is None:
            if code or _COMMENT not in line.text:
                out.append(line)
                continue
            text, still_open = _strip_inline(line.text)
            if not still_open:
                out.append(line.with_text(text))
                continue
            opened, head = line, text
            continue
        end = line.text.find(_COMMENT)
        if end < 0:
            continue
        text, still_open = _strip_inline(line.text[end + 2:])
        joined = " ".join(part for part in (head.rstrip(), text.lstrip()) if part)
        if still_open:
            head = joined
            continue
        out.append(opened.with_text(joined))
        opened = None
    if opened is not None:
        reporter.warning("this %% comment is never closed, so the rest of the note is hidden (as in Obsidian)",
                         opened.where)
        out.append(opened.with_text(head))
    return out


def _strip_inline(text: str) -> tuple[str, bool]:
    """Remove the comments that open and close on this line; report whether one stays open."""
    masked = mask_code(text)
    out, position = [], 0
    while True:
        start = masked.find(_COMMENT, position)
        if start < 0:
            out.append(text[position:])
            return "".join(out), False
        out.append(text[position:start])
        end = masked.find(_COMMENT, start + 2)
        if end < 0:
            return "".join(out), True
        position = end + 2


def strip_block_ids(lines: list[Line]) -> list[Line]:
    """`^block-id` markers end paragraphs for block links; a reader never sees them."""
    flags = in_code(lines)
    return [line.with_text(_BLOCK_ID.sub("", line.text)) if not code and "^" in line.text else line
            for line, code in zip(lines, flags)]


def unwrap_published_embeds(lines: list[Line]) -> list[Line]:
    """Keep the content of embeds a publishing plugin already expanded; drop their wrapper HTML."""
    if not any("markdown-embed" in line.text or "transclusion" in line.text for line in lines):
        return lines
    stack: list[bool] = []  # open <div>s since the first wrapper: True for a wrapper
    out = []
    for line, code in zip(lines, in_code(lines)):
        if code or ("<div" not in line.text and "</div" not in line.text and not stack):
            out.append(line)
            continue
        text = _EMBED_LINK.sub("", line.text)
        text = _DIV.sub(lambda m: _unwrap_tag(m.group(0), stack), text)
        out.append(line.with_text("" if not text.strip() and text != line.text else text))
    return out


def _unwrap_tag(tag: str, stack: list[bool]) -> str:
    if tag.startswith("</"):
        if not stack:
            return tag
        return "" if stack.pop() else tag
    wrapper = bool(_WRAPPER_CLASS.search(tag))
    if wrapper or stack:
        stack.append(wrapper)
    return "" if wrapper else tag
