"""Each font once in the joined PDF: chunks' copies of a face merged, subset once over every glyph used.

WeasyPrint subsets each chunk's fonts keeping the original glyph ids, so the text of every
chunk still points at the right glyphs in the full font. The worker notes, per font, the glyphs
it used (widths and text) and the full font file; the joiner makes one font dictionary per face
from the union, subsets the full file once with fontTools (retain_gids) and points every page
at it.
"""

from __future__ import annotations

import hashlib
import io
from typing import Callable

from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfWriter

from ..adapters.weasy import keep_full_font_files
from . import hbsubset
from pypdf.generic import (ArrayObject, DecodedStreamObject, FloatObject, NameObject,
                           NumberObject, StreamObject)

FontData = dict   # {"file": sha256, "index": int, "widths": {gid: width}, "text": {gid: str}}


def keep_full_files(stubs: bool = False) -> None:
    """Make WeasyPrint keep each font's full file beside the subset it embeds (worker side); with
    `stubs`, embed a stand-in for each font the join embeds itself (adapters/weasy.py)."""
    keep_full_font_files(stubs)


def record(document) -> tuple[dict[str, FontData], dict[str, bytes]]:
    """The fonts a drawn document used, by PDF name, and their full files by hash."""
    fonts: dict[str, FontData] = {}
    files: dict[str, bytes] = {}
    for font in document.fonts.values():
        full = getattr(font, "full_content", None)
        if full is None or font.bitmap or "fvar" in font.tables:
            continue
        sha = hashlib.sha256(full).hexdigest()
        files[sha] = full
        entry = fonts.setdefault(font.name.decode()[1:], {"file": sha, "index": font.index, "widths": {}, "text": {}})
        entry["widths"].update({str(g): w for g, w in font.widths.items()})
        entry["text"].update({str(g): t for g, t in font.to_unicode.items()})
    return fonts, files


class Merge:
    """Points pages at one font dictionary per face, with one subset of the face's file.

    Pages come chunk by chunk (`point`): a face's dictionary is made the booklet's where it is
    first met, from the union of every chunk's glyphs, and later pages point at that one."""

    def __init__(self, writer: PdfWriter, used: list[dict[str, FontData]], load: Callable[[str], bytes | None],
                 subsets: Callable[[str, Callable[[], bytes]], bytes]):
        self.writer = writer
        self.load = load
        self.subsets = subsets
        self.union: dict[str, FontData] = {}
        for fonts in used:
            for name, data in fonts.items():
                entry = self.union.setdefault(name, {"file": data["file"], "index": data["index"],
                                                     "widths": {}, "text": {}})
                if entry["file"] != data["file"]:
                    continue       # same name, other file: left as the chunks embedded it
                entry["widths"].update(data["widths"])
                entry["text"].update(data["text"])
        self.canonical: dict[str, object] = {}

    def point(self, pages: list) -> None:
        """These pages' fonts replaced by the booklet's (made here if first met)."""
        union = self.union
        for resources in _font_resources(pages):
            for key, ref in list(resources.items()):
                font = ref.get_object()
                name = str(font.get("/BaseFont", ""))[1:]
                if name not in union:
                    continue
                if name not in self.canonical:
                    full = self.load(union[name]["file"])
                    if full is None:
                        union.pop(name)
                        continue
                    self.canonical[name] = _rebuild(self.writer, ref, union[name], full, self.subsets)
                resources[NameObject(key)] = self.canonical[name]


def _font_resources(pages: list):
    seen = set()
    for page in pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        fonts = fonts.get_object()
        if id(fonts) not in seen:
            seen.add(id(fonts))
            yield fonts


def _rebuild(writer: PdfWriter, ref, data: FontData, full: bytes, subsets) -> object:
    """This chunk's font dictionary, made the booklet's: widths, text and font file for every glyph used."""
    widths = {int(g): w for g, w in data["widths"].items()}
    text = {int(g): t for g, t in data["text"].items()}
    gids = sorted(set(widths) | set(text))
    key = hashlib.sha256(f"{data['file']}:{data['index']}:{gids}".encode()).hexdigest()
    program = subsets(key, lambda: _subset(full, data["index"], gids))
    font = ref.get_object()
    descendant = font["/DescendantFonts"][0].get_object()
    descendant[NameObject("/W")] = _widths(widths)
    descriptor = descendant["/FontDescriptor"].get_object()
    file_key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
    stream = StreamObject()
    stream.set_data(program)
    stream = stream.flate_encode()
    if file_key == "/FontFile2":
        stream[NameObject("/Length1")] = NumberObject(len(program))
    else:
        stream[NameObject("/Subtype")] = NameObject("/OpenType")
    descriptor[NameObject(file_key)] = writer._add_object(stream)
    bbox = descriptor.get("/FontBBox")
    if bbox is not None and widths:
        bbox[2] = FloatObject(max(widths.values()))
    font[NameObject("/ToUnicode")] = writer._add_object(_to_unicode(text))
    return ref


def _subset(full: bytes, index: int, gids: list[int]) -> bytes:
    """As WeasyPrint subsets: original glyph ids, no layout tables; HarfBuzz, else fontTools."""
    fast = hbsubset.subset(full, index, gids)
    if fast:
        return fast
    options = subset.Options(retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True,
                             hinting=False, desubroutinize=True, notdef_outline=True)
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=gids or [0])
    ttfont = TTFont(io.BytesIO(full), fontNumber=index)
    subsetter.subset(ttfont)
    out = io.BytesIO()
    ttfont.save(out)
    return out.getvalue()


def _widths(widths: dict[int, float]) -> ArrayObject:
    array = ArrayObject()
    current = None
    for gid in sorted(widths):
        if gid - 1 not in widths:
            array.append(NumberObject(gid))
            current = ArrayObject()
            array.append(current)
        current.append(FloatObject(widths[gid]))
    return array


def _to_unicode(text: dict[int, str]):
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
             b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def", b"1 begincodespacerange",
             b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(text.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        for gid, chars in batch:
            lines.append(f"<{gid:04x}> <{''.join(c.encode('utf-16-be').hex() for c in chars)}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join(lines))
    return stream.flate_encode()
