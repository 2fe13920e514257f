"""Every example in docs/examples builds, as the docs promise, and its EPUB is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.cli import main
from booklet.errors import Reporter
from booklet.loader import load_manifest
from conftest import epubcheck_messages, outline, page_texts

EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
MANIFESTS = sorted(EXAMPLES.glob("*/*.yml"))


def test_there_are_examples():
    assert MANIFESTS


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.parent.name)
def test_example_builds(manifest, tmp_path):
    assert main(["build", str(manifest), "-f", "pdf,epub", "--out", str(tmp_path)]) == 0
    pdf = tmp_path / f"{manifest.stem}.pdf"
    assert pdf.stat().st_size > 0
    assert epubcheck_messages(tmp_path / f"{manifest.stem}.epub") == []
    # The PDF is the booklet the manifest describes: its title on the cover, every topic in the outline.
    booklet = load_manifest(manifest, Reporter())
    cover = " ".join(page_texts(pdf)[0].split())
    assert " ".join(booklet.meta.title.split()) in cover
    titles = _titles(outline(pdf))
    assert all(topic.title in titles for topic in booklet.topics()), (titles, booklet)


def _titles(entries) -> list[str]:
    return [title for title, _, children in entries for title in (title, *_titles(children))]
