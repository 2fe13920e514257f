"""Previous-year questions (`>Explain … #PYMQ 2004`) become question blocks tagged Mains or Prelims.

Students write them as a blockquote, or as a list item whose text is a quote (`- >Explain …`),
often nested under another item with a tab; the year may follow the tag or precede it.

PYMQ is a previous-year Mains question, PYPQ a Prelims one. The result is the admonition form of the
revision blocks' `question`, so the questions are numbered, gathered into Practice questions, and
listed in the answer key and the previous-year-questions table like any other.
"""

from __future__ import annotations

import re

from ..source import INDENTED, ITEM, TEXT, strip_quotes
from .lines import Line, mask_code, structure, sub_outside_code

EXAMS = {"m": "Mains", "p": "Prelims"}
_YEAR = r"(?:19|20)\d\d(?!\d)"
# `#PYMQ 2004`, `#PYMQ-2004`, `2004 #PYMQ`: group 2 is the exam's letter, 1 or 3 the year.
TAG = re.compile(rf"(?:(?<!\S)({_YEAR})[ \t]*[-_:]?[ \t]*|(?<!\S))#PY([MP])Q(?![A-Za-z])"
                 rf"(?:[ \t]*[-_:]?[ \t]*({_YEAR}))?", re.I)


def convert(lines: list[Line]) -> list[Line]:
    return _quotes(_list_items(_paragraphs(lines)))


def _paragraphs(lines: list[Line]) -> list[Line]:
    """A one-line paragraph holding a tag (`Explain … #PYMQ 2019`) is a question too: no raw tag prints."""
    model = structure(lines)
    out: list[Line] = []
    for index, (line, info) in enumerate(zip(lines, model)):
        alone = info.kind == TEXT and not info.quotes and info.indent < 4 and all(
            other.kind != TEXT for other in model[max(index - 1, 0):index + 2] if other is not info)
        title = exam_title(line.text) if alone else None
        if not title:
            out.append(line)
            continue
        text = sub_outside_code(TAG, lambda m: "", line.text).strip()
        out += [line.with_text(f'!!! question "{title}"'), line.with_text("    " + text), line.with_text("")]
    return out


def _quotes(lines: list[Line]) -> list[Line]:
    quoted = [line.quoted for line in structure(lines)]
    out: list[Line] = []
    index = 0
    while index < len(lines):
        if not quoted[index]:
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and quoted[end]:
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
    contents = [strip_quotes(line.text, 1) or "" for line in quote]
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
    out: list[Line] = []
    waiting: list[Line] = []          # question blocks to put after the list
    shift: list[tuple[int, int]] = []  # (indent of a removed question, columns its children move left)
    for line, model in zip(lines, structure(lines)):
        prose = not model.code and model.kind != INDENTED
        width = _width(line.text)
        if line.text.strip() and prose:
            while shift and width <= shift[-1][0]:
                shift.pop()
        item = model.item if model.kind == ITEM and not model.quotes else None
        title = exam_title(item.text) if item else None
        if item and title:
            text = sub_outside_code(TAG, lambda m: "", item.text).strip().removeprefix(">").strip()
            waiting += [line.with_text(f'!!! question "{title}"'), line.with_text("    " + text), line.with_text("")]
            shift.append((width, 4 + (shift[-1][1] if shift else 0)))
            continue
        if waiting and line.text.strip() and prose and width == 0 and not item:
            out += _flush(out, waiting, line)
        moved = shift[-1][1] if shift and line.text.strip() else 0
        out.append(line.with_text(line.text.expandtabs(4)[min(moved, width):]) if moved else line)
    if waiting:
        out += _flush(out, waiting, lines[-1])
    return out


def _width(text: str) -> int:
    expanded = text.expandtabs(4)
    return len(expanded) - len(expanded.lstrip()) if expanded.strip() else 0


def _flush(out: list[Line], waiting: list[Line], at: Line) -> list[Line]:
    blocks = ([at.with_text("")] if out and out[-1].text.strip() else []) + waiting
    waiting.clear()
    return blocks + [at.with_text("")]
