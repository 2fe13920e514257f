"""Print settings: page size, duplex, bleed and crop marks, PDF standard, imposition; their CSS and PDF options."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .errors import SourceLocation
from .schema import Field, Schema

MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}

# ISO 216 A and B series and the two North American sizes, in millimetres (portrait).
NAMED_SIZES = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148),
    "B4": (250, 353), "B5": (176, 250), "B6": (125, 176),
    "LETTER": (215.9, 279.4), "LEGAL": (215.9, 355.6), "TABLOID": (279.4, 431.8),
}
_DISPLAY = {"LETTER": "Letter", "LEGAL": "Legal", "TABLOID": "Tabloid"}
SIZE_HINT = "use A4, A5, A6, B5, Letter (optionally 'landscape') or a width and height such as '170mm 240mm'"

# The PDF standards WeasyPrint 70 writes that booklet offers, and what each is for.
VARIANTS = {
    "pdf/x-4": "press: transparency and ICC colour allowed",
    "pdf/x-1a": "press: older workflows (see docs/print.md on colour)",
    "pdf/a-2b": "archive",
    "pdf/a-3b": "archive, allows attachments",
    "pdf/ua-1": "accessibility: a tagged PDF",
}
PRESS_VARIANTS = ("pdf/x-",)     # the only standards for which a bleed and printer's marks make sense
MARKS = ("crop", "cross")
IMPOSITIONS = ("saddle",)
BAND_PADDING = 14               # mm above the cover band's text and below the back cover's (print.css)
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*$", re.I)
_MIN_PAGE_MM, _MAX_PAGE_MM, _MAX_BLEED_MM = 50, 1200, 25


@dataclass(frozen=True)
class PageSize:
    name: str           # what the user wrote, tidied: "A5", "Letter landscape", "170mm 240mm"
    width: float        # millimetres
    height: float

    @property
    def css(self) -> str:
        return f"{_num(self.width)}mm {_num(self.height)}mm"

    def describe(self) -> str:
        return f"{self.name} ({_num(self.width)} × {_num(self.height)} mm)" if self.name[0].isalpha() \
            else f"{_num(self.width)} × {_num(self.height)} mm"


A4 = PageSize("A4", 210, 297)


@dataclass(frozen=True)
class PrintSettings:
    """How the PDF is laid out for printing. `where` keeps the manifest line of each key set there."""

    page_size: PageSize = A4
    duplex: bool = False
    gutter: float | None = None      # extra inner margin for binding (mm); None: chosen from the page size
    bleed: float = 0.0               # mm
    marks: tuple[str, ...] = ()
    pdf_variant: str = ""            # "" for a plain PDF
    impose: str = ""                 # "" or "saddle"
    signatures: int = 1              # saddle: folded in this many booklets (signatures), in page order
    where: Mapping[str, SourceLocation] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class PageGeometry:
    """The page every stage lays out for, in mm: trim size, margins, and the text area they leave.

    Derived once from the print settings (`geometry`); block finishers, mind-map pages and the
    generated page CSS all read it, so none copies print.css's numbers."""

    width: float
    height: float
    top: float
    bottom: float
    inner: float       # the binding side (left on single-sided pages)
    outer: float
    side: float        # the design's side margin, before a gutter moves it (covers use it)
    bleed: float = 0.0

    @property
    def text_width(self) -> float:
        return self.width - self.inner - self.outer

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


def geometry(s: PrintSettings) -> PageGeometry:
    m = margins(s)
    return PageGeometry(s.page_size.width, s.page_size.height, m["top"], m["bottom"], m["inner"], m["outer"],
                        m["side"], s.bleed)


def size_name(width: float, height: float) -> str | None:
    """'A4 landscape' for 297 × 210 mm (within 1 mm): the named size a sheet is, else None."""
    for key, (pw, ph) in NAMED_SIZES.items():
        if abs(max(width, height) - ph) < 1 and abs(min(width, height) - pw) < 1:
            return f"{_DISPLAY.get(key, key)} {'landscape' if width > height else 'portrait'}"
    return None


# ---------- parsing ----------

def parse_length(text: Any) -> float:
    """'3mm', '0.125in', 0 → millimetres. Raises ValueError with a user-facing message."""
    if text == 0 and not isinstance(text, bool):
        return 0.0
    match = _LENGTH.match(str(text)) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"cannot read the length {text!r}; write a number and a unit, such as '3mm' or '0.125in'")
    return round(float(match.group(1)) * MM_PER[match.group(2).lower()], 3)


