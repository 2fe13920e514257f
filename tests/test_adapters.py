"""The library adapters against the installed libraries: an upgrade that breaks one fails here."""

from __future__ import annotations

import inspect

import pydyf
import pytest
import weasyprint
from ebooklib import epub
from weasyprint.urls import URLFetcher

from booklet.adapters import ebook, pdfobjects, weasy
from booklet.fetcher import OfflineFetcher


def test_weasyprint_fetcher_takes_the_arguments_the_adapter_gives(tmp_path):
    parameters = inspect.signature(URLFetcher.__init__).parameters
    for name in ("timeout", "allowed_protocols", "allow_redirects", "fail_on_errors"):
        assert name in parameters, f"WeasyPrint's URLFetcher no longer takes {name}="
    assert list(inspect.signature(URLFetcher.fetch).parameters)[:3] == ["self", "url", "headers"]
    inside = tmp_path / "inside.css"
    inside.write_text("p { color: red }")
    fetcher = OfflineFetcher((tmp_path,))
    assert isinstance(fetcher, URLFetcher)
    response = fetcher.fetch(inside.as_uri())  # a file in the project is read
    assert b"color: red" in response.read()
    response.close()
    with pytest.raises(weasy.FatalURLFetchingError, match="outside the project"):
        fetcher.fetch((tmp_path.parent / "elsewhere.css").as_uri())
    with pytest.raises(weasy.FatalURLFetchingError, match="never use the network"):
        fetcher.fetch("https://example.org/x.css")


def test_weasyprint_pages_expose_their_laid_out_box():
    document = weasyprint.HTML(string="<p>Box</p>").render()
    box = weasy.page_box(document.pages[0])
    assert box.width > 0 and box.children, "WeasyPrint's pages no longer keep their page box"


def test_pydyf_objects_are_reachable_and_rewritable():
    pdf = pydyf.PDF()
    pdf.info["CreationDate"] = pydyf.String("D:20000101000000")
    stream = pydyf.Stream([b"<x:xmpmeta>old</x:xmpmeta>"], extra={"Type": "/Metadata"})
    other = pydyf.Stream([b"q Q"])
    pdf.add_object(stream)
    pdf.add_object(other)
    pdfobjects.set_info_dates(pdf, "D:20260201000000+00'00")
    assert "20260201" in str(pdf.info["CreationDate"].data) and "ModDate" not in pdf.info
    found = list(pdfobjects.metadata_streams(pdf))
    assert found == [stream], "pydyf's PDF.objects or Stream.extra changed"
    pdfobjects.rewrite_stream(stream, lambda data: data.replace(b"old", b"new"))
    assert stream.stream == [b"<x:xmpmeta>new</x:xmpmeta>"]


def test_a_pdf_finisher_still_receives_pydyf_objects():
    seen = []
    weasyprint.HTML(string="<p>x</p>").write_pdf(finisher=lambda document, pdf: seen.append(pdf))
    assert isinstance(seen[0], pydyf.PDF) and isinstance(seen[0].objects, list)


def test_ebooklib_pages_pass_their_written_content_through_the_adjustment():
    assert "default" in inspect.signature(epub.EpubHtml.get_content).parameters

    class Loud(ebook.AdjustedPage):
        adjust = staticmethod(lambda content: content.replace(b"quiet", b"LOUD"))

    page = Loud(title="T", file_name="t.xhtml", content="<html><body><p>quiet</p></body></html>")
    page.book = epub.EpubBook()
    assert b"LOUD" in page.get_content()


def test_weasyprint_draws_text_through_the_name_the_actual_text_wrapper_replaces():
    import weasyprint.draw
    import weasyprint.draw.text

    assert list(inspect.signature(weasyprint.draw.text.draw_text).parameters)[:2] == ["stream", "textbox"]
    assert hasattr(pydyf.Stream, "begin_marked_content") and hasattr(pydyf.Stream, "end_marked_content")
    source = inspect.getsource(weasyprint.draw)
    assert "draw_text(" in source, "WeasyPrint no longer calls draw_text from weasyprint.draw"
    weasy.install_actual_text()
    assert weasyprint.draw.draw_text is weasy._draw_text_with_actual_text
