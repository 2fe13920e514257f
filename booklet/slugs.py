"""Stable, readable identifiers for topics, parts and headings."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """ASCII slug, for ids and file names that every EPUB reader accepts."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug or slug[0].isdigit():
        slug = "s-" + slug  # XML ids may not start with a digit
    return slug.rstrip("-")


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… whichever is free; records the result in `taken`."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
