"""The graph pre-loaded on disk at build time (dist/store/, issue 19 item 6): opened read-only instead of parsing
the N-Quads again, the same answers, never used when it holds another version of the data."""
from __future__ import annotations

import shutil

from kg.store.store import EmbeddedStore, disk_store_path, write_disk_store
from test_store import fixture_dist  # noqa: F401  (shared session fixture)

Q = "SELECT ?e ?l WHERE { ?e a jar:Entitlement ; rdfs:label ?l } ORDER BY ?e ?l"


def test_the_disk_store_gives_the_same_answers(fixture_dist, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(fixture_dist, dist)
    memory = EmbeddedStore(dist)
    assert memory.disk_path is None
    write_disk_store(dist)
    assert disk_store_path(dist) == dist / "store"
    disk = EmbeddedStore(dist)
    assert disk.disk_path == dist / "store"
    assert disk.select(Q) == memory.select(Q) and len(disk.select(Q)) > 0
    assert len(disk) == len(memory)
    # a typed query runs in a worker process, which opens the disk store itself
    assert disk.user_query("ASK { ?s a jar:Entitlement }") is True


def test_a_disk_store_of_another_data_version_is_not_used(fixture_dist, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(fixture_dist, dist)
    write_disk_store(dist)
    (dist / "store.version").write_text("an-older-build", "utf-8")
    assert disk_store_path(dist) is None
    assert EmbeddedStore(dist).disk_path is None


def test_bench_cli_table_is_written_between_markers_and_kept(tmp_path):
    from kg.ops import bench_cli
    from kg.ops.bench import _browser_block

    res = {"repeat": 3, "cpus": 2, "load_average": (0.1, 0.2, 0.3), "measured": "2026-12-05 05:00 UTC",
           "rows": [{"command": "kg cite", "args": ["cite"], "median_s": 0.42, "runs_s": [0.41, 0.42, 0.5],
                     "exit": [0], "before_s": 0.56, "budget_s": 0.5, "within_budget": True},
                    {"command": "kg gaps", "args": ["gaps"], "median_s": 2.5, "runs_s": [2.5, 2.5, 2.6],
                     "exit": [1], "before_s": 16.3, "budget_s": 2.0, "within_budget": False}]}
    (tmp_path / "benchmarks.md").write_text("# Benchmarks\n", "utf-8")
    bench_cli.write_docs(res, tmp_path)
    bench_cli.write_docs(res, tmp_path)  # replaced, not appended twice
    text = (tmp_path / "benchmarks.md").read_text("utf-8")
    assert text.count(bench_cli.BEGIN) == 1
    assert "| `kg cite` | 0.56 | 0.42 |" in text and "| `kg gaps` | 16.30 | 2.50 |" in text
    assert "**no** (exit [1])" in text and "load average 0.1, 0.2, 0.3" in text
    assert bench_cli.BEGIN in _browser_block(tmp_path)  # kg bench report keeps it
