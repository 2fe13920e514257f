"""Packaging: the wheel and sdist carry the layouts, and an installed booklet builds outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdffonts import embedded_fonts

ROOT = Path(__file__).resolve().parent.parent


def test_layouts_are_found_through_the_package():
    from booklet.layout import BUILTIN

    assert (BUILTIN / "default" / "booklet.html").is_file()
    assert BUILTIN == (ROOT / "layouts").resolve()  # the editable install maps the repository's folder


def _run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_the_wheel_installs_into_a_clean_venv_and_builds_a_booklet(tmp_path):
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=tmp_path)  # sdist, then the wheel from it
    wheel, = dist.glob("revision_booklet-*.whl")
    sdist, = dist.glob("revision_booklet-*.tar.gz")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "booklet/layouts/default/print.css" in names
    code = {str(p.relative_to(ROOT)) for p in (ROOT / "booklet").rglob("*.py")}
    assert code <= set(names), "modules missing from the wheel"
    layouts = {"booklet/" + str(p.relative_to(ROOT)) for p in (ROOT / "layouts").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert layouts <= set(names), "layout files missing from the wheel"
    assert "booklet/starter/notes/parliament.md" in names
    assert "booklet/layouts/default/fonts/licenses/Noto.txt" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    with tarfile.open(sdist) as tf:
        members = tf.getnames()
    assert any(m.endswith("/layouts/default/booklet.html") for m in members)
    assert any(m.endswith("/LICENSE") for m in members)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    _run(env_dir / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)

    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    booklet = env_dir / "bin" / "booklet"
    # As the README says: a starter project in an empty folder outside the checkout, then a bare build.
    _run(booklet, "new", "notes", cwd=tmp_path, env=clean)
    project = tmp_path / "notes"
    (project / "notes" / "sansad.md").write_text("---\ntitle: संसद\nlang: hi\n---\n\n## दो सदन\n\n"
                                                  "- लोकसभा\n- राज्यसभा\n")
    manifest = project / "booklet.yml"
    manifest.write_text(manifest.read_text().replace("      - notes/parliament.md\n",
                                                     "      - notes/parliament.md\n      - notes/sansad.md\n"))
    _run(booklet, "build", "--strict", cwd=project, env=clean)
    pdf = project / "build" / "booklet.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "My revision booklet" in text and "Rajya Sabha" in text and "Your Institute" in text
    assert (project / "build" / "booklet.epub").stat().st_size > 0
    assert any("Booklet-Serif-Devanagari" in name for name in embedded_fonts(pdf))  # fonts from the wheel
