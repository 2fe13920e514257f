"""Mind maps of topics: outline trees, a two-sided tidy layout measured with real fonts, inline SVG."""

from .drawing import MIN_PT, MindMap, draw
from .layout import Connector, Geometry, Label
from .metrics import MapFonts
from .options import MapOptions, parse_options
from .explicit import MapSyntaxError, MapSyntaxWarning, outline_from_list
from .outline import outline_from_html
from .prune import prune
from .tree import MapNode, outline_html

__all__ = [
    "MIN_PT",
    "Connector",
    "Geometry",
    "Label",
    "MapFonts",
    "MapNode",
    "MapOptions",
    "MapSyntaxError",
    "MapSyntaxWarning",
    "MindMap",
    "draw",
    "outline_from_html",
    "outline_from_list",
    "outline_html",
    "parse_options",
    "prune",
]
