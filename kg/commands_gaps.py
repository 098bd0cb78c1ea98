"""``kg validate`` (hygiene shapes: fails on any violation) and ``kg gaps`` (coverage shapes: reports gaps)."""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from .cli import command


def _load(args):
    """The built dataset: from ``--dist`` if given, else built from the sources in memory."""
    from .build import SOURCES_DIR, build_dataset
    from .load import SourcesInvalid

    if getattr(args, "dist", None):
        path = Path(args.dist)
        return path / "jaring.nq" if path.is_dir() else path
    try:
        return build_dataset(args.sources or SOURCES_DIR)
    except SourcesInvalid as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(f"kg: {len(exc.errors)} error(s) in source records", file=sys.stderr)
        return None


def _cfg_validate(p):
    p.add_argument("--sources", type=Path, default=None, help="sources folder (default: ./sources)")
    p.add_argument("--dist", type=Path, default=None, help="validate a built dist folder or file instead")
    p.add_argument("--report", type=Path, default=None, help="write the SHACL report (Turtle) here")


@command("validate", "check the graph against the hygiene shapes; exits non-zero on any violation")(_cfg_validate)
def _run_validate(args) -> int:
    from .gaps import validate_hygiene

    source = _load(args)
    if source is None:
        return 1
    t0 = time.perf_counter()
    report = validate_hygiene(source)
    total = time.perf_counter() - t0
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report.report.serialize(format="turtle"), encoding="utf-8")
    for r in report.results:
        where = f" {r['path']}" if r["path"] else ""
        value = f" = {r['value']}" if r["value"] else ""
        print(f"{r['focus']}:{where}{value}: [{r['kind']}] {r['message'].get('en', '')}", file=sys.stderr)
    print(f"kg validate: {report.summary()}; {total:.2f} s in all")
    return 0 if report.conforms else 1


def _cfg_gaps(p):
    p.add_argument("--sources", type=Path, default=None, help="sources folder (default: ./sources)")
    p.add_argument("--dist", type=Path, default=None, help="read a built dist folder or file instead")
    p.add_argument("--out", type=Path, default=Path("gaps-report"),
                   help="folder for gaps.md, gaps.csv and shacl-report.ttl (default: ./gaps-report)")
    p.add_argument("--group", help="only gaps about this group (short id, e.g. trafficked-men)")
    p.add_argument("--service", help="only gaps about this service (short id, e.g. shelter)")
    p.add_argument("--region", help="only gaps about this region (short id, e.g. jawa-barat)")
    p.add_argument("--instrument", help="only gaps about this instrument or its provisions (e.g. uu/2007/21)")
    p.add_argument("--severity", choices=("high", "medium", "low"))
    p.add_argument("--as-of", type=date.fromisoformat, default=None,
                   help="the date the law is read as of (YYYY-MM-DD; default: the latest recorded state)")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")


@command("gaps", "find coverage gaps with the coverage shapes; writes Markdown, CSV and the SHACL report")(_cfg_gaps)
def _run_gaps(args) -> int:
    from .gaps import filter_gaps, gaps_csv, gaps_markdown, run_coverage

    source = _load(args)
    if source is None:
        return 1
    t0 = time.perf_counter()
    run = run_coverage(source, as_of=args.as_of)
    total = time.perf_counter() - t0
    gaps = filter_gaps(run.gaps, group=args.group, service=args.service, region=args.region,
                       instrument=args.instrument, severity=args.severity)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "gaps.md").write_text(gaps_markdown(gaps, as_of=args.as_of), encoding="utf-8")
    (out / "gaps.csv").write_text(gaps_csv(gaps), encoding="utf-8")
    (out / "shacl-report.ttl").write_text(run.report.serialize(format="turtle"), encoding="utf-8")
    if not args.quiet:
        for gp in gaps:
            print(f"[{gp.severity}] {gp.kind}: {gp.message.get('en', '')}")
    counts = {s: sum(1 for gp in gaps if gp.severity == s) for s in ("high", "medium", "low")}
    print(f"kg gaps: {len(gaps)} gap(s) ({counts['high']} high, {counts['medium']} medium, {counts['low']} low) "
          f"of {len(run.gaps)}; validation {run.seconds:.2f} s, {total:.2f} s in all; written to {out}/")
    return 0
