"""``kg validate`` (hygiene shapes: fails on any violation) and ``kg gaps`` (coverage shapes: reports gaps)."""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from .command import Command, dist_arg


def _load(args, cmd: str):
    """The built graph to check, read like every other command reads it: ``--dist`` (a folder or an .nq file),
    else :func:`kg.dist.default_dist` (``$JARING_DIST``, else the project's dist/), built first from the sources
    when it is missing (saying so). With ``--sources`` and no ``--dist``, those sources are built in memory."""
    from .. import dist as dist_io

    if not args.sources:  # the usual case, a built graph: no need to import the builder
        path = dist_io.resolve(args.dist)
        if path.is_file():
            return path
        if (path / dist_io.MANIFEST).exists():
            return _verified(path, cmd)
    from ..build.pipeline import build, build_dataset
    from ..records.load import SourcesInvalid

    try:
        if args.sources and not args.dist:
            return build_dataset(args.sources)
        path = dist_io.resolve(args.dist)
        if path.is_file():
            return path
        if not (path / dist_io.MANIFEST).exists():
            sources = dist_io.default_sources()
            print(f"kg {cmd}: no built graph in {path}; building it from {sources} first", file=sys.stderr)
            build(sources, dist=path)
    except SourcesInvalid as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(f"kg: {len(exc.errors)} error(s) in source records", file=sys.stderr)
        return None
    return _verified(path, cmd)


def _verified(path: Path, cmd: str):
    from .. import dist as dist_io

    problems = dist_io.verify(path)
    if problems:
        print(f"kg {cmd}: {path}: the built graph is incomplete or corrupt (run 'kg build'): " + "; ".join(problems),
              file=sys.stderr)
        return None
    return dist_io.data_file(path)


def _cfg_validate(p):
    p.add_argument("--sources", type=Path, default=None,
                   help="validate these sources, built in memory, instead of the built graph")
    dist_arg(p, "built graph folder or .nq file to validate (default: $JARING_DIST, else dist/ in the nearest "
                "folder at or above the current one that has a dist/ or sources/ folder; built first if missing)")
    p.add_argument("--report", type=Path, default=None, help="write the SHACL report (Turtle) here")


