"""The Python API: `build` and `check` a booklet from its manifest, as the command line does."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from . import loader, pipeline, press
from .atomic import Staging, locked
from .errors import BookletError, BuildFailed, Diagnostic, Reporter
from .model import Booklet
from .rendercache import RenderCache
from .writers import Output

DEFAULT_MANIFESTS = ("booklet.yml", "booklet.yaml")  # looked for in the current folder, as mkdocs finds mkdocs.yml
log = logging.getLogger("booklet")

if TYPE_CHECKING:   # the engine imports WeasyPrint: an EPUB or HTML build never loads it
    from . import engine


def build(manifest: str | os.PathLike | None = None, formats: Iterable[str] = ("pdf", "epub"),
          out: str | os.PathLike = "build", brand: str | None = None, *, strict: bool = False,
          settings: Mapping[str, str] | None = None, print: Mapping[str, Any] | None = None) -> list[Output]:
    """Build one booklet from its manifest into the folder `out`; return what was written.

    `manifest` defaults to `booklet.yml` in the current folder. `brand`, `settings` (values for
    templates, like `--set`) and `print` (keys as in the manifest's `print:`) override the
    manifest. Warnings go to the `booklet` logger; problems raise `BuildFailed`, whose
    `diagnostics` list every error, and leave earlier outputs untouched.

    >>> import booklet
    >>> for output in booklet.build("notes/polity.yml", formats=["pdf"], out="build"):
    ...     print(output.path, output.pages)
    build/polity.pdf 12
    """
    reporter = Reporter(strict=strict)
    formats = _formats(formats)
    overrides = press.Overrides(brand=brand, settings=dict(settings or {}), print=dict(print or {}))
    try:
        booklet = load(find_manifest(manifest), reporter, overrides)
        with locked([Path(out)]):
            outputs = write(booklet, formats, lambda fmt: Path(out) / f"{booklet.name}.{fmt}", reporter)
    except BookletError as exc:
        reporter.add(exc)
        raise BuildFailed(reporter.errors) from None
    finally:
        for diagnostic in reporter.warnings:
            log.warning("%s", diagnostic)
    return outputs


def check(manifest: str | os.PathLike | None = None, brand: str | None = None, *, strict: bool = False,
          settings: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Run every check a build runs, without rendering; return every problem found (empty when none).

    >>> [str(d) for d in booklet.check("notes/polity.yml")]
    ['notes/rights.md:12: warning: ...']
    """
    reporter = Reporter(strict=strict)
    overrides = press.Overrides(brand=brand, settings=dict(settings or {}))
    try:
        pipeline.prepare(load(find_manifest(manifest), reporter, overrides), reporter)
    except BuildFailed:
        pass  # the reporter holds the problems
    except BookletError as exc:
        reporter.add(exc)
    return list(reporter.diagnostics)


def find_manifest(manifest: str | os.PathLike | None = None) -> Path:
    """The manifest given, or the one a bare command means: booklet.yml in the current folder."""
    if manifest is not None:
        return Path(manifest)
    for name in DEFAULT_MANIFESTS:
        if Path(name).is_file():
            return Path(name)
    raise BookletError(f"no {DEFAULT_MANIFESTS[0]} in {Path.cwd()}; give a manifest or notes, "
                       "or start a project with `booklet new DIR`")


def load(manifest: Path, reporter: Reporter, overrides: press.Overrides | None = None) -> Booklet:
    """A manifest's booklet, configured with its brand pack and print settings."""
    booklet = loader.load_manifest(manifest, reporter)
    return press.configure(booklet, reporter, overrides)


def write(booklet: Booklet, formats: list[str], target, reporter: Reporter, progress=None,
          staging: Staging | None = None, pdf_engine: engine.Engine | None = None,
          cache: bool = True) -> list[Output]:
    """Render once and write each format to `target(fmt)`; a PDF is also imposed if the print settings ask.

    Every output is staged and renamed into place at the end: all of them, or, on any failure,
    none. With `staging` given, the caller commits (several booklets at once); the outputs
    returned name their final paths either way. PDFs go through `pdf_engine` (its worker pool
    serves every booklet that passes it), or through an engine made for this booklet alone.
    `cache`: Markdown conversions and the rendered booklet are kept in and taken from `.booklet-cache/`
    (as laid-out chunks are).
    """
    if pdf_engine is None and "pdf" in formats:
        from . import engine

        with engine.Engine() as own_engine:
            return write(booklet, formats, target, reporter, progress, staging, own_engine, cache)
    own = staging is None
    staging = staging if staging is not None else Staging()
    try:
        # An EPUB alone takes the rendered booklet a build of the same inputs kept (rendercache.py).
        kept = RenderCache(booklet.root, map(target, formats), taken=formats == ["epub"]) if cache else None
        prepared = pipeline.prepare(booklet, reporter, progress, cache=cache, kept=kept)
        outputs = []
        for fmt in formats:
            final = target(fmt)
            output = _staged(lambda path, fmt=fmt: pipeline.write(prepared, fmt, path, pdf_engine), staging, final)
            outputs.append(output)
            if fmt == "pdf" and prepared.rendered.booklet.options.printing.impose:
                from . import impose

                pdf, imposed = staging.pending[-1][0], impose.imposed_path(final)
                outputs.append(_staged(lambda path, pdf=pdf: impose.write_for(prepared.rendered.booklet, pdf, path,
                                                                              reporter),
                                       staging, imposed))
        if own:
            staging.commit()
        return outputs
    finally:
        if own:
            staging.discard()


def _staged(write_to, staging: Staging, final: Path) -> Output:
    """Write through `write_to(staged path)`; the output under its final name. I/O errors name the
    real file and operation: writing `final`, or reading an input."""
    path = staging.path(final)
    try:
        output = write_to(path)
    except OSError as exc:
        if exc.filename is None or Path(exc.filename).parent == path.parent:
            raise BookletError(f"cannot write {final}: {exc.strerror or exc}") from None
        raise BookletError(f"cannot read {exc.filename}: {exc.strerror or exc}") from None
    return replace(output, path=final)


def _formats(formats: Iterable[str]) -> list[str]:
    names = [formats] if isinstance(formats, str) else list(formats)
    unknown = [n for n in names if n not in pipeline.FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown format {unknown or names!r}; choose from {', '.join(pipeline.FORMATS)}")
    return names
