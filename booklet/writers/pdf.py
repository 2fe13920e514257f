"""PDF writer: one HTML document through WeasyPrint, written atomically."""

from __future__ import annotations

import time
from pathlib import Path

from ..adapters import weasy
from ..adapters.weasy import FatalURLFetchingError
from ..atomic import replacing
from ..errors import BookletError
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section
from . import Output
from .pdf_setup import document_html, setup

weasy.install_actual_text()  # Devanagari copies and searches as written

__all__ = ["document_html", "write"]


def write(rendered: RenderedBooklet, sections: list[Section], layout: Layout, target: Path,
          extra_css: tuple[str, ...] = (), pdf_options: dict | None = None, engine=None) -> Output:
    """Through the engine (booklet/engine: chunks in parallel, cached) when given one that can; else in one pass."""
    if engine is not None and engine.can_write(pdf_options or {}):
        return engine.write_pdf(rendered, sections, layout, target, extra_css)
    start = time.perf_counter()
    try:
        prepared = setup(rendered, sections, layout, extra_css, pdf_options)
        document = prepared.render()
        with replacing(target) as temp:
            document.write_pdf(temp, **prepared.pdf_options)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BookletError(f"{cause} (nothing was written to {target.name})") from None
    return Output(target, len(document.pages), target.stat().st_size, time.perf_counter() - start)
