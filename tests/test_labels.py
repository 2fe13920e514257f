"""Labels: the fixed words a booklet prints follow its language, from labels.yml in the layout stack."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet.cli import main
from booklet.labels import english, page_css
from booklet.model import Options
from conftest import epubcheck_messages

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

MANIFEST = """\
title: "आधुनिक भारत"
language: {language}
back_matter:
  mind_maps: true
parts:
  - title: "राष्ट्रीय आंदोलन"
    topics:
      - notes/asahyog.md
"""

NOTE = """\
---
title: "असहयोग आंदोलन"
---

गांधीजी ने 1920 में असहयोग आंदोलन शुरू किया; चौरी-चौरा की घटना के बाद 1922 में इसे वापस लिया गया।

!!! summary
    पहला अखिल भारतीय जन-आंदोलन, जिसमें विदेशी वस्तुओं और सरकारी संस्थाओं का बहिष्कार हुआ।

## कारण

- रॉलेट एक्ट का विरोध
- जलियाँवाला बाग हत्याकांड

## परिणाम

- कांग्रेस एक जन-संगठन बनी

!!! figures
    - **1920** — कलकत्ता का विशेष अधिवेशन (आंदोलन का प्रस्ताव)

!!! question "मुख्य परीक्षा 2018"
    असहयोग आंदोलन ने राष्ट्रीय आंदोलन का स्वरूप कैसे बदला? चर्चा कीजिए।

    !!! answer
        - आंदोलन शहरों से गाँवों तक फैला
