"""Benchmarks: build, load, canned queries, entitlement answers, gap analysis and the app, at several sizes.

``kg bench run --sizes 10k,100k,1m`` generates a synthetic sources tree per size (:mod:`kg.ops.synth`), builds it
with the real ``kg build`` and measures, next to the real graph:

* build time and peak memory (each build in its own process; peak RSS from ``resource.getrusage``);
* load time of ``dist/jaring.nq`` into pyoxigraph and into rdflib;
* every canned query (``queries/*.rq``, default parameters) on pyoxigraph and on an rdflib ``Dataset`` (the
  naive baseline), side by side, with the ratio;
* the SPARQL server of ``kg serve`` (:mod:`kg.serve.server`): loading ``dist`` into its on-disk store, the time from
  starting it to its first answer, its memory, and every canned query over HTTP through its proxy (what clients
  get) and straight to Oxigraph (the proxy's share), with the same query texts and parameters; from these, the
  cross-over: how many queries it takes before a server pays off against loading the embedded store;
* an entitlement answer (:func:`kg.answers.finder.entitlements`), hygiene validation and gap analysis
  (:mod:`kg.gaps`), and the app's first page (Streamlit ``AppTest``) where those exist.

Every measurement runs in a child process with a time limit, so a pathological query is reported as a timeout
instead of stalling the run (a child runs in its own process group, so stopping it also stops the Oxigraph
server it started). Figures are medians of ``--runs`` runs after one warm-up, at every size. Results go to
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

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"
TARGETS = {
    "real_query_ms": 50, "real_entitlements_ms": 50, "query_1m_s": 1.0, "load_1m_s": 10.0, "gaps_1m_s": 60.0,
    "memory_1m_mb": 2048, "speedup_100k": 10.0,
}
SKIPPABLE = {"entitlements", "gaps", "app", "server", "rdflib", "pyshacl"}
PROFILE = {"sex": "female", "age": 24, "nationality": "indonesian", "exploited_abroad": True, "migrant_worker": True}


# --- child tasks (run as ``python -m kg.ops.bench TASK JSON``; every result is one JSON line on stdout) ---------

def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def _peak_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _task_build(a: dict) -> None:
    from ..build.pipeline import build

    t0, c0 = time.perf_counter(), time.process_time()
    summary = build(Path(a["sources"]), dist=Path(a["dist"]))
    _emit({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "peak_mb": _peak_mb(),
           "triples": summary["triples"]})


def _load(engine: str, dist: Path, a: dict | None = None):
    nq = str(Path(dist) / "jaring.nq")
    if engine in ("server", "direct"):
        from ..store.store import RemoteStore

        a = a or {}
        return RemoteStore(a["endpoint"], timeout_s=a.get("http_timeout_s", 65.0))
    if engine == "oxigraph":
        from ..store.store import EmbeddedStore

        return EmbeddedStore(Path(dist))
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    return ds


def _task_load(a: dict) -> None:
    import gc

    from ..dist import verify as verify_dist

    for _ in range(a["runs"] + 1):
        t0 = time.perf_counter()
        verify_dist(Path(a["dist"]))  # what open_store does before loading
        verify = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        obj = _load(a["engine"], Path(a["dist"]))
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = len(obj)
        del obj
        gc.collect()
        _emit({"seconds": seconds, "cpu": cpu, "triples": n, "peak_mb": _peak_mb(), "verify": verify})
        if seconds > a.get("slow_s", float("inf")):
            break  # too slow to repeat: the warm-up is the figure (marked as run once)


def _rdflib_term(term):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _task_queries(a: dict) -> None:
    from ..namespaces import sparql_prologue
    from ..store.queries import list_queries
    from ..store.store import to_term

    engine = a["engine"]
    t0 = time.perf_counter()
    store = _load(engine, Path(a["dist"]), a)
    _emit({"loaded": time.perf_counter() - t0})
    prologue = sparql_prologue()
    wanted = a["names"]
    for q in list_queries():
        if q.name not in wanted:
            continue
        bindings = q.bindings({})
        if engine in ("oxigraph", "server", "direct"):
            # the same text and parameters: pyoxigraph binds them, the endpoint gets them in a VALUES block
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
    from ..answers.finder import entitlements
    from ..store.store import EmbeddedStore

    store = EmbeddedStore(Path(a["dist"]))
    times = []
    for _ in range(a["runs"] + 1):
        t0 = time.perf_counter()
        ans = entitlements(dict(PROFILE), as_of=date(2024, 1, 1), store=store)
        times.append(time.perf_counter() - t0)
    _emit({"times": times[1:], "items": len(ans.entitled) + len(ans.not_entitled)})


def _report_results(report) -> int:
    from rdflib.namespace import RDF

    from ..namespaces import SH

    return sum(1 for _ in report.subjects(RDF.type, SH.ValidationResult))


def _repeat(fn, runs: int, slow_s: float, after=None) -> tuple[list[float], list[float], object]:
    """Run ``fn`` once as a warm-up and ``runs`` times more (only once if the warm-up took over ``slow_s``);
    returns the wall and CPU times of the timed runs (the warm-up's alone if it was the only one) and the last
    result (the previous one is dropped and collected before each run, so two results are never held at once).
    ``after`` runs untimed after each run."""
    import gc

    times, cpus, out = [], [], None
    for _ in range(runs + 1):
        out = None
        gc.collect()  # untimed: each run starts without the garbage of the last (its peak memory is its own)
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        if after is not None:
            after()
        if times[0] > slow_s:
            break
    return (times[1:] or times), (cpus[1:] or cpus), out


READ_SLOW_S = 30.0  # reading the graph for validation: a warm-up longer than this is not repeated
LOAD_SLOW_S = 60.0  # loading dist into a store: a warm-up longer than this is not repeated


def _task_gaps(a: dict) -> None:
    """Jaring's path: read the graph (:func:`kg.gaps.data_graph`), then hygiene validation and gap analysis
    (:mod:`kg.gaps`) on it."""
    from .. import gaps

    nq = Path(a["dist"]) / "jaring.nq"
    times, cpus, data = _repeat(lambda: gaps.data_graph(nq), a["runs"], READ_SLOW_S)
    _emit({"step": "read", "times": times, "cpu": cpus, "peak_mb": _peak_mb(), "triples": len(data)})
    times, cpus, hygiene = _repeat(lambda: gaps.validate_hygiene(data), a["runs"], a["slow_s"])
    _emit({"step": "hygiene", "times": times, "cpu": cpus, "results": len(hygiene.results),
           "shacl_results": _report_results(hygiene.report)})
    def coverage():  # the SHACL report is made on first use: `kg gaps` writes it, so it is timed here too
        run = gaps.run_coverage(data)
        _ = run.report
        return run
    times, cpus, run = _repeat(coverage, a["runs"], a["slow_s"])
    _emit({"step": "coverage", "times": times, "cpu": cpus, "gaps": len(run.gaps),
           "shacl_results": _report_results(run.report), "peak_mb": _peak_mb()})


def naive_read(path: Path):
    """What a user would write to get one graph from ``jaring.nq`` with rdflib alone: parse it into a Dataset and
    take every triple but the ontology's into a Graph (:func:`kg.gaps.data_graph` of the Dataset; the gap
    engine's reader did this until it used pyoxigraph)."""
    from rdflib import Dataset

    from ..gaps import data_graph

    ds = Dataset()
    ds.parse(path, format="nquads")
    return data_graph(ds)


def _task_gaps_naive(a: dict) -> None:
    """The naive baseline: rdflib reads the graph (:func:`naive_read`); each validation computes the same helper
    facts as Jaring's path, adds them to the graph and runs ``pyshacl.validate(graph, shacl_graph=shapes)``
    with its default options (timed together; taking the helper facts out again afterwards is not timed)."""
    from pyshacl import validate

    from .. import gaps

    nq = Path(a["dist"]) / "jaring.nq"
    times, cpus, data = _repeat(lambda: naive_read(nq), a["runs"], READ_SLOW_S)
    _emit({"step": "read", "times": times, "cpu": cpus, "peak_mb": _peak_mb()})
    for step, facts_of in (("hygiene", gaps.hygiene_facts), ("coverage", gaps.coverage_facts)):
        shapes = gaps.shapes_graph(step)
        added: list = []

        def once():
            added.clear()
            for t in facts_of(data):
                if t not in data:
                    data.add(t)
                    added.append(t)
            return validate(data, shacl_graph=shapes)

        def clean_up():  # not the baseline's work: leaves the graph as read for the next run
            for t in added:
                data.remove(t)

        times, cpus, out = _repeat(once, a["runs"], a["slow_s"], after=clean_up)
        _emit({"step": step, "times": times, "cpu": cpus, "shacl_results": _report_results(out[1]),
               "peak_mb": _peak_mb()})


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


def _task_server_load(a: dict) -> None:
    """Load ``dist`` into a fresh on-disk Oxigraph store with :func:`kg.serve.server.prepare_store_dir`, ``runs + 1``
    times. The child runs with its own ``TMPDIR`` (``a["store_root"]``), where the store goes; it is emptied
    before every run so each run loads, and the last store is left for the server."""
    import shutil

    from ..dist import verify as verify_dist
    from ..serve.server import prepare_store_dir

    root = Path(a["store_root"])  # created by the parent, so the child's TMPDIR exists from its start
    if Path(tempfile.gettempdir()).resolve() != root.resolve():
        raise RuntimeError(f"the store would not go to {root} (TMPDIR is not used)")
    for _ in range(a["runs"] + 1):
        for old in root.iterdir():
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        t0 = time.perf_counter()
        verify_dist(Path(a["dist"]))
        verify = time.perf_counter() - t0
        t0 = time.perf_counter()
        location = prepare_store_dir(Path(a["dist"]))  # checks the checksums again, then runs `oxigraph load`
        seconds = time.perf_counter() - t0
        if location.parent.resolve() != root.resolve():
            raise RuntimeError(f"the store went to {location}, not into {root}")
        store_mb = sum(p.stat().st_size for p in location.rglob("*") if p.is_file()) / 2**20
        _emit({"seconds": seconds, "verify": verify, "load": max(0.0, seconds - verify),
               "store_mb": round(store_mb, 1)})


def _task_server_host(a: dict) -> None:
    """Start the endpoint of ``kg serve`` (proxy + Oxigraph) on a free port, print its addresses and wait until
    stopped (SIGTERM from the parent, which also reaches Oxigraph through the process group)."""
    import signal

    from ..serve.server import start_server

    def stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    server = start_server(Path(a["dist"]), port=0, timeout_s=a["timeout_s"], max_rows=a["max_rows"])
    try:
        backend = getattr(server, "backend_port", None)  # the first Oxigraph process, for the proxy's share
        _emit({"url": server.url, "direct": f"http://127.0.0.1:{backend}/query" if backend else None,
               "proxy_pid": os.getpid()})
        while True:
            time.sleep(3600)
    finally:
        server.stop()


TASKS = {"build": _task_build, "load": _task_load, "queries": _task_queries, "entitlements": _task_entitlements,
         "gaps": _task_gaps, "gaps-naive": _task_gaps_naive, "app": _task_app, "server-load": _task_server_load,
         "server-host": _task_server_host}


# --- running children with a time limit -------------------------------------------------------------------

class Timeout(Exception):
    pass


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop a child started in its own process group, with everything it started (an Oxigraph server)."""
    import signal

    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        try:
            proc.wait(wait)
            # the leader is gone; give the rest of the group (a server it started) a moment to follow
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                os.killpg(proc.pid, 0)
                time.sleep(0.05)
        except (ProcessLookupError, PermissionError):
            break
        except subprocess.TimeoutExpired:
            continue
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def run_child(task: str, args: dict, item_timeout: float, first_timeout: float | None = None,
              env: dict | None = None):
    """Yield each JSON line a child task prints; raise :class:`Timeout` if one takes over ``item_timeout``.
    The child runs in its own process group; leaving the generator (done, timeout, Ctrl-C) stops the group."""
    env = dict(os.environ, **(env or {}),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "kg.ops.bench", task, json.dumps(args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    _LIVE.add(proc)
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
        _stop_group(proc)
        _LIVE.discard(proc)


_LIVE: set = set()  # children running now (stopped by run() on the way out, whatever happened)


def stop_children() -> None:
    for proc in list(_LIVE):
        _stop_group(proc)
        _LIVE.discard(proc)


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


def _run_queries(res: dict, engine: str, names: list[str], extra: dict, n_runs: int, query_timeout: float) -> None:
    """Every canned query of ``names`` on ``engine`` (a fresh child; a query over the time limit is recorded as a
    timeout and the child restarted for the rest)."""
    todo = list(names)
    limit = query_timeout + 5.0 * (n_runs + 1)
    while todo:
        current = todo[0]
        try:
            for line in run_child("queries", dict(extra, engine=engine, names=todo, runs=n_runs,
                                                  slow_s=min(5.0, query_timeout)),
                                  item_timeout=limit, first_timeout=1800):
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
            res["queries"][current][f"{engine}_timeout_s"] = limit
            todo.remove(current)
        except RuntimeError as exc:
            for n in todo:
                res["queries"][n][f"{engine}_error"] = str(exc)
            todo = []


def _proc_mb(pid: int | None) -> dict:
    """Resident and peak resident memory of a live process (MB), from /proc (empty where there is none)."""
    out = {}
    if not pid:
        return out
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    return out


def _group_processes(pgid: int, name: str) -> list[int]:
    """Live processes of the process group ``pgid`` whose command name is ``name`` (from /proc; Linux)."""
    pids = []
    for d in Path("/proc").glob("[0-9]*"):
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.find("(") + 1:stat.rfind(")")]
        fields = stat[stat.rfind(")") + 2:].split()
        if comm == name and len(fields) > 2 and int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(d.name))
    return sorted(pids)


def _server_memory(host_pid: int | None) -> dict:
    """Memory of the endpoint: every Oxigraph process it runs (the proxy's pool) and the proxy itself."""
    out: dict = {}
    if not host_pid:
        return out
    mems = [_proc_mb(pid) for pid in _group_processes(host_pid, "oxigraph")]
    mems = [m for m in mems if m]
    if mems:
        out["server_processes"] = len(mems)
        out["server_rss_mb"] = round(sum(m.get("VmRSS", 0.0) for m in mems), 1)
        out["server_peak_rss_mb"] = round(sum(m.get("VmHWM", 0.0) for m in mems), 1)
    proxy = _proc_mb(host_pid)
    if proxy:
        out["proxy_rss_mb"] = proxy.get("VmRSS")
    return out


def _first_answer(url: str, deadline: float) -> float | None:
    """Poll the endpoint with a trivial ASK until it answers; the time of the answer (perf_counter) or None."""
    from ..store.store import RemoteStore, StoreError, QueryFailed, QueryTimeout

    client = RemoteStore(url, timeout_s=5.0)
    while time.perf_counter() < deadline:
        try:
            client.ask("ASK { ?s ?p ?o }")
            return time.perf_counter()
        except (StoreError, QueryFailed, QueryTimeout):
            time.sleep(0.01)
    return None


class _Host:
    """``kg serve``'s endpoint in a child process (its own process group, with its Oxigraph server)."""

    def __init__(self, dist: Path, store_root: Path, query_timeout: float, start_timeout: float = 600.0):
        self._gen = run_child("server-host", {"dist": str(dist), "timeout_s": query_timeout, "max_rows": 10**9},
                              item_timeout=start_timeout, env={"TMPDIR": str(store_root)})
        self.t0 = time.perf_counter()
        self.info = next(self._gen)  # addresses once it listens (after the checksum check and Oxigraph start)

    def close(self) -> None:
        self._gen.close()


def measure_server(res: dict, label: str, dist: Path, work: Path, n_runs: int, prog: Progress, weight: float,
                   query_timeout: float, names: list[str]) -> None:
    """The ``kg serve`` path: store load, start to first answer, memory, every canned query over HTTP through
    the proxy (``server``) and straight to Oxigraph (``direct``)."""
    import shutil

    store_root = work / "server-store"
    shutil.rmtree(store_root, ignore_errors=True)
    store_root.mkdir(parents=True)
    spent = 0.0
    prog.step(f"{label}: load jaring.nq into the server's on-disk store (prepare_store_dir)", weight / 3)
    try:
        loads = list(run_child("server-load", {"dist": str(dist), "runs": n_runs, "store_root": str(store_root)},
                               item_timeout=1800, env={"TMPDIR": str(store_root)}))
        timed = loads[1:]
        res["server_load_s"] = _median([x["load"] for x in timed])
        res["server_load_runs"] = len(timed)
        res["server_store_mb"] = loads[-1]["store_mb"]
    except (Timeout, RuntimeError) as exc:
        res["server_error"] = f"store load: {exc}"
        shutil.rmtree(store_root, ignore_errors=True)
        prog.finish(weight)
        return
    prog.finish(weight / 3)
    spent += weight / 3

    prog.step(f"{label}: start the server ×{n_runs + 1} (to its first answer) and query it over HTTP", weight / 3)
    host = None
    try:
        starts = []
        for i in range(n_runs + 1):  # the first start is the warm-up; the last server stays up for the queries
            host = _Host(dist, store_root, query_timeout)
            answered = _first_answer(host.info["url"], time.perf_counter() + 120)
            if answered is None:
                raise Timeout("the server did not answer within 120 s of listening")
            starts.append(answered - host.t0)
            if i < n_runs:
                host.close()
        res["server_start_s"] = _median(starts[1:])
        res["server_start_runs"] = len(starts[1:])
        prog.finish(weight / 3)
        spent += weight / 3
        prog.step(f"{label}: {len(names)} canned queries over HTTP (proxy, then straight to Oxigraph)", weight / 3)
        http = {"http_timeout_s": query_timeout + 5.0, "dist": str(dist)}
        _run_queries(res, "server", names, dict(http, endpoint=host.info["url"]), n_runs, query_timeout)
        if host.info.get("direct"):
            _run_queries(res, "direct", names, dict(http, endpoint=host.info["direct"]), n_runs, query_timeout)
        res.update(_server_memory(host.info.get("proxy_pid")))
        res["crossover"] = crossover(res)
    except (Timeout, RuntimeError, StopIteration) as exc:
        res["server_error"] = str(exc) or type(exc).__name__
    finally:
        if host is not None:
            host.close()
        shutil.rmtree(store_root, ignore_errors=True)
    prog.finish(weight - spent)


def measure_size(label: str, sources: Path, work: Path, runs: int, prog: Progress, weight: float,
                 query_timeout: float, skip: set[str], task_timeout: float = 1800.0,
                 build_runs: int | None = None) -> dict:
    from ..store.queries import list_queries

    res: dict = {"label": label}
    dist = work / "dist"
    n_runs = max(1, runs)  # the same at every size; a query slower than 5 s is run once (and flagged)
    part = weight / 9.5

    engines = ("oxigraph",) if "rdflib" in skip else ("oxigraph", "rdflib")  # rdflib: the slow baseline
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

    for engine in engines:
        prog.step(f"{label}: load jaring.nq into {engine}", part / 2)
        try:
            loads = list(run_child("load", {"engine": engine, "dist": str(dist), "runs": n_runs,
                                            "slow_s": LOAD_SLOW_S}, item_timeout=1800))
            timed = loads[1:] or loads
            res[f"load_{engine}_s"] = _median([x["seconds"] for x in timed])
            res[f"load_{engine}_cpu_s"] = _median([x["cpu"] for x in timed])
            res[f"load_{engine}_peak_mb"] = max(x["peak_mb"] for x in loads)
            res[f"load_{engine}_runs"] = len(timed)
            if engine == "oxigraph":
                res["verify_s"] = _median([x["verify"] for x in timed])
        except (Timeout, RuntimeError) as exc:
            res[f"load_{engine}_error"] = str(exc)
        prog.finish(part / 2)

    names = [q.name for q in list_queries()]
    res["queries"] = {n: {} for n in names}
    for engine in engines:
        prog.step(f"{label}: {len(names)} canned queries on {engine}", part * 2)
        _run_queries(res, engine, names, {"dist": str(dist)}, n_runs, query_timeout)
        prog.finish(part * 2)

    if "server" not in skip:
        measure_server(res, label, dist, work, n_runs, prog, part * 1.5, query_timeout, names)

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
        measure_gaps(res, dist, n_runs, task_timeout, naive="pyshacl" not in skip)
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


GAPS_SLOW_S = 60.0  # a validation whose warm-up run takes longer is run once (and its figure marked)


def measure_gaps(res: dict, dist: Path, n_runs: int, task_timeout: float, naive: bool = True) -> None:
    """Reading the graph, hygiene validation and gap analysis on Jaring's path and, side by side in the same run,
    the naive baseline (:func:`_task_gaps_naive`: rdflib's parser, pySHACL's default options) on the same shapes
    and facts; each path in its own child, so each has its own peak memory and a time limit."""
    args = {"dist": str(dist), "runs": n_runs, "slow_s": GAPS_SLOW_S}
    for task, suffix in (("gaps", ""), ("gaps-naive", "_naive")):
        if suffix and not naive:
            break
        try:
            for line in run_child(task, args, item_timeout=task_timeout):
                step = line["step"]
                key = {"read": "gaps_read"}.get(step, step) + suffix
                res[f"{key}_s"] = _median(line["times"])
                res[f"{key}_cpu_s"] = _median(line["cpu"])
                res[f"{key}_runs"] = len(line["times"])
                if step == "read":
                    res[f"{key}_peak_mb"] = line["peak_mb"]
                    continue
                res[f"{key}_shacl_results"] = line["shacl_results"]
                if step == "hygiene" and "results" in line:
                    res["hygiene_results"] = line["results"]
                if step == "coverage":
                    res["gaps_peak_mb" if not suffix else "gaps_naive_peak_mb"] = line["peak_mb"]
                    if "gaps" in line:
                        res["coverage_gaps"] = line["gaps"]
        except (Timeout, RuntimeError) as exc:
            res[f"gaps{suffix}_error"] = str(exc)


#: the figures :func:`measure_gaps` writes (dropped from a size before it is measured again)
GAP_KEY_PREFIXES = ("gaps_", "hygiene_", "coverage_")


def remeasure_gaps(label: str, dist: Path, runs: int = 1, docs: Path = DOCS, task_timeout: float = 3600.0) -> dict:
    """Measure the gap analysis again (Jaring's path only: read, hygiene, coverage) for the size ``label`` of
    ``docs/benchmarks.json`` on a graph already built for it (``dist``: e.g. ``kg bench generate`` + ``kg build``),
    keep the figures it replaces as ``previous`` (shown side by side) and write the docs again. The other figures
    of the size (build, load, queries) stay those of the run that measured them. Raises ValueError when the size
    is not in the report or ``dist`` holds no ``jaring.nq``."""
    docs = Path(docs)
    results = json.loads((docs / "benchmarks.json").read_text("utf-8"))
    size = next((s for s in results.get("sizes", []) if s.get("label") == label), None)
    if size is None:
        known = ", ".join(s.get("label", "?") for s in results.get("sizes", []))
        raise ValueError(f"no size {label!r} in {docs / 'benchmarks.json'} (sizes there: {known}) / "
                         f"ukuran {label!r} tidak ada")
    if not (Path(dist) / "jaring.nq").exists():
        raise ValueError(f"{dist}: no jaring.nq; build it first (kg build --sources ... --dist {dist}) / "
                         f"tidak ada jaring.nq; bangun dulu")
    size["previous"] = previous_figures(size, results)
    for k in [k for k in size if k.startswith(GAP_KEY_PREFIXES) or k == "hygiene_results"]:
        del size[k]
    start = [round(x, 2) for x in os.getloadavg()]
    date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    measure_gaps(size, Path(dist), max(1, runs), task_timeout, naive=False)
    triples = _count_lines(Path(dist) / "jaring.nq")
    size["gaps_remeasured"] = {"date": date, "dist": str(dist), "quads": triples,
                               "load_average": [start, [round(x, 2) for x in os.getloadavg()]]}
    results["assessment"] = assess(results)
    write_docs(results, docs)
    return size


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


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
    run does not measure again (to add a large size measured separately). ``skip``: any of entitlements, gaps,
    app, server, rdflib. Whatever ends the run (Ctrl-C included), no measuring child or server is left running."""
    try:
        return _run(sizes, runs, seed, work, docs, query_timeout, skip, real, quiet, merge, task_timeout, build_runs)
    finally:
        stop_children()


def _run(sizes, runs, seed, work, docs, query_timeout, skip, real, quiet, merge, task_timeout, build_runs) -> dict:
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
        merge_earlier(results, json.loads((Path(docs) / "benchmarks.json").read_text("utf-8")))
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    for s in results["sizes"]:
        if "crossover" not in s and crossover(s):
            s["crossover"] = crossover(s)
    results["crossover_summary"] = crossover_summary(results["sizes"])
    results["assessment"] = assess(results)
    write_docs(results, docs)
    if not quiet:
        print(f"wrote {docs / 'benchmarks.md'} and {docs / 'benchmarks.json'}")
    return results


def merge_earlier(results: dict, old: dict) -> None:
    """Keep the sizes of an earlier report ``old`` that ``results`` did not measure, each marked with the run
    that measured it (its date and system load; a size kept twice keeps its first mark)."""
    done = {s["label"] for s in results["sizes"]}
    for s in results["sizes"]:  # a size measured again keeps the figures it replaces, shown side by side
        before = next((o for o in old.get("sizes", []) if o["label"] == s["label"]), None)
        if before is not None:
            s["previous"] = previous_figures(before, old)
    kept = [s for s in old.get("sizes", []) if s["label"] not in done]
    for s in kept:
        if not s.get("from_earlier_run"):
            s["from_earlier_run"] = old.get("date")
            s["earlier_run_load_average"] = [old.get("machine", {}).get("load_average_at_start"),
                                             old.get("load_average_at_end")]
    results["sizes"] = sorted(results["sizes"] + kept, key=lambda s: (s["label"] != "real", s.get("triples", 0)))
    results["merged_from"] = old.get("date")


#: the figures of a size kept as ``previous`` when a merged run measures it again (the gap analysis at scale)
PREVIOUS_KEYS = ("triples", "build_s", "build_peak_mb", "gaps_read_s", "hygiene_s", "coverage_s", "gaps_peak_mb",
                 "coverage_shacl_results", "coverage_gaps", "gaps_read_runs", "hygiene_runs", "coverage_runs")


def previous_figures(size: dict, old: dict) -> dict:
    """The gap-analysis figures of ``size`` from the earlier report ``old``, with the date and load of the run that
    measured them."""
    out = {k: size[k] for k in PREVIOUS_KEYS if size.get(k) is not None}
    out["date"] = size.get("from_earlier_run") or old.get("date")
    out["load_average"] = (size.get("earlier_run_load_average")
                           or [old.get("machine", {}).get("load_average_at_start"), old.get("load_average_at_end")])
    return out


def rewrite_docs(docs: Path = DOCS) -> dict:
    """Render ``benchmarks.md`` (and the plot) again from ``benchmarks.json`` without measuring: the judgement
    against the targets and the cross-over are recomputed from the figures, which are left as they are."""
    results = json.loads((Path(docs) / "benchmarks.json").read_text("utf-8"))
    for s in results["sizes"]:
        if crossover(s):
            s["crossover"] = crossover(s)
    results["crossover_summary"] = crossover_summary(results["sizes"])
    results["assessment"] = assess(results)
    write_docs(results, docs)
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

def _suite(size: dict, engine: str, key: str = "ms", pair: tuple[str, str] = ("oxigraph", "rdflib")) -> float | None:
    """Sum of the median times (ms) of ``engine`` over the queries both engines of ``pair`` answered."""
    qs = [q for q in size.get("queries", {}).values() if all(f"{e}_ms" in q for e in pair)]
    return sum(q.get(f"{engine}_{key}", 0.0) for q in qs) if qs else None


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b`` where both are measured and ``b`` is not zero, else None."""
    return a / b if a is not None and b else None


def crossover(size: dict) -> dict | None:
    """When a running SPARQL server pays off against the embedded store, from the figures of one size.

    Per answer, a one-shot process (a CLI call, a script) with the embedded store pays for opening it (checksum
    check and load, as ``open_store`` does) plus the query; with a server it pays only the HTTP query, once the
    server exists (one-time: load its on-disk store, start it to its first answer). The mean over the canned
    queries answered both ways stands for "a query". Break-even counts are the smallest number of answers for
    which the server's total is not larger; None where the server never pays off in time.
    """
    qs = [q for q in size.get("queries", {}).values() if "oxigraph_ms" in q and "server_ms" in q]
    load_s, store_s, start_s = size.get("load_oxigraph_s"), size.get("server_load_s"), size.get("server_start_s")
    if not qs or load_s is None or store_s is None or start_s is None:
        return None
    import math

    n = len(qs)
    q_embedded = sum(q["oxigraph_ms"] for q in qs) / n
    q_server = sum(q["server_ms"] for q in qs) / n
    direct = [q["direct_ms"] for q in qs if "direct_ms" in q]
    q_direct = sum(direct) / n if len(direct) == n else None
    open_ms = ((size.get("verify_s") or 0.0) + load_s) * 1000
    cold_ms = open_ms + q_embedded
    setup_ms = (store_s + start_s) * 1000
    one_shot = max(1, math.ceil(setup_ms / (cold_ms - q_server))) if cold_ms > q_server else None
    if q_embedded > q_server:
        long_lived = 1 if setup_ms <= open_ms else math.ceil((setup_ms - open_ms) / (q_embedded - q_server))
    else:
        long_lived = None
    return {"queries": n, "embedded_query_ms": q_embedded, "embedded_open_ms": open_ms,
            "embedded_cold_answer_ms": cold_ms, "server_query_ms": q_server, "direct_query_ms": q_direct,
            "proxy_overhead_ms": q_server - q_direct if q_direct is not None else None,
            "server_setup_ms": setup_ms, "cold_over_server": ratio(cold_ms, q_server),
            "break_even_one_shot": one_shot, "break_even_long_lived": long_lived}


def crossover_summary(sizes: list[dict]) -> str:
    """The cross-over in words, from the figures (empty when the server was not measured)."""
    rows = [(s["label"], s.get("crossover") or crossover(s)) for s in sizes]
    rows = [(label, c) for label, c in rows if c]
    if not rows:
        return ""
    faster = [label for label, c in rows if c["cold_over_server"] and c["cold_over_server"] > 1]
    parts = []
    if len(faster) == len(rows):
        parts.append("For a one-shot process (a CLI call, a script), a running server answers a canned query "
                     "faster than opening the embedded store and querying it at every measured size ("
                     + ", ".join(f"{label}: {c['server_query_ms']:,.1f} ms against "
                                 f"{c['embedded_cold_answer_ms']:,.0f} ms"
                                 for label, c in rows) + ").")
    elif faster:
        parts.append("For a one-shot process, a running server answers faster than opening the embedded store "
                     "only at " + ", ".join(faster) + ".")
    else:
        parts.append("For a one-shot process, opening the embedded store and querying it was faster than asking a "
                     "running server at every measured size.")
    counted = [(label, c["break_even_one_shot"]) for label, c in rows if c["break_even_one_shot"]]
    if counted:
        parts.append("Counting the server's one-time store load and start, it pays off from the "
                     + ", ".join(f"{n:,}{_ordinal(n)} one-shot query ({label})" for label, n in counted) + ".")
    long_lived = [(label, c["break_even_long_lived"]) for label, c in rows]
    if all(n is None for _, n in long_lived):
        label, c = rows[-1]
        direct = (f", {c['direct_query_ms']:,.1f} ms straight to Oxigraph" if c["direct_query_ms"] is not None
                  else "")
        parts.append("In a long-lived process that loads the embedded store once (the app), the embedded store "
                     f"stays faster per query at every measured size ({label}: {c['embedded_query_ms']:,.1f} ms "
                     f"embedded, {c['server_query_ms']:,.1f} ms through the server{direct}), so there a server "
                     "pays off in memory or sharing, not in time.")
    else:
        parts.append("In a long-lived process that loads the embedded store once, the server pays off after "
                     + ", ".join(f"{n:,} queries ({label})" if n else f"never ({label})" for label, n in long_lived)
                     + ".")
    return " ".join(parts)


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


MEMORY_TARGET = "1M triples: peak memory < 2 GB (every step of Jaring's path)"
GAPS_5M_TARGET = "5M triples: gap analysis < 120 s (read the built graph + coverage, what `kg gaps` runs)"
MEMORY_5M_TARGET = "5M triples: gap analysis peak memory < 4 GB"
#: the peak resident memory of each step of Jaring's path (the baselines are not Jaring's path)
PEAKS = {"build_peak_mb": "build", "load_oxigraph_peak_mb": "load", "gaps_peak_mb": "gap analysis",
         "server_peak_rss_mb": "server"}


def _peak_of(size: dict) -> tuple:
    """(largest peak MB over the steps measured, 2048, "MB", note naming the step and the others)."""
    peaks = {name: size[k] for k, name in PEAKS.items() if size.get(k) is not None}
    if not peaks:
        return None, 2048, "MB"
    worst = max(peaks, key=peaks.get)
    note = f"largest: {worst}; " + ", ".join(f"{n} {v:,.0f}" for n, v in peaks.items() if n != worst)
    return peaks[worst], 2048, "MB", True, note


def assess(results: dict) -> list[dict]:
    out = []

    def verdict(what, value, target, unit, smaller_is_better=True, note=""):
        if value is None:
            out.append({"target": what, "value": None, "met": None, "note": note or "not measured"})
            return
        met = value <= target if smaller_is_better else value >= target
        by = (value / target if smaller_is_better else target / value) if target else None
        missed = "" if met else f"missed by a factor of {by:.1f}"
        out.append({"target": what, "value": round(value, 3), "unit": unit, "met": met,
                    "note": "; ".join(x for x in (missed, note) if x)})

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
            load = big.get("gaps_read_s")
            verdict(what, (big.get("hygiene_s") or 0) + big["coverage_s"], 60.0, "s",
                    note=f"reading the graph for it takes {load:.1f} s more" if load is not None else "")
        elif "gaps_error" in big and "hygiene_s" in big:
            out.append({"target": what, "value": None, "met": False,
                        "note": f"hygiene took {big['hygiene_s']:.0f} s, then the coverage analysis did not finish "
                                f"({big['gaps_error']}): missed by a factor of more than "
                                f"{(big['hygiene_s'] + 600) / 60:.0f}"})
        else:
            verdict(what, None, 60.0, "s")
        verdict(MEMORY_TARGET, *_peak_of(big))
    else:
        for what in ("1M triples: every canned query < 1 s (pyoxigraph)", "1M triples: load < 10 s (pyoxigraph)",
                     "1M triples: gap analysis < 60 s (hygiene + coverage)", MEMORY_TARGET):
            verdict(what, None, 0, "", note="1M not run in this report")
    huge = sizes.get("5m")
    if huge:
        from_file = (huge["gaps_read_s"] + huge["coverage_s"]
                     if huge.get("gaps_read_s") is not None and huge.get("coverage_s") is not None else None)
        verdict(GAPS_5M_TARGET, from_file, 120.0, "s",
                note=huge.get("gaps_error") or (f"read {huge['gaps_read_s']:.1f} s + coverage {huge['coverage_s']:.1f} s"
                                                if from_file is not None else ""))
        verdict(MEMORY_5M_TARGET, huge.get("gaps_peak_mb"), 4096, "MB",
                note="read, hygiene and coverage in one process" if huge.get("gaps_peak_mb") else "")
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
    """Render the report, then write it (each file atomically, the set with Ctrl-C held back until all three are
    in place, so an interruption leaves either the old report or the new one)."""
    docs = Path(docs)
    svg = _plot(results)
    files = {"benchmarks.json": json.dumps(results, indent=1, sort_keys=True) + "\n",
             "benchmarks.md": render_md(results, "benchmarks.svg" if svg else None) + _browser_block(docs)}
    if svg:
        files["benchmarks.svg"] = svg
    with _sigint_held():
        for name, text in files.items():
            _atomic_write(docs / name, text)


def _browser_block(docs: Path) -> str:
    """The browser timings (``kg bench browser``) already in benchmarks.md, kept when the rest is rewritten."""
    from .bench_browser import BEGIN, END

    try:
        text = (Path(docs) / "benchmarks.md").read_text("utf-8")
    except OSError:
        return ""
    out = ""
    if BEGIN in text and END in text:
        out += "\n" + text[text.index(BEGIN):text.index(END) + len(END)] + "\n"
    from .bench_cli import BEGIN as CLI_BEGIN, END as CLI_END

    if CLI_BEGIN in text and CLI_END in text:  # kg bench cli's table is kept too
        out += "\n" + text[text.index(CLI_BEGIN):text.index(CLI_END) + len(CLI_END)] + "\n"
    if GAP_BEGIN in text and GAP_END in text:  # and the gap register's whole-process times (issue 15)
        out += "\n" + text[text.index(GAP_BEGIN):text.index(GAP_END) + len(GAP_END)] + "\n"
    from .bench_cli import gaps_block_from_json

    block = gaps_block_from_json(docs)  # kg bench gaps-cli: rendered from its own figures
    if block:
        out += "\n" + block + "\n"
    return out


GAP_BEGIN, GAP_END = "<!-- gap-timings:begin -->", "<!-- gap-timings:end -->"


class _sigint_held:
    """Ignore SIGINT inside the block (main thread only): the few writes that replace the report finish."""

    def __enter__(self):
        import signal

        self.caught = False
        self.old = None
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, lambda *_: setattr(self, "caught", True))
        return self

    def __exit__(self, *exc):
        import signal

        if self.old is not None:
            signal.signal(signal.SIGINT, self.old)
        # an interruption that came while writing is dropped: the run had finished and its report is in place


def render_md(results: dict, plot: str | None) -> str:
    m = results["machine"]
    sizes = results["sizes"]
    L = ["# Benchmarks", "",
         "Generated by `kg bench run`; raw figures in [benchmarks.json](benchmarks.json). Synthetic graphs come "
         "from `kg bench generate` (fictitious records of the real schema, built by the real `kg build`).",
         "", "**In-process figures.** Unless a section says otherwise, the figures below time one step inside an "
         "already running Python process (imports done, graph often loaded): they are not what a user waits for "
         "at the command line. Whole-process times of every `kg` command (interpreter start, imports, opening the "
         "graph, the answer) are in the section *Command line, whole process* (`kg bench cli`), and the app as a "
         "browser sees it in *App in a browser* (`kg bench browser`).",
         "", f"Run on {results['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB RAM, "
         f"{m['platform']}, Python {m['python']}; "
         + ", ".join(f"{k} {v}" for k, v in sorted(m["versions"].items())) + ".",
         "", f"System load average (1, 5, 15 min) at the start: {m.get('load_average_at_start')}, at the end: "
         f"{results.get('load_average_at_end')}; with {m['cores']} cores, a load above {m['cores']} means other "
         "work shared the machine and wall-clock figures are inflated accordingly.",
         "", f"Figures are medians of {results['runs']} runs after one warm-up, at every size (benchmarks.json "
         "gives the count of every figure); builds are fresh processes without warm-up (the build runs column "
         "says how many); the app's first page uses at most 3 runs. A query whose warm-up run takes more than 5 s "
         f"is run once and its figure marked ¹; so is a load whose warm-up takes more than {LOAD_SLOW_S:.0f} s "
         "(and a validation, see its section). Each measurement runs in its own process with a time limit.", ""]
    earlier = [s for s in sizes if s.get("from_earlier_run")]
    if earlier:
        L += ["Kept from an earlier run (" + "; ".join(
            f"{s['label']}: {s['from_earlier_run']}" + (
                f", load average {s['earlier_run_load_average'][0]} at its start and "
                f"{s['earlier_run_load_average'][1]} at its end" if s.get("earlier_run_load_average") else "")
            for s in earlier) + "); every ratio in this report compares figures of one run.", ""]
    L += ["## Targets", "", "| target | measured | met | note |", "|---|---|---|---|"]
    for a in results.get("assessment", []):
        met = {True: "yes", False: "**no**", None: "–"}[a["met"]]
        val = "–" if a["value"] is None else f"{a['value']:,} {a.get('unit', '')}".strip()
        L.append(f"| {a['target']} | {val} | {met} | {a['note']} |")
    L += ["", "## Build, load, answers", "",
          "| graph | triples | build runs | build s | build peak MB | dist MB | load pyoxigraph s | load rdflib s | "
          "entitlement answer ms | hygiene s | coverage (gap analysis) s | app first page s (in-process AppTest, "
          "not a browser) |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        L.append(f"| {s['label']} | {_f(s.get('triples'))} | {_f(s.get('build_runs'))} | {_f(s.get('build_s'), 2)} | "
                 f"{_f(s.get('build_peak_mb'), 0)} | {_f(s.get('dist_mb'))} | {_f(s.get('load_oxigraph_s'), 3)} | "
                 f"{_vcell(s, 'load_rdflib', results['runs'])} | {_f(s.get('entitlements_ms'), 1)} | "
                 f"{_f(s.get('hygiene_s'), 2)} | {_f(s.get('coverage_s'), 2)} | {_f(s.get('app_first_page_s'), 2)} |")
    errors = [(s["label"], k, v) for s in sizes for k, v in s.items() if k.endswith("_error")]
    if errors:
        L += [""] + [f"- {label}: {k[:-6]} failed: {v}" for label, k, v in errors]
    L += ["", "The same in CPU seconds of the measuring process (user + system; closer to what an unloaded "
          "machine would show when others share the cores):", "",
          "| graph | build CPU s | load pyoxigraph CPU s | load rdflib CPU s | hygiene CPU s | coverage CPU s | "
          "query suite pyoxigraph CPU ms | query suite rdflib CPU ms |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        L.append(f"| {s['label']} | {_f(s.get('build_cpu_s'), 2)} | {_f(s.get('load_oxigraph_cpu_s'), 3)} | "
                 f"{_f(s.get('load_rdflib_cpu_s'), 2)} | {_f(s.get('hygiene_cpu_s'), 2)} | "
                 f"{_f(s.get('coverage_cpu_s'), 2)} | {_f(_suite(s, 'oxigraph', 'cpu_ms'), 1)} | "
                 f"{_f(_suite(s, 'rdflib', 'cpu_ms'), 1)} |")
    L += ["", "Build time is the whole `kg build` (read and check the YAML, convert, serialise six formats, write "
          "atomically); peak MB is the build process's maximum resident set. Hygiene and coverage (gap analysis) "
          "times are the calls of `kg.gaps` on a graph already read (reading it is in the next table).", ""]
    L += _gaps_section(results)
    L += _server_section(results)
    L += ["## Canned queries: pyoxigraph, the server and rdflib", "",
          "Median milliseconds per query with its default parameters: embedded pyoxigraph (`oxigraph`), the "
          "`kg serve` endpoint over HTTP through its proxy (`server`, the same query text and parameters) and an "
          "rdflib `Dataset` (`rdflib`); `rdflib ×` = rdflib / pyoxigraph, `server ×` = server / pyoxigraph.", ""]
    head = "| query | " + " | ".join(f"{s['label']} oxigraph | {s['label']} server | {s['label']} rdflib | "
                                     f"rdflib × | server ×" for s in sizes) + " |"
    L += [head, "|---|" + "---:|---:|---:|---:|---:|" * len(sizes)]
    names = sorted({n for s in sizes for n in s["queries"]})
    for n in names:
        cells = []
        for s in sizes:
            q = s["queries"].get(n, {})
            ox, sv, rd = q.get("oxigraph_ms"), q.get("server_ms"), q.get("rdflib_ms")
            cells.append(f"{_qcell(q, 'oxigraph', results['runs'], 2)} | {_qcell(q, 'server', results['runs'], 2)} | "
                         f"{_qcell(q, 'rdflib', results['runs'], 1)} | {_rf(ratio(rd, ox))} | {_rf(ratio(sv, ox))}")
        L.append(f"| {n} | " + " | ".join(cells) + " |")
    suites = []
    for s in sizes:
        ox, rd = _suite(s, "oxigraph"), _suite(s, "rdflib")
        ox_s, sv = _suite(s, "oxigraph", pair=("oxigraph", "server")), _suite(s, "server", pair=("oxigraph", "server"))
        suites.append(f"{_f(ox, 1)} | {_f(sv, 1)} | {_f(rd, 1)} | {_rf(ratio(rd, ox))} | {_rf(ratio(sv, ox_s))}")
    L.append("| **suite (answered by both of a ratio)** | " + " | ".join(suites) + " |")
    rows_differ = [(s["label"], n) for s in sizes for n, q in s["queries"].items()
                   if "server_rows" in q and "oxigraph_rows" in q and q["server_rows"] != q["oxigraph_rows"]]
    if rows_differ:
        L += ["", "The server's answer has another number of rows than the embedded store's for: "
              + ", ".join(f"{label} {n}" for label, n in rows_differ) + "."]
    qerr = [(s["label"], n, e, q[e]) for s in sizes for n, q in s["queries"].items() for e in q if e.endswith("_error")]
    if qerr:
        L += ["", "Query errors:", ""] + [f"- {label} {n} ({e[:-6]}): {v}" for label, n, e, v in qerr]
    L += ["", "## Time against size", ""]
    if plot:
        L += [f"![time against size, log–log]({plot})", ""]
    L += ["| graph | triples | build s | load pyoxigraph s | load rdflib s | server store load s | "
          "query suite pyoxigraph ms | query suite server ms | query suite rdflib ms | validation from file s | "
          "validation from file naive s |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        L.append(f"| {s['label']} | {_f(s.get('triples'))} | {_f(s.get('build_s'), 2)} | "
                 f"{_f(s.get('load_oxigraph_s'), 3)} | {_f(s.get('load_rdflib_s'), 2)} | "
                 f"{_f(s.get('server_load_s'), 2)} | {_f(_suite(s, 'oxigraph'), 1)} | "
                 f"{_f(_suite(s, 'server', pair=('oxigraph', 'server')), 1)} | {_f(_suite(s, 'rdflib'), 1)} | "
                 f"{_f(_from_file(s), 2)} | {_f(_from_file_naive(s), 2)} |")
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
          "(add `--runs N`, `--skip app,gaps,server,rdflib,pyshacl`, `--work DIR`).", ""]
    return "\n".join(L)


