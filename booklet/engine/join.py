"""Chunk PDFs joined into one: pages in order, then what spans chunks (links, destinations, outline, a standard's
catalog and tag tree); a plain PDF a chunk at a time, a standard's with every page in memory."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, IndirectObject,
                           NameObject, NumberObject, TextStringObject)

from ..adapters.weasy import tagged
from . import fonts, pdfout, restamp
from .standards import Standard
from .worker import PageInfo, Result

SCALE = 0.75   # PDF points per CSS pixel


def join(results: list[Result], target: Path, font_file, subset, identifier: bytes | None = None,
         variant: str = "") -> int:
    """Write the booklet to `target` (a file WeasyPrint would have written in one pass); its page count.

    `font_file(sha)` gives a full font file, `subset(key, make)` a subset made once (fonts.Merge);
    `identifier` is the first half of the file's /ID (a standard's), `variant` the PDF standard the
    chunks were written to."""
    if variant:
        return _whole(results, target, font_file, subset, identifier, variant)
    return _streamed(results, target, font_file, subset, identifier)


def _streamed(results: list[Result], target: Path, font_file, subset, identifier: bytes | None) -> int:
    """A plain PDF, joined a chunk at a time: a chunk's objects are written and dropped before the
    next chunk is read, so memory holds one chunk's pages, not the booklet's."""
    infos = [info for result in results for info in result.pages]
    anchors: dict[str, tuple[int, float, float]] = {}
    for number, info in enumerate(infos):
        for name, (x, y) in info.anchors.items():
            anchors.setdefault(name, (number, x * SCALE, (info.height - y) * SCALE))
    writer = PdfWriter()
    merge = fonts.Merge(writer, [r.fonts for r in results], font_file, subset)
    with open(target, "wb") as stream:
        out = pdfout.Out(writer, stream)
        for index, result in enumerate(results):
            reader = PdfReader(io.BytesIO(result.pdf))
            restamp.edit(reader, result)
            if index == 0:
                _metadata(writer, reader)
            first = len(writer._objects) + 1       # the chunk's objects are numbered from here
            pages = []
            for page, info in zip(reader.pages, result.pages):
                pages.append(writer.add_page(page))
                _links(writer, pages[-1], info, anchors)
            merge.point(pages)
            out.flush(_reached(pages, first))
            # What the pages no longer reach (the chunk's own copies of the fonts) is never written.
            writer._objects[first - 1:] = [None] * (len(writer._objects) - first + 1)
            writer.reset_translation(reader)    # else pypdf keeps every reader, and its file, alive
        _destinations(writer, anchors)
        _outline(writer, infos)
        out.finish(identifier)
    return len(infos)


def _reached(pages: list, first: int) -> list[int]:
    """The numbers of the chunk's objects (numbered from `first`) that its pages reach, in order."""
    return sorted(_reach([page.indirect_reference for page in pages], first))


def _reach(roots: list, below: int = 0) -> set[int]:
    """The numbers of the objects reached from `roots`, not going through any numbered under `below`."""
    reached: set[int] = set()
    todo: list = list(roots)
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum < below or obj.idnum in reached:
                continue
            reached.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, dict):
            todo.extend(obj.values())
        elif isinstance(obj, list):
            todo.extend(obj)
    return reached


def _whole(results: list[Result], target: Path, font_file, subset, identifier: bytes | None, variant: str) -> int:
    """A PDF standard's file, joined with every page in memory: the tag tree, the parent tree and
    the one copy of each colour profile and attached file are made over the whole booklet."""
    writer = PdfWriter()
    infos: list[PageInfo] = []
    first: PdfReader | None = None
    standard = Standard(writer)
    for result in results:
        reader = PdfReader(io.BytesIO(result.pdf))
        restamp.edit(reader, result)
        first = first or reader
        start = len(infos)
        for page, info in zip(reader.pages, result.pages):
            writer.add_page(page)
            infos.append(info)
        standard.add(reader, start)
    fonts.Merge(writer, [r.fonts for r in results], font_file, subset).point(list(writer.pages))
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
    reached = _reach([obj.indirect_reference for obj in (writer._root_object, writer._info)
                      if obj is not None and obj.indirect_reference is not None])
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
