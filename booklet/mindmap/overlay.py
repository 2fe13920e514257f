"""A map for print: the SVG's shapes with its labels set over them as positioned HTML text.

WeasyPrint draws SVG text one glyph at a time and writes no spaces, so SVG labels extract from
the PDF as "spaceand climate". HTML text is written as words with spaces, in document order
(centre, then each branch followed by its leaves), which is the map's reading order."""

from __future__ import annotations

from html import escape
from typing import Sequence

from .layout import LINE, Geometry, Label, tier
from .svg import _num, check_palette, ink, render


def print_html(geometry: Geometry, *, palette: Sequence[str], family: str, id_prefix: str, title: str) -> str:
    """The map as a box of its printed size: shapes as SVG, labels as absolutely placed text."""
    colours = check_palette(palette)
    scale = geometry.scale
    shapes = render(geometry, palette=colours, family=family, id_prefix=id_prefix, title=title, text=False)
    labels = "".join(_label(label, colours, scale) for label in geometry.labels)
    style = (f"height:{_num(geometry.height * scale)}pt;"
             f"font-family:{family}")
    return (f'<div class="mindmap-print" style="{style}">'
            f'<div class="mindmap-shapes" aria-hidden="true">{shapes}</div>{labels}</div>')


def _label(label: Label, colours: tuple[str, ...], scale: float) -> str:
    look = tier(label.depth)
    size = label.size * scale
    width = label.width * scale
    if label.anchor == "middle":
        left, align = label.text_x * scale - width / 2, "center"
    elif label.anchor == "end":
        left, align = label.text_x * scale - width, "right"
    else:
        left, align = label.text_x * scale, "left"
    style = (f"left:{_num(left)}pt;top:{_num((label.y + look.pad_top) * scale)}pt;width:{_num(width)}pt;"
             f"font-size:{_num(size)}pt;line-height:{_num(LINE * size)}pt;text-align:{align};"
             f"color:{ink(label, colours)}")
    if label.bold:
        style += ";font-weight:bold"
    lines = "<br/>".join(escape(line, quote=False) for line in label.lines)
    return f'<p class="mindmap-label-text mindmap-{label.kind}" style="{style}">{lines}</p>'
