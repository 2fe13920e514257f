"""`booklet new`: copy the starter project (a manifest, two topics, a brand-pack stub) into a folder."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

STARTER = "starter"  # booklet/starter/: data files, never imported


def scaffold(folder: Path) -> list[Path]:
    """Copy the starter project into `folder` (created if needed); return the files written."""
    source = resources.files("booklet") / STARTER
    written = []
    with resources.as_file(source) as root:
        for file in sorted(p for p in Path(root).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            target = folder / file.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
            written.append(target)
    return written
