"""Inline spans other stages must not look inside: code spans and maths (`$R[[x]]$` is no wikilink)."""

from __future__ import annotations

import re

CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# $$…$$ and \[…\] on one line (display); $…$ with Pandoc's currency rule (an opening $ before a
# non-space, a closing $ after a non-space and not before a digit: "$5 and $10" is text); \(…\).
MATH_SPAN = re.compile(
    r"(?<![\\$])\$\$(?P<d1>[^$]+?)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|(?<![\\$\w])\$(?=[^\s$])(?P<i1>(?:[^$\\]|\\.)+?)(?<=\S)(?<!\\)\$(?![\d$])"
    r"|\\\((?P<i2>.+?)\\\)"
)
MASK = "\x00"
# `\[1\]` and `\(a\)` are also how Markdown escapes brackets and parentheses: in those two forms
# a span is maths only when it has something of a formula (an operator, a command, a script).
_FORMULA = re.compile(r"[\\^_=+<>{}]|^\s*[A-Za-z]\s*$")


def math_spans(text: str):
    """The maths spans of `text` (matches of MATH_SPAN), escaped brackets left out."""
    for match in MATH_SPAN.finditer(text):
        bracketed = match.group("d2") or match.group("i2")
        if bracketed is None or _FORMULA.search(bracketed):
            yield match


def mask_code_spans(text: str) -> str:
    """`text` with inline code spans blanked out, same length."""
    return CODE_SPAN.sub(lambda m: MASK * len(m.group(0)), text)


def mask_code_and_maths(text: str) -> str:
    """`text` with code spans and maths blanked out, same length, so matches never start inside them."""
    masked = mask_code_spans(text)
    for match in math_spans(masked):
        masked = masked[:match.start()] + MASK * len(match.group(0)) + masked[match.end():]
    return masked
