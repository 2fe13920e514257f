"""Brand packs: an institute's name, logo, colours, fonts, covers and footer, from `layouts/brands/<name>/brand.yml`."""

from __future__ import annotations

import re
import string
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from lxml import etree

from .errors import BookletError, Reporter, SourceLocation
from .layout import BUILTIN, folder as layout_folder
from .schema import Field, Schema, validate
from .sources import contained, read_text, resolve_inside
from .yamlsrc import Node, parse

BRANDS = "brands"                 # layouts/brands/<name>/
DEFAULT_BRAND = "default"
OWN_CSS = "brand.css"             # optional: the pack's own rules, added after everything else
MAX_LOGO_BYTES = 1024 * 1024      # a logo is a small mark; a bigger file is usually a photo or a scan
MAX_LOGO_PIXELS = 4000            # per side, for PNG
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _colour_problem(value: str) -> str | None:
    if _HEX.match(value.strip()):
        return None
    return f"'{value}' is not a colour; write a hex colour such as '#1d4e6f' or '#d62'"


# `primary: #0f5c4a` is `primary:` and a comment to YAML: the colour must be quoted.
_UNQUOTED = "write the colour in quotes, as in \"#1d4e6f\" (YAML reads an unquoted # as the start of a comment)"


def _palette_problem(values: list) -> str | None:
    for value in values:
        if not isinstance(value, str) or not _HEX.match(value.strip()):
            return f"{value!r} is not a colour; every entry must be a hex colour such as '#1d4e6f'"
    return None if values else "give at least one colour"


def _opacity_problem(value: float) -> str | None:
    return None if 0 < value <= 1 else f"must be between 0 and 1 (for example 0.08), not {value}"


def _line_problem(value: str) -> str | None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        return f"cannot read {value!r}: {exc}; write placeholders as {{student}}"
    bad = [f for f in fields if not f.isidentifier()]
    return f"placeholder {{{bad[0]}}} must be a plain name such as {{student}}" if bad else None


COLOURS = Schema({
    "primary": Field((str,), default="#1d4e6f", check=_colour_problem, if_empty=_UNQUOTED, help="headings, rules, part pages, cover"),
    "accent": Field((str,), default="#b5472b", check=_colour_problem, if_empty=_UNQUOTED, help="labels and numbers"),
    "text": Field((str,), default="#1f2328", check=_colour_problem, if_empty=_UNQUOTED),
    "muted": Field((str,), default="#5f6770", check=_colour_problem, if_empty=_UNQUOTED, help="running heads, folios"),
    "box_bg": Field((str,), default="#eef4f8", check=_colour_problem, if_empty=_UNQUOTED, help="summary and key-figure boxes"),
    "box_border": Field((str,), default="#c9dbe7", check=_colour_problem, if_empty=_UNQUOTED),
    "question_bg": Field((str,), default="#fbf6ee", check=_colour_problem, if_empty=_UNQUOTED),
    "question_border": Field((str,), default="#e6d5b8", check=_colour_problem, if_empty=_UNQUOTED),
    "palette": Field((list,), default=[], check=_palette_problem, help="mind-map branch colours, in order"),
}, what="colour")

FACE = Schema({
    "family": Field((str,), required=True, help="the name to give the face in CSS"),
    "regular": Field((str,), required=True, help="font file, relative to the pack"),
    "italic": Field((str,), default=""),
    "bold": Field((str,), default=""),
    "bold_italic": Field((str,), default=""),
    "fallbacks": Field((list,), default=[], help="families tried when a glyph is missing"),
})

FONTS = Schema({
    "body": Field((dict,), schema=FACE, default=None),
    "heading": Field((dict,), schema=FACE, default=None),
}, what="font role")

COVER = Schema({
    "style": Field((str,), default="band", choices=("band", "full", "image"),
                   help="band: a colour band; full: the whole cover in the primary colour; image: a picture"),
    "image": Field((str,), default="", help="background picture for style: image, relative to the pack"),
    "title_position": Field((str,), default="middle", choices=("top", "middle", "bottom")),
    "logo": Field((bool,), default=True, help="show the logo on the cover"),
    "tagline": Field((str,), default="", help="a line under the institute's name"),
})

