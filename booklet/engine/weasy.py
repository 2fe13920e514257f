"""WeasyPrint adapter for chunked layout: pages laid out first, margins (folios, heads) bound after.

A chunk is laid out as its own document. Its body does not depend on where it lands in the
booklet, except through page references; its margin boxes do (the folio, the running heads), so
they are made only once `bind` has said where the chunk starts. Written against WeasyPrint 70's
layout internals (`layout_document`); `supported()` says whether this WeasyPrint is that one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Callable

import weasyprint
from weasyprint import DEFAULT_OPTIONS, Document, Page
from weasyprint.css import targets
from weasyprint.css.counters import CounterStyle
from weasyprint.formatting_structure.build import build_formatting_structure
from weasyprint.html import get_html_metadata
from weasyprint.layout import initialize_page_maker, layout_fixed_boxes, make_margin_boxes
from weasyprint.layout.background import layout_backgrounds
from weasyprint.layout.page import make_all_pages
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import get_url_tuple


def supported() -> bool:
    return weasyprint.__version__.split(".")[0] == "70"


@dataclass
class Laid:
    """What layout found, before margins: page count, which pages are blank."""

    blanks: list[bool]
    assigned: dict[str, str]             # running strings the chunk sets, last value of each


@dataclass
class Binding:
    """Where the chunk lands: which laid-out pages it keeps, their folios, the running strings it opens with."""

    keep_from: int                       # index of the first page kept (dummy pages are dropped)
    first_folio: int                     # page number printed on the first kept page
    total: int = 0                       # counter(pages), when known
    strings: dict[str, str] = field(default_factory=dict)


class Redo(Exception):
    """Raised by `bind` when the layout was made for the wrong page side: lay out again."""

    def __init__(self, dummies: int):
        super().__init__(dummies)
        self.dummies = dummies


class _Collector(targets.TargetCollector):
    """Knows other chunks' anchors (their page numbers), and records every anchor a page number was asked of."""

    def __init__(self, known: dict[str, int]):
        super().__init__()
        self.asked: set[str] = set()
        for name, number in known.items():
            item = targets.TargetLookupItem("up-to-date")
            item.target_box = _Foreign()
            item.cached_page_counter_values = {"page": [number]}
            self.target_lookup_items[name] = item
        self.foreign = set(known)

    def collect_anchor(self, anchor_name):
        if isinstance(anchor_name, str) and anchor_name in self.foreign:
            self.foreign.discard(anchor_name)        # the chunk has it: its own page counts
            self.target_lookup_items.pop(anchor_name)
        super().collect_anchor(anchor_name)

    def lookup_target(self, anchor_token, source_box, css_token, parse_again):
        name = anchor_token
        if anchor_token[0] == "attr()":
            attr_name, type_, fallback = anchor_token[1]
            value = source_box.element.get(attr_name, fallback)
            name = ("string", value) if type_ == "string" else ("url", get_url_tuple(value, source_box.style.base_url))
        name = targets.anchor_name_from_token(name)
        if name is not None:
            self.asked.add(name)
        return super().lookup_target(anchor_token, source_box, css_token, parse_again)


class _Foreign:
    cached_counter_values: dict = {}

    def extract_text(self, style):
        return ""


@dataclass
class Rendered:
    document: Document
    asked: dict[str, int | None]         # anchor → page number the layout printed for it (None: none)
    assigned: dict[str, str]             # running strings the chunk sets, last value of each
    kept: int                            # index of the first kept page in the layout


