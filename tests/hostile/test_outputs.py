"""All outputs or none: staging, the output-folder lock, stale temporary files, kill and disk-full faults,
and reproducible bytes."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import select
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from booklet import pipeline
from conftest import epubcheck_messages, page_texts
from hostile_helpers import MANIFEST, NOTE

TOPICS = 6   # a booklet of several chunks and pages, as the staging and lock tests need


def _project(folder: Path, name: str = "polity", text: str = "Article 32 is the heart of Part III.") -> Path:
    topics = "\n".join(f"      - notes/t{i}.md" for i in range(TOPICS))
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    for i in range(TOPICS):
        (folder / "notes" / f"t{i}.md").write_text(NOTE.replace("Fundamental Rights", f"Rights {i}") + f"\n{text}\n")
    manifest = folder / f"{name}.yml"
    manifest.write_text(MANIFEST.replace('"Hostile test"', f'"{name.title()} notes"')
                        .replace("      - notes/polity.md", topics), encoding="utf-8")
    return manifest


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _pdf_temps(folder: Path) -> list[str]:
    return [name for name in _temps(folder) if name.startswith(".polity.pdf.")]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _booklet(*args, cwd: Path, env: dict | None = None, preexec_fn=None) -> subprocess.Popen:
    command = [sys.executable, "-m", "booklet", *map(str, args)]
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, preexec_fn=preexec_fn)


def test_a_failure_in_the_second_manifest_leaves_the_first_ones_outputs_untouched(tmp_path, run, monkeypatch):
    first, second = _project(tmp_path, "polity"), _project(tmp_path, "economy")
    out = tmp_path / "build"
    assert run("build", first, second, "--format", "pdf,epub,html", "--out", out, cwd=tmp_path).code == 0
    before = _snapshot(out)
    _project(tmp_path, "polity", "A later edit that must not reach the PDF.")
    real_write = pipeline.write

    def disk_full_at_second_epub(prepared, fmt, target, *engine):
        if fmt == "epub" and prepared.rendered.booklet.name == "economy":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(prepared, fmt, target, *engine)

    monkeypatch.setattr(pipeline, "write", disk_full_at_second_epub)
    result = run("build", first, second, "--format", "pdf,epub,html", "--out", out, cwd=tmp_path)
    assert result.code == 1
    assert "/build/economy.epub: No space left on device" in result.err and "cannot write " in result.err
    assert "nothing was written" in result.err
    assert "Traceback" not in result.err and "ZipFile" not in result.err
    assert result.out == ""   # no output is announced as written
    assert _snapshot(out) == before
    assert _temps(out) == []


def test_the_epub_writer_failing_leaves_the_pdf_untouched(tmp_path, run, monkeypatch):
    manifest, out = _project(tmp_path), tmp_path / "build"
    assert run("build", manifest, "--out", out, cwd=tmp_path).code == 0
    before = _snapshot(out)
    _project(tmp_path, text="Changed after the first build.")
    import booklet.writers.epubzip as epubzip

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(epubzip, "write", broken)
    result = run("build", manifest, "--out", out, cwd=tmp_path)
    assert result.code == 1 and "/build/polity.epub: Input/output error" in result.err
    assert _snapshot(out) == before and _temps(out) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MiB tmpfs mounted for the test: a disk that really fills up. Needs root and mount rights."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs a tmpfs mount, which needs root; the simulated one runs anyway")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); the simulated full disk runs anyway")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_really_full_disk_names_the_file_and_leaves_the_previous_outputs(tmp_path, small_disk, run):
    manifest, out = _project(tmp_path), small_disk / "build"
    assert run("build", manifest, "--format", "pdf,epub,html", "--out", out, cwd=tmp_path).code == 0
    before = _snapshot(out)
    _project(tmp_path, text="A later edit that finds the disk full.")
    free = os.statvfs(small_disk)
    with open(small_disk / "filler", "wb") as filler:   # leave two pages: far less than any output
        filler.write(b"\0" * (free.f_bavail * free.f_frsize - 2 * free.f_frsize))
    result = run("build", manifest, "--format", "pdf,epub,html", "--out", out, cwd=tmp_path)
    assert result.code == 1
    assert re.search(r"error: cannot write \S*/build/polity\.(pdf|epub|html): No space left on device", result.err), \
        result.err
    assert "nothing was written" in result.err and "Traceback" not in result.err and "ZipFile" not in result.err
    assert _snapshot(out) == before and _temps(out) == []


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_during_a_write_previous_outputs_survive_and_the_next_build_cleans_up(sig, tmp_path, run):
    manifest, out = _project(tmp_path), tmp_path / "build"
    assert run("build", manifest, "--out", out, cwd=tmp_path).code == 0
    before = _snapshot(out)
    _project(tmp_path, text="Changed: this text must not appear after the kill.")
    process = _booklet("build", manifest, "--out", out, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not _pdf_temps(out) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    # Stop the build where it is, so that no guess at how long its layout lasts decides the test
    # (a sleep did: on a fast machine or with a warm cache the build had finished and renamed).
    process.send_signal(signal.SIGSTOP)
    staged = _pdf_temps(out)
    assert staged, "the build finished before the PDF's temporary file was seen"
    # Inside the PDF's layout: its staged file is still empty, the join's own temporary file and
    # the EPUB's are not there yet.
    assert len(staged) == 1 and (out / staged[0]).stat().st_size == 0 and _temps(out) == staged, _temps(out)
    process.send_signal(sig)
    process.send_signal(signal.SIGCONT)              # a stopped process handles SIGTERM once it runs again
    _, err = process.communicate(timeout=60)
    assert _snapshot(out).keys() >= before.keys()
    assert {name: data for name, data in _snapshot(out).items() if name in before} == before
    if sig == signal.SIGTERM:
        assert process.returncode == 143
        assert "terminated; nothing was written" in err and "Traceback" not in err
        assert _temps(out) == []          # cleaned up like Ctrl-C
    else:
        assert process.returncode == -signal.SIGKILL
    result = run("build", manifest, "--out", out, cwd=tmp_path)
    assert result.code == 0 and _temps(out) == []
    assert any("must not appear after the kill" in page for page in page_texts(out / "polity.pdf"))


def test_a_second_build_into_the_same_folder_waits_for_the_first(tmp_path):
    manifest, out = _project(tmp_path), tmp_path / "build"
    out.mkdir()
    (out / ".polity.pdf.k3j9x2ab.tmp").write_bytes(b"left by a killed build")
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)           # as a running build holds it
        process = _booklet("build", manifest, "--format", "epub", "--out", out, cwd=tmp_path)
        ready, _, _ = select.select([process.stderr], [], [], 120)   # imports are slow on a busy machine
        assert ready and "waiting for another build writing into" in process.stderr.readline()
        time.sleep(1)
        assert process.poll() is None            # still waiting
        assert sorted(p.name for p in out.iterdir()) == [".polity.pdf.k3j9x2ab.tmp"]
    finally:
        os.close(fd)                             # releases the lock
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["polity.epub"]   # the stale file is gone too


def test_same_bytes_across_folders_and_time_zones(tmp_path):
    builds = []
    for folder, zone in (("kolkata", "Asia/Kolkata"), ("nested/los-angeles", "America/Los_Angeles")):
        manifest = _project(tmp_path / folder)
        process = _booklet("build", manifest, "--out", "out", cwd=manifest.parent, env={"TZ": zone})
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        builds.append(manifest.parent / "out")
    for name in ("polity.pdf", "polity.epub"):
        assert (builds[0] / name).read_bytes() == (builds[1] / name).read_bytes(), name
    with zipfile.ZipFile(builds[0] / "polity.epub") as archive:
        names = archive.namelist()
        assert names[:2] == ["mimetype", "META-INF/container.xml"] and names[2:] == sorted(names[2:])
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 15, 0, 0, 0)}
    assert epubcheck_messages(builds[0] / "polity.epub") == []


def test_source_date_epoch_sets_the_epub_times(tmp_path, run, monkeypatch):
    manifest = _project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")       # 2026-01-01 00:00 UTC
    assert run("build", manifest, "--format", "epub", "--out", tmp_path / "out", cwd=tmp_path).code == 0
    with zipfile.ZipFile(tmp_path / "out" / "polity.epub") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert "<meta property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>" in \
            archive.read("EPUB/content.opf").decode()


def _without_root_overrides() -> None:
    """In the child, before exec: drop the capabilities that let root read any file whatever its
    permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from the bounding set; root's program then
    gets none of them, and a mode-000 file is unreadable to it as to anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:   # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def test_an_unreadable_topic_says_cannot_read(tmp_path, run):
    manifest = _project(tmp_path)
    unreadable = tmp_path / "notes" / "t1.md"
    unreadable.chmod(0)
    if os.geteuid() != 0:
        result = run("check", manifest, cwd=tmp_path)
        code, err = result.code, result.err
    else:   # root reads any file: check from a process without that power
        command = [sys.executable, "-c", f"open({str(unreadable)!r}).read()"]
        try:
            probe = subprocess.run(command, preexec_fn=_without_root_overrides, capture_output=True)
        except subprocess.SubprocessError:
            pytest.skip("running as root, and this system lets no process drop root's file-access capabilities")
        assert probe.returncode != 0 and b"PermissionError" in probe.stderr   # the file is really unreadable
        process = _booklet("check", manifest, cwd=tmp_path, preexec_fn=_without_root_overrides)
        _, err = process.communicate(timeout=120)
        code = process.returncode
    assert code == 1, err
    assert f"notes/t1.md:1: error: cannot read {unreadable}: Permission denied" in err
    assert "cannot write" not in err and "Traceback" not in err


def test_layout_over_its_time_budget_is_an_error_naming_the_topic_and_leaves_outputs(tmp_path, run, monkeypatch):
    from booklet import bounded
    from booklet.engine import pool

    manifest, out = _project(tmp_path), tmp_path / "build"
    assert run("build", manifest, "--format", "epub", "--out", out, cwd=tmp_path).code == 0
    before = _snapshot(out)
    # A layout that never ends. A small real booklet can lay out a chunk in under 0.2 s on a quiet
    # machine, so a short budget alone made this test pass or fail by the machine's load. The
    # workers are forked after this patch, so they run the stand-in.
    monkeypatch.setattr(pool, "begin", lambda job: time.sleep(3600))
    monkeypatch.setattr(bounded, "LAYOUT_SECONDS", 0.2)
    started = time.monotonic()
    result = run("build", manifest, "--out", out, "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert result.code == 1
    assert "error: laying out 'Polity notes' failed: no progress for 0.2 s; it was stopped" in result.err
    assert "Traceback" not in result.err
    assert _snapshot(out) == before and _temps(out) == []
