"""Previous-year questions (`>Explain … #PYMQ 2004`) become question blocks tagged Mains or Prelims.

Students write them as a blockquote, or as a list item whose text is a quote (`- >Explain …`),
often nested under another item with a tab; the year may follow the tag or precede it.

PYMQ is a previous-year Mains question, PYPQ a Prelims one. The result is the admonition form of the
revision blocks' `question`, so the questions are numbered, gathered into Practice questions, and
listed in the answer key and the previous-year-questions table like any other.
"""

from __future__ import annotations

import re

from .lines import Line, in_code, mask_code, sub_outside_code

EXAMS = {"m": "Mains", "p": "Prelims"}
_QUOTE = re.compile(r"^ {0,3}>")
_QUOTE_MARK = re.compile(r"^ {0,3}> ?")
_YEAR = r"(?:19|20)\d\d(?!\d)"
# `#PYMQ 2004`, `#PYMQ-2004`, `2004 #PYMQ`: group 2 is the exam's letter, 1 or 3 the year.
TAG = re.compile(rf"(?:(?<!\S)({_YEAR})[ \t]*[-_:]?[ \t]*|(?<!\S))#PY([MP])Q(?![A-Za-z])"
                 rf"(?:[ \t]*[-_:]?[ \t]*({_YEAR}))?", re.I)
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?:> ?)?(.*)$")


def convert(lines: list[Line]) -> list[Line]:
    return _quotes(_list_items(lines))


def _quotes(lines: list[Line]) -> list[Line]:
    flags = in_code(lines)
    out: list[Line] = []
    index = 0
    while index < len(lines):
        if flags[index] or not _QUOTE.match(lines[index].text):
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and not flags[end] and _QUOTE.match(lines[end].text):
            end += 1
        quote = lines[index:end]
        question = _question(quote)
        if question and out and out[-1].text.strip():
            out.append(quote[0].with_text(""))
        out += question or quote
        index = end
    return out


def exam_title(text: str) -> str | None:
    """"Mains 2004" for a text holding `#PYMQ 2004` (several tags: "Mains 2004 · Prelims 2019")."""
    labels = []
    for match in TAG.finditer(mask_code(text)):
        year = match.group(1) or match.group(3) or ""
        label = " ".join(part for part in (EXAMS[match.group(2).lower()], year) if part)
        if label not in labels:
            labels.append(label)
    return " · ".join(labels) or None


def _question(quote: list[Line]) -> list[Line] | None:
    contents = [_QUOTE_MARK.sub("", line.text, count=1) for line in quote]
    if contents[0].lstrip().startswith("[!"):
        return None  # an Obsidian callout, a revision block of its own
    title = exam_title("\n".join(contents))
    if title is None:
        return None
    body = []
    for line, text in zip(quote, contents):
        cleaned = sub_outside_code(TAG, lambda m: "", text).rstrip()
        if cleaned.strip() or not text.strip():
            body.append(line.with_text("    " + cleaned if cleaned.strip() else ""))
    while body and not body[-1].text:
        body.pop()
    header = quote[0].with_text(f'!!! question "{title}"')
    return [header, *body, quote[-1].with_text("")]


def _list_items(lines: list[Line]) -> list[Line]:
    """Questions written as list items leave the list; they follow it as question blocks.

    Their place in the text does not matter (questions gather under Practice questions); the
    list stays whole: an item's other children move up to the question's level.
    """
    flags = in_code(lines)
    out: list[Line] = []
    waiting: list[Line] = []          # question blocks to put after the list
    shift: list[tuple[int, int]] = []  # (indent of a removed question, width its children move left)
    for line, code in zip(lines, flags):
        item = None if code else _ITEM.match(line.text)
        width = _width(line.text)
        if line.text.strip() and not code:
            while shift and width <= shift[-1][0]:
                shift.pop()
        title = exam_title(item.group(2)) if item else None
        if title:
            text = sub_outside_code(TAG, lambda m: "", item.group(2)).strip().removeprefix(">").strip()
            waiting += [line.with_text(f'!!! question "{title}"'), line.with_text("    " + text), line.with_text("")]
            shift.append((width, _child_offset(width, shift)))
            continue
        if waiting and line.text.strip() and not code and width == 0 and not item:
            out += _flush(out, waiting, line)
        moved = shift[-1][1] if shift and line.text.strip() else 0
        out.append(line.with_text(_dedent(line.text, moved)) if moved else line)
    if waiting:
        out += _flush(out, waiting, lines[-1])
    return out


def _width(text: str) -> int:
    expanded = text.expandtabs(4)
    return len(expanded) - len(expanded.lstrip()) if expanded.strip() else 0


def _child_offset(indent: int, shift: list[tuple[int, int]]) -> int:
    # A child sits one level (four columns, or a tab) deeper than the item it moves into.
    return 4 + (shift[-1][1] if shift else 0)


def _dedent(text: str, width: int) -> str:
    expanded = text.expandtabs(4)
    return expanded[min(width, _width(text)):]


def _flush(out: list[Line], waiting: list[Line], at: Line) -> list[Line]:
    blocks = ([at.with_text("")] if out and out[-1].text.strip() else []) + waiting
    waiting.clear()
    return blocks + [at.with_text("")]
