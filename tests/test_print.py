"""Print settings: page sizes, duplex (mirrored margins, right-hand starts, clean blanks), bleed, PDF standards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet import printing
from booklet.cli import main
from conftest import SCENARIOS, copy_scenario, outline, page_texts

BASIC = SCENARIOS / "basic" / "basic.yml"
MM = 72 / 25.4


def _build(out: Path, *options: str) -> Path:
    target = out / "basic.pdf"
    assert main(["build", str(BASIC), "-f", "pdf", "-o", str(target), *options]) == 0
    return target


def _size_mm(box) -> tuple[int, int]:
    return round(float(box.width) / MM), round(float(box.height) / MM)


# Builds shared by the tests below. Each pairs a page size with a PDF standard, and the press build
# serves the bleed, PDF/X and reproducibility tests: 16 builds of the basic booklet became 9.
SIZE_WITH_VARIANT = {"Letter": "pdf/a-2b", "B5": "pdf/a-3b", "170mm 240mm": "pdf/ua-1", "a5 landscape": "pdf/x-1a"}
PRESS = ("--bleed", "3mm", "--marks", "crop", "--pdf-variant", "pdf/x-4")
EPOCH = "1700000000"


@pytest.fixture(scope="module")
def sized(tmp_path_factory):
    """The basic booklet at a page size from SIZE_WITH_VARIANT, in its PDF standard; built once."""
    built: dict[str, Path] = {}

    def build(size: str) -> Path:
        if size not in built:
            built[size] = _build(tmp_path_factory.mktemp("sized"), "--page-size", size,
                                 "--pdf-variant", SIZE_WITH_VARIANT[size])
        return built[size]

    return build


@pytest.fixture(scope="module")
def press_build(tmp_path_factory) -> Path:
    """Bleed, crop marks and PDF/X-4, with SOURCE_DATE_EPOCH set as a reproducible build sets it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return _build(tmp_path_factory.mktemp("press"), *PRESS)


@pytest.fixture(scope="module")
def a5_duplex(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("a5"), "--page-size", "A5", "--duplex", "--brand", "aravalli")


def _left_edges(pdf: Path) -> dict[int, float]:
    """Page number → the smallest x at which any text starts (the page area's left edge)."""
    edges = {}
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        xs = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                xs.append(cm[4] + tm[4] * cm[0])

        page.extract_text(visitor_text=visit)
        if xs:
            edges[number] = min(xs)
    return edges


def test_a5_pages(a5_duplex):
    assert {_size_mm(p.mediabox) for p in PdfReader(a5_duplex).pages} == {(148, 210)}


def test_duplex_starts_every_topic_and_part_on_a_right_hand_page(a5_duplex):
    tree = outline(a5_duplex)
    starts = {title: page for title, page, _ in tree}
    starts.update({title: page for _, _, children in tree for title, page, _ in children})
    for title in ("Preface", "First part", "Alpha topic", "Beta topic", "Second part", "Gamma topic", "Glossary",
                  "Contents"):
        assert starts[title] % 2 == 1, (title, starts[title])
    texts = page_texts(a5_duplex)
    assert len(texts) % 2 == 0 and "Ridge Road" in texts[-1]  # the back cover is the outside of the last leaf


def test_duplex_blank_pages_carry_nothing(a5_duplex):
    texts = page_texts(a5_duplex)
    blanks = [n for n, t in enumerate(texts, 1) if not t.strip()]
    assert len(blanks) >= 4  # inserted before right-hand starts: no header, footer, folio or watermark text
    assert all(n % 2 == 0 for n in blanks)


def test_duplex_margins_are_mirrored(a5_duplex):
    edges = _left_edges(a5_duplex)
    texts = page_texts(a5_duplex)
    content = {n: x for n, x in edges.items() if 1 < n < len(texts)}  # not the covers
    right = {round(x, 1) for n, x in content.items() if n % 2 == 1}
    left = {round(x, 1) for n, x in content.items() if n % 2 == 0}
    margins = printing.margins(printing.PrintSettings(page_size=printing.parse_page_size("A5"), duplex=True))
    assert len(right) == 1 and len(left) == 1, (right, left)
    assert right.pop() == pytest.approx(margins["inner"] * MM, abs=0.5)   # binding side is wider
    assert left.pop() == pytest.approx(margins["outer"] * MM, abs=0.5)
    assert margins["inner"] > margins["outer"]