def _run_validate(args) -> int:
    from ..gaps import validate_hygiene

    source = _load(args, "validate")
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
    p.add_argument("--sources", type=Path, default=None,
                   help="check these sources, built in memory, instead of the built graph")
    dist_arg(p, "built graph folder or .nq file to check (default: $JARING_DIST, else dist/ in the nearest "
                "folder at or above the current one that has a dist/ or sources/ folder; built first if missing)")
    p.add_argument("--out", default=None,
                   help="folder for gaps.md, gaps.csv and shacl-report.ttl, or '-' to print the Markdown report "
                        "(default: gaps-report/ beside the dist folder, ignored by git)")
    p.add_argument("--group", help="only gaps about this group (short id, e.g. trafficked-men)")
    p.add_argument("--service", help="only gaps about this service (short id, e.g. shelter)")
    p.add_argument("--region", help="only gaps about this region (short id, e.g. jawa-barat)")
    p.add_argument("--instrument", help="only gaps about this instrument or its provisions (e.g. uu/2007/21)")
    p.add_argument("--severity", choices=("high", "medium", "low"))
    p.add_argument("--as-of", type=date.fromisoformat, default=None,
                   help="the date the law is read as of (YYYY-MM-DD; default: the latest recorded state)")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")
    p.add_argument("--all", action="store_true",
                   help="print every gap, also those computed only from absent records (the data-to-collect list)")
    p.add_argument("--timeline", action="store_true",
                   help="which gaps open and close at each change of the law (documented and derived gaps)")
    p.add_argument("--since", type=date.fromisoformat, default=date(2000, 1, 1),
                   help="with --timeline: the first change date (YYYY-MM-DD, default 2000-01-01)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="with --timeline: text (default) or json (the steps, the chart rows and the later findings "
                        "that show practice did not follow: what the app's timeline chart shows)")


def _run_gaps(args) -> int:
    """`kg gaps`: a process holding one large graph, so the cyclic collector would only walk that graph again and
    again; it is paused for the whole command and put back as it was on return (``main`` is also called inside
    other processes: the tests, a notebook)."""
    from ..gaps.graph import gc_paused

    with gc_paused():
        return _gaps_command(args)


def _gaps_command(args) -> int:
    from ..gaps import filter_gaps, gaps_csv, gaps_markdown, run_coverage

    from ..gaps import Gap
    from ..gaps.grading import SHOWN
    from ..gaps.review import load_review

    source = _load(args, "gaps")
    if source is None:
        return 1
    t0 = time.perf_counter()
    if args.timeline:
        from ..gaps.timeline import timeline, timeline_text

        if isinstance(source, Path) and source.name == "jaring.nq":  # a built graph: cached by its data version
            from ..gaps.cache import timeline_for_dist

            steps = timeline_for_dist(source.parent, since=args.since, until=args.as_of)
        else:
            steps = timeline(source, since=args.since, until=args.as_of)
        if args.format == "json":
            import json

            from ..gaps.timeline import timeline_json

            sys.stdout.write(json.dumps(timeline_json(steps), ensure_ascii=False, indent=1) + "\n")
        else:
            sys.stdout.write(timeline_text(steps))
        print(f"kg gaps --timeline: {len(steps)} change date(s) that open or close a gap; "
              f"{time.perf_counter() - t0:.2f} s", file=sys.stderr)
        return 0
    run, found = None, None
    version = None
    if isinstance(source, Path) and source.name == "jaring.nq":  # a built graph: its gaps may be cached
        from .. import dist as dist_io
        from ..gaps.cache import cached

        version = dist_io.data_version(source.parent)
        hit = cached(version, args.as_of)
        if hit is not None:
            found = [Gap.from_dict(d) for d in hit]
    if found is None:
        run = run_coverage(source, as_of=args.as_of)
        found = run.gaps
        if version:
            from ..gaps.cache import put

            put(version, args.as_of, found)
    total = time.perf_counter() - t0
    gaps = filter_gaps(found, group=args.group, service=args.service, region=args.region,
                       instrument=args.instrument, severity=args.severity)
    counts = {s: sum(1 for gp in gaps if gp.severity == s) for s in ("high", "medium", "low")}
    shown = [gp for gp in gaps if gp.basis in SHOWN]
    how = f"validation {run.seconds:.2f} s" if run is not None else "from the gap cache"
    summary = (f"kg gaps: {len(gaps)} gap(s) ({counts['high']} high, {counts['medium']} medium, {counts['low']} low) "
               f"of {len(found)}; {len(shown)} documented or derived, {len(gaps) - len(shown)} data to collect; "
               f"{how}, {total:.2f} s in all")
    review = load_review()
    if args.out == "-":
        sys.stdout.write(gaps_markdown(gaps, as_of=args.as_of, review=review))
        print(summary, file=sys.stderr)
        return 0
    out = Path(args.out) if args.out else default_report_dir(args)
    out.mkdir(parents=True, exist_ok=True)
    (out / "gaps.md").write_text(gaps_markdown(gaps, as_of=args.as_of, review=review), encoding="utf-8")
    (out / "gaps.csv").write_text(gaps_csv(gaps), encoding="utf-8")
    if run is not None:
        (out / "shacl-report.ttl").write_text(run.report.serialize(format="turtle"), encoding="utf-8")
    if not args.quiet:
        for gp in (gaps if args.all else shown):
            print(f"[{gp.severity}] [{gp.basis}] {gp.kind}: {gp.message.get('en', '')}")
    print(f"{summary}; written to {out}/")
    return 0


def default_report_dir(args) -> Path:
    """``gaps-report/`` beside the dist folder read (ignored by git: /gaps-report/ in .gitignore)."""
    from .. import dist as dist_io

    path = dist_io.resolve(args.dist)
    return (path.parent if path.is_dir() or not path.suffix else path.parent.parent) / "gaps-report"


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
COMMANDS = (
    Command("validate", "check the graph against the hygiene shapes; exits non-zero on any violation",
            _cfg_validate, _run_validate),
    Command("gaps", "find coverage gaps with the coverage shapes; writes Markdown, CSV and the SHACL report",
            _cfg_gaps, _run_gaps),
)
