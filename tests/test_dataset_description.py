"""dist/void.ttl describes the dataset as VoID and DCAT: a data licence, title and description in both languages,
version and dates taken from the data, every file with its size and checksum, the named graphs with their triple
counts; the manifest counts distinct triples and quads apart."""
from __future__ import annotations

import hashlib
import json
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

ROOT = Path(__file__).resolve().parent.parent
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DATASET = URIRef("https://w3id.org/jaring/dataset")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("describe") / "dist"
    build(dist=out)
    return out


@pytest.fixture(scope="module")
def void(dist) -> Graph:
    return Graph().parse(dist / "void.ttl", format="turtle")


def test_the_dataset_has_a_data_licence_and_bilingual_title(void):
    assert (DATASET, RDF.type, VOID.Dataset) in void and (DATASET, RDF.type, DCAT.Dataset) in void
    assert (DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in void
    langs = {t.language for t in void.objects(DATASET, DCTERMS.title)}
    assert langs == {"id", "en"}
    assert {t.language for t in void.objects(DATASET, DCTERMS.description)} == {"id", "en"}


def test_every_file_is_a_distribution_with_its_true_size_and_checksum(dist, void):
    manifest = json.loads((dist / "manifest.json").read_text())
    described = {str(void.value(d, DCTERMS.title)): d for d in void.objects(DATASET, DCAT.distribution)}
    assert set(described) == set(manifest["files"]) - {"void.ttl"}
    for name, node in described.items():
        data = (dist / name).read_bytes()
        assert int(void.value(node, DCAT.byteSize)) == len(data), name
        checksum = void.value(node, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest(), name
        assert void.value(node, DCAT.mediaType) is not None


def test_counts_distinguish_triples_from_quads(dist, void):
    manifest = json.loads((dist / "manifest.json").read_text())
    nt_lines = sum(1 for line in (dist / "jaring.nt").read_bytes().splitlines() if line.strip())
    nq_lines = sum(1 for line in (dist / "jaring.nq").read_bytes().splitlines() if line.strip())
    summary = manifest["summary"]
    assert summary["triples"] == nt_lines and summary["quads"] == nq_lines and nq_lines >= nt_lines
    assert int(void.value(DATASET, VOID.triples)) == nt_lines
    per_graph = {str(g).rsplit("/", 1)[1]: int(void.value(g, VOID.triples)) for g in void.objects(DATASET, VOID.subset)}
    assert per_graph == summary["triples_per_graph"]


def test_dates_come_from_the_data_not_the_clock(dist, void):
    nt = (dist / "jaring.nt").read_text("utf-8")
    checked = sorted(line.split('"')[1] for line in nt.splitlines() if "> <https://w3id.org/jaring/ontology/checkedOn> " in line)
    assert checked, "the data has currency checks"
    assert void.value(DATASET, DCTERMS.modified) == Literal(checked[-1], datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))


def test_the_jsonld_context_declares_the_project_prefixes(dist):
    from kg.namespaces import PREFIXES

    ctx = json.loads((dist / "context.jsonld").read_text())["@context"]
    assert ctx == dict(sorted(PREFIXES.items()))


def test_kg_serve_answers_the_description_on_well_known_void(dist):
    from kg.serve.server import start_server

    with start_server(dist, port=0, backends=1) as server:
        req = urllib.request.Request(f"http://127.0.0.1:{server.port}/.well-known/void",
                                     headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            g = Graph().parse(data=resp.read(), format="nt")
    assert (DATASET, RDF.type, VOID.Dataset) in g