def test_single_sided_margins_are_the_same_on_every_page(basic_build):
    edges = _left_edges(basic_build["pdf"])
    assert len({round(x, 1) for n, x in edges.items() if n > 1}) == 1


@pytest.mark.parametrize("size, expected", [("Letter", (216, 279)), ("B5", (176, 250)),
                                            ("170mm 240mm", (170, 240)), ("a5 landscape", (210, 148))])
def test_page_sizes(sized, size, expected):
    pdf = sized(size)
    reader = PdfReader(pdf)
    assert {_size_mm(p.mediabox) for p in reader.pages} == {expected}
    assert "Test Booklet: Pipeline" in reader.pages[0].extract_text()


def test_bleed_sets_bleed_and_trim_boxes_and_the_cover_runs_into_it(press_build):
    pdf = press_build
    for page in PdfReader(pdf).pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert _size_mm(trim) == (210, 297)
        assert [round(float(v) / MM, 1) for v in trim] == [0, 0, 210, 297]
        assert float(bleed.left) == pytest.approx(-3 * MM, abs=0.1) and float(bleed.top) > float(trim.top)
        assert float(media.width) >= float(bleed.width)
    cover = _pixels_at(pdf, 1, (0.2, 0.5))  # inside the 3 mm bleed, left of the trim edge
    assert cover == (0x1d, 0x4e, 0x6f)


def _pixels_at(pdf: Path, page: int, where_mm: tuple[float, float]) -> tuple[int, int, int]:
    """The colour `where_mm` from the media box's top-left corner (needs pdftoppm)."""
    import shutil
    import subprocess

    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    out = pdf.with_name("px")
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out)], check=True)
    with Image.open(out.with_suffix(".png")) as image:
        return image.convert("RGB").getpixel((int(where_mm[0] * MM), int(where_mm[1] * image.height)))


IDENTIFICATION = {
    "pdf/x-4": [r"GTS_PDFXVersion>PDF/X-4<"],
    "pdf/x-1a": [r"GTS_PDFXVersion>PDF/X-1a:2003<"],
    "pdf/a-2b": [r'pdfaid:part="2"', r'pdfaid:conformance="B"'],
    "pdf/a-3b": [r'pdfaid:part="3"', r'pdfaid:conformance="B"'],
    "pdf/ua-1": [r'pdfuaid:part="1"'],
}


def test_every_offered_variant_is_tested():
    assert set(IDENTIFICATION) == set(printing.VARIANTS)


@pytest.mark.parametrize("variant", sorted(printing.VARIANTS))
def test_variant_builds_and_identifies_itself(sized, press_build, variant):
    size = next((size for size, standard in SIZE_WITH_VARIANT.items() if standard == variant), None)
    reader = PdfReader(sized(size) if size else press_build)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    for pattern in IDENTIFICATION[variant]:
        assert re.search(pattern, xmp), (pattern, xmp)
    assert "/ID" in reader.trailer
    if variant == "pdf/ua-1":
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    if variant.startswith("pdf/x"):
        assert reader.metadata["/Trapped"] == "/False"


def test_pdfx_is_reproducible(press_build, tmp_path, monkeypatch):
    # The manifest's date fixes booklet's identity and dates; SOURCE_DATE_EPOCH fixes the font
    # subsets' timestamps (fontTools), which WeasyPrint stamps otherwise.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = press_build.read_bytes()
    second = _build(tmp_path, *PRESS).read_bytes()
    assert first == second
    assert b"2026-01-15T00:00:00+00:00" in first  # the booklet's date, not the build time


