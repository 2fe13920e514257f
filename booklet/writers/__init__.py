"""Writers: PDF (WeasyPrint), EPUB (ebooklib) and an HTML preview, all from the same sections."""

from .. import native  # noqa: F401  (before WeasyPrint: loads its libraries without helper processes)
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int | None
    size: int
    seconds: float
