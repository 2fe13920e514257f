"""The `mindmap:` front-matter options and their validation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEPTHS = (1, 2, 3)
MAX_LEAVES = 50


@dataclass(frozen=True)
class MapOptions:
    """How the automatic map of a topic is built."""

    enabled: bool = True
    depth: int = 2  # 1 = branches only, 2 = branches and leaves, 3 = leaves get their own items
    # Per branch, the rest becoming one "+N more" leaf; by default every leaf is drawn (a map too
    # big for a page goes on over the next).
    max_leaves: int | None = None
    centre: str = ""  # the centre's label when not the topic's title (a long title, shortened)


def parse_options(value: Any) -> MapOptions:
    """Read the front-matter value of `mindmap:`; raise ValueError saying what is wrong."""
    if isinstance(value, MapOptions):
        return value
    if value is None or value is True:
        return MapOptions()
    if value is False:
        return MapOptions(enabled=False)
    if not isinstance(value, dict):
        raise ValueError(
            f"mindmap: expected true, false or a mapping like {{depth: 2, max_leaves: 6}}, "
            f"got {value!r}"
        )
    unknown = sorted(str(key) for key in value if key not in ("enabled", "depth", "max_leaves", "centre"))
    if unknown:
        raise ValueError(
            f"mindmap: unknown option(s) {', '.join(unknown)}; "
            "allowed: enabled, depth, max_leaves, centre"
        )
    defaults = MapOptions()
    enabled = value.get("enabled", defaults.enabled)
    if not isinstance(enabled, bool):
        raise ValueError(f"mindmap.enabled: expected true or false, got {enabled!r}")
    depth = _integer(value, "depth", defaults.depth, DEPTHS[0], DEPTHS[-1])
    max_leaves = _integer(value, "max_leaves", 0, 1, MAX_LEAVES) if "max_leaves" in value else defaults.max_leaves
    centre = value.get("centre", defaults.centre)
    if not isinstance(centre, str) or ("centre" in value and not centre.strip()):
        raise ValueError(f"mindmap.centre: expected the centre's label as text, got {centre!r}")
    return MapOptions(enabled=enabled, depth=depth, max_leaves=max_leaves, centre=" ".join(centre.split()))


def _integer(value: dict, key: str, default: int, low: int, high: int) -> int:
    number = value.get(key, default)
    # bool is an int in Python, but `depth: true` is a mistake, not 1.
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(f"mindmap.{key}: expected a whole number from {low} to {high}, got {number!r}")
    if not low <= number <= high:
        raise ValueError(f"mindmap.{key}: {number} is out of range; use {low} to {high}")
    return number
