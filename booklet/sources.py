"""Reading source files safely: inside the project, UTF-8, and not absurdly large."""

from __future__ import annotations

from pathlib import Path

from .errors import BookletError, SourceLocation

# A revision note of 1 MiB is already some 150,000 words; anything bigger is a mistake
# (a PDF renamed .md, a log file) and would only make the build crawl.
MAX_SOURCE_BYTES = 1024 * 1024


def inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """True when `path` (symlinks resolved) lies under one of `roots`."""
    real = path.resolve()
    return any(real == root.resolve() or real.is_relative_to(root.resolve()) for root in roots)


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
    where = where or SourceLocation(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BookletError(f"file not found: {path}", where) from None
    except OSError as exc:
        raise BookletError(f"cannot read {path}: {exc.strerror}", where) from None
    if path.is_dir():
        raise BookletError(f"{path} is a folder, not a file", where)
    if size > limit:
        raise BookletError(
            f"{path.name} is {size / 1048576:.1f} MiB; source files are limited to {limit // 1048576} MiB",
            where,
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BookletError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            SourceLocation(path, line),
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
