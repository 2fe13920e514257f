"""The one WeasyPrint render setup: document HTML, stylesheets, fetcher, fonts, hints and PDF options.

The PDF writer, `make bench` and the tests that look at WeasyPrint's layout all start here, so
what a test checks is what a real build prints (brand CSS, print CSS and presentational hints
included).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import native  # noqa: F401, I001  (before WeasyPrint: loads its libraries without helper processes)
import weasyprint
from lxml import html as lxml_html
from weasyprint.text.fonts import FontConfiguration

from ..fetcher import OfflineFetcher
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section, common_context, contents
from .print_html import adjust


@dataclass
class PdfSetup:
    """Everything WeasyPrint is given for one booklet."""

    html: weasyprint.HTML
    stylesheets: list[weasyprint.CSS]
    fonts: FontConfiguration
    fetcher: OfflineFetcher
    source: str                      # the HTML text `html` was made from
    pdf_options: dict = field(default_factory=dict)
    # Presentational hints: an image's width="300" (Obsidian's ![[image.png|300]]) sizes it.
    presentational_hints: bool = True

    def render(self) -> weasyprint.document.Document:
        return self.html.render(stylesheets=self.stylesheets, font_config=self.fonts,
                                presentational_hints=self.presentational_hints)


def setup(rendered: RenderedBooklet, sections: list[Section], layout: Layout, extra_css: tuple[str, ...] = (),
          pdf_options: dict | None = None, html: str | None = None) -> PdfSetup:
    """WeasyPrint's inputs for the booklet: `extra_css` is the generated brand and print CSS that
    `pipeline.prepare` computed; `html` replaces the booklet's document (a test's own page)."""
    root = rendered.booklet.root
    fetcher = OfflineFetcher((root, *layout.folders))
    fonts = FontConfiguration()
    text = html if html is not None else document_html(rendered, sections, layout)
    document = weasyprint.HTML(string=text, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return PdfSetup(document, stylesheets(layout, fetcher, fonts, extra_css), fonts, fetcher, text,
                    dict(pdf_options or {}))


def document_html(rendered: RenderedBooklet, sections: list[Section], layout: Layout) -> str:
    """The whole booklet as one print HTML document."""
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
