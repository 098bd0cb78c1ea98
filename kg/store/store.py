"""One way to ask the graph, whether it is held in memory or behind a SPARQL endpoint.

``open_store()`` loads ``dist/jaring.nq`` into an in-memory pyoxigraph store after checking the manifest's
checksums; ``open_store(endpoint=URL)`` talks to a SPARQL 1.1 endpoint. Both answer ``select(query, bindings)``
with the same rows. Parameters are *bound*, never pasted into the query text: the embedded store uses
pyoxigraph substitutions, a remote endpoint receives a ``VALUES`` block built from escaped RDF terms. The
default graph is the union of the named graphs, and nothing can write to it.

Canned queries (written by the project) run in-process. Queries typed by people go through
:func:`kg.store.sparql.check_query` and, on the embedded store, run in a separate worker process that is stopped
when its time limit passes (the engine itself cannot be interrupted).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import dist as dist_io
from ..ids import iri, short_id  # noqa: F401  (part of this module's interface)
from ..namespaces import PREFIXES
from .sparql import (DEFAULT_TIMEOUT_S, MAX_ROWS, QueryFailed, QueryRefused, QueryTimeout, check_query,
                     with_prologue)

XSD = PREFIXES["xsd"]
_INT_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                                "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
_FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class StoreError(RuntimeError):
    """The graph cannot be opened or reached (missing or corrupt dist, endpoint down); the message says which."""


# --- terms ----------------------------------------------------------------------------------------------------

class IRI(str):
    """Marks a string binding as an IRI (plain ``str`` values that look like absolute IRIs are IRIs too)."""


@dataclass(frozen=True)
class Lit:
    """A literal binding with an explicit language tag or datatype IRI."""
    value: str
    lang: str | None = None
    datatype: str | None = None


def to_term(value: Any):
    """A Python value → a pyoxigraph term (the one place where bindings get their RDF type).

    Raises :class:`QueryRefused` for a value that is not a valid term (an IRI with spaces or ``>``, ...)."""
    try:
        return _to_term(value)
    except ValueError as exc:
        raise QueryRefused(f"not a valid value for a query parameter: {value!r} ({exc})") from None


def _to_term(value: Any):
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, IRI):
        return ox.NamedNode(iri(value))
    rdflib_term = _from_rdflib(value)
    if rdflib_term is not None:
        return rdflib_term
    if isinstance(value, Lit):
        if value.lang:
            return ox.Literal(value.value, language=value.lang)
        if value.datatype:
            return ox.Literal(value.value, datatype=ox.NamedNode(value.datatype))
        return ox.Literal(value.value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, (float, Decimal)):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        if re.match(r"^(https?|urn|mailto):\S+$", value):
            return ox.NamedNode(value)
        return ox.Literal(value)
    raise TypeError(f"cannot bind a {type(value).__name__} value in a query")


def _from_rdflib(value):
    """rdflib terms (``URIRef``, ``Literal``) keep their kind, language and datatype."""
    try:
        from rdflib import Literal as RLiteral, URIRef
    except ImportError:  # pragma: no cover
        return None
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, RLiteral):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    return None


def _escape_string(s: str) -> str:
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")


def term_sparql(term) -> str:
    """SPARQL text of one RDF term, escaped so that no value can change the query around it."""
    if isinstance(term, ox.NamedNode):
        if _IRI_BAD.search(term.value):
            raise QueryRefused(f"not a valid IRI: {term.value!r}")
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        body = '"' + _escape_string(term.value) + '"'
        if term.language:
            if not _LANG.match(term.language):
                raise QueryRefused(f"not a valid language tag: {term.language!r}")
            return f"{body}@{term.language}"
        dt = term.datatype.value
        if dt == XSD + "string":
            return body
        if _IRI_BAD.search(dt):
            raise QueryRefused(f"not a valid datatype IRI: {dt!r}")
        return f"{body}^^<{dt}>"
    raise QueryRefused(f"cannot bind a {type(term).__name__} to a remote query")


def python_value(term) -> Any:
    """A result term → plain Python: IRIs and strings as ``str``, numbers as int/float, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return _literal_value(term.value, term.datatype.value if term.datatype else None)
    return str(term)


