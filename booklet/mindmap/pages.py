"""Mind-map pages of a booklet: each topic's map, drawn with the layout's fonts for the page box,
placed at the start or end of its topic, and gathered in the optional back-matter part."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from lxml import etree

from .. import fontstack, printing
from ..errors import Reporter, SourceLocation
from ..fragment import serialize
from ..layout import Layout
from ..model import Heading, Options, RenderedBooklet, RenderedTopic, Topic
from ..sections import Section, common_context
from ..slugs import unique
from ..source import atx_heading, list_item
from . import blocks
from .compact import compact_map
from .drawing import MindMap
from .layout import PT_PER_MM, fit
from .metrics import MapFonts, face
from .options import MapOptions, parse_options
from .pagebox import MapPages, map_pages, page_css as page_css
from .explicit import MapSyntaxError, outline_from_list
from .outline import outline_from_html
from .overlay import print_html
from .split import CONTINUED, draw_pages
from .svg import render
from .tree import MapNode, clean_label

# Used when no brand pack gives a palette: the default layout's primary blue and accent rust
# first, then colours that stay apart from them and dark enough for text on their own tint.
DEFAULT_PALETTE = ("#1d4e6f", "#b5472b", "#2e7d4f", "#7b4ea3", "#c28a00", "#00838f", "#ad1457", "#5d6d7e")
FAMILY = "Booklet Sans"  # the family print.css declares with @font-face from the files below
REGULAR_FONT = "fonts/NotoSans-Regular.ttf"
BOLD_FONT = "fonts/NotoSans-Bold.ttf"

# The heading over a map (part or "Mind map" label, title, rule), as print.css sets it out:
# 5.7 mm of label, 8.9 mm per title line at 21 pt, 9.5 mm of rule and space; plus 2 mm to spare.
HEAD_MM = 5.7 + 9.5 + 2.0
TITLE_LINE_MM = 8.9
TITLE_PT = 21.0
# The line under each page of a split map (8 pt and 2 mm above it, print.css), with room to spare.
SPLIT_NOTE_MM = 10.0

PART_ID = "mind-maps"


@dataclass(frozen=True)
class MapSource:
    """What a topic's map is drawn from, found while the topic renders."""

    root: MapNode | None
    where: SourceLocation  # the explicit block, or the topic's `mindmap:` key, or its first line
    explicit: bool
    centre_where: SourceLocation | None = None  # where the centre's label was written
    block_lines: tuple[tuple[int, str], ...] = ()  # the explicit block's lines, to place its labels


@dataclass(frozen=True)
class MapFigure:
    """A drawn map as a page shows it: the SVG and its text alternative, with unique ids."""

    id: str
    title: str
    label: str  # the small line above the title: the part, or "Mind map"
    svg: str
    outline_html: str
    text_id: str
    landscape: bool
    offset_mm: float = 0.0  # space above the map that centres it in its box on paper
    print_html: str = ""  # the map for paper: shapes as SVG, labels as HTML text (overlay.py)
    page: int = 1  # of a map split over several pages (split.py)
    pages: int = 1
    compact: bool = False  # a small map that shares its page with the topic's text

    @property
    def continued(self) -> bool:
        """A second or later page of a split map: paper only (a screen shows the whole map)."""
        return self.page > 1


# How far down its box's free height a map sits: a little above the middle, where the eye
# expects the centre of a page.
OPTICAL_CENTRE = 0.45


# ---------------------------------------------------------------- while a topic renders

def find_outline(topic: Topic, tree: etree._Element, reporter: Reporter, context: object = None) -> dict:
    """Finisher: the topic's explicit mindmap block, or else its outline, as the map's tree.

    Explicit blocks are always taken out of the text, whether or not maps are printed.
    """
    found = blocks.find(topic.structure)
    for line in set(blocks.remove_rendered(tree)) - {block.line for block in found} - {None}:
        reporter.warning("a mindmap block inside another block or a list is not drawn: "
                         "start it at the left margin of the note", topic.location(line))
    options = _options(topic, reporter)
    if options is None or not options.enabled:
        return {}
    if found:
        for extra in found[1:]:
            reporter.warning(f"a topic has one mind map: this mindmap block is ignored (the first is on "
                             f"line {topic.location(found[0].line).line})", topic.location(extra.line))
        return {"mindmap_source": _explicit(topic, found[0], reporter)}
    if not _wanted(topic):
        return {}
    root = outline_from_html(topic.title, serialize(tree), options)
    where = topic.meta_location("mindmap") if "mindmap" in topic.meta else topic.location(1)
    centre = topic.meta_location("mindmap.centre" if options.centre else "title")
    return {"mindmap_source": MapSource(root, where, explicit=False, centre_where=centre)}


