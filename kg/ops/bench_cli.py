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
