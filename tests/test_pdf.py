"""The PDF: title page, contents with correct page numbers, outline, running heads, metadata."""

from __future__ import annotations

from pypdf import PdfReader

from conftest import outline, page_texts, toc_entries


def _topic_start(texts: list[str], title: str, after: int) -> int:
    """First page after `after` that shows `title` and is not a part page or the contents."""
    for number, text in enumerate(texts[after:], after + 1):
        first_lines = text.strip().splitlines()[:4]
        if title in text and not any(l.strip().upper().startswith("PART ") for l in first_lines[:1]):
            return number
    raise AssertionError(f"{title} not found")


def test_title_page_comes_first(basic_build):
    texts = page_texts(basic_build["pdf"])
    assert "Test Booklet: Pipeline" in texts[0]
    assert "Asha Rao, Vikram Sen" in texts[0]
    assert "Contents" in texts[1]


def test_contents_page_numbers_are_the_pages_where_topics_start(basic_build):
    texts = page_texts(basic_build["pdf"])
    entries = dict(toc_entries(texts[1]))
    expected = ["Preface", "First part", "Alpha topic", "Beta topic", "Second part", "Gamma topic", "Glossary"]
    assert list(entries) == expected
    for title in ("Preface", "Alpha topic", "Beta topic", "Gamma topic", "Glossary"):
        assert entries[title] == _topic_start(texts, title, after=2), title
    for part in ("First part", "Second part"):
        assert texts[entries[part] - 1].strip().upper().startswith("PART"), part
        assert part in texts[entries[part] - 1]


def _one_per_entry(targets: list[int]) -> list[int]:
    """WeasyPrint may write an entry's link as several annotations (one per line box): merge runs."""
    return [page for index, page in enumerate(targets) if index == 0 or targets[index - 1] != page]


def test_contents_entries_link_to_their_pages(basic_build):
    reader = PdfReader(basic_build["pdf"])
    targets = []
    for annotation in reader.pages[1].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
            dest = annotation["/Dest"]
            if isinstance(dest, str) or not isinstance(dest, list):
                dest = reader.named_destinations[str(dest)]
                page = reader.get_destination_page_number(dest)
            else:
                page = reader.get_page_number(dest[0].get_object())
            targets.append(page + 1)
    numbers = [n for _, n in toc_entries(page_texts(basic_build["pdf"])[1])]
    assert targets and sorted(set(targets)) == sorted(set(numbers))
    # Entry by entry, in order: each entry's link goes to the page its number prints (a link to
    # the wrong entry's page would pass the comparison of sets above).
    assert _one_per_entry(targets) == numbers


def test_outline_mirrors_parts_topics_and_sections(basic_build):
    tree = outline(basic_build["pdf"])
    assert [t for t, _, _ in tree] == ["Contents", "Preface", "First part", "Second part", "Glossary"]
    first_part = tree[2]
    assert [t for t, _, _ in first_part[2]] == ["Alpha topic", "Beta topic"]
    alpha = first_part[2][0]
    assert [t for t, _, _ in alpha[2]] == [f"Alpha section {n}" for n in range(1, 7)]
    assert [t for t, _, _ in tree[3][2]] == ["Gamma topic"]
    texts = page_texts(basic_build["pdf"])
    for title, page, _ in [first_part[2][0], first_part[2][1], tree[3][2][0]]:
        assert title in texts[page - 1]


def test_each_topic_starts_a_new_page_with_running_header_and_page_number(basic_build):
    texts = page_texts(basic_build["pdf"])
    alpha = _topic_start(texts, "Alpha topic", after=2)
    following = texts[alpha].strip().splitlines()  # the page after alpha's first page is still alpha
    # WeasyPrint draws the margin boxes last: the running head, then the folio.
    assert following[-2].split() == ["First", "part", "Alpha", "topic"]
    assert following[-1].strip() == str(alpha + 1)
    beta = _topic_start(texts, "Beta topic", after=alpha)
    assert "Beta has no front matter" in texts[beta - 1]
    assert "Alpha" not in texts[beta - 1].replace("the alpha topic", "")


def test_document_metadata(basic_build):
    reader = PdfReader(basic_build["pdf"])
    assert reader.metadata.title == "Test Booklet: Pipeline: Scenario for the test suite"
    assert reader.metadata.author == "Asha Rao, Vikram Sen"
    assert reader.trailer["/Root"]["/Lang"] == "en-IN"
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


def test_markdown_features_survive_to_the_page(basic_build):
    texts = page_texts(basic_build["pdf"])
    beta = next(t for t in texts if "Beta has no front matter" in t)
    assert "1971" in beta and "Treaty" in beta  # table
    assert "A definition list entry." in beta
    alpha = "".join(t for t in texts if "Alpha opens" in t)
    assert "A footnote for alpha." in alpha  # footnote placed on the page that calls it
    assert "tab-indented child" in "".join(texts)


def test_fonts_are_embedded(basic_build):
    reader = PdfReader(basic_build["pdf"])
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    # Only the layout's own faces: a system fallback means some glyph the layout lacks.
    assert all("+Booklet-" in name for name in fonts), sorted(fonts)


def test_a_markdown_link_to_another_topic_prints_its_page_like_a_wikilink(basic_build):
    # beta.md: "See [the alpha topic](alpha.md) and [its third section](alpha.md#alpha-section-3)."
    texts = [text.replace("\u00a0", " ") for text in page_texts(basic_build["pdf"])]
    alpha = _topic_start(texts, "Alpha topic", after=2)
    section = next(n for n, text in enumerate(texts[alpha - 1:], alpha) if "Alpha section 3" in text)
    beta = " ".join(texts[_topic_start(texts, "Beta topic", after=2) - 1].split())
    assert f"See the alpha topic (p. {alpha}) and its third section (p. {section})." in beta
    html = basic_build["html"].read_text(encoding="utf-8")
    assert '<a href="#alpha" class="internal-link">the alpha topic</a>' in html
