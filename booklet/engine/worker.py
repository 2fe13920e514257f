"""One chunk laid out and drawn, in whichever process runs it: the worker's side of the engine."""

from __future__ import annotations

import io
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from ..adapters.weasy import install_actual_text, tagged
from ..fetcher import OfflineFetcher
from ..layout import Layout
from ..writers.pdf_setup import stylesheets
from . import fonts, stamps, weasy

fonts.keep_full_files()
# Workers fork before the PDF writer is imported (which installs it in the parent): without this,
# the engine's Devanagari lines have no /ActualText and copy as "व य" for "विषय".
install_actual_text()


PAGES = stamps.TOTAL  # counter(pages): kept with the page numbers a chunk printed, as if an anchor's


@dataclass(frozen=True)
class Setup:
    """What every chunk of one booklet shares: where files may come from, the stylesheets."""

    root: Path
    folders: tuple[Path, ...]
    print_css: Path
    extra_css: tuple[str, ...]
    allowed: tuple[Path, ...] = ()   # where layout files may come from (Layout.allowed)
    # A PDF standard (pdf/a-3b…): every chunk is written to it, and the join keeps what it puts in
    # the catalog (engine/standards.py). `finisher` is press.Reproducible: the dates and id.
    variant: str = ""
    finisher: Any = None

    def pdf_options(self) -> dict:
        options = {"finisher": self.finisher} if self.finisher is not None else {}
        return {**options, "pdf_variant": self.variant} if self.variant else options


@dataclass(frozen=True)
class Job:
    setup: Setup
    index: int
    html: str
    known: dict[str, int]        # other chunks' anchors and their page numbers, as far as known
    folio_base: int              # the page counter before the chunk's first laid-out page
    dummies: int                 # dummy pages before the chunk (0, 1 or 2)
    probe: bool = False          # ask the parent first: a cached layout may do


@dataclass
class PageInfo:
    width: float
    height: float
    anchors: dict[str, tuple[float, float]]
    links: list[tuple[str, tuple[float, float, float, float]]]       # internal links: target, rectangle
    bookmarks: list[tuple[int, str, tuple[float, float], str]]


@dataclass
class Result:
    index: int
    start: int                   # page number of the chunk's first page in the booklet
    pdf: bytes
    pages: list[PageInfo]
    asked: dict[str, int | None]
    assigned: dict[str, str]     # running strings the chunk sets (last value of each)
    folio_base: int
    dummies: int
    strings: dict[str, str] = field(default_factory=dict)
    fonts: dict[str, dict] = field(default_factory=dict)          # by PDF name: glyphs used (fonts.record)
    font_files: dict[str, bytes] = field(default_factory=dict)    # full font files by hash (not cached here)
    layouts: int = 1             # layouts it took in its worker (not cached): 2 when laid out again
    # The page numbers it prints, to be changed in place (engine/stamps.py); None: it cannot be.
    stamps: list[dict] | None = None
    edits: dict[int, str] = field(default_factory=dict)   # stamps to change in the join: new texts (not cached)


class _Shared:
    """Per process: fonts and parsed stylesheets are made once and reused by every chunk."""

    def __init__(self, setup: Setup):
        self.fetcher = OfflineFetcher((setup.root, *setup.folders))
        self.fonts = FontConfiguration()
        # The same stylesheets as the one-pass writer's (writers/pdf_setup.py).
        self.sheets = stylesheets(Layout(list(setup.folders), setup.allowed), self.fetcher, self.fonts, setup.extra_css)


_shared: dict[Setup, _Shared] = {}


def shared(setup: Setup) -> _Shared:
    if setup not in _shared:
        _shared.clear()   # one booklet at a time per process keeps memory to one set of fonts
        _shared[setup] = _Shared(setup)
    return _shared[setup]


def begin(job: Job) -> weasy.Open:
    """Lay one chunk out into pages; margins and drawing wait for `finish`."""
    own = shared(job.setup)
    html = weasyprint.HTML(string=job.html, base_url=job.setup.root.as_uri() + "/", url_fetcher=own.fetcher)
    with _quiet():
        return weasy.Open(html, own.sheets, own.fonts, job.known, job.folio_base)


def finish(job: Job, opened: weasy.Open, binding: weasy.Binding) -> Result:
    """The chunk placed where `binding` says, its page numbers stamped in, drawn."""
    with _quiet():
        try:
            rendered = opened.close(binding)
        except weasy.Moved as moved:
            job = replace(job, known={**job.known, **binding.numbers}, folio_base=moved.folio_base)
            rendered = begin(job).close(binding)
        document = rendered.document
        pages = [_info(page, tagged(job.setup.variant)) for page in document.pages]
        if job.index:   # the booklet's own attachments (<link rel=attachment>): the first chunk embeds them
            document.metadata.attachments = []
        found = None if job.setup.variant else stamps.find(
            document.pages, binding.first_folio, rendered.asked, binding.total or len(document.pages))
        target = io.BytesIO()
        document.write_pdf(target, **job.setup.pdf_options())
        by_hash = {font.hash: font for font in document.fonts.values()}
        marks = found[0] if found is not None and stamps.check(*found, by_hash) else None
    used, files = fonts.record(rendered.document)
    asked = {**rendered.asked, PAGES: binding.total} if binding.total else rendered.asked
    return Result(job.index, binding.first_folio, target.getvalue(), pages, asked,
                  rendered.assigned, job.folio_base, job.dummies, dict(binding.strings), used, files, stamps=marks)


@contextmanager
def _quiet():
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)   # anchors in other chunks are "missing" here, by design
    try:
        yield
    finally:
        logger.setLevel(level)


def _info(page, tagged: bool = False) -> PageInfo:
    """Take what the joiner rebuilds booklet-wide (internal links, anchors, bookmarks) off the page.

    In a tagged PDF each link annotation belongs to the tag tree, so WeasyPrint draws the internal
    links itself: every target it links to gets a stand-in anchor here (most are in other chunks),
    and the join writes the real destinations."""
    anchors = {name: (x, y) for name, (x, y, _, _) in page.anchors.items()}
    links = [(target, tuple(rect)) for kind, target, rect, _ in page.links if kind == "internal"]
    bookmarks = [(level, label, tuple(xy), state) for level, label, xy, state in page.bookmarks]
    info = PageInfo(page.width, page.height, anchors, links, bookmarks)
    if tagged:
        page.anchors = {target: (0, 0, 0, 0) for target, _ in links}
    else:
        page.links = [link for link in page.links if link[0] != "internal"]
        page.anchors = {}
    page.bookmarks = []
    return info
