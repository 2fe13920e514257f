"""Stable, readable identifiers for topics, parts and headings."""

from __future__ import annotations

from slugify import slugify as _transliterated

EMPTY = "section"  # for text with no letters or digits at all (a heading of emoji)


def slugify(text: str) -> str:
    """ASCII slug, for ids and file names that every EPUB reader accepts. Other scripts are
    transliterated ("भारत की विदेश नीति" → "bhaart-kii-videsh-niiti"), never dropped."""
    slug = _transliterated(text) or EMPTY
    return "s-" + slug if slug[0].isdigit() else slug  # XML ids may not start with a digit


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… whichever is free; records the result in `taken`."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