def _literal_value(value: str, datatype: str | None) -> Any:
    if datatype in _INT_TYPES:
        try:
            return int(value)
        except ValueError:
            return value
    if datatype in _FLOAT_TYPES:
        try:
            return float(value)
        except ValueError:
            return value
    if datatype == XSD + "boolean":
        return value in ("true", "1")
    return value


def _json_value(cell: dict | None) -> Any:
    if cell is None:
        return None
    kind = cell.get("type")
    if kind == "uri":
        return cell["value"]
    if kind == "bnode":
        return "_:" + cell["value"]
    if kind in ("literal", "typed-literal"):
        return _literal_value(cell["value"], cell.get("datatype"))
    return cell.get("value")


# --- results --------------------------------------------------------------------------------------------------

class Rows(list):
    """Result rows (a list of dicts) that also know their column names and whether the row cap cut them."""

    def __init__(self, rows=(), columns: list[str] | None = None, truncated: bool = False, elapsed_ms: float = 0.0):
        super().__init__(rows)
        self.columns = list(columns or [])
        self.truncated = truncated
        self.elapsed_ms = elapsed_ms


def _solutions_to_rows(solutions, max_rows: int) -> tuple[list[str], list[dict], bool]:
    columns = [v.value for v in solutions.variables]
    rows = []
    truncated = False
    for sol in solutions:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append({c: python_value(sol[c]) for c in columns})
    return columns, rows, truncated


# --- the store ------------------------------------------------------------------------------------------------

class Store:
    """The read-only interface every layer uses: ``select`` (and ``ask``), canned or user queries."""

    kind = "abstract"
    #: the built graph's data version (:func:`kg.dist.data_version`); None for a remote endpoint
    data_version: str | None = None

    def select(self, query_text: str, bindings: dict | None = None, *, max_rows: int = MAX_ROWS) -> Rows:
        raise NotImplementedError

    def ask(self, query_text: str, bindings: dict | None = None) -> bool:
        raise NotImplementedError

    def user_query(self, query_text: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = MAX_ROWS):
        """Run a query typed by a person: guarded, time-limited, row-capped. SELECT → Rows, ASK → bool,
        CONSTRUCT/DESCRIBE → Rows of ``s``/``p``/``o``."""
        raise NotImplementedError

    def exists(self, ident: str) -> bool:
        """Whether a project id or IRI is the subject of any triple."""
        return self.ask("ASK { ?s ?p ?o }", {"s": IRI(iri(ident))})

    def close(self) -> None:  # pragma: no cover - nothing to release by default
        pass


def _substitutions(bindings: dict | None) -> dict:
    subs = {}
    for name, value in (bindings or {}).items():
        if not _VAR.match(name):
            raise QueryRefused(f"not a variable name: {name!r}")
        if value is None:
            continue
        subs[ox.Variable(name)] = to_term(value)
    return subs


def load_dataset(store: "ox.Store", nquads: Path) -> None:
    """Load the built dataset: its named graphs, and their distinct union as the default graph.

    The union of the named graphs is an RDF graph, a set: a triple stored in two named graphs counts once (a
    store's "union default graph" mode would repeat it). The union comes from ``jaring.nt`` beside the N-Quads
    when the build wrote it, else it is computed from the named graphs."""
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    union = Path(nquads).with_name("jaring.nt")
    if union.exists():
        store.bulk_load(path=str(union), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    else:
        triples = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)}
        store.bulk_extend(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in triples)


STORE_DIR = "store"  # dist/store/: the graph pre-loaded into an on-disk Oxigraph store by kg build
STORE_VERSION = "store.version"  # beside it: the data version it holds


def write_disk_store(dist: Path | str) -> Path:
    """Load ``dist/jaring.nq`` (and its union) into an on-disk Oxigraph store ``dist/store/`` once, at build time,
    so each ``kg`` command opens the graph read-only in milliseconds instead of parsing 8 MB of N-Quads."""
    import shutil

    dist = Path(dist)
    version = dist_io.data_version(dist)
    tmp, final = dist / ".store.tmp", dist / STORE_DIR
    shutil.rmtree(tmp, ignore_errors=True)
    (dist / STORE_VERSION).unlink(missing_ok=True)
    disk = ox.Store(str(tmp))
    load_dataset(disk, dist / dist_io.DATA_FILE)
    disk.flush()
    del disk
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    (dist / STORE_VERSION).write_text(version or "", "utf-8")
    return final