def _procs(s: dict) -> str:
    n = s.get("server_processes")
    return f", {n} processes" if n and n > 1 else ""


def _rf(x: float | None) -> str:
    """A ratio for a table: whole numbers from 10 up, one decimal below, two below 0.1."""
    if x is None:
        return "–"
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}" if x >= 0.1 else f"{x:.2f}"


def _qcell(q: dict, engine: str, runs: int, digits: int) -> str:
    v = q.get(f"{engine}_ms")
    if v is not None:
        once = "¹" if runs > 1 and q.get(f"{engine}_runs") == 1 else ""
        return _f(v, digits) + once
    if f"{engine}_timeout_s" in q:
        return f"> {q[f'{engine}_timeout_s']:.0f} s"
    return "error" if f"{engine}_error" in q else "–"


def _vcell(size: dict, key: str, runs: int, digits: int = 2) -> str:
    v = size.get(f"{key}_s")
    if v is None:
        return "error" if ("gaps_naive_error" if key.endswith("_naive") else "gaps_error") in size else "–"
    return _f(v, digits) + ("¹" if runs > 1 and size.get(f"{key}_runs") == 1 else "")


def _sum(*xs):
    return None if any(x is None for x in xs) else sum(xs)


def _from_file(size: dict) -> float | None:
    """Read + hygiene + coverage on Jaring's path (seconds)."""
    return _sum(*(size.get(f"{k}_s") for k in ("gaps_read", "hygiene", "coverage")))


