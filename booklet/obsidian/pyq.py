"""Previous-year-question blockquotes (`>Explain … #PYMQ 2004`) become question blocks tagged Mains or Prelims.

PYMQ is a previous-year Mains question, PYPQ a Prelims one. The result is the admonition form of the
revision blocks' `question`, so the questions are numbered, gathered into Practice questions, and
listed in the answer key and the previous-year-questions table like any other.
"""

from __future__ import annotations

import re

from ..source import strip_quotes
from .lines import Line, mask_code, structure, sub_outside_code

EXAMS = {"m": "Mains", "p": "Prelims"}
TAG = re.compile(r"(?<!\S)#PY([MP])Q(?![A-Za-z])[ \t]*[-_:]?[ \t]*((?:19|20)\d\d(?!\d))?", re.I)


def convert(lines: list[Line]) -> list[Line]:
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
        label = " ".join(part for part in (EXAMS[match.group(1).lower()], match.group(2) or "") if part)
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
