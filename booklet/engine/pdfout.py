"""The joined PDF written compactly and as it is made: objects packed in compressed object streams.

pypdf writes every object on its own, uncompressed; for a booklet's thousands of small
dictionaries (links, pages, outline entries) that alone makes the file much larger. And pypdf
writes only once every object is made, so the whole booklet would be in memory at once: here a
chunk's objects are written, and dropped from the writer, as soon as the chunk is joined.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO, Iterable

from pypdf import PdfWriter
from pypdf.generic import StreamObject

PER_STREAM = 200


class Out:
    """A PDF file written object by object from a pypdf writer's objects."""

    def __init__(self, writer: PdfWriter, out: BinaryIO):
        self.writer = writer
        self.out = out
        self.offset = 0
        self.entries: dict[int, tuple[int, int, int]] = {}   # object number → xref row
        self.batch: list[tuple[int, bytes]] = []              # non-stream objects waiting for their object stream
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

    def finish(self, identifier: bytes) -> None:
        """Every object still in the writer, then the cross-reference stream and the trailer."""
        writer = self.writer
        root = writer._root_object.indirect_reference.idnum
        info = writer._info.indirect_reference.idnum if writer._info is not None else None
        self.flush(range(1, len(writer._objects) + 1))
        if self.batch:
            self._pack()
        number = self._reserve()
        size = number + 1
        rows = [(0, 0, 65535)] + [self.entries.get(n, (0, 0, 0)) for n in range(1, size)]
        rows[number] = (1, self.offset, 0)
        table = b"".join(kind.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows)
        hexid = identifier.hex()
        keys = (f"/Type /XRef /Size {size} /W [1 4 2] /Root {root} 0 R"
                + (f" /Info {info} 0 R" if info else "") + f" /ID [<{hexid}> <{hexid}>]")
        start = self._stream(number, keys, table)
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
        self.out.write(data)
        self.offset += len(data)
