"""Hindi and bilingual booklets: Devanagari faces, per-topic language, shaped map labels, ids, missing glyphs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import SCENARIOS, build_scenario, epubcheck_messages
from pdffonts import embedded_fonts, pdffonts_rows

LAYOUT_FONTS = Path(__file__).resolve().parent.parent / "layouts" / "default" / "fonts"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


@pytest.fixture(scope="session")
def hindi_build(tmp_path_factory) -> dict[str, Path]:
    return build_scenario(tmp_path_factory, "hindi")


@pytest.fixture(scope="session")
def bilingual_build(tmp_path_factory) -> dict[str, Path]:
    return build_scenario(tmp_path_factory, "bilingual")


@pytest.fixture(params=["hindi", "bilingual"])
def build(request, hindi_build, bilingual_build) -> dict[str, Path]:
    return {"hindi": hindi_build, "bilingual": bilingual_build}[request.param]


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


# ---------------------------------------------------------------- fonts

@needs_poppler
def test_devanagari_faces_are_embedded_and_nothing_comes_from_the_system(build):
    rows = pdffonts_rows(build["pdf"])
    names = {name.split("+", 1)[-1] for name, _ in rows}
    assert "Booklet-Serif-Devanagari" in names and "Booklet-Sans-Devanagari-Bold" in names
    # Bundled faces carry the layout's @font-face family names; a system fallback would show its
    # own name (e.g. Noto-Sans-Symbols2 or Lohit-Devanagari).
    assert all(name.startswith("Booklet-") for name in names), names
    assert all(emb == "yes" for _, emb in rows)
    assert all(embedded_fonts(build["pdf"]).values())


def test_devanagari_fonts_ship_with_their_licence():
    for face in ("NotoSerifDevanagari-Regular", "NotoSerifDevanagari-Bold", "NotoSansDevanagari-Regular",
                 "NotoSansDevanagari-Bold"):
        assert (LAYOUT_FONTS / f"{face}.ttf").is_file()
    assert "OFL-1.1" in (LAYOUT_FONTS / "licenses" / "Noto.txt").read_text()


# ---------------------------------------------------------------- text

HINDI_LINES = [
    ("notes/maulik-adhikar.md", "संविधान के भाग III में मौलिक अधिकार दिए गए हैं।"),
    ("notes/maulik-adhikar.md", "अनुच्छेद 21क — शिक्षा का अधिकार (86वाँ संशोधन, 2002)"),
    ("notes/maulik-adhikar.md", "बंदी प्रत्यक्षीकरण, परमादेश, प्रतिषेध, उत्प्रेषण और अधिकार-पृच्छा"),
    ("notes/sansad.md", "केवल लोकसभा में पुरःस्थापित; राज्यसभा 14 दिन तक रोक सकती है"),
]
BILINGUAL_LINES = [
    ("notes/inflation.md", "Demand-pull (मांग जनित): too much money chasing too few goods"),
    ("notes/inflation.md", "core inflation (कोर मुद्रास्फीति) leaves them out."),
    ("notes/mudra-niti.md", "नकद आरक्षित अनुपात (CRR)"),
    ("notes/mudra-niti.md", "भारतीय रिज़र्व बैंक (RBI) मौद्रिक नीति तय करता है।"),
]


@needs_poppler
@pytest.mark.parametrize("scenario, lines", [("hindi", HINDI_LINES), ("bilingual", BILINGUAL_LINES)])
def test_pdf_text_extracts_as_the_source(scenario, lines, hindi_build, bilingual_build):
    pdf = {"hindi": hindi_build, "bilingual": bilingual_build}[scenario]["pdf"]
    text = _words(_pdftotext(pdf))
    for note, phrase in lines:
        assert phrase in (SCENARIOS / scenario / note).read_text()  # the phrase is the source's, as typed
        assert _words(phrase) in text, phrase


@needs_poppler
def test_map_labels_extract_as_the_source(hindi_build):
    text = _words(_pdftotext(hindi_build["pdf"]))
    for label in ("मौलिक अधिकार", "स्वतंत्रता का अधिकार", "संवैधानिक उपचार", "धन विधेयक"):
        assert text.count(label) >= 2, label  # the map and the heading


def test_title_and_language_metadata(hindi_build):
    reader = PdfReader(hindi_build["pdf"])
    assert reader.metadata.title.startswith("भारतीय राजव्यवस्था: सामान्य अध्ययन")
    assert str(reader.trailer["/Root"]["/Lang"]) == "hi"


# ---------------------------------------------------------------- maps

def _runs(chars: list[dict]) -> list[tuple[float, float, float, float]]:
    """Boxes of runs of glyphs set one after another on a line (a label line, a line of text)."""
    runs: list[list[float]] = []
    previous = None
    for char in chars:
        if char["x1"] - char["x0"] <= 0.05:
            continue  # marks that take no room
        same = (previous is not None and abs(char["top"] - previous["top"]) < 0.5
                # within a cluster, shaping may pull a glyph back over the previous one
                and -0.4 * char["size"] <= char["x0"] - previous["x1"] <= 0.6 * char["size"])
        if same:
            box = runs[-1]
            box[:] = [min(box[0], char["x0"]), min(box[1], char["top"]), max(box[2], char["x1"]),
                      max(box[3], char["bottom"])]
        else:
            runs.append([char["x0"], char["top"], char["x1"], char["bottom"]])
        previous = char
    return [tuple(r) for r in runs]


def _overlaps(boxes) -> list:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            width = min(a[2], b[2]) - max(a[0], b[0])
            height = min(a[3], b[3]) - max(a[1], b[1])
            if width > 0.2 and height > 0.2:
                found.append((a, b))
    return found


def test_hindi_maps_have_no_overlapping_glyphs(hindi_build, bilingual_build):
    checked = 0
    for pdf in (hindi_build["pdf"], bilingual_build["pdf"]):
        with pdfplumber.open(pdf) as document:
            for page in document.pages[1:]:  # the title page sets text over a coloured band
                runs = _runs(page.chars)
                assert not _overlaps(runs), (pdf.name, page.page_number, _overlaps(runs)[:3])
                checked += len(runs)
    assert checked > 100


def test_label_widths_are_what_weasyprint_prints(tmp_path):
    """The map is laid out with HarfBuzz widths; WeasyPrint (Pango) must print the same widths."""
    from weasyprint import HTML

    from booklet.mindmap.metrics import MapFonts, face

    fonts = MapFonts(LAYOUT_FONTS / "NotoSans-Regular.ttf", LAYOUT_FONTS / "NotoSans-Bold.ttf", family="Booklet Sans",
                     fallbacks=((LAYOUT_FONTS / "NotoSansDevanagari-Regular.ttf",
                                 LAYOUT_FONTS / "NotoSansDevanagari-Bold.ttf"),),
                     fallback_families=("Booklet Sans Devanagari",))
    labels = ["संवैधानिक उपचार", "स्वतंत्रता का अधिकार", "क्षत्रिय और ज्ञान", "अनुच्छेद 21क",
              "Repo दर (RBI)", "India–US: 2+2 संवाद", "श्रीमती पत्नी द्विपक्षीय"]
    faces = "".join(f'@font-face{{font-family:"{family}";src:url({Path(path).as_uri()});font-weight:{weight}}}'
                    for family, path, weight in [
                        ("Booklet Sans", fonts.regular, 400), ("Booklet Sans", fonts.bold, 700),
                        ("Booklet Sans Devanagari", fonts.fallbacks[0][0], 400),
                        ("Booklet Sans Devanagari", fonts.fallbacks[0][1], 700)])
    body = "".join(f'<p style="font-weight:{w}">{label}</p>' for label in labels for w in (400, 700))
    html = (f"<html lang='hi'><style>{faces} p{{font: 20pt {fonts.css_family}; margin: 0 0 10pt;"
            f" white-space: nowrap}}</style>{body}</html>")
    HTML(string=html).write_pdf(tmp_path / "labels.pdf")
    with pdfplumber.open(tmp_path / "labels.pdf") as document:
        lines = {}
        for char in document.pages[0].chars:
            lines.setdefault(round(char["matrix"][5]), []).append(char)  # by baseline: faces differ in height
    printed = [max(c["x1"] for c in line) - min(c["x0"] for c in line)
               for _, line in sorted(lines.items(), reverse=True)]  # PDF y grows upwards
    expected = [face(fonts, w == 700).width(label, 20) for label in labels for w in (400, 700)]
    assert len(printed) == len(expected)
    for label_width, measured in zip(printed, expected):
        assert label_width == pytest.approx(measured, abs=0.3)


# ---------------------------------------------------------------- EPUB, ids, languages

def test_epub_is_valid(build):
    assert epubcheck_messages(build["epub"]) == []


def test_ids_are_transliterated_never_placeholders(hindi_build):
    html = hindi_build["html"].read_text()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert "maulik-adhikar--smtaa-kaa-adhikaar" in ids and "part-snvidhaan" in ids
    assert "sansad--dhn-videyk" in ids or any(i.startswith("sansad--dhn") for i in ids), ids
    assert not [i for i in ids if re.search(r"(^|--)s(-\d+)?$", i)], ids
    assert all(i.isascii() for i in ids)


def test_a_topic_lang_marks_its_article(bilingual_build, hindi_build):
    html = bilingual_build["html"].read_text()
    assert re.search(r'<html lang="en-IN"', html)
    assert re.search(r'<article[^>]*id="mudra-niti"[^>]*lang="hi"', html)
    assert not re.search(r'<article[^>]*id="inflation"[^>]*lang=', html)
    assert '<html lang="hi"' in hindi_build["html"].read_text()


def test_language_sets_the_stack_hyphenation_and_quotes(tmp_path):
    """As WeasyPrint computes them, for the Hindi topic and the English one of the bilingual booklet."""
    from booklet import api, pipeline
    from booklet.adapters.weasy import page_box
    from booklet.errors import Reporter
    from booklet.writers.pdf_setup import setup

    reporter = Reporter()
    booklet = api.load(SCENARIOS / "bilingual" / "bilingual.yml", reporter)
    prepared = pipeline.prepare(booklet, reporter)
    document = setup(prepared.rendered, prepared.sections, prepared.layout, prepared.extra_css).render()
    styles = {}
    parents = _parents(document)
    for page in document.pages:
        for box in _descendants(page_box(page)):
            element = getattr(box, "element", None)
            if (element is not None and element.tag == "p" and box.element_tag == "p"
                    and "topic-body" in (parents[element].get("class") or "")):  # a paragraph of notes
                styles.setdefault(_topic_of(element, parents), box.style)
    hindi, english = styles["mudra-niti"], styles["inflation"]
    assert hindi["font_family"][0] == "Booklet Serif Devanagari" and hindi["hyphens"] == "manual"
    assert english["font_family"][0] == "Booklet Serif" and english["hyphens"] == "auto"
    assert "Booklet Serif Devanagari" in english["font_family"]  # Hindi words in English text
    assert hindi["quotes"] == (("“", "‘"), ("”", "’")) and english["quotes"] == "auto"


def _parents(document) -> dict:
    from booklet.adapters.weasy import page_box

    root = next(box.element for box in _descendants(page_box(document.pages[0]))
                if getattr(box, "element", None) is not None and box.element.tag == "html")
    return {child: parent for parent in root.iter() for child in parent}


def _topic_of(element, parents: dict):
    while element is not None:
        if element.tag == "article":
            return element.get("id")
        element = parents.get(element)
    return None


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


# ---------------------------------------------------------------- missing glyphs and bad lang

GLYPHS_NOTE = ("---\ntitle: \"Neighbourhood\"\n---\n\n## China\n\nThe 1962 war; in Chinese 中印 relations.\n\n"
               "## Sri Lanka\n\nTamil (தமிழ்) and again த; a ballot 🗳, joiners\u200d are not drawn.\n")


def _glyph_project(tmp_path: Path, note: str = GLYPHS_NOTE) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "ir.md").write_text(note)
    (tmp_path / "booklet.yml").write_text('title: "IR"\nparts:\n  - title: Asia\n    topics: [notes/ir.md]\n')
    return tmp_path


def test_a_character_no_font_has_is_a_warning_with_its_line(run, tmp_path):
    _glyph_project(tmp_path)
    result = run("check", cwd=tmp_path)
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if "no font covers" in line]
    assert warnings == [
        "notes/ir.md:7: warning: no font covers '中' (U+4E2D)",
        "notes/ir.md:7: warning: no font covers '印' (U+5370)",
        "notes/ir.md:11: warning: no font covers 'த' (U+0BA4)",
        "notes/ir.md:11: warning: no font covers 'ம' (U+0BAE)",
        "notes/ir.md:11: warning: no font covers 'ி' (U+0BBF)",
        "notes/ir.md:11: warning: no font covers 'ழ' (U+0BB4)",
        "notes/ir.md:11: warning: no font covers '்' (U+0BCD)",
    ]  # not 🗳: the layout declares an emoji face, and the check reads the faces from the layout


def test_strict_fails_on_a_missing_glyph_and_json_names_it(run, tmp_path):
    _glyph_project(tmp_path)
    result = run("build", "--strict", "--format", "pdf", cwd=tmp_path)
    assert result.code == 1 and "no font covers '中'" in result.err
    assert not (tmp_path / "build" / "booklet.pdf").exists()
    problems = [json.loads(line) for line in run("check", "--diagnostics", "json", cwd=tmp_path).err.splitlines()]
    assert {p["code"] for p in problems} == {"missing-glyph"}
    assert problems[0]["file"] == str(Path("notes/ir.md")) and problems[0]["line"] == 7


def test_devanagari_and_the_brand_fonts_are_covered(run, tmp_path):
    note = "---\ntitle: \"संसद\"\nlang: hi\n---\n\n## लोकसभा\n\nपाँच वर्ष का कार्यकाल — “अध्यक्ष” ₹ 100।\n"
    _glyph_project(tmp_path, note)
    result = run("check", "--brand", "aravalli", "--strict", cwd=tmp_path)
    assert result.code == 0, result.err


def test_an_invalid_lang_is_an_error_at_its_line(run, tmp_path):
    _glyph_project(tmp_path, "---\ntitle: Parliament\nlang: hindi-please\n---\n\nText.\n")
    result = run("check", cwd=tmp_path)
    assert result.code == 1
    assert result.error_lines[0].startswith("notes/ir.md:3:1: error: lang: 'hindi-please' is not a valid BCP 47"), \
        result.err
