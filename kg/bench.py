"""Benchmarks: build, load, canned queries, entitlement answers, gap analysis and the app, at several sizes.

``kg bench run --sizes 10k,100k,1m`` generates a synthetic sources tree per size (:mod:`kg.synth`), builds it
with the real ``kg build`` and measures, next to the real graph:

* build time and peak memory (each build in its own process; peak RSS from ``resource.getrusage``);
* load time of ``dist/jaring.nq`` into pyoxigraph and into rdflib;
* every canned query (``queries/*.rq``, default parameters) on pyoxigraph and on an rdflib ``Dataset`` (the
  naive baseline), side by side, with the ratio;
* an entitlement answer (:func:`kg.entitlements.entitlements`), hygiene validation and gap analysis
  (:mod:`kg.gaps`), and the app's first page (Streamlit ``AppTest``) where those exist.

Every measurement runs in a child process with a time limit, so a pathological query is reported as a timeout
instead of stalling the run. Figures are medians of ``--runs`` runs after one warm-up. Results go to
``docs/benchmarks.json`` and ``docs/benchmarks.md`` (written whole or not at all; an interrupted run leaves
the previous files as they were).
"""
from __future__ import annotations

import json
import os
import platform
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TARGETS = {
    "real_query_ms": 50, "real_entitlements_ms": 50, "query_1m_s": 1.0, "load_1m_s": 10.0, "gaps_1m_s": 60.0,
    "memory_1m_mb": 2048, "speedup_100k": 10.0,
}
PROFILE = {"sex": "female", "age": 24, "nationality": "idn", "exploited_abroad": True, "migrant_worker": True}


# --- child tasks (run as ``python -m kg.bench TASK JSON``; every result is one JSON line on stdout) ---------

def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def _peak_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _task_build(a: dict) -> None:
    from .build import build

    t0, c0 = time.perf_counter(), time.process_time()
    summary = build(Path(a["sources"]), dist=Path(a["dist"]))
    _emit({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "peak_mb": _peak_mb(),
           "triples": summary["triples"]})


def _load(engine: str, dist: Path):
    nq = str(Path(dist) / "jaring.nq")
    if engine == "oxigraph":
        from .store import EmbeddedStore

        return EmbeddedStore(Path(dist))
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    return ds


