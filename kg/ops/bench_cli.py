"""``kg bench cli``: whole-process wall time of each ``kg`` command on the real graph, as a user waits for it.

Each command runs as its own process (``python -m kg ...``: interpreter start, imports, opening the graph, the
answer, exit), ``--repeat`` times (default 3) after one warm-up run; the median is reported beside the figures
measured before the work on issue 19 (same machine class, idle). The table goes into docs/benchmarks.md between
markers, kept when ``kg bench report`` rewrites the rest. Measure on an idle machine: under load the figures say
more about the load than about Jaring, so the load average is printed with them.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: (label, arguments, seconds measured in issue 19 before the work — None where it gave none, budget in seconds)
COMMANDS: list[tuple[str, list[str], float | None, float]] = [
    ("kg --help", ["--help"], 0.11, 0.5),
    ("kg cite", ["cite", "UU 21/2007 Pasal 51 ayat (1)", "MoSA Regulation 22/2013, Article 12"], 0.56, 0.5),
    ("kg search", ["search", "Dana Bantuan Korban"], 0.86, 0.5),
    ("kg query (canned)", ["query", "instruments-in-force"], None, 0.5),
    ("kg query --sparql", ["query", "--sparql", "SELECT ?e WHERE { ?e a jar:Entitlement } LIMIT 5"], 0.78, 0.5),
    ("kg show instruments", ["show", "instruments"], 0.59, 0.5),
    ("kg entitlements", ["entitlements", "--as-of", "2024-01-01"], 1.1, 0.5),
    ("kg gaps", ["gaps", "--out", "-"], 16.3, 2.0),
]
BUILD = ("kg build", ["build", "--quiet"], 5.9, 5.0)
BEGIN, END = "<!-- cli-timings:begin -->", "<!-- cli-timings:end -->"


def _time(args: list[str], cwd: Path) -> tuple[float, int]:
    env = dict(os.environ)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, proc.returncode


def measure(repeat: int = 3, with_build: bool = False, cwd: Path | None = None, only: list[str] | None = None,
            echo=None) -> dict:
    cwd = Path(cwd or Path.cwd())
    rows = []
    commands = list(COMMANDS) + ([BUILD] if with_build else [])
    for label, args, before, budget in commands:
        if only and not any(o in label for o in only):
            continue
        _time(args, cwd)  # warm-up: the first run after a build fills caches (bytecode, gap cache)
        runs = [_time(args, cwd) for _ in range(repeat)]
        med = statistics.median(t for t, _ in runs)
        row = {"command": label, "args": args, "median_s": round(med, 3), "runs_s": [round(t, 3) for t, _ in runs],
               "exit": sorted({rc for _, rc in runs}), "before_s": before, "budget_s": budget,
               "within_budget": med <= budget}
        rows.append(row)
        if echo:
            echo(row)
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"repeat": repeat, "cpus": os.cpu_count(), "load_average": load, "rows": rows,
            "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def render_md(res: dict) -> str:
    load = res.get("load_average")
    lines = [f"Whole-process wall time (`python -m kg ...`: interpreter start, imports, opening the graph, the answer), "
             f"median of {res['repeat']} after a warm-up, measured by `kg bench cli` on {res['measured']} "
             f"({res['cpus']} CPUs, load average {', '.join(f'{x:.1f}' for x in load) if load else 'unknown'}). "
             "'Before' is the figure measured for issue 19 on an idle 2-core machine before this work. A load "
             "average above the number of CPUs inflates every figure: compare only figures taken on an idle "
             "machine.", "",
             "| command | before (s) | now, median (s) | runs (s) | budget (s) | within budget |",
             "|---|---:|---:|---|---:|---|"]
    for r in res["rows"]:
        before = f"{r['before_s']:.2f}" if r["before_s"] is not None else "-"
        ok = "yes" if r["within_budget"] else "**no**"
        if r["exit"] != [0]:
            ok += f" (exit {r['exit']})"
        lines.append(f"| `{r['command']}` | {before} | {r['median_s']:.2f} | "
                     f"{', '.join(f'{t:.2f}' for t in r['runs_s'])} | {r['budget_s']:g} | {ok} |")
    return "\n".join(lines) + "\n"


def write_docs(res: dict, docs: Path) -> None:
    md = Path(docs) / "benchmarks.md"
    text = md.read_text("utf-8") if md.exists() else ""
    block = f"{BEGIN}\n## Command line, whole process (what a user waits for)\n\n{render_md(res)}{END}"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    md.write_text(text, encoding="utf-8")


# --- the gap register's slow paths, side by side with a baseline checkout (issue 15, item 8) --------------------

#: (label, arguments, a fresh empty cache folder for every run): `kg gaps --timeline` computes the register at every
#: change of the law unless the one gap cache has it; `kg gaps --as-of` for a date nobody asked before
GAP_COMMANDS: list[tuple[str, list[str], bool]] = [
    ("kg gaps --timeline (uncached)", ["gaps", "--timeline"], True),
    ("kg gaps --timeline (cached)", ["gaps", "--timeline"], False),
    ("kg gaps --as-of 2015-01-01 (uncached)", ["gaps", "--as-of", "2015-01-01", "--out", "-", "--quiet"], True),
]
GAP_BEGIN, GAP_END = "<!-- gap-cli-timings:begin -->", "<!-- gap-cli-timings:end -->"
GAP_BUDGET_S = 2.0  # issue 15 item 8: < 2 s wall including start-up


def _time_child(args: list[str], cwd: Path, code: Path, cache: str, dist: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + system of the child) of ``python -m kg ARGS`` run with the ``kg`` package of
    ``code``, the cache folder ``cache`` and the built graph ``dist``."""
    import resource

    env = dict(os.environ, PYTHONPATH=str(code), XDG_CACHE_HOME=cache, JARING_DIST=str(dist))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def measure_gaps(repeat: int = 3, baseline: Path | None = None, cwd: Path | None = None, dist: Path | None = None,
                 echo=None) -> dict:
    """Whole-process wall and CPU time of :data:`GAP_COMMANDS`, median of ``repeat`` after one warm-up, for this
    checkout and, when given, a ``baseline`` checkout (a folder holding an older ``kg`` package) on the same built
    graph, runs alternating between the two so both see the same load. An uncached run gets a new empty cache
    folder; a cached one the folder its warm-up filled."""
    import shutil
    import tempfile

    from .. import dist as dist_io

    here = Path(__file__).resolve().parent.parent.parent
    cwd = Path(cwd or here)
    dist = Path(dist or dist_io.resolve(None))
    sides = [("now", here)] + ([("baseline", Path(baseline).resolve())] if baseline else [])
    rows, scratch = [], Path(tempfile.mkdtemp(prefix="jaring-bench-gaps-"))
    try:
        for label, args, fresh in GAP_COMMANDS:
            kept = {side: str(scratch / f"{side}-{label.split()[2]}") for side, _ in sides}
            runs: dict = {side: [] for side, _ in sides}
            for i in range(repeat + 1):  # the first round is the warm-up
                for side, code in sides:
                    cache = str(scratch / f"{side}-{i}-{len(rows)}") if fresh else kept[side]
                    wall, cpu, rc = _time_child(args, cwd, code, cache, dist)
                    if i:
                        runs[side].append((wall, cpu, rc))
            row = {"command": label, "args": args, "fresh_cache": fresh}
            for side, _ in sides:
                walls = [w for w, _c, _r in runs[side]]
                row[side] = {"median_s": round(statistics.median(walls), 3), "runs_s": [round(w, 3) for w in walls],
                             "cpu_median_s": round(statistics.median(c for _w, c, _r in runs[side]), 3),
                             "exit": sorted({r for _w, _c, r in runs[side]})}
            rows.append(row)
            if echo:
                echo(row)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"repeat": repeat, "cpus": os.cpu_count(), "load_average": load, "rows": rows,
            "baseline": str(baseline) if baseline else None,
            "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def render_gaps_md(res: dict, baseline_label: str | None = None) -> str:
    load = res.get("load_average")
    has_base = any("baseline" in r for r in res["rows"])
    lines = [f"Whole-process time (`python -m kg ...`), median of {res['repeat']} after a warm-up, measured by "
             f"`kg bench gaps-cli` on {res['measured']} ({res['cpus']} CPUs, load average "
             f"{', '.join(f'{x:.1f}' for x in load) if load else 'unknown'}); wall-clock and CPU seconds (user + "
             "system of the process: under load, closer to what an idle machine shows). An uncached run starts with "
             "an empty cache folder; a cached one reads what its warm-up kept."
             + (f" *Baseline* = {baseline_label or res.get('baseline')}, measured in the same run on the same built "
                "graph, runs alternating with *now* so both saw the same load." if has_base else ""), "",
             "| command | " + ("baseline wall (s) | baseline CPU (s) | " if has_base else "")
             + f"now wall (s) | now CPU (s) | now runs (s) | within {GAP_BUDGET_S:g} s (wall) |",
             "|---|" + ("---:|---:|" if has_base else "") + "---:|---:|---|---|"]
    for r in res["rows"]:
        now = r["now"]
        ok = "yes" if now["median_s"] <= GAP_BUDGET_S else "**no**"
        if now["exit"] != [0]:
            ok += f" (exit {now['exit']})"
        base = (f"{r['baseline']['median_s']:.2f} | {r['baseline']['cpu_median_s']:.2f} | "
                if has_base and "baseline" in r else ("– | – | " if has_base else ""))
        lines.append(f"| `{r['command']}` | {base}{now['median_s']:.2f} | {now['cpu_median_s']:.2f} | "
                     f"{', '.join(f'{t:.2f}' for t in now['runs_s'])} | {ok} |")
    return "\n".join(lines) + "\n"


GAPS_JSON = "benchmarks-gaps-cli.json"


def gaps_block(res: dict) -> str:
    return (f"{GAP_BEGIN}\n## Gap register, whole process: timeline and uncached dates\n\n"
            f"{render_gaps_md(res, res.get('baseline_label'))}{GAP_END}")


def gaps_block_from_json(docs: Path) -> str:
    """The block rendered again from the figures ``kg bench gaps-cli`` kept (``kg bench report`` uses it)."""
    import json

    try:
        return gaps_block(json.loads((Path(docs) / GAPS_JSON).read_text("utf-8")))
    except (OSError, ValueError):
        return ""


def write_gaps_docs(res: dict, docs: Path, baseline_label: str | None = None) -> None:
    import json

    res = dict(res, baseline_label=baseline_label or res.get("baseline_label"))
    (Path(docs) / GAPS_JSON).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    md = Path(docs) / "benchmarks.md"
    text = md.read_text("utf-8") if md.exists() else ""
    block = gaps_block(res)
    if GAP_BEGIN in text and GAP_END in text:
        text = text[:text.index(GAP_BEGIN)] + block + text[text.index(GAP_END) + len(GAP_END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    md.write_text(text, encoding="utf-8")