def disk_store_path(dist: Path | str) -> Path | None:
    """``dist/store/`` when it holds the graph now in ``dist`` (its version matches the manifest), else None."""
    dist = Path(dist)
    try:
        version = (dist / STORE_VERSION).read_text("utf-8").strip()
    except OSError:
        return None
    if version and version == dist_io.data_version(dist) and (dist / STORE_DIR).is_dir():
        return dist / STORE_DIR
    return None


def _run_in_child(conn, data_path: str, text: str, max_rows: int) -> None:  # pragma: no cover - child process
    try:
        store = _CHILD_STORE.get("store")
        if store is None and Path(data_path).is_dir():
            store = ox.Store.read_only(data_path)
        elif store is None:
            store = ox.Store()
            load_dataset(store, Path(data_path))
        res = store.query(text)
        if isinstance(res, ox.QueryBoolean):
            conn.send(("ask", bool(res)))
        elif isinstance(res, ox.QuerySolutions):
            conn.send(("rows",) + _solutions_to_rows(res, max_rows))
        else:
            rows, truncated = [], False
            for t in res:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append({"s": python_value(t.subject), "p": python_value(t.predicate),
                             "o": python_value(t.object)})
            conn.send(("rows", ["s", "p", "o"], rows, truncated))
    except SyntaxError as exc:
        conn.send(("error", f"syntax error: {exc}"))
    except Exception as exc:  # noqa: BLE001
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


_CHILD_STORE: dict = {}
_FORK_LOCK = threading.Lock()


