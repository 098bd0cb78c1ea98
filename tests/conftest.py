"""Shared fixtures: a small, valid sources tree that tests break one thing at a time."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_SOURCES = ROOT / "sources"

BASE_RECORDS = {
    "regions/r.yaml": """\
        - id: idn
          kind: country
          name: {en: Indonesia, id: Indonesia}
          source: {doc: nexus-going-home, at: "§4.1"}
        """,
    "institutions/i.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
          kind: ministry
          level: national
          source: {doc: nexus-going-home, at: "§4.1"}
        """,
    "instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: 2007
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          jurisdiction: region/idn
          dates: {enacted: 2007-04-19, in_force: 2007-04-19}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
          provisions:
            - at: pasal/51/ayat/1
              summary: {en: Victims may receive rehabilitation., id: Korban berhak atas rehabilitasi.}
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
          currency: {checked_on: 2026-12-05, found: no-change, sources: [{doc: nexus-going-home, at: "§4.1"}]}
        """,
    "entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          duty_bearers: [org/kemensos]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """,
}


def write_sources(root: Path, files: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """Copy the real vocabularies and seed bibliography, add the base records, then apply ``files``."""
    src = root / "sources"
    shutil.copytree(REAL_SOURCES / "vocab", src / "vocab")
    (src / "bibliography").mkdir(parents=True)
    shutil.copy(REAL_SOURCES / "bibliography" / "seeds.yaml", src / "bibliography" / "seeds.yaml")
    records = dict(BASE_RECORDS)
    records.update(files or {})
    for rel, text in records.items():
        if rel in drop:
            continue
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return src


@pytest.fixture
def sources_tree(tmp_path):
    """A factory: ``sources_tree({"institutions/i.yaml": "..."})`` → path of a sources folder."""
    def make(files: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
        return write_sources(tmp_path, files, drop)
    return make


@pytest.fixture(scope="session")
def real_build():
    """The real sources built once per test session (read-only: tests must not change it)."""
    from kg.build.pipeline import build_dataset

    return build_dataset()


@pytest.fixture(scope="session")
def real_graph(real_build):
    """Every named graph of the real build merged into one rdflib Graph (read-only)."""
    from rdflib import Graph

    merged = Graph()
    for ctx in real_build.dataset.graphs():
        merged += ctx
    return merged


@pytest.fixture(scope="session")
def g(real_graph):
    """The real graph under the short name the graph tests use (read-only)."""
    return real_graph


@pytest.fixture(scope="session")
def full_dist(tmp_path_factory) -> Path:
    """Every dist file, built once per session by ``kg build`` as a user runs it (read-only)."""
    import subprocess
    import sys

    dist = tmp_path_factory.mktemp("full") / "dist"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "--dist", str(dist)], capture_output=True,
                          text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return dist


@pytest.fixture(scope="session")
def virtuoso(full_dist, tmp_path_factory):
    """OpenLink Virtuoso 7 started and loaded with ``full_dist`` by the README's recipe (one server per session,
    on free loopback ports), shut down at the end. Fails, never skips, when Virtuoso is not installed."""
    from recipe_support import start_virtuoso, stop_virtuoso

    server = start_virtuoso(full_dist, tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        stop_virtuoso(server)
