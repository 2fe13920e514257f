"""The rendered booklet (each topic's fragment and the sections) kept in `.booklet-cache/rendered/`,
so that an EPUB built after the PDF, with nothing changed in between, renders nothing.

Rendering, the post-render steps and the sections read the preprocessed booklet, the layout
folders, the images and fonts, booklet's code and the installed libraries. The key hashes the
booklet as staged (`repr`: every topic's text, the options from the manifest and the command
line), booklet's code, the libraries, the environment variables the build record keys, and
every file under the containment rule's roots (`layout.roots`) by size, mtime, ctime and inode,
as the build record lists them (`record.scan`: booklet's outputs in the output folders left
out). Whole folders, for the record's reason: a file looked for and not found matters too. An
entry is written only by a build that reported nothing, and only if no file under the roots
changed after the build began (the record's stamp rule), so it never hides a warning or a
half-read edit.

An entry is JSON, never code, and is taken only if everything in it is what a build could have
made (`_valid`): known tags, no `on*` attribute, links only to `#ids`, the web or mail, images
only among the booklet's own files inside the project, no `url(` in any attribute. Only an EPUB-only
build takes an entry: the EPUB writer parses each section with lxml, as the check does, so the
check sees what the writer writes. The PDF (WeasyPrint's HTML5 parser) and the HTML preview
(the sections joined into one document) could read the same text differently, so they render.
A `Prepared` made from an entry has every topic's fragment, headings and images, but no extras:
the post-render steps and the back matter, the extras' only readers, are already in the sections.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import unquote

from lxml import html as lxml_html   # the EPUB writer parses the sections with lxml too

from . import record
from .layout import roots
from .model import Booklet, Heading, RenderedBooklet, RenderedTopic
from .sanitize import ALLOWED_TAGS
from .sections import Section
from .sources import inside

FORMAT = 1
KEEP = 8                     # entries kept per project: about 1 MB each for the sample
MAX_BYTES = 256 * 2**20      # a bigger entry is not read (the sample's is ~1 MB; ~600 topics' would be ~60 MB)
_KINDS = {"title", "part", "front", "topic", "back"}
_ID = re.compile(r"[A-Za-z0-9_.-]{1,200}")
# What booklet's own finishers and templates add to the sanitiser's tags: mind maps and maths
# drawn as SVG, maths as MathML (lxml's HTML parser lowercases SVG's camelCase names).
_DRAWN = {
    "svg", "g", "path", "line", "rect", "circle", "ellipse", "polyline", "polygon", "text", "tspan",
    "title", "desc", "defs", "clippath", "lineargradient", "stop",
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub",
    "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none",
    "main", "time", "cite", "figure", "figcaption",
}
_TAGS = frozenset(ALLOWED_TAGS | _DRAWN)
# Attributes that name something to load or open: only the ones above, checked, may appear.
_LOADS = {"src", "srcset", "data", "poster", "action", "formaction", "background", "cite", "longdesc",
          "usemap", "ping", "codebase", "classid", "archive", "lowsrc", "dynsrc", "manifest", "icon", "profile"}
_LINKS = {"href", "xlink:href"}
_ADDRESS = ("#", "http://", "https://", "mailto:")
_STYLE = re.compile(r"url\s*\(|image-set|expression|\\|@|javascript|behavior|binding", re.IGNORECASE)


class RenderCache:
    """Rendered booklets of the project at `root`. `outputs`: the command's outputs, whose folders'
    booklet files (.pdf, .epub, .html) are not inputs. `taken`: whether this build may use an
    entry (an EPUB-only build); every build that renders writes one."""

    def __init__(self, root: Path, outputs: Iterable[Path] = (), taken: bool = False):
        self.root = root
        self.folder = root / record.FOLDER / "rendered"
        self.outputs = sorted({p.absolute().parent.resolve() for p in outputs})
        self.taken = taken
        self.hits = 0
        self.misses = 0
        self._stamp: int | None = None
        self._files: dict | None = None
        self._key: str | None = None

    def begin(self) -> None:
        """Before the stages read anything: a stamp on the file system's own clock."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.folder, suffix=".stamp")
            try:
                self._stamp = os.fstat(fd).st_mtime_ns
            finally:
                os.close(fd)
                os.unlink(name)
        except OSError:
            self._stamp = None

    def key(self, booklet: Booklet, features: Sequence[str]) -> str | None:
        """The key of `booklet` as staged now, or None when its folders are too big to list."""
        self._files = record.scan(list(roots(booklet.root)), self.outputs)
        self._key = None if self._files is None else _digest(booklet, features, self._files)
        return self._key

    def get(self, key: str | None, booklet: Booklet) -> Entry | None:
        """The entry kept under `key` for `booklet` (its topics and root), if this build may take it
        and everything in it is what a build could have made."""
        if key is None or not self.taken:
            return None
        path = self.folder / f"{key}.json"
        try:
            found = None if path.stat().st_size > MAX_BYTES else _loaded(json.loads(path.read_text(encoding="utf-8")), booklet)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            found = None
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, rendered: RenderedBooklet, sections: list[Section]) -> None:
        """Keep what this build rendered under the key `key` made, unless a file under the roots
        changed since `begin`."""
        key = self._key
        if key is None or self._stamp is None:
            return
        files = record.scan(list(roots(rendered.booklet.root)), self.outputs)
        if files != self._files or any(state and state[2] >= self._stamp for state in (files or {}).values()):
            return
        data = {"format": FORMAT,
                "topics": [{"id": t.id, "html": t.html, "headings": [_heading(h) for h in t.headings],
                            "images": [p.as_posix() for p in t.images]} for t in rendered.topics],
                "sections": [{"id": s.id, "title": s.title, "kind": s.kind, "html": s.html, "level": s.level,
                              "headings": [_heading(h) for h in s.headings], "part_title": s.part_title}
                             for s in sections]}
        try:
            fd, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                json.dump(data, stream)
            os.replace(temp, self.folder / f"{key}.json")
            _prune(self.folder)
        except OSError:
            pass      # a cache that cannot be written only makes the next build slower