def _wanted(topic: Topic) -> bool:
    # Front and back matter (a preface, a glossary) get a map only when their front matter asks.
    return topic.role == "topic" or topic.meta.get("mindmap") not in (None, False)


def _options(topic: Topic, reporter: Reporter) -> MapOptions | None:
    try:
        return parse_options(topic.meta.get("mindmap"))
    except ValueError as exc:
        key = str(exc).split(":", 1)[0]
        reporter.error(str(exc), topic.meta_location(key if key in topic.meta_where else "mindmap"))
        return None


def _explicit(topic: Topic, block: blocks.Block, reporter: Reporter) -> MapSource:
    where = topic.location(block.line)
    # Numbered as lines of their file, so that messages naming another line ("its parent
    # (line 6)") name the one the author sees; the block may come from an embedded note.
    located = {topic.location(n).line: topic.location(n) for n, _ in block.lines}
    lines = tuple((topic.location(n).line, text) for n, text in block.lines) or ((where.line, ""),)

    def at(line: int | None) -> SourceLocation:
        return located.get(line, where) if line else where

    def warn(message: str, line: int | None) -> None:
        reporter.warning(message, at(line))

    try:
        root = outline_from_list(lines, warn=warn)
    except MapSyntaxError as exc:
        reporter.error(exc.message, at(exc.line))
        return MapSource(None, where, explicit=True)
    first = next((topic.location(n) for n, text in block.lines if text.strip()), where)
    return MapSource(root, where, explicit=True, centre_where=first, block_lines=block.lines)


# ---------------------------------------------------------------- once the layout is known

def palette_for(options: Options) -> tuple[str, ...]:
    """Branch colours of every map in a booklet: the brand pack's palette, else the default."""
    return tuple(options.palette) or DEFAULT_PALETTE


def fonts_for(options: Options, layout: Layout) -> MapFonts:
    """The faces maps are measured and printed with: the brand pack's heading face when it gives
    regular and bold files, else the layout's Noto Sans (found through the layout's folders, so a
    pack or layout can replace those files too)."""
    heading = options.branding.heading if options.branding is not None else None
    scripts = _script_faces(layout)
    fallbacks = tuple((str(regular), str(bold)) for _, (regular, bold) in scripts)
    families = tuple(f for f, _ in scripts)
    if heading is not None and {"regular", "bold"} <= set(heading.files):
        return MapFonts(str(heading.files["regular"]), str(heading.files["bold"]), family=heading.family,
                        fallbacks=fallbacks, fallback_families=families)
    return MapFonts(str(layout.find(REGULAR_FONT)), str(layout.find(BOLD_FONT)), family=FAMILY,
                    fallbacks=fallbacks, fallback_families=families)


def _script_faces(layout: Layout) -> list[tuple[str, tuple[Path, Path]]]:
    """The layout's faces for other scripts and symbols (`--sans-scripts`, `--symbol-fonts`), as
    (family, (regular, bold)), in the order the renderer falls back to them."""
    faces = fontstack.declared_faces(layout)
    found = []
    for family in (*fontstack.script_families(layout, "--sans-scripts"),
                   *fontstack.script_families(layout, "--symbol-fonts")):
        regular = next((f.path for f in faces if f.family == family and not f.bold and not f.italic), None)
        bold = next((f.path for f in faces if f.family == family and f.bold and not f.italic), regular)
        if regular is not None:
            found.append((family, (regular, bold)))
    return found


