"""``kg load``: a bounded load generator for the SPARQL endpoint (``kg serve``) and the app (Streamlit).

It starts its own target on a free loopback port (or attaches to one given by ``--url``, which must be on the
loopback interface), runs ``clients`` threads that send requests with :mod:`urllib` until the request count or
the soak time is reached (whichever comes first), stops the target again, and reports throughput, latency
percentiles, expected refusals, unexpected errors and the target's resident memory (from ``/proc/<pid>/status``,
summed over the target's process tree) at start, at its peak and at the end.

Request mix against ``kg serve``: every canned query of ``queries/`` with its default parameters (bound with a
``VALUES`` block, as a remote store does), plus a few hostile requests that must be refused: an update
(``DROP ALL``, expected 403), a ``SERVICE`` query (expected 403) and a cartesian product over all triples that
must be stopped by the query timeout (expected 503). A refusal with the expected status counts as a refusal; a
503 answer with ``Retry-After`` to any other request (the endpoint turning work away: too many queries in flight,
or its store process restarting) counts as **busy**; any other non-2xx answer, a wrong status or a network failure
counts as an error.

Against the app: the page (``/``) and ``/_stcore/health``.
"""
from __future__ import annotations

import json
import math
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

# hostile SPARQL requests and the HTTP status that counts as the expected refusal
HOSTILE = {
    "update": ("DROP ALL", 403),
    "service": ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403),
    "cartesian": ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", 503),
}

# values for canned-query parameters that have no default
PARAMS = {
    "amendment-chain": {"instrument": "uu/2004/39"},
    "entitlement-detail": {"entitlement": "entitlement/restitution"},
}


class LoadError(RuntimeError):
    """The load run cannot start (a non-loopback host, no built graph, the target did not come up)."""


def check_loopback(url_or_host: str) -> str:
    """The host of ``url_or_host`` if it is a loopback address; otherwise :class:`LoadError`."""
    text = str(url_or_host).strip()
    if "://" in text:
        host = urllib.parse.urlsplit(text).hostname or ""
    else:
        host = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    if host.lower() not in LOOPBACK_HOSTS:
        raise LoadError(f"refusing to send load to {host or text!r}: only the loopback interface "
                        f"({', '.join(LOOPBACK_HOSTS)}) may be targeted")
    return host


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- memory ----------------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            except OSError:
                continue
            out.extend(int(c) for c in text.split())
    except OSError:
        pass
    return out


def rss_kib(pid: int | None) -> int | None:
    """Resident memory (VmRSS, KiB) of ``pid`` and all its descendants; ``None`` when not readable."""
    if not pid:
        return None
    total, seen, todo = 0, set(), [pid]
    found = False
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    found = True
                    break
        except OSError:
            continue
        todo.extend(_children(p))
    return total if found else None


