"""``kg serve`` against the W3C SPARQL 1.1 Protocol test suite and against what standard clients expect.

The W3C cases below are transcribed request by request from ``sparql/sparql11/protocol/manifest.ttl`` of the W3C
rdf-tests suite (github.com/w3c/rdf-tests, commit ad541a5, W3C Test Suite licence) — method, path, headers, body
and the expected status class, result format and boolean — and run against a Jaring endpoint loaded with the
suite's three one-triple graphs (``<…/dataN.rdf> a foaf:Document`` in graph ``<…/dataN.rdf>``). The list of test
ids is checked against the copy of the manifest that rdflib's source distribution on PyPI ships
(``tests/w3c_material.py``), so a test the W3C lists can neither be forgotten nor invented here.

Applicability for a read-only dataset: every query test and every ``bad_*`` test runs and must pass; the seven
positive update tests cannot apply (the service refuses updates by design) and are run to check that they are
refused with 403 and change nothing.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kg.serve.server import start_server
from test_store import fixture_dist  # noqa: F401  (shared session fixture)


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str
    headers: dict
    body: str | None
    encoding: str | None
    status: tuple[int, ...]  # expected status classes (2 = 2xx …)
    format: str | None  # boolean | tabular | RDF
    boolean: bool | None
    requests: int  # requests in the W3C test (update tests check their effect with a second query)


CASES = [
    Case('query_post_form', 'POST', '/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf', {'content-type': 'application/x-www-form-urlencoded'}, 'query=ASK%20%7B%7D', 'UTF-8', (2, 3), 'boolean', True, 1),
    Case('query_dataset_default_graphs_get', 'GET', '/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {}, None, None, (2, 3), 'boolean', True, 1),
    Case('query_dataset_default_graphs_post', 'POST', '/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {'content-type': 'application/sparql-query'}, 'ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }', 'UTF-8', (2, 3), 'boolean', True, 1),
    Case('query_dataset_named_graphs_post', 'POST', '/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {'content-type': 'application/sparql-query'}, 'ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }', 'UTF-8', (2, 3), 'boolean', True, 1),
    Case('query_dataset_named_graphs_get', 'GET', '/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {}, None, None, (2, 3), 'boolean', True, 1),
    Case('query_dataset_full', 'POST', '/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {'content-type': 'application/sparql-query'}, 'ASK {\n  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type\n  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }\n  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }\n}', 'UTF-8', (2, 3), 'boolean', True, 1),
    Case('query_multiple_dataset', 'POST', '/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {'content-type': 'application/sparql-query'}, 'ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }', 'UTF-8', (2, 3), 'boolean', True, 1),
    Case('query_get', 'GET', '/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf', {}, None, None, (2, 3), 'boolean', True, 1),
    Case('query_content_type_select', 'POST', '/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf', {'content-type': 'application/sparql-query'}, 'SELECT (1 AS ?value) {}', 'UTF-8', (2, 3), 'tabular', None, 1),
    Case('query_content_type_ask', 'POST', '/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf', {'content-type': 'application/sparql-query'}, 'ASK {}', 'UTF-8', (2, 3), 'boolean', None, 1),
    Case('query_content_type_describe', 'POST', '/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf', {'content-type': 'application/sparql-query'}, 'DESCRIBE <http://example.org/>', 'UTF-8', (2, 3), 'RDF', None, 1),
    Case('query_content_type_construct', 'POST', '/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf', {'content-type': 'application/sparql-query'}, 'CONSTRUCT { <s> <p> 1 } WHERE {}', 'UTF-8', (2, 3), 'RDF', None, 1),
    Case('update_dataset_default_graph', 'POST', '/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf', {'content-type': 'application/sparql-update'}, 'PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\nCLEAR ALL ;\nINSERT DATA {\n    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {\n        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document\n    }\n} ;\nINSERT {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}', 'UTF-8', (2, 3), None, None, 2),
    Case('update_dataset_default_graphs', 'POST', '/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {'content-type': 'application/sparql-update'}, 'PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\nDROP ALL ;\nINSERT DATA {\n    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }\n    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }\n    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }\n} ;\nINSERT {\n    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {\n        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}', 'UTF-8', (2, 3), None, None, 2),
    Case('update_dataset_named_graphs', 'POST', '/sparql/?using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {'content-type': 'application/sparql-update'}, 'PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\nDROP ALL ;\nINSERT DATA {\n    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }\n    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }\n    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }\n} ;\nINSERT {\n    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {\n        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    GRAPH ?g {\n        ?s a foaf:Document\n    }\n}', 'UTF-8', (2, 3), None, None, 2),
    Case('update_dataset_full', 'POST', '/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf', {'content-type': 'application/sparql-update'}, 'PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\nDROP ALL ;\nINSERT DATA {\n    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }\n    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }\n    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }\n} ;\nINSERT {\n    GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n        ?s <http://example.org/in> ?in\n    }\n}\nWHERE {\n    {\n        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n    UNION\n    {\n        ?s a foaf:Document .\n        BIND("default" AS ?in)\n    }\n}', 'UTF-8', (2, 3), None, None, 2),
    Case('update_post_form', 'POST', '/sparql/', {'content-type': 'application/x-www-form-urlencoded'}, 'update=CLEAR+ALL', 'UTF-8', (2, 3), None, None, 1),
    Case('update_post_direct', 'POST', '/sparql/', {'content-type': 'application/sparql-update'}, 'CLEAR ALL', 'UTF-8', (2, 3), None, None, 1),
    Case('update_base_uri', 'POST', '/sparql/', {'content-type': 'application/sparql-update'}, 'CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\nINSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }', 'UTF-8', (2, 3), None, None, 2),
    Case('query_post_direct', 'POST', '/sparql/', {'content-type': 'application/sparql-query'}, 'ASK {}', 'UTF-8', (2, 3), 'boolean', True, 1),
    Case('bad_query_method', 'PUT', '/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf', {'content-type': 'application/x-www-form-urlencoded'}, None, None, (4,), None, None, 1),
    Case('bad_multiple_queries', 'GET', '/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D', {}, None, None, (4,), None, None, 1),
    Case('bad_query_wrong_media_type', 'POST', '/sparql/', {'content-type': 'text/plain'}, 'ASK {}', 'UTF-8', (4,), None, None, 1),
    Case('bad_query_missing_form_type', 'POST', '/sparql/', {}, 'query=ASK%20%7B%7D', 'UTF-8', (4,), None, None, 1),
    Case('bad_query_missing_direct_type', 'POST', '/sparql/', {}, 'ASK {}', 'UTF-8', (4,), None, None, 1),
    Case('bad_query_non_utf8', 'POST', '/sparql/', {'content-type': 'application/sparql-query; charset=UTF-16'}, 'ASK {}', 'UTF-16', (4,), None, None, 1),
    Case('bad_query_syntax', 'GET', '/sparql/?query=ASK%20%7B', {}, None, None, (4,), None, None, 1),
    Case('bad_update_get', 'GET', '/sparql/?update=CLEAR%20ALL', {}, None, None, (4,), None, None, 1),
    Case('bad_multiple_updates', 'POST', '/sparql/', {'content-type': 'application/x-www-form-urlencoded'}, 'update=CLEAR%20NAMED&update=CLEAR%20DEFAULT', 'UTF-8', (4,), None, None, 1),
    Case('bad_update_wrong_media_type', 'POST', '/sparql/', {'content-type': 'text/plain'}, 'CLEAR NAMED', 'UTF-8', (4,), None, None, 1),
    Case('bad_update_missing_form_type', 'POST', '/sparql/', {}, 'update=CLEAR%20NAMED', 'UTF-8', (4,), None, None, 1),
    Case('bad_update_non_utf8', 'POST', '/sparql/', {'content-type': 'application/sparql-update; charset=UTF-16'}, 'CLEAR NAMED', 'UTF-16', (4,), None, None, 1),
    Case('bad_update_syntax', 'POST', '/sparql/', {'content-type': 'application/x-www-form-urlencoded'}, 'update=CLEAR%20XYZ', 'UTF-8', (4,), None, None, 1),
    Case('bad_update_dataset_conflict', 'POST', '/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople', {'content-type': 'application/sparql-update'}, "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\nDELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\nWHERE {\n    ?person foaf:givenName 'Bill'\n}", 'UTF-8', (4,), None, None, 1),
]

KASEI = "http://kasei.us/2009/09/sparql/data/"
UPDATE_TESTS = {c.id for c in CASES if c.id.startswith("update_")}


@pytest.fixture(scope="module")
def w3c_endpoint(tmp_path_factory):
    """``kg serve`` over a dist holding the W3C suite's three graphs."""
    dist = tmp_path_factory.mktemp("w3c") / "dist"
    dist.mkdir()
    nq = "".join(f"<{KASEI}data{i}.rdf> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                 f"<http://xmlns.com/foaf/0.1/Document> <{KASEI}data{i}.rdf> .\n" for i in (1, 2, 3)).encode()
    (dist / "jaring.nq").write_bytes(nq)
    (dist / "manifest.json").write_text(json.dumps({"files": {"jaring.nq": {
        "bytes": len(nq), "sha256": hashlib.sha256(nq).hexdigest(), "holds": "the W3C protocol test graphs"}}}))
    with start_server(dist, port=0, timeout_s=10, backends=1) as server:
        yield server


def request(port: int, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def boolean_of(ctype: str, body: bytes) -> bool:
    if "json" in ctype:
        return json.loads(body)["boolean"]
    if "xml" in ctype:
        el = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
        return el.text.strip() == "true"
    raise AssertionError(f"not a boolean result format: {ctype}")


def test_the_transcribed_cases_are_exactly_the_w3c_list():
    """The ids match the W3C manifest as rdflib's sdist ships it (fetched from PyPI, cached)."""
    from rdflib import Graph, Namespace, RDF
    from rdflib.collection import Collection
    from w3c_material import rdflib_suite_file

    g = Graph().parse(rdflib_suite_file("sparql11/protocol/manifest.ttl"), format="turtle")
    mf = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
    manifest = next(g.subjects(RDF.type, mf.Manifest))
    ids = [str(e).rsplit("#", 1)[1] for e in Collection(g, g.value(manifest, mf.entries))]
    assert len(ids) == 34
    assert [c.id for c in CASES] == ids


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_w3c_protocol(w3c_endpoint, case):
    body = case.body.encode(case.encoding or "utf-8") if case.body is not None else None
    status, headers, payload = request(w3c_endpoint.port, case.method, case.path, case.headers, body)
    ctype = headers.get("content-type", "").split(";")[0].strip()
    if case.id in UPDATE_TESTS:  # not applicable to a read-only service: refused, and nothing changes
        assert status == 403, (status, payload[:300])
        status2, _, after = request(w3c_endpoint.port, "GET", "/sparql?" + urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}))
        assert status2 == 200 and json.loads(after)["results"]["bindings"][0]["n"]["value"] == "3"
        return
    assert status // 100 in case.status, (status, payload[:300])
    if case.format == "boolean":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml"), ctype
        value = boolean_of(ctype, payload)
        if case.boolean is not None:
            assert value is case.boolean
    elif case.format == "tabular":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                         "text/tab-separated-values"), ctype
    elif case.format == "RDF":
        from rdflib import Graph

        fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
               "application/ld+json": "json-ld"}[ctype]
        Graph().parse(data=payload, format=fmt)  # parses as what it says it is


