"""The joined PDF written compactly, as WeasyPrint writes its own: objects packed in compressed object streams.

pypdf writes every object on its own, uncompressed; for a booklet's thousands of small
dictionaries (links, pages, outline entries) that alone makes the file much larger. `Out` writes
a plain PDF as it is joined: a chunk's objects as soon as the chunk is done, dropped from the
writer then, so the whole booklet is never in memory; `write` writes a whole writer at once (a
PDF standard's join, which needs every page to the end).
"""

from __future__ import annotations

import hashlib
import io
import zlib
from typing import BinaryIO, Iterable

from pypdf import PdfWriter
from pypdf.generic import StreamObject

PER_STREAM = 200


def write(writer: PdfWriter, out: BinaryIO, identifier: tuple[bytes, bytes], version: str = "1.7") -> None:
    """The file, as PDF `version`; `identifier` is its /ID pair. Before PDF 1.5 (PDF/X-1a's 1.4)
    there are no object streams: every object is written on its own, with a classic xref table."""
    body = io.BytesIO()
    body.write(f"%PDF-{version}\n".encode() + b"%\xf0\x9f\x96\xa4\n")
    if version < "1.5":
        _plain(writer, body, identifier)
    else:
        _packed(writer, body, identifier)
    out.write(body.getvalue())


def _packed(writer: PdfWriter, body: io.BytesIO, identifier: tuple[bytes, bytes]) -> None:
    objects = writer._objects
    entries: dict[int, tuple[int, int, int]] = {}
    packed = []
    for number, obj in enumerate(objects, 1):
        if obj is None:
            continue
        if isinstance(obj, StreamObject):
            entries[number] = (1, body.tell(), 0)
            body.write(f"{number} 0 obj\n".encode())
            obj.write_to_stream(body)
            body.write(b"\nendobj\n")
        else:
            packed.append(number)
    next_number = len(objects) + 1
    for start in range(0, len(packed), PER_STREAM):
        batch = packed[start:start + PER_STREAM]
        offsets, data = [], io.BytesIO()
        for index, number in enumerate(batch):
            offsets.append(f"{number} {data.tell()}")
            objects[number - 1].write_to_stream(data)
            data.write(b"\n")
            entries[number] = (2, next_number, index)
        head = (" ".join(offsets) + "\n").encode()
        entries[next_number] = (1, _stream(body, next_number, f"/Type /ObjStm /N {len(batch)} /First {len(head)}",
                                           head + data.getvalue()), 0)
        next_number += 1
    size = next_number + 1
    rows = [(0, 0, 65535)] + [entries.get(n, (0, 0, 0)) for n in range(1, size)]
    entries_offset = body.tell()
    rows[next_number] = (1, entries_offset, 0)
    table = b"".join(kind.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows)
    _stream(body, next_number, f"/Type /XRef /Size {size} /W [1 4 2] {_trailer(writer, identifier)}", table)
    body.write(f"startxref\n{entries_offset}\n%%EOF\n".encode())


def _plain(writer: PdfWriter, body: io.BytesIO, identifier: tuple[bytes, bytes]) -> None:
    offsets: dict[int, int] = {}
    for number, obj in enumerate(writer._objects, 1):
        if obj is not None:
            offsets[number] = body.tell()
            body.write(f"{number} 0 obj\n".encode())
            obj.write_to_stream(body)
            body.write(b"\nendobj\n")
    size = len(writer._objects) + 1
    free = [number for number in range(1, size) if number not in offsets]
    after = dict(zip([0, *free], [*free, 0]))     # free entries are a list: each names the next
    table_offset = body.tell()
    body.write(f"xref\n0 {size}\n".encode())
    for number in range(size):
        body.write(f"{offsets[number]:010d} 00000 n \n".encode() if number in offsets else
                   f"{after[number]:010d} {65535 if number == 0 else 1:05d} f \n".encode())
    body.write(f"trailer\n<< /Size {size} {_trailer(writer, identifier)} >>\n".encode())
    body.write(f"startxref\n{table_offset}\n%%EOF\n".encode())


