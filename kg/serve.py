"""``kg serve``: the built graph as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

Two parts, both bound to the loopback interface:

* the Oxigraph server (``oxigraph serve-read-only``, from the ``oxigraph`` PyPI package) over a store
  directory loaded once from ``dist/jaring.nq`` (reused while the data is unchanged), with the union of the
  named graphs as default graph and its own query timeout;
* a small proxy in front of it (the public address) that applies the query guard of :mod:`kg.sparql`
  (no updates, no SERVICE, no FROM), declares the project prefixes, caps the number of rows, turns Oxigraph's
  "cancelled" answers (sent with HTTP 200) into HTTP 503 errors, and adds CORS headers so YASGUI and other
  browser clients can query it.

Endpoint: ``http://127.0.0.1:PORT/sparql`` (``/query`` works too), GET ``?query=`` or POST (form or
``application/sparql-query``). Results: SPARQL JSON (default), CSV or TSV; CONSTRUCT/DESCRIBE in Turtle or
N-Triples. Updates answer 403.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .sparql import DEFAULT_TIMEOUT_S, MAX_QUERY_CHARS, MAX_ROWS, QueryRefused, check_query

JSON_TYPES = ("application/sparql-results+json", "application/json")
MAX_BODY = 1_000_000


class ServeError(RuntimeError):
    """The endpoint cannot be started (no built graph, no oxigraph binary, port taken)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    candidates = [Path(sys.executable).parent / "oxigraph", shutil.which("oxigraph")]
    for c in candidates:
        if c and Path(c).exists():
            return str(c)
    raise ServeError("the 'oxigraph' command is not installed (pip install oxigraph)")


