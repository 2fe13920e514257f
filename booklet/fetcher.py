"""The only way WeasyPrint may load a file: local, inside the project or the layouts, never the network."""

from __future__ import annotations

from . import native  # noqa: F401  (before WeasyPrint: loads its libraries without helper processes)
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .sources import inside


class OfflineFetcher(URLFetcher):
    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(r.resolve() for r in roots)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            raise FatalURLFetchingError(f"refused to fetch '{url}': builds never use the network")
        path = Path(unquote(parts.path))
        if not inside(path, self.roots):
            raise FatalURLFetchingError(f"refused to read '{path}': it is outside the project and the layouts")
        return super().fetch(url, headers)
