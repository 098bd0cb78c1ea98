"""The graph pre-loaded on disk at build time (dist/store/, issue 19 item 6): opened read-only instead of parsing
the N-Quads again, the same answers, never used when it holds another version of the data."""
from __future__ import annotations

import shutil

from kg.store import EmbeddedStore, disk_store_path, write_disk_store
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
