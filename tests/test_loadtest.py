"""``kg load``: a small real run of the load generator against a ``kg serve`` it starts itself (no timing
assertions), and the refusal of any target outside the loopback interface."""
from __future__ import annotations

import http.server
import threading
import urllib.parse

import pytest

from kg.ops import loadtest
from kg.cli import main
from test_store import fixture_dist  # noqa: F401  (shared session fixture)

pytestmark = pytest.mark.slow

PARSER_RACE = "could not be parsed"


def _no_unexpected_errors(res: loadtest.Result) -> None:
    # regression: the guard's SPARQL parser once broke under concurrent requests ("could not be parsed")
    assert not any(PARSER_RACE in e for e in res.error_samples), res.error_samples
    assert res.errors == 0, res.error_samples


def test_small_run_against_a_real_endpoint(fixture_dist):  # noqa: F811
    res = loadtest.run_load("serve", clients=2, requests=40, dist=fixture_dist, query_timeout=1,
                            hostile=("update", "service"), hostile_share=0.2, request_timeout=30)
    # it stopped by itself, after exactly the requests asked for
    assert res.stopped_by == "request count"
    assert res.requests == 40 == res.ok + res.refused + res.busy + res.errors
    _no_unexpected_errors(res)
    # hostile requests are counted as refusals (each kind at least once), never as successes
    assert res.refused_by_kind.get("hostile:update", 0) >= 1
    assert res.refused_by_kind.get("hostile:service", 0) >= 1
    assert res.refused == sum(res.refused_by_kind.values())
    assert len(res.latencies_ms) == res.ok > 0
    s = res.summary()
    assert set(s["latency_ms"]) == {"p50", "p95", "p99"}
    assert s["rss_kib"]["start"] and s["rss_kib"]["end"]      # the target's memory was read from /proc


def test_soak_time_stops_the_run(fixture_dist):  # noqa: F811
    res = loadtest.run_load("serve", clients=2, requests=0, soak_seconds=1.5, dist=fixture_dist,
                            hostile=(), rate=20)
    assert res.stopped_by == "soak time"
    _no_unexpected_errors(res)
    assert res.requests > 0 and res.refused == 0


@pytest.mark.parametrize("where", ["http://example.org/sparql", "http://10.0.0.1:7878/sparql",
                                   "https://192.168.1.5/", "http://127.0.0.1.example.org/sparql"])
def test_non_loopback_url_is_refused(where):
    with pytest.raises(loadtest.LoadError, match="only the loopback interface"):
        loadtest.run_load("serve", clients=1, requests=1, url=where)


@pytest.mark.parametrize("host", ["0.0.0.0", "example.org", "8.8.8.8"])
def test_non_loopback_host_is_refused(host, capsys):
    with pytest.raises(loadtest.LoadError, match="only the loopback interface"):
        loadtest.run_load("serve", clients=1, requests=1, host=host)
    assert main(["load", "--host", host, "--requests", "1"]) == 2
    assert "only the loopback interface" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_loopback_hosts_are_accepted(host):
    assert loadtest.check_loopback(host) in ("127.0.0.1", "localhost", "::1")


def test_a_run_without_an_end_is_refused():
    with pytest.raises(loadtest.LoadError, match="stop by itself"):
        loadtest.run_load("serve", clients=1, requests=0, soak_seconds=0)


class _Stub(http.server.BaseHTTPRequestHandler):
    """A stand-in endpoint: 403 for updates and SERVICE, 200 for everything else (or 200 always: ``lax``;
    or 503 + Retry-After for every other request: ``busy``, or 503 without Retry-After: ``broken``)."""
    lax = False
    busy = False
    broken = False

    def log_message(self, *a):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        query = urllib.parse.parse_qs(body).get("query", [""])[0]
        hostile = not self.lax and ("DROP" in query or "SERVICE" in query)
        data = b"refused" if hostile else b'{"head": {"vars": []}, "results": {"bindings": []}}'
        code = 403 if hostile else 200
        if code == 200 and (self.busy or self.broken):
            code, data = 503, b"the endpoint is busy"
        self.send_response(code)
        if code == 503 and self.busy:
            self.send_header("Retry-After", "2")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def stub():
    servers = []

    def start(lax=False, busy=False, broken=False):
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Stub,), {
            "lax": lax, "busy": busy, "broken": broken}))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}/sparql"
    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def test_refusals_are_counted_as_refusals_and_wrong_answers_as_errors(stub):
    res = loadtest.run_load("serve", clients=2, requests=40, url=stub(), hostile=("update", "service"),
                            hostile_share=0.3)
    assert res.stopped_by == "request count" and res.requests == 40
    assert res.errors == 0, res.error_samples
    assert res.refused_by_kind["hostile:update"] >= 1 and res.refused_by_kind["hostile:service"] >= 1
    assert res.ok + res.refused == 40 and res.ok == len(res.latencies_ms)
    # an endpoint that accepts the hostile requests is wrong: those answers are errors, not successes
    lax = loadtest.run_load("serve", clients=2, requests=40, url=stub(lax=True), hostile=("update", "service"),
                            hostile_share=0.3)
    assert lax.refused == 0 and lax.errors >= 2 and lax.ok + lax.errors == 40
    assert all("expected 403, got 200" in e for e in lax.error_samples)


def test_turned_away_requests_are_counted_as_busy_not_as_errors(stub):
    # 503 with Retry-After (too many queries in flight, a store restart) is the endpoint shedding load
    busy = loadtest.run_load("serve", clients=2, requests=30, url=stub(busy=True), hostile=("update",),
                             hostile_share=0.3)
    assert busy.errors == 0 and busy.ok == 0 and busy.busy >= 1
    assert busy.busy + busy.refused == 30 and busy.summary()["busy"] == busy.busy
    assert "busy (503 + Retry-After)" in loadtest.format_report(busy)
    # a 503 without Retry-After is an error
    broken = loadtest.run_load("serve", clients=2, requests=30, url=stub(broken=True), hostile=("update",),
                               hostile_share=0.3)
    assert broken.busy == 0 and broken.errors >= 1


def test_a_cartesian_product_under_load_is_stopped_and_the_run_goes_on(fixture_dist):  # noqa: F811
    # the timed-out query's store process is killed and restarted; the other requests are answered (or turned
    # away with 503 + Retry-After), never errors
    res = loadtest.run_load("serve", clients=3, requests=30, dist=fixture_dist, query_timeout=1,
                            hostile=("cartesian",), hostile_share=0.1, request_timeout=60)
    assert res.stopped_by == "request count" and res.requests == 30
    assert res.refused_by_kind.get("hostile:cartesian", 0) >= 1
    _no_unexpected_errors(res)
    assert res.ok >= 15
