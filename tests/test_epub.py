"""The EPUB: valid (EPUBCheck 0 errors, 0 warnings), one document per topic, nav like the PDF outline."""

from __future__ import annotations

import re

from booklet.cli import main
from conftest import SCENARIOS, epub_files, epubcheck_messages, outline


def test_epubcheck_reports_nothing(basic_build):
    assert epubcheck_messages(basic_build["epub"]) == []


def test_one_document_per_topic(basic_build):
    files = epub_files(basic_build["epub"])
    for topic in ("preface", "alpha", "beta", "gamma", "glossary"):
        assert f"EPUB/{topic}.xhtml" in files, sorted(files)
    assert "Alpha opens with a footnote" in files["EPUB/alpha.xhtml"]
    assert "Alpha opens" not in files["EPUB/beta.xhtml"]


def _nav_tree(nav: str) -> list:
    """Nested titles from the nav document's <ol>s, read with a tiny stack parser."""
    from lxml import etree

    root = etree.fromstring(nav.encode())
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    toc = root.find(".//x:nav[@epub:type='toc']/x:ol", ns)

    def walk(ol):
        items = []
        for li in ol.findall("x:li", ns):
            label = li.find("x:a", ns)
            if label is None:
                label = li.find("x:span", ns)
            child = li.find("x:ol", ns)
            items.append(("".join(label.itertext()).strip(), walk(child) if child is not None else []))
        return items

    return walk(toc)


def test_nav_has_the_same_hierarchy_as_the_pdf_outline(basic_build):
    nav = _nav_tree(epub_files(basic_build["epub"])["EPUB/nav.xhtml"])

    def strip(tree):
        return [(title, strip(children)) for title, _, children in tree]

    pdf = [entry for entry in strip(outline(basic_build["pdf"])) if entry[0] != "Contents"]
    assert nav == pdf


def test_links_between_topics_name_the_right_file(basic_build):
    beta = epub_files(basic_build["epub"])["EPUB/beta.xhtml"]
    assert 'href="alpha.xhtml#alpha"' in beta
    assert 'href="alpha.xhtml#alpha--alpha-section-3"' in beta
    assert re.search(r'<img[^>]+src="images/notes/img/diagram.png"', beta)


def test_metadata_and_stable_identifier(basic_build, tmp_path):
    opf = epub_files(basic_build["epub"])["EPUB/content.opf"]
    assert "<dc:title>Test Booklet: Pipeline</dc:title>" in opf
    assert "<dc:language>en-IN</dc:language>" in opf
    identifier = re.search(r"<dc:identifier[^>]*>([^<]+)<", opf).group(1)
    assert identifier.startswith("urn:uuid:")
    assert main(["build", str(SCENARIOS / "basic" / "basic.yml"), "-f", "epub", "--out", str(tmp_path)]) == 0
    again = epub_files(tmp_path / "basic.epub")["EPUB/content.opf"]
    assert re.search(r"<dc:identifier[^>]*>([^<]+)<", again).group(1) == identifier


def test_an_epub_build_never_loads_weasyprint_and_is_valid(tmp_path):
    """EPUB and HTML builds leave out the PDF writer and engine, and the WeasyPrint they import."""
    import os
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "booklet", "build",
                             str(SCENARIOS / "basic" / "basic.yml"), "-f", "epub,html", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=600, env=os.environ)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "booklet.pipeline" in loaded and "ebooklib" in loaded          # the listing is real
    assert not {m for m in loaded if m.split(".")[0] == "weasyprint" or m.startswith(("booklet.engine", "booklet.writers.pdf"))}
    assert epubcheck_messages(tmp_path / "basic.epub") == []
