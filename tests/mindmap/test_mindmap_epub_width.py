"""EPUB maps on a phone: at 360 CSS px the map is a vertical tree of text at least 12 px, and the
wide SVG is kept for wide screens. Measured in headless Chromium (Debian's `chromium`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import zipfile
from html import unescape
from pathlib import Path

import pytest

from booklet.cli import main

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "mapsizes" / "mapsizes.yml"
PROBE = Path(__file__).parent / "probe" / "probe.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def epub_pages(tmp_path_factory) -> Path:
    """The scenario's EPUB, unpacked, with the probe script beside its pages."""
    out = tmp_path_factory.mktemp("mapsizes-epub")
    assert main(["build", str(SCENARIO), "--format", "epub", "--out", str(out)]) == 0
    with zipfile.ZipFile(out / "mapsizes.epub") as epub:
        epub.extractall(out / "unpacked")
    folder = out / "unpacked" / "EPUB"
    shutil.copy(PROBE, folder / "probe.js")
    return folder


def _measure(folder: Path, page: str, width: int) -> dict:
    """Load `page` in a frame `width` CSS px wide (a phone's viewport) and read what probe.js saw."""
    probed = folder / f"probe-{page}"
    probed.write_text((folder / page).read_text(encoding="utf-8").replace(
        "</body>", '<script src="probe.js"></script></body>'), encoding="utf-8")
    frame = folder / f"frame-{width}-{page}.html"
    frame.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe src="{probed.name}" '
                     f'style="width:{width}px;height:800px;border:0"></iframe></body></html>', encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--allow-file-access-from-files", f"--user-data-dir={profile}", "--window-size=1200,900",
             "--virtual-time-budget=3000", "--dump-dom", frame.as_uri()],
            capture_output=True, text=True, timeout=120).stdout
    start = dom.index('data-probe="') + len('data-probe="')
    return json.loads(unescape(dom[start:dom.index('"', start)]))


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium; .ci/run installs it)")
def test_on_a_phone_the_map_is_a_tree_of_readable_text(epub_pages):
    phone = _measure(epub_pages, "indian-ocean.xhtml", 360)
    assert phone["scroll"] <= phone["width"] <= 360  # nothing wider than the screen
    assert phone["svgVisible"] == [False] and phone["narrowVisible"] == [True]
    assert phone["smallest"] >= 12
    # Every branch and lead phrase is there, as text.
    for label in ("SAGAR and the doctrine", "Chokepoints and sea lanes", "Strait of Hormuz", "IORA", "Way forward"):
        assert label in phone["labels"]


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium; .ci/run installs it)")
def test_on_a_wide_screen_the_map_is_the_svg(epub_pages):
    wide = _measure(epub_pages, "indian-ocean.xhtml", 1000)
    assert wide["svgVisible"] == [True] and wide["narrowVisible"] == [False]
    assert wide["smallest"] >= 12  # a label's line on screen, in CSS px
