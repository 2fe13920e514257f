"""The press setup: which brand pack and print settings a build uses, from the manifest and the command line."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from . import brand as branding, printing
from .errors import BookletError, Reporter, SourceLocation
from .layout import Layout
from .model import Booklet
from .sources import contained, read_text
from .yamlsrc import Node, parse


@dataclass(frozen=True)
class Overrides:
    """What the command line says about brand and print; None or empty means 'as the manifest says'."""

    brand: str | None = None
    settings: Mapping[str, str] = field(default_factory=dict)   # --set key=value
    print: Mapping[str, Any] = field(default_factory=dict)      # raw values, keys as in `print:`


def configure(booklet: Booklet, reporter: Reporter, overrides: Overrides | None = None) -> Booklet:
    """Resolve the brand pack and print settings into the booklet's options, reporting with manifest lines."""
    overrides = overrides or Overrides()
    node = _manifest_node(booklet)
    options = booklet.options
    settings = {**options.settings, **overrides.settings}
    name, where = overrides.brand, None
    if not name:
        name, where = options.brand or branding.DEFAULT_BRAND, _where(node, "brand")
    try:
        brand = branding.load(name, booklet.root, reporter, where, settings)
    except BookletError as exc:
        reporter.add(exc)
        brand = None
    print_settings = _print_settings(node, overrides, reporter)
    try:  # `layout:` is checked here, at its manifest line, by `check` and `build` alike
        Layout.for_project(booklet.root, options.layout, where=_where(node, "layout"))
    except BookletError as exc:
        reporter.add(exc)
    reporter.check()
    assert brand is not None  # else check() raised: the brand's error is reported
    options = replace(options, brand=brand.key, branding=brand, palette=brand.palette,
                      printing=print_settings, settings=settings)
    return replace(booklet, options=options)


def configured(booklet: Booklet, reporter: Reporter) -> Booklet:
    """The booklet as configured by the command line, or configured now from the manifest alone."""
    return booklet if booklet.options.branding is not None else configure(booklet, reporter)


def _manifest_node(booklet: Booklet) -> Node | None:
    # The manifest was validated by the loader; read it again only for the lines of our keys.
    if booklet.manifest is None:
        return None
    return parse(read_text(booklet.manifest), booklet.manifest)


def _where(node: Node | None, *keys: str) -> SourceLocation | None:
    for key in keys:
        if node is None or not isinstance(node.value, dict) or key not in node.value:
            return None
        if key == keys[-1]:
            return node.value[key].where
        node = node.value[key]
    return None


def _print_settings(node: Node | None, overrides: Overrides, reporter: Reporter) -> printing.PrintSettings:
    section = node.value.get("print") if node is not None and isinstance(node.value, dict) else None
    values = section.plain() if section is not None and isinstance(section.value, dict) else {}
    where = {k: section.value[k].where for k in values} if section is not None and values else {}
    for key, value in overrides.print.items():
        if value is not None:
            values[key] = value
            where.pop(key, None)     # the command line said it: no manifest line to blame
    try:
        result = printing.settings(values, where)
    except ValueError as exc:
        reporter.error(str(exc), None)
        return printing.PrintSettings()
    for key, message in printing.conflicts(result):
        other = "pdf_variant" if key != "pdf_variant" else "bleed"
        location = result.where.get(key) or result.where.get(other)
        reporter.error(message if location else f"{message} (both given on the command line)", location)
    return result


# ---------- what the pipeline takes from the setup ----------

def layout_folders(booklet: Booklet) -> list[Path]:
    """Folders searched before the layout: the brand pack overrides any template or stylesheet by name."""
    brand = booklet.options.branding
    return [brand.folder] if brand is not None else []


def extra_css(booklet: Booklet) -> tuple[str, ...]:
    brand = booklet.options.branding
    settings = booklet.options.printing or printing.PrintSettings()
    cover = brand.colours["primary"] if brand is not None and brand.cover.get("style") == "full" else None
    sheets = [branding.css(brand, settings.duplex)] if brand is not None else []
    sheets.append(printing.css(settings, cover))
    own = own_css(booklet)
    if own is not None:
        sheets.append(read_text(own))   # the pack's own additions come last (relative URLs: the pack)
    return tuple(sheets)


def own_css(booklet: Booklet) -> Path | None:
    """The brand pack's brand.css, inside the pack (symlinks followed), or None."""
    brand = booklet.options.branding
    if brand is None or not (brand.folder / branding.OWN_CSS).is_file():
        return None
    return contained(brand.folder / branding.OWN_CSS, (brand.folder.resolve(),), None,
                     f"{brand.key}/{branding.OWN_CSS}")


def pdf_options(booklet: Booklet) -> dict:
    """WeasyPrint's write_pdf options: the PDF standard, and a reproducible identity and dates
    (the finisher also dates attached files, with or without a standard)."""
    settings = booklet.options.printing or printing.PrintSettings()
    finisher = Reproducible(booklet.meta.identifier, _build_date(booklet))
    if not settings.pdf_variant:
        return {"finisher": finisher}
    return {"pdf_variant": settings.pdf_variant,
            "pdf_identifier": hashlib.md5(booklet.meta.identifier.encode()).hexdigest().encode(),
            "finisher": finisher}


def _build_date(booklet: Booklet) -> _dt.datetime | None:
    """The booklet's date, else SOURCE_DATE_EPOCH; None means 'now' (not reproducible)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if booklet.meta.date:
        return _dt.datetime.combine(booklet.meta.date, _dt.time(), _dt.timezone.utc)
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    return None


_XMP_DATES = re.compile(rb"<(xmp:(?:ModifyDate|MetadataDate|CreateDate))>[^<]*</\1>")
_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


@dataclass(frozen=True)
class Reproducible:
    """A WeasyPrint finisher: PDF/X stamps the build time and a random document id, and every attached
    file the time it was embedded; use the booklet's date and identifier instead."""

    identifier: str
    date: _dt.datetime | None

    def __call__(self, document, pdf) -> None:
        from .adapters import pdfobjects   # here: pydyf is loaded by PDF builds only

        document_id = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, self.identifier)}".encode()
        stamp = self.date.strftime("%Y-%m-%dT%H:%M:%S+00:00").encode() if self.date else None
        if self.date is not None:
            pdfobjects.set_info_dates(pdf, self.date.strftime("D:%Y%m%d%H%M%S+00'00"))
            pdfobjects.set_attachment_dates(pdf, self.date.strftime("D:%Y%m%d%H%M%SZ"))

        def rewrite(data: bytes) -> bytes:
            data = _XMP_DOCUMENT_ID.sub(document_id, data)
            if stamp:
                data = _XMP_DATES.sub(lambda m: b"<%s>%s</%s>" % (m.group(1), stamp, m.group(1)), data)
            return data

        for stream in pdfobjects.metadata_streams(pdf):
            pdfobjects.rewrite_stream(stream, rewrite)
