"""Test material written by the standards' authors, not by this project, fetched from a package registry.

The W3C SPARQL 1.1 Protocol tests (``sparql11/protocol/manifest.ttl`` of the W3C rdf-tests suite, under the W3C
Test Suite licence — https://www.w3.org/Consortium/Legal/2008/04-testsuite-copyright.html) are shipped inside
rdflib's source distribution on PyPI (``test/data/suites/w3c/``). The first test run downloads that sdist with pip
(the same version as the installed rdflib) into a cache folder and extracts the files it needs; later runs read
the cache. Nothing is copied into this repository.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path

SUITE = "test/data/suites/w3c/"


def cache_dir() -> Path:
    base = os.environ.get("JARING_TEST_MATERIAL") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "jaring", "test-material")
    return Path(base)


def rdflib_suite_file(relative: str) -> Path:
    """A file of rdflib's copy of the W3C test suites (``sparql11/protocol/manifest.ttl``), fetched once."""
    ver = version("rdflib")
    target = cache_dir() / f"rdflib-{ver}" / relative
    if target.exists():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
                               ":all:", "-d", tmp, f"rdflib=={ver}"], capture_output=True, text=True)
        sdists = list(Path(tmp).glob("rdflib-*.tar.gz"))
        if proc.returncode != 0 or not sdists:
            raise RuntimeError(f"could not download rdflib {ver}'s source distribution from PyPI for the W3C test "
                               f"material: {proc.stderr.strip()[-400:]}")
        with tarfile.open(sdists[0]) as tar:
            prefix = f"rdflib-{ver}/{SUITE}"
            members = [m for m in tar.getmembers() if m.name.startswith(prefix + relative.split("/")[0] + "/")
                       and m.isfile()]
            for m in members:
                out = cache_dir() / f"rdflib-{ver}" / m.name[len(prefix):]
                out.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(m) as src:
                    data = src.read()
                tmp_out = out.with_suffix(out.suffix + ".part")
                tmp_out.write_bytes(data)
                tmp_out.replace(out)
    if not target.exists():
        raise RuntimeError(f"rdflib {ver}'s source distribution has no {SUITE}{relative}")
    return target


#: Official vocabulary files as the npm registry's @vocabulary packages ship them (N-Quads of the published
#: documents; each package's meta.nt names its source URL): https://www.npmjs.com/org/vocabulary
VOCABULARY_VERSIONS = {"prov": "1.0.6", "org": "1.0.6", "qb": "1.0.6", "skos": "1.0.6", "dcterms": "1.0.6",
                       "dcat": "1.0.5", "void": "1.0.6"}


def vocabulary_file(name: str) -> Path:
    """``package/<name>.nq`` of the npm package ``@vocabulary/<name>``, fetched once with ``npm pack``."""
    ver = VOCABULARY_VERSIONS[name]
    target = cache_dir() / "vocabulary" / f"{name}-{ver}.nq"
    if target.exists():
        return target
    import shutil

    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is needed to fetch the official vocabulary files (@vocabulary packages): install "
                           "Debian's npm package")
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([npm, "pack", "--silent", f"@vocabulary/{name}@{ver}"], cwd=tmp, capture_output=True,
                              text=True)
        tgz = list(Path(tmp).glob("*.tgz"))
        if proc.returncode != 0 or not tgz:
            raise RuntimeError(f"npm pack @vocabulary/{name}@{ver} failed: {proc.stderr.strip()[-400:]}")
        with tarfile.open(tgz[0]) as tar:
            data = tar.extractfile(f"package/{name}.nq").read()
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(".part")
    part.write_bytes(data)
    part.replace(target)
    return target