def draw_maps(rendered: RenderedBooklet, layout: Layout, reporter: Reporter) -> RenderedBooklet:
    """Post-render step: draw the map of every topic that has one, if any page shows maps."""
    options = rendered.booklet.options
    if options.mindmaps == "off" and not options.mind_maps:
        return rendered
    fonts, palette = fonts_for(options, layout), palette_for(options)
    pages = map_pages(printing.geometry(options.printing))
    topics = []
    for rt in rendered.topics:
        source = rt.extras.get("mindmap_source")
        if source is not None and source.root is None and not source.explicit:
            reporter.warning(f"topic '{rt.topic.title}' has no headings, lists or tables to draw a "
                             "mind map from; it gets no map", source.where)
        if source is None or source.root is None:
            topics.append(rt)
            continue
        compact = compact_map(source.root, fonts=fonts, palette=palette, page_mm=pages.portrait,
                              ids=_ids(rt.id), title=rt.topic.title)
        maps = (compact,) if compact else draw_topic_map(rt, source, fonts, palette, pages,
                                                         turn=not options.printing.impose,
                                                         continued=options.labels["map_continued"])
        for mind_map in maps:
            _report(rt.topic, source, mind_map, reporter)
        prefix, text_id = _ids(rt.id)
        screen = maps[0].svg if len(maps) == 1 else render(
            _screen_geometry(rt, maps, fonts), palette=palette, family=fonts.css_family, id_prefix=prefix,
            title=rt.topic.title, described_by=text_id)
        figures = tuple(
            _figure(rt, mind_map, _page_id(f"mindmap-{rt.id}", n), options.labels["mind_map"], screen if n == 1 else "",
                    _ids(rt.id, page=n)[1], palette, fonts.css_family, (n, len(maps)), compact=bool(compact))
            for n, mind_map in enumerate(maps, 1))
        topics.append(_with_extras(rt, mindmap=maps[0], mindmap_pages=maps, mindmap_figure=figures[0],
                                   mindmap_figures=figures))
    return RenderedBooklet(rendered.booklet, tuple(topics))


def _screen_geometry(rt: RenderedTopic, maps: tuple[MindMap, ...], fonts: MapFonts):
    """The map for screens: the whole tree in one drawing, which a reader zooms; a split map's
    pages are for paper only. A map that needed no split is its own page's drawing."""
    if len(maps) == 1:
        return maps[0].geometry
    return fit(rt.extras["mindmap_source"].root, fonts, maps[0].box_mm)


def _page_id(element_id: str, page: int) -> str:
    return element_id if page == 1 else f"{element_id}-p{page}"


def draw_topic_map(rt: RenderedTopic, source: MapSource, fonts: MapFonts, palette: Sequence[str],
                   pages: MapPages, turn: bool = True, continued: str = CONTINUED) -> tuple[MindMap, ...]:
    """The map for its page, or its pages when it does not fit one at the minimum print size;
    with `turn`, for a landscape page if that suits it better (a booklet imposed for folding
    keeps every page one size, so its maps stay upright)."""
    title = rt.topic.title
    return draw_pages(
        source.root, fonts=fonts, palette=palette, title=title, ids=lambda n: _ids(rt.id, page=n),
        box_mm=map_box(title, pages.portrait, fonts), turned_mm=map_box(title, pages.landscape, fonts),
        rotate=turn, note_mm=SPLIT_NOTE_MM, continued=continued,
    )


def map_box(title: str, content: tuple[float, float], fonts: MapFonts) -> tuple[float, float]:
    """The box left for the map on a page of `content` size once its heading is set."""
    width, height = content
    return width, round(height - HEAD_MM - TITLE_LINE_MM * title_lines(title, width, fonts), 2)


def title_lines(title: str, width_mm: float, fonts: MapFonts) -> int:
    """Lines the map page's title takes at 21 pt bold, word by word, as a browser fills them."""
    metrics = face(fonts, True)
    room = width_mm * PT_PER_MM
    lines, line = 1, ""
    for word in title.split():
        candidate = f"{line} {word}" if line else word
        if line and metrics.width(candidate, TITLE_PT) > room:
            lines, line = lines + 1, word
        else:
            line = candidate
    return lines


def _ids(topic_id: str, copy: str = "mindmap", page: int = 1) -> tuple[str, str]:
    """The SVG's id prefix and its text alternative's id. A letter first, as XML ids need, and
    no `--`, which the ids inside topics (`topic--heading`) always have."""
    name = topic_id if page == 1 else f"{topic_id}-p{page}"
    return f"{copy}-{name}-svg", f"{copy}-{name}-text"


