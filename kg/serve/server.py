"""``kg serve``: the built graph as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

Two parts, both bound to the loopback interface:

* a small pool of Oxigraph servers (``oxigraph serve-read-only``, from the ``oxigraph`` PyPI package, two by
  default) over one store directory loaded once from ``dist/jaring.nq`` (reused while the data is unchanged),
  with the union of the named graphs as default graph;
* a proxy in front of them (the public address) that applies the query guard of :mod:`kg.store.sparql` (no updates,
  no SERVICE, no FROM), declares the project prefixes, caps the number of rows, limits the number of queries in
  flight, enforces the query time limit, and adds CORS headers so YASGUI and other browser clients can query it.

How the limits hold:

* **Time limit.** Oxigraph's own ``--timeout-s`` does not stop every query (a cartesian product goes on
  computing after its client has gone). The proxy therefore starts a watchdog with each query: when the
  query outlives the limit, the Oxigraph process running it is killed (SIGKILL: it only reads the on-disk
  store, nothing can be lost) and a fresh one is started on the same store; the client gets HTTP 503. Other
  queries that were running on the killed process are sent once more to a live one (they have not answered
  anything yet), or answered 503 with ``Retry-After``: never a hang, never a traceback. Each restart is
  logged on stderr ("query timed out after N s; backend restarted in M ms").
* **Row cap.** Results are read from Oxigraph as a stream and cut after ``max_rows`` rows (triples for
  CONSTRUCT/DESCRIBE), marked with the header ``X-Jaring-Truncated: true``; a huge result is never buffered.
* **Queries in flight.** At most ``max_inflight`` queries are sent to Oxigraph at once; beyond that a query is
  answered at once with HTTP 503 and ``Retry-After``, so a burst cannot pile up.

Endpoint: ``http://127.0.0.1:PORT/sparql`` (``/query`` works too), GET ``?query=`` or POST (form or
``application/sparql-query``), with the protocol dataset (``default-graph-uri``, ``named-graph-uri``) passed to
Oxigraph. The default graph is the distinct union of the named graphs (``jaring.nt`` loaded into it). Results, by
content negotiation with q-values (:mod:`kg.serve.results`; 406 when nothing offered is acceptable): SPARQL JSON
(default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), N-Triples, RDF/XML or JSON-LD. ``GET
/sparql`` without a query answers the SPARQL 1.1 Service Description. ``GET /id/…``, ``/ontology/…``,
``/graph/…`` dereference Jaring IRIs: an HTML page for browsers, RDF otherwise. Updates answer 403, other methods
405 with ``Allow``. Relative IRIs in a query resolve against the public base ``https://w3id.org/jaring/``.
"""
from __future__ import annotations

import codecs
import collections
import csv
import http.client
import io
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .. import dist as dist_io
from ..namespaces import BASE, PREFIXES
from .results import CANONICAL, GRAPH_TYPES, RESULT_TYPES, negotiate, write_graph, write_results
from ..store.sparql import DEFAULT_TIMEOUT_S, MAX_QUERY_CHARS, MAX_ROWS, QueryRefused, check_query

JSON_TYPES = ("application/sparql-results+json", "application/json")
MAX_BODY = 1_000_000
#: Oxigraph servers behind the proxy (a restart of one does not stop the others).
DEFAULT_BACKENDS = 2
#: Queries sent to Oxigraph at the same time; beyond this a query is answered 503 at once.
DEFAULT_MAX_INFLIGHT = 32
#: Largest result read from Oxigraph, in bytes (on top of the row cap).
MAX_RESULT_BYTES = 64 * 2**20
#: Seconds suggested to a client that was turned away (``Retry-After``).
RETRY_AFTER_S = 2


#: Methods the endpoint answers (``Allow`` of a 405).
ALLOW = "GET, POST, HEAD, OPTIONS"
#: Paths under the public base that ``kg serve`` dereferences (``https://w3id.org/jaring/<path>``).
RESOURCE_ROOTS = ("id", "ontology", "graph", "shapes")


def _parse_params(text: str) -> dict[str, list[str]]:
    """Query-string or form parameters; malformed encodings raise ValueError with a message."""
    return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")


def _absolute_iri(text: str) -> bool:
    parts = urllib.parse.urlsplit(text)
    return bool(parts.scheme) and not any(c in text for c in ' <>"{}|\\^`')


def _is_resource_path(path: str) -> bool:
    first = path.strip("/").split("/", 1)[0]
    return first in RESOURCE_ROOTS


