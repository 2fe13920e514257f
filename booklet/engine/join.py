"""Chunk PDFs joined into one: pages in order, then what spans chunks (links, destinations, outline, a standard's
catalog and tag tree)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, IndirectObject,
                           NameObject, NumberObject, TextStringObject)

from ..adapters.weasy import tagged
from . import fonts, pdfout
from .standards import Standard
from .worker import PageInfo, Result

SCALE = 0.75   # PDF points per CSS pixel


def join(results: list[Result], target: Path, font_file, subset, identifier: bytes | None = None,
         variant: str = "") -> int:
    """Write the booklet to `target` (a file WeasyPrint would have written in one pass); its page count.

    `font_file(sha)` gives a full font file, `subset(key, make)` a subset made once (fonts.merge);
    `identifier` is the first half of the file's /ID (a standard's), `variant` the PDF standard the
    chunks were written to."""
    writer = PdfWriter()
    infos: list[PageInfo] = []
    first: PdfReader | None = None
    standard = Standard(writer)
    for result in results:
        reader = PdfReader(io.BytesIO(result.pdf))
        first = first or reader
        start = len(infos)
        for page, info in zip(reader.pages, result.pages):
            writer.add_page(page)
            infos.append(info)
        standard.add(reader, start)
    fonts.merge(writer, [r.fonts for r in results], font_file, subset)
    pages = writer.pages
    anchors: dict[str, tuple[int, float, float]] = {}
    for number, info in enumerate(infos):
        for name, (x, y) in info.anchors.items():
            anchors.setdefault(name, (number, x * SCALE, (info.height - y) * SCALE))
    if not tagged(variant):   # tagged chunks drew their internal links, each in the tag tree
        flags = 4 if variant.startswith("pdf/a") else None    # PDF/A: annotations print
        for number, info in enumerate(infos):
            _links(writer, pages[number], info, anchors, flags)
    _destinations(writer, anchors)
    _outline(writer, infos)
    _metadata(writer, first)
    standard.finish()
    _prune(writer)
    digest = hashlib.md5(b"".join(hashlib.md5(r.pdf).digest() for r in results)).digest()
    version = first.pdf_header.removeprefix("%PDF-") if first is not None else "1.7"
    with open(target, "wb") as stream:
        pdfout.write(writer, stream, (identifier or digest, digest), version)
    return len(infos)


def _prune(writer: PdfWriter) -> None:
    """Drop what nothing reaches any more (the chunks' own copies of the fonts)."""
    reached: set[int] = set()
    todo: list = [obj.indirect_reference for obj in (writer._root_object, writer._info)
                  if obj is not None and obj.indirect_reference is not None]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in reached:
                continue
            reached.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, dict):
            todo.extend(obj.values())
        elif isinstance(obj, list):
            todo.extend(obj)
    for number in range(len(writer._objects)):
        if number + 1 not in reached:
            writer._objects[number] = None


def _links(writer: PdfWriter, page, info, anchors, flags: int | None = None) -> None:
    for name, (x1, y1, x2, y2) in info.links:
        if name not in anchors:
            continue
        annotation = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(round(v, 4)) for v in (
                x1 * SCALE, (info.height - y1) * SCALE, x2 * SCALE, (info.height - y2) * SCALE)]),
            NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0)}),
            NameObject("/Dest"): TextStringObject(name)})
        if flags is not None:
            annotation[NameObject("/F")] = NumberObject(flags)
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        page["/Annots"].append(writer._add_object(annotation))


def _destinations(writer: PdfWriter, anchors) -> None:
    names = ArrayObject()
    for name in sorted(anchors):
        number, x, y = anchors[name]
        names.append(TextStringObject(name))
        names.append(ArrayObject([writer.pages[number].indirect_reference, NameObject("/XYZ"),
                                  FloatObject(round(x, 4)), FloatObject(round(y, 4)), NumberObject(0)]))
    if names:
        root: Any = writer._root_object
        if "/Names" not in root:
            root[NameObject("/Names")] = DictionaryObject()
        root["/Names"].get_object()[NameObject("/Dests")] = writer._add_object(
            DictionaryObject({NameObject("/Names"): names}))


def _outline(writer: PdfWriter, infos) -> None:
    """The bookmarks as WeasyPrint nests them: by bookmark-level, skipping missing levels."""
    stack: list[tuple[int, Any]] = []   # (level, outline item)
    for number, info in enumerate(infos):
        for level, label, (x, y), state in info.bookmarks:
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            from pypdf.generic import Fit
            item = writer.add_outline_item(title=label, page_number=number, parent=parent, is_open=state != "closed",
                                           fit=Fit.xyz(round(x * SCALE, 4), round((info.height - y) * SCALE, 4), 0))
            stack.append((level, item))


def _metadata(writer: PdfWriter, first: PdfReader | None) -> None:
    if first is None:
        return
    info: Any = first.trailer.get("/Info")
    if info is not None:
        writer.add_metadata({key: value for key, value in info.get_object().items()})
    catalog: Any = first.trailer["/Root"]
    lang = catalog.get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = lang
