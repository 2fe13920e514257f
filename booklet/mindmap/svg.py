"""SVG text of a laid-out map: real <text>, presentation attributes only, byte-stable output."""

from __future__ import annotations

import re
from html import escape
from typing import Sequence

from .layout import Connector, Geometry, Label

NEUTRAL = "#6b6b6b"  # "+N more" labels and branches without a colour of their own
INK = "#1e1e1e"  # leaf text: near-black prints crisply at 7 pt
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def check_palette(palette: Sequence[str]) -> tuple[str, ...]:
    colours = tuple(palette)
    if not colours:
        raise ValueError("mind map palette is empty")
    for colour in colours:
        if not isinstance(colour, str) or not _HEX.match(colour):
            raise ValueError(f"mind map palette: {colour!r} is not a hex colour like '#1f6f8b'")
    return tuple(_long_hex(colour) for colour in colours)


def check_id_prefix(prefix: str) -> str:
    if not isinstance(prefix, str) or not _ID.match(prefix):
        raise ValueError(f"mind map id prefix {prefix!r} is not a valid XML id (letters, digits, - _ .)")
    return prefix


def render(geometry: Geometry, *, palette: Sequence[str], family: str, id_prefix: str, title: str,
           described_by: str | None = None, text: bool = True) -> str:
    """The <svg> element, without XML declaration, to inline in HTML or EPUB XHTML.

    described_by names the id of the map's text alternative (its outline as a list), if the
    page holds one, for assistive technology. Without `text`, only the boxes, underlines and
    connectors are drawn: the print page sets the labels as HTML over them (overlay.py).
    """
    colours = check_palette(palette)
    title_id = f"{check_id_prefix(id_prefix)}-title"
    extra = {"aria-describedby": check_id_prefix(described_by)} if described_by else {}
    root = _attrs({
        **extra,
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {_num(geometry.width)} {_num(geometry.height)}",
        # Width only: the height follows from the viewBox, on paper and on a phone alike.
        "width": "100%",
        "role": "img",
        "aria-labelledby": title_id,
        "class": "mindmap",
        # Attributes, not CSS: WeasyPrint does not apply the page's stylesheet inside inline SVG.
        "font-family": family,  # a CSS list: MapFonts.css_family
    })
    parts = [f"<svg {root}>", f'<title id="{title_id}">{escape(title, quote=False)}</title>']
    parts.append('<g fill="none" stroke-linecap="round">')
    parts.extend(_connector(connector, geometry, colours) for connector in geometry.connectors)
    parts.append("</g>")
    parts.extend(_label(label, colours, text) for label in geometry.labels)
    parts.append("</svg>")
    return "\n".join(parts)


def _connector(connector: Connector, geometry: Geometry, colours) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = connector.points
    d = f"M{_num(x0)} {_num(y0)}C{_num(x1)} {_num(y1)} {_num(x2)} {_num(y2)} {_num(x3)} {_num(y3)}"
    child = geometry.labels[connector.child]
    colour = _colour(connector.branch, colours)
    return _element("path", {
        "d": d,
        "stroke": _mix(colour, "#ffffff", 0.35) if child.kind == "more" else colour,
        "stroke-width": _num(connector.width),
    })


def ink(label: Label, colours: tuple[str, ...]) -> str:
    """The colour of a label's text."""
    if label.kind == "centre":
        return "#ffffff"
    if label.kind == "more":
        return NEUTRAL
    return _mix(_colour(label.branch, colours), "#000000", 0.35) if label.boxed else INK


def _label(label: Label, colours, text: bool = True) -> str:
    colour = _colour(label.branch, colours)
    if label.kind == "centre":
        frame = {"fill": "#2f3640", "stroke": "#2f3640", "rx": "7"}
    elif label.kind == "more":
        frame = {"fill": "#ffffff", "stroke": NEUTRAL, "stroke-dasharray": "3 2", "rx": "4"}
    elif label.kind == "collapsed":
        # A branch whose leaves are on another page of the map: dashed, in its own colour.
        frame = {"fill": "#ffffff", "stroke": colour, "stroke-dasharray": "4 2", "rx": "4"}
    elif label.boxed:
        frame = {"fill": _mix(colour, "#ffffff", 0.86), "stroke": colour, "rx": "4"}
    else:
        frame = None
    shapes = []
    if label.boxed:
        shapes.append(_element("rect", {
            "x": _num(label.x), "y": _num(label.y),
            "width": _num(label.width), "height": _num(label.height),
            "stroke-width": "1.2", **frame,
        }))
    else:
        bottom = _num(label.y + label.height)
        shapes.append(_element("line", {
            "x1": _num(label.x), "y1": bottom, "x2": _num(label.x + label.width), "y2": bottom,
            "stroke": _mix(colour, "#ffffff", 0.35) if label.kind == "more" else colour,
            "stroke-width": "1.4" if label.depth <= 2 else "1.1", "stroke-linecap": "round",
        }))
    if text:
        shapes.append(_text(label, ink(label, colours)))
    return "\n".join(shapes)


def _text(label: Label, ink: str) -> str:
    attrs = {
        "fill": ink,
        "font-size": _num(label.size),
        "text-anchor": label.anchor,
    }
    if label.bold:
        attrs["font-weight"] = "bold"
    if len(label.lines) == 1:
        attrs.update(x=_num(label.text_x), y=_num(label.baselines[0]))
        return _element("text", attrs, escape(label.lines[0], quote=False))
    # One <text> per label, one <tspan> per line: a reader meets the label as one phrase.
    spans = "".join(
        _element("tspan", {"x": _num(label.text_x), "y": _num(baseline)}, escape(line, quote=False))
        for line, baseline in zip(label.lines, label.baselines)
    )
    return f"<text {_attrs(attrs)}>{spans}</text>"


def _element(tag: str, attrs: dict[str, str], text: str | None = None) -> str:
    if text is None:
        return f"<{tag} {_attrs(attrs)}/>"
    return f"<{tag} {_attrs(attrs)}>{text}</{tag}>"


def _attrs(attrs: dict[str, str]) -> str:
    # Sorted, so that the same map is the same bytes whatever order the code set them in.
    return " ".join(f'{key}="{_attr_escape(value)}"' for key, value in sorted(attrs.items()))


def _attr_escape(value: str) -> str:
    return escape(value, quote=False).replace('"', "&quot;")


def _num(value: float) -> str:
    """Two decimals without trailing zeros: stable across runs and platforms, small to read."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _colour(branch: int, colours: tuple[str, ...]) -> str:
    return NEUTRAL if branch < 0 else colours[branch % len(colours)]


def _long_hex(colour: str) -> str:
    if len(colour) == 4:
        colour = "#" + "".join(char * 2 for char in colour[1:])
    return colour.lower()


def _mix(colour: str, other: str, amount: float) -> str:
    """colour moved `amount` of the way towards other (tints for fills, shades for text)."""
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b))
