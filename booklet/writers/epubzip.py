"""The EPUB container, reproducible: fixed zip timestamps and a stable member order, written once."""

from __future__ import annotations

import datetime as _dt
import io
import os
import zipfile
from pathlib import Path

from ebooklib import epub

from ..atomic import replacing

_ZIP_EPOCH = _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc)   # the earliest time a zip entry can hold
_FIRST = ("mimetype", "META-INF/container.xml")


def build_time(date: _dt.date | None) -> _dt.datetime:
    """SOURCE_DATE_EPOCH if set, else the booklet's date, else 1980-01-01: never the clock, so two
    builds of the same booklet (in any folder or time zone) give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc), _ZIP_EPOCH)
    if date is not None:
        return max(_dt.datetime.combine(date, _dt.time(), _dt.timezone.utc), _ZIP_EPOCH)
    return _ZIP_EPOCH


def write(book: epub.EpubBook, target: Path, when: _dt.datetime, options: dict) -> None:
    """ebooklib writes into memory (a failure leaves no half-open file behind, and no ZipFile.__del__
    complaint); the members are then copied in a fixed order with `when` as their time."""
    buffer = io.BytesIO()
    # compresslevel 0: the members are compressed once, below; ebooklib's own deflate was undone there.
    epub.write_epub(buffer, book, {**options, "raise_exceptions": True, "mtime": when.replace(tzinfo=None),
                                   "compresslevel": 0})
    with zipfile.ZipFile(buffer) as source:
        members = {info.filename: (info, source.read(info)) for info in source.infolist()}
    order = [n for n in _FIRST if n in members] + sorted(n for n in members if n not in _FIRST)
    stamp = when.timetuple()[:6]
    with replacing(target) as temp:
        with zipfile.ZipFile(temp, "w") as archive:
            for name in order:
                info, data = members[name]
                fixed = zipfile.ZipInfo(name, date_time=stamp)
                fixed.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o644 << 16
                fixed.create_system = 3          # Unix, whatever the host
                archive.writestr(fixed, data, compresslevel=9 if name != "mimetype" else None)
