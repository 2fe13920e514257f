"""Checks for the system packages pip cannot install: Pango (PDF), Java (EPUBCheck) and poppler (tests)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

_PANGO_HINT = "install Pango 1.44 or newer (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
_JAVA_HINT = "install Java 11 or newer (Debian/Ubuntu: apt-get install default-jre-headless)"
_POPPLER_HINT = "the tests render pages and read PDFs with poppler; install it (Debian/Ubuntu: apt-get install poppler-utils)"


def check_pango() -> str | None:
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError as exc:
        return f"WeasyPrint cannot load Pango ({exc}); {_PANGO_HINT}"
    return None


def check_java() -> str | None:
    java = shutil.which("java")
    if not java:
        return f"Java is needed to run EPUBCheck, and 'java' is not on PATH; {_JAVA_HINT}"
    result = subprocess.run([java, "-version"], capture_output=True, text=True)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if not match:
        return f"could not tell the Java version from '{java} -version'; {_JAVA_HINT}"
    major = int(match.group(1))
    if major == 1:  # "1.8.0" style
        major = int(match.group(2) or 0)
    if major < 11:
        return f"Java {major} is too old for EPUBCheck 5; {_JAVA_HINT}"
    return None


def check_poppler() -> str | None:
    # The tests render pages (pdftoppm) and read PDFs as readers do: pdffonts for the embedded
    # faces, pdftotext for the text (it honours /ActualText, which Devanagari needs).
    missing = [tool for tool in ("pdftoppm", "pdffonts", "pdftotext") if not shutil.which(tool)]
    return f"{', '.join(repr(t) for t in missing)} not on PATH; {_POPPLER_HINT}" if missing else None


def main(argv: list[str]) -> int:
    checks = [check_pango]
    if argv[:1] == ["test"]:
        checks += [check_java, check_poppler]
    problems = [p for p in (check() for check in checks) if p]
    for problem in problems:
        print(f"booklet: error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
