"""booklet: Markdown study notes to print-ready PDF and EPUB revision booklets."""

__version__ = "0.1.0"

from .errors import BookletError, Diagnostic, Reporter, SourceLocation  # noqa: E402

__all__ = ["BookletError", "Diagnostic", "Reporter", "SourceLocation", "__version__"]
