"""Behaviour-unchanged check for refactors (issue 20): snapshot the outputs of the CLI, then compare.

    python tests/bench_compare.py snapshot OUTDIR   # dist/ files, `kg gaps` CSV + Markdown, docs/gaps.md,
                                                     # `kg entitlements --format json` of every scenario profile
    python tests/bench_compare.py compare BASEDIR   # snapshot again (into a temp folder) and compare with BASEDIR
    python tests/bench_compare.py compare-ref REF   # snapshot git REF (e.g. the main commit last merged: HEAD^2)
                                                     # from an exported copy, then compare this tree with it

Only the CLI is used (subprocess, this interpreter, PYTHONPATH of the caller), so the same script runs on the
code before and after a change. Both snapshots must be taken from the same sources/ for the comparison to mean
anything. Exit code 0 = identical; 1 = differences (listed, with the first differing line of each file).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios"


_CACHE = tempfile.mkdtemp(prefix="jaring-compare-cache-")


def _kg(*args: str, cwd: Path) -> str:
    env = dict(os.environ)
    env.pop("JARING_DIST", None)
    # a fresh, private temp and cache folder: gaps cached by an earlier run (keyed by the graph's checksum,
    # which is the same before and after a refactor) must not stand in for computing them again
    env["TMPDIR"] = env["XDG_CACHE_HOME"] = _CACHE
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout


def snapshot(out: Path) -> None:
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    dist = out / "dist"
    _kg("build", "--dist", str(dist), "--quiet", cwd=ROOT)
    gaps = out / "gaps"
    _kg("gaps", "--dist", str(dist), "--out", str(gaps), "--quiet", cwd=ROOT)
    (gaps / "shacl-report.ttl").unlink(missing_ok=True)  # blank-node ids differ between runs
    # docs/gaps.md as the code writes it: `kg build` of the project's own sources into its own dist/
    _kg("build", "--quiet", cwd=ROOT)
    shutil.copy(ROOT / "docs" / "gaps.md", out / "docs-gaps.md")
    ents = out / "entitlements"
    ents.mkdir()
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        prof = ents / f"{path.stem}.profile.json"
        prof.write_text(json.dumps(data["profile"], default=str), "utf-8")
        text = _kg("entitlements", "--dist", str(dist), "--profile", str(prof), "--as-of", str(data["as_of"]),
                   "--format", "json", "--gaps", cwd=ROOT)
        prof.unlink()
        (ents / f"{path.stem}.json").write_text(text, "utf-8")
    print(f"snapshot written to {out}")


def _first_diff(a: bytes, b: bytes) -> str:
    la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}:\n    - {x[:200]}\n    + {y[:200]}"
    return f"length {len(la)} vs {len(lb)} lines"


def compare(base: Path, new: Path) -> list[str]:
    base, new = Path(base), Path(new)
    diffs = []
    names = {p.relative_to(base) for p in base.rglob("*") if p.is_file()}
    names |= {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    for rel in sorted(names):
        a, b = base / rel, new / rel
        if not a.exists() or not b.exists():
            diffs.append(f"{rel}: only in {'new' if not a.exists() else 'base'}")
        elif a.read_bytes() != b.read_bytes():
            diffs.append(f"{rel}: differs at {_first_diff(a.read_bytes(), b.read_bytes())}")
    return diffs


def snapshot_ref(ref: str, out: Path) -> None:
    """Export git ``ref`` into a temporary folder and snapshot it there, with its own code and sources."""
    with tempfile.TemporaryDirectory(prefix="jaring-ref-") as tmp:
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        shutil.copy(Path(__file__), Path(tmp) / "tests" / "bench_compare.py")
        env = dict(os.environ, PYTHONPATH=tmp)
        subprocess.run([sys.executable, str(Path(tmp) / "tests" / "bench_compare.py"), "snapshot", str(out)],
                       cwd=tmp, env=env, check=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("snapshot", "compare", "compare-ref"):
        print(__doc__)
        return 2
    if argv[0] == "snapshot":
        snapshot(Path(argv[1]))
        return 0
    if argv[0] == "compare-ref":
        base = Path(tempfile.mkdtemp(prefix="jaring-base-"))
        snapshot_ref(argv[1], base)
        argv = ["compare", str(base)]
    with tempfile.TemporaryDirectory(prefix="jaring-compare-") as tmp:
        snapshot(Path(tmp) / "new")
        diffs = compare(Path(argv[1]), Path(tmp) / "new")
        count = sum(1 for p in Path(tmp, "new").rglob("*") if p.is_file())
    for d in diffs:
        print(d)
    print(f"bench compare: {count} files compared, {len(diffs)} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
