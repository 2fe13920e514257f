"""A map printed by WeasyPrint keeps its labels as real, extractable text in the embedded font."""

from __future__ import annotations

import io

import weasyprint
from pypdf import PdfReader

from booklet.mindmap import draw
from mindmap_support import FONTS, PALETTE, font_face_css, india_russia


def test_labels_are_extractable_text_in_the_pdf():
    mind_map = draw(india_russia(), fonts=FONTS, palette=PALETTE, box_mm=(247, 170), id_prefix="m", title="Map")
    html = (
        f"<html><head><style>{font_face_css()}@page{{size:A4 landscape;margin:20mm 25mm}}"
        f"body{{margin:0}}</style></head><body>{mind_map.svg}</body></html>"
    )
    pdf = PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    assert len(pdf.pages) == 1  # the map fits its box, so it fits the page
    text = " ".join(pdf.pages[0].extract_text().split())
    for label in mind_map.geometry.labels:
        for line in label.lines:
            assert line in text, line
    fonts = {font["/BaseFont"] for font in _fonts(pdf.pages[0])}
    assert any("Noto-Sans" in name and "Bold" not in name for name in fonts), fonts
    assert any("Noto-Sans-Bold" in name for name in fonts), fonts


def _fonts(page):
    """Fonts of the page and of the form XObjects it draws (WeasyPrint puts SVG text in forms)."""
    seen = []
    pending = [page["/Resources"]]
    while pending:
        resources = pending.pop().get_object()
        seen.extend(font.get_object() for font in resources.get("/Font", {}).get_object().values())
        for xobject in resources.get("/XObject", {}).get_object().values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                pending.append(xobject["/Resources"])
    return seen
