"""The dist/ contract, read and written in one place (issue 20): where the built graph lives, what it holds,
its manifest, verification, recovery after a killed build, atomic writes, and its data version.

Imports no stage of the pipeline (only the standard library), so the builder, the store, the server, the gap
engine, the app and the CLI can all use it without reaching into each other.

Where (``--dist`` / ``--sources`` defaults, like git finds its repository)
    ``sources``: ``sources/`` in the nearest folder at or above the current one that has one, else the one
    beside the ``kg`` package. ``dist``: ``$JARING_DIST`` if set; else ``dist/`` in the nearest folder at or
    above the current one that has a ``dist/`` or a ``sources/`` folder; else the one beside the package.
Data version
    the manifest's checksum of ``jaring.nq``: it changes exactly when the graph changes, so caches (the store,
    the app, the gap cache) keyed by it see a rebuild without a restart.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ENV_DIST = "JARING_DIST"
DATA_FILE = "jaring.nq"
MANIFEST = "manifest.json"
FILES = {  # file name → (format, what it holds)
    "jaring.trig": ("trig", "every named graph"),
    "jaring.nq": ("nquads", "every named graph, one quad a line, sorted"),
    "jaring.ttl": ("turtle", "all graphs merged"),
    "jaring.nt": ("nt", "all graphs merged, one triple a line, sorted"),
    "jaring.jsonld": ("json-ld", "every named graph"),
    "ontology.ttl": ("turtle", "the ontology alone"),
    "context.jsonld": ("json-ld", "the JSON-LD context: the project's prefixes"),
    "void.ttl": ("turtle", "the dataset description (VoID, DCAT): licence, version, files with checksums, graphs"),
}
SOURCES_HELP = ("sources folder (default: sources/ in the nearest folder at or above the current one that has "
                "one, like git finds its repository; else the one beside the kg package)")
DIST_HELP = ("built graph folder (default: $JARING_DIST, else dist/ in the nearest folder at or above the current "
             "one that has a dist/ or sources/ folder; else the one beside the kg package)")


# --- where ------------------------------------------------------------------------------------------------------

def find_up(name: str, start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the current folder) holding a folder ``name``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / name).is_dir():
            return folder
    return None


def default_sources(start: Path | None = None) -> Path:
    found = find_up("sources", start)
    return (found or PACKAGE_ROOT) / "sources"


def default_dist(start: Path | None = None) -> Path:
    env = os.environ.get(ENV_DIST)
    if env:
        return Path(env)
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "dist").is_dir() or (folder / "sources").is_dir():
            return folder / "dist"
    return PACKAGE_ROOT / "dist"


def resolve(dist: Path | str | None = None) -> Path:
    """``dist`` if given, else :func:`default_dist`."""
    return Path(dist) if dist else default_dist()


def data_file(dist: Path | str | None = None) -> Path:
    return resolve(dist) / DATA_FILE


# --- reading ----------------------------------------------------------------------------------------------------

def read_manifest(dist: Path | str | None = None) -> dict:
    """The build's manifest (files with checksums, summary with version and counts); ``{}`` if missing or
    unreadable."""
    try:
        return json.loads((resolve(dist) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def manifest_version(manifest: dict) -> str | None:
    return (manifest.get("files") or {}).get(DATA_FILE, {}).get("sha256") or None


def data_version(dist: Path | str | None = None) -> str | None:
    """The data version of a built graph: the manifest's sha256 of ``jaring.nq`` (None when not built)."""
    return manifest_version(read_manifest(dist))


def manifest_stamp(dist: Path | str | None = None) -> tuple | None:
    """A cheap key that changes whenever a build replaces ``dist`` (the manifest's mtime and bytes), without
    hashing the data files; None when there is no manifest."""
    path = resolve(dist) / MANIFEST
    try:
        return path.stat().st_mtime_ns, path.read_bytes()
    except OSError:
        return None


