"""The query guard: what a query typed by a person may do before it reaches a store.

Queries are parsed (with rdflib's SPARQL grammar), never matched by regular expressions alone. Refused:
every update operation (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY), federated ``SERVICE``
calls, and dataset clauses (``FROM`` / ``FROM NAMED``: the dataset is fixed, the union of the named graphs).
The guard also caps the size of a query; stores cap the number of rows returned.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from ..namespaces import sparql_prologue

#: Longest query text accepted, in characters.
MAX_QUERY_CHARS = 20_000
#: Most rows any query returns (a result that hits the cap is marked truncated).
MAX_ROWS = 10_000
#: Seconds a query typed by a person may run before it is stopped.
DEFAULT_TIMEOUT_S = 10.0

UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")


class QueryRefused(ValueError):
    """A query the guard does not let through; the message says why in plain words."""


class QueryFailed(RuntimeError):
    """A query that was allowed but could not be answered (syntax error in the engine, timeout, endpoint down)."""


class QueryTimeout(QueryFailed):
    """A query that ran longer than its time limit and was stopped."""


@dataclass(frozen=True)
class Checked:
    """A query that passed the guard: its text (with the project prefixes declared) and its form."""
    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE


_LEADING_BASE = re.compile(r"^(?:\s|#[^\n]*\n)*BASE\s*<[^<>\s]*>", re.I)


def with_prologue(query: str) -> str:
    """Declare every project prefix in front of the query (a query's own PREFIX lines still win).

    A query that already opens with the project's prologue (:mod:`kg.answers.views` puts it in front) gets no second one,
    and a query that opens with its own ``BASE`` keeps it first: SPARQL allows ``BASE`` anywhere in the prologue,
    repeated, but Virtuoso 7 accepts it only as the very first declaration. Either way a line of the query keeps
    its distance from the start (the engine's error positions are shifted back by the prologue's lines)."""
    prologue = sparql_prologue()
    if query.startswith(prologue):
        return query
    own_base = _LEADING_BASE.match(query)
    if own_base:
        prefixes = prologue.split("\n", 1)[1]
        return own_base.group(0) + "\n" + prefixes + query[own_base.end():]
    return prologue + query


def _walk(node, seen=None):
    """Every parse-tree node (rdflib ``CompValue`` / ``ParseResults`` / lists), depth first."""
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, dict):
            stack.extend(n.values())
        elif isinstance(n, (list, tuple, ParseResults)):
            stack.extend(list(n))


#: rdflib's SPARQL grammar (pyparsing) is not thread-safe: two threads parsing at once can corrupt it for the
#: rest of the process, after which every query is refused. Every parse goes through this lock.
_PARSER_LOCK = threading.Lock()


def parser_lock() -> threading.Lock:
    """The lock every use of rdflib's SPARQL grammar in this process holds (the guard's parse, pySHACL's runs)."""
    return _PARSER_LOCK


def _parse(text: str):
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _PARSER_LOCK:
        try:
            return parseQuery(text), None
        except Exception as query_exc:  # noqa: BLE001 - the grammar raises pyparsing errors of several kinds
            try:
                parseUpdate(text)
            except Exception:  # noqa: BLE001
                return None, query_exc
            return None, "update"


#: Verdicts kept per query text (canned queries and their parameters repeat): an accepted query's
#: :class:`Checked` or a refused query's message. At most this many entries of at most MAX_QUERY_CHARS each.
VERDICT_CACHE_SIZE = 512
_VERDICTS: "OrderedDict[tuple[str, bool, bool], Checked | str]" = OrderedDict()
_VERDICTS_LOCK = threading.Lock()


def check_query(query: str, *, add_prologue: bool = True, allow_dataset: bool = False) -> Checked:
    """Parse ``query`` and refuse anything but a read-only query over the fixed dataset.

    Raises :class:`QueryRefused` with a message that names the reason. The verdict for a given text is
    remembered (a refused text stays refused), so a repeated query is not parsed again. ``allow_dataset``
    admits FROM / FROM NAMED: on an Oxigraph store they only choose among the stored graphs (``kg serve``).
    """
    if not isinstance(query, str) or not query.strip():
        raise QueryRefused("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    key = (query, add_prologue, allow_dataset)
    with _VERDICTS_LOCK:
        verdict = _VERDICTS.get(key)
        if verdict is not None:
            _VERDICTS.move_to_end(key)
    if verdict is None:
        try:
            verdict = _check(query, add_prologue, allow_dataset)
        except QueryRefused as exc:
            verdict = str(exc)
        with _VERDICTS_LOCK:
            _VERDICTS[key] = verdict
            while len(_VERDICTS) > VERDICT_CACHE_SIZE:
                _VERDICTS.popitem(last=False)
    if isinstance(verdict, str):
        raise QueryRefused(verdict)
    return verdict


def unknown_prefixes(query: str) -> list[tuple[str, int]]:
    """Prefixes used in ``query`` that neither Jaring nor the query declares, with the line (of the query as typed)
    where each is first used."""
    import re

    from ..namespaces import PREFIXES

    # blank out IRIs, strings and comments (same length, lines kept) so only real prefixed names remain
    masked = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*",
                    lambda m: re.sub(r"[^\n]", " ", m.group(0)), query)
    declared = set(PREFIXES) | set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", masked))
    out: dict[str, int] = {}
    for m in re.finditer(r"(?<![\w?$:.-])([A-Za-z][\w.-]*?):(?=[A-Za-z0-9_%\\]|\s|[;,.)\]}]|$)", masked):
        name = m.group(1)
        if name not in declared and name not in out and name.lower() not in ("prefix", "base"):
            out[name] = masked.count("\n", 0, m.start()) + 1
    return sorted(out.items(), key=lambda kv: kv[1])


def _check(query: str, add_prologue: bool, allow_dataset: bool = False) -> Checked:
    text = with_prologue(query) if add_prologue else query
    if add_prologue:
        unknown = unknown_prefixes(query)
        if unknown:
            from ..namespaces import PREFIXES

            name, line = unknown[0]
            raise QueryRefused(f"unknown prefix '{name}:' (line {line} of the query); Jaring declares "
                               f"{', '.join(p + ':' for p in PREFIXES)} — use one of them or add "
                               f"'PREFIX {name}: <...>' before the query")
    tree, problem = _parse(text)
    if problem == "update":
        raise QueryRefused("updates are refused: this endpoint is read-only "
                           f"({', '.join(UPDATE_WORDS)} are not allowed)")
    if tree is None:
        raise QueryRefused(f"the query could not be parsed: {_short(problem, text, query)}")
    form = ""
    body = tree[1] if len(tree) > 1 else None
    name = getattr(body, "name", "") or ""
    for f in ("Select", "Ask", "Construct", "Describe"):
        if name.startswith(f):
            form = f.upper()
    if not form:
        raise QueryRefused(f"unsupported query form {name!r}")
    for n in _walk(tree):
        nname = getattr(n, "name", None)
        if nname == "ServiceGraphPattern":
            raise QueryRefused("SERVICE (federated query) is refused: only this graph can be queried")
        if nname == "DatasetClause" and not allow_dataset:
            raise QueryRefused("FROM / FROM NAMED are refused: the dataset is fixed (the union of the named graphs)")
    return Checked(text, form)


def _short(exc: Exception, text: str = "", query: str = "") -> str:
    """The parser's message, with line and character positions counted in the query as typed."""
    import re

    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    shift = text.count("\n") - query.count("\n")
    offset = len(text) - len(query)
    msg = re.sub(r"line:(\d+)", lambda m: f"line:{max(1, int(m.group(1)) - shift)}", msg)
    msg = re.sub(r"at char (\d+)", lambda m: f"at char {max(0, int(m.group(1)) - offset)}", msg)
    return msg[:300]
