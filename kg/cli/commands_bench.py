"""``kg bench generate``, ``kg bench run`` and ``kg bench report``: synthetic sources trees and the benchmark
report."""
from __future__ import annotations

import sys
from pathlib import Path

from .command import Command


def _cfg_bench(p):
    sub = p.add_subparsers(dest="bench_command", metavar="ACTION")
    g = sub.add_parser("generate", help="write a synthetic sources tree of about N triples (deterministic)")
    g.add_argument("--triples", default="10k", help="about how many triples the built graph has (10k, 100k, 1m)")
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--out", type=Path, required=True, help="folder to write (its sources/ is replaced)")
    r = sub.add_parser("run", help="measure build, load, queries (embedded, server, rdflib), answers, gaps and app; "
                                       "write docs/benchmarks.*")
    r.add_argument("--sizes", default="10k,100k", help="comma-separated synthetic sizes (e.g. 10k,100k,1m)")
    r.add_argument("--runs", type=int, default=5, help="timed runs after one warm-up (median reported)")
    r.add_argument("--build-runs", type=int, default=None, help="builds per size (default: --runs)")
    r.add_argument("--seed", type=int, default=42)
    r.add_argument("--work", type=Path, default=None, help="scratch folder (default: <tmp>/jaring-bench)")
    r.add_argument("--docs", type=Path, default=None, help="where benchmarks.md/.json go (default: docs/)")
    r.add_argument("--query-timeout", type=float, default=60.0, help="seconds before a query counts as a timeout")
    r.add_argument("--skip", default="", help="comma-separated: entitlements, gaps, app, server, rdflib (the naive "
                   "query baseline), pyshacl (the naive validation baseline)")
    r.add_argument("--no-real", action="store_true", help="do not measure the real graph")
    r.add_argument("--task-timeout", type=float, default=1800.0,
                   help="seconds before gap analysis (or another long task) counts as a timeout")
    r.add_argument("--merge", action="store_true",
                   help="keep sizes of the existing benchmarks.json that this run does not measure")
    r.add_argument("--quiet", action="store_true")
    b = sub.add_parser("browser", help="time every app page in headless Chromium on the real graph (content and "
                                       "finished, medians); write the table into docs/benchmarks.md")
    b.add_argument("--runs", type=int, default=3, help="timed visits per page after one warm-up (median reported)")
    b.add_argument("--pages", default="", help="comma-separated page slugs (default: every page)")
    b.add_argument("--lang", default="en", choices=["id", "en"])
    b.add_argument("--dist", type=Path, default=None, help="built dist/ folder (default: the project's dist/)")
    b.add_argument("--docs", type=Path, default=None, help="where benchmarks.md goes (default: docs/)")
    b.add_argument("--no-write", action="store_true", help="print the figures only")
    c = sub.add_parser("cli", help="whole-process time of each kg command on the real graph (median of 3); write "
                                   "the table into docs/benchmarks.md")
    c.add_argument("--repeat", type=int, default=3, help="timed runs per command after one warm-up (median)")
    c.add_argument("--build", action="store_true", help="time kg build too (it rewrites dist/)")
    c.add_argument("--only", default="", help="comma-separated words: time only commands whose name has one")
    c.add_argument("--docs", type=Path, default=None, help="where benchmarks.md goes (default: docs/)")
    c.add_argument("--no-write", action="store_true", help="print the figures only")
    gc_ = sub.add_parser("gaps-cli", help="whole-process time of kg gaps --timeline and of an uncached date, beside "
                                          "a baseline checkout; write the table into docs/benchmarks.md")
    gc_.add_argument("--repeat", type=int, default=3, help="timed runs per command and side after one warm-up")
    gc_.add_argument("--baseline", type=Path, default=None,
                     help="a folder holding an older kg package (e.g. `git archive COMMIT | tar -x -C DIR`)")
    gc_.add_argument("--baseline-label", default=None, help="how the table names the baseline (e.g. main at abc123)")
    gc_.add_argument("--dist", type=Path, default=None, help="built dist/ folder (default: the project's dist/)")
    gc_.add_argument("--docs", type=Path, default=None, help="where benchmarks.md goes (default: docs/)")
    gc_.add_argument("--no-write", action="store_true", help="print the figures only")
    ga = sub.add_parser("gaps-again", help="measure the gap analysis again (read, hygiene, coverage) for one size of "
                                           "benchmarks.json on a graph already built for it; the replaced figures "
                                           "are shown beside the new ones")
    ga.add_argument("label", help="the size as benchmarks.json names it (e.g. 5m)")
    ga.add_argument("--dist", type=Path, required=True, help="the built dist/ folder of a graph of that size")
    ga.add_argument("--runs", type=int, default=1, help="timed runs after one warm-up (median)")
    ga.add_argument("--docs", type=Path, default=None, help="folder of benchmarks.json (default: docs/)")
    w = sub.add_parser("report", help="write docs/benchmarks.md and .svg again from benchmarks.json (no measuring)")
    w.add_argument("--docs", type=Path, default=None, help="folder of benchmarks.json (default: docs/)")