"""

HINDI = ["विषय-सूची", "भाग 1", "संक्षेप में", "अभ्यास प्रश्न", "उत्तर देखें", "प्रमुख आँकड़े",
         "पुनरावृत्ति सारांश", "प्रमुख आँकड़ों की सूची", "उत्तर कुंजी", "पिछले वर्षों के प्रश्न", "माइंड मैप",
         "वर्ष", "प्रश्न", "विषय", "आँकड़ा", "विवरण"]
ENGLISH = ["Contents", "Part 1", "In brief", "Practice questions", "See answer", "on p.", ", p.", "Answer key",
           "Key figures", "Revision summary", "Previous-year questions", "Mind maps", "Year", "What it is",
           "The map as a list"]


def _project(root: Path, language: str = "hi") -> Path:
    (root / "notes").mkdir(parents=True, exist_ok=True)
    (root / "booklet.yml").write_text(MANIFEST.format(language=language), encoding="utf-8")
    (root / "notes" / "asahyog.md").write_text(NOTE, encoding="utf-8")
    return root


def _build(root: Path, formats: str) -> Path:
    assert main(["build", str(root / "booklet.yml"), "--format", formats, "--out", str(root / "build")]) == 0
    return root / "build"


@pytest.fixture(scope="module")
def hindi(tmp_path_factory) -> Path:
    return _build(_project(tmp_path_factory.mktemp("labels-hi")), "pdf,epub,html")


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text.replace("\u00a0", " ")).split())


def _outline(items, found=None) -> list[str]:
    found = [] if found is None else found
    for item in items:
        if isinstance(item, list):
            _outline(item, found)
        else:
            found.append(item.title)
    return found


@needs_poppler
def test_a_hindi_booklet_prints_its_labels_in_hindi(hindi):
    # pdftotext reads Devanagari as written through /ActualText (booklet/adapters/weasy.py).
    text = _words(subprocess.run(["pdftotext", str(hindi / "booklet.pdf"), "-"], capture_output=True,
                                 text=True, check=True).stdout)
    for label in HINDI:
        assert label in text, label
    assert re.search(r"उत्तर देखें पृ\. \d+", text)   # print.css's " on p. N", in Hindi
    assert re.search(r"Q1, पृ\. \d+", text)           # a back-matter reference's ", p. N"
    assert "हर विषय एक पृष्ठ पर" in text             # the mind-maps intro
    for label in ENGLISH:
        assert label not in text, label


def test_the_html_has_every_label_in_hindi(hindi):
    html = (hindi / "booklet.html").read_text(encoding="utf-8")
    for label in HINDI:
        assert re.search(f">{re.escape(label)}[<\\s]", html), label
    assert "हर विषय का सारांश, पढ़ने के क्रम में" in html and "हर विषय एक पृष्ठ पर" in html   # the intros
    assert 'aria-label="माइंड मैप: असहयोग आंदोलन"' in html
    for label in ENGLISH:
        assert f">{label}<" not in html, label


def test_the_pdf_outline_is_in_hindi(hindi):
    titles = _outline(PdfReader(hindi / "booklet.pdf").outline)
    assert titles[0] == "विषय-सूची"
    for label in ("अभ्यास प्रश्न", "पुनरावृत्ति सारांश", "प्रमुख आँकड़ों की सूची", "उत्तर कुंजी",
                  "पिछले वर्षों के प्रश्न", "माइंड मैप"):
        assert label in titles, label
    assert not set(titles) & set(ENGLISH)


def test_the_epub_nav_and_pages_are_in_hindi_and_valid(hindi):
    epub = hindi / "booklet.epub"
    assert epubcheck_messages(epub) == []
    with zipfile.ZipFile(epub) as book:
        pages = {name: book.read(name).decode() for name in book.namelist() if name.endswith((".xhtml", ".ncx"))}
    nav = next(text for name, text in pages.items() if name.endswith("nav.xhtml"))
    assert "विषय-सूची" in nav and "उत्तर कुंजी" in nav and "माइंड मैप" in nav
    everything = "\n".join(pages.values())
    assert "मैप, सूची के रूप में" in everything   # the folded list under each map
    for label in ENGLISH:
        assert f">{label}<" not in everything, label


def test_english_labels_are_the_ones_print_css_already_has():
    labels = Options().labels
    assert labels.language == "en" and labels["contents"] == "Contents" and labels["on_page"] == "on p."
    assert page_css(Options()) == ""    # an English booklet gets no extra stylesheet


def test_hindi_print_css_strings_for_every_page_reference(tmp_path):
    from dataclasses import replace

    from booklet.labels import Labels

    hindi = Labels("hi", {**english().table, "contents": "विषय-सूची", "on_page": "पृ.", "page": "पृ."})
    css = page_css(replace(Options(), labels=hindi))
    assert 'bookmark-label: "विषय-सूची"' in css
    assert '.answer-link::after { content: " " "पृ." "\\00a0" target-counter' in css
    assert 'a.page-ref::after { content: ", " "पृ." ' in css
    assert 'a.internal-link::after { content: " (" "पृ." ' in css


def _html(root: Path) -> str:
    return (_build(root, "html") / "booklet.html").read_text(encoding="utf-8")


def test_a_project_layout_overrides_one_label(tmp_path):
    root = _project(tmp_path)
    (root / "layouts" / "default").mkdir(parents=True)
    (root / "layouts" / "default" / "labels.yml").write_text(
        "practice_questions:\n  hi: अभ्यास के लिए प्रश्न\n", encoding="utf-8")
    html = _html(root)
    assert ">अभ्यास के लिए प्रश्न<" in html and ">अभ्यास प्रश्न<" not in html
    assert ">उत्तर कुंजी<" in html          # the other labels stay the built-in Hindi ones


def test_a_brand_pack_overrides_a_label_and_the_project_layout_overrides_the_pack(tmp_path):
    root = _project(tmp_path)
    pack = root / "layouts" / "brands" / "mine"
    pack.mkdir(parents=True)
    (pack / "brand.yml").write_text('name: "Own Institute"\n', encoding="utf-8")
    (pack / "labels.yml").write_text("answer_key:\n  hi: उत्तरमाला\nin_brief:\n  hi: एक नज़र में\n", encoding="utf-8")
    (root / "layouts" / "default").mkdir(parents=True)
    (root / "layouts" / "default" / "labels.yml").write_text("answer_key:\n  hi: उत्तर-सूची\n", encoding="utf-8")
    manifest = root / "booklet.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "brand: mine\n", encoding="utf-8")
    html = _html(root)
    # The pack is the top of the stack: its labels win over the project layout's.
    assert ">उत्तरमाला<" in html and ">एक नज़र में<" in html and ">उत्तर-सूची<" not in html


def test_an_unknown_language_prints_english_and_a_regional_tag_reads_its_language(tmp_path):
    assert ">Practice questions<" in _html(_project(tmp_path / "ta", "ta"))
    # Bilingual: Hindi topics in an English booklet keep the manifest's (English) labels.
    assert ">Practice questions<" in _html(_project(tmp_path / "en", "en"))
    assert ">अभ्यास प्रश्न<" in _html(_project(tmp_path / "hi-in", "hi-IN"))


def test_a_wrong_labels_file_is_an_error_at_its_line(run, tmp_path):
    root = _project(tmp_path)
    (root / "layouts" / "default").mkdir(parents=True)
    (root / "layouts" / "default" / "labels.yml").write_text(
        "contents:\n  hi: सूची\npractise_questions:\n  hi: अभ्यास\nanswer_key: उत्तर\n", encoding="utf-8")
    result = run("build", "--format", "html", cwd=root)
    assert result.code != 0 and "Traceback" not in result.err
    where = Path("layouts", "default", "labels.yml")
    assert f"{where}:3:1: error: unknown label 'practise_questions'; did you mean 'practice_questions'?" in result.err
    assert f"{where}:5:13: error: the label 'answer_key' needs a text per language" in result.err
    assert not (root / "build" / "booklet.html").exists()


# Every other fixed word a page or the EPUB shows: the title page's month, a figure without a
# value, a callout given no title, a map split over pages (its page count, its notes and a branch
# that goes on over the next page), and the EPUB's footnote tooltip.
SPLIT_MANIFEST = """\
title: "आधुनिक भारत"
language: {language}
date: 2026-02-01
parts:
  - title: "राष्ट्रीय आंदोलन"
    topics:
      - notes/andolan.md