BACK_COVER = Schema({
    "blurb": Field((str,), default=""),
    "address": Field((str,), default=""),
    "website": Field((str,), default=""),
    "contact": Field((str,), default=""),
})

WATERMARK = Schema({
    "text": Field((str,), required=True),
    "opacity": Field((float,), default=0.08, check=_opacity_problem),
})

BRAND = Schema({
    "name": Field((str,), default="", help="the institute's name (empty: the manifest's 'institute')"),
    "logo": Field((str,), default="", help="SVG or PNG file, relative to the pack"),
    "colours": Field((dict,), schema=COLOURS, default={}),
    "fonts": Field((dict,), schema=FONTS, default={}),
    "cover": Field((dict,), schema=COVER, default={}),
    "back_cover": Field((dict,), schema=BACK_COVER, default={}),
    "footer": Field((str,), default="", help="a line at the foot of every page"),
    "prepared_for": Field((str,), default="", check=_line_problem,
                          help="personalisation, e.g. 'Prepared for {student}' filled from --set student=…"),
    "watermark": Field((dict,), schema=WATERMARK, default=None),
})

# Mind maps need more branch colours than a brand's two; these follow primary and accent.
_EXTRA_PALETTE = ("#2e7d4f", "#7b4ea3", "#c28a00", "#00838f", "#ad1457", "#5d6d7e")


@dataclass(frozen=True)
class Face:
    family: str
    files: Mapping[str, Path]          # regular / italic / bold / bold_italic → file
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brand:
    """A resolved pack: everything templates and the generated CSS need."""

    key: str                           # the pack's folder name
    folder: Path
    name: str
    logo: Path | None = None
    colours: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    palette: tuple[str, ...] = ()
    body: Face | None = None
    heading: Face | None = None
    cover: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    cover_image: Path | None = None
    back_cover: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    footer: str = ""
    prepared_for: str = ""             # already filled from --set; "" when a placeholder has no value
    watermark: Mapping[str, Any] | None = None

    @property
    def has_back_cover(self) -> bool:
        return any(self.back_cover.values())


def pack_folders(root: Path) -> list[Path]:
    """Where packs live, searched in order: the project's `layouts/brands`, then booklet's."""
    return [root / "layouts" / BRANDS, BUILTIN / BRANDS]


def known(root: Path) -> list[str]:
    names = {p.name for folder in pack_folders(root) if folder.is_dir()
             for p in folder.iterdir() if (p / "brand.yml").is_file()}
    return sorted(names)


def find(name: str, root: Path, where: SourceLocation | None) -> Path:
    """The folder of pack `name` (or a project-relative path), or an error listing the packs there are."""
    folder = layout_folder(name, root, "brand", where) if name else None
    if folder is not None and (folder / "brand.yml").is_file():
        return folder
    packs = ", ".join(known(root)) or "none"
    raise BookletError(f"unknown brand '{name}'; known brands: {packs}", where)


def load(name: str, root: Path, reporter: Reporter, where: SourceLocation | None = None,
         settings: Mapping[str, str] | None = None) -> Brand:
    """Find, read and check a pack; report every problem with its `brand.yml` line."""
    folder = find(name, root, where)
    path = contained(folder / "brand.yml", (folder,), where, "the brand pack's brand.yml")
    node = parse(read_text(path), path)
    if node is None:
        raise BookletError("brand.yml is empty; it needs at least 'name:'", SourceLocation(path, 1))
    values = validate(node, BRAND, reporter, "")
    files = _Files(folder, node, reporter)
    logo = files.logo(values.get("logo"))
    body, heading = (files.face(role, (values.get("fonts") or {}).get(role)) for role in ("body", "heading"))
    cover = dict(values.get("cover") or {}) or validate(None, COVER, reporter)
    cover_image = files.image(cover.get("image"), ("cover", "image"))
    if cover.get("style") == "image" and not cover.get("image"):
        reporter.error("cover style 'image' needs 'cover.image:' (a picture in the pack)",
                       _child(node, "cover", "style").where)
    reporter.check()
    colours = dict(values.get("colours") or {}) or validate(None, COLOURS, reporter)
    palette = tuple(colours.pop("palette", None) or ()) or (colours["primary"], colours["accent"], *_EXTRA_PALETTE)
    return Brand(
        key=folder.name, folder=folder, name=values["name"], logo=logo,
        colours=MappingProxyType(colours), palette=palette, body=body, heading=heading,
        cover=MappingProxyType(cover), cover_image=cover_image,
        back_cover=MappingProxyType(dict(values.get("back_cover") or {})),
        footer=values.get("footer") or "",
        prepared_for=fill(values.get("prepared_for") or "", settings or {}),
        watermark=MappingProxyType(values["watermark"]) if values.get("watermark") else None,
    )