def prepare_store_dir(dist: Path) -> Path:
    """An Oxigraph store directory holding ``dist/jaring.nq`` (reused while the file's checksum is the same)."""
    from .build import verify_dist

    dist = Path(dist)
    problems = verify_dist(dist)
    if problems:
        raise ServeError(f"{dist}: the built graph is incomplete or corrupt (run 'kg build'): " + "; ".join(problems))
    manifest = json.loads((dist / "manifest.json").read_text("utf-8"))
    digest = manifest["files"]["jaring.nq"]["sha256"]
    location = Path(tempfile.gettempdir()) / f"jaring-oxigraph-{digest[:20]}"
    done = location / ".jaring-loaded"
    if done.exists():
        return location
    tmp = Path(tempfile.mkdtemp(prefix=".jaring-oxigraph-", dir=tempfile.gettempdir()))
    proc = subprocess.run([oxigraph_binary(), "load", "--location", str(tmp), "--file", str(dist / "jaring.nq")],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ServeError(f"oxigraph load failed: {proc.stderr.strip()[:500]}")
    (tmp / ".jaring-loaded").write_text(digest)
    try:
        os.rename(tmp, location)
    except OSError:  # another process prepared it meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    return location


def _wait_port(port: int, proc: subprocess.Popen | None, timeout: float = 15.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServeError(f"oxigraph stopped at start: {proc.stderr.read().decode('utf-8', 'replace')[:500]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise ServeError(f"nothing answered on 127.0.0.1:{port} within {timeout:g} s")


class Handler(BaseHTTPRequestHandler):
    server_version = "Jaring-SPARQL/1"
    backend: str = ""
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = MAX_ROWS
    quiet: bool = True

    def log_message(self, fmt, *args):  # noqa: D401 - keep test output clean
        if not self.quiet:
            super().log_message(fmt, *args)

    # -- helpers -----------------------------------------------------------------------------------------
    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "600")

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self._cors()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, code: int, message: str) -> None:
        self._send(code, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    # -- methods -----------------------------------------------------------------------------------------
    def do_OPTIONS(self):  # noqa: N802
        self.send_response(204)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/health"):
            if "query" not in urllib.parse.parse_qs(url.query):
                self._send(200, b"Jaring read-only SPARQL endpoint: /sparql?query=...\n", "text/plain; charset=utf-8")
                return
        if url.path not in ("/", "/sparql", "/query"):
            self._error(404 if url.path != "/update" else 403, "not found" if url.path != "/update"
                        else "updates are refused: this endpoint is read-only")
            return
        qs = urllib.parse.parse_qs(url.query)
        if "update" in qs:
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        self._answer((qs.get("query") or [""])[0])

    def do_POST(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(413, f"request body larger than {MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if url.path == "/update":
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        if url.path not in ("/", "/sparql", "/query"):
            self._error(404, "not found")
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        if ctype == "application/sparql-query":
            query = body
        else:
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                self._error(403, "updates are refused: this endpoint is read-only")
                return
            query = (form.get("query") or [""])[0]
            if not query:
                query = (urllib.parse.parse_qs(url.query).get("query") or [""])[0]
        self._answer(query)

    # -- the answer --------------------------------------------------------------------------------------
    def _answer(self, query: str) -> None:
        if len(query) > MAX_QUERY_CHARS:
            self._error(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
            return
        try:
            checked = check_query(query)
        except QueryRefused as exc:
            code = 403 if ("refused" in str(exc)) else 400
            self._error(code, str(exc))
            return
        accept = (self.headers.get("Accept") or "").lower()
        tabular = checked.form in ("SELECT", "ASK")
        if tabular:
            want = "csv" if "text/csv" in accept else "tsv" if "text/tab-separated-values" in accept else "json"
            backend_accept = JSON_TYPES[0]
        else:
            want = None
            backend_accept = "application/n-triples" if "n-triples" in accept else "text/turtle"
        data = urllib.parse.urlencode({"query": checked.text}).encode("utf-8")
        req = urllib.request.Request(self.backend, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": backend_accept})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s + 5) as resp:
                payload = resp.read()
                rctype = resp.headers.get("Content-Type", backend_accept)
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:1000].decode("utf-8", "replace")
            self._error(400 if exc.code == 400 else 502, f"query failed: {detail.strip()}")
            return
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            self._error(503, f"the query was stopped: it did not finish within {self.timeout_s:g} s, or the store "
                             f"is down ({exc})")
            return
        if not tabular:
            text = payload.decode("utf-8", "replace")
            if "cancelled" in text[:200].lower() and not text.lstrip().startswith(("@", "<", "_:")):
                self._error(503, f"the query ran longer than {self.timeout_s:g} s and was stopped")
                return
            self._send(200, payload, rctype)
            return
        try:
            result = json.loads(payload.decode("utf-8"))
        except ValueError:
            snippet = payload[:300].decode("utf-8", "replace").strip()
            if "cancel" in snippet.lower() or "timeout" in snippet.lower():
                self._error(503, f"the query ran longer than {self.timeout_s:g} s and was stopped")
            else:
                self._error(502, f"the store returned no SPARQL JSON: {snippet}")
            return
        truncated = False
        if "results" in result:
            bindings = result["results"].get("bindings", [])
            if len(bindings) > self.max_rows:
                result["results"]["bindings"] = bindings[:self.max_rows]
                truncated = True
        headers_extra = {"X-Jaring-Truncated": "true"} if truncated else {}
        if want == "json":
            body = json.dumps(result, ensure_ascii=False).encode("utf-8")
            self._send_extra(200, body, "application/sparql-results+json; charset=utf-8", headers_extra)
            return
        body = _to_delimited(result, "," if want == "csv" else "\t").encode("utf-8")
        self._send_extra(200, body, ("text/csv" if want == "csv" else "text/tab-separated-values")
                         + "; charset=utf-8", headers_extra)

    def _send_extra(self, code, body, ctype, extra):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in extra.items():
            self.send_header(k, v)
        self._cors()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _to_delimited(result: dict, delim: str) -> str:
    buf = io.StringIO()
    if "boolean" in result:
        return "true\n" if result["boolean"] else "false\n"
    cols = result["head"].get("vars", [])
    w = csv.writer(buf, delimiter=delim, lineterminator="\n")
    w.writerow(cols)
    for b in result["results"]["bindings"]:
        w.writerow([b.get(c, {}).get("value", "") for c in cols])
    return buf.getvalue()


class Server:
    """A running endpoint (Oxigraph + proxy); ``url`` is the SPARQL endpoint, ``stop()`` ends both."""

    def __init__(self, dist: Path | None = None, port: int = 0, timeout_s: float | None = None,
                 max_rows: int | None = None, quiet: bool = True):
        from .store import default_dist

        self.dist = Path(dist) if dist else default_dist()
        self.timeout_s = timeout_s or DEFAULT_TIMEOUT_S
        self.max_rows = max_rows or MAX_ROWS
        location = prepare_store_dir(self.dist)
        self.backend_port = free_port()
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind",
             f"127.0.0.1:{self.backend_port}", "--union-default-graph", "--timeout-s", f"{max(1, int(self.timeout_s))}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_port(self.backend_port, self.proc)
            handler = type("BoundHandler", (Handler,), {
                "backend": f"http://127.0.0.1:{self.backend_port}/query", "timeout_s": self.timeout_s,
                "max_rows": self.max_rows, "quiet": quiet})
            try:
                self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
            except OSError as exc:
                raise ServeError(f"cannot listen on 127.0.0.1:{port}: {exc}") from exc
            self.httpd.daemon_threads = True
        except BaseException:
            self._stop_backend()
            raise
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self._thread: threading.Thread | None = None

    def start(self) -> "Server":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="jaring-sparql", daemon=True)
        self._thread.start()
        return self

    def _stop_backend(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def stop(self) -> None:
        try:
            self.httpd.shutdown()
            self.httpd.server_close()
        finally:
            self._stop_backend()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def start_server(dist: Path | None = None, port: int = 0, **kw) -> Server:
    """Start an endpoint in the background (port 0: a free port); stop it with ``.stop()``."""
    return Server(dist, port, **kw).start()


def serve_forever(dist: Path | None = None, port: int = 7878, timeout_s: float | None = None,
                  max_rows: int | None = None) -> int:
    server = Server(dist, port, timeout_s, max_rows, quiet=False)
    print(f"Jaring SPARQL endpoint (read-only): {server.url}  (Ctrl-C to stop)", flush=True)
    stop = threading.Event()

    def _term(*_):
        stop.set()

    signal.signal(signal.SIGTERM, _term)
    server.start()
    try:
        while not stop.is_set():
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
