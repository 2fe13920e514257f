"""HTML preview writer: one self-contained file (images inlined) for a quick look in a browser."""

from __future__ import annotations

import base64
import mimetypes
import time
from pathlib import Path
from urllib.parse import unquote

from lxml import html as lxml_html

from ..atomic import replacing
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section, common_context, contents
from . import Output


def write(rendered: RenderedBooklet, sections: list[Section], layout: Layout, target: Path) -> Output:
    start = time.perf_counter()
    html = layout.render("booklet.html", sections=sections, contents=contents(sections),
                         stylesheets=[], **common_context(rendered))
    tree = lxml_html.document_fromstring(html)
    style = lxml_html.Element("style")
    style.text = layout.find("epub.css").read_text(encoding="utf-8")
    tree.find("head").append(style)
    for img in tree.iter("img"):
        img.set("src", _data_uri(rendered.booklet.root / unquote(img.get("src"))))
    with replacing(target) as temp:
        temp.write_text(lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>"), encoding="utf-8")
    return Output(target, None, target.stat().st_size, time.perf_counter() - start)


def _data_uri(path: Path) -> str:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode()}"
