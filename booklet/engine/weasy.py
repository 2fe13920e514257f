"""WeasyPrint adapter for chunked layout: pages laid out first, margins (folios, heads) bound after.

A chunk is laid out as its own document. Its body does not depend on where it lands in the
booklet, except through page references; its margin boxes do (the folio, the running heads), so
they are made only once its Binding has said where the chunk starts. Written against WeasyPrint
70's layout internals (`layout_document`), reached through booklet/adapters/weasy.py;
`supported()` says whether this WeasyPrint is that one.
"""

from __future__ import annotations

import copy
from urllib.parse import unquote
from dataclasses import dataclass, field

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from ..adapters.weasy import (DEFAULT_OPTIONS, LAYOUT_VERSION, CounterStyle, Document, DocumentMetadata, Page,
                              build_formatting_structure, get_html_metadata, get_url_tuple, initialize_page_maker,
                              layout_backgrounds, layout_context, layout_fixed_boxes, make_all_pages,
                              make_margin_boxes, targets)


def supported() -> bool:
    return weasyprint.__version__.split(".")[0] == LAYOUT_VERSION


@dataclass
class Laid:
    """What layout found, before margins: page count, which pages are blank, where anchors fell."""

    blanks: list[bool]
    assigned: dict[str, str]             # running strings the chunk sets, last value of each
    anchors: list[list[str]] = field(default_factory=list)   # per laid-out page, anchors first met there
    asked: list[str] = field(default_factory=list)            # anchors whose page numbers the chunk prints


@dataclass
class Binding:
    """Where the chunk lands: which laid-out pages it keeps, their folios, the running strings it opens
    with, and the page numbers of other chunks' anchors as now known (stamped in before drawing)."""

    keep_from: int                       # index of the first page kept (dummy pages are dropped)
    first_folio: int                     # page number printed on the first kept page
    total: int = 0                       # counter(pages), when known
    strings: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)


class Redo(Exception):
    """Raised by `bind` when the layout was made for the wrong page side: lay out again."""

    def __init__(self, dummies: int):
        super().__init__(dummies)
        self.dummies = dummies


class Moved(Exception):
    """Raised by `Open.close`: the chunk must be laid out again counting pages from `folio_base`."""

    def __init__(self, folio_base: int):
        super().__init__(folio_base)
        self.folio_base = folio_base


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

    def renumber(self, numbers: dict[str, int]) -> set[str]:
        """Other chunks' anchors moved to `numbers`; the names whose number changed."""
        changed = set()
        for name, number in numbers.items():
            item = self.target_lookup_items.get(name) if name in self.foreign else None
            if item is not None and item.cached_page_counter_values.get("page") != [number]:
                item.cached_page_counter_values = {"page": [number]}
                changed.add(name)
        return changed

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


class Open:
    """A chunk laid out into pages, margins not made yet: it waits for its Binding.

    Other chunks' anchors are known to the layout by number (a guess until they are placed);
    `close` stamps in the numbers the Binding brings by re-making, with WeasyPrint's own
    machinery for forward references, only the pages that print a number that changed."""

    def __init__(self, html: weasyprint.HTML, stylesheets: list, fonts: FontConfiguration,
                 known: dict[str, int], folio_base: int):
        options = dict(DEFAULT_OPTIONS, stylesheets=stylesheets, presentational_hints=True)
        self.html = html
        self.fonts = fonts
        self.collector = _Collector(known)
        self.folio_base = folio_base
        counter_style = CounterStyle()
        self.context = layout_context(html, fonts, counter_style, options, self.collector)
        self.root_box = build_formatting_structure(
            html.etree_element, self.context.style_for, self.context.get_image_from_uri, html.base_url,
            self.context.target_collector, counter_style, self.context.footnotes)
        initialize_page_maker(self.context, self.root_box)
        state = self.context.page_maker[0][3]
        state[1]["page"] = [folio_base]
        state[2][0].add("page")
        self.footnotes = self.context.footnotes.copy()
        self.pages: list = []
        self._paginate()

    def laid(self) -> Laid:
        anchors = [list(self.context.page_maker[i][-1]["anchors"]) for i in range(len(self.pages))]
        return Laid([page.page_type.blank for page in self.pages], self.assigned(), anchors,
                    sorted(self.collector.asked))

    def assigned(self) -> dict[str, str]:
        assigned = {}
        for name, store in self.context.string_set.items():
            values = [store[i][-1] for i in sorted(store) if store[i]]
            if values:
                assigned[name] = values[-1]
        return assigned

    def _paginate(self) -> None:
        """WeasyPrint's layout_document up to (not including) the margin boxes."""
        context = self.context
        actual_total_pages = len(self.pages)
        for loop in range(8):
            if loop > 0 or self.pages:
                context.footnotes = self.footnotes.copy()
            initial_total_pages = actual_total_pages
            self.pages = list(make_all_pages(context, self.root_box, self.html, self.pages))
            actual_total_pages = len(self.pages)
            reloop_content = reloop_pages = False
            for _, _, _, page_state, remake_state in context.page_maker:
                page_state[1]["pages"] = [actual_total_pages]
                reloop_content = reloop_content or remake_state["content_changed"]
                if remake_state["pages_wanted"]:
                    reloop_pages = initial_total_pages != actual_total_pages
            if not reloop_content and not reloop_pages:
                break
        _collect(context, self.pages)

    def restamp(self, numbers: dict[str, int]) -> None:
        """Other chunks' anchors at their final pages: the pages that print a number that changed are
        made again (WeasyPrint's own re-making of a page whose content changed)."""
        changed = self.collector.renumber(numbers)
        if not changed:
            return
        page_maker = self.context.page_maker
        for (box, css_token), item in self.context.target_collector.counter_lookup_items.items():
            target = _target(box)
            if css_token != "content" or not item.missing_target_counters or (target and target not in changed):
                continue
            if item.page_maker_index is None or item.page_maker_index >= len(page_maker):
                item.pending = True
            else:
                page_maker[item.page_maker_index][-1]["content_changed"] = True
                item.parse_again(item.cached_page_counter_values)
        self.context.string_set.clear()
        self._paginate()

    def close(self, binding: Binding) -> Rendered:
        """The chunk placed as `binding` says: numbers stamped in, margins made, ready to draw.

        Raises Moved if the chunk prints page numbers of its own anchors and was laid out from a
        wrong first page: those numbers are laid out again from the start."""
        folio_base = binding.first_folio - 1 - binding.keep_from
        if folio_base != self.folio_base and self.collector.asked - self.collector.foreign:
            raise Moved(folio_base)
        self.restamp(binding.numbers)
        boxes = list(_margins(self.context, self.pages, binding))
        document = Document([Page(box) for box in boxes], DocumentMetadata(**get_html_metadata(self.html)),
                            self.html.url_fetcher, self.fonts, {}, None)
        asked: dict[str, int | None] = {}
        for name in self.collector.asked:
            item = self.collector.target_lookup_items.get(name)
            values = item.cached_page_counter_values.get("page") if item is not None else None
            asked[name] = values[-1] if values else None
        return Rendered(document, asked, self.assigned(), binding.keep_from)


def _target(box) -> str:
    """The anchor a box's target-counter() names (WeasyPrint keys attr() lookups by None): its link's,
    or "" (then any change re-makes it)."""
    href = box.element.get("href", "") if box.element is not None else ""
    return unquote(href[1:]) if href.startswith("#") else ""


def _collect(context, pages: list) -> None:
    """Bookmark labels and running strings, once pagination is done (WeasyPrint's layout_document's end)."""
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