class EmbeddedStore(Store):
    """pyoxigraph in memory, loaded once from ``dist/jaring.nq``."""

    kind = "embedded"

    def __init__(self, dist: Path):
        self.dist = Path(dist)
        self.data_path = self.dist / "jaring.nq"
        t0 = time.perf_counter()
        self.disk_path = disk_store_path(self.dist)
        if self.disk_path is not None:
            try:
                self._store = ox.Store.read_only(str(self.disk_path))
            except OSError:
                self.disk_path = None
        if self.disk_path is None:
            self._store = ox.Store()
            try:
                load_dataset(self._store, self.data_path)
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"{self.data_path}: cannot be loaded ({exc})") from exc
        self.load_ms = (time.perf_counter() - t0) * 1000
        self.manifest = dist_io.read_manifest(self.dist)
        self.data_version = dist_io.manifest_version(self.manifest)
        self._lock = threading.Lock()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (read it, never write it)."""
        return self._store

    def __len__(self) -> int:
        """Quads in the named graphs (the default graph repeats their distinct triples)."""
        return len(self._store) - sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def _query(self, text: str, bindings: dict | None):
        subs = _substitutions(bindings)
        try:
            try:
                return self._store.query(text, substitutions=subs, prefixes=PREFIXES)
            except RuntimeError as exc:
                # pyoxigraph substitutes only variables the query projects; others are bound by a VALUES block
                if "projection" not in str(exc):
                    raise QueryFailed(f"the store could not answer: {exc}") from exc
                return self._store.query(bind_values(text, bindings), prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryFailed(f"syntax error in query: {exc}") from exc
        except OSError as exc:
            raise QueryFailed(f"the store could not answer: {exc}") from exc

    def select(self, query_text, bindings=None, *, max_rows=MAX_ROWS):
        t0 = time.perf_counter()
        res = self._query(query_text, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryFailed("select() needs a SELECT query")
        columns, rows, truncated = _solutions_to_rows(res, max_rows)
        return Rows(rows, columns, truncated, (time.perf_counter() - t0) * 1000)

    def ask(self, query_text, bindings=None):
        res = self._query(query_text, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise QueryFailed("ask() needs an ASK query")
        return bool(res)

    def user_query(self, query_text, *, timeout_s=DEFAULT_TIMEOUT_S, max_rows=MAX_ROWS):
        checked = check_query(query_text)
        t0 = time.perf_counter()
        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - platforms without fork
            ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=False)
        source = str(self.disk_path) if self.disk_path is not None else str(self.data_path)
        proc = ctx.Process(target=_run_in_child, args=(child, source, checked.text, max_rows), daemon=True)
        with _FORK_LOCK:
            # the forked child inherits an in-memory store: no reload, no copy until written (it never is); an
            # on-disk store is opened again read-only by the child (a database handle does not survive a fork)
            inherit = ctx.get_start_method() == "fork" and self.disk_path is None
            _CHILD_STORE["store"] = self._store if inherit else None
            proc.start()
            _CHILD_STORE.pop("store", None)
        child.close()
        try:
            if not parent.poll(timeout_s):
                raise QueryTimeout(f"the query ran longer than {timeout_s:g} s and was stopped")
            try:
                msg = parent.recv()
            except EOFError:
                raise QueryFailed("the query worker stopped without an answer") from None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join(1)
            parent.close()
        elapsed = (time.perf_counter() - t0) * 1000
        if msg[0] == "error":
            raise QueryFailed(msg[1])
        if msg[0] == "ask":
            return msg[1]
        _, columns, rows, truncated = msg
        return Rows(rows, columns, truncated, elapsed)


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint (queries by POST form, JSON results)."""

    kind = "remote"

    def __init__(self, endpoint: str, timeout_s: float = 30.0):
        if not re.match(r"^https?://", endpoint or ""):
            raise StoreError(f"not an http(s) endpoint URL: {endpoint!r}")
        self.endpoint = endpoint
        self.timeout_s = timeout_s

    def _post(self, text: str, timeout_s: float | None = None) -> dict:
        data = urllib.parse.urlencode({"query": text}).encode("utf-8")
        req = urllib.request.Request(self.endpoint, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout_s or self.timeout_s) as resp:
                body = resp.read()
                ctype = resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace").strip()
            if exc.code in (400, 403):
                raise QueryRefused(f"the endpoint refused the query (HTTP {exc.code}): {detail}") from None
            raise QueryFailed(f"the endpoint {self.endpoint} answered HTTP {exc.code}: {detail}") from None
        except TimeoutError:
            raise QueryTimeout(f"the endpoint {self.endpoint} did not answer within "
                               f"{timeout_s or self.timeout_s:g} s") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise QueryTimeout(f"the endpoint {self.endpoint} did not answer within "
                                   f"{timeout_s or self.timeout_s:g} s") from None
            raise StoreError(f"the endpoint {self.endpoint} cannot be reached: {reason}") from None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            snippet = body[:200].decode("utf-8", "replace").strip()
            if "cancelled" in snippet.lower() or "timeout" in snippet.lower():
                raise QueryTimeout(f"the endpoint stopped the query: {snippet}") from None
            raise QueryFailed(f"the endpoint {self.endpoint} did not return SPARQL JSON results "
                              f"(Content-Type {ctype or 'none'}): {snippet!r}") from None

    def _rows(self, data: dict, max_rows: int, elapsed: float) -> Rows:
        if not isinstance(data, dict) or "head" not in data:
            raise QueryFailed(f"the endpoint {self.endpoint} returned JSON that is not a SPARQL result")
        columns = list(data["head"].get("vars", []))
        bindings = data.get("results", {}).get("bindings", [])
        truncated = len(bindings) > max_rows
        rows = [{c: _json_value(b.get(c)) for c in columns} for b in bindings[:max_rows]]
        return Rows(rows, columns, truncated, elapsed)

    def select(self, query_text, bindings=None, *, max_rows=MAX_ROWS):
        t0 = time.perf_counter()
        data = self._post(with_prologue(bind_values(query_text, bindings)))
        return self._rows(data, max_rows, (time.perf_counter() - t0) * 1000)

    def ask(self, query_text, bindings=None):
        return self._boolean(self._post(with_prologue(bind_values(query_text, bindings))))

    def _boolean(self, data: dict) -> bool:
        """The answer to an ASK query. Virtuoso 7.2 answers ASK in JSON as a SELECT of one variable,
        ``__ASK_RETVAL``, with one row holding 1 for true and no row for false, instead of ``{"boolean": …}``
        (openlink/virtuoso-opensource#1016); that shape is read too. Anything else is an error, never false."""
        if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
            return data["boolean"]
        if isinstance(data, dict) and data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
            rows = data.get("results", {}).get("bindings", [])
            values = [str(r.get("__ASK_RETVAL", {}).get("value")) for r in rows]
            if values in ([], ["1"], ["0"], ["true"], ["false"]):
                return values in (["1"], ["true"])
        raise QueryFailed(f"the endpoint {self.endpoint} returned no boolean for an ASK query")

    def user_query(self, query_text, *, timeout_s=DEFAULT_TIMEOUT_S, max_rows=MAX_ROWS):
        checked = check_query(query_text)
        if checked.form in ("CONSTRUCT", "DESCRIBE"):
            raise QueryRefused("CONSTRUCT and DESCRIBE are answered by the embedded store only")
        t0 = time.perf_counter()
        data = self._post(checked.text, timeout_s)
        if checked.form == "ASK":
            return self._boolean(data)
        return self._rows(data, max_rows, (time.perf_counter() - t0) * 1000)


