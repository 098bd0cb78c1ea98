"""A matrix of broken source records: ``kg build`` refuses each one, says where and why, and leaves dist/ alone.

Each case writes a small, otherwise valid sources tree (the real vocabularies and seed bibliography plus a few
base records), breaks one thing, runs ``kg build`` in a subprocess against a dist/ that holds a previous good
build, and checks: a non-zero exit, the exact ``file:line: field: message`` on stderr, and a dist/ that is
byte-for-byte what it was.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import write_sources

ROOT = Path(__file__).resolve().parent.parent

INST = "sources/institutions/i.yaml"
REG = "sources/regions/r.yaml"
UU = "sources/instruments/uu.yaml"
ENT = "sources/entitlements/e.yaml"

KEMENSOS = """\
    - id: kemensos
      name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
      kind: ministry
      level: national
      source: {doc: nexus-going-home, at: "§4.1"}
"""


def run_build(src: Path, dist: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JARING_")}
    return subprocess.run([sys.executable, "-m", "kg", "build", "--sources", str(src), "--dist", str(dist),
                           "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_dist(tmp_path_factory) -> Path:
    """One good build of the base tree, copied into every case as its 'previous' dist/."""
    base = tmp_path_factory.mktemp("good")
    src = write_sources(base)
    dist = base / "dist"
    proc = run_build(src, dist)
    assert proc.returncode == 0, proc.stderr
    assert (dist / "manifest.json").exists()
    return dist


FIXTURES = Path(__file__).parent / "fixtures" / "invalid"


def fixture_cases() -> list[tuple[str, dict, list[str]]]:
    """The broken-record cases kept as readable YAML (tests/fixtures/invalid/<case>.yaml): the files to write
    (relative to sources/) beside the messages ``kg build`` must print. See the README there to add one."""
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        case = yaml.safe_load(path.read_text("utf-8"))
        assert set(case) == {"expect", "files"}, f"{path.name}: a case has 'files' and 'expect'"
        out.append((path.stem, dict(case["files"]), list(case["expect"])))
    return out


# (case id, files to write (relative to sources/; bytes are written as is), expected stderr lines): the cases
# that are bytes rather than text (not expressible as a readable YAML fixture), then every fixture
CASES: list[tuple[str, dict, list[str]]] = [
    ("non-utf8-bytes", {"institutions/i.yaml": b"- id: kemensos\n  acronym: Kemensos\n  note: caf\xe9\n"},
     [f"{INST}:3: (file): not valid UTF-8 (byte 0xe9)"]),
    ("huge-file", {"institutions/i.yaml": b"# " + b"x" * (5 * 1024 * 1024) + b"\n"},
     [f"{INST}:1: (file): file is 5242883 bytes, over the 5242880-byte limit"]),
]
CASES += fixture_cases()


@pytest.mark.parametrize("name,files,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_record_is_refused_and_dist_untouched(tmp_path, good_dist, name, files, expected):
    src = write_sources(tmp_path, files)
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    before = snapshot(dist)
    proc = run_build(src, dist)
    assert proc.returncode == 1, f"{name}: build did not fail\n{proc.stdout}\n{proc.stderr}"
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("kg build: ") and lines[0].endswith("dist/ left unchanged"), proc.stderr
    assert "Traceback" not in proc.stderr
    for want in expected:
        assert any(line.startswith(want) for line in lines), f"{name}: expected {want!r} in\n{proc.stderr}"
    assert snapshot(dist) == before, f"{name}: dist/ changed"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist-")], "temporary folders left behind"


def test_the_matrix_covers_at_least_25_kinds():
    assert len({c[0] for c in CASES}) == len(CASES) >= 25


def test_every_error_line_has_the_file_line_field_form(tmp_path, good_dist):
    """Several broken files at once: every error is reported, each as file:line: field: message."""
    files = {}
    for name, case_files, _ in CASES[:40]:
        if any(isinstance(v, bytes) for v in case_files.values()) or "vocab/" in "".join(case_files):
            continue
        for rel, text in case_files.items():
            folder, _, fname = rel.rpartition("/")
            files[f"{folder}/{name}-{fname}"] = text
    src = write_sources(tmp_path, files)
    proc = run_build(src, tmp_path / "dist")
    assert proc.returncode == 1
    import re

    body = proc.stderr.splitlines()[1:]
    assert len(body) >= 20
    pattern = re.compile(r"^(sources/\S+|\(build\)):\d+: \S.*?: .+$")
    assert all(pattern.match(line) for line in body), [line for line in body if not pattern.match(line)]
