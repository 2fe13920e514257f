"""The faces a layout declares (@font-face in print.css) and the script stacks it names, read from the CSS."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2
import uharfbuzz as hb

from .layout import Layout
from .stylesheets import parsed

STYLESHEET = "print.css"


@dataclass(frozen=True)
class Face:
    family: str
    bold: bool
    italic: bool
    path: Path


def declared_faces(layout: Layout) -> tuple[Face, ...]:
    """Every local face the layout's print stylesheet declares, in order."""
    css = layout.find(STYLESHEET)
    return _faces(css, css.stat().st_mtime_ns)


def script_families(layout: Layout, prop: str = "--sans-scripts") -> tuple[str, ...]:
    """The families a custom property such as `--sans-scripts: "Booklet Sans Devanagari"` lists."""
    css = layout.find(STYLESHEET)
    return _custom_property(css, css.stat().st_mtime_ns, prop)


@lru_cache(maxsize=None)
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs, as HarfBuzz (which shapes the printed text) reads
    its cmap: the same sets as fontTools' best cmap on the layout's fonts, some twenty times faster."""
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)


@lru_cache(maxsize=16)
def _rules(css: Path, _mtime: int) -> tuple[tuple[str, str, tuple], ...]:
    """The stylesheet's @font-face rules and style rules, each as (kind, at-keyword, declarations),
    parsed once: the faces and every custom property asked for read this (print.css is ~30 KB)."""
    rules = []
    for rule in parsed(css.read_text(encoding="utf-8")):
        if rule.content is None or (rule.type == "at-rule" and rule.lower_at_keyword != "font-face"):
            continue
        declarations = tuple(d for d in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                       skip_whitespace=True)
                             if d.type == "declaration")
        rules.append((rule.type, getattr(rule, "lower_at_keyword", ""), declarations))
    return tuple(rules)


@lru_cache(maxsize=16)
def _faces(css: Path, _mtime: int) -> tuple[Face, ...]:
    faces = []
    for kind, _, declarations in _rules(css, _mtime):
        if kind != "at-rule":
            continue
        values = {d.lower_name: d.value for d in declarations}
        family = _first_string(values.get("font-family", []))
        path = _local_url(values.get("src", []), css)
        if family and path is not None and path.is_file():
            weight = tinycss2.serialize(values.get("font-weight", [])).strip().lower()
            style = tinycss2.serialize(values.get("font-style", [])).strip().lower()
            faces.append(Face(family, weight in ("bold", "bolder", "600", "700", "800", "900"),
                              style in ("italic", "oblique"), path))
    return tuple(faces)


@lru_cache(maxsize=16)
def _custom_property(css: Path, _mtime: int, prop: str) -> tuple[str, ...]:
    for kind, _, declarations in _rules(css, _mtime):
        if kind != "qualified-rule":
            continue
        for declaration in declarations:
            if declaration.name == prop:
                return tuple(token.value for token in declaration.value if token.type == "string")
    return ()


def _first_string(tokens) -> str:
    for token in tokens:
        if token.type == "string":
            return token.value
        if token.type == "ident":
            return token.value
    return ""


def _local_url(tokens, css: Path) -> Path | None:
    for token in tokens:
        url = None
        if token.type == "url":
            url = token.value
        elif token.type == "function" and token.lower_name == "url":
            url = next((a.value for a in token.arguments if a.type == "string"), None)
        if url and not urlsplit(url).scheme:
            return (css.parent / unquote(urlsplit(url).path)).resolve()
    return None
