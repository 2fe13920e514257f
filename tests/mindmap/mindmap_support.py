"""Shared data of the mind-map tests: the layout's fonts, a palette and a realistic outline.

A plain module, not a conftest.py: a second conftest would shadow the `from conftest import`
of the suite's top-level tests.
"""

from __future__ import annotations

from pathlib import Path

from booklet.mindmap import MapFonts, MapNode, outline_from_list

FONT_DIR = Path(__file__).resolve().parents[2] / "layouts" / "default" / "fonts"
FONTS = MapFonts(FONT_DIR / "NotoSans-Regular.ttf", FONT_DIR / "NotoSans-Bold.ttf")
PALETTE = ("#1f6f8b", "#c0392b", "#7d5ba6", "#2e8b57", "#d68910", "#34495e")

INDIA_RUSSIA = """\
- India–Russia relations
    - Defence
        - S-400 Triumf air defence deal (2018)
        - BrahMos cruise missile
        - AK-203 rifles made at Korwa
        - Su-30MKI licence production
        - INS Vikramaditya
    - Energy
        - Discounted Urals crude since 2022
        - Kudankulam nuclear plant
        - Sakhalin-1 stake (ONGC Videsh)
        - Rupee–rouble payment trouble
    - Diplomacy
        - Special and Privileged Strategic Partnership
        - Annual summits since 2000
        - BRICS and SCO
        - Abstentions on Ukraine votes at the UN
    - Trade
        - Target $100 bn by 2030
        - Trade deficit with Russia
        - INSTC corridor via Iran
        - Chennai–Vladivostok Maritime Corridor
    - History
        - 1971 Treaty of Peace, Friendship and Cooperation
        - Soviet veto on Kashmir
        - Bhilai and Bokaro steel plants
        - Non-aligned yet Soviet-leaning foreign policy through the Cold War
    - Space & Science
        - Gaganyaan astronaut training
        - GLONASS ground stations
        - Cryogenic engine episode (1990s)
        - Aryabhata launched on a Soviet rocket
    - Frictions
        - Russia–China closeness
        - Russia–Pakistan exercises
        - Delays in defence deliveries
        - US CAATSA sanctions threat
        - Payments stuck in rupees
    - Outlook
        - Diversification of arms imports
        - Arctic and Far East cooperation
        - Multipolar world order
"""


def numbered(text: str, first: int = 1) -> list[tuple[int, str]]:
    return [(first + index, line) for index, line in enumerate(text.splitlines())]


def india_russia() -> MapNode:
    return outline_from_list(numbered(INDIA_RUSSIA))


def font_face_css() -> str:
    """@font-face rules so that WeasyPrint finds the family the SVG names."""
    return "".join(
        f'@font-face{{font-family:"Noto Sans";font-weight:{weight};src:url({path.as_uri()})}}'
        for weight, path in (("normal", FONT_DIR / "NotoSans-Regular.ttf"), ("bold", FONT_DIR / "NotoSans-Bold.ttf"))
    )


# ---------------------------------------------------------------- whole booklets with maps

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "mindmaps" / "mindmaps.yml"


def prepare_scenario(manifest: Path = SCENARIO, **overrides):
    """The scenario through the pipeline up to its sections, manifest values overridden."""
    from booklet import pipeline
    from booklet.errors import Reporter
    from booklet.loader import load_manifest

    reporter = Reporter()
    prepared = pipeline.prepare(load_manifest(manifest, reporter, overrides), reporter)
    return prepared, reporter


def write(prepared, fmt: str, target: Path) -> Path:
    from booklet import pipeline

    pipeline.write(prepared, fmt, target)
    return target


def map_lines(mind_map) -> list[str]:
    """Every printed line of a map's labels, as the PDF's extracted text shows them."""
    return [line for label in mind_map.geometry.labels for line in label.lines]


def shows_map(text: str, mind_map) -> bool:
    flat = " ".join(text.split())
    return all(" ".join(line.split()) in flat for line in map_lines(mind_map))


def is_landscape(page) -> bool:
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    if int(page.get("/Rotate", 0)) % 180:
        width, height = height, width
    return width > height


def topic_pages(reader, titles: list[str]) -> dict[str, range]:
    """Pages (1-based) of each titled topic, from the outline: up to the next entry at level 1 or 2."""
    starts = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                if depth < 2:
                    walk(item, depth + 1)
            else:
                starts.append((reader.get_destination_page_number(item) + 1, item.title))

    walk(reader.outline, 1)
    starts.sort()
    pages = {}
    for index, (page, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(reader.pages) + 1
        if title in titles and title not in pages:  # the topic, not its map in the back matter
            pages[title] = range(page, max(end, page + 1))
    return pages


def svg_boxes(prepared):
    """Each inline SVG as WeasyPrint lays the booklet out: (page number, aria-labelledby, width in
    mm, bottom in mm from the page's top, bottom of the page's content area in mm)."""
    from booklet.adapters.weasy import page_box

    document = prepared.pdf_setup().render()  # as the PDF writer renders it
    mm = 25.4 / 96  # CSS px
    found = []
    for number, page in enumerate(document.pages, 1):
        box = page_box(page)
        content_bottom = (box.margin_top + box.padding_top + box.height) * mm
        for child in _descendants(box):
            if getattr(child, "element_tag", None) == "{http://www.w3.org/2000/svg}svg":
                bottom = (child.position_y + child.margin_height()) * mm
                # The printed map's shapes: the same id as the screen SVG's, with "-print".
                labelled_by = (child.element.get("aria-labelledby") or "").replace("-print-title", "-title")
                found.append((number, labelled_by, child.width * mm, bottom,
                              content_bottom))
    return found


def _descendants(box):
    yield box
    for child in box.all_children() if hasattr(box, "all_children") else ():
        yield from _descendants(child)
