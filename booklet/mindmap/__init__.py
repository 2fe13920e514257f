"""Mind maps of topics: outline trees, a two-sided tidy layout measured with real fonts, inline SVG.

The names below are imported on first use (PEP 562): a build that takes its rendering from the
cache (booklet/rendercache.py) needs only `pagebox`, not the drawing, HarfBuzz and the layout."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# `prune` is a module and its function: bound here, or importing the module would rebind the name.
from .prune import prune

if TYPE_CHECKING:
    from .drawing import MIN_PT, MindMap, draw
    from .layout import Connector, Geometry, Label
    from .metrics import MapFonts
    from .options import MapOptions, parse_options
    from .explicit import MapSyntaxError, MapSyntaxWarning, outline_from_list
    from .outline import outline_from_html
    from .tree import MapNode, outline_html

_HOMES = {
    "MIN_PT": "drawing", "MindMap": "drawing", "draw": "drawing",
    "Connector": "layout", "Geometry": "layout", "Label": "layout",
    "MapFonts": "metrics",
    "MapOptions": "options", "parse_options": "options",
    "MapSyntaxError": "explicit", "MapSyntaxWarning": "explicit", "outline_from_list": "explicit",
    "outline_from_html": "outline",
    "MapNode": "tree", "outline_html": "tree",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


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
