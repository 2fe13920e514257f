"""booklet: Markdown study notes to print-ready PDF and EPUB revision booklets."""

__version__ = "0.1.0"
FORMATS = ("pdf", "epub", "html")   # what `build` writes (here: the command line reads it before the pipeline)

from .errors import BookletError, BuildFailed, Diagnostic, Reporter, SourceLocation  # noqa: E402

__all__ = ["BookletError", "BuildFailed", "Diagnostic", "Output", "Reporter", "SourceLocation", "__version__",
           "build", "check"]

_API = ("build", "check", "Output")


def __getattr__(name: str):
    # The API imports WeasyPrint; load it on first use so that `python -m booklet.system` can
    # still explain a missing Pango.
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'booklet' has no attribute {name!r}")