# -- what standard clients expect beyond the W3C suite (standards review of 2026-12-05, §5) -------------------
@pytest.fixture(scope="module")
def endpoint(fixture_dist):  # noqa: F811
    with start_server(fixture_dist, port=0, timeout_s=10, backends=2) as server:
        yield server


def get(server, query: str, accept: str | None = None, **params):
    qs = urllib.parse.urlencode({"query": query, **params}, doseq=True)
    return request(server.port, "GET", f"/sparql?{qs}", {"Accept": accept} if accept else {})


def test_select_results_in_xml_json_csv_and_tsv_by_accept(endpoint):
    q = "SELECT ?s WHERE { ?s a jar:LegalInstrument } ORDER BY ?s LIMIT 2"
    status, h, body = get(endpoint, q, "application/sparql-results+xml")
    assert status == 200 and h["content-type"].startswith("application/sparql-results+xml")
    root = ElementTree.fromstring(body)
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 2
    status, h, body = get(endpoint, q, "text/csv")
    assert body.startswith(b"s\r\n") and body.count(b"\r\n") == 3
    status, h, body = get(endpoint, q, "text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?s" and all(line.startswith("<https://w3id.org/jaring/id/") for line in lines[1:])


def test_tsv_writes_terms_in_sparql_syntax_and_escapes_tabs(endpoint):
    q = 'SELECT ?x ?l ?n ?u WHERE { BIND("tab\\there"@en AS ?x) BIND("plain" AS ?l) BIND(3 AS ?n) }'
    status, _, body = get(endpoint, q, "text/tab-separated-values")
    head, row = body.decode().split("\n")[:2]
    assert head == "?x\t?l\t?n\t?u"
    assert row.split("\t") == ['"tab\\there"@en', '"plain"', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', ""]


@pytest.mark.parametrize("accept,expected", [
    ("text/csv;q=0.1, application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
    ("text/*", "text/csv"),
])
def test_q_values_are_honoured(endpoint, accept, expected):
    status, h, _ = get(endpoint, "ASK {}" if "csv" not in expected else "SELECT * {}", accept)
    assert status == 200 and h["content-type"].split(";")[0] == expected


def test_nothing_acceptable_is_406(endpoint):
    status, _, body = get(endpoint, "ASK {}", "text/html")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
    assert status == 406


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
                                        ("application/n-triples;q=0.1, text/turtle", "turtle")])
def test_graphs_in_every_rdf_format(endpoint, accept, fmt):
    from rdflib import Graph

    status, h, body = get(endpoint, "CONSTRUCT { ?s a jar:LegalInstrument } WHERE { ?s a jar:LegalInstrument }",
                          accept)
    assert status == 200
    assert h["content-type"].split(";")[0] == {"turtle": "text/turtle", "nt": "application/n-triples",
                                               "xml": "application/rdf+xml", "json-ld": "application/ld+json"}[fmt]
    assert len(Graph().parse(data=body, format=fmt)) > 0


def test_wrong_method_is_405_with_allow(endpoint):
    status, h, _ = request(endpoint.port, "DELETE", "/sparql?query=ASK%7B%7D")
    assert status == 405 and "GET" in h["allow"] and "POST" in h["allow"]


def test_the_default_graph_has_no_duplicate_triples(endpoint):
    _, _, a = get(endpoint, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    _, _, b = get(endpoint, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    _, _, c = get(endpoint, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    n = [int(json.loads(x)["results"]["bindings"][0]["n"]["value"]) for x in (a, b, c)]
    assert n[0] == n[1] and n[2] >= n[0] > 0


def test_relative_iris_resolve_against_the_public_base_whichever_backend_answers(endpoint):
    values = {json.loads(get(endpoint, "SELECT (<x> AS ?r) {}")[2])["results"]["bindings"][0]["r"]["value"]
              for _ in range(6)}
    assert values == {"https://w3id.org/jaring/x"}


def test_protocol_dataset_is_honoured(endpoint):
    law, vocab = "https://w3id.org/jaring/graph/law", "https://w3id.org/jaring/graph/vocab"
    q = "ASK { ?s a skos:ConceptScheme }"
    assert json.loads(get(endpoint, q, **{"default-graph-uri": law})[2])["boolean"] is False
    assert json.loads(get(endpoint, q, **{"default-graph-uri": vocab})[2])["boolean"] is True
    status, _, _ = get(endpoint, q, **{"default-graph-uri": "not an iri"})
    assert status == 400


def test_service_description_on_get_without_query(endpoint):
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    status, h, body = request(endpoint.port, "GET", "/sparql", {"Accept": "text/turtle"})
    assert status == 200 and h["content-type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = list(g.subjects(RDF.type, URIRef(sd + "Service")))
    assert len(services) == 1
    assert (services[0], URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    assert len(list(g.objects(None, URIRef(sd + "namedGraph")))) == 7


def test_jaring_iris_dereference_as_html_or_rdf(endpoint):
    from rdflib import Graph, URIRef

    status, h, body = request(endpoint.port, "GET", "/id/uu/2007/21", {"Accept": "text/html,*/*;q=0.8"})
    assert status == 200 and h["content-type"].startswith("text/html")
    page = body.decode()
    assert "UU 21/2007" in page and "Law 21/2007" in page and "Tautan masuk / Links in" in page
    status, h, body = request(endpoint.port, "GET", "/id/uu/2007/21", {"Accept": "text/turtle"})
    g = Graph().parse(data=body, format="turtle")
    assert (URIRef("https://w3id.org/jaring/id/uu/2007/21"), None, None) in g
    status, h, body = request(endpoint.port, "GET", "/id/uu/2007/21", {"Accept": "application/ld+json"})
    assert status == 200 and len(Graph().parse(data=body, format="json-ld")) > 0
    status, _, _ = request(endpoint.port, "GET", "/id/no/such/thing", {"Accept": "text/turtle"})
    assert status == 404