def verify(dist: Path | str | None = None) -> list[str]:
    """Problems with ``dist`` (missing files, checksum mismatch); empty when it is whole."""
    dist = resolve(dist)
    manifest_path = dist / MANIFEST
    if not manifest_path.exists():
        return [f"{manifest_path}: missing (run 'kg build')"]
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{manifest_path}: unreadable ({exc})"]
    problems = []
    for name, meta in manifest.get("files", {}).items():
        path = dist / name
        if not path.exists():
            problems.append(f"{path}: missing")
        elif _sha256(path) != meta["sha256"]:
            problems.append(f"{path}: checksum does not match the manifest (file changed or corrupt)")
    return problems


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- writing ----------------------------------------------------------------------------------------------------

class Counted:
    """A binary file wrapper that hashes and counts what passes through (keeps it instead when ``fh`` is None)."""

    def __init__(self, fh):
        self.fh, self.sha, self.bytes, self.chunks = fh, hashlib.sha256(), 0, []

    def write(self, data) -> int:
        data = bytes(data)
        self.sha.update(data)
        self.bytes += len(data)
        if self.fh is None:
            self.chunks.append(data)
        else:
            self.fh.write(data)
        return len(data)

    def flush(self) -> None:
        if self.fh is not None:
            self.fh.flush()


def write_file(path: Path, data: bytes | Callable) -> tuple[str, int]:
    """Write one file (bytes, or a function writing into a binary file), fsync it; its sha256 and size."""
    with open(path, "wb") as fh:
        out = Counted(fh)
        if callable(data):
            data(out)
        else:
            out.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return out.sha.hexdigest(), out.bytes


def atomic_write(path: Path | str, data: bytes | str | Callable) -> Path:
    """Write ``path`` whole or not at all: into a temporary file beside it, fsync'd, then renamed over it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write_file(Path(tmp), data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def staging_prefix(dist: Path) -> str:
    return f".dist-{Path(dist).name}-"


def old_prefix(dist: Path) -> str:
    return f".dist-old-{Path(dist).name}-"


def write(files: dict[str, bytes | Callable], summary: dict, dist: Path | str | None = None,
          describe: Callable[[dict], dict[str, bytes]] | None = None) -> None:
    """Write every file into a fresh folder, then swap it in: a failed or killed build leaves ``dist`` as it was.

    ``files`` maps each name to its bytes or to a function writing them into a binary file (streamed, hashed on
    the way); ``describe`` (optional) receives what was written (name → (sha256, bytes)) and returns files that
    describe them (the dataset description); the manifest, with each file's checksum and size, is written last."""
    dist = resolve(dist)
    dist.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=staging_prefix(dist), dir=dist.parent))
    try:
        written = {}
        for name, data in files.items():
            written[name] = write_file(tmp / name, data)
        for name, data in (describe(dict(written)) if describe else {}).items():
            written[name] = write_file(tmp / name, data)
        manifest = {"files": {name: {"sha256": sha, "bytes": size, "holds": FILES[name][1]}
                              for name, (sha, size) in sorted(written.items())},
                    "summary": summary}
        write_file(tmp / MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
        old = dist.parent / (old_prefix(dist) + tmp.name[len(staging_prefix(dist)):])
        if dist.exists():
            os.rename(dist, old)
        os.rename(tmp, dist)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def recover(dist: Path | str | None = None) -> None:
    """If a build died between its two renames, put the previous ``dist`` back.

    Only this dist's own staging folders are touched, so builds into sibling folders never disturb each other.
    """
    dist = resolve(dist)
    if dist.exists():
        for pattern in (staging_prefix(dist) + "*", old_prefix(dist) + "*"):
            for stale in dist.parent.glob(pattern):
                shutil.rmtree(stale, ignore_errors=True)
        return
    olds = sorted(dist.parent.glob(old_prefix(dist) + "*"), key=lambda p: p.stat().st_mtime)
    if olds:
        os.rename(olds[-1], dist)
        recover(dist)  # now whole again: clear the dead build's half-written folder


# --- caches -----------------------------------------------------------------------------------------------------

def cache_dir() -> Path:
    """A per-user cache folder for results derived from a built graph (``$XDG_CACHE_HOME/jaring``, else
    ``~/.cache/jaring``); entries are keyed by the data version, so a rebuild never reads stale ones."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jaring"