def fill(line: str, settings: Mapping[str, str]) -> str:
    """'Prepared for {student}' with --set student=… ; empty when any placeholder has no value."""
    names = [n for _, n, _, _ in string.Formatter().parse(line) if n]
    if not line or any(not settings.get(n) for n in names):
        return ""
    return line.format(**{n: settings[n] for n in names})


def _child(node: Node, *keys: str) -> Node:
    for key in keys:
        node = node.value[key] if isinstance(node.value, dict) and key in node.value else node
    return node


class _Files:
    """Checks the files a brand.yml names: inside the pack, present, and of the right kind."""

    def __init__(self, folder: Path, node: Node, reporter: Reporter):
        self.folder, self.node, self.reporter = folder, node, reporter

    def _path(self, reference: str | None, keys: tuple[str, ...]) -> Path | None:
        if not reference:
            return None
        where = _child(self.node, *keys).where
        try:
            path = resolve_inside(reference, self.folder, (self.folder,), where)
        except BookletError as exc:
            self.reporter.add(exc)
            return None
        if not path.is_file():
            self.reporter.error(f"'{'.'.join(keys)}': file not found: {reference} (paths are relative to "
                                f"{self.folder.name}/)", where)
            return None
        return path

    def logo(self, reference: str | None) -> Path | None:
        path = self._path(reference, ("logo",))
        if path is None:
            return None
        where = _child(self.node, "logo").where
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            self.reporter.error(f"the logo is {size / 1024:.0f} KiB; a logo may be at most "
                                f"{MAX_LOGO_BYTES // 1024} KiB (export a smaller PNG, or use SVG)", where)
            return None
        problem = _svg_problem(path) if path.suffix.lower() == ".svg" else \
            _png_problem(path) if path.suffix.lower() == ".png" else \
            f"the logo must be an SVG or PNG file, not '{path.suffix or path.name}'"
        if problem:
            self.reporter.error(problem, where)
            return None
        return path

    def image(self, reference: str | None, keys: tuple[str, ...]) -> Path | None:
        path = self._path(reference, keys)
        if path is not None and path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
            self.reporter.error(f"'{'.'.join(keys)}' must be a PNG, JPEG or SVG picture", _child(self.node, *keys).where)
            return None
        return path

    def face(self, role: str, values: dict | None) -> Face | None:
        if not values or "family" not in values:
            return None
        files = {}
        for style in ("regular", "italic", "bold", "bold_italic"):
            keys = ("fonts", role, style)
            path = self._path(values.get(style), keys)
            if path is None:
                continue
            problem = font_problem(path)
            if problem:
                self.reporter.error(f"'{'.'.join(keys)}': {problem}", _child(self.node, *keys).where)
                continue
            files[style] = path
        self._missing_styles(role, files)
        return Face(values["family"], MappingProxyType(files), tuple(str(f) for f in values.get("fallbacks") or ()))

    def _missing_styles(self, role: str, files: Mapping[str, Path]) -> None:
        """A style the layout sets in this face but the pack has no file for would be faked by
        the renderer (a slanted or smeared regular): say which file to add."""
        for style in USED_STYLES[role]:
            if style not in files and "regular" in files:
                self.reporter.warning(
                    f"brand font '{role}' has no {style.replace('_', ' ')} face, which the layout uses "
                    f"({USED_STYLES[role][style]}): it would be a synthesised "
                    f"{'slant' if 'italic' in style else 'bold'}; add 'fonts.{role}.{style}:' with the real face",
                    _child(self.node, "fonts", role).where)