def _run_bench(args) -> int:
    from ..ops import synth

    if args.bench_command == "cli":
        from ..ops import bench_cli

        def echo(r):
            print(f"{r['command']:<24} median {r['median_s']:6.2f} s  (runs {', '.join(map(str, r['runs_s']))}; "
                  f"budget {r['budget_s']:g} s{'' if r['within_budget'] else ', OVER'})", flush=True)

        only = [w.strip() for w in args.only.split(",") if w.strip()]
        res = bench_cli.measure(args.repeat, with_build=args.build, only=only or None, echo=echo)
        print(f"load average {res['load_average']}")
        if not args.no_write:
            docs = args.docs or Path(__file__).resolve().parent.parent.parent / "docs"
            bench_cli.write_docs(res, docs)
            print(f"table written to {docs / 'benchmarks.md'}")
        return 0
    if args.bench_command == "gaps-cli":
        from ..ops import bench_cli

        def echo_gaps(r):
            print(f"{r['command']:<40} " + "  ".join(
                f"{side} {r[side]['median_s']:6.2f} s wall, {r[side]['cpu_median_s']:6.2f} s CPU"
                for side in ("baseline", "now") if side in r), flush=True)

        res = bench_cli.measure_gaps(args.repeat, baseline=args.baseline, dist=args.dist, echo=echo_gaps)
        print(f"load average {res['load_average']}")
        if not args.no_write:
            docs = args.docs or Path(__file__).resolve().parent.parent.parent / "docs"
            bench_cli.write_gaps_docs(res, docs, args.baseline_label)
            print(f"table written to {docs / 'benchmarks.md'}")
        return 0
    if args.bench_command == "gaps-again":
        from ..ops import bench

        docs = args.docs or Path(__file__).resolve().parent.parent.parent / "docs"
        try:
            size = bench.remeasure_gaps(args.label, args.dist, runs=args.runs, docs=docs)
        except ValueError as exc:
            print(f"kg bench gaps-again: {exc}", file=sys.stderr)
            return 2
        cpu = (size.get("gaps_read_cpu_s") or 0) + (size.get("coverage_cpu_s") or 0)
        print(f"{args.label}: read {size.get('gaps_read_s')} s + coverage {size.get('coverage_s')} s "
              f"({cpu:.1f} CPU s), peak {size.get('gaps_peak_mb')} MB; load average "
              f"{size['gaps_remeasured']['load_average']}; written to {docs / 'benchmarks.md'}")
        return 0
    if args.bench_command == "generate":
        try:
            n = synth.parse_size(args.triples)
        except ValueError:
            print(f"kg bench generate: --triples {args.triples!r} is not a size such as 10k or 1m", file=sys.stderr)
            return 2
        info = synth.generate(n, args.seed, args.out)
        print(f"wrote {args.out / 'sources'}: about {info['estimated_triples']:,} triples "
              f"({', '.join(f'{k} {v:,}' for k, v in info['records'].items())})")
        return 0
    if args.bench_command == "run":
        from ..ops import bench

        try:
            sizes = [synth.parse_size(s) for s in args.sizes.split(",") if s.strip()]
        except ValueError:
            print(f"kg bench run: --sizes {args.sizes!r} is not a list of sizes such as 10k,100k", file=sys.stderr)
            return 2
        skip = {s.strip() for s in args.skip.split(",") if s.strip()}
        unknown = skip - bench.SKIPPABLE
        if unknown:
            print(f"kg bench run: --skip {', '.join(sorted(unknown))}: not a step; say any of "
                  f"{', '.join(sorted(bench.SKIPPABLE))}", file=sys.stderr)
            return 2
        if args.runs < 1:
            print("kg bench run: --runs must be at least 1", file=sys.stderr)
            return 2
        try:
            bench.run(sizes, runs=args.runs, seed=args.seed, work=args.work, docs=args.docs or bench.DOCS,
                      query_timeout=args.query_timeout, skip=skip,
                      real=not args.no_real, quiet=args.quiet, merge=args.merge, task_timeout=args.task_timeout,
                      build_runs=args.build_runs)
        except KeyboardInterrupt:
            print(f"kg bench run: interrupted; {args.docs or bench.DOCS}/benchmarks.* left as they were",
                  file=sys.stderr)
            return 130
        return 0
    if args.bench_command == "browser":
        from ..ops import bench, bench_browser
        from ..build.pipeline import DIST_DIR, verify_dist

        dist = args.dist or DIST_DIR
        problem = verify_dist(dist)
        if problem:
            print(f"kg bench browser: {dist}: {'; '.join(problem)}", file=sys.stderr)
            return 1
        pages = [p.strip() for p in args.pages.split(",") if p.strip()] or None
        unknown = sorted(set(pages or []) - set(bench_browser.CONTENT))
        if unknown or args.runs < 1:
            print(f"kg bench browser: unknown page(s) {', '.join(unknown)} (say any of "
                  f"{', '.join(bench_browser.CONTENT)}) or --runs below 1", file=sys.stderr)
            return 2
        try:
            res = bench_browser.measure(dist, runs=args.runs, pages=pages, lang=args.lang)
        except Exception as exc:  # noqa: BLE001 - a clear message (no browser, server did not start)
            print(f"kg bench browser: {exc}", file=sys.stderr)
            return 1
        if not args.no_write:
            bench_browser.write_docs(res, args.docs or bench.DOCS)
            print(f"wrote {(args.docs or bench.DOCS) / 'benchmarks.md'}")
        return 0
    if args.bench_command == "report":
        from ..ops import bench

        docs = args.docs or bench.DOCS
        try:
            bench.rewrite_docs(docs)
        except (OSError, ValueError, KeyError) as exc:
            print(f"kg bench report: {docs / 'benchmarks.json'}: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {docs / 'benchmarks.md'} from {docs / 'benchmarks.json'}")
        return 0
    print("kg bench: say 'generate', 'run', 'browser' or 'report' (see kg bench --help)", file=sys.stderr)
    return 2


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
COMMANDS = (
    Command("bench", "benchmarks: generate synthetic sources trees, measure and write docs/benchmarks.md",
            _cfg_bench, _run_bench),
)
