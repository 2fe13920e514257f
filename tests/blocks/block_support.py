"""Helpers and fixtures for the revision-block tests: builds made once, snippets rendered as topics."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from lxml import html as lxml_html

from booklet import loader, pipeline
from booklet.cli import main
from booklet.errors import Reporter
from conftest import build_once

ROOT = Path(__file__).parent.parent.parent
REVISION = Path(__file__).parent.parent / "scenarios" / "revision" / "revision.yml"
SAMPLE = ROOT / "content" / "gs2-international-relations.yml"


def prepare(manifest: Path, strict: bool = False) -> tuple[pipeline.Prepared, Reporter]:
    reporter = Reporter(strict=strict)
    booklet = loader.load_manifest(manifest, reporter)
    return pipeline.prepare(booklet, reporter), reporter


def write_project(folder: Path, topics: dict[str, str], back_matter: str = "") -> Path:
    """A one-part booklet of the given topics (name → Markdown), in reading order."""
    for name, text in topics.items():
        (folder / name).write_text(text, encoding="utf-8")
    listing = "".join(f"      - {name}\n" for name in topics)
    manifest = folder / "book.yml"
    # Snippets made of blocks alone have no outline to map: mind-map pages are off here.
    manifest.write_text(f"title: Blocks\nmindmaps: off\nparts:\n  - title: Part\n    topics:\n{listing}{back_matter}",
                        encoding="utf-8")
    return manifest


def tree(html: str):
    return lxml_html.fragment_fromstring(html, create_parent="div")


def section(prepared: pipeline.Prepared, section_id: str):
    return next(s for s in prepared.sections if s.id == section_id)


# Builds shared by the test modules of this folder (and both workers), made once per test run. (A
# conftest.py here would shadow tests/conftest.py for the modules that import helpers from it.)
def built(tmp_path_factory, manifest: Path) -> dict[str, Path]:
    """`manifest` built as PDF and EPUB with --strict, once per test session."""

    def make(out: Path) -> None:
        assert main(["build", str(manifest), "--format", "pdf,epub", "--out", str(out), "--strict"]) == 0

    out = build_once(tmp_path_factory, manifest.stem, make)
    return {fmt: out / f"{manifest.stem}.{fmt}" for fmt in ("pdf", "epub")}


@functools.cache
def prepared(manifest: Path) -> pipeline.Prepared:
    result, reporter = prepare(manifest, strict=True)
    assert reporter.diagnostics == []
    return result


@pytest.fixture
def snippet(tmp_path):
    """Render Markdown as the only topic of a booklet; returns (prepared, reporter)."""

    def _render(markdown: str, title: str = "Topic"):
        manifest = write_project(tmp_path, {"topic.md": f"---\ntitle: {title}\n---\n\n{markdown}"})
        return prepare(manifest)

    return _render


@pytest.fixture
def revision_prepared():
    return prepared(REVISION)


@pytest.fixture
def sample_prepared():
    return prepared(SAMPLE)


@pytest.fixture
def revision_build(tmp_path_factory):
    return built(tmp_path_factory, REVISION)


@pytest.fixture
def sample_build(tmp_path_factory):
    return built(tmp_path_factory, SAMPLE)
