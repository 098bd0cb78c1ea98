"""``kg show``: the app's read-only views on the command line (entity, instruments, provisions, institutions,
task forces, bibliography, discrepancies), as text or JSON."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path

from .command import Command, dist_arg

VIEWS = ("entity", "instruments", "provisions", "institutions", "taskforces", "bibliography", "discrepancies",
         "neighbourhood", "counts")


def _cfg(p):
    p.add_argument("view", choices=VIEWS, help="what to show")
    p.add_argument("target", nargs="?", help="an id or IRI (entity, provisions, neighbourhood: required)")
    p.add_argument("--as-of", type=date.fromisoformat, default=None, help="date YYYY-MM-DD (default: today)")
    p.add_argument("--lang", choices=("id", "en"), default="en")
    dist_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _plain(x):
    if is_dataclass(x):
        return asdict(x)
    if isinstance(x, set):
        return sorted(x)
    return str(x)


def _run(args) -> int:
    from ..answers import views
    from ..store.store import StoreError, open_store

    try:
        store = open_store(dist=args.dist)
    except StoreError as exc:
        print(f"kg show: {exc}", file=sys.stderr)
        return 1
    day = args.as_of or date.today()
    needs_target = args.view in ("entity", "provisions", "neighbourhood")
    if needs_target and not args.target:
        print(f"kg show {args.view}: give an id or IRI, e.g. uu/2007/21", file=sys.stderr)
        return 2
    target = str(views.iri(args.target)) if args.target else None
    data = {
        "entity": lambda: views.entity(store, target),
        "instruments": lambda: views.instruments(store, args.lang, day),
        "provisions": lambda: views.provisions(store, target, args.lang, day),
        "institutions": lambda: views.institutions(store, day),
        "taskforces": lambda: views.memberships(store, day),
        "bibliography": lambda: views.bibliography(store),
        "discrepancies": lambda: views.discrepancies(store, target),
        "neighbourhood": lambda: views.neighbourhood(store, target),
        "counts": lambda: views.counts(store),
    }[args.view]()
    if args.view == "entity" and not data["exists"]:
        print(f"kg show entity: {args.target} is not in the graph", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1, default=_plain))
        return 0
    if not data:
        print(_nothing(args.view, args.target, args.lang, day))
        return 0
    _print_text(args.view, data, args.lang, views)
    return 0


def _nothing(view: str, target: str | None, lang: str, day: date) -> str:
    """An empty view says so and what to try next."""
    if lang == "id":
        what = {"provisions": f"Tidak ada ketentuan {target} yang tercatat berlaku pada {day}.",
                "discrepancies": f"Tidak ada selisih data tercatat tentang {target}." if target else
                "Tidak ada selisih data tercatat."}.get(view, f"Tampilan {view} kosong.")
        nxt = (f"Coba: kg show entity {target}, kg query provisions-tree -p instrument={target}, atau --as-of "
               "tanggal lain" if target else "Coba: kg show counts, atau kg search KATA")
        return f"{what} {nxt}"
    what = {"provisions": f"No provision of {target} is recorded in force on {day}.",
            "discrepancies": f"No discrepancy is recorded about {target}." if target else
            "No discrepancy is recorded."}.get(view, f"The {view} view is empty.")
    nxt = (f"Try: kg show entity {target}, kg query provisions-tree -p instrument={target}, or another --as-of"
           if target else "Try: kg show counts, or kg search WORDS")
    return f"{what} {nxt}"


def _print_text(view: str, data, lang: str, views) -> None:
    if view == "entity":
        print(data["iri"])
        for code, text in sorted(data["labels"].items()):
            print(f"  label@{code or '-'}: {text}")
        for t in data["types"]:
            print(f"  type: {views.short(t)}")
        for link in data["outgoing"]:
            print(f"  {views.short(link.prop)} -> {views.short(link.target) if link.is_iri else link.target}")
        for x, p in data["incoming"]:
            print(f"  <- {views.short(p)} {views.short(x)}")
        for c in data["citations"]:
            quote = f' "{c["quote"]}"' if c.get("quote") else ""
            print(f"  source: {views.short(c['doc'])}, {c['at']}{quote}")
    elif view == "instruments":
        for d in data:
            state = "in force" if d.get("in_force") else "not in force"
            print(f"{views.short(d['iri']):<32} {d['label']:<28} {d['enacted'] or '?':<10} {state:<12} {d['title']}")
    elif view == "provisions":
        for d in data:
            print(f"{d['label']:<40} {d['summary'][:80]}")
    elif view == "counts":
        for k, v in sorted(data.items()):
            print(f"{k:<16} {v:>6}")
    elif view == "bibliography":
        for d in data:
            print(f"{d['id']:<44} {d['facts']:>5} facts  {d['short']}")
    elif view == "neighbourhood":
        for x, p, y in data:
            print(f"{views.short(x)} --{views.short(p)}--> {views.short(y)}")
    else:
        for d in data:
            _print_record(d, views)


def _print_record(d: dict, views, indent: int = 0) -> None:
    """One record as indented 'key: value' text (ids shortened, nested claims and sources as sub-items), never a
    Python repr."""
    pad = "  " * indent
    first = True
    for k, v in d.items():
        if v in (None, "", [], {}):
            continue
        lead = pad if first or indent == 0 else pad
        if isinstance(v, dict):
            print(f"{lead}{k}:")
            _print_record(v, views, indent + 1)
        elif isinstance(v, (list, tuple, set)):
            items = sorted(v) if isinstance(v, set) else list(v)
            if all(not isinstance(x, (dict, list, tuple)) for x in items):
                print(f"{lead}{k}: {', '.join(views.short(str(x)) for x in items)}")
            else:
                print(f"{lead}{k}:")
                for x in items:
                    if isinstance(x, dict):
                        inner = dict(x)
                        head = next(iter(inner))
                        print(f"{pad}  - {head}: {views.short(str(inner.pop(head)))}")
                        _print_record(inner, views, indent + 2)
                    else:
                        print(f"{pad}  - {views.short(str(x))}")
        else:
            print(f"{lead}{k}: {views.short(str(v))}")
        first = False
    if indent == 0:
        print()


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
COMMANDS = (
    Command("show", "show a read-only view of the graph (the same views the app uses)",
            _cfg, _run),
)