"""

SPLIT_NOTE = """\
---
title: "असहयोग आंदोलन"
---

गांधीजी ने 1920 में आंदोलन शुरू किया।[^1]

[^1]: कलकत्ता का विशेष अधिवेशन।

!!! figures
    - **1920** — आंदोलन का प्रस्ताव
    - चौरी-चौरा की घटना के बाद आंदोलन वापस

!!! note
    गांधीजी ने आंदोलन वापस लिया।

> [!tip]
> परीक्षा के लिए महत्वपूर्ण।

## बहिष्कार

{leaves}

## परिणाम

- कांग्रेस एक जन-संगठन बनी
"""


def _split_project(root: Path, language: str) -> Path:
    leaves = "\n".join(f"- बहिष्कार का बिंदु संख्या {n} और उसका विवरण" for n in range(1, 61))
    (root / "notes").mkdir(parents=True, exist_ok=True)
    (root / "booklet.yml").write_text(SPLIT_MANIFEST.format(language=language), encoding="utf-8")
    (root / "notes" / "andolan.md").write_text(SPLIT_NOTE.format(leaves=leaves), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hindi_split(tmp_path_factory) -> Path:
    return _build(_split_project(tmp_path_factory.mktemp("labels-split"), "hi"), "pdf,epub")


@needs_poppler
def test_a_hindi_booklet_prints_no_fixed_english_words(hindi_split):
    text = _words(subprocess.run(["pdftotext", str(hindi_split / "booklet.pdf"), "-"], capture_output=True,
                                 text=True, check=True).stdout)
    assert "1 फ़रवरी 2026" in text and "February" not in text
    assert "(मान नहीं)" in text and "(no value)" not in text
    assert "टिप्पणी" in text and "सुझाव" in text and not re.search(r"\b(?:NOTE|Note|TIP|Tip)\b", text)
    pages = re.findall(r"माइंड मैप · (\d+) में से (\d+)", text)
    assert len(pages) >= 2 and {total for total, _ in pages} == {str(len(pages) + 1)}  # "3 में से 2": 2 of 3
    assert f"अगले {len(pages)} पृष्ठों पर" in text or (len(pages) == 1 and "अगले पृष्ठ पर" in text)
    assert re.search(r"इस मैप का पृष्ठ 2 \(\d+ में से\)", text)
    assert "बहिष्कार (जारी)" in text
    for english_words in ("continued", "overview", "of this map", " of "):
        assert english_words not in text, english_words
    assert not re.findall(r"[A-Za-z]{3,}", text)   # no English at all: the notes have none


def test_the_hindi_epub_has_no_fixed_english_words_and_is_valid(hindi_split):
    epub = hindi_split / "booklet.epub"
    assert epubcheck_messages(epub) == []
    with zipfile.ZipFile(epub) as book:
        pages = "\n".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml"))
    assert 'title="पाठ पर वापस"' in pages and "Jump back" not in pages and "the text" not in pages
    assert ">(मान नहीं)<" in pages and ">टिप्पणी<" in pages and ">1 फ़रवरी 2026<" in pages
    assert not re.findall(r">[^<]*[A-Za-z]{3,}[^<]*<", pages)


def test_an_english_booklet_keeps_its_english_words(tmp_path):
    html = _html(_split_project(tmp_path, "en"))
    assert ">1 February 2026<" in html and ">(no value)<" in html and ">Note<" in html and ">Tip<" in html
    assert 'title="Back to the text"' in html


def test_month_names_must_be_twelve(run, tmp_path):
    root = _split_project(tmp_path, "hi")
    (root / "layouts" / "default").mkdir(parents=True)
    (root / "layouts" / "default" / "labels.yml").write_text("months:\n  hi: जनवरी फ़रवरी\n", encoding="utf-8")
    result = run("build", "--format", "html", cwd=root)
    assert result.code != 0 and "Traceback" not in result.err
    assert (f"{Path('layouts', 'default', 'labels.yml')}:2:7: error: the label 'months' needs the 12 month "
            "names, separated by spaces; its 'hi' text has 2") in result.err
