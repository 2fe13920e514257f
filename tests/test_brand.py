"""Brand packs: covers, colours, fonts, footer, template overrides, and path:line errors in brand.yml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from booklet import brand as branding, press
from booklet.errors import Reporter
from booklet.loader import load_manifest
from conftest import SCENARIOS, copy_scenario, epubcheck_messages, page_texts
from pdffonts import embedded_fonts, pdffonts_rows

PACKS = Path(__file__).parent.parent / "layouts" / "brands"
BASIC = SCENARIOS / "basic" / "basic.yml"


@pytest.fixture(scope="module")
def two_packs(tmp_path_factory) -> dict[str, Path]:
    """The basic scenario built with the neutral pack and with the sample institute's."""
    from booklet.cli import main

    out = tmp_path_factory.mktemp("packs")
    pdfs = {}
    for name in ("default", "aravalli"):
        assert main(["build", str(BASIC), "-f", "pdf,epub", "-o", str(out / f"{name}.pdf"), "--brand", name,
                     "--set", "student=A. Kumar"]) == 0
        pdfs[name] = out / f"{name}.pdf"
    return pdfs


def fill_colours(page) -> set[str]:
    """Every non-stroking RGB colour a page's content stream sets, as #rrggbb."""
    content = ContentStream(page.get_contents(), page.pdf)
    colours = set()
    for operands, operator in content.operations:
        if operator == b"rg":
            colours.add("#" + "".join(f"{round(float(v) * 255):02x}" for v in operands))
    return colours


def test_the_two_packs_give_different_covers(two_packs):
    default, institute = (page_texts(two_packs[n])[0] for n in ("default", "aravalli"))
    assert "TEST INSTITUTE" in default.upper() and "Aravalli" not in default
    assert "ARAVALLI LANTERN ACADEMY" in institute.upper() and "Civil Services Programme" in institute
    for cover in (default, institute):
        assert "Test Booklet: Pipeline" in cover


def test_the_two_packs_give_different_colours(two_packs):
    default = PdfReader(two_packs["default"]).pages[0]
    institute = PdfReader(two_packs["aravalli"]).pages[0]
    assert "#1d4e6f" in fill_colours(default) and "#0f5c4a" not in fill_colours(default)
    assert "#0f5c4a" in fill_colours(institute) and "#1d4e6f" not in fill_colours(institute)


def test_the_two_packs_embed_different_fonts(two_packs):
    default, institute = (embedded_fonts(two_packs[n]) for n in ("default", "aravalli"))
    assert all(default.values()) and all(institute.values()), (default, institute)
    assert any("Booklet-Serif" in f for f in default) and not any("Aravalli" in f for f in default)
    assert any("Aravalli-Sans" in f for f in institute) and any("Aravalli-Slab" in f for f in institute)
    assert not any("Booklet-Serif" in f for f in institute)


def test_footer_line_and_personalisation(two_packs):
    texts = page_texts(two_packs["aravalli"])
    body = [t for t in texts[1:-1] if not t.strip().upper().startswith("PART")]  # dividers stay clean
    assert len(body) >= 6 and all("Aravalli Lantern Academy · For enrolled students · Prepared for A. Kumar" in t for t in body)
    assert "Prepared for A. Kumar" in texts[0]  # on the cover too
    assert all("Prepared for A. Kumar" in t for t in page_texts(two_packs["default"])[4:6])


def test_back_cover_is_the_last_page(two_packs):
    last = page_texts(two_packs["aravalli"])[-1]
    assert "14 Ridge Road" in last and "aravalli-lantern.example" in last
    assert "Aravalli Lantern Academy" in last
    assert "Ridge Road" not in "".join(page_texts(two_packs["default"]))  # the neutral pack has none


def test_watermark_is_drawn_not_written(two_packs):
    brand = branding.load("aravalli", BASIC.parent, Reporter())
    css = branding.css(brand)
    assert "data:image/svg+xml" in css and "@page :blank { background-image: none; }" in css
    # Outlines, not text: search, copy and screen readers never meet the watermark.
    assert not any("ARAVALLI LANTERN" in t for t in page_texts(two_packs["aravalli"])[1:-1])
    # But drawn: a faint band (5% of the muted colour) over a large part of a body page, which
    # the neutral pack's same page does not have. Text edges give only a few such pixels.
    faint = {name: _faint_pixels(two_packs[name], page=3) for name in ("aravalli", "default")}
    assert faint["aravalli"] > 500 and faint["aravalli"] > 5 * faint["default"], faint