def bind_values(query_text: str, bindings: dict | None) -> str:
    """Bind parameters with a ``VALUES`` block inside the outermost group pattern (escaped terms).

    The group's content is wrapped in ``SELECT * WHERE { VALUES … { … } }``, which in standard SPARQL is the same
    pattern (``SELECT *`` projects every variable in scope). Virtuoso 7 needs the wrapper: with the ``VALUES``
    block directly in the outermost group, a bound variable the query does not project (e.g. ``?lang``) is
    unbound inside ``OPTIONAL { … FILTER(LANG(?label) = ?lang) }``, and every label came back empty."""
    subs = _substitutions(bindings)
    if not subs:
        return query_text
    names = " ".join(f"?{v.value}" for v in subs)
    row = " ".join(term_sparql(t) for t in subs.values())
    block = f" VALUES ({names}) {{ ({row}) }} "
    opening, closing = _outer_group(query_text)
    if opening == -1 or closing == -1:
        raise QueryRefused("the query has no group pattern to bind parameters in")
    return (query_text[:opening + 1] + " SELECT * WHERE {" + block + query_text[opening + 1:closing] + "} "
            + query_text[closing:])


def _outer_group(text: str) -> tuple[int, int]:
    """Positions of the first ``{`` outside IRIs, strings and comments (the outermost group of a query) and of
    the ``}`` that closes it; -1 where missing."""
    opening, depth = -1, 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if ch == "<":
            m = re.match(r"<[^<>\"{}|^`\\\x00-\x20]*>", text[i:])
            if m:
                i += m.end()
                continue
        if ch in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "{":
            if opening == -1:
                opening = i
            depth += 1
        elif ch == "}" and opening != -1:
            depth -= 1
            if depth == 0:
                return opening, i
        i += 1
    return opening, -1


# --- opening --------------------------------------------------------------------------------------------------

_CACHE: dict[tuple, Store] = {}
_CACHE_LOCK = threading.Lock()


def default_dist() -> Path:
    """``$JARING_DIST``, else the project's dist/ (see :mod:`kg.dist`)."""
    return dist_io.default_dist()


def open_store(dist: Path | str | None = None, endpoint: str | None = None, *, verify: bool = True,
               cache: bool = True) -> Store:
    """The graph to query: a remote endpoint if ``endpoint`` (or ``JARING_ENDPOINT``) is given, else the embedded
    store loaded from ``dist`` (default: :func:`kg.dist.default_dist`) after its checksums are verified.

    Stores are cached per (dist, manifest): a cached store is returned without hashing the files again (they were
    verified when it was loaded; a rebuild writes a new manifest, which misses the cache). Raises
    :class:`StoreError`.
    """
    endpoint = endpoint or os.environ.get("JARING_ENDPOINT") or None
    if endpoint:
        return RemoteStore(endpoint)
    dist = dist_io.resolve(dist)
    if not dist.is_dir():
        raise StoreError(f"{dist}: no built graph here (run 'kg build' first)")
    stamp = dist_io.manifest_stamp(dist)
    key = (str(dist.resolve()), stamp)
    if cache and stamp is not None:
        with _CACHE_LOCK:
            store = _CACHE.get(key)
        if store is not None:
            return store
    if verify:
        problems = dist_io.verify(dist)
        if problems:
            raise StoreError(f"{dist}: the built graph is incomplete or corrupt (run 'kg build' again): "
                             + "; ".join(problems))
    if stamp is None:
        raise StoreError(f"{dist / dist_io.MANIFEST}: unreadable")
    if not cache:
        return EmbeddedStore(dist)
    with _CACHE_LOCK:
        store = _CACHE.get(key)
        if store is None:
            for k in [k for k in _CACHE if k[0] == key[0]]:
                del _CACHE[k]
            store = _CACHE[key] = EmbeddedStore(dist)
    return store
