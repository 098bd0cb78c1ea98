"""Sub-commands of the query layer: ``kg query``, ``kg cite``, ``kg search``, ``kg serve`` (``kg entitlements``:
:mod:`kg.cli.commands_entitlements`)."""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from .command import Command, dist_arg
from ..ids import pick_label


def store_from_args(args):
    from ..store.store import StoreError, open_store

    try:
        return open_store(dist=getattr(args, "dist", None), endpoint=getattr(args, "endpoint", None))
    except StoreError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return None


def add_store_args(p):
    dist_arg(p)
    p.add_argument("--endpoint", default=None, help="query a SPARQL endpoint URL instead of dist/")


def output_width(requested: int | None) -> int | None:
    """Columns to fit a table into: ``--width``, else the terminal's width; None (full text) when piped."""
    if requested:
        return max(20, requested)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size((100, 24)).columns
    return None


def fit_table(header: list[str], table: list[list[str]], width: int | None) -> list[str]:
    """Rows of a text table: full cells when ``width`` is None, else columns narrowed (widest first) so the table
    fits and long cells wrapped onto more lines, never cut."""
    import textwrap

    natural = [max([len(c)] + [len(row[i]) for row in table]) for i, c in enumerate(header)]
    widths = list(natural)
    if width is not None:
        room = width - 2 * (len(widths) - 1)
        floor = [min(n, max(8, len(h))) for n, h in zip(natural, header)]
        while sum(widths) > room:
            i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
            if widths[i] <= floor[i]:
                break
            widths[i] -= 1
    lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in table:
        cells = [textwrap.wrap(v, w, break_long_words=True, break_on_hyphens=False) or [""] if len(v) > w else [v]
                 for v, w in zip(row, widths)]
        for k in range(max(len(c) for c in cells)):
            lines.append("  ".join((c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths)).rstrip())
    return lines


def _print_rows(rows, fmt: str, width: int | None = None) -> None:
    cols = list(getattr(rows, "columns", None) or (list(rows[0]) if rows else []))
    if fmt == "json":
        print(json.dumps({"columns": cols, "rows": list(rows), "truncated": getattr(rows, "truncated", False)},
                         ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: "" if v is None else v for k, v in r.items()})
        sys.stdout.write(buf.getvalue())
        return
    from ..store.store import short_id

    table = [[("" if r.get(c) is None else " ".join(short_id(str(r.get(c))).split())) for c in cols] for r in rows]
    for line in fit_table(cols, table, width):
        print(line)
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', truncated' if getattr(rows, 'truncated', False) else ''})")


