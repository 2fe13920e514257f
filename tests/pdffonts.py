"""Font embedding checks: pypdf always; poppler's pdffonts when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader


def embedded_fonts(pdf: Path) -> dict[str, bool]:
    """Every font the pages use → whether its program is embedded (FontFile, FontFile2 or FontFile3)."""
    fonts = {}
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def pdffonts_rows(pdf: Path) -> list[tuple[str, str]] | None:
    """(name, emb) for each row of `pdffonts`, or None when poppler-utils is not installed."""
    if not shutil.which("pdffonts"):
        return None
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        # name, type words…, encoding, emb, sub, uni, object, id: emb is 5th from the end.
        rows.append((parts[0], parts[-5]))
    return rows
