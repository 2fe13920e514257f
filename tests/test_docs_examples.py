"""Every example in docs/examples builds, as the docs promise, and its EPUB is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.cli import main
from conftest import epubcheck_messages

EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
MANIFESTS = sorted(EXAMPLES.glob("*/*.yml"))


def test_there_are_examples():
    assert MANIFESTS


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.parent.name)
def test_example_builds(manifest, tmp_path):
    assert main(["build", str(manifest), "-f", "pdf,epub", "--out", str(tmp_path)]) == 0
    assert (tmp_path / f"{manifest.stem}.pdf").stat().st_size > 0
    assert epubcheck_messages(tmp_path / f"{manifest.stem}.epub") == []