def describe_query(iri: str) -> str:
    """Everything said about ``iri`` and everything that points to it (the linked-data description)."""
    return (f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?ol . "
            f"?s <http://www.w3.org/2000/01/rdf-schema#label> ?sl }} WHERE {{ "
            f"{{ <{iri}> ?p ?o OPTIONAL {{ ?o <http://www.w3.org/2000/01/rdf-schema#label> ?ol }} }} UNION "
            f"{{ ?s ?q <{iri}> OPTIONAL {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?sl }} }} }}")


def service_description(endpoint: str) -> str:
    """The SPARQL 1.1 Service Description of the endpoint, as N-Triples."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    fmt = "http://www.w3.org/ns/formats/"
    void = "http://rdfs.org/ns/void#"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    svc, ds, dg = f"<{endpoint}>", f"<{endpoint}#dataset>", f"<{endpoint}#default-graph>"
    lines = [f"{svc} {rdf_type} <{sd}Service> .",
             f"{svc} <{sd}endpoint> {svc} .",
             f"{svc} <{sd}supportedLanguage> <{sd}SPARQL11Query> .",
             f"{svc} <{sd}feature> <{sd}UnionDefaultGraph> .",
             f"{svc} <{sd}defaultDataset> {ds} .",
             f"{ds} {rdf_type} <{sd}Dataset> .",
             f"{ds} <{sd}defaultGraph> {dg} .",
             f"{dg} {rdf_type} <{sd}Graph> .",
             f"{svc} <http://purl.org/dc/terms/title> \"Jaring: Indonesia's anti-trafficking law and safety net "
             f"(read-only SPARQL endpoint)\"@en .",
             f"{svc} <http://purl.org/dc/terms/title> \"Jaring: hukum anti-perdagangan orang dan jaring pengaman "
             f"korban di Indonesia (titik akhir SPARQL baca-saja)\"@id ."]
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        lines.append(f"{svc} <{sd}resultFormat> <{fmt}{f}> .")
    for name in ("ontology", "vocab", "sources", "law", "institutions", "practice", "statistics"):
        g = f"{BASE}graph/{name}"
        node = f"<{endpoint}#graph-{name}>"
        lines += [f"{ds} <{sd}namedGraph> {node} .", f"{node} {rdf_type} <{sd}NamedGraph> .",
                  f"{node} <{sd}name> <{g}> .", f"{node} <{void}inDataset> <{BASE}dataset> ."]
    return "\n".join(lines) + "\n"


def resource_html(iri: str, ntriples: bytes, local_base: str) -> str:
    """A small bilingual HTML page for one resource: its labels, statements, and the links into it."""
    import html

    from pyoxigraph import Literal, NamedNode, RdfFormat, parse

    def local(term) -> str:
        value = term.value
        return local_base + "/" + value[len(BASE):] if value.startswith(BASE) else value

    def show(term, labels) -> str:
        if isinstance(term, NamedNode):
            text = labels.get(term.value) or _compact(term.value)
            return f'<a href="{html.escape(local(term))}">{html.escape(text)}</a>'
        if isinstance(term, Literal):
            lang = f' <span class="lang">@{html.escape(term.language)}</span>' if term.language else ""
            return html.escape(term.value) + lang
        return html.escape(str(term))

    triples = list(parse(ntriples, format=RdfFormat.N_TRIPLES))
    label_p = "http://www.w3.org/2000/01/rdf-schema#label"
    labels: dict[str, str] = {}
    own: dict[str, str] = {}
    for t in triples:
        if t.predicate.value == label_p and isinstance(t.object, Literal):
            labels.setdefault(t.subject.value, t.object.value)
            if t.subject.value == iri and t.object.language in ("id", "en"):
                own[t.object.language] = t.object.value
    out_rows = sorted((t for t in triples if t.subject.value == iri), key=lambda t: (t.predicate.value, str(t.object)))
    in_rows = sorted((t for t in triples if t.object == NamedNode(iri) and t.subject.value != iri),
                     key=lambda t: (t.predicate.value, str(t.subject)))
    title = own.get("id") or own.get("en") or _compact(iri)
    rows_out = "".join(f"<tr><td>{html.escape(_compact(t.predicate.value))}</td><td>{show(t.object, labels)}</td></tr>"
                       for t in out_rows)
    rows_in = "".join(f"<tr><td>{show(t.subject, labels)}</td><td>{html.escape(_compact(t.predicate.value))}</td></tr>"
                      for t in in_rows)
    names = "".join(f"<p><b>{lg}</b>: {html.escape(v)}</p>" for lg, v in sorted(own.items()))
    return (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<link rel="alternate" type="text/turtle" href="{html.escape(local(NamedNode(iri)))}"></head><body>'
            f"<h1>{html.escape(title)}</h1><p><code>{html.escape(iri)}</code></p>{names}"
            f"<h2>Pernyataan / Statements ({len(out_rows)})</h2><table>{rows_out}</table>"
            f"<h2>Tautan masuk / Links in ({len(in_rows)})</h2><table>{rows_in}</table>"
            f"<p>Turtle, JSON-LD, N-Triples, RDF/XML: <code>Accept</code> header "
            f"(format lain melalui header Accept).</p></body></html>")


def _turtle_to_nt(turtle: bytes) -> bytes:
    from pyoxigraph import RdfFormat, parse, serialize

    return serialize(parse(turtle, format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES) or b""


def _compact(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


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
    dist = Path(dist)
    problems = dist_io.verify(dist)
    if problems:
        raise ServeError(f"{dist}: the built graph is incomplete or corrupt (run 'kg build'): " + "; ".join(problems))
    manifest = dist_io.read_manifest(dist)
    digest = dist_io.manifest_version(manifest)
    # v2: the named graphs plus their distinct union as the default graph (no duplicate triples, unlike
    # --union-default-graph, which repeats a triple stored in two named graphs)
    location = Path(tempfile.gettempdir()) / f"jaring-oxigraph-v2-{digest[:20]}"
    done = location / ".jaring-loaded"
    if done.exists():
        return location
    tmp = Path(tempfile.mkdtemp(prefix=".jaring-oxigraph-", dir=tempfile.gettempdir()))
    union = dist / "jaring.nt"
    if "jaring.nt" not in manifest.get("files", {}):
        union = tmp.parent / f".{tmp.name}-union.nt"
        _write_union(dist / "jaring.nq", union)
    try:
        for extra in ([str(dist / "jaring.nq")], [str(union)]):
            proc = subprocess.run([oxigraph_binary(), "load", "--location", str(tmp), "--file", *extra],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                shutil.rmtree(tmp, ignore_errors=True)
                raise ServeError(f"oxigraph load failed: {proc.stderr.strip()[:500]}")
    finally:
        if union.parent != dist:
            union.unlink(missing_ok=True)
    (tmp / ".jaring-loaded").write_text(digest)
    try:
        os.rename(tmp, location)
    except OSError:  # another process prepared it meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    return location


def _write_union(nquads: Path, out: Path) -> None:
    """The distinct triples of every named graph of ``nquads``, as N-Triples (the dataset's default graph)."""
    from pyoxigraph import RdfFormat, Triple, parse, serialize

    with open(nquads, "rb") as f:
        triples = {Triple(q.subject, q.predicate, q.object) for q in parse(f, format=RdfFormat.N_QUADS)}
    with open(out, "wb") as f:
        serialize(sorted(triples, key=str), f, format=RdfFormat.N_TRIPLES)


def _wait_port(port: int, proc: subprocess.Popen | None, timeout: float = 15.0, errors=None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = " ".join(errors or ()) if errors is not None else ""
            raise ServeError(f"oxigraph stopped at start (exit code {proc.returncode}): {tail[:500]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise ServeError(f"nothing answered on 127.0.0.1:{port} within {timeout:g} s")


def _log(message: str) -> None:
    print(f"kg serve: {message}", file=sys.stderr, flush=True)


# -- the Oxigraph processes ------------------------------------------------------------------------------------
class Backend:
    """One ``oxigraph serve-read-only`` process; ``generation`` changes each time it is killed and restarted."""

    def __init__(self, index: int, location: Path, timeout_s: float):
        self.index = index
        self.location = location
        self.timeout_s = timeout_s
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.generation = 0
        self.ready = False
        self.restarting = False
        self.inflight = 0
        self.errors: collections.deque = collections.deque(maxlen=20)

    def spawn(self) -> None:
        """Start the process (without waiting for it to listen)."""
        self.port = free_port()
        self.errors = collections.deque(maxlen=20)
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", str(self.location), "--bind",
             f"127.0.0.1:{self.port}", "--timeout-s",
             str(max(1, math.ceil(self.timeout_s)))],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        errors, stream = self.errors, self.proc.stderr
        # drain stderr so a chatty process can never block on a full pipe; keep the last lines for messages
        threading.Thread(target=lambda: [errors.append(line.decode("utf-8", "replace").strip()) for line in stream],
                         name=f"oxigraph-{self.index}-stderr", daemon=True).start()

    def wait_listening(self, timeout: float = 15.0) -> None:
        _wait_port(self.port, self.proc, timeout, self.errors)

    def kill(self) -> None:
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            try:
                proc.kill()
            except OSError:
                pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            pass

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Unavailable(Exception):
    """No Oxigraph process could take the query in time (all restarting or down)."""


class BackendPool:
    """The Oxigraph processes behind the proxy: hands out the least busy live one, restarts a killed one."""

    def __init__(self, location: Path, count: int, timeout_s: float, log=_log):
        if count < 1:
            raise ServeError("at least one Oxigraph backend is needed")
        self.location = location
        self.timeout_s = timeout_s
        self.log = log
        self.backends = [Backend(i, location, timeout_s) for i in range(count)]
        self.cond = threading.Condition()
        self.stopping = False
        self.restarts = 0
        self.restart_ms: list[float] = []

    def start(self) -> None:
        try:
            for b in self.backends:
                b.spawn()
            for b in self.backends:
                b.wait_listening()
                b.ready = True
        except BaseException:
            self.stop()
            raise

    def acquire(self, wait_s: float) -> tuple[Backend, int]:
        deadline = time.monotonic() + wait_s
        with self.cond:
            while True:
                if self.stopping:
                    raise Unavailable("the endpoint is stopping")
                live = [b for b in self.backends if b.ready]
                if live:
                    b = min(live, key=lambda x: (x.inflight, x.index))
                    b.inflight += 1
                    return b, b.generation
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Unavailable("no store process is available (restarting)")
                self.cond.wait(left)

    def release(self, backend: Backend) -> None:
        with self.cond:
            backend.inflight -= 1

    def restart(self, backend: Backend, generation: int, reason: str) -> bool:
        """Kill ``backend`` (if it still runs ``generation``) and start a fresh process; False if someone else
        already did. Requests running on it see ``generation`` change before their connection drops."""
        with self.cond:
            if self.stopping or backend.generation != generation or backend.restarting:
                return False
            backend.generation += 1
            backend.ready = False
            backend.restarting = True
            old_pid = backend.proc.pid if backend.proc else None
        t0 = time.perf_counter()
        backend.kill()
        attempt = 0
        while True:
            attempt += 1
            with self.cond:
                if self.stopping:
                    backend.restarting = False
                    return True
            try:
                backend.spawn()
                backend.wait_listening()
                break
            except (ServeError, OSError) as exc:
                backend.kill()
                self.log(f"backend {backend.index}: restart attempt {attempt} failed: {exc}")
                time.sleep(min(5.0, 0.5 * attempt))
        ms = (time.perf_counter() - t0) * 1000
        with self.cond:
            backend.restarting = False
            if self.stopping:  # stop() ran while we were starting: do not leave a process behind
                backend.kill()
                return True
            backend.ready = True
            self.restarts += 1
            self.restart_ms.append(ms)
            self.cond.notify_all()
        self.log(f"{reason}; backend {backend.index} (pid {old_pid}) killed and restarted in {ms:.0f} ms "
                 f"(new pid {backend.proc.pid})")
        return True

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            for b in self.backends:
                b.ready = False
            self.cond.notify_all()
        for b in self.backends:
            if b.proc is not None and b.proc.poll() is None:
                b.proc.terminate()
        for b in self.backends:
            if b.proc is not None:
                try:
                    b.proc.wait(5)
                except subprocess.TimeoutExpired:
                    b.kill()

    def pids(self) -> list[int]:
        return [b.proc.pid for b in self.backends if b.proc is not None and b.proc.poll() is None]


# -- reading results as a stream ---------------------------------------------------------------------------
class TooLarge(Exception):
    """The result is larger than :data:`MAX_RESULT_BYTES`."""


class _Reader:
    """Text from an HTTP response, chunk by chunk, with a byte budget."""

    def __init__(self, resp, max_bytes: int):
        self.resp = resp
        self.max_bytes = max_bytes
        self.total = 0
        self.dec = codecs.getincrementaldecoder("utf-8")("replace")
        self.eof = False

    def more(self) -> str | None:
        if self.eof:
            return None
        read = getattr(self.resp, "read1", None) or self.resp.read
        chunk = read(65536)
        if not chunk:
            self.eof = True
            return self.dec.decode(b"", final=True)
        self.total += len(chunk)
        if self.total > self.max_bytes:
            raise TooLarge(f"the result is larger than {self.max_bytes // 2**20} MiB")
        return self.dec.decode(chunk)


_BINDINGS = '"bindings":['


def read_json_results(resp, max_rows: int, max_bytes: int = MAX_RESULT_BYTES) -> tuple[dict, bool]:
    """SPARQL JSON results from ``resp``, reading no further than ``max_rows`` + 1 rows: (result, truncated).
    Raises ``ValueError`` when the text is not SPARQL JSON."""
    r = _Reader(resp, max_bytes)
    buf = ""
    while _BINDINGS not in buf and not r.eof:
        buf += r.more() or ""
    idx = buf.find(_BINDINGS)
    if idx < 0:  # ASK, an empty head, or not JSON at all: small, read whole
        while (part := r.more()) is not None:
            buf += part
        result = json.loads(buf)
        truncated = False
        if isinstance(result, dict) and "results" in result:
            bindings = result["results"].get("bindings", [])
            if len(bindings) > max_rows:
                result["results"]["bindings"] = bindings[:max_rows]
                truncated = True
        return result, truncated
    pos = idx + len(_BINDINGS)
    result = json.loads(buf[:pos] + "]}}")
    bindings: list = []
    decoder = json.JSONDecoder()
    truncated = False
    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(buf):
            part = r.more()
            if part is None or (r.eof and not part):
                raise ValueError("the SPARQL JSON result ended early")
            buf, pos = buf[pos:] + part, 0
            continue
        if buf[pos] == "]":
            break
        if buf[pos] != "{":
            raise ValueError(f"unexpected text in SPARQL JSON bindings: {buf[pos:pos + 40]!r}")
        try:
            obj, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError:
            part = r.more()
            if part is None or (r.eof and not part):
                raise ValueError("the SPARQL JSON result ended in the middle of a row") from None
            buf, pos = buf[pos:] + part, 0
            continue
        if len(bindings) >= max_rows:
            truncated = True
            break
        bindings.append(obj)
        pos = end
    result.setdefault("results", {})["bindings"] = bindings
    return result, truncated


def read_ntriples(resp, max_rows: int, max_bytes: int = MAX_RESULT_BYTES) -> tuple[bytes, bool]:
    """N-Triples from ``resp``, reading no further than ``max_rows`` + 1 triples: (text, truncated)."""
    out, total, n = [], 0, 0
    while True:
        line = resp.readline(1 << 20)
        if not line:
            return b"".join(out), False
        total += len(line)
        if total > max_bytes:
            raise TooLarge(f"the result is larger than {max_bytes // 2**20} MiB")
        if line.strip() and not line.lstrip().startswith(b"#"):
            if n >= max_rows:
                return b"".join(out), True
            n += 1
        out.append(line)


# -- the proxy --------------------------------------------------------------------------------------------------
class Outcome:
    """What the proxy answers: status, body, content type, extra headers."""

    def __init__(self, code: int, body: bytes, ctype: str = "text/plain; charset=utf-8", headers=None):
        self.code, self.body, self.ctype, self.headers = code, body, ctype, dict(headers or {})

    @classmethod
    def text(cls, code: int, message: str, retry_after: int | None = None) -> "Outcome":
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        return cls(code, (message + "\n").encode("utf-8"), headers=headers)


def busy_message(limit: int) -> str:
    return (f"the endpoint is busy: {limit} queries are already running; try again in a few seconds "
            f"(layanan sedang sibuk: {limit} kueri sedang berjalan; coba lagi beberapa detik lagi)")


def timeout_message(timeout_s: float) -> str:
    return (f"the query ran longer than {timeout_s:g} s and was stopped; narrow it down (fewer unconnected "
            f"patterns, a LIMIT) (kueri berjalan lebih dari {timeout_s:g} detik dan dihentikan)")


def unavailable_message(detail: str) -> str:
    return (f"the store is restarting and cannot answer right now ({detail}); try again in a few seconds "
            f"(penyimpanan data sedang dimulai ulang; coba lagi beberapa detik lagi)")


class Handler(BaseHTTPRequestHandler):
    server_version = "Jaring-SPARQL/1"
    pool: BackendPool | None = None
    slots: threading.BoundedSemaphore | None = None
    max_inflight: int = DEFAULT_MAX_INFLIGHT
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = MAX_ROWS
    quiet: bool = True
    void: bytes = b""  # dist/void.ttl, the dataset description, answered on /.well-known/void

    def log_message(self, fmt, *args):  # noqa: D401 - keep test output clean
        if not self.quiet:
            super().log_message(fmt, *args)

    # -- helpers -----------------------------------------------------------------------------------------
    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Expose-Headers", "X-Jaring-Truncated, Retry-After")
        self.send_header("Access-Control-Max-Age", "600")

    def _send(self, code: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self._cors()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, code: int, message: str, retry_after: int | None = None) -> None:
        o = Outcome.text(code, message, retry_after)
        self._send(o.code, o.body, o.ctype, o.headers)

    # -- methods -----------------------------------------------------------------------------------------
    def do_OPTIONS(self):  # noqa: N802
        self.send_response(204)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def _not_allowed(self):
        self._send(405, (f"method {self.command} is not allowed: the endpoint answers GET and POST queries "
                         f"(metode {self.command} tidak diizinkan: gunakan GET atau POST)\n").encode("utf-8"),
                   "text/plain; charset=utf-8", {"Allow": ALLOW})

    do_PUT = do_DELETE = do_PATCH = do_TRACE = do_CONNECT = _not_allowed  # noqa: N815

    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        try:
            qs = _parse_params(url.query)
        except ValueError as exc:
            self._error(400, str(exc))
            return
        if path in ("/", "/health") and "query" not in qs:
            self._send(200, b"Jaring read-only SPARQL endpoint: /sparql?query=...\n", "text/plain; charset=utf-8")
            return
        if path == "/update" or "update" in qs:
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        if path in ("/", "/sparql", "/query"):
            if "query" not in qs:
                self._service_description()
                return
            self._answer_params(qs)
            return
        if path in ("/.well-known/void", "/dataset") and self.void:
            media = negotiate(self.headers.get("Accept"), GRAPH_TYPES)
            if media is None:
                self._not_acceptable(GRAPH_TYPES)
                return
            body = self.void if media == "text/turtle" else write_graph(_turtle_to_nt(self.void), media, PREFIXES)
            self._send(200, body, f"{media}; charset=utf-8", {"Vary": "Accept"})
            return
        if _is_resource_path(path):
            self._resource(url.path)
            return
        self._error(404, "not found")

    def do_POST(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._error(400, "bad Content-Length")
            return
        if length > MAX_BODY:
            self._error(413, f"request body larger than {MAX_BODY} bytes")
            return
        raw = self.rfile.read(length) if length > 0 else b""
        if path == "/update":
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        if path not in ("/", "/sparql", "/query"):
            self._error(405 if _is_resource_path(path) else 404, "not found" if not _is_resource_path(path)
                        else "resource pages answer GET only")
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            qs = _parse_params(url.query)
            body = raw.decode("utf-8")
        except (ValueError, UnicodeDecodeError) as exc:
            self._error(400, f"the request is not valid UTF-8 or has a malformed parameter: {exc}")
            return
        if ctype == "application/sparql-update":
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        if ctype == "application/sparql-query":
            if "query" in qs:
                self._error(400, "the query is given twice (in the URL and as the request body)")
                return
            qs["query"] = [body]
        elif ctype == "application/x-www-form-urlencoded":
            try:
                form = _parse_params(body)
            except ValueError as exc:
                self._error(400, str(exc))
                return
            if "update" in form or "update" in qs:
                self._error(403, "updates are refused: this endpoint is read-only")
                return
            for k, v in form.items():
                qs.setdefault(k, []).extend(v)
        elif not ctype:
            self._error(400, "a POST query needs a Content-Type: application/x-www-form-urlencoded or "
                             "application/sparql-query (Content-Type wajib diisi)")
            return
        else:
            self._error(415, f"unsupported Content-Type {ctype!r}: use application/x-www-form-urlencoded or "
                             "application/sparql-query")
            return
        self._answer_params(qs)

    # -- the answer --------------------------------------------------------------------------------------
    def _answer_params(self, qs: dict[str, list[str]]) -> None:
        queries = qs.get("query") or [""]
        if len(queries) > 1:
            self._error(400, f"{len(queries)} queries were given; send exactly one query parameter "
                             "(kirim tepat satu parameter query)")
            return
        unknown_graphs = [g for k in ("default-graph-uri", "named-graph-uri") for g in qs.get(k, [])
                          if not _absolute_iri(g)]
        if unknown_graphs:
            self._error(400, f"default-graph-uri / named-graph-uri must be absolute IRIs: {unknown_graphs[0]!r}")
            return
        dataset = {k: qs[k] for k in ("default-graph-uri", "named-graph-uri") if qs.get(k)}
        self._answer(queries[0], dataset)

    def _answer(self, query: str, dataset: dict | None = None) -> None:
        if len(query) > MAX_QUERY_CHARS:
            self._error(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
            return
        try:
            checked = check_query(query, allow_dataset=True)
        except QueryRefused as exc:
            code = 403 if ("refused" in str(exc)) else 400
            self._error(code, str(exc))
            return
        tabular = checked.form in ("SELECT", "ASK")
        media = negotiate(self.headers.get("Accept"), RESULT_TYPES if tabular else GRAPH_TYPES)
        if media is None:
            self._not_acceptable(RESULT_TYPES if tabular else GRAPH_TYPES)
            return
        # the cap on queries in flight: beyond it, an immediate 503 (never a queue that can pile up)
        if self.slots is not None and not self.slots.acquire(blocking=False):
            self._error(503, busy_message(self.max_inflight), RETRY_AFTER_S)
            return
        try:
            outcome = self._run(checked.text, tabular, dataset)
        finally:
            if self.slots is not None:
                self.slots.release()
        if outcome.code != 200:
            self._send(outcome.code, outcome.body, outcome.ctype, outcome.headers)
            return
        if tabular:
            body = write_results(outcome.body, media)
        else:
            body = write_graph(outcome.body, media, PREFIXES)
        self._send(200, body, f"{media}; charset=utf-8", outcome.headers)

    def _not_acceptable(self, offered: tuple[str, ...]) -> None:
        self._error(406, "none of the media types in Accept can be given; this endpoint offers "
                         + ", ".join(dict.fromkeys(CANONICAL.get(m, m) for m in offered))
                         + " (tidak ada format yang diminta yang tersedia)")

    def _service_description(self) -> None:
        media = negotiate(self.headers.get("Accept"), GRAPH_TYPES)
        if media is None:
            self._not_acceptable(GRAPH_TYPES)
            return
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        body = write_graph(service_description(f"http://{host}/sparql").encode("utf-8"), media, PREFIXES)
        self._send(200, body, f"{media}; charset=utf-8")

    def _resource(self, path: str) -> None:
        """A Jaring IRI dereferenced: HTML for browsers, Turtle / N-Triples / JSON-LD / RDF/XML by negotiation."""
        iri = BASE + path.lstrip("/")
        offered = ("text/html",) + GRAPH_TYPES
        media = negotiate(self.headers.get("Accept"), offered)
        if media is None:
            self._not_acceptable(offered)
            return
        query = describe_query(iri)
        if self.slots is not None and not self.slots.acquire(blocking=False):
            self._error(503, busy_message(self.max_inflight), RETRY_AFTER_S)
            return
        try:
            outcome = self._run(query, False, None)
        finally:
            if self.slots is not None:
                self.slots.release()
        if outcome.code != 200:
            self._send(outcome.code, outcome.body, outcome.ctype, outcome.headers)
            return
        if not outcome.body.strip():
            self._error(404, f"{iri} is not in the Jaring graph (tidak ada di graf Jaring)")
            return
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        if media == "text/html":
            body = resource_html(iri, outcome.body, f"http://{host}").encode("utf-8")
        else:
            body = write_graph(outcome.body, media, PREFIXES)
        self._send(200, body, f"{media}; charset=utf-8", {"Vary": "Accept", **outcome.headers})

    def _run(self, text: str, tabular: bool, dataset: dict | None = None) -> Outcome:
        """Send the query to a live backend under the watchdog; retry once if its backend was restarted."""
        pool = self.pool
        wait_s = max(5.0, self.timeout_s)
        for attempt in (1, 2):
            try:
                backend, generation = pool.acquire(wait_s)
            except Unavailable as exc:
                return Outcome.text(503, unavailable_message(str(exc)), RETRY_AFTER_S)
            timed_out = threading.Event()
            finished = threading.Event()

            def on_deadline(backend=backend, generation=generation, timed_out=timed_out, finished=finished):
                if finished.is_set():
                    return
                timed_out.set()
                pool.restart(backend, generation, f"query timed out after {self.timeout_s:g} s")

            watchdog = threading.Timer(self.timeout_s, on_deadline)
            watchdog.daemon = True
            conn = http.client.HTTPConnection("127.0.0.1", backend.port, timeout=self.timeout_s + 10)
            try:
                watchdog.start()
                outcome = self._fetch(conn, text, tabular, dataset)
                finished.set()
            except (OSError, http.client.HTTPException, ValueError) as exc:
                finished.set()
                if timed_out.is_set():
                    return Outcome.text(503, timeout_message(self.timeout_s))
                if backend.generation == generation and not backend.alive():
                    # the process stopped by itself: start a fresh one (once), then retry there
                    pool.restart(backend, generation, f"backend {backend.index} stopped unexpectedly")
                if backend.generation != generation:
                    if attempt == 1:
                        continue  # its backend was restarted under it: one more try on a live one
                    return Outcome.text(503, unavailable_message("the query's store process was restarted"),
                                        RETRY_AFTER_S)
                if isinstance(exc, ValueError):
                    return Outcome.text(502, f"the store returned no valid result: {exc}")
                return Outcome.text(503, unavailable_message(f"{type(exc).__name__}: {exc}"), RETRY_AFTER_S)
            except TooLarge as exc:
                finished.set()
                return Outcome.text(413, f"{exc}: add a LIMIT or select fewer columns")
            finally:
                watchdog.cancel()
                conn.close()
                pool.release(backend)
            if timed_out.is_set() and outcome.code != 200:
                return Outcome.text(503, timeout_message(self.timeout_s))
            return outcome
        return Outcome.text(503, unavailable_message("no attempt left"), RETRY_AFTER_S)  # pragma: no cover

    def _fetch(self, conn: http.client.HTTPConnection, text: str, tabular: bool,
               dataset: dict | None = None) -> Outcome:
        accept = JSON_TYPES[0] if tabular else "application/n-triples"
        params = [("query", text)] + [(k, g) for k, gs in (dataset or {}).items() for g in gs]
        data = urllib.parse.urlencode(params).encode("utf-8")
        conn.request("POST", "/query", body=data, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        resp = conn.getresponse()
        if resp.status != 200:
            detail = resp.read(1000).decode("utf-8", "replace").strip()
            if "cancel" in detail.lower() or "timeout" in detail.lower():
                return Outcome.text(503, timeout_message(self.timeout_s))
            return Outcome.text(400 if resp.status == 400 else 502, f"query failed: {detail}")
        if not tabular:
            body, truncated = read_ntriples(resp, self.max_rows)
            head = body[:200].decode("utf-8", "replace").lower()
            if "cancelled" in head and not body.lstrip().startswith((b"<", b"_:")):
                return Outcome.text(503, timeout_message(self.timeout_s))
            return Outcome(200, body, headers={"X-Jaring-Truncated": "true"} if truncated else {})
        try:
            result, truncated = read_json_results(resp, self.max_rows)
        except ValueError as exc:
            snippet = str(exc)[:300]
            if "cancel" in snippet.lower() or "timeout" in snippet.lower():
                return Outcome.text(503, timeout_message(self.timeout_s))
            raise
        out = Outcome(200, b"", headers={"X-Jaring-Truncated": "true"} if truncated else {})
        out.body = result  # a dict: turned into JSON/CSV/TSV by the caller
        return out


#: Connections the kernel holds for the proxy before it accepts them. socketserver's default (5) overflows
#: when 20 clients connect at once: the kernel then drops or resets connections (seen as "connection reset by
#: peer" and one-second stalls in `kg load`).
LISTEN_BACKLOG = 512


class _HTTPServer(ThreadingHTTPServer):
    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True


class Server:
    """A running endpoint (Oxigraph processes + proxy); ``url`` is the SPARQL endpoint, ``stop()`` ends all.

    ``backends`` Oxigraph processes serve the queries (a timed-out query's process is killed and restarted);
    ``max_inflight`` queries may run at once, more are answered 503 with ``Retry-After``."""

    def __init__(self, dist: Path | None = None, port: int = 0, timeout_s: float | None = None,
                 max_rows: int | None = None, quiet: bool = True, *, backends: int | None = None,
                 max_inflight: int | None = None, log=None):
        self.dist = dist_io.resolve(dist)
        self.timeout_s = timeout_s or DEFAULT_TIMEOUT_S
        self.max_rows = max_rows or MAX_ROWS
        self.max_inflight = max_inflight or DEFAULT_MAX_INFLIGHT
        if self.max_inflight < 1:
            raise ServeError("max_inflight must be at least 1")
        location = prepare_store_dir(self.dist)
        self.pool = BackendPool(location, backends or DEFAULT_BACKENDS, self.timeout_s, log or _log)
        self.pool.start()
        try:
            handler = type("BoundHandler", (Handler,), {
                "pool": self.pool, "slots": threading.BoundedSemaphore(self.max_inflight),
                "max_inflight": self.max_inflight, "timeout_s": self.timeout_s, "max_rows": self.max_rows,
                "quiet": quiet, "void": (self.dist / "void.ttl").read_bytes() if (self.dist / "void.ttl").exists()
                else b""})
            try:
                self.httpd = _HTTPServer(("127.0.0.1", port), handler)
            except OSError as exc:
                raise ServeError(f"cannot listen on 127.0.0.1:{port}: {exc}") from exc
            self.httpd.daemon_threads = True
        except BaseException:
            self.pool.stop()
            raise
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self._thread: threading.Thread | None = None

    # the first Oxigraph process (kept for callers that query or measure it directly)
    @property
    def proc(self) -> subprocess.Popen:
        return self.pool.backends[0].proc

    @property
    def backend_port(self) -> int:
        return self.pool.backends[0].port

    def backend_pids(self) -> list[int]:
        """Process ids of the Oxigraph processes running now."""
        return self.pool.pids()

    def start(self) -> "Server":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="jaring-sparql", daemon=True)
        self._thread.start()
        return self

    def _stop_backend(self) -> None:
        self.pool.stop()

    def stop(self) -> None:
        try:
            if self._thread is not None:
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
                  max_rows: int | None = None, *, backends: int | None = None,
                  max_inflight: int | None = None) -> int:
    server = Server(dist, port, timeout_s, max_rows, quiet=False, backends=backends, max_inflight=max_inflight)
    print(f"Jaring SPARQL endpoint (read-only): {server.url}  (Ctrl-C to stop; query time limit "
          f"{server.timeout_s:g} s, {server.max_rows} rows, {server.max_inflight} queries in flight, "
          f"{len(server.pool.backends)} Oxigraph processes)", flush=True)
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