def _figure(rt: RenderedTopic, mind_map: MindMap, element_id: str, label: str, svg: str,
            text_id: str, palette: Sequence[str], family: str, page: tuple[int, int] = (1, 1),
            compact: bool = False) -> MapFigure:
    printed = print_html(mind_map.geometry, palette=palette, family=family, id_prefix=f"{element_id}-svg-print",
                         title=rt.topic.title)
    return MapFigure(element_id, rt.topic.title, label, svg, mind_map.outline_html, text_id,
                     mind_map.landscape, 0.0 if compact else _offset(mind_map), printed, *page, compact)


def _offset(mind_map: MindMap) -> float:
    """Room above the map on paper: it prints box_mm wide, and as tall as its viewBox says."""
    geometry = mind_map.geometry
    width, height = mind_map.box_mm
    printed = width * geometry.height / geometry.width
    return round(max(0.0, height - printed) * OPTICAL_CENTRE, 1)


def _with_extras(rt: RenderedTopic, **extras) -> RenderedTopic:
    return RenderedTopic(rt.topic, rt.html, rt.headings, rt.images, {**rt.extras, **extras})


def _report(topic: Topic, source: MapSource, mind_map: MindMap, reporter: Reporter) -> None:
    named = f" (topic '{topic.title}')" if source.root.label != clean_label(topic.title) else ""
    for message in mind_map.warnings:
        reporter.warning(message + named, source.where)
    for label in mind_map.geometry.labels if mind_map.geometry else ():
        if label.truncated:
            shown = " ".join(label.lines)
            where = source.centre_where if label.kind == "centre" else _label_location(topic, source, shown)
            hint = ("set a shorter one with mindmap: {centre: ...}" if label.kind == "centre" and not source.explicit
                    else "write a shorter heading or lead phrase")
            reporter.warning(f"label too long for the mind map, shortened to '{shown}': {hint}", where)


def _outline_line(text: str) -> bool:
    """A heading or a list item: a line a map label comes from."""
    stripped = text.lstrip()
    return atx_heading(stripped) is not None or list_item(stripped) is not None


def _label_location(topic: Topic, source: MapSource, shown: str) -> SourceLocation:
    """The source line of a shortened label: the block's item, else a heading or list item that
    starts the same way, else any line that does."""
    words = shown.rstrip("…").split(" ")
    needle = " ".join(words[: max(1, min(3, len(words) - 1))])
    lines = source.block_lines or tuple(enumerate(topic.source.split("\n"), 1))
    candidates = [(n, text) for n, text in lines if needle in text]
    outline = [(n, text) for n, text in candidates if _outline_line(text)]
    found = (outline or candidates)[:1]
    return topic.location(found[0][0]) if found else source.where


# ---------------------------------------------------------------- the back-matter part

def mind_maps_part(rendered: RenderedBooklet, layout: Layout) -> list[Section]:
    """Back matter: every topic's map, one a page, in booklet order, for last-day revision."""
    options = rendered.booklet.options
    if not options.mind_maps:
        return []
    fonts, palette = fonts_for(options, layout), palette_for(options)
    booklet = rendered.booklet
    part_of = {t.id: part.title for part in booklet.parts for t in part.topics}
    part_id = unique(PART_ID, {t.id for t in booklet.topics()} | {part.id for part in booklet.parts})
    figures = []
    for rt in rendered.topics:
        maps = rt.extras.get("mindmap_pages", ())
        for n, mind_map in enumerate(maps, 1):
            prefix, text_id = _ids(rt.id, part_id, page=n)
            svg = "" if n > 1 else render(
                _screen_geometry(rt, maps, fonts), palette=palette, family=fonts.css_family, id_prefix=prefix,
                title=rt.topic.title, described_by=text_id)
            figures.append(_figure(rt, mind_map, _page_id(f"{part_id}-{rt.id}", n), part_of.get(rt.id, options.labels["mind_map"]),
                                   svg, text_id, palette, fonts.css_family, (n, len(maps))))
    if not figures:
        return []
    html = layout.render("mindmaps.html", part_id=part_id, figures=figures, **common_context(rendered))
    headings = tuple(Heading(2, figure.title, figure.id) for figure in figures if not figure.continued)
    return [Section(part_id, options.labels["mind_maps"], "back", html, 1, headings)]
