"""WeasyPrint beyond its public API: the URL fetcher booklet subclasses, and laid-out page boxes."""

from __future__ import annotations

from typing import Any

from weasyprint.urls import FatalURLFetchingError, URLFetcher

__all__ = ["FatalURLFetchingError", "LockedFetcher", "page_box"]


class LockedFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to `file:` and `data:` URLs, no redirects, a short timeout and
    every failure fatal; subclasses decide which files (`allow`) before anything is read."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None):
        self.allow(url)
        return super().fetch(url, headers)

    def allow(self, url: str) -> None:
        """Raise FatalURLFetchingError for a URL that must not be read."""


def page_box(page) -> Any:
    """The laid-out box of a rendered page (`Document.pages[n]`), for tests of what WeasyPrint placed."""
    return page._page_box
