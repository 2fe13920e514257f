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


def test_attached_files_are_dated_through_their_pydyf_params():
    # WeasyPrint stamps each attached file with the time it embeds it; press.Reproducible replaces it.
    seen = []
    html = '<link rel="attachment" href="data:text/plain,notes">'
    weasyprint.HTML(string=html).write_pdf(finisher=lambda document, pdf: seen.append(pdf))
    pdfobjects.set_attachment_dates(seen[0], "D:20260201000000Z")
    files = [o for o in seen[0].objects if isinstance(o, pydyf.Stream) and o.extra.get("Type") == "/EmbeddedFile"]
    assert len(files) == 1, "WeasyPrint no longer embeds attachments as /EmbeddedFile streams"
    params = files[0].extra["Params"]
    assert params["CreationDate"].data == params["ModDate"].data == b"(D:20260201000000Z)"


def test_weasyprint_says_which_pdf_standards_are_tagged():
    assert weasy.tagged("pdf/ua-1") and not weasy.tagged("pdf/a-3b") and not weasy.tagged("")
    from weasyprint.pdf import VARIANTS

    assert {"pdf/a-2b", "pdf/a-3b", "pdf/x-1a", "pdf/x-4", "pdf/ua-1"} <= set(VARIANTS)


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


def test_weasyprint_layout_steps_the_pdf_engine_takes_apart_are_still_there():
    """booklet/engine/weasy.py runs WeasyPrint 70's layout_document in steps; these are its seams."""
    expected = {
        weasy.make_all_pages: ["context", "root_box", "html", "pages"],
        weasy.initialize_page_maker: ["context", "root_box"],
        weasy.make_margin_boxes: ["context", "page", "state"],
        weasy.layout_fixed_boxes: ["context", "pages", "containing_page"],
        weasy.layout_backgrounds: ["page", "get_image_from_uri"],
        weasy.build_formatting_structure: ["element_tree", "style_for", "get_image_from_uri", "base_url",
                                           "target_collector", "counter_style", "footnotes"],
        weasy.Document._build_layout_context: ["html", "font_config", "counter_style", "color_profiles", "options"],
        weasy.pdf_fonts.Font.clean: ["self", "to_unicode", "hinting"],
        weasy.targets.TargetCollector.lookup_target: ["self", "anchor_token", "source_box", "css_token",
                                                      "parse_again"],
    }
    for function, names in expected.items():
        got = [name for name in inspect.signature(function).parameters if name != "cls"]
        assert got[:len(names)] == names, f"{function.__qualname__} now takes {got}"
    item = weasy.targets.TargetLookupItem("up-to-date")
    assert {"state", "target_box", "cached_page_counter_values"} <= set(vars(item))
    assert weasyprint.__version__.split(".")[0] == weasy.LAYOUT_VERSION


def test_a_chunk_laid_out_with_a_guessed_page_number_prints_the_one_stamped_in_before_drawing():
    """The engine's page references across chunks: laid out with a guess, re-made with the final
    number (WeasyPrint's re-making of a page whose content changed), then drawn."""
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint.text.fonts import FontConfiguration

    from booklet.engine.weasy import Binding, Open

    css = weasyprint.CSS(string="@page { size: A6 } a::after { content: ' (p. ' target-counter(attr(href url), page) ')' }"
                                " .filler { break-before: page }")
    html = weasyprint.HTML(string='<p><a href="#elsewhere">See the table</a></p><p class="filler">More</p>')
    opened = Open(html, [css], FontConfiguration(), {"elsewhere": 7}, 0)
    laid = opened.laid()
    assert len(laid.blanks) == 2 and laid.asked == ["elsewhere"]
    rendered = opened.close(Binding(0, 1, numbers={"elsewhere": 42}))
    out = BytesIO()
    rendered.document.write_pdf(out)
    first = PdfReader(out).pages[0].extract_text()
    assert "See the table (p. 42)" in first, first
    assert rendered.asked == {"elsewhere": 42}