def _cfg_query(p):
    add_store_args(p)
    p.add_argument("name", nargs="?", help="canned query name (see --list)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="parameter value, e.g. -p asOf=2015-01-01 -p group=children")
    p.add_argument("--list", action="store_true", help="list the canned queries with their questions")
    p.add_argument("--show", action="store_true", help="print the query text instead of running it")
    p.add_argument("--sparql", help="run this SPARQL text (guarded, read-only, time-limited); '-' reads stdin")
    p.add_argument("--timeout", type=float, default=None, help="seconds before a --sparql query is stopped")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--bench", action="store_true", help="time every canned query (and the entitlement finder)")
    p.add_argument("--lang", choices=("id", "en"), default="en")
    p.add_argument("--width", type=int, default=None,
                   help="fit tables into this many columns, wrapping long cells (default: the terminal's width; "
                        "full text when the output is piped)")


def _run_query(args) -> int:
    from ..store import queries
    from ..store.sparql import DEFAULT_TIMEOUT_S, QueryFailed, QueryRefused

    if args.list:
        for q in queries.list_queries():
            params = " ".join(f"?{p.name}" for p in q.params)
            print(f"{q.name:<40} [{q.audience}, {q.view}] {q.question[args.lang]}" + (f"  ({params})" if params else ""))
        return 0
    if args.show:
        if not args.name:
            print("kg query: --show needs a query name", file=sys.stderr)
            return 2
        try:
            print(queries.get_query(args.name).text)
        except queries.QueryError as exc:
            print(f"kg query: {exc}", file=sys.stderr)
            return 2
        return 0
    store = store_from_args(args)
    if store is None:
        return 1
    if args.bench:
        return _bench(store)
    try:
        if args.sparql:
            text = sys.stdin.read() if args.sparql == "-" else args.sparql
            result = store.user_query(text, timeout_s=args.timeout or DEFAULT_TIMEOUT_S)
            if isinstance(result, bool):
                print("true" if result else "false")
                return 0
            _print_rows(result, args.format, output_width(args.width))
            if not result and args.format == "table":
                print("No rows. Check the names the query uses: kg search WORDS finds ids and labels, "
                      "kg show entity ID shows the properties a record has, kg query --list has worked examples.")
            return 0
        if not args.name:
            print("kg query: name a canned query (see kg query --list) or give --sparql", file=sys.stderr)
            return 2
        params = {}
        for item in args.param:
            if "=" not in item:
                print(f"kg query: parameter {item!r} is not NAME=VALUE", file=sys.stderr)
                return 2
            k, v = item.split("=", 1)
            params[k.strip().lstrip("?$")] = v
        rows = queries.run(args.name, params, store)
        canned = queries.get_query(args.name)
    except queries.QueryError as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2
    except QueryRefused as exc:
        print(f"kg query: refused: {exc}", file=sys.stderr)
        return 3
    except QueryFailed as exc:
        print(f"kg query: failed: {_engine_message(str(exc), bool(args.sparql))}", file=sys.stderr)
        return 1
    _print_rows(rows, args.format, output_width(args.width))
    if not rows and args.format == "table":
        if canned.empty:
            print(canned.empty[args.lang])
        else:
            print(_no_rows_hint(args.name, canned, args.lang))
    return 0


def _engine_message(msg: str, typed: bool) -> str:
    """The engine's syntax error with its position counted in the query as typed (not in the prologue of
    project prefixes put before it) and without the grammar dump."""
    import re

    from ..namespaces import sparql_prologue

    if typed:
        shift = sparql_prologue().count("\n")
        msg = re.sub(r"error at (\d+):(\d+)",
                      lambda m: f"error at line {max(1, int(m.group(1)) - shift)}, column {m.group(2)}", msg)
    cut = msg.find(": expected one of")
    if cut > 0:
        msg = msg[:cut] + ": the text there is not valid SPARQL"
    return msg[:400]


def _no_rows_hint(name: str, canned, lang: str) -> str:
    """What to try when a canned query answers nothing (stdout, after the '(0 rows)' line)."""
    params = " ".join(f"-p {p.name}=..." for p in canned.params)
    if lang == "id":
        return (f"Tidak ada baris untuk parameter ini. Coba parameter lain ({params or 'tanpa parameter'}), "
                f"lihat kuerinya: kg query {name} --show, atau cari: kg search KATA")
    return (f"No rows for these parameters. Try other values ({params or 'it takes none'}), read the query: "
            f"kg query {name} --show, or look for the thing: kg search WORDS")


def _bench(store) -> int:
    import statistics
    import time
    from datetime import date

    from ..store import queries
    from ..answers.finder import entitlements

    results = queries.bench(store)
    profile = {"sex": "male", "age_group": "adult", "exploited_abroad": "malaysia", "sector": "fishing",
               "regency": "region/indramayu", "province": "region/jawa-barat"}
    entitlements(profile, date(2024, 1, 1), store=store, with_gaps=False)
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        entitlements(profile, date(2024, 1, 1), store=store, with_gaps=False)
        times.append((time.perf_counter() - t0) * 1000)
    results.append({"name": "(entitlement finder)", "rows": 0, "median_ms": round(statistics.median(times), 3),
                    "max_ms": round(max(times), 3)})
    print(f"{'query':<42}{'rows':>6}{'median ms':>12}{'max ms':>10}")
    for r in results:
        print(f"{r['name']:<42}{r['rows']:>6}{r['median_ms']:>12.3f}{r['max_ms']:>10.3f}")
    slow = [r["name"] for r in results if r["median_ms"] > 50]
    print(f"{len(results)} timed; over 50 ms median: {', '.join(slow) or 'none'}")
    return 0


def _cfg_cite(p):
    add_store_args(p)
    p.add_argument("citation", nargs="+",
                   help='one or more citations, each quoted, e.g. "UU No. 21 Tahun 2007 Pasal 51 ayat (1)" '
                        '"Law 21/2007, Article 52(1)" "Perda Jawa Barat 3/2008"; unquoted words are joined '
                        'until the next instrument; "Article 52(1)" alone cites the previous instrument')
    p.add_argument("--lang", choices=("id", "en"), default="en")


def group_citations(words: list[str]) -> list[tuple[str, bool]]:
    """Command-line words → (citation, relative) pairs.

    A quoted argument (it holds a space) is one citation; unquoted words (``kg cite PP 9/2008``) are joined into
    the citation before them unless they start a new one (a type word such as UU, PP, Perda). A citation that is
    only a provision ("Article 52(1)", "Pasal 52 ayat (1)") is *relative*: it cites the previous instrument."""
    import re

    from ..answers.citations import TYPE_WORDS

    provision = re.compile(r"^(pasal|article|art\.?|ayat|paragraph|huruf|point|angka)\b.*[0-9a-z]\)?$",
                           re.IGNORECASE)
    out: list[list] = []
    for word in words:
        word = " ".join(word.split())
        if not word:
            continue
        quoted = " " in word
        if quoted or not out or word.lower() in TYPE_WORDS:
            out.append([word, bool(out) and bool(provision.match(word)) and quoted, quoted])
        else:
            out[-1][0] = f"{out[-1][0]} {word}"
    return [(text, relative) for text, relative, _ in out]


def _run_cite(args) -> int:
    from ..answers.citations import CitationError, resolve

    store = store_from_args(args)
    if store is None:
        return 1
    failed = 0
    base = None  # the instrument of the previous citation, for "Article 52(1)" after "Law 21/2007 Article 51(1)"
    for text, relative in group_citations(args.citation):
        try:
            if relative and base is None:
                raise CitationError("a provision without its instrument: say which law, e.g. 'UU 21/2007 "
                                    f"{text}'")
            hit = resolve(f"{base} {text}" if relative else text, store=store, lang=args.lang)
        except CitationError as exc:
            failed += 1
            print(f"kg cite: {text}: {exc}", file=sys.stderr)
            if not relative:
                base = None
            continue
        base = _instrument_name(hit, store)
        print(f"{hit.iri}\t{hit.label or ''}".rstrip())
    return 1 if failed else 0


def _instrument_name(hit, store) -> str | None:
    """A name of the cited instrument that :func:`kg.answers.citations.resolve` reads back (its English label)."""
    from ..answers.citations import Q_LABEL
    from ..store.store import IRI, Lit

    rows = store.select(Q_LABEL, {"x": IRI(hit.instrument_iri), "lang": Lit("en")})
    return rows[0]["l"] if rows else None


def _cfg_search(p):
    add_store_args(p)
    p.add_argument("text", nargs="+")
    p.add_argument("--limit", type=int, default=20, help="most hits shown (default 20; the total is always said)")
    p.add_argument("--lang", choices=("id", "en"), default=None)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--width", type=int, default=None,
                   help="fit the table into this many columns (default: the terminal's; full text when piped)")


