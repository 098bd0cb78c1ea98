"""``kg currency``: the currency register — for every instrument, when its status was last checked, what was
found, what changed it and the source checked; filters by finding and by check date; text, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

from .command import Command, dist_arg
from ..answers.currency import FINDINGS

COLUMNS = ("instrument", "label", "checked_on", "covers_until", "found", "by", "source", "note")


def _cfg(p):
    p.add_argument("--found", action="append", choices=FINDINGS + ("never",), default=None,
                   help="only instruments with this finding ('never': never checked); repeatable")
    p.add_argument("--before", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="only instruments last checked before this date (or never checked)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--lang", choices=("id", "en"), default="en")
    dist_arg(p)
    p.add_argument("--endpoint", default=None, help="query a SPARQL endpoint URL instead of dist/")


def _row(c, lang: str) -> dict:
    from ..ids import pick_label as _pick

    return {"instrument": c.id, "label": _pick(c.label, lang), "checked_on": c.checked_on or "",
            "covers_until": c.covers_until or "",
            "found": c.found or "never", "by": " ".join(c.by), "source": c.source_text(),
            "note": _pick(c.note, lang)}


def _run(args) -> int:
    from ..answers import currency
    from ..store.store import StoreError, open_store

    try:
        store = open_store(dist=args.dist, endpoint=args.endpoint)
    except StoreError as exc:
        print(f"kg currency: {exc}", file=sys.stderr)
        return 1
    checks = currency.register(store)
    rows = currency.select_checks(checks, found=args.found, before=args.before)
    overall = currency.checked_up_to(checks=checks)
    if args.format == "json":
        print(json.dumps({"checked_up_to": overall.to_dict(brief=True), "filters": {"found": args.found,
                          "before": args.before.isoformat() if args.before else None},
                          "count": len(rows), "message": None if rows else
                          {lg: currency.msg("empty", lg) for lg in ("id", "en")},
                          "instruments": [c.to_dict() for c in rows]}, ensure_ascii=False, indent=1))
        return 0
    if args.format == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS)
        w.writeheader()
        for c in rows:
            w.writerow(_row(c, args.lang))
        sys.stdout.write(buf.getvalue())
        if not rows:
            print(currency.msg("empty", args.lang), file=sys.stderr)
        return 0
    print(overall.text(args.lang))
    if not rows:
        print(currency.msg("empty", args.lang))
        return 0
    table = [_row(c, args.lang) for c in rows]
    cols = ("instrument", "checked_on", "covers_until", "found", "by", "source")
    widths = {k: min(48, max(len(k), *(len(r[k]) for r in table))) for k in cols}
    print("  ".join(k.ljust(widths[k]) for k in cols))
    print("  ".join("-" * widths[k] for k in cols))
    for r in table:
        print("  ".join((r[k] if len(r[k]) <= widths[k] else r[k][:widths[k] - 1] + "\u2026").ljust(widths[k])
                        for k in cols))
    counts: dict[str, int] = {}
    for r in table:
        counts[r["found"]] = counts.get(r["found"], 0) + 1
    print(f"({len(rows)} instrument{'s' if len(rows) != 1 else ''}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")")
    return 0


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
COMMANDS = (
    Command("currency", "list the currency register: when each instrument's status was last checked, and what was "
                         "found (filters: --found, --before)",
            _cfg, _run),
)
