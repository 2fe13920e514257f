"""pydyf beyond its public API: the objects of a PDF WeasyPrint is about to write (its finisher hook)."""

from __future__ import annotations

from typing import Callable, Iterator

import pydyf


def set_info_dates(pdf: pydyf.PDF, stamp: str, keys: tuple[str, ...] = ("CreationDate", "ModDate")) -> None:
    """Set the document information dates that are present to `stamp` (a PDF date string)."""
    for key in keys:
        if key in pdf.info:
            pdf.info[key] = pydyf.String(stamp)


def set_attachment_dates(pdf: pydyf.PDF, stamp: str) -> None:
    """Date every embedded file (its /Params' CreationDate and ModDate) `stamp` (a PDF date string)."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/EmbeddedFile":
            for key in ("CreationDate", "ModDate"):
                obj.extra["Params"][key] = pydyf.String(stamp)


def metadata_streams(pdf: pydyf.PDF) -> Iterator[pydyf.Stream]:
    """The XMP metadata streams among the PDF's objects."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
            yield obj


def rewrite_stream(stream: pydyf.Stream, rewrite: Callable[[bytes], bytes]) -> None:
    """Replace a stream's content with `rewrite(content)`."""
    data = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in stream.stream)
    stream.stream = [rewrite(data)]