def parse_page_size(text: Any) -> PageSize:
    """'A5', 'letter landscape', '170mm 240mm' → PageSize. Raises ValueError naming the valid forms."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"cannot read the page size {text!r}; {SIZE_HINT}")
    words = text.replace("×", " ").replace(" x ", " ").split()
    orientation = words.pop().lower() if len(words) > 1 and words[-1].lower() in ("portrait", "landscape") else ""
    if len(words) == 1 and words[0].upper() in NAMED_SIZES:
        key = words[0].upper()
        width, height = NAMED_SIZES[key]
        if orientation == "landscape":
            width, height = height, width
        name = _DISPLAY.get(key, key) + (" landscape" if orientation == "landscape" else "")
        return PageSize(name, width, height)
    if len(words) == 2 and not orientation:
        try:
            width, height = parse_length(words[0]), parse_length(words[1])
        except ValueError:
            raise ValueError(f"cannot read the page size {text!r}; {SIZE_HINT}") from None
        for side in (width, height):
            if not _MIN_PAGE_MM <= side <= _MAX_PAGE_MM:
                raise ValueError(f"page size {text!r}: each side must be between {_MIN_PAGE_MM} and "
                                 f"{_MAX_PAGE_MM} mm")
        return PageSize(f"{_num(width)}mm {_num(height)}mm", width, height)
    raise ValueError(f"cannot read the page size {text!r}; {SIZE_HINT}")


def parse_bleed(text: Any) -> float:
    bleed = parse_length(text)
    if bleed > _MAX_BLEED_MM:
        raise ValueError(f"a bleed of {_num(bleed)} mm is too large; presses ask for 3 to 5 mm")
    return bleed


def parse_marks(value: Any) -> tuple[str, ...]:
    """'crop', 'crop cross', 'none', or a list of those → tuple of mark names."""
    words = value if isinstance(value, list) else str(value).replace(",", " ").split()
    words = [str(w).lower() for w in words]
    if words in ([], ["none"]):
        return ()
    unknown = [w for w in words if w not in MARKS]
    if unknown:
        raise ValueError(f"unknown mark {unknown[0]!r}; use crop, cross, 'crop cross' or none")
    return tuple(dict.fromkeys(words))


def parse_variant(value: Any) -> str:
    text = str(value or "").strip().lower()
    if text in ("", "none", "pdf"):
        return ""
    if text not in VARIANTS:
        raise ValueError(f"unknown PDF standard {value!r}; choose from none, {', '.join(VARIANTS)}")
    return text


def parse_impose(value: Any) -> str:
    text = str(value or "").strip().lower()
    if text in ("", "none", "off"):
        return ""
    if text not in IMPOSITIONS:
        raise ValueError(f"unknown imposition {value!r}; choose from none, saddle")
    return text


MAX_SIGNATURES = 20


def parse_signatures(value: Any) -> int:
    """How many folded signatures a saddle-stitched booklet is imposed in: 1 to 20."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= MAX_SIGNATURES:
        raise ValueError(f"signatures: expected a whole number from 1 to {MAX_SIGNATURES}, got {value!r}")
    return int(text)


def _problem(parser):
    """A schema `check`: the parser's ValueError message, or None."""
    def check(value):
        try:
            parser(value)
        except ValueError as exc:
            return str(exc)
        return None
    return check


PRINT = Schema({
    "page_size": Field((str,), default="A4", check=_problem(parse_page_size), help="A4, A5, B5, Letter, '170mm 240mm'"),
    "duplex": Field((bool,), default=False, help="mirrored margins, topics start on right-hand pages"),
    "gutter": Field((str, int), default=None, check=_problem(parse_length), help="extra inner margin, e.g. 8mm"),
    "bleed": Field((str, int), default=0, check=_problem(parse_bleed), help="e.g. 3mm, for a press"),
    "marks": Field((str, list), default="none", check=_problem(parse_marks), help="crop, cross or none"),
    "pdf_variant": Field((str,), default="", check=_problem(parse_variant), help=", ".join(VARIANTS)),
    "impose": Field((str,), default="none", check=_problem(parse_impose), help="saddle: a fold-and-staple copy"),
    "signatures": Field((int, str), default=1, check=_problem(parse_signatures),
                        help="saddle: fold the booklet as this many signatures (booklets of consecutive pages)"),
})

# Parsers for each key, shared by the manifest and the command line.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "page_size": parse_page_size, "duplex": bool, "gutter": parse_length, "bleed": parse_bleed,
    "marks": parse_marks, "pdf_variant": parse_variant, "impose": parse_impose, "signatures": parse_signatures}


