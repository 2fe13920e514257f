"""EPUB 3 writer: one XHTML document per section, nav and NCX mirroring the PDF outline."""

from __future__ import annotations

from dataclasses import replace
import mimetypes
import os
import re
import time
from pathlib import Path
from urllib.parse import unquote

from ebooklib import epub
from lxml import html as lxml_html

from ..adapters.ebook import AdjustedPage
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section, common_context
from ..slugs import unique
from . import Output, epubzip
from .foreign import restore_svg_case_in

IMAGE_DIR = "images"


def write(rendered: RenderedBooklet, sections: list[Section], layout: Layout, target: Path) -> Output:
    start = time.perf_counter()
    booklet = rendered.booklet
    book = _book(rendered)
    css = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                        content=layout.find("epub.css").read_bytes())
    book.add_item(css)
    files = {s.id: f"{s.id}.xhtml" for s in sections}
    trees = [lxml_html.fragment_fromstring(s.html, create_parent="div") for s in sections]   # parsed once
    owner = _id_owners(sections, trees, files)
    images = _image_names(rendered)
    documents = {}
    for section, tree in zip(sections, trees):
        page = _page(section, tree, rendered, layout, files[section.id], owner, images)
        page.add_item(css)
        book.add_item(page)
        documents[section.id] = page
    for image in _images(rendered, images):
        book.add_item(image)
    book.toc = _toc(sections, files)
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=booklet.options.labels["contents"])
    nav.add_item(css)
    book.add_item(nav)
    first, rest = sections[0], sections[1:]
    book.spine = [documents[first.id], "nav", *(documents[s.id] for s in rest)]
    epubzip.write(book, target, epubzip.build_time(booklet.meta.date), {"epub3_pages": False})
    return Output(target, None, target.stat().st_size, time.perf_counter() - start)


def _book(rendered: RenderedBooklet) -> epub.EpubBook:
    meta = rendered.booklet.meta
    book = epub.EpubBook()
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    for number, author in enumerate(meta.authors or ((meta.institute,) if meta.institute else ()), 1):
        book.add_author(author, uid=f"creator{number}")  # ebooklib's default id repeats
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    if meta.institute:
        book.add_metadata("DC", "publisher", meta.institute)
    if meta.date:
        book.add_metadata("DC", "date", meta.date.isoformat())
    if meta.subtitle:
        book.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
    return book


def _id_owners(sections: list[Section], trees: list, files: dict[str, str]) -> dict[str, str]:
    """Which file holds each id, so links between sections can name the right file."""
    owner: dict[str, str] = {}
    for section, tree in zip(sections, trees):
        for element in tree.iter():
            if element.get("id"):
                owner.setdefault(element.get("id"), files[section.id])
    return owner


def _page(section: Section, tree, rendered: RenderedBooklet, layout: Layout, file_name: str, owner: dict,
          images: dict[str, str]) -> epub.EpubHtml:
    """The section's page, from its parsed HTML (`tree`, which this changes)."""
    for link in tree.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and owner.get(href[1:], file_name) != file_name:
            link.set("href", owner[href[1:]] + href)
    # The map for paper (labels as HTML over shapes) would repeat every label; screens get the SVG.
    # A split map's later pages and their notes are paper's too: a screen has the whole map.
    # Maths for paper is an SVG drawing; screens get its MathML.
    for printed in (*tree.find_class("mindmap-print"), *tree.find_class("mindmap-continued"),
                    *tree.find_class("mindmap-split-note"), *tree.find_class("math-print")):
        printed.drop_tree()
    for img in tree.iter("img"):
        img.set("src", images.get(unquote(img.get("src")), f"{IMAGE_DIR}/{img.get('src')}"))
    body = "".join(lxml_html.tostring(child, encoding="unicode") for child in tree)
    content = layout.render("epub-page.xhtml", section=_with_html(section, body),
                            **common_context(rendered))
    page = _Page(title=section.title, file_name=file_name, lang=rendered.booklet.meta.language,
                         content=content)
    if "<svg" in body:
        page.properties.append("svg")
    if "<math" in body:
        page.properties.append("mathml")
    return page


class _Page(AdjustedPage):
    """A section's XHTML document. ebooklib parses each page with lxml's HTML parser, which
    lowercases SVG's camelCase names (viewBox): they are put back in what it writes."""

    adjust = staticmethod(restore_svg_case_in)


def _with_html(section: Section, html: str) -> Section:
    return replace(section, html=html)


def _image_names(rendered: RenderedBooklet) -> dict[str, str]:
    """Each image's name in the EPUB. Spaces and other odd characters (Obsidian's "Pasted image …")
    are replaced: EPUBCheck warns about them and some readers fail to load them."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for topic in rendered.topics:
        for image in topic.images:
            original = image.as_posix()
            if original not in names:
                stem, suffix = os.path.splitext(re.sub(r"[^A-Za-z0-9._/-]+", "-", original))
                names[original] = f"{IMAGE_DIR}/{unique(stem, taken)}{suffix}"
    return names


def _images(rendered: RenderedBooklet, names: dict[str, str]) -> list[epub.EpubImage]:
    root = rendered.booklet.root
    items: list[epub.EpubImage] = []
    for original, name in sorted(names.items(), key=lambda item: item[1]):
        path = root / original
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        items.append(epub.EpubImage(uid=f"img-{len(items) + 1}", file_name=name,
                                    media_type=media_type, content=path.read_bytes()))
    return items


def _toc(sections: list[Section], files: dict[str, str]) -> list:
    toc: list = []
    for section in sections:
        if section.kind == "title":
            continue
        entry = _entry(section, files)
        if section.level == 2 and toc and isinstance(toc[-1], tuple) and toc[-1][0].title == section.part_title:
            toc[-1][1].append(entry)
        elif section.kind == "part":
            toc.append((epub.Section(section.title, href=files[section.id]), []))
        else:
            toc.append(entry)
    return toc


def _entry(section: Section, files: dict[str, str]):
    href = files[section.id]
    if not section.headings:
        return epub.Link(href, section.title, section.id)
    children = [epub.Link(f"{href}#{h.id}", h.text, h.id) for h in section.headings]
    return (epub.Section(section.title, href=href), children)
