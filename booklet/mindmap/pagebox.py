"""The boxes of a booklet's map pages and the CSS of the turned one: what every build needs of the
maps, without loading what draws them (a build that takes its rendering from the cache)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Options
from ..printing import PageGeometry, geometry

# A landscape map page: the page turned, with less margin above and below (scaled from 16 mm on
# A4) so the map keeps its height; its sides keep the portrait page's top margin.
LANDSCAPE_MARGIN = 16 / 210


@dataclass(frozen=True)
class MapPages:
    """The content boxes, in mm, of a booklet's map pages: its own page, and that page turned."""

    portrait: tuple[float, float]
    landscape: tuple[float, float]
    landscape_size: tuple[float, float]  # the turned page
    landscape_margins: tuple[float, float]  # above and below, at each side


def map_pages(page: PageGeometry) -> MapPages:
    """Map page boxes from the booklet's page geometry (printing.geometry)."""
    width, height = page.width, page.height
    portrait = (page.text_width, page.text_height)
    # Both sides keep the inner (binding) margin: a turned page has its gutter at either side.
    upright = max(10.0, round(width * LANDSCAPE_MARGIN, 1))
    side = max(page.top, page.inner)
    landscape = (height - 2 * side, width - 2 * upright)
    return MapPages(_mm(portrait), _mm(landscape), (height, width), (upright, side))


def page_css(options: Options) -> str:
    """The landscape map page, generated for the booklet's page size (print.css names it)."""
    pages = map_pages(geometry(options.printing))
    (width, height), (upright, side) = pages.landscape_size, pages.landscape_margins
    return ("/* booklet: mind-map pages (generated) */\n"
            f"@page mindmap-landscape {{ size: {width:g}mm {height:g}mm; margin: {upright:g}mm {side:g}mm; }}\n")


def _mm(box: tuple[float, float]) -> tuple[float, float]:
    return round(box[0], 2), round(box[1], 2)
