"""What a booklet cannot show, named in a warning rather than dropped in silence: Excalidraw drawings, scripts."""

from __future__ import annotations

import re

from ..errors import Reporter
from ..model import Booklet, Topic

_SCRIPT = re.compile(r"<script\b", re.I)
_DRAWING_FENCES = ("compressed-json", "excalidraw")  # the info strings of Excalidraw's data blocks
_EXPORT_HINT = "export it from Obsidian as SVG or PNG and embed the image"


def warn(booklet: Booklet, reporter: Reporter) -> Booklet:
    """Preprocessor: warns, changes nothing (the sanitiser drops scripts; drawing data prints as nothing useful)."""
    for topic in booklet.topics():
        _check(topic, reporter)
    return booklet


def _check(topic: Topic, reporter: Reporter) -> None:
    if topic.path.name.lower().endswith(".excalidraw.md") or "excalidraw-plugin" in topic.meta:
        reporter.warning(f"'{topic.title}' is an Excalidraw drawing, which a booklet cannot draw; {_EXPORT_HINT}",
                         topic.location(None))
        return
    drawing_reported = False
    for line in topic.structure:
        if not drawing_reported and line.info.lower().startswith(_DRAWING_FENCES):
            reporter.warning(f"this Excalidraw drawing's data cannot be drawn in a booklet; {_EXPORT_HINT}",
                             topic.location(line.number))
            drawing_reported = True
        elif not line.code and _SCRIPT.search(line.text):
            reporter.warning("a <script> block is left out: a booklet runs no scripts (a plugin's output, such "
                             "as a Dataview or chart, can be pasted as text or an image)", topic.location(line.number))
