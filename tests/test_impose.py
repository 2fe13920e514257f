"""Saddle-stitch imposition: page order, sheet size, orientation, and pages that cannot be folded together."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader

from booklet import impose
from booklet.errors import BookletError
from conftest import SCENARIOS, copy_scenario

MM = 72 / 25.4


def _numbered_pdf(path: Path, count: int, size: str = "A5", odd_size: str | None = None) -> Path:
    """A PDF whose page n shows only 'Pn' in big letters (page 3 in `odd_size`, if given)."""
    css = f"@page {{ size: {size}; margin: 20mm }} @page odd {{ size: {odd_size or size} }} " \
          "p { font: 60pt sans-serif; margin: 0; break-after: page } .odd { page: odd }"
    body = "".join(f'<p class="{"odd" if n == 3 else ""}">P{n}</p>' for n in range(1, count + 1))
    weasyprint.HTML(string=f"<style>{css}</style>{body}").write_pdf(path)
    return path


def _halves(pdf: Path) -> list[str]:
    """Each side of an imposed PDF as 'left|right' from the text upright on each half."""
    sides = []
    for page in PdfReader(pdf).pages:
        middle = float(page.mediabox.width) / 2
        halves = {0: [], 1: []}

        def visit(text, cm, tm, font, size):
            if text.strip():
                halves[int(cm[4] + tm[4] * cm[0] >= middle)].append(text.strip())

        page.extract_text(visitor_text=visit, orientations=(0,))  # only upright text counts
        sides.append("|".join(" ".join(halves[h]).replace("P", "") or "-" for h in (0, 1)))
    return sides


def test_saddle_order_for_eight_pages():
    assert impose.saddle_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


def test_saddle_order_pads_to_a_multiple_of_four():
    assert impose.saddle_order(5) == [(None, 0), (1, None), (None, 2), (3, 4)]
    # With a back cover, the blanks go before it so it stays outside.
    assert impose.saddle_order(6, keep_last=True) == [(5, 0), (1, None), (None, 2), (3, 4)]
    for count in range(1, 30):
        sides = impose.saddle_order(count)
        pages = [p for side in sides for p in side if p is not None]
        assert sorted(pages) == list(range(count)) and len(sides) % 2 == 0


def test_eight_page_booklet_sides_in_order(tmp_path):
    source = _numbered_pdf(tmp_path / "eight.pdf", 8)
    output = impose.saddle(source, tmp_path / "eight-print.pdf")
    assert output.pages == 4
    assert _halves(output.path) == ["8|1", "2|7", "6|3", "4|5"]


def test_padding_and_sheet_size(tmp_path):
    source = _numbered_pdf(tmp_path / "six.pdf", 6)
    output = impose.saddle(source, tmp_path / "six-print.pdf")
    assert _halves(output.path) == ["-|1", "2|-", "6|3", "4|5"]
    box = PdfReader(output.path).pages[0].mediabox
    # Two A5 pages (296 mm) go on A4 landscape (297 mm), centred.
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (297, 210)
    assert impose.sheet_name(float(box.width), float(box.height)) == "A4 landscape"


def test_pages_of_different_sizes_cannot_be_imposed(tmp_path):
    source = _numbered_pdf(tmp_path / "mixed.pdf", 4, odd_size="A4")
    with pytest.raises(BookletError, match=r"not all the same size \(page 1 is 148 × 210 mm, page 3 is 210 × 297 mm\)"):
        impose.saddle(source, tmp_path / "mixed-print.pdf")
    assert not (tmp_path / "mixed-print.pdf").exists()


def test_impose_from_the_command_line(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    result = run("build", "basic.yml", "-f", "pdf", "--page-size", "A5", "--duplex", "--impose", "saddle",
                 "--brand", "aravalli", cwd=project)
    assert result.code == 0, result.err
    assert "build/basic-print.pdf: 6 sheets of A4 landscape, print duplex flipping on the short edge" in result.out
    booklet, imposed = PdfReader(project / "build" / "basic.pdf"), PdfReader(project / "build" / "basic-print.pdf")
    assert len(imposed.pages) == 12 and len(booklet.pages) == 22
    first = imposed.pages[0].extract_text()
    assert "Scenario for the test suite" in first and "Ridge Road" in first  # cover and back cover share the outside


def test_impose_from_the_manifest_and_unequal_pages_name_its_line(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    lines = (project / "basic.yml").read_text().splitlines() + ["print:", "  page_size: A5", "  impose: saddle"]
    (project / "basic.yml").write_text("\n".join(lines) + "\n")
    pack = project / "layouts" / "brands" / "poster"
    pack.mkdir(parents=True)
    (pack / "brand.yml").write_text("name: Poster\n")
    (pack / "brand.css").write_text("@page title { size: A4; }\n")  # a cover bigger than the pages
    assert run("build", "basic.yml", "-f", "pdf", cwd=project).code == 0
    assert (project / "build" / "basic-print.pdf").is_file()
    result = run("build", "basic.yml", "-f", "pdf", "--brand", "poster", cwd=project)
    assert result.code == 1
    assert any(l.startswith(f"basic.yml:{len(lines)}:") and "not all the same size" in l for l in result.error_lines)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is not installed")
def test_imposed_pages_face_the_right_way(tmp_path):
    """Rendered, each half of a side is upright: its ink sits at the top of the half, where the
    page number was set (P1… sits below the top margin, with empty page below)."""
    from PIL import Image

    imposed = impose.saddle(_numbered_pdf(tmp_path / "eight.pdf", 8), tmp_path / "eight-print.pdf").path
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(imposed), str(tmp_path / "side")], check=True)
    for png in sorted(tmp_path.glob("side-*.png")):
        with Image.open(png) as image:
            gray = image.convert("L")
            width, height = gray.size
            for half in (0, 1):
                box = gray.crop((half * width // 2, 0, (half + 1) * width // 2, height))
                ink = box.point(lambda v: 255 if v < 128 else 0).getbbox()
                assert ink is not None
                assert ink[1] < height * 0.3 and ink[3] < height * 0.5, (png.name, half, ink)


def test_a_booklet_with_bleed_is_imposed_at_its_trim_size(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    result = run("build", "basic.yml", "-f", "pdf", "--page-size", "A5", "--bleed", "3mm", "--marks", "crop",
                 "--impose", "saddle", cwd=project)
    assert result.code == 0, result.err
    box = PdfReader(project / "build" / "basic-print.pdf").pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (297, 210)


def test_signatures_are_runs_of_consecutive_pages_each_folded_on_its_own():
    # 20 pages in 2 signatures: sheets split 3 + 2, pages 1-12 and 13-20.
    first, second = impose.signature_order(20, 2)
    assert first == impose.saddle_order(12)
    assert second == [(None if a is None else a + 12, None if b is None else b + 12)
                      for a, b in impose.saddle_order(8)]
    assert impose.signature_sheets(138, 3) == [12, 12, 11]
    # Padding goes at the end, before a back cover, which stays outside the last signature.
    assert impose.signature_order(9, 2, keep_last=True)[1] == [(8, None), (None, None)]
    assert impose.signature_order(3, 5) == [impose.saddle_order(3)]  # never more signatures than sheets


def test_too_many_sheets_for_one_fold_say_how_to_split():
    assert impose.sheet_warning(48, 1) is None
    message = impose.sheet_warning(120, 1)
    assert "30 sheets" in message and "--signatures 3" in message and "split the manifest" in message
    assert impose.sheet_warning(120, 3) is None
    assert "--signatures 3" in impose.sheet_warning(120, 2)  # 2 signatures of 15 sheets still too thick


def test_imposed_in_two_signatures(tmp_path):
    source = _numbered_pdf(tmp_path / "book.pdf", 14)
    target = tmp_path / "book-print.pdf"
    impose.saddle(source, target, signatures=2)
    # Signature 1: pages 1-8 on 2 sheets; signature 2: pages 9-14 and two blanks on 2 sheets.
    assert _halves(target) == ["8|1", "2|7", "6|3", "4|5", "-|9", "10|-", "14|11", "12|13"]