# The styles the default layout sets in each brand face, and where (print.css).
USED_STYLES = {
    "body": {"italic": "emphasis, quotes", "bold": "strong text, terms", "bold_italic": "emphasis in bold text"},
    "heading": {"bold": "headings, labels", "italic": "figure sources, back-matter intros"},
}


def font_problem(path: Path) -> str | None:
    """Why a file is not a usable font (TrueType, OpenType or WOFF), or None."""
    if path.suffix.lower() not in (".ttf", ".otf", ".woff", ".woff2"):
        return f"'{path.name}' is not a font file; use TrueType (.ttf), OpenType (.otf) or WOFF"
    from fontTools.ttLib import TTFont, TTLibError   # here: only a brand pack's fonts are checked with it

    try:
        with TTFont(path, lazy=True) as font:
            if "cmap" not in font or ("glyf" not in font and "CFF " not in font and "CFF2" not in font):
                return f"'{path.name}' has no glyphs or character map; it is not a usable font"
    except (TTLibError, OSError, AssertionError, ValueError, KeyError) as exc:
        return f"'{path.name}' is not a font ({str(exc) or type(exc).__name__})"
    except Exception as exc:  # fontTools raises many kinds of error on garbage
        return f"'{path.name}' is not a font ({type(exc).__name__})"
    return None


def _svg_problem(path: Path) -> str | None:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        return f"the logo '{path.name}' is not a readable SVG: {exc.msg}"
    if etree.QName(root).localname != "svg":
        return f"the logo '{path.name}' is not an SVG (its root element is <{etree.QName(root).localname}>)"
    return None