def settings(values: Mapping[str, Any], where: Mapping[str, SourceLocation] | None = None) -> PrintSettings:
    """Build settings from already-validated raw values (manifest `print:` merged with the command line)."""
    parsed = {key: PARSERS[key](value) for key, value in values.items() if key in PARSERS and value is not None}
    return PrintSettings(**parsed, where=MappingProxyType(dict(where or {})))


def conflicts(s: PrintSettings) -> list[tuple[str, str]]:
    """Combinations that cannot be printed as asked: (key to blame, message)."""
    problems = []
    press = not s.pdf_variant or s.pdf_variant.startswith(PRESS_VARIANTS)
    if not press and s.bleed:
        problems.append(("bleed", f"a bleed is for a press, but {s.pdf_variant} is not a press standard; "
                                  "use pdf/x-4 or pdf/x-1a, or no pdf_variant, or remove the bleed"))
    if not press and s.marks:
        problems.append(("marks", f"printer's marks are for a press, but {s.pdf_variant} is not a press "
                                  "standard; use pdf/x-4 or pdf/x-1a, or no pdf_variant, or set marks: none"))
    return problems


# ---------- CSS ----------

def margins(s: PrintSettings) -> dict[str, float]:
    """Page margins in mm, scaled from the A4 design (24 mm top and bottom, 22 mm sides)."""
    top = max(12.0, round(s.page_size.height * 24 / 297, 1))
    side = max(11.0, round(s.page_size.width * 22 / 210, 1))
    gutter = s.gutter if s.gutter is not None else (round(max(4.0, s.page_size.width * 0.04), 1) if s.duplex else 0.0)
    # The gutter is taken half from the outer margin and half added, so the text block keeps its width.
    inner, outer = side + gutter / 2, max(8.0, side - gutter / 2)
    return {"top": top, "bottom": top, "inner": inner, "outer": outer, "side": side}


def css(s: PrintSettings, cover_colour: str | None = None) -> str:
    """The generated page CSS: size, margins (mirrored for duplex), bleed, marks, right-hand starts."""
    m = margins(s)
    rules = [f"@page {{ size: {s.page_size.css}; margin: {_mm(m['top'])} {_mm(m['outer'])} {_mm(m['bottom'])} "
             f"{_mm(m['inner'])};" + (f" bleed: {_mm(s.bleed)};" if s.bleed else "")
             + (f" marks: {' '.join(s.marks)};" if s.marks else "") + " }",
             *_cover_rules(s, m["side"])]
    if s.duplex:
        rules += [f"@page :left {{ margin-left: {_mm(m['outer'])}; margin-right: {_mm(m['inner'])}; }}",
                  f"@page :right {{ margin-left: {_mm(m['inner'])}; margin-right: {_mm(m['outer'])}; }}",
                  # Every topic, part and back section opens on a right-hand page; blanks carry nothing.
                  ".contents, .part, .topic, .back-section { break-before: right; }",
                  ".back-cover { break-before: left; }"]
    if s.bleed and cover_colour:
        # A full-colour cover: the page background is what runs into the bleed.
        rules.append(f"@page title {{ background: {cover_colour}; }} @page back-cover {{ background: {cover_colour}; }}")
    return "/* booklet: print settings (generated) */\n" + "\n".join(rules) + "\n"


def _cover_rules(s: PrintSettings, side: float) -> list[str]:
    """Covers fill exactly one page; their colour bands reach the trim edge, or into the bleed.

    WeasyPrint's flex layout ignores auto margins, so positions are computed from the page height.
    """
    height, bleed, reach = s.page_size.height, s.bleed, side + s.bleed
    title_at = {"top": 16.0, "middle": round(height * 0.22, 1), "bottom": round(height * 0.45, 1)}
    rules = [f".title-page, .back-cover {{ height: {_mm(height)}; padding: 0 {_mm(side)}; }}",
             f".title-page > .cover-band {{ margin: -{_mm(bleed)} -{_mm(reach)} 0; padding: {_mm(BAND_PADDING + bleed)} "
             f"{_mm(reach)} 6mm; }}",
             f".title-page .title-meta {{ left: {_mm(side)}; right: {_mm(side)}; bottom: {_mm(round(height * 0.08, 1))}; }}",
             f".back-cover > .cover-band {{ left: -{_mm(bleed)}; right: -{_mm(bleed)}; bottom: -{_mm(bleed)}; "
             f"padding: 10mm {_mm(reach)} {_mm(BAND_PADDING + bleed)}; }}"]
    rules += [f".title-at-{where} .title-block {{ margin-top: {_mm(top)}; }}" for where, top in title_at.items()]
    return rules


def _mm(value: float) -> str:
    return f"{_num(value)}mm"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
