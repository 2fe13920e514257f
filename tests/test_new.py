"""`booklet new DIR`: a starter project that builds as it is, with every revision block and a brand-pack stub."""

from __future__ import annotations

import pytest

from conftest import epubcheck_messages, page_texts


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    """`booklet new` then a bare `booklet build` inside the new folder, as the message says."""
    from booklet.cli import main

    folder = tmp_path_factory.mktemp("new") / "upsc-notes"
    assert main(["new", str(folder)]) == 0
    cwd = __import__("os").getcwd()
    try:
        __import__("os").chdir(folder)
        assert main(["build", "--quiet", "--strict"]) == 0  # the starter builds without a warning
    finally:
        __import__("os").chdir(cwd)
    return folder


def test_new_writes_a_manifest_two_topics_and_a_brand_stub(starter):
    files = sorted(str(p.relative_to(starter)) for p in starter.rglob("*") if p.is_file() and "build" not in p.parts
                   and ".booklet-cache" not in p.parts)
    assert files == ["booklet.yml", "layouts/brands/institute/brand.yml", "notes/inflation.md", "notes/parliament.md"]


def test_the_starter_builds_with_every_block_and_the_brand(starter):
    text = "\n".join(page_texts(starter / "build" / "booklet.pdf"))
    for heading in ("Revision summary", "Key figures index", "Answer key", "Previous-year questions"):
        assert heading in text
    assert "Your Institute" in text                    # the brand-pack stub is used
    assert "Practice questions" in text and "See answer on p." in text
    assert "REMEMBER" in text and "CHECK THE FIGURES" in text  # callouts in both forms
    assert "Mains 2019" in text and "Prelims 2021" in text      # previous-year table


def test_the_starter_uses_every_block_type(starter):
    notes = "\n".join(p.read_text() for p in (starter / "notes").glob("*.md"))
    for block in ("!!! summary", "!!! figures", "!!! question", "!!! answer", "!!! mcq", "!!! tip",
                  "> [!mindmap]", "> [!figures]", "> [!question]", "> [!mcq|multiple]", "> [!warning]", "summary:"):
        assert block in notes


def test_the_starter_epub_is_valid(starter):
    assert epubcheck_messages(starter / "build" / "booklet.epub") == []


def test_new_refuses_a_folder_with_files(run, tmp_path):
    (tmp_path / "mine.md").write_text("# Mine\n")
    result = run("new", tmp_path)
    assert result.code == 2 and "not an empty folder" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.md"]


def test_new_into_an_empty_folder(run, tmp_path):
    result = run("new", tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "booklet.yml").is_file()
    assert "booklet build" in result.out
