"""Imposition: a second PDF with the pages two-up on landscape sheets in saddle-stitch order, to fold and staple."""

from __future__ import annotations

import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, RectangleObject

from .atomic import replacing
from .errors import BookletError, Reporter, SourceLocation
from .model import Booklet
from .printing import NAMED_SIZES, size_name
from .writers import Output

MM = 72 / 25.4   # PDF points per millimetre
# Sheets one fold takes before the spine is too thick to lie flat and the inner pages creep out
# (docs/print.md); a longer booklet is folded as several signatures.
SHEET_LIMIT = 12


def saddle_order(count: int, keep_last: bool = False) -> list[tuple[int | None, int | None]]:
    """Sides in printing order as (left, right) page indexes (0-based; None is a blank page).

    Pages are padded to a multiple of 4. Sheet k carries pages N-2k | 2k+1 on its front and
    2k+2 | N-2k-1 on its back, so the folded stack reads 1, 2, … N. With `keep_last` the padding
    goes before the last page, so a back cover stays on the outside.
    """
    padding = (-count) % 4
    pages: list[int | None] = list(range(count))
    if keep_last and count > 1:
        pages = pages[:-1] + [None] * padding + pages[-1:]
    else:
        pages += [None] * padding
    total = len(pages)
    sides = []
    for sheet in range(total // 4):
        sides.append((pages[total - 1 - 2 * sheet], pages[2 * sheet]))
        sides.append((pages[2 * sheet + 1], pages[total - 2 - 2 * sheet]))
    return sides


def signature_order(count: int, signatures: int = 1,
                    keep_last: bool = False) -> list[list[tuple[int | None, int | None]]]:
    """Sides of each signature in printing order, as saddle_order gives them: the pages cut into
    `signatures` runs of consecutive pages, each a multiple of 4 and as even as can be; blank
    pages pad the last (before its last page with `keep_last`)."""
    sheets = -(-count // 4)
    signatures = max(1, min(signatures, sheets))
    base, extra = divmod(sheets, signatures)
    runs, start = [], 0
    for number in range(signatures):
        size = 4 * (base + (number < extra))
        runs.append(list(range(start, min(start + size, count))))
        start += size
    orders = []
    for run in runs:
        last = keep_last and run is runs[-1]
        # A back cover alone in its signature is still its last page: on the outside.
        local: list[tuple[int | None, int | None]] = [(0, None), (None, None)] if last and len(run) == 1 else saddle_order(len(run), last)
        orders.append([(_page(run, left), _page(run, right)) for left, right in local])
    return orders


def _page(run: list[int], index: int | None) -> int | None:
    return None if index is None else run[index]


def signature_sheets(count: int, signatures: int = 1) -> list[int]:
    """Sheets in each signature of a `count`-page booklet."""
    return [len(sides) // 2 for sides in signature_order(count, signatures)]


def sheet_warning(count: int, signatures: int) -> str | None:
    """What to do when a signature has more sheets than fold flat, or None."""
    sheets = signature_sheets(count, signatures)
    if max(sheets) <= SHEET_LIMIT:
        return None
    total = sum(sheets)
    needed = -(-total // SHEET_LIMIT)
    folded = ("one signature" if len(sheets) == 1
              else f"{len(sheets)} signatures of up to {max(sheets)} sheets")
    return (f"the folded booklet is {total} sheets in {folded}, more than the {SHEET_LIMIT} sheets that fold "
            f"flat: impose it in {needed} signatures (--signatures {needed}, or print: signatures: {needed}), "
            "or split the manifest into shorter booklets")


def imposed_path(pdf: Path) -> Path:
    return pdf.with_name(f"{pdf.stem}-print.pdf")


def write_for(booklet: Booklet, pdf: Path, target: Path | None = None, reporter: Reporter | None = None) -> Output:
    """Impose a built booklet as its print settings ask; the copy goes to `target`, by default beside
    it as NAME-print.pdf. A signature too thick to fold flat is a warning saying how to split."""
    brand = booklet.options.branding
    keep_last = bool(brand is not None and brand.has_back_cover)
    settings = booklet.options.printing
    where = settings.where.get("impose")
    output = saddle(pdf, target or imposed_path(pdf), keep_last, where, settings.signatures)
    problem = sheet_warning(len(PdfReader(pdf).pages), settings.signatures)
    if problem and reporter is not None:
        reporter.warning(problem, settings.where.get("signatures") or where)
    return output


def saddle(source: Path, target: Path, keep_last: bool = False, where: SourceLocation | None = None,
           signatures: int = 1) -> Output:
    """Write `target`: `source`'s pages (cut to their trim box) two-up, saddle-stitch order, in
    `signatures` folded runs one after another, no re-rendering."""
    start = time.perf_counter()
    reader = PdfReader(source)
    pages = list(reader.pages)
    width, height = _common_size(pages, source, where)
    sheet_width, sheet_height = sheet_size(2 * width, height)
    x0, y0 = (sheet_width - 2 * width) / 2, (sheet_height - height) / 2
    writer = PdfWriter()
    sides = [side for run in signature_order(len(pages), signatures, keep_last) for side in run]
    for left, right in sides:
        sheet = writer.add_blank_page(sheet_width, sheet_height)
        for slot, index in ((0, left), (1, right)):
            if index is not None:
                _place(sheet, pages[index], x0 + slot * width, y0)
    writer.add_metadata({"/Title": f"{reader.metadata.title or source.stem} (imposed for saddle stitching)"}
                        if reader.metadata else {})
    with replacing(target) as temp:
        with temp.open("wb") as handle:
            writer.write(handle)
    return Output(target, len(writer.pages), target.stat().st_size, time.perf_counter() - start)


def sheet_size(width: float, height: float) -> tuple[float, float]:
    """Two pages side by side, or the standard sheet they fit with at most 3 mm to spare (two A5 on A4)."""
    for pw, ph in NAMED_SIZES.values():
        sheet_w, sheet_h = ph * MM, pw * MM     # landscape
        if -0.5 <= sheet_w - width <= 3 * MM and -0.5 <= sheet_h - height <= 3 * MM:
            return sheet_w, sheet_h
    return width, height


def _place(sheet, page, x: float, y: float) -> None:
    trim = page.trimbox
    # Clip to the trim box (pypdf clips a merged page to its media box) and drop links: paper has none.
    page.mediabox = RectangleObject(trim)
    if "/Annots" in page:
        del page[NameObject("/Annots")]
    sheet.merge_transformed_page(page, Transformation().translate(x - float(trim.left), y - float(trim.bottom)))


def _common_size(pages, source: Path, where: SourceLocation | None) -> tuple[float, float]:
    sizes = [(float(p.trimbox.width), float(p.trimbox.height)) for p in pages]
    if not sizes:
        raise BookletError(f"{source.name} has no pages to impose", where)
    first = sizes[0]
    for number, size in enumerate(sizes, 1):
        if abs(size[0] - first[0]) > 0.5 or abs(size[1] - first[1]) > 0.5:
            raise BookletError(
                f"cannot impose {source.name}: its pages are not all the same size (page 1 is {_mm(first)}, "
                f"page {number} is {_mm(size)}); a folded booklet needs one page size throughout", where)
    return first


def sheet_name(width_pt: float, height_pt: float) -> str:
    """'A4 landscape' for a sheet of 297 × 210 mm, else its size in millimetres."""
    w, h = width_pt / MM, height_pt / MM
    return size_name(w, h) or f"{w:.0f} × {h:.0f} mm"


def _mm(size: tuple[float, float]) -> str:
    return f"{size[0] / MM:.0f} × {size[1] / MM:.0f} mm"
