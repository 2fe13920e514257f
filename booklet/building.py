"""`booklet build` past the build record: every booklet written in every format, and what is printed.

The command line imports this module only when a build has to run (booklet/record.py answers a
build with nothing changed without it); the PDF engine, which loads WeasyPrint, only when a PDF
is asked for.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path

from . import api
from .atomic import Staging, locked
from .errors import Reporter
from .layout import BUILTIN
from .model import Booklet
from .writers import Output


def write_all(args, booklets: list[Booklet], formats: list[str], reporter: Reporter) -> list[tuple[Output, bool]]:
    """Every booklet in every format, staged and renamed into place together: [(output, is imposed)]."""
    console = args.console
    folders = {target(args, booklet, fmt).parent for booklet in booklets for fmt in formats}
    staging = args.staging = Staging()   # every booklet's outputs, renamed into place together at the end
    written = []
    pdf_engine = _engine(args) if "pdf" in formats else None   # one pool for every booklet
    with _frozen(), locked(folders), pdf_engine or nullcontext():
        try:
            for booklet in booklets:
                console.info(_described(booklet))
                progress = _progress if console.progress_shown and len(booklet.topics()) > 1 else None
                outputs = api.write(booklet, formats, lambda fmt, booklet=booklet: target(args, booklet, fmt), reporter,
                                    progress, staging, pdf_engine, cache=not args.no_cache)
                _clear_progress(progress)
                imposed = _imposed_target(args, booklet) if "pdf" in formats else None
                written += [(output, output.path == imposed) for output in outputs]
            reporter.check()
            staging.commit()
        finally:
            staging.discard()
    return written


@contextmanager
def _frozen():
    """What is loaded by now (modules, the booklets) left out of garbage collection for the build.

    It lives as long as the build: a full collection need not walk it again (the sample's cold
    build spent ~0.1 s of CPU more in them without this), and the processes forked from here (the
    engine's workers, the Markdown children) keep those pages shared, since a collection writes
    to every object it walks. Unfrozen after, for a process that goes on (the tests)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def roots(booklets: list[Booklet]) -> list[Path]:
    """Where these booklets' builds may read from: the containment rule's roots (`layout.roots`)."""
    return sorted({booklet.root.resolve() for booklet in booklets} | {BUILTIN})


def summary(output: Output, imposed: bool, unchanged: bool = False) -> str:
    return _imposed_summary(output) if imposed else _summary(output, unchanged)


def _engine(args):
    """The PDF engine for a command that writes PDFs (imported only then: it loads WeasyPrint)."""
    from . import engine

    console = args.console
    shown = None if console.quiet or console.json else engine.Live() if console.progress_shown else engine.Lines()
    return engine.Engine(args.jobs, cache=not args.no_cache, progress=shown)


def _imposed_target(args, booklet: Booklet) -> Path:
    from . import impose

    return impose.imposed_path(target(args, booklet, "pdf"))


def target(args, booklet: Booklet, fmt: str) -> Path:
    if args.output:
        return args.output.with_suffix(f".{fmt}")
    return args.out / f"{booklet.name}.{fmt}"


def _summary(output, unchanged: bool = False) -> str:
    pages = f"{output.pages} pages, " if output.pages is not None else ""
    return f"{output.path}: {pages}{output.size / 1024:.0f} KiB, {'unchanged' if unchanged else f'{output.seconds:.1f} s'}"


def _imposed_summary(output) -> str:
    from pypdf import PdfReader

    from . import impose

    box = PdfReader(output.path).pages[0].mediabox
    sheets = f"{output.pages // 2} sheets of {impose.sheet_name(float(box.width), float(box.height))}"
    return f"{output.path}: {sheets}, print duplex flipping on the short edge, {output.size / 1024:.0f} KiB"


def _progress(index: int, total: int, topic) -> None:
    print(f"\r\033[K  [{index}/{total}] {topic.title[:60]}", end="", file=sys.stderr, flush=True)


def _clear_progress(progress) -> None:
    if progress:
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _described(booklet: Booklet) -> str:
    options = booklet.options
    count = len(booklet.topics())
    return (f"{booklet.label}: {count} topic{'s' if count != 1 else ''}, language {booklet.meta.language}, "
            f"brand {options.brand or 'default'}, layout {options.layout}, "
            f"pages {options.printing.page_size.describe()}")
