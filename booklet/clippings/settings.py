"""The manifest's `clippings:` settings and the front-matter `clipping:` switch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..schema import Field, Schema

# Lines sites add around an article. Matched case-insensitively against a whole short line.
DEFAULT_BOILERPLATE = (
    "subscribe", "subscriber", "log in", "login", "sign in", "sign up", "share", "read more",
    "newsletter", "advertisement", "click here", "download the app", "follow us", "also read",
    "from upsc perspective", "get full access", "comments", "print this", "print pdf", "whatsapp",
    "telegram", "share on", "facebook", "twitter",
)


def _phrases(value: list) -> str | None:
    if not all(isinstance(p, str) and p.strip() for p in value):
        return "give phrases as text, such as ['join our course', 'download pdf']"
    return None


SCHEMA = Schema({
    "detect": Field((str, bool), default="auto", choices=("auto", "on", "off", True, False),
                    help="auto: only notes that look clipped; on: every topic; off: none"),
    "boilerplate": Field((list,), default=[], check=_phrases,
                         help="more phrases that mark a site's lines to drop (added to the built-in ones)"),
})


@dataclass(frozen=True)
class Settings:
    detect: str = "auto"
    boilerplate: tuple[str, ...] = DEFAULT_BOILERPLATE

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> "Settings":
        detect = values.get("detect", "auto")
        if detect is True or detect is False:  # YAML 1.1 reads bare on/off as booleans
            detect = "on" if detect else "off"
        extra = tuple(p.strip().casefold() for p in values.get("boilerplate") or ())
        return cls(detect=detect or "auto", boilerplate=DEFAULT_BOILERPLATE + extra)


def forced(meta: Mapping[str, Any]) -> bool | None:
    """The note's own `clipping: true|false`, or None when it does not say."""
    value = meta.get("clipping")
    return value if isinstance(value, bool) else None