def _task_load(a: dict) -> None:
    import gc

    for _ in range(a["runs"] + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        obj = _load(a["engine"], Path(a["dist"]))
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = len(obj)
        del obj
        gc.collect()
        _emit({"seconds": seconds, "cpu": cpu, "triples": n, "peak_mb": _peak_mb()})


def _rdflib_term(term):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _task_queries(a: dict) -> None:
    from .namespaces import sparql_prologue
    from .queries import list_queries
    from .store import to_term

    engine = a["engine"]
    t0 = time.perf_counter()
    store = _load(engine, Path(a["dist"]))
    _emit({"loaded": time.perf_counter() - t0})
    prologue = sparql_prologue()
    wanted = a["names"]
    for q in list_queries():
        if q.name not in wanted:
            continue
        bindings = q.bindings({})
        if engine == "oxigraph":
            def once():
                return len(store.select(q.text, bindings, max_rows=10**9))
        else:
            init = {k: _rdflib_term(to_term(v)) for k, v in bindings.items()}
            text = prologue + "\n" + q.text

            def once():
                return len(list(store.query(text, initBindings=init)))
        times, cpus, rows = [], [], 0
        try:
            for _ in range(a["runs"] + 1):
                t1, c1 = time.perf_counter(), time.process_time()
                rows = once()
                times.append(time.perf_counter() - t1)
                cpus.append(time.process_time() - c1)
                if times[0] > a["slow_s"]:
                    break  # too slow to repeat: report the single run
            _emit({"name": q.name, "times": times[1:] or times, "cpu": cpus[1:] or cpus, "rows": rows})
        except Exception as exc:  # noqa: BLE001 - a failing query is a result, not a crash of the run
            _emit({"name": q.name, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})


def _task_entitlements(a: dict) -> None:
    from .entitlements import entitlements
    from .store import EmbeddedStore

    store = EmbeddedStore(Path(a["dist"]))
    times = []
    for _ in range(a["runs"] + 1):
        t0 = time.perf_counter()
        ans = entitlements(dict(PROFILE), as_of=date(2024, 1, 1), store=store)
        times.append(time.perf_counter() - t0)
    _emit({"times": times[1:], "items": len(ans.entitled) + len(ans.not_entitled)})


def _task_gaps(a: dict) -> None:
    from . import gaps

    t0 = time.perf_counter()
    data = gaps.data_graph(Path(a["dist"]) / "jaring.nq")
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    hygiene = gaps.validate_hygiene(data)
    hygiene_s, hygiene_cpu = time.perf_counter() - t0, time.process_time() - c0
    _emit({"step": "hygiene", "load_s": load_s, "seconds": hygiene_s, "cpu": hygiene_cpu,
           "results": len(hygiene.results)})
    t0, c0 = time.perf_counter(), time.process_time()
    run = gaps.run_coverage(data)
    _emit({"step": "coverage", "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
           "gaps": len(run.gaps), "peak_mb": _peak_mb()})


def _task_app(a: dict) -> None:
    os.environ["JARING_DIST"] = a["dist"]
    from streamlit.testing.v1 import AppTest

    times = []
    for _ in range(a["runs"] + 1):
        t0 = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            _emit({"error": str(at.exception[0].value)[:200]})
            return
    _emit({"times": times[1:]})


TASKS = {"build": _task_build, "load": _task_load, "queries": _task_queries, "entitlements": _task_entitlements,
         "gaps": _task_gaps, "app": _task_app}


# --- running children with a time limit -------------------------------------------------------------------

class Timeout(Exception):
    pass


def run_child(task: str, args: dict, item_timeout: float, first_timeout: float | None = None):
    """Yield each JSON line a child task prints; raise :class:`Timeout` if one takes over ``item_timeout``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "kg.bench", task, json.dumps(args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    err: list[str] = []
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout] + [lines.put(None)], daemon=True).start()
    threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True).start()
    first = True
    try:
        while True:
            limit = first_timeout if first and first_timeout else item_timeout
            first = False
            try:
                line = lines.get(timeout=limit)
            except queue.Empty:
                raise Timeout(f"{task}: no result within {limit:.0f} s") from None
            if line is None:
                break
            if line.strip().startswith("{"):
                yield json.loads(line)
        proc.wait(timeout=30)
        if proc.returncode:
            tail = "".join(err).strip().splitlines()[-1:] or ["?"]
            raise RuntimeError(f"{task} failed (exit {proc.returncode}): {tail[0][:300]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- the benchmark run ---------------------------------------------------------------------------------------

def _median(xs):
    return statistics.median(xs) if xs else None


class Progress:
    """Prints each step with the time spent and an estimate of the time left (from the work still to do)."""

    def __init__(self, weights: list[float], quiet: bool = False):
        self.total = sum(weights) or 1.0
        self.done = 0.0
        self.start = time.monotonic()
        self.quiet = quiet

    def step(self, label: str, weight: float) -> None:
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done) if self.done else None
        eta = f"~{_fmt_dur(left)} left" if left is not None else "estimating"
        if not self.quiet:
            print(f"[{self.done / self.total:5.1%} | {_fmt_dur(elapsed)} elapsed, {eta}] {label}", flush=True)

    def finish(self, weight: float) -> None:
        self.done += weight


def _fmt_dur(s: float) -> str:
    s = int(s)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def measure_size(label: str, sources: Path, work: Path, runs: int, prog: Progress, weight: float,
                 query_timeout: float, skip: set[str], task_timeout: float = 1800.0,
                 build_runs: int | None = None) -> dict:
    from .queries import list_queries

    res: dict = {"label": label}
    dist = work / "dist"
    n_runs = runs if "1m" not in label and not label.endswith("m") else max(1, min(runs, 2))
    part = weight / 8

    b_runs = max(1, min(n_runs, build_runs or n_runs))
    prog.step(f"{label}: build ×{b_runs}", part)
    builds = []
    for _ in range(b_runs):  # every build is a fresh process: no warm-up run
        builds += list(run_child("build", {"sources": str(sources), "dist": str(dist)}, item_timeout=3600))
    prog.finish(part)
    res["triples"] = builds[-1]["triples"]
    timed = builds
    res["build_s"] = _median([b["seconds"] for b in timed])
    res["build_cpu_s"] = _median([b["cpu"] for b in timed])
    res["build_peak_mb"] = max(b["peak_mb"] for b in builds)
    res["build_runs"] = len(timed)
    res["dist_mb"] = round(sum(p.stat().st_size for p in dist.iterdir()) / 2**20, 1)

    for engine in ("oxigraph", "rdflib"):
        prog.step(f"{label}: load jaring.nq into {engine}", part / 2)
        try:
            loads = list(run_child("load", {"engine": engine, "dist": str(dist), "runs": n_runs},
                                   item_timeout=1800))
            res[f"load_{engine}_s"] = _median([x["seconds"] for x in loads[1:]])
            res[f"load_{engine}_cpu_s"] = _median([x["cpu"] for x in loads[1:]])
            res[f"load_{engine}_peak_mb"] = max(x["peak_mb"] for x in loads)
        except (Timeout, RuntimeError) as exc:
            res[f"load_{engine}_error"] = str(exc)
        prog.finish(part / 2)

    names = [q.name for q in list_queries()]
    res["queries"] = {n: {} for n in names}
    for engine in ("oxigraph", "rdflib"):
        prog.step(f"{label}: {len(names)} canned queries on {engine}", part * 2)
        todo = list(names)
        while todo:
            current = todo[0]
            try:
                for line in run_child("queries", {"engine": engine, "dist": str(dist), "names": todo,
                                                  "runs": n_runs, "slow_s": min(5.0, query_timeout)},
                                      item_timeout=query_timeout + 5.0 * (n_runs + 1), first_timeout=1800):
                    if "name" not in line:
                        continue
                    q = res["queries"][line["name"]]
                    if "error" in line:
                        q[f"{engine}_error"] = line["error"]
                    else:
                        q[f"{engine}_ms"] = _median(line["times"]) * 1000
                        q[f"{engine}_cpu_ms"] = _median(line["cpu"]) * 1000
                        q[f"{engine}_runs"] = len(line["times"])
                        q[f"{engine}_rows"] = line["rows"]
                    todo.remove(line["name"])
                    current = todo[0] if todo else None
                todo = []
            except Timeout:
                res["queries"][current][f"{engine}_timeout_s"] = query_timeout + 5.0 * (n_runs + 1)
                todo.remove(current)
            except RuntimeError as exc:
                for n in todo:
                    res["queries"][n][f"{engine}_error"] = str(exc)
                todo = []
        prog.finish(part * 2)

    if "entitlements" not in skip:
        prog.step(f"{label}: entitlement answer", part / 2)
        try:
            out = list(run_child("entitlements", {"dist": str(dist), "runs": n_runs}, item_timeout=900))
            res["entitlements_ms"] = _median(out[-1]["times"]) * 1000
            res["entitlements_items"] = out[-1]["items"]
        except (Timeout, RuntimeError) as exc:
            res["entitlements_error"] = str(exc)
        prog.finish(part / 2)

    if "gaps" not in skip:
        prog.step(f"{label}: hygiene validation and gap analysis", part)
        try:
            for line in run_child("gaps", {"dist": str(dist)}, item_timeout=task_timeout):
                if line["step"] == "hygiene":
                    res["gaps_load_s"] = line["load_s"]
                    res["hygiene_s"] = line["seconds"]
                    res["hygiene_cpu_s"] = line["cpu"]
                    res["hygiene_results"] = line["results"]
                else:
                    res["coverage_s"] = line["seconds"]
                    res["coverage_cpu_s"] = line["cpu"]
                    res["coverage_gaps"] = line["gaps"]
                    res["gaps_peak_mb"] = line["peak_mb"]
        except (Timeout, RuntimeError) as exc:
            res["gaps_error"] = str(exc)
        prog.finish(part)

    if "app" not in skip and (ROOT / "app.py").exists():
        prog.step(f"{label}: app first page (AppTest)", part / 2)
        try:
            out = list(run_child("app", {"dist": str(dist), "runs": min(n_runs, 3)}, item_timeout=900))
            if "error" in out[-1]:
                res["app_error"] = out[-1]["error"]
            else:
                res["app_first_page_s"] = _median(out[-1]["times"])
        except (Timeout, RuntimeError) as exc:
            res["app_error"] = str(exc)
        prog.finish(part / 2)
    return res


def machine() -> dict:
    import importlib.metadata as md

    versions = {}
    for pkg in ("rdflib", "pyoxigraph", "pyshacl", "PyYAML", "streamlit", "matplotlib"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    mem = None
    try:
        with open("/proc/meminfo") as fh:
            mem = round(int(fh.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    return {"load_average_at_start": load, "python": platform.python_version(), "platform": platform.platform(),
            "cpu": cpu,
            "cores": os.cpu_count(), "memory_gb": mem, "versions": versions}


def run(sizes: list[int], runs: int = 5, seed: int = 42, work: Path | None = None, docs: Path = DOCS,
        query_timeout: float = 60.0, skip: set[str] | None = None, real: bool = True, quiet: bool = False,
        merge: bool = False, task_timeout: float = 1800.0, build_runs: int | None = None) -> dict:
    """Measure and write the report. ``merge``: keep the sizes of the existing ``docs/benchmarks.json`` that this
    run does not measure again (to add a large size measured separately)."""
    from . import synth

    skip = set(skip or ())
    work = Path(work or Path(tempfile.gettempdir()) / "jaring-bench")
    work.mkdir(parents=True, exist_ok=True)
    # work grows about linearly with size, with a floor for the fixed costs (process starts, ontology, vocabularies)
    weights = ([30000.0] if real else []) + [float(max(n, 30000)) for n in sizes]
    prog = Progress(weights, quiet=quiet)
    results = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "machine": machine(),
               "runs": runs, "build_runs": build_runs or runs, "seed": seed, "targets": TARGETS, "sizes": []}
    if real:
        results["sizes"].append(measure_size("real", ROOT / "sources", work / "real", runs, prog, weights[0],
                                             query_timeout, skip, task_timeout, build_runs))
        _checkpoint(work, results)
    for n, weight in zip(sizes, weights[1 if real else 0:]):
        label = synth.size_label(n)
        prog.step(f"{label}: generate a synthetic sources tree (seed {seed})", 0)
        t0 = time.perf_counter()
        info = synth.generate(n, seed, work / label)
        gen_s = time.perf_counter() - t0
        res = measure_size(label, work / label / "sources", work / label, runs, prog, weight, query_timeout, skip,
                           task_timeout, build_runs)
        res.update({"requested_triples": n, "generate_s": gen_s, "synth": info})
        results["sizes"].append(res)
        _checkpoint(work, results)
    if merge and (Path(docs) / "benchmarks.json").exists():
        done = {s["label"] for s in results["sizes"]}
        old = json.loads((Path(docs) / "benchmarks.json").read_text("utf-8"))
        kept = [s for s in old.get("sizes", []) if s["label"] not in done]
        for s in kept:
            s["from_earlier_run"] = old.get("date")
        results["sizes"] = sorted(results["sizes"] + kept, key=lambda s: (s["label"] != "real", s.get("triples", 0)))
        results["merged_from"] = old.get("date")
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    results["assessment"] = assess(results)
    write_docs(results, docs)
    if not quiet:
        print(f"wrote {docs / 'benchmarks.md'} and {docs / 'benchmarks.json'}")
    return results


def _checkpoint(work: Path, results: dict) -> None:
    _atomic_write(work / "partial-results.json", json.dumps(results, indent=1, sort_keys=True) + "\n")


def _atomic_write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes files private; a report is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- judging and reporting -------------------------------------------------------------------------------------

def _suite(size: dict, engine: str, key: str = "ms") -> float | None:
    """Sum of the median times of the queries both engines answered (ms)."""
    qs = [q for q in size["queries"].values() if "oxigraph_ms" in q and "rdflib_ms" in q]
    return sum(q.get(f"{engine}_{key}", 0.0) for q in qs) if qs else None


def assess(results: dict) -> list[dict]:
    out = []

    def verdict(what, value, target, unit, smaller_is_better=True, note=""):
        if value is None:
            out.append({"target": what, "value": None, "met": None, "note": note or "not measured"})
            return
        met = value <= target if smaller_is_better else value >= target
        by = (value / target if smaller_is_better else target / value) if target else None
        out.append({"target": what, "value": round(value, 3), "unit": unit, "met": met,
                    "note": note or ("" if met else f"missed by a factor of {by:.1f}")})

    sizes = {s["label"]: s for s in results["sizes"]}
    real = sizes.get("real")
    if real:
        worst = max(((q.get("oxigraph_ms") or float("inf"), n) for n, q in real["queries"].items()), default=None)
        verdict("real graph: every canned query < 50 ms (median, pyoxigraph)", worst[0] if worst else None, 50,
                "ms", note=f"slowest: {worst[1]}" if worst and worst[0] <= 50 else "")
        verdict("real graph: entitlement answer < 50 ms (median)", real.get("entitlements_ms"), 50, "ms")
    big = sizes.get("1m")
    if big:
        worst = max(((q.get("oxigraph_ms") or float("inf"), n) for n, q in big["queries"].items()), default=None)
        verdict("1M triples: every canned query < 1 s (pyoxigraph)", worst[0] / 1000 if worst else None, 1.0, "s")
        verdict("1M triples: load < 10 s (pyoxigraph)", big.get("load_oxigraph_s"), 10.0, "s")
        what = "1M triples: gap analysis < 60 s (hygiene + coverage)"
        if "coverage_s" in big:
            verdict(what, (big.get("hygiene_s") or 0) + big["coverage_s"], 60.0, "s")
        elif "gaps_error" in big and "hygiene_s" in big:
            out.append({"target": what, "value": None, "met": False,
                        "note": f"hygiene took {big['hygiene_s']:.0f} s, then the coverage analysis did not finish "
                                f"({big['gaps_error']}): missed by a factor of more than "
                                f"{(big['hygiene_s'] + 600) / 60:.0f}"})
        else:
            verdict(what, None, 60.0, "s")
        verdict("1M triples: peak memory < 2 GB (build)", big.get("build_peak_mb"), 2048, "MB")
    else:
        for what in ("1M triples: every canned query < 1 s (pyoxigraph)", "1M triples: load < 10 s (pyoxigraph)",
                     "1M triples: gap analysis < 60 s (hygiene + coverage)", "1M triples: peak memory < 2 GB (build)"):
            verdict(what, None, 0, "", note="1M not run in this report")
    for label, s in sizes.items():
        if label == "real" or s.get("requested_triples", s.get("triples", 0)) < 100_000:
            continue
        ox, rd = _suite(s, "oxigraph"), _suite(s, "rdflib")
        timeouts = sum(1 for q in s["queries"].values() if "rdflib_timeout_s" in q)
        note = f"{timeouts} rdflib timeouts not counted (they only widen the gap)" if timeouts else ""
        verdict(f"{label}: canned-query suite ≥ 10× faster than rdflib", rd / ox if ox and rd else None, 10.0,
                "×", smaller_is_better=False, note=note)
    return out


def _f(x, digits=1, unit=""):
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{digits}f}{unit}"
    return f"{x:,}{unit}"


def write_docs(results: dict, docs: Path = DOCS) -> None:
    docs = Path(docs)
    plot = _plot(results, docs)
    _atomic_write(docs / "benchmarks.json", json.dumps(results, indent=1, sort_keys=True) + "\n")
    _atomic_write(docs / "benchmarks.md", render_md(results, plot))


def render_md(results: dict, plot: str | None) -> str:
    m = results["machine"]
    sizes = results["sizes"]
    L = ["# Benchmarks", "",
         "Generated by `kg bench run`; raw figures in [benchmarks.json](benchmarks.json). Synthetic graphs come "
         "from `kg bench generate` (fictitious records of the real schema, built by the real `kg build`).",
         "", f"Run on {results['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB RAM, "
         f"{m['platform']}, Python {m['python']}; "
         + ", ".join(f"{k} {v}" for k, v in sorted(m["versions"].items())) + ".",
         "", f"System load average (1, 5, 15 min) at the start: {m.get('load_average_at_start')}, at the end: "
         f"{results.get('load_average_at_end')}; with 2 cores, a load above 2 means other work shared the machine "
         "and wall-clock figures are inflated accordingly.",
         "", f"Figures are medians of up to {results['runs']} runs after one warm-up ({results['runs']} for "
         "the real graph and sizes below a million; benchmarks.json gives the count of every figure); builds are "
         "fresh processes without warm-up (the build runs column says how many); sizes of a "
         "million triples or more use at most 2 query runs. A query slower than 5 s is run once. "
         "Each measurement runs in its own process with a time limit.", ""]
    earlier = [s for s in sizes if s.get("from_earlier_run")]
    if earlier:
        L += ["Kept from an earlier run (" + ", ".join(f"{s['label']}: {s['from_earlier_run']}" for s in earlier)
              + ", under a higher system load; compare the CPU table below).", ""]
    L += ["## Targets", "", "| target | measured | met | note |", "|---|---|---|---|"]
    for a in results.get("assessment", []):
        met = {True: "yes", False: "**no**", None: "–"}[a["met"]]
        val = "–" if a["value"] is None else f"{a['value']:,} {a.get('unit', '')}".strip()
        L.append(f"| {a['target']} | {val} | {met} | {a['note']} |")
    L += ["", "## Build, load, answers", "",
          "| graph | triples | build runs | build s | build peak MB | dist MB | load pyoxigraph s | load rdflib s | "
          "entitlement answer ms | hygiene s | gap analysis s | app first page s |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        L.append(f"| {s['label']} | {_f(s.get('triples'))} | {_f(s.get('build_runs'))} | {_f(s.get('build_s'), 2)} | "
                 f"{_f(s.get('build_peak_mb'), 0)} | {_f(s.get('dist_mb'))} | {_f(s.get('load_oxigraph_s'), 3)} | "
                 f"{_f(s.get('load_rdflib_s'), 2)} | {_f(s.get('entitlements_ms'), 1)} | "
                 f"{_f(s.get('hygiene_s'), 2)} | {_f(s.get('coverage_s'), 2)} | {_f(s.get('app_first_page_s'), 2)} |")
    errors = [(s["label"], k, v) for s in sizes for k, v in s.items() if k.endswith("_error")]
    if errors:
        L += [""] + [f"- {label}: {k[:-6]} failed: {v}" for label, k, v in errors]
    L += ["", "The same in CPU seconds of the measuring process (user + system; closer to what an unloaded "
          "machine would show when others share the cores):", "",
          "| graph | build CPU s | load pyoxigraph CPU s | load rdflib CPU s | hygiene CPU s | gap analysis CPU s | "
          "query suite pyoxigraph CPU ms | query suite rdflib CPU ms |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        L.append(f"| {s['label']} | {_f(s.get('build_cpu_s'), 2)} | {_f(s.get('load_oxigraph_cpu_s'), 3)} | "
                 f"{_f(s.get('load_rdflib_cpu_s'), 2)} | {_f(s.get('hygiene_cpu_s'), 2)} | "
                 f"{_f(s.get('coverage_cpu_s'), 2)} | {_f(_suite(s, 'oxigraph', 'cpu_ms'), 1)} | "
                 f"{_f(_suite(s, 'rdflib', 'cpu_ms'), 1)} |")
    L += ["", "Build time is the whole `kg build` (read and check the YAML, convert, serialise six formats, write "
          "atomically); peak MB is the build process's maximum resident set. Hygiene and gap analysis times are "
          "the SHACL validation calls of `kg.gaps` on a graph already loaded (loading it is not included).", ""]
    L += ["## Canned queries: pyoxigraph against rdflib", "",
          "Median milliseconds per query with its default parameters; ratio = rdflib / pyoxigraph.", ""]
    head = "| query | " + " | ".join(f"{s['label']} oxigraph | {s['label']} rdflib | ×" for s in sizes) + " |"
    L += [head, "|---|" + "---:|---:|---:|" * len(sizes)]
    names = sorted({n for s in sizes for n in s["queries"]})
    for n in names:
        cells = []
        for s in sizes:
            q = s["queries"].get(n, {})
            ox = q.get("oxigraph_ms")
            rd = q.get("rdflib_ms")
            ox_t = _f(ox, 2) if ox is not None else ("timeout" if "oxigraph_timeout_s" in q else
                                                     ("error" if "oxigraph_error" in q else "–"))
            rd_t = _f(rd, 1) if rd is not None else (f"> {q['rdflib_timeout_s']:.0f} s" if "rdflib_timeout_s" in q
                                                     else ("error" if "rdflib_error" in q else "–"))
            ratio = f"{rd / ox:,.0f}" if ox and rd else "–"
            cells.append(f"{ox_t} | {rd_t} | {ratio}")
        L.append(f"| {n} | " + " | ".join(cells) + " |")
    suites = []
    for s in sizes:
        ox, rd = _suite(s, "oxigraph"), _suite(s, "rdflib")
        suites.append(f"{_f(ox, 1)} | {_f(rd, 1)} | {f'{rd / ox:,.0f}' if ox and rd else '–'}")
    L.append("| **suite (both answered)** | " + " | ".join(suites) + " |")
    qerr = [(s["label"], n, e, q[e]) for s in sizes for n, q in s["queries"].items() for e in q if e.endswith("_error")]
    if qerr:
        L += ["", "Query errors:", ""] + [f"- {label} {n} ({e[:-6]}): {v}" for label, n, e, v in qerr]
    L += ["", "## Time against size", ""]
    if plot:
        L += [f"![time against size, log–log]({plot})", ""]
    L += ["| graph | triples | build s | load pyoxigraph s | load rdflib s | query suite pyoxigraph ms | "
          "query suite rdflib ms |", "|---|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        L.append(f"| {s['label']} | {_f(s.get('triples'))} | {_f(s.get('build_s'), 2)} | "
                 f"{_f(s.get('load_oxigraph_s'), 3)} | {_f(s.get('load_rdflib_s'), 2)} | "
                 f"{_f(_suite(s, 'oxigraph'), 1)} | {_f(_suite(s, 'rdflib'), 1)} |")
    synth_rows = [s for s in sizes if "synth" in s]
    if synth_rows:
        L += ["", "## Synthetic trees", "", "| size | seed | triples built | regencies | regional laws | "
              "provisions per law | records | generate s |", "|---|---:|---:|---:|---:|---:|---|---:|"]
        for s in synth_rows:
            p = s["synth"]["plan"]
            recs = ", ".join(f"{k} {v:,}" for k, v in s["synth"]["records"].items())
            L.append(f"| {s['label']} | {s['synth']['seed']} | {_f(s.get('triples'))} | {p['regencies']} | "
                     f"{p['regional_laws']} | {p['provisions_per_law']} | {recs} | {_f(s.get('generate_s'), 1)} |")
    L += ["", "Reproduce: `kg bench run --sizes " + ",".join(s["label"] for s in synth_rows) + "` "
          "(add `--runs N`, `--skip app,gaps`, `--work DIR`).", ""]
    return "\n".join(L)


def _plot(results: dict, docs: Path) -> str | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    sizes = [s for s in results["sizes"] if s.get("triples")]
    series = {"build": "build_s", "load pyoxigraph": "load_oxigraph_s", "load rdflib": "load_rdflib_s",
              "hygiene": "hygiene_s", "gap analysis": "coverage_s"}
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, key in series.items():
        pts = [(s["triples"], s[key]) for s in sizes if s.get(key)]
        if pts:
            ax.plot(*zip(*pts), marker="o", label=name)
    for engine in ("oxigraph", "rdflib"):
        pts = [(s["triples"], _suite(s, engine) / 1000) for s in sizes if _suite(s, engine)]
        if pts:
            ax.plot(*zip(*pts), marker="s", linestyle="--", label=f"query suite {engine}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples")
    ax.set_ylabel("seconds")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    _atomic_write(docs / "benchmarks.svg", buf.getvalue())
    return "benchmarks.svg"


if __name__ == "__main__":
    TASKS[sys.argv[1]](json.loads(sys.argv[2]))