def _from_file_naive(size: dict) -> float | None:
    return _sum(*(size.get(f"{k}_naive_s") for k in ("gaps_read", "hygiene", "coverage")))


def _report_cost(s: dict) -> str:
    """How much of the gap analysis's peak memory the results take on one graph (peak after the validation minus
    peak after reading the graph, per result), in words."""
    peak, read, n = s.get("gaps_peak_mb"), s.get("gaps_read_peak_mb"), s.get("coverage_shacl_results")
    if not (peak and read and n) or peak <= read:
        return ""
    return (f" ({s['label']}: {peak - read:,.0f} MB of the {peak:,.0f} MB peak came after the graph was read: the "
            f"helper facts, the validation and its {n:,} results)")


def _gaps_section(results: dict) -> list[str]:
    sizes = [s for s in results["sizes"] if any(f"{k}_s" in s for k in ("hygiene", "coverage", "hygiene_naive"))]
    if not sizes:
        return []
    runs = results["runs"]
    L = ["## Validation: Jaring's path against rdflib and pySHACL with default options", "",
         "Jaring's path is what `kg validate`, `kg gaps` and the app run: `kg.gaps.data_graph` reads "
         "`dist/jaring.nq` with pyoxigraph's parser into an rdflib Graph; `kg.gaps.validate_hygiene` and "
         "`kg.gaps.run_coverage` are timed whole (computing the helper facts the shapes read, validating a "
         "read-only view of the data and the facts with `inference='none'`, in place, with the garbage collector "
         "paused, and turning the results into reports and gaps). The naive baseline reads the file with rdflib's "
         "own parser (a Dataset copied into a Graph) and, per validation, computes the same helper facts, adds "
         "them to the graph and calls `pyshacl.validate(graph, shacl_graph=shapes)` with its default options: "
         "the same shapes on the same facts. Both run in the same benchmark run, each path in its own process "
         f"(its own peak memory). A read whose warm-up takes more than {READ_SLOW_S:.0f} s, or a validation whose "
         f"warm-up takes more than {GAPS_SLOW_S:.0f} s, is run once (¹). `results` counts the "
         "`sh:ValidationResult` nodes of each report: equal counts mean both found the same violations. "
         "`from file` = read + hygiene + coverage, what `kg validate` and `kg gaps` cost together on a built "
         "graph.", "",
         "| graph | triples | read s | read rdflib s | × | hygiene s | hygiene pySHACL default s | × | coverage s | "
         "coverage pySHACL default s | × | from file s | from file naive s | × | results (Jaring / default) | "
         "peak MB (Jaring / naive) |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for s in sizes:
        r, rn, h, hn, c, cn = (s.get(f"{k}_s") for k in ("gaps_read", "gaps_read_naive", "hygiene", "hygiene_naive",
                                                           "coverage", "coverage_naive"))
        both, both_n = _from_file(s), _from_file_naive(s)
        res = [f"{_f(s.get(f'{k}_shacl_results'))}/{_f(s.get(f'{k}_naive_shacl_results'))}"
               for k in ("hygiene", "coverage")]
        same = all(s.get(f"{k}_shacl_results") == s.get(f"{k}_naive_shacl_results") for k in ("hygiene", "coverage"))
        L.append(f"| {s['label']} | {_f(s.get('triples'))} | {_vcell(s, 'gaps_read', runs)} | "
                 f"{_vcell(s, 'gaps_read_naive', runs)} | {_rf(ratio(rn, r))} | "
                 f"{_vcell(s, 'hygiene', runs)} | {_vcell(s, 'hygiene_naive', runs)} | {_rf(ratio(hn, h))} | "
                 f"{_vcell(s, 'coverage', runs)} | {_vcell(s, 'coverage_naive', runs)} | {_rf(ratio(cn, c))} | "
                 f"{_f(both, 2)} | {_f(both_n, 2)} | {_rf(ratio(both_n, both))} | hygiene {res[0]}, coverage "
                 f"{res[1]}{'' if same or both_n is None else ' (**differ**)'} | {_f(s.get('gaps_peak_mb'), 0)} / "
                 f"{_f(s.get('gaps_naive_peak_mb'), 0)} |")
    grow = [s for s in sizes if s.get("coverage_shacl_results") is not None and s.get("triples")]
    if len(grow) > 1:
        def per_unit(s):
            plan = (s.get("synth") or {}).get("plan")
            units = plan and (plan["provinces"] + plan["regencies"])
            return f", {plan['regional_laws'] / units:.1f} regional laws per region" if units else ""
        L += ["", "Coverage results against the size of the graph (SHACL results, and per 1,000 triples): "
              + "; ".join(f"{s['label']} {s['coverage_shacl_results']:,} "
                          f"({1000 * s['coverage_shacl_results'] / s['triples']:,.1f}{per_unit(s)})" for s in grow)
              + ". A jurisdiction disagreement is reported once per regional instrument and victim profile, with "
              "the peers that cover the profile (not once per pair of instruments), so results grow with the "
              "instruments, not with their square" + _report_cost(grow[-1]) + "."]
    again = [s for s in sizes if s.get("previous")]
    if again:
        L += ["", "### Gap analysis at scale: this run against the figures it replaced", "",
              "Jaring's path (read the built graph, hygiene, coverage with the compiled checks, one process); "
              "`previous` = the run this one replaced (its date and load average in the second-to-last column). Results per "
              "1,000 triples show whether they grow linearly.", "",
              "| graph | triples (prev / now) | read s (prev / now) | coverage s (prev / now) | read + coverage s "
              "(prev / now) | read + coverage CPU s (now) | peak MB (prev / now) | results (prev / now) | "
              "per 1,000 triples (prev / now) | previous run, load average | this run, load average |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
        this_load = [results.get("machine", {}).get("load_average_at_start"), results.get("load_average_at_end")]
        for s in again:
            p = s["previous"]

            def pair(key, digits=2, scale=1.0):
                return f"{_f(p.get(key) and p[key] * scale, digits)} / {_f(s.get(key) and s[key] * scale, digits)}"

            def both(x):
                return (x["gaps_read_s"] + x["coverage_s"]
                        if x.get("gaps_read_s") is not None and x.get("coverage_s") is not None else None)

            def per_k(x):
                return (1000 * x["coverage_shacl_results"] / x["triples"]
                        if x.get("coverage_shacl_results") is not None and x.get("triples") else None)
            cpu = (s["gaps_read_cpu_s"] + s["coverage_cpu_s"]
                   if s.get("gaps_read_cpu_s") is not None and s.get("coverage_cpu_s") is not None else None)
            L.append(f"| {s['label']} | {pair('triples', 0)} | {pair('gaps_read_s')} | {pair('coverage_s')} | "
                     f"{_f(both(p), 2)} / {_f(both(s), 2)} | {_f(cpu, 2)} | {pair('gaps_peak_mb', 0)} | "
                     f"{pair('coverage_shacl_results', 0)} | {_f(per_k(p), 1)} / {_f(per_k(s), 1)} | "
                     f"{p.get('date', '–')}, {p.get('load_average')} | "
                     f"{(s.get('gaps_remeasured') or {}).get('date') or s.get('from_earlier_run') or results.get('date')}, "
                     f"{(s.get('gaps_remeasured') or {}).get('load_average') or s.get('earlier_run_load_average') or this_load} |")
        L += ["", "With a load average far above the 2 cores, wall-clock seconds are inflated (other work shared "
              "the machine); the CPU seconds of the measuring process are closer to what an idle machine shows."]
    errors = [(s["label"], k, v) for s in sizes for k, v in s.items() if k in ("gaps_error", "gaps_naive_error")]
    if errors:
        L += [""] + [f"- {label}: {'the naive baseline' if 'naive' in k else 'Jaring' + chr(39) + 's path'} "
                     f"failed: {v}" for label, k, v in errors]
    return L + [""]


def _server_section(results: dict) -> list[str]:
    sizes = [s for s in results["sizes"] if any(k.startswith("server_") for k in s)]
    if not sizes:
        return []
    L = ["## The SPARQL server (`kg serve`) against the embedded store", "",
         "`kg serve` loads `dist/jaring.nq` once into an on-disk Oxigraph store (`prepare_store_dir`) and answers "
         "over HTTP through a proxy that checks every query. Measured here in the same run, with the same query "
         "texts and parameters: the store load (the `oxigraph load` step, without the checksum check), the time "
         "from starting the endpoint to its first answer (a fresh process: interpreter start, checksum check of "
         "`dist`, Oxigraph start), the memory of its Oxigraph processes (resident after the queries, summed over "
         "the processes it runs; peak in brackets), and the canned queries over HTTP through the proxy (`server`) "
         "and straight to one of its Oxigraph processes (`direct`; the difference is the proxy's share: its query "
         "check, a second HTTP hop, reading the result). The client is a separate process, as it would be. The proxy "
         "remembers its verdict per query text, so the timed runs (after the warm-up) measure a repeated query: "
         "a query text it has not seen pays one parse (tens of milliseconds) on top.", "",
         "| graph | triples | embedded open s (checksums + load) | embedded load peak MB | server store load s | "
         "store MB | server start to first answer s | Oxigraph RSS MB (peak), all processes | proxy RSS MB | "
         "suite embedded ms | suite server ms | suite direct ms | proxy share per query ms |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        c = s.get("crossover") or crossover(s) or {}
        open_s = c["embedded_open_ms"] / 1000 if c else None
        pair = ("oxigraph", "server")
        L.append(f"| {s['label']} | {_f(s.get('triples'))} | {_f(open_s, 3)} | "
                 f"{_f(s.get('load_oxigraph_peak_mb'), 0)} | "
                 f"{_f(s.get('server_load_s'), 2)} | {_f(s.get('server_store_mb'))} | "
                 f"{_f(s.get('server_start_s'), 2)} | {_f(s.get('server_rss_mb'), 0)} "
                 f"({_f(s.get('server_peak_rss_mb'), 0)}){_procs(s)} | {_f(s.get('proxy_rss_mb'), 0)} | "
                 f"{_f(_suite(s, 'oxigraph', pair=pair), 1)} | {_f(_suite(s, 'server', pair=pair), 1)} | "
                 f"{_f(_suite(s, 'direct', pair=('oxigraph', 'direct')), 1)} | {_f(c.get('proxy_overhead_ms'), 2)} |")
    errors = [(s["label"], s["server_error"]) for s in sizes if "server_error" in s]
    if errors:
        L += [""] + [f"- {label}: the server measurement failed: {e}" for label, e in errors]
    L += ["", "### Cross-over: when a server pays off", "",
          "Per answer, a one-shot process (a CLI call, a script, each `kg query`) with the embedded store pays for "
          "opening it (checksum check and load, as `open_store` does) plus the query; with a running server it "
          "pays only the HTTP query. The server's one-time cost is its store load plus its start. A query is the "
          "mean over the canned queries answered both ways (Python start and imports, the same on both paths, are "
          "left out). Break-even = the smallest number of answers from which the server's total time (one-time "
          "cost included) is not larger; a long-lived process (the app) loads the embedded store once.", "",
          "| graph | triples | embedded query ms | embedded cold answer ms (open + query) | server answer ms | "
          "cold ÷ server | server one-time s (load + start) | break-even, one-shot processes | "
          "break-even, one long-lived process |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        c = s.get("crossover") or crossover(s)
        if not c:
            L.append(f"| {s['label']} | {_f(s.get('triples'))} | – | – | – | – | – | – | – |")
            continue
        L.append(f"| {s['label']} | {_f(s.get('triples'))} | {_f(c['embedded_query_ms'], 2)} | "
                 f"{_f(c['embedded_cold_answer_ms'], 1)} | {_f(c['server_query_ms'], 2)} | "
                 f"{_rf(c['cold_over_server'])} | {_f(c['server_setup_ms'] / 1000, 2)} | "
                 f"{_f(c['break_even_one_shot']) if c['break_even_one_shot'] else 'never'} | "
                 f"{_f(c['break_even_long_lived']) if c['break_even_long_lived'] else 'never'} |")
    summary = results.get("crossover_summary") or crossover_summary(results["sizes"])
    if summary:
        L += ["", summary]
    L += [""]
    return L


def _plot(results: dict) -> bytes | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    sizes = [s for s in results["sizes"] if s.get("triples")]
    series = {"build": "build_s", "load pyoxigraph": "load_oxigraph_s", "load rdflib": "load_rdflib_s",
              "hygiene": "hygiene_s", "gap analysis": "coverage_s"}
    fig, ax = plt.subplots(figsize=(8, 5.5))
    for name, key in series.items():
        pts = [(s["triples"], s[key]) for s in sizes if s.get(key)]
        if pts:
            ax.plot(*zip(*pts), marker="o", label=name)
    series2 = {"server store load": "server_load_s", "server start": "server_start_s"}
    for name, key in series2.items():
        pts = [(s["triples"], s[key]) for s in sizes if s.get(key)]
        if pts:
            ax.plot(*zip(*pts), marker="^", label=name)
    for engine, pair, name in (("oxigraph", ("oxigraph", "rdflib"), "query suite pyoxigraph"),
                               ("rdflib", ("oxigraph", "rdflib"), "query suite rdflib"),
                               ("server", ("oxigraph", "server"), "query suite server (HTTP)")):
        pts = [(s["triples"], _suite(s, engine, pair=pair) / 1000) for s in sizes if _suite(s, engine, pair=pair)]
        if pts:
            ax.plot(*zip(*pts), marker="s", linestyle="--", label=name)
    for name, fn in (("validation from file (Jaring)", _from_file),
                     ("validation from file (rdflib + pySHACL defaults)", _from_file_naive)):
        pts = [(s["triples"], fn(s)) for s in sizes if fn(s)]
        if pts:
            ax.plot(*zip(*pts), marker="D", linestyle=":", label=name)
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
    return buf.getvalue()


if __name__ == "__main__":
    TASKS[sys.argv[1]](json.loads(sys.argv[2]))
