"""Print quality: nothing runs out of the text area; long blocks flow on with their titles first."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint.formatting_structure import boxes

from block_support import REVISION, SAMPLE, prepare, write_project
from booklet.adapters.weasy import page_box

LONG_WORD = "https://example.org/" + "a" * 90
STRESS = (
    "Intro text.\n\n"
    "!!! summary\n" + "\n\n".join("    " + "A long summary sentence that fills the page. " * 12 for _ in range(9))
    + "\n\n!!! figures \"Many figures\"\n"
    + "".join(f"    - **{v}** — caption {i} (Source {i})\n" for i, v in
              enumerate(["USD 131,800,000,000,000,000", "Supercalifragilisticexpialidocious"]
                        + [str(7 * i) for i in range(40)]))
    + f"\n!!! mcq \"Practice\"\n    Which {LONG_WORD}?\n\n    - [x] {LONG_WORD}\n    - [ ] b\n\n"
    + f"!!! question \"Mains 2019\"\n    Why {LONG_WORD}?\n\n    !!! answer\n        - {LONG_WORD}\n\n"
    + f"!!! note \"Long\"\n    {LONG_WORD}\n"
)


def _document(manifest: Path):
    prepared, _ = prepare(manifest)
    return prepared.pdf_setup().render()  # as the PDF writer renders it: brand and print CSS, hints


def _overflowing_text(document) -> list[tuple[int, str]]:
    """Text boxes that end right of the page's content area (WeasyPrint's laid-out boxes)."""
    found = []
    for number, page in enumerate(document.pages, 1):
        laid_out = page_box(page)
        right = laid_out.content_box_x() + laid_out.width + 0.5

        def walk(box):
            if isinstance(box, boxes.TextBox) and box.position_x + box.width > right:
                found.append((number, box.text[:40]))
            for child in getattr(box, "children", ()):
                walk(child)

        for child in laid_out.children:
            if not isinstance(child, boxes.MarginBox):
                walk(child)
    return found


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stress")
    return _document(write_project(folder, {"s.md": f"---\ntitle: Stress\n---\n\n{STRESS}"}))


def _page_texts(document) -> list[str]:
    texts = []
    for page in document.pages:
        parts = []

        def walk(box):
            if isinstance(box, boxes.TextBox):
                parts.append(box.text)
            for child in getattr(box, "children", ()):
                walk(child)

        walk(page_box(page))
        texts.append(" ".join(" ".join(parts).split()))  # boxes split where the brand CSS spaces letters
    return texts


def test_the_check_sees_an_overflow(tmp_path):
    # A long word in a plain paragraph is not the blocks' business: it shows the check works.
    document = _document(write_project(tmp_path, {"n.md": f"---\ntitle: N\n---\n\nplain {'a' * 150}\n"}))
    assert _overflowing_text(document)


@pytest.mark.parametrize("manifest", [REVISION, SAMPLE], ids=["revision", "sample"])
def test_nothing_overflows_the_text_area(manifest):
    assert _overflowing_text(_document(manifest)) == []


def test_long_words_wrap_inside_every_block(stress):
    assert _overflowing_text(stress) == []


def test_a_block_longer_than_a_page_flows_on_from_where_it_starts(stress):
    texts = _page_texts(stress)
    start = next(i for i, text in enumerate(texts) if "Intro text." in text)
    # The long summary starts on the topic's first page, under its title, and continues overleaf.
    assert "IN BRIEF" in texts[start].upper() and "A long summary sentence" in texts[start]
    assert "A long summary sentence" in texts[start + 1]
    # The long figure grid keeps its title with its first cards and runs over two pages.
    title_page = next(i for i, text in enumerate(texts) if "MANY FIGURES" in text.upper())
    assert "USD" in texts[title_page] and "Source 1 " in texts[title_page]
    assert "Source 41" not in texts[title_page] and any("Source 41" in t for t in texts[title_page + 1:])
