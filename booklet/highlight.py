"""Fenced code with a language, syntax-highlighted by Pygments (Python-Markdown's codehilite).

The token classes (`.k` keyword, `.c1` comment…) are styled in the layout's stylesheets, in
colours dark enough to read in black-and-white print, with bold and italic carrying the
difference where grey alone would not.
"""

from __future__ import annotations

from .model import Options


def extensions(options: Options) -> list:
    """A fresh extension for each topic. No guessing: code without a language stays plain."""
    from markdown.extensions.codehilite import CodeHiliteExtension   # Markdown and Pygments: only to convert

    return [CodeHiliteExtension(guess_lang=False, css_class="highlight", use_pygments=True)]
