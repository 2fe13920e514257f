"""Markdown conversions kept in `.booklet-cache/fragments/`, so that a booklet's PDF, EPUB and HTML,
and every later build, convert each topic's Markdown once.

A topic's HTML from Markdown depends on its text, its line-break setting, the booklet's options,
the features' Markdown extensions, booklet's code and the installed libraries: the key hashes
exactly those (`render._markdown` reads nothing else). What follows the conversion (ids, links,
images, finishers) runs on every build. An entry is the sanitised HTML the conversion returned,
and is used only if the sanitiser leaves it unchanged: a file planted in the cache cannot bring
in what a note could not.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from . import sanitize
from .record import FOLDER, code_digest, libraries

if TYPE_CHECKING:
    from .model import Topic
    from .render import RenderContext


class Fragments:
    """The cache of one project (`root`); `Fragments(None)` keeps nothing."""

    def __init__(self, root: Path | None):
        self.folder = root / FOLDER / "fragments" if root is not None else None
        self.hits = 0
        self.misses = 0

    def key(self, topic: Topic, context: RenderContext) -> str:
        digest = hashlib.sha256()
        for part in (code_digest(), "\n".join(libraries()), repr(context.options),
                     ",".join(context.features.names), str(topic.hard_breaks), topic.source):
            digest.update(hashlib.sha256(part.encode()).digest())
        return digest.hexdigest()

    def choice(self, kind: str, parts: Sequence[str], count: int, decide: Callable[[], int]) -> int:
        """`decide()`, the index of the best of `count` candidates, kept under a key of `parts` (all
        its inputs), `kind` and booklet's code: a later build takes it without comparing them all.
        Only an index in range is taken; it can only pick among candidates made from the real
        inputs, so a planted entry cannot bring in anything a note could not."""
        if self.folder is None:
            return decide()
        digest = hashlib.sha256()
        for part in (code_digest(), "\n".join(libraries()), kind, *parts):
            digest.update(hashlib.sha256(part.encode()).digest())
        key = digest.hexdigest()
        try:
            text = (self.folder / key[:2] / f"{key}.choice").read_text(encoding="ascii")
        except (OSError, ValueError):
            text = ""
        if text.isdigit() and text == str(int(text)) and int(text) < count:
            self.hits += 1
            return int(text)
        self.misses += 1
        chosen = decide()
        self._write(key, ".choice", str(chosen))
        return chosen

    def converted(self, kind: str, text: str, convert: Callable[[str], str]) -> str:
        """`convert(text)`, a small Markdown text's sanitised HTML (a front matter's `summary:`),
        kept like a topic's: the key hashes the text, what kind of text it is and booklet's code."""
        if self.folder is None:
            return convert(text)
        digest = hashlib.sha256()
        for part in (code_digest(), "\n".join(libraries()), kind, text):
            digest.update(hashlib.sha256(part.encode()).digest())
        key = digest.hexdigest()
        html = self.get(key)
        if html is None:
            html = convert(text)
            self.put(key, html)
        return html

    def get(self, key: str) -> str | None:
        if self.folder is None:
            return None
        try:
            html = (self.folder / key[:2] / f"{key}.html").read_text(encoding="utf-8")
        except (OSError, ValueError):
            html = None
        if html is None or sanitize.clean(html) != html:
            self.misses += 1
            return None
        self.hits += 1
        return html

    def put(self, key: str, html: str) -> None:
        self._write(key, ".html", html)

    def _write(self, key: str, suffix: str, text: str) -> None:
        if self.folder is None:
            return
        folder = self.folder / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temp, folder / f"{key}{suffix}")
        except OSError:
            pass      # a cache that cannot be written only makes the next build slower


_NONE = Fragments(None)
_ACTIVE: ContextVar[Fragments] = ContextVar("booklet_fragments", default=_NONE)


def active() -> Fragments:
    """The cache of the build running here (`pipeline.prepare` sets it), for stages that keep what
    they decided (mind maps' fits); `Fragments(None)`, which keeps nothing, outside a build or
    with the cache off."""
    return _ACTIVE.get()


@contextmanager
def kept(fragments: Fragments) -> Iterator[Fragments]:
    token = _ACTIVE.set(fragments)
    try:
        yield fragments
    finally:
        _ACTIVE.reset(token)
