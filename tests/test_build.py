"""kg build: deterministic, atomic, and honest about what it built."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import build, build_dataset, format_summary, unsourced_facts, verify_dist
from kg.records.load import SourcesInvalid

ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_builds_in_fresh_processes_are_byte_identical(tmp_path, sources_tree):
    src = sources_tree()
    a, b = tmp_path / "a", tmp_path / "b"
    assert kg("build", "--sources", str(src), "--dist", str(a), seed="1").returncode == 0
    assert kg("build", "--sources", str(src), "--dist", str(b), seed="2").returncode == 0
    files_a, files_b = snapshot(a), snapshot(b)
    assert set(files_a) == {"jaring.trig", "jaring.nq", "jaring.ttl", "jaring.nt", "jaring.jsonld", "ontology.ttl",
                            "context.jsonld", "void.ttl", "manifest.json"}
    assert files_a == files_b


def test_a_broken_record_leaves_the_previous_dist_untouched(tmp_path, sources_tree):
    src = sources_tree()
    dist = tmp_path / "dist"
    assert kg("build", "--sources", str(src), "--dist", str(dist)).returncode == 0
    before = snapshot(dist)
    broken = src / "institutions" / "i.yaml"
    broken.write_text(broken.read_text().replace("level: national", "levle: national"), encoding="utf-8")
    result = kg("build", "--sources", str(src), "--dist", str(dist))
    assert result.returncode == 1
    assert "sources/institutions/i.yaml:4: levle: unknown field (did you mean 'level'?)" in result.stderr
    assert "dist/ left unchanged" in result.stderr
    assert snapshot(dist) == before
    assert not list(tmp_path.glob(".dist-*")), "no staging folder may be left behind"


def test_the_build_summary_counts_the_first_slice(sources_tree, tmp_path):
    summary = build(sources_tree(), dist=tmp_path / "dist")
    assert summary["records"]["instrument"] == 1
    assert summary["records"]["provision"] == 2  # pasal 51 ayat 1 and the implied pasal 51
    assert summary["records"]["entitlement"] == 1
    assert summary["records"]["institution"] == 1
    assert summary["facts_without_source"] == 0
    assert summary["instruments_labelled_both_languages"] == "1/1"
    assert set(summary["triples_per_graph"]) == {"ontology", "vocab", "sources", "law", "institutions", "practice",
                                                  "statistics"}
    text = format_summary(summary)
    assert "facts without sources: 0 (must be 0)" in text
    assert verify_dist(tmp_path / "dist") == []


def test_a_changed_byte_in_dist_is_detected(sources_tree, tmp_path):
    build(sources_tree(), dist=tmp_path / "dist")
    nq = tmp_path / "dist" / "jaring.nq"
    nq.write_bytes(nq.read_bytes().replace(b"Indonesia", b"Indonesie", 1))
    assert verify_dist(tmp_path / "dist") == [f"{nq}: checksum does not match the manifest (file changed or corrupt)"]


def test_the_manifest_lists_every_file_with_its_checksum(sources_tree, tmp_path):
    build(sources_tree(), dist=tmp_path / "dist")
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text())
    assert sorted(manifest["files"]) == ["context.jsonld", "jaring.jsonld", "jaring.nq", "jaring.nt", "jaring.trig",
                                         "jaring.ttl", "ontology.ttl", "void.ttl"]
    assert all(len(m["sha256"]) == 64 for m in manifest["files"].values())


def test_every_dist_format_holds_the_same_triples(sources_tree, tmp_path):
    from rdflib import Dataset, Graph

    build(sources_tree(), dist=tmp_path / "dist")
    d = tmp_path / "dist"
    quads = Dataset()
    quads.parse(d / "jaring.nq", format="nquads")
    trig = Dataset()
    trig.parse(d / "jaring.trig", format="trig")
    jsonld = Dataset()
    jsonld.parse(d / "jaring.jsonld", format="json-ld")
    nt = Graph().parse(d / "jaring.nt", format="nt")
    ttl = Graph().parse(d / "jaring.ttl", format="turtle")
    n = len(set(quads.quads()))
    assert n > 1000
    assert len(set(trig.quads())) == n
    assert len(set(jsonld.quads())) == n
    assert len(nt) == len(ttl) == len({(s, p, o) for s, p, o, _g in quads.quads()})


def test_a_fact_without_source_cannot_reach_dist(sources_tree):
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from kg.namespaces import GRAPHS, ID, JAR

    result = build_dataset(sources_tree())
    law = result.dataset.graph(URIRef(GRAPHS["law"]))
    assert unsourced_facts(result.dataset) == []
    law.add((ID["entitlement/unsourced"], RDF.type, JAR.Entitlement))
    assert unsourced_facts(result.dataset) == [str(ID["entitlement/unsourced"])]


def test_the_real_sources_build_with_every_fact_cited(tmp_path):
    try:
        summary = build(dist=tmp_path / "dist")
    except SourcesInvalid as exc:  # the message lists every problem with file:line
        pytest.fail(str(exc))
    assert summary["facts_without_source"] == 0
    assert summary["records"]["instrument"] >= 1
    assert summary["instruments_labelled_both_languages"].split("/")[0] == \
        summary["instruments_labelled_both_languages"].split("/")[1]


def test_kg_help_lists_the_subcommands():
    result = kg("--help")
    assert result.returncode == 0
    for name in ("build", "check", "app"):
        assert f"    {name}" in result.stdout
