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
from pathlib import Path
from typing import TYPE_CHECKING, Callable

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
                stream.write(html)
            os.replace(temp, folder / f"{key}.html")
        except OSError:
            pass      # a cache that cannot be written only makes the next build slower
