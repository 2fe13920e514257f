"""`.booklet-cache/`: laid-out chunks kept between builds, keyed by everything their layout read.

A chunk's key hashes its HTML (the topic's text as rendered), the stylesheets (layout, brand,
print settings), the files of the layout folders (fonts), the images the chunk shows, a hash of
booklet's own code (`record.code_digest`: a change to booklet invalidates the cache, released or
not) and WeasyPrint's version. Under one key, entries differ by where the chunk landed
(its first page, the running strings it opened with) and the page numbers it printed for other
chunks' anchors; the engine takes an entry only when all of those still hold. Entries are JSON
beside the drawn PDF: nothing in the cache is code.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

import weasyprint

from ..atomic import replacing
from ..record import code_digest
from .worker import PageInfo, Result

FOLDER = ".booklet-cache"
KEEP = 4                  # entries kept per chunk (several page offsets of one text)
_SRC = re.compile(r'\ssrc="([^"]+)"')


def setup_key(css: tuple[str, ...], folders: tuple[Path, ...], pdf: str = "") -> str:
    """`pdf`: the PDF options chunks are written with (a standard, its reproducible dates and id)."""
    digest = hashlib.sha256(f"booklet {code_digest()} weasyprint {weasyprint.__version__} {pdf}".encode())
    for text in css:
        digest.update(hashlib.sha256(text.encode()).digest())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def chunk_key(setup: str, html: str, root: Path) -> str:
    digest = hashlib.sha256(setup.encode())
    digest.update(html.encode())
    for src in sorted(set(_SRC.findall(html))):
        parts = urlsplit(src)
        path = Path(unquote(parts.path)) if parts.scheme == "file" else root / unquote(parts.path)
        if parts.scheme in ("", "file") and path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Cache:
    def __init__(self, root: Path):
        self.folder = root / FOLDER
        self.hits = 0

    def entries(self, key: str) -> list[Path]:
        folder = self.folder / "chunks" / key[:2] / key
        if not folder.is_dir():
            return []
        return sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)

    def find(self, key: str, strings: dict[str, str], fits: Callable[[Result], object]) -> Result | None:
        """An entry laid out after running strings `strings` that `fits` where the chunk lands (the
        schedule decides: the same start and page numbers, or numbers it can change in place)."""
        for path in self.entries(key):
            try:
                meta = json.loads(path.read_text(encoding="utf-8"))
                if meta["strings"] != strings:
                    continue
                result = _result(meta, path.with_suffix(".pdf").read_bytes())
                if not fits(result):
                    continue
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                continue     # a damaged or older entry is a miss, never an error
            self.hits += 1
            return result
        return None

    def font_file(self, sha: str) -> bytes | None:
        try:
            data = (self.folder / "fonts" / sha).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha else None

    def subset(self, key: str, make) -> bytes:
        """A font subset made once: by font file and glyph set."""
        path = self.folder / "subsets" / key
        try:
            return path.read_bytes()
        except OSError:
            data = make()
        self._write(path, data)
        return data

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _ignore(self.folder)
            with replacing(path) as temp:
                temp.write_bytes(data)
        except OSError:
            pass

    def keep_font(self, sha: str, data: bytes) -> None:
        if not (self.folder / "fonts" / sha).is_file():
            self._write(self.folder / "fonts" / sha, data)

    def put(self, key: str, result: Result) -> None:
        for sha, data in result.font_files.items():
            self.keep_font(sha, data)
        meta = _meta(result)
        name = hashlib.sha256(json.dumps(meta, sort_keys=True).encode()).hexdigest()[:16]
        folder = self.folder / "chunks" / key[:2] / key
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _ignore(self.folder)
            with replacing(folder / f"{name}.pdf") as temp:
                temp.write_bytes(result.pdf)
            with replacing(folder / f"{name}.json") as temp:
                temp.write_text(json.dumps(meta), encoding="utf-8")
            for old in self.entries(key)[KEEP:]:
                old.unlink(missing_ok=True)
                old.with_suffix(".pdf").unlink(missing_ok=True)
        except OSError:
            pass      # a cache that cannot be written only makes the next build slower


    # The last build's page numbers: the first guesses for page references in the next one.

    def _plan_path(self, name: str) -> Path:
        return self.folder / "plans" / f"{hashlib.sha256(name.encode()).hexdigest()[:24]}.json"

    def guesses(self, name: str) -> dict[str, int]:
        try:
            data = json.loads(self._plan_path(name).read_text(encoding="utf-8"))
            return {str(k): int(v) for k, v in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}

    def keep_guesses(self, name: str, pages: dict[str, int]) -> None:
        path = self._plan_path(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(path) as temp:
                temp.write_text(json.dumps(pages, sort_keys=True), encoding="utf-8")
        except OSError:
            pass


def _ignore(folder: Path) -> None:
    """The cache is never committed: it carries its own .gitignore."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")


def _meta(result: Result) -> dict:
    data = asdict(result)
    data.pop("pdf")
    data.pop("font_files")
    data.pop("layouts")
    data.pop("edits")
    return data


def _stamps(stamps, pages: int) -> list[dict] | None:
    """A cached entry's stamps, checked: they say where to write digits into its content streams."""
    if stamps is None:
        return None
    for stamp in stamps:
        text, digits = stamp["text"], stamp["digits"]
        if not (isinstance(stamp["page"], int) and isinstance(text, str) and isinstance(digits, list)
                and len(digits) in (0, 10) and all(isinstance(g, int) and 0 <= g < 65536 for g in digits)
                and all(isinstance(n, str) and isinstance(b, int) and isinstance(e, int) and 0 <= b < e <= len(text)
                        and text[b:e].isascii() and text[b:e].isdigit() for n, b, e in stamp["slots"])
                and 0 <= stamp["page"] < pages
                and len(stamp["glyphs"]) == (len(stamp["slots"]) if digits else 0)
                and all(isinstance(b, int) and isinstance(e, int) and 0 <= b and e - b == s[2] - s[1]
                        for (b, e), s in zip(stamp["glyphs"], stamp["slots"]))):
            raise ValueError("damaged stamps")
    return stamps


def _result(meta: dict, pdf: bytes) -> Result:
    pages = [PageInfo(p["width"], p["height"], {k: tuple(v) for k, v in p["anchors"].items()},
                      [(t, tuple(r)) for t, r in p["links"]],
                      [(level, label, tuple(xy), s) for level, label, xy, s in p["bookmarks"]]) for p in meta["pages"]]
    return Result(meta["index"], meta["start"], pdf, pages, meta["asked"], meta["assigned"],
                  meta["folio_base"], meta["dummies"], meta["strings"], meta["fonts"], stamps=_stamps(meta.get("stamps"), len(pages)))