def test_print_options_from_the_manifest(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    text = (project / "basic.yml").read_text()
    (project / "basic.yml").write_text(text + "print:\n  page_size: A5\n  duplex: true\n  pdf_variant: pdf/a-2b\n")
    assert run("build", "basic.yml", "-f", "pdf", cwd=project).code == 0
    reader = PdfReader(project / "build" / "basic.pdf")
    assert _size_mm(reader.pages[0].mediabox) == (148, 210)
    assert 'pdfaid:part="2"' in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    # The command line wins over the manifest.
    assert run("build", "basic.yml", "-f", "pdf", "--page-size", "A4", "--pdf-variant", "none", cwd=project).code == 0
    reader = PdfReader(project / "build" / "basic.pdf")
    assert _size_mm(reader.pages[0].mediabox) == (210, 297) and "/Metadata" not in reader.trailer["/Root"]


PRINT_PROBLEMS = [
    ("print:\n  page_size: A4.5\n", 2, "cannot read the page size 'A4.5'; use A4, A5"),
    ("print:\n  page_size: 170 240\n", 2, "cannot read the page size '170 240'"),
    ("print:\n  page_size: 10mm 20mm\n", 2, "each side must be between 50 and 1200 mm"),
    ("print:\n  bleed: 3 furlongs\n", 2, "cannot read the length '3 furlongs'"),
    ("print:\n  bleed: 40mm\n", 2, "a bleed of 40 mm is too large"),
    ("print:\n  marks: trim\n", 2, "unknown mark 'trim'; use crop, cross"),
    ("print:\n  pdf_variant: pdf/x-9\n", 2, "unknown PDF standard 'pdf/x-9'; choose from none, pdf/x-4"),
    ("print:\n  impose: perfect\n", 2, "unknown imposition 'perfect'; choose from none, saddle"),
    ("print:\n  duplx: true\n", 2, "unknown key 'print.duplx'; did you mean 'duplex'?"),
    ("print:\n  pdf_variant: pdf/a-2b\n  bleed: 3mm\n", 3, "a bleed is for a press, but pdf/a-2b is not a press"),
    ("print:\n  pdf_variant: pdf/ua-1\n  marks: crop\n", 3, "printer's marks are for a press"),
]


@pytest.mark.parametrize("yaml, line, needle", PRINT_PROBLEMS)
def test_print_problem_is_reported_with_its_manifest_line(run, tmp_path, yaml, line, needle):
    project = tmp_path
    (project / "a.md").write_text("# A\n\nText.\n")
    (project / "book.yml").write_text(yaml + "title: T\nparts:\n  - title: One\n    topics: [a.md]\n")
    result = run("check", "book.yml", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    assert any(l.startswith(f"book.yml:{line}:") and needle in l for l in result.error_lines), result.err


def test_bleed_on_the_command_line_blames_the_manifests_variant(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    lines = (project / "basic.yml").read_text().splitlines() + ["print:", "  pdf_variant: pdf/a-3b"]
    (project / "basic.yml").write_text("\n".join(lines) + "\n")
    result = run("check", "basic.yml", "--bleed", "3mm", cwd=project)
    assert result.code == 1
    assert any(l.startswith(f"basic.yml:{len(lines)}:") and "bleed is for a press" in l for l in result.error_lines)


@pytest.mark.parametrize("option, value, needle", [
    ("--page-size", "A4.5", "cannot read the page size"), ("--bleed", "3", "write a number and a unit"),
    ("--pdf-variant", "pdf/z", "unknown PDF standard"), ("--impose", "perfect", "unknown imposition"),
    ("--set", "no-equals", "expected KEY=VALUE"),
])
def test_bad_print_option_is_a_usage_error(run, option, value, needle):
    result = run("build", str(BASIC), option, value)
    assert result.code == 2 and needle in result.err


def test_parse_page_size():
    assert printing.parse_page_size("a4") == printing.PageSize("A4", 210, 297)
    assert printing.parse_page_size("letter").name == "Letter"
    assert printing.parse_page_size("6in 9in") == printing.PageSize("152.4mm 228.6mm", 152.4, 228.6)
    assert printing.parse_page_size("17cm × 24cm").width == 170
