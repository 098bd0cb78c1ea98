"""Canned SPARQL queries (``queries/*.rq``): listed with their headers, run with bound parameters.

Each file opens with a header of ``# key: value`` comment lines::

    # question.id: <the question in Indonesian>
    # question.en: <the question in English>
    # audience: advocate | policymaker | researcher
    # param: ?asOf date = today | what the parameter means
    # param: ?group concept:groups = trafficking-victims | ...
    # columns: entitlement, label, ...
    # view: table | chart | map | graph | timeline
    # empty.id: <why an empty answer is expected or what it means>   (optional)
    # empty.en: <the same in English>

A query may return no rows on the real graph only when its header says why (``empty.id`` / ``empty.en``,
e.g. a quality check that must be empty); the test suite runs every query with its defaults and holds it to that.

Parameter types: ``date`` (ISO date, ``today``), ``iri`` (a project id such as ``uu/2007/21`` or a full IRI),
``concept:<scheme>`` (a short concept id of that vocabulary), ``lang`` (``id`` or ``en``), ``string``, ``int``.
Values are converted to RDF terms and bound by the store (never pasted into the query text).

Queries that take ``?asOf`` read the law by its *effective* interval: ``jar:effectiveFrom`` /
``jar:effectiveUntil``, derived at build time by :mod:`kg.asof` (the recorded ELI dates where given, else
1 January of the instrument's year as a lower bound, and the start of a repealing or replacing instrument as the
end), falling back to the recorded ``eli:first_date_entry_in_force`` / ``eli:date_no_longer_in_force``.
"""
from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .store import IRI, Lit, Rows, iri, open_store
from .sparql import QueryRefused

QUERIES_DIR = Path(__file__).resolve().parent.parent.parent / "queries"
VIEWS = ("table", "chart", "map", "graph", "timeline")
AUDIENCES = ("advocate", "policymaker", "researcher")
_PARAM = re.compile(r"^\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>date|iri|lang|string|int|concept:[a-z0-9-]+)"
                    r"(?:\s*=\s*(?P<default>[^|]*?))?\s*(?:\|\s*(?P<help>.*))?$")


