"""Maths in notes: `$…$`, `$$…$$`, `\\(…\\)` and `\\[…\\]` kept from Markdown, drawn as SVG (print) and MathML (screens)."""

from __future__ import annotations

from ..model import Options
from .draw import finish

__all__ = ["extensions", "finish"]


def extensions(options: Options) -> list:
    """A fresh extension for each topic: it shields maths from every other Markdown step."""
    from .syntax import MathsExtension   # here: Markdown is loaded only for a conversion to run

    return [MathsExtension()]
