"""Other page numbers put into a drawn chunk, glyph for glyph, where engine/stamps.py found them.

A chunk that moved (an earlier topic grew or shrank), or whose references point at anchors that
moved, keeps its layout: each changed number's digit glyphs are replaced inside its marked span,
and its /ActualText with them. The content stream is compressed as WeasyPrint compresses it, so
the page is byte for byte the page a layout with those numbers would have drawn.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace

from pypdf.generic import NameObject, NumberObject

from .stamps import FOLIO, TOTAL
from .worker import Result

_SPAN = re.compile(rb"/BkStamp\n<</N (\d+)>>\nBDC\n")
_ARRAY = re.compile(rb"\[([^\]]*)\] TJ")
_GLYPHS = re.compile(rb"<([0-9a-f]*)>")
_ACTUAL = re.compile(rb"/ActualText <FEFF([0-9A-F]*)>")


def wanted(result: Result, start: int, anchors: dict[str, int], total: int) -> dict[int, str] | None:
    """The stamps whose text changes if the chunk lands at `start` with these anchors: their new
    texts by stamp number; None if a number cannot be changed in place (not stampable, or more or
    fewer digits than it was drawn with)."""
    if result.stamps is None:
        return None
    values = {**anchors, TOTAL: total}
    changes: dict[int, str] = {}
    for number, stamp in enumerate(result.stamps):
        text = stamp["text"]
        new = text
        for name, begin, end in stamp["slots"]:
            value = start + stamp["page"] if name == FOLIO else values.get(name)
            if value is None:
                return None
            digits = str(value)
            if len(digits) != end - begin:
                return None
            new = new[:begin] + digits + new[end:]
        if new != text:
            if not stamp["digits"]:
                continue      # never drawn (hidden): nothing on the page to change
            changes[number] = new
    return changes


def apply(result: Result, start: int, changes: dict[int, str], asked: dict[str, int | None]) -> Result:
    """The chunk with `changes` made (see `wanted`), landing at `start`, printing `asked`."""
    stamps = [dict(stamp, text=changes.get(number, stamp["text"])) for number, stamp in enumerate(result.stamps or [])]
    return replace(result, start=start, stamps=stamps, asked=asked, edits={**result.edits, **changes})


def pages(result: Result) -> dict[int, dict[int, tuple[dict, str]]]:
    """The result's pending edits by page: stamp number → (stamp, new text)."""
    by_page: dict[int, dict[int, tuple[dict, str]]] = {}
    for number, text in result.edits.items():
        stamp = (result.stamps or [])[number]
        by_page.setdefault(stamp["page"], {})[number] = (stamp, text)
    return by_page


def patch(content: bytes, edits: dict[int, tuple[dict, str]]) -> bytes:
    """A page's decoded content stream with each edited stamp's digits and /ActualText replaced."""
    out, last = [], 0
    for span in _SPAN.finditer(content):
        number = int(span.group(1))
        if number not in edits:
            continue
        stamp, text = edits[number]
        end = content.index(b"\nEMC", span.end())
        out.append(content[last:span.end()])
        out.append(_region(content[span.end():end], stamp, text))
        last = end
    out.append(content[last:])
    return b"".join(out)


def edit(reader, result: Result) -> None:
    """Make `result`'s pending edits in the pages `reader` read from its PDF (before they are copied)."""
    for number, edits in pages(result).items():
        stream = reader.pages[number]["/Contents"].get_object()
        stream._data = compress(patch(stream.get_data(), edits))
        stream[NameObject("/Length")] = NumberObject(len(stream._data))


def compress(data: bytes) -> bytes:
    """As pydyf compresses WeasyPrint's streams."""
    compressor = zlib.compressobj(level=9)
    return compressor.compress(data) + compressor.flush()


def _region(region: bytes, stamp: dict, text: str) -> bytes:
    glyphs: dict[int, int] = {}
    for (first, _), (_, begin, end) in zip(stamp["glyphs"], stamp["slots"]):
        for offset in range(end - begin):
            glyphs[first + offset] = stamp["digits"][int(text[begin + offset])]
    count = 0

    def array(match: re.Match) -> bytes:
        nonlocal count

        def run(hexes: re.Match) -> bytes:
            nonlocal count
            body = bytearray(hexes.group(1))
            for offset in range(0, len(body), 4):
                if count in glyphs:
                    body[offset:offset + 4] = b"%04x" % glyphs[count]
                count += 1
            return b"<" + bytes(body) + b">"

        return b"[" + _GLYPHS.sub(run, match.group(1)) + b"] TJ"

    region = _ARRAY.sub(array, region)
    actual = text.encode("utf-16-be").hex().upper().encode()
    return _ACTUAL.sub(lambda _: b"/ActualText <FEFF" + actual + b">", region)
