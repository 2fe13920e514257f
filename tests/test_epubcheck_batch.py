"""The suite's EPUBCheck runs in one JVM per test session (or per test process): it must still report every problem."""

from __future__ import annotations

import zipfile

from conftest import epubcheck_messages


def _broken_epub(path, title_tag="dc:title"):
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml",
                      '<?xml version="1.0"?><container version="1.0" '
                      'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                      '<rootfile full-path="book.opf" media-type="application/oebps-package+xml"/>'
                      "</rootfiles></container>")
        book.writestr("book.opf", f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                                  f'version="3.0"><metadata><{title_tag}>x</{title_tag}></metadata></package>')
    return path


def test_problems_are_reported_book_after_book_in_the_same_jvm(tmp_path):
    first = epubcheck_messages(_broken_epub(tmp_path / "one.epub"))
    assert any(line.startswith(("ERROR", "FATAL")) for line in first), first
    again = epubcheck_messages(_broken_epub(tmp_path / "two.epub", title_tag="title"))
    assert again and again != first  # a different book, its own report, not the last one's
    assert epubcheck_messages(tmp_path / "one.epub") == first
