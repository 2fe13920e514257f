"""The only way WeasyPrint may load a file: local, inside the project or the layouts, never the network."""

from __future__ import annotations

from . import native  # noqa: F401  (before WeasyPrint: loads its libraries without helper processes)
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .adapters.weasy import FatalURLFetchingError, LockedFetcher
from .sources import inside


class OfflineFetcher(LockedFetcher):
    def __init__(self, roots: tuple[Path, ...]):
        super().__init__()
        self.roots = tuple(r.resolve() for r in roots)

    def allow(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return
        if parts.scheme != "file":
            raise FatalURLFetchingError(f"refused to fetch '{url}': builds never use the network")
        path = Path(unquote(parts.path))
        if not inside(path, self.roots):
            raise FatalURLFetchingError(f"refused to read '{path}': it is outside the project and the layouts")
