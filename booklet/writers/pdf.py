"""PDF writer: one HTML document through WeasyPrint, written atomically."""

from __future__ import annotations

import time
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from lxml import html as lxml_html
from weasyprint.urls import FatalURLFetchingError

from ..atomic import replacing
from ..errors import BookletError, SourceLocation
from ..fetcher import OfflineFetcher
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section, common_context, contents
from . import Output
from .print_html import adjust


def document_html(rendered: RenderedBooklet, sections: list[Section], layout: Layout) -> str:
    """The whole booklet as one print HTML document (also what `make bench` renders)."""
    html = layout.render("booklet.html", sections=sections, contents=contents(sections),
                         stylesheets=[], **common_context(rendered))
    tree = lxml_html.document_fromstring(html)
    adjust(tree)
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def stylesheets(layout: Layout, fetcher: OfflineFetcher, fonts: FontConfiguration,
                extra: tuple[str, ...] = ()) -> list[weasyprint.CSS]:
    """The layout's print.css, then generated CSS (brand colours…); @font-face needs `fonts`."""
    sheets = [weasyprint.CSS(filename=layout.find("print.css"), url_fetcher=fetcher, font_config=fonts)]
    sheets += [weasyprint.CSS(string=css, base_url=layout.folders[0].as_uri() + "/", url_fetcher=fetcher,
                              font_config=fonts) for css in extra]
    return sheets


def write(rendered: RenderedBooklet, sections: list[Section], layout: Layout, target: Path,
          extra_css: tuple[str, ...] = (), pdf_options: dict | None = None, engine=None) -> Output:
    """Through the engine (booklet/engine: chunks in parallel, cached) when given one that can; else in one pass."""
    if engine is not None and engine.can_write(pdf_options or {}):
        return engine.write_pdf(rendered, sections, layout, target, extra_css)
    start = time.perf_counter()
    root = rendered.booklet.root
    fetcher = OfflineFetcher((root, *layout.folders))
    html = document_html(rendered, sections, layout)
    try:
        fonts = FontConfiguration()
        # Presentational hints: an image's width="300" (Obsidian's ![[image.png|300]]) sizes it.
        document = weasyprint.HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=stylesheets(layout, fetcher, fonts, extra_css), font_config=fonts,
            presentational_hints=True)
        with replacing(target) as temp:
            document.write_pdf(temp, **(pdf_options or {}))
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BookletError(str(cause), SourceLocation(target)) from None
    return Output(target, len(document.pages), target.stat().st_size, time.perf_counter() - start)
