"""ebooklib beyond its public API: an XHTML page whose written content booklet may still adjust."""

from __future__ import annotations

from typing import Callable

from ebooklib import epub


class AdjustedPage(epub.EpubHtml):
    """ebooklib's XHTML document; `adjust` runs on the content ebooklib writes (after it has
    parsed and re-serialised the page), which its public API offers no hook for."""

    adjust: Callable[[bytes], bytes] = staticmethod(lambda content: content)

    def get_content(self, default=None):
        return self.adjust(super().get_content(default))