def test_branded_epub_is_valid(two_packs):
    for name in ("default", "aravalli"):
        assert epubcheck_messages(two_packs[name].with_suffix(".epub")) == []


def test_palette_reaches_the_options_for_mind_maps():
    reporter = Reporter()
    booklet = load_manifest(BASIC, reporter)
    institute = press.configure(booklet, reporter, press.Overrides(brand="aravalli"))
    assert institute.options.palette[:2] == ("#0f5c4a", "#e08a1e")
    assert institute.options.branding.name == "Aravalli Lantern Academy"
    neutral = press.configure(booklet, reporter)
    assert neutral.options.palette[0] == "#1d4e6f" and len(neutral.options.palette) >= 6


def _own_pack(project: Path, name: str = "mine", extra: str = "") -> Path:
    pack = project / "layouts" / "brands" / name
    pack.mkdir(parents=True)
    (pack / "brand.yml").write_text(f'name: "Own Institute"\ncolours:\n  primary: "#7a1f5c"\n{extra}')
    return pack


def test_a_template_in_the_pack_overrides_the_layout(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    pack = _own_pack(project)
    (pack / "title-page.html").write_text(
        '<section class="title-page" id="title-page"><h1 class="booklet-title">{{ meta.title }}</h1>'
        '<p>Own cover for {{ brand.name }}</p></section>\n')
    text = (project / "basic.yml").read_text() + "brand: mine\n"
    (project / "basic.yml").write_text(text)
    result = run("build", "basic.yml", "-f", "pdf,epub", cwd=project)
    assert result.code == 0, result.err
    cover = page_texts(project / "build" / "basic.pdf")[0]
    assert "Own cover for Own Institute" in cover
    assert epubcheck_messages(project / "build" / "basic.epub") == []


def test_a_stylesheet_in_the_pack_replaces_the_layouts(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    pack = _own_pack(project)
    (pack / "print.css").write_text("@page { size: A4; margin: 20mm; }\n"
                                    ".topic-title::before { content: 'OWN STYLE '; }\n")
    result = run("build", "basic.yml", "-f", "pdf", "--brand", "mine", cwd=project)
    assert result.code == 0, result.err
    texts = page_texts(project / "build" / "basic.pdf")
    assert any("OWN STYLE Alpha topic" in t for t in texts)
    assert not any("Contents" in t and "OWN STYLE" in t for t in texts[:1])


def test_brand_css_adds_to_the_layout(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    pack = _own_pack(project)
    (pack / "brand.css").write_text(".topic-title::after { content: ' (own)'; }\n")
    result = run("build", "basic.yml", "-f", "pdf", "--brand", "mine", cwd=project)
    assert result.code == 0, result.err
    pdf = project / "build" / "basic.pdf"
    assert any("Alpha topic (own)" in t for t in page_texts(pdf))
    assert any("Booklet-Serif" in f for f in embedded_fonts(pdf))  # the layout's print.css still applies


BAD_PACKS = [
    ('colors:\n  primary: "#123456"\n', 1, "unknown key 'colors'; did you mean 'colours'?"),
    ('name: [a, b]\n', 1, "'name' must be text, not a list"),
    ('colours:\n  primary: "teal-ish"\n', 2, "'colours.primary': 'teal-ish' is not a colour"),
    ("colours:\n  accent: #e08a1e\n", 2, "'colours.accent' has no value; write the colour in quotes, as in \"#1d4e6f\""),
    ('colours:\n  acent: "#123456"\n', 2, "unknown colour 'colours.acent'; did you mean 'accent'?"),
    ("logo: missing.svg\n", 1, "'logo': file not found: missing.svg"),
    ("logo: ../../../outside.svg\n", 1, "points outside the project"),
    ("logo: logo.jpg\n", 1, "the logo must be an SVG or PNG file"),
    ("logo: big.png\n", 1, "the logo is 5000×10 pixels; a logo may be at most 4000 pixels a side"),
    ("logo: fake.svg\n", 1, "the logo 'fake.svg' is not a readable SVG"),
    ("fonts:\n  body:\n    family: X\n    regular: fonts/fake.ttf\n", 4, "'fake.ttf' is not a font"),
    ("fonts:\n  body:\n    family: X\n    regular: fonts/notes.txt\n", 4, "'notes.txt' is not a font file"),
    ("fonts:\n  body:\n    regular: fonts/fake.ttf\n", 3, "missing required key 'fonts.body.family'"),
    ("cover:\n  style: poster\n", 2, "'cover.style' must be one of 'band', 'full', 'image'"),
    ("watermark:\n  text: DRAFT\n  opacity: 3\n", 3, "'watermark.opacity': must be between 0 and 1"),
    ('prepared_for: "For {student name}"\n', 1, "placeholder {student name} must be a plain name"),
]


@pytest.mark.parametrize("yaml, line, needle", BAD_PACKS)
def test_brand_problem_is_reported_with_its_line(run, tmp_path, yaml, line, needle):
    from PIL import Image

    project = copy_scenario("basic", tmp_path)
    pack = project / "layouts" / "brands" / "bad"
    (pack / "fonts").mkdir(parents=True)
    (pack / "brand.yml").write_text(yaml)
    (pack / "fonts" / "fake.ttf").write_bytes(b"\x00\x01\x00\x00 this is not really a font" * 10)
    (pack / "fonts" / "notes.txt").write_text("not a font")
    (pack / "logo.jpg").write_bytes(b"\xff\xd8\xff")
    (pack / "fake.svg").write_text("<svg><unclosed></svg>")
    Image.new("RGB", (5000, 10)).save(pack / "big.png")
    result = run("check", "basic.yml", "--brand", "bad", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    assert any(l.startswith(f"layouts/brands/bad/brand.yml:{line}:") and needle in l for l in result.error_lines), \
        result.err


def test_every_brand_problem_is_reported_at_once(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    _own_pack(project, "bad", 'logo: nope.png\nfooter: [x]\nwatermark:\n  opacity: 0.1\n')
    result = run("check", "basic.yml", "--brand", "bad", cwd=project)
    assert result.code == 1
    assert len(result.error_lines) == 3, result.err  # logo, footer, watermark.text; primary is fine
    assert "3 errors" in result.err


def test_unknown_brand_in_the_manifest_names_its_line_and_the_known_packs(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    lines = (project / "basic.yml").read_text().splitlines()
    (project / "basic.yml").write_text("\n".join(lines + ["brand: aravali"]) + "\n")
    result = run("check", "basic.yml", cwd=project)
    assert result.code == 1
    line = len(lines) + 1
    assert any(l.startswith(f"basic.yml:{line}:") and "unknown brand 'aravali'; known brands: aravalli, default"
               in l for l in result.error_lines), result.err


def test_unknown_brand_on_the_command_line(run, tmp_path):
    result = run("check", str(BASIC), "--brand", "nope")
    assert result.code == 1 and "booklet: error: unknown brand 'nope'; known brands: aravalli, default" in result.err


def test_shipped_packs_are_valid_and_licensed():
    for pack in ("default", "aravalli"):
        reporter = Reporter()
        branding.load(pack, BASIC.parent, reporter)
        assert reporter.diagnostics == []
    fonts = list((PACKS / "aravalli" / "fonts").glob("*.[ot]tf"))
    assert fonts and all(branding.font_problem(f) is None for f in fonts)
    licences = (PACKS / "aravalli" / "fonts" / "licenses")
    assert (licences / "Apache-2.0.txt").is_file() and len(list(licences.glob("*copyright*"))) == 2
    assert (licences / "Noto-OFL.txt").is_file()  # the heading's italic is Noto Serif's (OFL)


def test_every_style_the_layout_uses_is_a_real_face_or_a_warning(tmp_path):
    # aravalli's slab has no italic of its own: it names a real one, and so has all it uses.
    aravalli = branding.load("aravalli", BASIC.parent, Reporter())
    assert {"regular", "italic", "bold"} <= set(aravalli.heading.files)
    assert set(aravalli.body.files) == {"regular", "italic", "bold", "bold_italic"}
    # A pack with a regular and a bold heading face only: its italic would be faked.
    project = tmp_path / "project"
    pack = _own_pack(project, extra=(
        "fonts:\n  heading:\n    family: \"Own Slab\"\n    regular: fonts/Slab-Regular.otf\n"
        "    bold: fonts/Slab-Bold.otf\n"))
    (pack / "fonts").mkdir()
    for style in ("Regular", "Bold"):
        shutil.copy(PACKS / "aravalli" / "fonts" / f"RobotoSlab-{style}.otf", pack / "fonts" / f"Slab-{style}.otf")
    reporter = Reporter()
    branding.load("mine", project, reporter)
    messages = [str(d) for d in reporter.diagnostics]
    assert len(messages) == 1 and "brand.yml:6:" in messages[0]  # the heading face's entries, messages
    assert "no italic face" in messages[0] and "fonts.heading.italic" in messages[0]


def test_a_project_pack_is_found_before_a_shipped_one(tmp_path):
    project = copy_scenario("basic", tmp_path)
    _own_pack(project, "aravalli")
    assert branding.find("aravalli", project, None) == project / "layouts" / "brands" / "aravalli"
    assert "mine" not in branding.known(project)
    # A pack appears once its folder holds a brand.yml, beside the shipped ones, each name once.
    _own_pack(project, "mine")
    known = branding.known(project)
    assert "mine" in known and "default" in known and known.count("aravalli") == 1
    assert branding.find("mine", project, None) == project / "layouts" / "brands" / "mine"


def test_pdffonts_shows_every_font_embedded(two_packs):
    for pdf in two_packs.values():
        assert all(embedded_fonts(pdf).values())  # pypdf: always checked
    rows = pdffonts_rows(two_packs["aravalli"])
    if rows is None:
        pytest.skip("pdffonts (poppler-utils) is not installed; the pypdf check above still ran")
    for pdf in two_packs.values():
        rows = pdffonts_rows(pdf)
        assert rows and all(emb == "yes" for _, emb in rows), rows


def test_the_sample_booklet_builds_with_the_second_pack(tmp_path, pack="aravalli"):
    """What `make pdf BRAND=aravalli` runs, for the sample booklet in content/. (The default pack's
    build of the sample is tests/blocks' shared one, checked there page by page.)"""
    from booklet.cli import main

    manifest = Path(__file__).parent.parent / "content" / "gs2-international-relations.yml"
    assert main(["build", str(manifest), "--out", str(tmp_path), "--brand", pack, "--format", "pdf"]) == 0
    texts = page_texts(tmp_path / "gs2-international-relations.pdf")
    assert "International Relations" in texts[0] and len(texts) > 30
    assert all(embedded_fonts(tmp_path / "gs2-international-relations.pdf").values())


def _images(resources) -> list:
    """Images a page draws, directly or inside its forms (the background may sit in a form)."""
    found = []
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(xobject)
        elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += _images(xobject["/Resources"].get_object())
    return found


def test_a_picture_cover(run, tmp_path):
    from PIL import Image

    project = copy_scenario("basic", tmp_path)
    pack = _own_pack(project, extra="cover:\n  style: image\n  image: cover.png\n")
    Image.new("RGB", (60, 85), "#884422").save(pack / "cover.png")
    result = run("build", "basic.yml", "-f", "pdf", "--brand", "mine", cwd=project)
    assert result.code == 0, result.err
    cover = PdfReader(project / "build" / "basic.pdf").pages[0]
    assert _images(cover["/Resources"]) and "OWN INSTITUTE" in cover.extract_text().upper()
    _own_pack(project, "noimage", extra="cover:\n  style: image\n")
    result = run("check", "basic.yml", "--brand", "noimage", cwd=project)
    assert result.code == 1 and "cover style 'image' needs 'cover.image:'" in result.err


def _faint_pixels(pdf: Path, page: int) -> int:
    """Pixels of `page` (1-based) that are nearly white but not white, rendered at 30 dpi."""
    import subprocess

    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm (poppler-utils) is needed; .ci/run installs it")
    grey = subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page), str(pdf)],
                          capture_output=True, check=True).stdout
    header_end = grey.index(b"255\n") + 4  # PGM: P5, width height, 255, then one byte a pixel
    return sum(1 for value in grey[header_end:] if 235 <= value <= 253)


def test_years_in_the_previous_year_table_stay_whole_in_a_bigger_brand_type(run, tmp_path):
    # An institute that prints its tables larger (or in a wider face) must not get "202" over "3".
    project = copy_scenario("revision", tmp_path)
    pack = _own_pack(project)
    (pack / "brand.css").write_text(".pyq-table { font-size: 12pt; }\n")
    result = run("build", "revision.yml", "-f", "pdf", "--brand", "mine", cwd=project)
    assert result.code == 0, result.err
    table_page = page_texts(project / "build" / "revision.pdf")[-1]
    assert "Previous-year questions" in table_page
    lines = [line.split() for line in table_page.splitlines() if line.strip()]
    assert ["Year", "Question", "Topic"] in [line[:3] for line in lines]
    years = [line[0] for line in lines if line[0][:1].isdigit() and len(line) > 1]
    # Every row names its year (the repeats in small type: a page the table goes on to still says it).
    assert years == ["2019", "2019", "2004", "2021", "2020", "2020"]
