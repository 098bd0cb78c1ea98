"""The SPARQL server in the benchmark: its rows in the report, ratios and the cross-over computed from the
figures. (No timing assertions: timings belong in docs/benchmarks.md, not in tests.)"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ops import bench

ROOT = Path(__file__).resolve().parent.parent


def size(queries: dict, **figures) -> dict:
    base = {"label": "100k", "triples": 100_000, "queries": queries, "load_oxigraph_s": 1.0, "verify_s": 0.5,
            "server_load_s": 4.0, "server_start_s": 1.0}
    base.update(figures)
    return base


def test_crossover_when_the_server_is_slower_per_query():
    """One-shot processes: each embedded answer pays open (1.5 s) + query; the server 13 ms after 5 s once."""
    s = size({"a": {"oxigraph_ms": 2.0, "server_ms": 12.0, "direct_ms": 2.0},
              "b": {"oxigraph_ms": 4.0, "server_ms": 14.0, "direct_ms": 3.0},
              "c": {"oxigraph_ms": 9.0, "rdflib_ms": 90.0}})  # not answered by the server: left out
    c = bench.crossover(s)
    assert c["queries"] == 2
    assert c["embedded_query_ms"] == pytest.approx(3.0)
    assert c["server_query_ms"] == pytest.approx(13.0)
    assert c["direct_query_ms"] == pytest.approx(2.5)
    assert c["proxy_overhead_ms"] == pytest.approx(10.5)
    assert c["embedded_open_ms"] == pytest.approx(1500.0)
    assert c["embedded_cold_answer_ms"] == pytest.approx(1503.0)
    assert c["server_setup_ms"] == pytest.approx(5000.0)
    assert c["cold_over_server"] == pytest.approx(1503.0 / 13.0)
    n = c["break_even_one_shot"]
    assert n == math.ceil(5000.0 / (1503.0 - 13.0)) == 4
    # the defining inequality: from n answers on the server's total is not larger, one answer fewer it is
    assert 5000.0 + n * 13.0 <= n * 1503.0 and 5000.0 + (n - 1) * 13.0 > (n - 1) * 1503.0
    assert c["break_even_long_lived"] is None  # a process that keeps the store loaded never gains time


def test_crossover_when_the_server_is_faster_per_query():
    s = size({"a": {"oxigraph_ms": 50.0, "server_ms": 20.0}}, verify_s=None)
    c = bench.crossover(s)
    assert c["direct_query_ms"] is None and c["proxy_overhead_ms"] is None
    assert c["embedded_open_ms"] == pytest.approx(1000.0)
    n = c["break_even_long_lived"]
    assert n == math.ceil((5000.0 - 1000.0) / (50.0 - 20.0)) == 134
    assert 5000.0 + n * 20.0 <= 1000.0 + n * 50.0 and 5000.0 + (n - 1) * 20.0 > 1000.0 + (n - 1) * 50.0


def test_crossover_never_and_not_measured():
    slow = size({"a": {"oxigraph_ms": 1.0, "server_ms": 5000.0}})  # slower than opening and querying
    c = bench.crossover(slow)
    assert c["break_even_one_shot"] is None and c["break_even_long_lived"] is None
    assert bench.crossover(size({"a": {"oxigraph_ms": 1.0}})) is None
    assert bench.crossover({"label": "x", "queries": {"a": {"oxigraph_ms": 1.0, "server_ms": 2.0}}}) is None


def test_ratio():
    assert bench.ratio(12.0, 2.0) == 6.0
    assert bench.ratio(None, 2.0) is None and bench.ratio(1.0, 0.0) is None and bench.ratio(1.0, None) is None


def results_with_server() -> dict:
    q = {"a": {"oxigraph_ms": 2.0, "oxigraph_runs": 5, "server_ms": 12.0, "server_runs": 5, "direct_ms": 2.0,
               "rdflib_ms": 40.0, "rdflib_runs": 5, "oxigraph_rows": 3, "server_rows": 3},
         "b": {"oxigraph_ms": 4.0, "server_ms": 14.0, "server_runs": 1, "direct_ms": 3.0,
               "rdflib_timeout_s": 60, "oxigraph_rows": 2, "server_rows": 1}}
    return {"date": "2026-01-01T00:00:00Z", "machine": bench.machine(), "runs": 5, "seed": 42,
            "targets": bench.TARGETS,
            "sizes": [size(q, label="real", triples=20_000, server_store_mb=3.0, server_rss_mb=50.0,
                           server_peak_rss_mb=60.0, server_processes=2, proxy_rss_mb=70.0)]}


def test_report_lists_the_server_with_ratios_and_the_crossover(tmp_path):
    results = results_with_server()
    results["crossover_summary"] = bench.crossover_summary(results["sizes"])
    bench.write_docs(results, tmp_path)
    md = (tmp_path / "benchmarks.md").read_text()
    head = next(line for line in md.splitlines() if line.startswith("| query |"))
    assert "real oxigraph | real server | real rdflib | rdflib × | server ×" in head
    row_a = next(line for line in md.splitlines() if line.startswith("| a |"))
    assert row_a == "| a | 2.00 | 12.00 | 40.0 | 20 | 6.0 |"  # 40 / 2 and 12 / 2
    row_b = next(line for line in md.splitlines() if line.startswith("| b |"))
    assert "14.00¹" in row_b and "> 60 s" in row_b  # one run only: flagged
    assert "## The SPARQL server (`kg serve`) against the embedded store" in md
    assert "### Cross-over: when a server pays off" in md
    cross = next(line for line in md.splitlines() if line.startswith("| real | 20,000 | 3.00 |"))
    assert "| 4 | never |" in cross  # break-even for one-shot processes, never for a long-lived one
    assert "50 (60), 2 processes" in md
    assert "another number of rows" in md and "real b" in md
    assert results["crossover_summary"] in md and "4th one-shot query (real)" in md
    data = json.loads((tmp_path / "benchmarks.json").read_text())
    assert data["crossover_summary"] == results["crossover_summary"]


def test_interrupted_writing_leaves_no_partial_report(tmp_path, monkeypatch):
    """The report is rendered before anything is written: a failure while rendering leaves the old files."""
    results = results_with_server()
    bench.write_docs(results, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def boom(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(bench, "render_md", boom)
    results["date"] = "2027-01-01T00:00:00Z"
    with pytest.raises(KeyboardInterrupt):
        bench.write_docs(results, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.slow
def test_a_tiny_run_measures_the_server(tmp_path):
    docs, work = tmp_path / "docs", tmp_path / "work"
    proc = subprocess.run([sys.executable, "-m", "kg", "bench", "run", "--sizes", "2k", "--runs", "1", "--no-real",
                           "--skip", "app,gaps,entitlements", "--docs", str(docs), "--work", str(work), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((docs / "benchmarks.json").read_text())
    s = data["sizes"][0]
    assert "server_error" not in s, s.get("server_error")
    for key in ("server_load_s", "server_start_s", "server_store_mb", "verify_s", "crossover"):
        assert s.get(key) is not None, key
    answered = [q for q in s["queries"].values() if "server_ms" in q]
    assert len(answered) == len(s["queries"])
    for q in answered:  # the same answers over HTTP as embedded (row counts)
        assert q["server_rows"] == q["oxigraph_rows"]
        assert "direct_ms" in q
    c = s["crossover"]
    assert c == bench.crossover(s)
    assert data["crossover_summary"]
    md = (docs / "benchmarks.md").read_text()
    assert "2k server" in md and "### Cross-over" in md
    assert not (work / "2k" / "server-store").exists()  # the server's store is removed after the size


def test_unknown_skip_is_refused():
    proc = subprocess.run([sys.executable, "-m", "kg", "bench", "run", "--skip", "servr", "--no-real", "--sizes", "1k"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "servr" in proc.stderr and "server" in proc.stderr
