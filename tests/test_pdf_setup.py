"""One render setup and one page geometry: what tests measure is what a real build prints."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from PIL import Image

from booklet import loader, pipeline, printing
from booklet.adapters.weasy import page_box
from booklet.blocks import length
from booklet.errors import Reporter

PX_PER_MM = 96 / 25.4


def _project(folder: Path, page_size: str) -> Path:
    Image.new("RGB", (400, 200), "navy").save(folder / "map.png")
    (folder / "rivers.md").write_text(
        "# Rivers of the peninsula\n\nThe Godavari is the longest.\n\n<img src=\"map.png\" width=\"120\">\n",
        encoding="utf-8")
    manifest = folder / "book.yml"
    manifest.write_text(f"title: Rivers\nmindmaps: off\nprint:\n  page_size: {page_size}\n"
                        "parts:\n  - title: Geography\n    topics:\n      - rivers.md\n", encoding="utf-8")
    return manifest


def test_the_setup_carries_the_print_css_and_presentational_hints(tmp_path):
    reporter = Reporter()
    prepared = pipeline.prepare(loader.load_manifest(_project(tmp_path, "A5"), reporter), reporter)
    setup = prepared.pdf_setup()
    assert len(setup.stylesheets) == 1 + len(prepared.extra_css)
    document = setup.render()
    first = document.pages[0]
    assert (round(first.width / PX_PER_MM), round(first.height / PX_PER_MM)) == (148, 210)  # print CSS: A5
    widths = [box.width for page in document.pages for box in _descendants(page_box(page))
              if getattr(box, "element_tag", None) == "img"]
    assert [round(w) for w in widths] == [120]  # width="120" honoured: presentational hints on


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def test_geometry_comes_from_the_print_settings():
    a4 = printing.geometry(printing.PrintSettings())
    assert (a4.width, a4.height, a4.text_width, a4.text_height) == (210, 297, 166, 249)
    a5 = printing.geometry(printing.PrintSettings(page_size=printing.parse_page_size("A5"), duplex=True))
    assert a5.inner > a5.outer and round(a5.text_width, 1) == round(148 - a5.inner - a5.outer, 1)
    letter = printing.geometry(printing.PrintSettings(page_size=printing.parse_page_size("Letter")))
    assert letter.width == 215.9 and letter.text_height < 279.4


def test_a_block_that_fits_an_a4_page_is_long_on_an_a6_page():
    box = etree.fromstring("<div>" + "<p>" + "A sentence about monsoon winds. " * 30 + "</p></div>")
    for _ in range(8):
        box.append(etree.fromstring("<p>" + "Another line of notes on the retreating monsoon. " * 3 + "</p>"))
    a4 = length.Fit.of(printing.geometry(printing.PrintSettings()))
    a6 = length.Fit.of(printing.geometry(printing.PrintSettings(page_size=printing.parse_page_size("A6"))))
    assert (a4.chars_per_line, a4.lines_per_page) == (85, 42)
    assert not a4.is_long(box) and a6.is_long(box)


def test_imposition_names_sheets_through_the_public_size_table():
    from booklet.impose import MM, sheet_name
    assert sheet_name(297 * MM, 210 * MM) == "A4 landscape"
    assert printing.size_name(215.9, 279.4) == "Letter portrait"
    assert printing.size_name(100, 100) is None
