"""Images from outside the project: never fetched, never fatal; site-absolute paths found in the vault."""

from __future__ import annotations

from conftest import SCENARIOS, epub_files, epubcheck_messages, page_texts

NOTE = "tests/scenarios/outside/notes/images.md"


def test_placeholders_name_the_alt_text_and_host_and_the_build_goes_on(outside_build):
    page = " ".join(next(p for p in page_texts(outside_build["pdf"]) if "Images from elsewhere" in p
                         and "clipped" in p).split())
    assert "Image not included: Map of the Strait of Hormuz (images.example.net)" in page
    assert "Image not included: Rainfall graph (a website)" in page
    assert "The notes go on after the pictures." in page


def test_a_site_absolute_path_resolves_against_the_vault(outside_build):
    html = outside_build["html"].read_text()
    assert html.count("<img ") == 1 and 'alt="Trade chart"' in html and "data:image/png" in html
    epub = epub_files(outside_build["epub"])
    assert any(name.endswith("chart.png") for name in epub)
    assert epubcheck_messages(outside_build["epub"]) == []


def test_warnings_carry_path_and_line(run):
    result = run("check", SCENARIOS / "outside" / "outside.yml")
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if "images.md" in line]
    assert warnings[0].startswith(f"{NOTE}:9: warning: image 'https://images.example.net/maps/hormuz.png' is on "
                                  "the web and is not fetched")
    assert warnings[1].startswith(f"{NOTE}:17: warning: image '/img/user/Attachments/rainfall.png' is a path on "
                                  "a website")
    assert len(warnings) == 2
