"""WeasyPrint's native libraries (Pango, HarfBuzz, fontconfig), loaded without helper processes.

WeasyPrint tries several names per library; cffi passes each name it cannot open directly to
`ctypes.util.find_library`, which on Linux starts `ldconfig`, `gcc` and `ld` for every guess:
86 processes per build, leaving files in the temporary folder. The names WeasyPrint tries last
(`libpango-1.0.so.0`) open directly, so while WeasyPrint loads, the guesses are answered with
"not found" at once. If that finds nothing (an unusual system), the ordinary lookup runs.
"""

from __future__ import annotations

import ctypes.util
import sys


def _not_found(name: str) -> None:
    return None


def load() -> None:
    if "weasyprint.text.ffi" in sys.modules or not sys.platform.startswith("linux"):
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        import weasyprint.text.ffi  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = original


load()
