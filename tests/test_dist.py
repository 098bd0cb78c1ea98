"""One reader of dist/ (kg/dist.py, issue 20): where it is (``--dist``, ``$JARING_DIST``, the nearest project
folder like git), its data version, the store's cache checked before hashing, ``kg gaps`` / ``kg validate``
reading dist/ like every other command, the gap report kept out of the repository, and the app seeing a
rebuild without a restart."""
from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from kg import dist as dist_io
from kg.store import store as store_mod
from kg.build.pipeline import build
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent

EXTRA_UU = """\
    - type: uu
      number: "12"
      year: 2011
      title: {id: Pembentukan Peraturan Perundang-undangan, en: Formation of Laws and Regulations}
      source: {doc: nexus-going-home, at: "§4.1"}
      currency: {checked_on: 2026-12-05, found: no-change, sources: [{doc: nexus-going-home, at: "§4.1"}]}
    """


@pytest.fixture
def project(tmp_path, sources_tree, monkeypatch):
    """A project folder (sources/ of the small tree, no dist/ yet) as the current folder, no $JARING_DIST."""
    monkeypatch.delenv("JARING_DIST", raising=False)
    src = sources_tree()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_are_found_like_git_finds_its_repository(project, monkeypatch):
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert dist_io.default_sources() == project / "sources"
    assert dist_io.default_dist() == project / "dist"  # where the project's build goes, before it exists
    monkeypatch.setenv("JARING_DIST", str(project / "elsewhere"))
    assert dist_io.default_dist() == project / "elsewhere"
    assert dist_io.resolve(project / "given") == project / "given"


def test_outside_any_project_the_package_folder_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("JARING_DIST", raising=False)
    monkeypatch.chdir(tmp_path)
    assert dist_io.default_sources() == dist_io.PACKAGE_ROOT / "sources"
    assert dist_io.default_dist() == dist_io.PACKAGE_ROOT / "dist"


def test_help_says_where_the_defaults_come_from(capsys):
    for cmd in ("build", "check", "gaps", "validate", "query", "show"):
        with pytest.raises(SystemExit):
            main([cmd, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert "nearest folder at or above the current one" in out, cmd
        assert "./sources" not in out and "./dist" not in out, cmd


def test_kg_build_and_check_use_the_project_of_the_current_folder(project, capsys):
    assert main(["check"]) == 0
    assert main(["build", "--quiet"]) == 0
    assert dist_io.verify(project / "dist") == []
    assert dist_io.data_version(project / "dist") == dist_io.read_manifest(project / "dist")["files"]["jaring.nq"][
        "sha256"]


def test_kg_validate_builds_a_missing_dist_saying_so_and_honours_jaring_dist(project, monkeypatch, capsys):
    target = project / "custom-dist"
    monkeypatch.setenv("JARING_DIST", str(target))
    main(["validate"])
    err = capsys.readouterr().err
    assert f"no built graph in {target}; building it from {project / 'sources'} first" in err
    assert dist_io.verify(target) == []
    main(["validate"])  # now it is there: read, not built again
    assert "building it" not in capsys.readouterr().err


def test_kg_gaps_reads_dist_and_writes_its_report_outside_the_repository(project, capsys):
    build(project / "sources", dist=project / "dist")
    version = dist_io.data_version(project / "dist")
    assert main(["gaps", "--quiet"]) == 0
    out = capsys.readouterr()
    assert "building it" not in out.err
    assert (project / "gaps-report" / "gaps.csv").exists()
    assert dist_io.data_version(project / "dist") == version
    assert main(["gaps", "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith("# ")
    # in the repository that folder is ignored by git
    proc = subprocess.run(["git", "check-ignore", "-q", "gaps-report/gaps.csv"], cwd=ROOT)
    assert proc.returncode == 0


def test_open_store_checks_its_cache_before_hashing(project, monkeypatch):
    dist = project / "dist"
    build(project / "sources", dist=dist)
    first = store_mod.open_store(dist)
    assert first.data_version == dist_io.data_version(dist)

    def no_hashing(*_a, **_k):
        raise AssertionError("hashed the dist files although the store is cached")

    monkeypatch.setattr(dist_io, "verify", no_hashing)
    monkeypatch.setattr(dist_io, "_sha256", no_hashing)
    assert store_mod.open_store(dist) is first
    monkeypatch.undo()
    # a rebuild (new manifest) is a new store with a new data version
    (project / "sources" / "instruments" / "extra.yaml").write_text(textwrap.dedent(EXTRA_UU), "utf-8")
    build(project / "sources", dist=dist)
    second = store_mod.open_store(dist)
    assert second is not first and second.data_version != first.data_version


def test_atomic_write_leaves_the_old_file_on_failure(tmp_path):
    path = tmp_path / "doc.md"
    dist_io.atomic_write(path, "one\n")

    def broken(out):
        out.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        dist_io.atomic_write(path, broken)
    assert path.read_text() == "one\n"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_no_module_finds_dist_through_the_builder():
    """store, serve, views and the app read dist/ through kg.dist, never kg.build.pipeline."""
    for rel in ("kg/store/store.py", "kg/serve/server.py", "kg/answers/views.py", "kg/app/common.py", "kg/cli/commands_gaps.py"):
        text = (ROOT / rel).read_text("utf-8")
        assert "verify_dist" not in text and "DIST_DIR" not in text, rel


def test_the_app_sees_a_rebuild_without_a_restart(project, monkeypatch):
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    dist = project / "dist"
    build(project / "sources", dist=dist)
    monkeypatch.setenv("JARING_DIST", str(dist))

    def law_page() -> str:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params.update({"page": "law", "lang": "en", "date": "2024-01-01"})
        at.run()
        assert not at.exception
        return "\n".join(df.value.to_string() for df in at.dataframe)

    assert "12/2011" not in law_page()
    (project / "sources" / "instruments" / "extra.yaml").write_text(textwrap.dedent(EXTRA_UU), "utf-8")
    build(project / "sources", dist=dist)
    assert "12/2011" in law_page()
