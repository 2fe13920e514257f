"""Reading source files safely: inside the project, UTF-8, and not absurdly large."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import BookletError, SourceLocation

# A revision note of 1 MiB is already some 150,000 words; anything bigger is a mistake
# (a PDF renamed .md, a log file) and would only make the build crawl.
MAX_SOURCE_BYTES = 1024 * 1024


def inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """True when `path` (symlinks resolved) lies under one of `roots`."""
    real = path.resolve()
    return any(real == root.resolve() or real.is_relative_to(root.resolve()) for root in roots)


def contained(path: Path, roots: tuple[Path, ...], where: SourceLocation | None, what: str,
              relative: str | None = None) -> Path:
    """`path` with symlinks followed, if it lies inside one of `roots`; else an error at `where`.

    The one containment rule: every file a build reads (manifest, topics, vault, layout, brand pack,
    fonts, images, stylesheets, templates) passes through here or `resolve_inside`.
    """
    if relative is not None and (Path(relative).is_absolute() or "://" in relative):
        raise BookletError(f"{what} must be a name or a path relative to the project, not an absolute "
                           "path or URL", where)
    real = path.resolve()
    if not inside(real, roots):
        lexical = Path(os.path.normpath(os.path.abspath(path)))
        via = " through a symbolic link" if any(lexical.is_relative_to(r) for r in roots) else ""
        raise BookletError(f"{what} leads outside the project{via}: builds read only files inside the "
                           "project and booklet's own layouts", where or SourceLocation(path, 1))
    return real


def resolve_inside(
    reference: str, base: Path, roots: tuple[Path, ...], where: SourceLocation
) -> Path:
    """Resolve a relative file reference, refusing URLs and paths that escape the project."""
    if "://" in reference or reference.startswith(("file:", "data:", "//")):
        raise BookletError(
            f"'{reference}' is not a local file: builds never use the network or absolute URLs",
            where,
        )
    if Path(reference).is_absolute():
        raise BookletError(f"'{reference}' is an absolute path; give it relative to {base.name or base}", where)
    path = (base / reference)
    if not inside(path, roots):
        raise BookletError(f"'{reference}' points outside the project", where)
    return path.resolve()


def read_text(path: Path, where: SourceLocation | None = None, limit: int = MAX_SOURCE_BYTES) -> str:
    """Read a UTF-8 text file, with clear errors for missing, huge or mis-encoded files."""
    if where is None or where.line is None:  # a whole-file problem is reported at its first line
        where = SourceLocation(where.path if where else path, 1)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise BookletError(f"file not found: {path}", where) from None
    except OSError as exc:
        raise BookletError(f"cannot read {path}: {exc.strerror}", where) from None
    if stat.S_ISDIR(info.st_mode):
        raise BookletError(f"{path} is a folder, not a file", where)
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block, /dev/zero never ends
        raise BookletError(f"{path} is not a regular file (a pipe, a device or a socket); give a file", where)
    size = info.st_size
    if size > limit:
        raise BookletError(
            f"{path.name} is {size / 1048576:.1f} MiB; source files are limited to {limit // 1048576} MiB",
            where,
        )
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)   # the file may have grown since stat()
    except OSError as exc:
        raise BookletError(f"cannot read {path}: {exc.strerror}", where) from None
    if len(data) > limit:
        raise BookletError(f"{path.name} is over {limit // 1048576} MiB; source files are limited to that", where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BookletError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            SourceLocation(path, line),
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