# -- targets ---------------------------------------------------------------------------------------------
@dataclass
class Target:
    kind: str
    base: str                      # http://host:port
    proc: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def stop(self) -> None:
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(15)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(10)
        finally:
            if self.log is not None:
                self.log.unlink(missing_ok=True)


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            tail = log.read_text("utf-8", "replace")[-800:] if log.exists() else ""
            raise LoadError(f"the target stopped at start (exit code {proc.returncode}): {tail.strip()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise LoadError(f"the target did not answer {url} within {timeout:g} s")


def start_target(kind: str, *, dist: Path | None = None, host: str = "127.0.0.1", timeout_s: float = 2.0,
                 startup_timeout: float = 120.0) -> Target:
    """Start ``kg serve`` or the Streamlit app on a free port of ``host`` (loopback only)."""
    check_loopback(host)
    port = _free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    if dist is not None:
        env["JARING_DIST"] = str(dist)
    log = Path(tempfile.mkstemp(prefix=f"jaring-load-{kind}-", suffix=".log")[1])
    url_host = f"[{host}]" if ":" in host else host
    if kind == "serve":
        if host == "::1":
            raise LoadError("kg serve listens on 127.0.0.1 only; use --host 127.0.0.1 or localhost")
        cmd = [sys.executable, "-m", "kg", "serve", "--port", str(port), "--timeout", f"{timeout_s:g}"]
        if dist is not None:
            cmd += ["--dist", str(dist)]
        ready = f"http://{url_host}:{port}/health"
    elif kind == "app":
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
               "--server.port", str(port), "--server.address", host, "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
        ready = f"http://{url_host}:{port}/_stcore/health"
    else:
        raise LoadError(f"unknown target {kind!r}: use serve or app")
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    target = Target(kind, f"http://{url_host}:{port}", proc, log)
    try:
        _wait_ready(ready, proc, log, startup_timeout)
    except BaseException:
        target.stop()
        raise
    return target


# -- requests --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Request:
    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: tuple = ()
    expect: int = 200          # the status that counts as success (200) or as the expected refusal


def serve_requests(hostile=tuple(HOSTILE)) -> list[Request]:
    """Every canned query with its defaults, and the ``hostile`` kinds of requests that must be refused."""
    from ..store import queries
    from ..store.store import bind_values

    out = []
    form = (("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/sparql-results+json"))
    for q in queries.list_queries():
        try:
            text = bind_values(q.text, q.bindings(PARAMS.get(q.name, {})))
        except Exception:  # noqa: BLE001 - a query that cannot be bound without a value is left out of the mix
            continue
        out.append(Request(q.name, "POST", "/sparql", urllib.parse.urlencode({"query": text}).encode(), form))
    for name in hostile or ():
        if name not in HOSTILE:
            raise LoadError(f"unknown hostile request {name!r}: use {', '.join(HOSTILE)}")
        text, code = HOSTILE[name]
        out.append(Request(f"hostile:{name}", "POST", "/sparql",
                           urllib.parse.urlencode({"query": text}).encode(), form, code))
    return out


def app_requests() -> list[Request]:
    return [Request("page", "GET", "/"), Request("health", "GET", "/_stcore/health")]


def _pick(mix: list[Request], rng: random.Random, hostile_share: float) -> Request:
    normal = [r for r in mix if r.expect == 200]
    bad = [r for r in mix if r.expect != 200]
    if bad and rng.random() < hostile_share:
        # the cartesian product holds a client for the whole timeout: send it rarely
        weights = [0.2 if r.name == "hostile:cartesian" else 1.0 for r in bad]
        return rng.choices(bad, weights)[0]
    return rng.choice(normal or bad)


# -- the run ---------------------------------------------------------------------------------------------
@dataclass
class Result:
    target: str
    clients: int
    requests: int = 0
    ok: int = 0
    refused: int = 0
    busy: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list = field(default_factory=list, repr=False)
    refused_by_kind: dict = field(default_factory=dict)
    error_samples: list = field(default_factory=list)
    rss_start_kib: int | None = None
    rss_peak_kib: int | None = None
    rss_end_kib: int | None = None
    stopped_by: str = ""

    def percentile(self, p: float) -> float | None:
        data = sorted(self.latencies_ms)
        if not data:
            return None
        k = min(len(data) - 1, max(0, math.ceil(p / 100 * len(data)) - 1))  # nearest rank
        return data[k]

    def summary(self) -> dict:
        return {
            "target": self.target, "clients": self.clients, "requests": self.requests, "ok": self.ok,
            "refused": self.refused, "refused_by_kind": dict(sorted(self.refused_by_kind.items())),
            "busy": self.busy,
            "errors": self.errors, "error_samples": self.error_samples[:10],
            "seconds": round(self.seconds, 2),
            "throughput_rps": round(self.requests / self.seconds, 1) if self.seconds else None,
            "latency_ms": {f"p{p}": (round(v, 1) if (v := self.percentile(p)) is not None else None)
                           for p in (50, 95, 99)},
            "rss_kib": {"start": self.rss_start_kib, "peak": self.rss_peak_kib, "end": self.rss_end_kib},
            "stopped_by": self.stopped_by,
        }


def _send(base: str, req: Request, timeout: float) -> tuple[int | None, str, bool]:
    """(status, detail, retry_after): ``retry_after`` is True when the answer carries a Retry-After header."""
    r = urllib.request.Request(base + req.path, data=req.body, method=req.method, headers=dict(req.headers))
    try:
        with urllib.request.urlopen(r, timeout=timeout) as resp:
            resp.read()
            return resp.status, "", False
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:200].decode("utf-8", "replace").strip()
        return exc.code, detail, bool(exc.headers.get("Retry-After"))
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return None, f"{type(exc).__name__}: {exc}", False