def _run_search(args) -> int:
    from ..answers.search import search
    from ..store.store import StoreError

    text = " ".join(args.text)
    try:
        if args.endpoint:
            store = store_from_args(args)
            if store is None:
                return 1
            hits = search(text, store=store, limit=args.limit, lang=args.lang)
        else:
            hits = search(text, limit=args.limit, lang=args.lang, dist=args.dist)
    except StoreError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps({"total": hits.total, "hits": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=1))
        return 0
    lang = args.lang or "en"
    if hits:
        table = [[h.id, h.type, " ".join((pick_label(h.label, lang, "") or h.snippet).split())] for h in hits]
        for line in fit_table(["id", "type", "label"], table, output_width(args.width)):
            print(line)
    if not hits:
        print(f"(no hits for {text!r}; try fewer or shorter words, the other language, or kg query --list)"
              if lang == "en" else
              f"(tidak ada hasil untuk {text!r}; coba kata yang lebih sedikit atau lebih pendek, bahasa lain, "
              "atau kg query --list)")
    elif hits.total > len(hits):
        print(f"({len(hits)} of {hits.total} hits shown; --limit {hits.total} shows all)")
    else:
        print(f"({hits.total} hit{'s' if hits.total != 1 else ''})")
    return 0


def _cfg_serve(p):
    dist_arg(p)
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--timeout", type=float, default=None, help="seconds before a query is stopped")
    p.add_argument("--max-rows", type=int, default=None, help="most rows a query returns")
    p.add_argument("--backends", type=_positive, default=None,
                   help="Oxigraph processes behind the guard (default: 2; one is restarted when a query times out)")
    p.add_argument("--max-inflight", type=_positive, default=None,
                   help="queries answered at once; beyond it a client gets 503 with Retry-After (default: 32)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1")
    return value


def _run_serve(args) -> int:
    from ..serve.server import ServeError, serve_forever

    try:
        return serve_forever(dist=args.dist, port=args.port, timeout_s=args.timeout, max_rows=args.max_rows,
                             backends=args.backends, max_inflight=args.max_inflight)
    except ServeError as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 1


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
COMMANDS = (
    Command("query", "run a canned SPARQL query (or --sparql TEXT) on the built graph; --list, --bench",
            _cfg_query, _run_query),
    Command("cite", "resolve legal citations (UU 21/2007 Pasal 51 ayat (1), Law 21/2007 Article 51(2), "
                     "Perda Jawa Barat 3/2008) to their IRIs, one line each",
            _cfg_cite, _run_cite),
    Command("search", "ranked full-text search (Indonesian and English; prefixes, typos, acronyms, word roots)",
            _cfg_search, _run_search),
    Command("serve", "serve the built graph as a read-only SPARQL 1.1 endpoint on 127.0.0.1 (with CORS for YASGUI)",
            _cfg_serve, _run_serve),
)
