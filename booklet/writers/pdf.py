"""PDF writer: one HTML document through WeasyPrint, written atomically."""

from __future__ import annotations

import time
from pathlib import Path

from .. import bounded
from ..adapters import weasy
from ..adapters.weasy import FatalURLFetchingError
from ..atomic import replacing
from ..errors import BookletError, SourceLocation
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section
from . import Output
from .pdf_setup import document_html, setup

weasy.install_actual_text()  # Devanagari copies and searches as written

__all__ = ["document_html", "write"]


def write(rendered: RenderedBooklet, sections: list[Section], layout: Layout, target: Path,
          extra_css: tuple[str, ...] = (), pdf_options: dict | None = None, engine=None) -> Output:
    """Through the engine (booklet/engine: chunks in parallel, cached) when given one that can; else in one pass
    (no engine: the reference the engine's tests compare with; or a WeasyPrint the engine does not know)."""
    if engine is not None and engine.can_write(pdf_options or {}):
        return engine.write_pdf(rendered, sections, layout, target, extra_css, pdf_options)
    start = time.perf_counter()
    booklet = rendered.booklet
    where = SourceLocation(booklet.manifest, 1) if booklet.manifest is not None else None
    with replacing(target) as temp:
        # In a child process under the layout's time budget and memory cap, as the engine's workers.
        pages = bounded.run(_one_pass, rendered, sections, layout, temp, extra_css, pdf_options, target.name,
                            what=f"laying out '{booklet.meta.title}'", where=where, seconds=bounded.LAYOUT_SECONDS)
    return Output(target, pages, target.stat().st_size, time.perf_counter() - start)


def _one_pass(rendered: RenderedBooklet, sections: list[Section], layout: Layout, temp: Path,
              extra_css: tuple[str, ...], pdf_options: dict | None, name: str) -> int:
    """The whole booklet through WeasyPrint into `temp`: its page count."""
    try:
        prepared = setup(rendered, sections, layout, extra_css, pdf_options)
        document = prepared.render()
        document.write_pdf(temp, **prepared.pdf_options)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BookletError(f"{cause} (nothing was written to {name})") from None
    return len(document.pages)