def _trailer(writer: PdfWriter, identifier: tuple[bytes, bytes]) -> str:
    root = writer._root_object.indirect_reference.idnum
    info = writer._info.indirect_reference.idnum if writer._info is not None else None
    return (f"/Root {root} 0 R" + (f" /Info {info} 0 R" if info else "")
            + f" /ID [<{identifier[0].hex()}> <{identifier[1].hex()}>]")


def _stream(body: io.BytesIO, number: int, keys: str, data: bytes) -> int:
    """Write a compressed stream object; where it starts."""
    offset = body.tell()
    packed = zlib.compress(data)
    body.write(f"{number} 0 obj\n<< {keys} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n".encode())
    body.write(packed)
    body.write(b"\nendstream\nendobj\n")
    return offset


class Out:
    """A PDF file written object by object from a pypdf writer's objects."""

    def __init__(self, writer: PdfWriter, out: BinaryIO):
        self.writer = writer
        self.out = out
        self.offset = 0
        self.entries: dict[int, tuple[int, int, int]] = {}   # object number → xref row
        self.batch: list[tuple[int, bytes]] = []              # non-stream objects waiting for their object stream
        self.digest = hashlib.md5()
        self._put(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")

    def flush(self, numbers: Iterable[int]) -> None:
        """Write these objects (by number) and drop them from the writer: they are done."""
        objects = self.writer._objects
        for number in numbers:
            obj = objects[number - 1]
            if obj is None:
                continue
            data = io.BytesIO()
            if isinstance(obj, StreamObject):
                self.entries[number] = (1, self.offset, 0)
                data.write(f"{number} 0 obj\n".encode())
                obj.write_to_stream(data)
                data.write(b"\nendobj\n")
                self._put(data.getvalue())
            else:
                obj.write_to_stream(data)
                data.write(b"\n")
                self.batch.append((number, data.getvalue()))
                if len(self.batch) == PER_STREAM:
                    self._pack()
            objects[number - 1] = None

    def finish(self, identifier: bytes | None) -> None:
        """Every object still in the writer, then the cross-reference stream and the trailer.

        The file's /ID is a digest of everything written before it (its first half `identifier`
        if given): the same pages, however the chunks came to be drawn, make the same file."""
        writer = self.writer
        trailer = _trailer(writer, (b"", b""))    # before the catalog and /Info are written and dropped
        self.flush(range(1, len(writer._objects) + 1))
        digest = self.digest.digest()
        trailer = trailer.replace("/ID [<> <>]", f"/ID [<{(identifier or digest).hex()}> <{digest.hex()}>]")
        if self.batch:
            self._pack()
        number = self._reserve()
        size = number + 1
        rows = [(0, 0, 65535)] + [self.entries.get(n, (0, 0, 0)) for n in range(1, size)]
        rows[number] = (1, self.offset, 0)
        table = b"".join(kind.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows)
        start = self._stream(number, f"/Type /XRef /Size {size} /W [1 4 2] {trailer}", table)
        self._put(f"startxref\n{start}\n%%EOF\n".encode())

    def _reserve(self) -> int:
        """A number for an object written here (an object stream), not in the writer."""
        self.writer._objects.append(None)
        return len(self.writer._objects)

    def _pack(self) -> None:
        number = self._reserve()
        offsets, data = [], io.BytesIO()
        for index, (member, text) in enumerate(self.batch):
            offsets.append(f"{member} {data.tell()}")
            data.write(text)
            self.entries[member] = (2, number, index)
        head = (" ".join(offsets) + "\n").encode()
        self.entries[number] = (1, self._stream(number, f"/Type /ObjStm /N {len(self.batch)} /First {len(head)}",
                                                head + data.getvalue()), 0)
        self.batch = []

    def _stream(self, number: int, keys: str, data: bytes) -> int:
        """Write a compressed stream object; where it starts."""
        offset = self.offset
        packed = zlib.compress(data)
        self._put(f"{number} 0 obj\n<< {keys} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n".encode()
                  + packed + b"\nendstream\nendobj\n")
        return offset

    def _put(self, data: bytes) -> None:
        self.digest.update(data)
        self.out.write(data)
        self.offset += len(data)
