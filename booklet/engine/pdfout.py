"""The joined PDF written compactly, as WeasyPrint writes its own: objects packed in compressed object streams.

pypdf writes every object on its own, uncompressed; for a booklet's thousands of small
dictionaries (links, pages, outline entries) that alone makes the file much larger.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from pypdf import PdfWriter
from pypdf.generic import StreamObject

PER_STREAM = 200


def write(writer: PdfWriter, out: BinaryIO, identifier: bytes) -> None:
    objects = writer._objects
    body = io.BytesIO()
    body.write(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")
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
    root = writer._root_object.indirect_reference.idnum
    info = writer._info.indirect_reference.idnum if writer._info is not None else None
    size = next_number + 1
    rows = [(0, 0, 65535)] + [entries.get(n, (0, 0, 0)) for n in range(1, size)]
    entries_offset = body.tell()
    rows[next_number] = (1, entries_offset, 0)
    table = b"".join(kind.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows)
    hexid = identifier.hex()
    keys = (f"/Type /XRef /Size {size} /W [1 4 2] /Root {root} 0 R"
            + (f" /Info {info} 0 R" if info else "") + f" /ID [<{hexid}> <{hexid}>]")
    _stream(body, next_number, keys, table)
    body.write(f"startxref\n{entries_offset}\n%%EOF\n".encode())
    out.write(body.getvalue())


def _stream(body: io.BytesIO, number: int, keys: str, data: bytes) -> int:
    """Write a compressed stream object; where it starts."""
    offset = body.tell()
    packed = zlib.compress(data)
    body.write(f"{number} 0 obj\n<< {keys} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n".encode())
    body.write(packed)
    body.write(b"\nendstream\nendobj\n")
    return offset
