"""Writers: PDF (WeasyPrint), EPUB (ebooklib) and an HTML preview, all from the same sections."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int | None
    size: int
    seconds: float