def _png_problem(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError  # Pillow comes with WeasyPrint

    try:
        with Image.open(path) as image:
            width, height = image.size
            kind = image.format
    except (UnidentifiedImageError, OSError):
        return f"the logo '{path.name}' is not a readable PNG"
    if kind != "PNG":
        return f"the logo '{path.name}' is a {kind} file named .png; save it as PNG or SVG"
    if max(width, height) > MAX_LOGO_PIXELS:
        return (f"the logo is {width}×{height} pixels; a logo may be at most {MAX_LOGO_PIXELS} pixels a side "
                "(600 pixels is plenty for print)")
    return None


# ---------- generated CSS ----------

def css(brand: Brand, duplex: bool = False) -> str:
    """Custom properties, @font-face rules, cover, footer and watermark for the print stylesheet."""
    c = brand.colours
    lines = ["/* booklet: brand pack '" + brand.key + "' (generated) */"]
    lines += [_font_faces(face) for face in (brand.body, brand.heading) if face]
    props = {"--primary": c["primary"], "--accent": c["accent"], "--text": c["text"], "--muted": c["muted"],
             "--box-bg": c["box_bg"], "--box-border": c["box_border"], "--question-bg": c["question_bg"],
             "--question-border": c["question_border"]}
    if brand.body:
        props["--body-font"] = _stack(brand.body, "serif")
        props["--body-font-deva"] = _stack(brand.body, "serif", first="var(--serif-scripts)")
    if brand.heading:
        props["--heading-font"] = _stack(brand.heading, "sans-serif")
    lines.append(":root { " + " ".join(f"{k}: {v};" for k, v in props.items()) + " }")
    if brand.logo:
        lines.append(f".title-logo, .back-cover-logo {{ background-image: url({_file_url(brand.logo)}); }}")
    lines.append(_footer(brand, duplex))
    if brand.watermark:
        lines.append(_watermark(brand, brand.watermark))
    if brand.cover_image:
        # On the page, not the cover element, so that the picture runs into the bleed.
        lines.append(f"@page title {{ background: {c['primary']} url({_file_url(brand.cover_image)}) "
                     "center / cover no-repeat; }")
    return "\n".join(lines) + "\n"


def _font_faces(face: Face) -> str:
    styles = {"regular": "", "italic": " font-style: italic;", "bold": " font-weight: bold;",
              "bold_italic": " font-weight: bold; font-style: italic;"}
    return "\n".join(f'@font-face {{ font-family: {_string(face.family)}; src: url({_file_url(path)});{styles[s]} }}'
                     for s, path in face.files.items())


def _stack(face: Face, generic: str, first: str = "") -> str:
    # The layout's faces for other scripts (Devanagari…), then its symbol, maths and emoji faces,
    # come before the generic family, so that every character still prints from a bundled face.
    scripts = "var(--serif-scripts)" if generic == "serif" else "var(--sans-scripts)"
    stack = [_string(face.family), *(_string(f) for f in face.fallbacks)]
    if first:
        return ", ".join([first, *stack, "var(--symbol-fonts)", generic])
    return ", ".join([*stack, scripts, "var(--symbol-fonts)", generic])


def _footer(brand: Brand, duplex: bool) -> str:
    """The footer line (and 'Prepared for …') on the inner side; the page number moves to the outer corner."""
    line = " · ".join(part for part in (brand.footer, brand.prepared_for) if part)
    if not line:
        return ""
    style = "font: 7.5pt var(--heading-font); color: var(--muted); vertical-align: top; padding-top: 4.6mm;"
    text = f"content: {_string(line)}; {style} hyphens: manual;"
    folio = f"content: counter(page); {style} font-size: 9pt;"
    none = "@bottom-left { content: none; } @bottom-center { content: none; } @bottom-right { content: none; }"
    if duplex:
        rules = [f"@page :right {{ @bottom-left {{ {text} }} @bottom-right {{ {folio} text-align: right; }} }}",
                 f"@page :left {{ @bottom-left {{ {folio} }} @bottom-right {{ {text} text-align: right; }} }}"]
    else:
        rules = [f"@page {{ @bottom-left {{ {text} }} @bottom-right {{ {folio} text-align: right; }} }}"]
    return "\n".join(["@page { @bottom-center { content: none; } }", *rules,
                      *(f"@page {name} {{ {none} }}" for name in ("title", "back-cover", "part", ":blank"))])


def _watermark(brand: Brand, mark: Mapping[str, Any]) -> str:
    """A diagonal mark behind every content page, drawn as outlines: no font to embed, and text
    extraction, search and screen readers never meet it."""
    outline, width, height = text_outline(mark["text"], _watermark_font(brand))
    size = max(width, height) * 1.1
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-size / 2:.0f} {-size / 2:.0f} {size:.0f} {size:.0f}">'
           f'<g transform="rotate(-50) translate({-width / 2:.0f} {height / 2:.0f}) scale(1 -1)">'
           f'<path d="{outline}" fill="{brand.colours["muted"]}" fill-opacity="{mark["opacity"]}"/></g></svg>')
    uri = "data:image/svg+xml," + urllib.parse.quote(svg)
    return (f'@page {{ background: url("{uri}") center / 92% auto no-repeat; }}\n'
            "@page title { background-image: none; } @page back-cover { background-image: none; }\n"
            "@page :blank { background-image: none; }")


def _watermark_font(brand: Brand) -> Path:
    face = brand.heading or brand.body
    if face is not None:
        return face.files.get("bold") or face.files["regular"]
    return BUILTIN / "default" / "fonts" / "NotoSans-Bold.ttf"


def text_outline(text: str, font_path: Path) -> tuple[str, float, float]:
    """`text` set in one line of the font, as an SVG path in font units (y up): (d, width, cap height)."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    with TTFont(font_path) as font:
        cmap, glyphs = font.getBestCmap(), font.getGlyphSet()
        pen = SVGPathPen(glyphs)
        x = 0.0
        for char in text:
            name = cmap.get(ord(char)) or ".notdef"
            glyphs[name].draw(TransformPen(pen, (1, 0, 0, 1, x, 0)))
            x += glyphs[name].width
        cap = getattr(font.get("OS/2"), "sCapHeight", 0) or font["head"].unitsPerEm * 0.7
        return pen.getCommands(), x, float(cap)


def _file_url(path: Path) -> str:
    return _string(path.resolve().as_uri())


def _string(text: str) -> str:
    """A CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