def _digest(booklet: Booklet, features: Sequence[str], files: dict) -> str:
    digest = hashlib.sha256()
    environment = {name: os.environ.get(name) for name in record.ENVIRONMENT}
    for part in (f"rendered {FORMAT}", record.code_digest(), "\n".join(record.libraries()),
                 json.dumps(environment, sort_keys=True), ",".join(features), repr(booklet),
                 json.dumps(files, sort_keys=True)):
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


def _heading(heading: Heading) -> list:
    return [heading.level, heading.text, heading.id]


def _headings(data: list) -> tuple[Heading, ...]:
    headings = tuple(Heading(int(level), str(text), str(id_)) for level, text, id_ in data)
    if not all(_ID.fullmatch(h.id) for h in headings):
        raise ValueError("an id a build could not make")
    return headings


class Entry:
    """A checked entry: each topic's fragment, headings and images, and the sections."""

    def __init__(self, topics: list[tuple[str, tuple[Heading, ...], tuple[Path, ...]]], sections: list[Section]):
        self.topics, self.sections = topics, sections

    def bound(self, booklet: Booklet) -> tuple[RenderedBooklet, list[Section]]:
        """The rendered booklet for `booklet` as staged (its topics are the entry's, in order)."""
        return RenderedBooklet(booklet, tuple(RenderedTopic(topic, html, headings, images)
                                              for topic, (html, headings, images) in zip(booklet.topics(), self.topics))), self.sections


def _loaded(data: dict, booklet: Booklet) -> Entry | None:
    """The entry, if everything in it passes `_valid`."""
    if data["format"] != FORMAT or [t["id"] for t in data["topics"]] != [t.id for t in booklet.topics()]:
        return None
    images = {path for entry in data["topics"] for path in entry["images"]}
    if not all(isinstance(path, str) and _inside(booklet.root, path) for path in images):
        return None
    topics = [(str(t["html"]), _headings(t["headings"]), tuple(Path(p) for p in t["images"])) for t in data["topics"]]
    sections = [Section(str(s["id"]), str(s["title"]), str(s["kind"]), str(s["html"]), int(s["level"]),
                        _headings(s["headings"]), str(s["part_title"])) for s in data["sections"]]
    if not all(_ID.fullmatch(s.id) and s.kind in _KINDS and s.level in (1, 2) for s in sections):
        return None
    for html in (*(html for html, _, _ in topics), *(s.html for s in sections)):
        if not _valid(lxml_html.fragment_fromstring(html, create_parent="div"), images):
            return None
    return Entry(topics, sections)


def _valid(tree, images: set[str]) -> bool:
    """Whether a parsed fragment holds only what a build makes (see the module's docstring). Names
    as lxml's HTML parser gives them: lowercase, `xlink:href` as written."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag not in _TAGS:
            return False     # a comment, a processing instruction or an element a build does not make
        for name, value in element.items():
            if name.startswith("on") or name in _LOADS and not (name == "src" and unquote(value) in images):
                return False
            if name in _LINKS and not value.startswith(_ADDRESS):
                return False
            if "url(" in value.lower() or name == "style" and _STYLE.search(value):
                return False     # any attribute: SVG's fill and clip-path take a url( too
    return True


def _inside(root: Path, name: str) -> bool:
    """An image named by an entry: a file inside the project, named as the renderer names it."""
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or name != path.as_posix():
        return False
    real = (root / path).resolve()
    return real.is_file() and inside(real, (root.resolve(),))


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
