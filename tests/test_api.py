"""The Python API: booklet.build and booklet.check, as a script or a notebook would call them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

import booklet

MANIFEST = ('title: "Modern history flash notes"\nlanguage: en-IN\nparts:\n'
            '  - title: "Freedom struggle"\n    topics:\n      - notes/1857.md\n      - notes/gandhi.md\n')
REVOLT = ("---\ntitle: The revolt of 1857\n---\n\n## Causes\n\n- Annexation under the doctrine of lapse\n"
          "- Greased cartridges\n\n## Centres\n\nDelhi, Kanpur, Lucknow and Jhansi.\n")
GANDHI = ("# Gandhian movements\n\n## Non-cooperation (1920)\n\nCalled off after Chauri Chaura.\n\n"
          "## Salt march (1930)\n\nSee also [the revolt](1857.md) and [the Raj](raj.md).\n")


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "1857.md").write_text(REVOLT)
    (tmp_path / "notes" / "gandhi.md").write_text(GANDHI)
    (tmp_path / "history.yml").write_text(MANIFEST)
    return tmp_path


def test_api_is_exported():
    assert {"build", "check", "Output", "Diagnostic", "BuildFailed"} <= set(booklet.__all__)
    assert "booklet.build(" in booklet.build.__doc__


def test_build_writes_the_formats_asked_and_returns_them(project, caplog):
    with caplog.at_level(logging.WARNING, logger="booklet"):
        outputs = booklet.build(project / "history.yml", formats=["pdf", "html"], out=project / "out")
    assert [o.path for o in outputs] == [project / "out" / "history.pdf", project / "out" / "history.html"]
    pdf = outputs[0]
    assert pdf.pages == len(PdfReader(pdf.path).pages) and pdf.size == pdf.path.stat().st_size
    text = "".join(p.extract_text() for p in PdfReader(pdf.path).pages)
    assert "Greased cartridges" in text and "Chauri Chaura" in text
    assert outputs[1].pages is None
    assert not (project / "out" / "history.epub").exists()
    assert any("raj.md" in r.getMessage() and "warning" in r.getMessage() for r in caplog.records)


def test_build_with_a_brand_and_defaults_finds_booklet_yml(project, monkeypatch):
    (project / "history.yml").rename(project / "booklet.yml")
    monkeypatch.chdir(project)
    outputs = booklet.build(formats="html", brand="aravalli")
    assert outputs[0].path == Path("build") / "booklet.html"
    assert "Aravalli" in outputs[0].path.read_text()


def test_a_failed_build_raises_with_every_error_and_keeps_earlier_outputs(project):
    first, = booklet.build(project / "history.yml", formats=["html"], out=project / "out")
    before = first.path.read_bytes()
    (project / "notes" / "gandhi.md").unlink()
    with pytest.raises(booklet.BuildFailed) as failure:
        booklet.build(project / "history.yml", formats=["html"], out=project / "out")
    diagnostic, = failure.value.diagnostics
    assert diagnostic.severity == "error" and diagnostic.location.path.name == "history.yml"
    assert diagnostic.location.line == 7
    assert first.path.read_bytes() == before


def test_build_refuses_an_unknown_format(project):
    with pytest.raises(ValueError, match="docx"):
        booklet.build(project / "history.yml", formats=["docx"])


def test_check_returns_problems_without_writing(project):
    diagnostics = booklet.check(project / "history.yml")
    assert [(d.severity, d.location.path.name, d.location.line) for d in diagnostics] == [("warning", "gandhi.md", 9)]
    assert "raj.md" in diagnostics[0].message
    assert not (project / "build").exists()
    strict = booklet.check(project / "history.yml", strict=True)
    assert [d.severity for d in strict] == ["error"]


def test_check_of_a_missing_manifest_is_a_diagnostic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    diagnostic, = booklet.check()
    assert diagnostic.severity == "error" and "no booklet.yml" in diagnostic.message
