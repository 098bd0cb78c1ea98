"""A build that dies part-way never leaves a broken dist/: kill it while writing, between the renames, or
corrupt a file afterwards, and the previous build is kept, restored or the damage is reported."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import write_sources
from kg.build import pipeline as kgbuild

ROOT = Path(__file__).resolve().parent.parent

# Runs a build in a child process with one step of write_dist slowed down, so the test can kill it there.
CHILD = textwrap.dedent("""\
    import os, sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    import kg.build.pipeline as b
    marker = Path({marker!r})
    where = {where!r}
    real_fsync, real_rename = os.fsync, os.rename
    calls = {{"fsync": 0, "rename": 0}}

    def slow_fsync(fd):
        real_fsync(fd)
        calls["fsync"] += 1
        if where == "writing" and calls["fsync"] == 2:
            marker.write_text("writing")
            time.sleep(120)

    def slow_rename(a, b_):
        real_rename(a, b_)
        calls["rename"] += 1
        if where == "between-renames" and calls["rename"] == 1:
            marker.write_text("between-renames")
            time.sleep(120)

    os.fsync = slow_fsync  # kg.dist writes the files
    os.rename = slow_rename
    b.build(Path({src!r}), dist=Path({dist!r}))
""")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path):
    """A sources tree and a good dist/ built from it."""
    src = write_sources(tmp_path)
    dist = tmp_path / "out" / "dist"
    kgbuild.build(src, dist=dist)
    assert kgbuild.verify_dist(dist) == []
    return src, dist


def kill_build_at(where: str, src: Path, dist: Path, tmp_path: Path) -> None:
    marker = tmp_path / f"marker-{where}"
    code = CHILD.format(root=str(ROOT), marker=str(marker), where=where, src=str(src), dist=str(dist))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "the build never reached the point to kill it at"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def assert_loadable(dist: Path) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(dist / "jaring.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(store) > 0


def test_killed_while_writing_leaves_dist_as_it_was(built, tmp_path):
    src, dist = built
    before = snapshot(dist)
    kill_build_at("writing", src, dist, tmp_path)
    assert snapshot(dist) == before
    assert kgbuild.verify_dist(dist) == []
    assert_loadable(dist)
    # the half-written folder is a hidden sibling; the next build clears it away
    assert [p for p in dist.parent.iterdir() if p.name.startswith(".dist-")]
    kgbuild.build(src, dist=dist)
    assert not [p for p in dist.parent.iterdir() if p.name.startswith(".dist-")]
    assert snapshot(dist) == before  # deterministic: the rebuild is byte-identical


def test_killed_between_the_renames_is_recovered(built, tmp_path):
    src, dist = built
    before = snapshot(dist)
    kill_build_at("between-renames", src, dist, tmp_path)
    assert not dist.exists()
    assert kgbuild.verify_dist(dist)[0].endswith("missing (run 'kg build')")
    kgbuild.recover_dist(dist)
    assert snapshot(dist) == before
    assert kgbuild.verify_dist(dist) == []
    assert_loadable(dist)


def test_the_next_build_recovers_by_itself(built, tmp_path):
    src, dist = built
    kill_build_at("between-renames", src, dist, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "--sources", str(src), "--dist", str(dist),
                           "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert kgbuild.verify_dist(dist) == []
    assert not [p for p in dist.parent.iterdir() if p.name.startswith(".dist-")]


def test_a_failed_write_leaves_dist_and_no_litter(built, monkeypatch):
    src, dist = built
    before = snapshot(dist)
    real_open = open
    count = {"n": 0}

    def failing_open(path, mode="r", *a, **kw):
        if "w" in mode and ".dist-" in str(path):
            count["n"] += 1
            if count["n"] == 3:
                raise OSError(28, "No space left on device")
        return real_open(path, mode, *a, **kw)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError):
        kgbuild.build(src, dist=dist)
    monkeypatch.undo()
    assert snapshot(dist) == before
    assert not [p for p in dist.parent.iterdir() if p.name.startswith(".dist-")]


def test_a_changed_byte_is_detected(built):
    _src, dist = built
    target = dist / "jaring.nq"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    problems = kgbuild.verify_dist(dist)
    assert problems == [f"{target}: checksum does not match the manifest (file changed or corrupt)"]


def test_a_truncated_file_is_detected(built):
    _src, dist = built
    target = dist / "jaring.ttl"
    target.write_bytes(target.read_bytes()[:100])
    assert any("jaring.ttl: checksum does not match" in p for p in kgbuild.verify_dist(dist))


def test_a_missing_file_is_reported(built):
    _src, dist = built
    (dist / "jaring.trig").unlink()
    assert kgbuild.verify_dist(dist) == [f"{dist / 'jaring.trig'}: missing"]


def test_a_missing_dist_is_reported(tmp_path):
    dist = tmp_path / "nowhere" / "dist"
    assert kgbuild.verify_dist(dist) == [f"{dist / 'manifest.json'}: missing (run 'kg build')"]


def test_an_unreadable_manifest_is_reported(built):
    _src, dist = built
    (dist / "manifest.json").write_text("{not json", encoding="utf-8")
    problems = kgbuild.verify_dist(dist)
    assert len(problems) == 1 and "manifest.json: unreadable" in problems[0]


def test_recover_dist_keeps_a_whole_dist_and_clears_leftovers(built):
    _src, dist = built
    before = snapshot(dist)
    stale = dist.parent / f".dist-{dist.name}-abc123"
    stale.mkdir()
    (stale / "jaring.nq").write_text("half", encoding="utf-8")
    kgbuild.recover_dist(dist)
    assert not stale.exists()
    assert snapshot(dist) == before


def test_recover_dist_with_nothing_to_recover_does_nothing(tmp_path):
    dist = tmp_path / "dist"
    kgbuild.recover_dist(dist)
    assert not dist.exists()


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_an_interrupted_build_exits_without_changing_dist(built, tmp_path):
    """SIGINT (Ctrl-C) during the build: the process ends and dist/ is as it was."""
    src, dist = built
    before = snapshot(dist)
    marker = tmp_path / "marker-writing"
    code = CHILD.format(root=str(ROOT), marker=str(marker), where="writing", src=str(src), dist=str(dist))
    # the child sets its own SIGINT disposition: a suite run in the background (`cmd &`) inherits SIGINT
    # ignored, and Python then installs no KeyboardInterrupt handler, so the signal would do nothing
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 90
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the child never reached the writing step"
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    assert proc.returncode != 0
    assert snapshot(dist) == before
    assert not [p for p in dist.parent.iterdir() if p.name.startswith(".dist-")]
