"""The PDF engine: the booklet laid out in chunks, in parallel worker processes, joined into one PDF.

See docs/architecture.md ("The PDF engine") for how chunks are cut, placed and joined.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from .. import native  # noqa: F401  (before WeasyPrint, in the parent and in every worker)
from ..atomic import replacing
from ..printing import VARIANTS
from ..errors import BookletError, SourceLocation
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section
from ..writers import Output
from . import weasy
from .cache import Cache, chunk_key, setup_key
from .chunks import cut
from .join import join
from .pool import Pool, WorkerDied, release
from .progress import Lines as Lines, Live as Live, Progress  # Lines and Live: for the CLI
from .schedule import NoFixpoint, Plan, run
from .worker import Setup


_PAGES = re.compile(r"counter\(\s*pages\b")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Engine:
    """Lays out PDFs in `jobs` processes; one pool serves every booklet of a command."""

    def __init__(self, jobs: int | None = None, cache: bool = True, progress: Progress | None = None):
        self.jobs = max(1, jobs or default_jobs())
        self.cache = cache
        self.progress = progress or Progress()
        self._pool: Pool | None = None
        self.layouts = 0          # chunk layouts run, over every booklet (tests count them)
        self.hits = 0             # chunks taken from .booklet-cache/
        self.chunks = 0           # chunks in the booklets written
        self._font_files: dict[str, bytes] = {}   # full font files met so far, by hash

    def __enter__(self) -> "Engine":
        # The workers fork now, before any booklet is rendered: they start with WeasyPrint imported
        # and share none of the parent's rendered booklets (which their memory would count).
        if self._pool is None:
            self._pool = Pool(self.jobs)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def can_write(self, pdf_options: dict) -> bool:
        """Any PDF booklet offers (plain, or a standard of printing.VARIANTS), with the WeasyPrint
        whose layout steps the engine knows."""
        return weasy.supported() and pdf_options.get("pdf_variant", "") in ("", *VARIANTS)

    def write_pdf(self, rendered: RenderedBooklet, sections: list[Section], layout: Layout, target: Path,
                  extra_css: tuple[str, ...] = (), pdf_options: dict | None = None) -> Output:
        start = time.perf_counter()
        options = pdf_options or {}
        setup = Setup(rendered.booklet.root, tuple(layout.folders), layout.find("print.css"), tuple(extra_css),
                      tuple(layout.allowed), options.get("pdf_variant", ""), options.get("finisher"))
        css = (setup.print_css.read_text(encoding="utf-8"), *extra_css)
        chunks = cut(rendered, sections, layout, css)
        release()   # the cut's HTML trees: this process holds the build's plan while the workers lay out
        cache = Cache(setup.root) if self.cache else None
        shared = setup_key(css, setup.folders, repr(setup.pdf_options()))
        keys = [chunk_key(shared, chunk.html, setup.root) for chunk in chunks]
        plan = Plan(chunks, setup, keys, cache)
        plan.counts_pages = any(_PAGES.search(text) for text in css)
        plan.progress = lambda index, cached: self.progress.step(chunks[index].title, cached)
        self.progress.phase(f"{rendered.booklet.label}: layout", len(chunks))
        if cache is not None:
            plan.guesses.update(cache.guesses(rendered.booklet.name))
        try:
            results = run(plan, self._runner(plan), self.progress.round)
        except WorkerDied as exc:   # `target` is a staged temporary file: name the chunk and its source
            self.close()   # a worker is dead or stopped: a later booklet gets a fresh pool
            raise BookletError(str(exc), chunks[exc.index].where) from None
        except NoFixpoint as exc:   # no one topic to blame: the booklet's page references never settle
            manifest = rendered.booklet.manifest
            raise BookletError(f"cannot lay out the booklet: {exc}",
                               SourceLocation(manifest, 1) if manifest is not None else None) from None
        finally:
            self.layouts += plan.laid_out
            self.hits += cache.hits if cache else 0
            self.chunks += len(chunks)
        from_cache = cache.hits if cache else 0
        self.progress.done(f"{len(chunks)} chunks, {from_cache} from the cache, {plan.laid_out} layouts "
                           f"in {min(self.jobs, len(chunks))} process{'es' if self.jobs > 1 else ''}")
        self.progress.phase(f"{rendered.booklet.label}: join", 1)
        self._font_files.update(plan.font_files)
        if cache is not None:
            # A worker sends a font file once per pool: the cache of every booklet keeps its own.
            for sha in sorted({font["file"] for result in results for font in result.fonts.values()}):
                if sha in self._font_files:
                    cache.keep_font(sha, self._font_files[sha])

        def font_file(sha: str) -> bytes | None:
            return self._font_files.get(sha) or (cache.font_file(sha) if cache else None)

        def subset(key: str, make) -> bytes:
            return cache.subset(key, make) if cache else make()

        with replacing(target) as temp:
            pages = join(results, temp, font_file, subset, options.get("pdf_identifier"), setup.variant)
        self.progress.done(f"{pages} pages")
        if cache is not None:
            cache.keep_guesses(rendered.booklet.name, {**plan.anchors(),
                                                       **{f"#chunk-{r.index}": r.start for r in results}})
        return Output(target, pages, target.stat().st_size, time.perf_counter() - start)

    def _runner(self, plan: Plan):
        # Always in worker processes, even one: there a layout runs under the memory cap and the
        # time budget (booklet/bounded.py); in this process a runaway layout would hang or crash the build.
        if self._pool is None:
            self._pool = Pool(self.jobs)
        pool = self._pool
        return lambda indexes: pool.lay_out(plan, indexes)