class QueryError(ValueError):
    """An unknown canned query or a parameter value it cannot take; the message says which and why."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    help: str

    def convert(self, value):
        """A user-supplied value (string or Python object) → the value bound in the query."""
        if value is None or value == "":
            value = self.default
        if value is None:
            raise QueryError(f"parameter ?{self.name} is required ({self.help})")
        if self.type == "date":
            if isinstance(value, date):
                return value
            text = str(value).strip()
            if text == "today":
                return date.today()
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise QueryError(f"?{self.name}: {value!r} is not a date (YYYY-MM-DD)") from None
        if self.type == "lang":
            text = str(value).strip().lower()
            if text not in ("id", "en"):
                raise QueryError(f"?{self.name}: {value!r} is not a language (id or en)")
            return Lit(text)
        if self.type == "int":
            try:
                return int(value)
            except (TypeError, ValueError):
                raise QueryError(f"?{self.name}: {value!r} is not a whole number") from None
        if self.type == "string":
            return Lit(str(value))
        text = str(value).strip()
        if self.type.startswith("concept:"):
            scheme = self.type.split(":", 1)[1]
            if not text.startswith(("http://", "https://")):
                slug = text.rsplit("/", 1)[-1]
                if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", slug):
                    raise QueryError(f"?{self.name}: {value!r} is not a concept id of the {scheme} vocabulary")
                text = f"vocab/{scheme}/{slug}"
            return IRI(iri(text))
        if not re.match(r"^(https?://\S+|[a-z0-9][a-z0-9./_-]*)$", text):
            raise QueryError(f"?{self.name}: {value!r} is not an id such as uu/2007/21 or an http(s) IRI")
        return IRI(iri(text))


@dataclass
class CannedQuery:
    name: str
    question: dict[str, str]
    audience: str
    params: list[Param]
    columns: list[str]
    view: str
    text: str
    path: Path = field(repr=False, default=None)
    empty: dict = field(default_factory=dict)  # {"id": ..., "en": ...}: why no rows may be the right answer

    @property
    def title(self) -> dict[str, str]:
        return self.question

    @property
    def hint(self) -> str:
        return self.view

    def bindings(self, values: dict | None = None) -> dict:
        values = dict(values or {})
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter ?{sorted(unknown)[0]}; "
                             f"it takes {', '.join('?' + p.name for p in self.params) or 'no parameters'}")
        return {p.name: p.convert(values.get(p.name)) for p in self.params}

    def to_dict(self) -> dict:
        return {"name": self.name, "question": self.question, "audience": self.audience,
                "params": [f"?{p.name} ({p.type}{', default ' + p.default if p.default else ''}): {p.help}"
                           for p in self.params],
                "parameters": [{"name": p.name, "type": p.type, "default": p.default, "help": p.help}
                               for p in self.params],
                "columns": self.columns, "view": self.view, "text": self.text, "empty": self.empty}


def parse_header(text: str, name: str = "?") -> dict:
    """The header of a canned query; raises :class:`QueryError` for anything missing or malformed."""
    head: dict = {"question": {}, "params": []}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"^#\s*([a-z.]+):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key.startswith("question."):
            head["question"][key.split(".", 1)[1]] = value
        elif key.startswith("empty."):
            head.setdefault("empty", {})[key.split(".", 1)[1]] = value
        elif key == "param":
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(f"{name}: malformed parameter line {value!r}")
            default = pm.group("default")
            head["params"].append(Param(pm.group("name"), pm.group("type"),
                                        default.strip() if default else None, (pm.group("help") or "").strip()))
        elif key == "columns":
            head["columns"] = [c.strip() for c in value.split(",") if c.strip()]
        else:
            head[key] = value
    for required in ("columns", "view", "audience"):
        if required not in head:
            raise QueryError(f"{name}: header has no '{required}:' line")
    if set(head["question"]) != {"id", "en"}:
        raise QueryError(f"{name}: header needs question.id and question.en")
    if "empty" in head and set(head["empty"]) != {"id", "en"}:
        raise QueryError(f"{name}: header needs both empty.id and empty.en (why no rows may be right)")
    if head["view"] not in VIEWS:
        raise QueryError(f"{name}: view {head['view']!r} is not one of {', '.join(VIEWS)}")
    if head["audience"] not in AUDIENCES:
        raise QueryError(f"{name}: audience {head['audience']!r} is not one of {', '.join(AUDIENCES)}")
    return head


_CACHE: dict[str, tuple[float, CannedQuery]] = {}


def load_query(path: Path) -> CannedQuery:
    path = Path(path)
    mtime = path.stat().st_mtime
    cached = _CACHE.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1]
    text = path.read_text("utf-8")
    head = parse_header(text, path.stem)
    q = CannedQuery(path.stem, head["question"], head["audience"], head["params"], head["columns"], head["view"],
                    text, path, head.get("empty", {}))
    _CACHE[str(path)] = (mtime, q)
    return q


def list_queries(directory: Path | None = None) -> list[CannedQuery]:
    """Every canned query, sorted by name."""
    return [load_query(p) for p in sorted(Path(directory or QUERIES_DIR).glob("*.rq"))]


def get_query(name: str, directory: Path | None = None) -> CannedQuery:
    path = Path(directory or QUERIES_DIR) / f"{name}.rq"
    if not re.match(r"^[a-z0-9-]+$", name or "") or not path.exists():
        known = ", ".join(q.name for q in list_queries(directory))
        raise QueryError(f"no canned query named {name!r}; known: {known}")
    return load_query(path)


def run(name: str, params: dict | None = None, store=None, *, max_rows: int | None = None) -> Rows:
    """Run canned query ``name`` with ``params`` (name → value, defaults from the header) on ``store``."""
    q = get_query(name)
    store = open_store() if store is None else store
    bindings = q.bindings(params)
    kwargs = {"max_rows": max_rows} if max_rows else {}
    return store.select(q.text, bindings, **kwargs)


def bench(store=None, repeat: int = 7, names: list[str] | None = None) -> list[dict]:
    """Median and worst wall time (ms) of every canned query with its default parameters."""
    store = open_store() if store is None else store
    out = []
    for q in list_queries():
        if names and q.name not in names:
            continue
        bindings = q.bindings({})
        store.select(q.text, bindings)  # warm-up
        times, rows = [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = len(store.select(q.text, bindings))
            times.append((time.perf_counter() - t0) * 1000)
        out.append({"name": q.name, "rows": rows, "median_ms": round(statistics.median(times), 3),
                    "max_ms": round(max(times), 3)})
    return out


__all__ = ["CannedQuery", "Param", "QueryError", "QueryRefused", "bench", "get_query", "list_queries", "run"]