def render(html: weasyprint.HTML, stylesheets: list, fonts: FontConfiguration, known: dict[str, int],
           folio_base: int, bind: Callable[[Laid], Binding]) -> Rendered:
    """Lay out `html`; page counters count from `folio_base`; `bind` places it before margins are made."""
    options = dict(DEFAULT_OPTIONS, stylesheets=stylesheets, presentational_hints=True)
    collector = _Collector(known)
    original = weasyprint.document.TargetCollector
    weasyprint.document.TargetCollector = lambda: collector
    counter_style = CounterStyle()
    try:
        context = Document._build_layout_context(html, fonts, counter_style, {}, options)
    finally:
        weasyprint.document.TargetCollector = original
    root_box = build_formatting_structure(
        html.etree_element, context.style_for, context.get_image_from_uri, html.base_url,
        context.target_collector, counter_style, context.footnotes)
    pages = _paginate(html, root_box, context, folio_base)
    assigned = {}
    for name, store in context.string_set.items():
        values = [store[i][-1] for i in sorted(store) if store[i]]
        if values:
            assigned[name] = values[-1]
    binding = bind(Laid([page.page_type.blank for page in pages], assigned))
    boxes = list(_margins(context, pages, binding))
    document = Document([Page(box) for box in boxes], DocumentMetadata(**get_html_metadata(html)),
                        html.url_fetcher, fonts, {}, None)
    asked: dict[str, int | None] = {}
    for name in collector.asked:
        item = collector.target_lookup_items.get(name)
        values = item.cached_page_counter_values.get("page") if item is not None else None
        asked[name] = values[-1] if values else None
    return Rendered(document, asked, assigned, binding.keep_from)


def _paginate(html, root_box, context, folio_base: int) -> list:
    """WeasyPrint's layout_document up to (not including) the margin boxes; folios from folio_base."""
    initialize_page_maker(context, root_box)
    state = context.page_maker[0][3]
    state[1]["page"] = [folio_base]
    state[2][0].add("page")
    pages: list = []
    original_footnotes: list = []
    actual_total_pages = 0
    for loop in range(8):
        if loop > 0:
            context.footnotes = original_footnotes.copy()
        initial_total_pages = actual_total_pages
        if loop == 0:
            original_footnotes = context.footnotes.copy()
        pages = list(make_all_pages(context, root_box, html, pages))
        actual_total_pages = len(pages)
        reloop_content = reloop_pages = False
        for _, _, _, page_state, remake_state in context.page_maker:
            page_state[1]["pages"] = [actual_total_pages]
            reloop_content = reloop_content or remake_state["content_changed"]
            if remake_state["pages_wanted"]:
                reloop_pages = initial_total_pages != actual_total_pages
        if not reloop_content and not reloop_pages:
            break
    watch: dict[str, list] = {"": [], "::before": [], "::after": []}
    for i, page in enumerate(pages):
        page_counter_values = context.page_maker[i + 1][3][1]
        for child in page.descendants():
            if child.bookmark_label:
                kind = next((k for k in ("::before", "::after") if child.element_tag.endswith(k)), "")
                if child.element in watch[kind]:
                    child.bookmark_label = ""
                else:
                    watch[kind].append(child.element)
            if child.missing_link:
                for (box, css_token), item in context.target_collector.counter_lookup_items.items():
                    if child.missing_link == box and css_token != "content":
                        if css_token == "bookmark-label" and not child.bookmark_label:
                            continue
                        item.parse_again(page_counter_values)
                        if css_token == "bookmark-label":
                            child.bookmark_label = box.bookmark_label
            if child.string_set and child.string_set != "none":
                for string_name, text in child.string_set:
                    context.string_set[string_name][i + 1].append(text)
    return pages


def _margins(context, pages: list, binding: Binding):
    """The kept pages with their margin boxes, folios and running strings as `binding` says."""
    for name, value in binding.strings.items():
        store = context.string_set[name]
        for number in range(binding.keep_from + 1, len(pages) + 1):
            if store.get(number):
                break
            store[number] = [value]
    for i, page in enumerate(pages):
        if i < binding.keep_from:
            continue
        root, footnote_area, note_area = page.children
        root.children = [*layout_fixed_boxes(context, pages[:i], page), *root.children,
                         *layout_fixed_boxes(context, pages[i + 1:], page)]
        context.current_page = i + 1
        state = list(context.page_maker[i + 1][3])
        counters = copy.deepcopy(state[1])
        counters["page"] = [binding.first_folio + i - binding.keep_from]
        counters["pages"] = [binding.total or len(pages)]
        state[1] = counters
        children = [root]
        if footnote_area.children:
            children.append(footnote_area)
        if note_area.children:
            children.append(note_area)
        children.extend(make_margin_boxes(context, page, tuple(state)))
        page.children = tuple(children)
        layout_backgrounds(page, context.get_image_from_uri)
        yield page
