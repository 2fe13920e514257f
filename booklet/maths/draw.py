"""Formulas drawn: an SVG of vector paths for print (ziamath: no browser, no LaTeX) and MathML for screens."""

from __future__ import annotations

import html
import re

from functools import cache
from types import ModuleType

from lxml import etree, html as lxml_html

from ..errors import Reporter
from ..model import Topic

_SIZE = 16  # ziamath's em in px; the drawing is then sized in em, so it follows the text's size
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


def finish(topic: Topic, tree: etree._Element, reporter: Reporter, context: object = None) -> dict:
    """Finisher hook: every placeholder from syntax.py replaced by its drawings, or by its source."""
    count = 0
    for placeholder in list(tree.iterdescendants()):
        if "math-source" not in (placeholder.get("class") or ""):
            continue
        source, display = placeholder.text or "", placeholder.get("data-math") == "display"
        line = placeholder.get("data-line", "")
        try:
            replacement = _drawn(source, display)
            count += 1
        except Exception as exc:  # noqa: BLE001 (the parsers raise many kinds; any means "cannot read")
            where = topic.location(int(line)) if line.isdigit() else topic.location()
            reporter.warning(f"cannot read the formula '{_short(source)}' ({_reason(exc)}); "
                             "it is printed as written", where)
            replacement = _as_code(source, display)
        replacement.tail = placeholder.tail
        placeholder.getparent().replace(placeholder, replacement)
    return {"maths": count} if count else {}


@cache
def _libraries() -> tuple[ModuleType, ModuleType]:
    """ziamath and latex2mathml, imported on the first formula: a second or so that booklets
    without maths never pay."""
    import latex2mathml.converter
    import ziamath

    ziamath.config.svg2 = False  # inline SVG without <symbol>/<use>: ids would repeat across formulas
    return ziamath, latex2mathml.converter


def _drawn(source: str, display: bool) -> etree._Element:
    ziamath, converter = _libraries()
    mode = "display" if display else "inline"
    mathml = converter.convert(source, display="block" if display else "inline")
    mathml = mathml.replace("<math ", f'<math alttext="{html.escape(source, quote=True)}" ', 1)
    svg = _sized(ziamath.Latex(source, size=_SIZE, inline=not display).svg())
    tag = "div" if display else "span"
    return lxml_html.fragment_fromstring(
        f'<{tag} class="math math-{mode}"><span class="math-print">{svg}</span>'
        f'<span class="math-screen">{mathml}</span></{tag}>')


def _sized(svg: str) -> str:
    """The SVG sized in em and set on the text's baseline (ziamath draws the baseline at y = 0)."""
    box = _VIEWBOX.search(svg)
    if box is None:
        raise ValueError("ziamath drew an SVG without a viewBox")  # reported as a formula that cannot be drawn
    x, y, width, height = (float(v) for v in box.groups())
    descent = height + y
    size = (f'width="{width / _SIZE:.3f}em" height="{height / _SIZE:.3f}em" role="img" '
            f'style="vertical-align: {-descent / _SIZE:.3f}em"')
    return re.sub(r'width="[^"]*" height="[^"]*"', size, svg, count=1)


def _as_code(source: str, display: bool) -> etree._Element:
    code = etree.Element("code", {"class": "math-unreadable"})
    code.text = f"$${source}$$" if display else f"${source}$"
    if not display:
        return code
    block = etree.Element("pre", {"class": "math-unreadable"})
    block.append(code)
    return block


def _short(source: str) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= 60 else flat[:57] + "…"


# latex2mathml's exceptions, in words.
_REASONS = {
    "NoAvailableTokensError": "it ends too early: a closing brace or an argument is missing",
    "ExtraLeftOrMissingRightError": "a \\left has no \\right",
    "MissingEndError": "a \\begin has no \\end",
    "MissingSuperScriptOrSubscriptError": "a ^ or _ has nothing to raise or lower",
    "DoubleSuperscriptsError": "two superscripts in a row",
    "DoubleSubscriptsError": "two subscripts in a row",
    "InvalidStyleForGenfracError": "a \\genfrac style is not 0 to 3",
    "InvalidAlignmentError": "an array's column alignment is not l, c or r",
}


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    if name in _REASONS:
        return _REASONS[name]
    text = str(exc).strip()
    return text if text and len(text) < 120 else name