def run_load(target: str = "serve", *, clients: int = 20, requests: int = 2000, soak_seconds: float = 0,
             url: str | None = None, pid: int | None = None, dist: Path | None = None, host: str = "127.0.0.1",
             query_timeout: float = 2.0, rate: float = 0, hostile_share: float = 0.05, seed: int = 7,
             request_timeout: float = 60.0, hostile=tuple(HOSTILE), progress=None) -> Result:
    """Run the load; stops after ``requests`` requests (0: no limit) or ``soak_seconds`` (0: no limit).

    ``url`` attaches to a running target (loopback only; ``pid`` gives its process for the memory figures);
    otherwise the target is started here and stopped at the end. ``rate`` caps requests per second over all
    clients (0: as fast as the clients go).
    """
    if url:
        check_loopback(url)
    else:
        check_loopback(host)
    if target not in ("serve", "app"):
        raise LoadError(f"unknown target {target!r}: use serve or app")
    if requests <= 0 and soak_seconds <= 0:
        raise LoadError("give a request count, a soak time, or both: the run must stop by itself")
    if clients < 1:
        raise LoadError("at least one client is needed")
    started = None
    if url:
        base = url.rstrip("/")
        for suffix in ("/sparql", "/query"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
    else:
        started = start_target(target, dist=dist, host=host, timeout_s=query_timeout)
        base, pid = started.base, started.pid
    mix = serve_requests(hostile) if target == "serve" else app_requests()
    res = Result(target, clients)
    lock = threading.Lock()
    stop = threading.Event()
    issued = [0]
    t0 = time.monotonic()
    deadline = t0 + soak_seconds if soak_seconds > 0 else None
    interval = clients / rate if rate > 0 else 0.0

    # every kind of hostile request is sent at least once (first), then they come at random
    first = [r for r in mix if r.expect != 200] if hostile_share > 0 else []

    def take() -> int | None:
        with lock:
            if stop.is_set():
                return None
            if requests > 0 and issued[0] >= requests:
                res.stopped_by = res.stopped_by or "request count"
                stop.set()
                return None
            if deadline is not None and time.monotonic() >= deadline:
                res.stopped_by = res.stopped_by or "soak time"
                stop.set()
                return None
            issued[0] += 1
            return issued[0] - 1

    def worker(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        next_at = time.monotonic() + (interval * i / clients if interval else 0)
        while (n := take()) is not None:
            if interval:
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                next_at = max(next_at + interval, time.monotonic() - interval)
            req = first[n] if n < len(first) else _pick(mix, rng, hostile_share)
            t = time.perf_counter()
            status, detail, retry_after = _send(base, req, request_timeout)
            ms = (time.perf_counter() - t) * 1000
            with lock:
                res.requests += 1
                if req.expect == 200 and status == 200:
                    res.ok += 1
                    res.latencies_ms.append(ms)
                elif req.expect != 200 and status == req.expect:
                    res.refused += 1
                    res.refused_by_kind[req.name] = res.refused_by_kind.get(req.name, 0) + 1
                elif status == 503 and retry_after:
                    res.busy += 1      # turned away (in-flight cap or a store restart): the client may retry
                else:
                    res.errors += 1
                    if len(res.error_samples) < 20:
                        res.error_samples.append(f"{req.name}: expected {req.expect}, got {status} {detail[:120]}")

    def monitor() -> None:
        while not stop.wait(1.0):
            m = rss_kib(pid)
            if m is not None:
                with lock:
                    res.rss_peak_kib = max(res.rss_peak_kib or 0, m)
            if progress is not None and int(time.monotonic() - t0) % 30 == 0:
                progress(f"  {int(time.monotonic() - t0)} s: {res.requests} requests, {res.errors} errors, "
                         f"rss {m} KiB")

    try:
        res.rss_start_kib = res.rss_peak_kib = rss_kib(pid)
        threads = [threading.Thread(target=worker, args=(i,), name=f"load-{i}", daemon=True) for i in range(clients)]
        mon = threading.Thread(target=monitor, name="load-monitor", daemon=True)
        mon.start()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        res.seconds = time.monotonic() - t0
        stop.set()
        mon.join(5)
        res.rss_end_kib = rss_kib(pid)
        if res.rss_end_kib is not None:
            res.rss_peak_kib = max(res.rss_peak_kib or 0, res.rss_end_kib)
    finally:
        stop.set()
        if started is not None:
            started.stop()
    return res


def environment() -> dict:
    """Machine and versions, for the report."""
    from importlib import metadata

    def ver(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"python": platform.python_version(), "platform": platform.platform(), "cpu": cpu,
            "cpus": os.cpu_count(), "oxigraph": ver("oxigraph"), "rdflib": ver("rdflib"),
            "pyparsing": ver("pyparsing"), "streamlit": ver("streamlit"),
            "kg": ver("jaring") if ver("jaring") != "not installed" else ver("kg")}


def format_report(res: Result) -> str:
    s = res.summary()
    lat = s["latency_ms"]
    lines = [
        f"target {s['target']}: {s['requests']} requests from {s['clients']} clients in {s['seconds']} s "
        f"({s['throughput_rps']} requests/s), stopped by {s['stopped_by']}",
        f"  ok {s['ok']}, expected refusals {s['refused']} {json.dumps(s['refused_by_kind'])}, "
        f"busy (503 + Retry-After) {s['busy']}, unexpected errors {s['errors']}",
        f"  latency of successful requests: p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms",
        f"  target RSS: start {s['rss_kib']['start']} KiB, peak {s['rss_kib']['peak']} KiB, "
        f"end {s['rss_kib']['end']} KiB",
    ]
    lines += [f"  error: {e}" for e in s["error_samples"]]
    return "\n".join(lines)
