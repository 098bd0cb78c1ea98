"""The ``kg`` command: every action on the graph that the app and tests also use."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import MappingProxyType

from .. import __version__

from .command import Command, command_table, dist_arg, sources_arg


def _cfg_build(p):
    sources_arg(p)
    dist_arg(p)
    p.add_argument("--quiet", action="store_true", help="print only errors")


def _run_build(args) -> int:
    return build_and_document(args.sources, args.dist, quiet=args.quiet)


def build_and_document(sources: Path | None = None, dist: Path | None = None, *, quiet: bool = False) -> int:
    """What ``kg build`` does (errors on stderr, the summary unless ``quiet``), as a function other commands call:
    build ``sources`` into ``dist`` (defaults: :mod:`kg.dist`), then regenerate docs/gaps.md from the written
    graph when it is the project's own build. Returns the exit code."""
    from ..build.pipeline import build, format_summary, is_project_build
    from ..dist import data_file, default_dist, default_sources
    from ..records.load import SourcesInvalid

    sources, dist = sources or default_sources(), dist or default_dist()
    try:
        summary = build(sources, dist=dist)
    except SourcesInvalid as exc:
        print(f"kg build: {len(exc.errors)} error(s) in source records; dist/ left unchanged", file=sys.stderr)
        for err in exc.errors:
            print(err, file=sys.stderr)
        return 1
    if not quiet:
        print(format_summary(summary))
    if is_project_build(sources, dist):
        # a separate step after the build (never inside it): docs/gaps.md from the graph just written
        from ..gaps import write_gaps_doc

        # the graph pre-loaded on disk (dist/store/): every later command opens it in milliseconds
        from ..store.store import write_disk_store

        write_disk_store(dist)
        write_gaps_doc(data_file(dist))
        # the search index (dist/search.json), so kg search answers without loading the graph
        from ..answers.search import write_index

        write_index(dist)
        # the entitlement finder's snapshot of the new graph, cached per data version: the first
        # `kg entitlements` after a build then answers without loading the store (issue 16: under 1 s)
        from ..answers.snapshot import DistSource, snapshot

        try:
            snapshot(DistSource(dist))
        except Exception:  # noqa: BLE001 - a cache to warm; kg entitlements fills it itself when this fails
            pass
    return 0


def _cfg_check(p):
    sources_arg(p)


def _run_check(args) -> int:
    from ..dist import default_sources
    from ..records.load import SourcesInvalid, kinds_summary, load_sources

    try:
        loaded = load_sources(args.sources or default_sources())
    except SourcesInvalid as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print(f"kg check: {len(exc.errors)} error(s)", file=sys.stderr)
        return 1
    print(f"kg check: {sum(kinds_summary(loaded).values())} records, no errors")
    return 0


def _cfg_app(p):
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--headless", action="store_true", help="do not open a browser")


def _run_app(args) -> int:
    import subprocess

    from ..dist import default_dist, verify

    dist = default_dist()
    if verify(dist):
        code = build_and_document(None, dist)
        if code:
            return code
    app = Path(__file__).resolve().parent.parent.parent / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    if args.headless:
        cmd += ["--server.headless", "true"]
    return run_until_signalled(cmd)


def run_until_signalled(cmd: list[str], grace: float = 10.0) -> int:
    """Run ``cmd`` (Streamlit) in its own process group and stop that whole group when this process gets
    SIGTERM or SIGINT: a service manager's stop, ``kill`` or Ctrl-C never leaves Streamlit serving its port.
    Returns the child's exit code, or 128 + the signal's number when stopped by a signal."""
    import os
    import signal
    import subprocess

    proc = subprocess.Popen(cmd, start_new_session=True)
    got: list[int] = []

    def stop(signum, _frame) -> None:
        got.append(signum)
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                code = proc.wait(timeout=grace if got else None)
                break
            except subprocess.TimeoutExpired:  # asked to stop but still running after the grace period
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    return 128 + got[0] if got else code


def _cfg_reason(p):
    p.add_argument("--ontology-only", action="store_true", help="check the ontology without the data")


def _run_reason(args) -> int:
    from ..ops.reason import reason_about_sources

    r = reason_about_sources(ontology_only=args.ontology_only)
    print(f"HermiT: {r.message} ({r.classes} classes, {r.object_properties} object and {r.data_properties} "
          f"datatype properties, {r.individuals} individuals)")
    return 0 if r.consistent else 1


def _cfg_test(p):
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (e.g. -k entitlements)")


def _run_test(args) -> int:
    import subprocess

    from ..ops.browser import ensure_browser
    from ..ops.virtuoso import ensure_virtuoso

    for ensure in (ensure_browser, ensure_virtuoso):
        problem = ensure()
        if problem:
            print(f"kg test: {problem}", file=sys.stderr)
    code = build_and_document(quiet=True)
    if code:
        return code
    # the hygiene shapes on the real graph: any violation fails the run before the tests start
    from ..dist import data_file
    from ..gaps import validate_hygiene

    report = validate_hygiene(data_file())
    print(f"kg test: hygiene shapes: {report.summary()}")
    if not report.conforms:
        for r in report.results:
            print(f"{r['focus']}: [{r['kind']}] {r['message'].get('en', '')}", file=sys.stderr)
        return 1
    root = Path(__file__).resolve().parent.parent.parent
    return subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=root)


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
CORE = (
    Command("build", "build the graph from sources/ and ontology/ into dist/ (atomic, deterministic)",
            _cfg_build, _run_build),
    Command("check", "check the source records only (every error as file:line: field: message)",
            _cfg_check, _run_check),
    Command("app", "build the graph if needed and open the Streamlit app on the embedded store",
            _cfg_app, _run_app),
    Command("reason", "check with the HermiT reasoner that the ontology and the data's typing are consistent",
            _cfg_reason, _run_reason),
    Command("test", "install what the tests need beyond pip (Chromium for the browser test, Virtuoso for the "
                    "second-engine tests), build, run pytest",
            _cfg_test, _run_test),
)


def all_commands() -> MappingProxyType:
    """The table of ``kg`` sub-commands: :data:`CORE` and the commands of :data:`kg.cli.commands.MODULES`."""
    from .commands import MODULES

    return command_table(CORE, *(m.COMMANDS for m in MODULES))


def main(argv: list[str] | None = None) -> int:
    table = all_commands()
    parser = argparse.ArgumentParser(prog="kg", description="Jaring: knowledge graph of Indonesia's "
                                     "anti-trafficking law and the services it promises victims.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, cmd in sorted(table.items()):
        cmd.configure(sub.add_parser(name, help=cmd.help, description=cmd.help))
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        code = table[args.command].run(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # the reader of a pipe (`kg show ... | head`) stopped early: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
