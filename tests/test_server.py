"""``kg serve``: a real endpoint on a free loopback port answers every canned query exactly like the embedded
store, and refuses updates and SERVICE calls (even when they bypass the client-side guard)."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.store import queries
from kg.serve.server import start_server
from kg.store.sparql import QueryRefused
from kg.store.store import RemoteStore, open_store
from test_store import fixture_dist, real_dist  # noqa: F401  (shared session fixtures)

pytestmark = pytest.mark.slow

PARAMS = {
    "amendment-chain": {"instrument": "uu/2004/39"},
    "entitlement-detail": {"entitlement": "entitlement/restitution"},
    "entitlements-by-group": {"group": "victims-abroad", "asOf": "2015-01-01"},
    "institutions-as-of": {"asOf": "2010-01-01"},
    "instruments-by-theme": {"theme": "migrant-workers", "asOf": "2015-01-01"},
    "service-points-for-service": {"service": "medical"},
    "task-force-chairs": {"asOf": "2010-01-01"},
}


@pytest.fixture(scope="module", params=["fixture", "real"])
def endpoint(request):
    dist = request.getfixturevalue("fixture_dist" if request.param == "fixture" else "real_dist")
    server = start_server(dist, port=0, timeout_s=5)
    try:
        yield dist, server
    finally:
        server.stop()


def _post(url: str, data: dict, accept: str = "application/sparql-results+json", path: str | None = None):
    target = url if path is None else url.rsplit("/", 1)[0] + path
    req = urllib.request.Request(target, data=urllib.parse.urlencode(data).encode(), method="POST",
                                 headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_every_canned_query_gives_identical_results(endpoint):
    dist, server = endpoint
    embedded, remote = open_store(dist), RemoteStore(server.url)
    assert server.url.startswith("http://127.0.0.1:")
    for q in queries.list_queries():
        params = PARAMS.get(q.name, {})
        a = queries.run(q.name, params, embedded)
        b = queries.run(q.name, params, remote)
        assert list(a) == list(b), q.name
        assert a.columns == b.columns, q.name


def test_updates_and_service_are_refused(endpoint):
    dist, server = endpoint
    embedded, remote = open_store(dist), RemoteStore(server.url)
    for text in ("DROP ALL", "INSERT DATA { <http://a.org/s> <http://a.org/p> 1 }",
                 "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"):
        for store in (embedded, remote):
            with pytest.raises(QueryRefused):
                store.user_query(text)
        # straight to the endpoint, past the client-side guard
        code, _, body = _post(server.url, {"query": text})
        assert code == 403, body
    assert _post(server.url, {"update": "DROP ALL"}, path="/update")[0] == 403
    assert _post(server.url, {"update": "DROP ALL"})[0] == 403
    # still all there
    n = remote.user_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    assert n == embedded.user_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] > 1000


def test_cors_formats_and_row_cap(endpoint):
    dist, server = endpoint
    code, headers, body = _post(server.url, {"query": "SELECT ?s WHERE { ?s a jar:LegalInstrument } LIMIT 2"},
                                accept="text/csv")
    assert code == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert body.decode().splitlines()[0] == "s"
    req = urllib.request.Request(server.url, method="OPTIONS",
                                 headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 204 and "POST" in resp.headers["Access-Control-Allow-Methods"]
    url = server.url + "?" + urllib.parse.urlencode({"query": "ASK { ?s a jar:LegalInstrument }"})
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert json.loads(resp.read())["boolean"] is True
    code, _, body = _post(server.url, {"query": "CONSTRUCT { ?s a jar:LegalInstrument } WHERE "
                                                "{ ?s a jar:LegalInstrument }"}, accept="application/n-triples")
    assert code == 200 and b"ontology/LegalInstrument" in body


def test_row_cap_and_timeout(fixture_dist):
    with start_server(fixture_dist, port=0, timeout_s=1, max_rows=3) as server:
        code, headers, body = _post(server.url, {"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert code == 200 and headers.get("X-Jaring-Truncated") == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 3
        code, _, body = _post(server.url, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                                                    "?g ?h ?i . ?j ?k ?l }"})
        assert code == 503 and b"stopped" in body
