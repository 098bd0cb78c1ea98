"""The benchmark generator: deterministic, builds without errors, and about the size asked for.
(No timing assertions: timings belong in docs/benchmarks.md, not in tests.)"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ops import bench, synth
from kg.build.pipeline import build_dataset
from kg.records.load import load_sources
from test_store import real_dist  # noqa: F401  (shared session fixture)

ROOT = Path(__file__).resolve().parent.parent


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def ten_k(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "a"
    synth.generate(10_000, 7, out)
    return out


def test_same_seed_gives_identical_files(ten_k, tmp_path):
    again = tmp_path / "b"
    synth.generate(10_000, 7, again)
    assert files_of(ten_k) == files_of(again)


def test_another_seed_gives_other_files(ten_k, tmp_path):
    other = tmp_path / "c"
    synth.generate(10_000, 8, other)
    assert files_of(ten_k) != files_of(other)


def test_output_builds_without_errors_and_is_about_the_size_asked(ten_k):
    result = build_dataset(ten_k / "sources")
    assert result.summary["facts_without_source"] == 0
    triples = result.summary["triples"]
    assert 7_500 <= triples <= 12_500, triples
    kinds = result.summary["records"]
    for kind in ("instrument", "provision", "entitlement", "institution", "service-point", "region", "finding",
                 "observation", "document"):
        assert kinds.get(kind, 0) > 0, kind


def test_every_province_has_institutions_and_service_points(ten_k):
    loaded = load_sources(ten_k / "sources")
    regions = {r.id for r in loaded.of_kind("region") if r.data["kind"] != "country"}
    with_inst = {r.data.get("region") for r in loaded.of_kind("institution")}
    with_sp = {r.data["region"] for r in loaded.of_kind("service-point")}
    assert regions and regions <= with_inst and regions <= with_sp


def test_every_record_is_cited(ten_k):
    loaded = load_sources(ten_k / "sources")
    for rec in loaded.records.values():
        if rec.kind in ("document", "scheme", "concept", "provision"):
            continue
        assert rec.citations(), rec.id


def test_plans_scale_towards_the_request():
    for n in (10_000, 100_000, 1_000_000, 5_000_000):
        est = synth.plan_for(n).estimate()
        assert abs(est - n) / n < 0.05, (n, est)


@pytest.mark.parametrize("text,value", [("10k", 10_000), ("100K", 100_000), ("1m", 1_000_000), ("2500", 2500),
                                        ("1.5m", 1_500_000)])
def test_sizes_are_parsed(text, value):
    assert synth.parse_size(text) == value


def test_cli_generate_writes_a_tree(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "bench", "generate", "--triples", "5k", "--seed", "3",
                           "--out", str(tmp_path / "g")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "g" / "sources" / "instruments").is_dir()
    info = json.loads((tmp_path / "g" / "synth.json").read_text())
    assert info["seed"] == 3 and info["requested_triples"] == 5000
    assert not [p for p in (tmp_path / "g").iterdir() if p.name.startswith(".synth-")]


def test_report_renders_from_results_without_measuring(tmp_path):
    """The report writer works on a results dict alone (tables, targets, missed-by factors)."""
    q = {"a": {"oxigraph_ms": 2.0, "rdflib_ms": 40.0}, "b": {"oxigraph_ms": 1500.0, "rdflib_timeout_s": 60}}
    results = {"date": "2026-01-01T00:00:00Z", "machine": bench.machine(), "runs": 5, "seed": 42,
               "targets": bench.TARGETS,
               "sizes": [{"label": "real", "triples": 10, "queries": q, "entitlements_ms": 80.0},
                         {"label": "1m", "triples": 1_000_000, "queries": q, "load_oxigraph_s": 4.0,
                          "build_peak_mb": 4096.0, "hygiene_s": 10.0, "coverage_s": 20.0}]}
    results["assessment"] = bench.assess(results)
    by = {a["target"]: a for a in results["assessment"]}
    assert by["real graph: entitlement answer < 50 ms (median)"]["note"] == "missed by a factor of 1.6"
    assert by[bench.MEMORY_TARGET]["met"] is False
    assert by[bench.MEMORY_TARGET]["note"].startswith("missed by a factor of 2.0; largest: build")
    assert by["1M triples: load < 10 s (pyoxigraph)"]["met"] is True
    bench.write_docs(results, tmp_path)
    md = (tmp_path / "benchmarks.md").read_text()
    assert "| a |" in md and "> 60 s" in md
    assert json.loads((tmp_path / "benchmarks.json").read_text())["runs"] == 5


def test_memory_target_takes_the_largest_step():
    size = {"build_peak_mb": 900.0, "load_oxigraph_peak_mb": 500.0, "gaps_peak_mb": 2100.0}
    value, target, unit, smaller, note = bench._peak_of(size)
    assert (value, target, unit, smaller) == (2100.0, 2048, "MB", True)
    assert note.startswith("largest: gap analysis;") and "build 900" in note
    assert bench._peak_of({})[0] is None


def test_validation_section_puts_both_paths_side_by_side():
    size = {"label": "1m", "triples": 1_000_000, "gaps_read_s": 10.0, "gaps_read_naive_s": 46.0,
            "gaps_read_naive_runs": 1, "hygiene_s": 8.0, "hygiene_naive_s": 16.0, "coverage_s": 20.0,
            "coverage_naive_s": 28.0, "hygiene_shacl_results": 0, "hygiene_naive_shacl_results": 0,
            "coverage_shacl_results": 39217, "coverage_naive_shacl_results": 39217, "gaps_peak_mb": 1338.0,
            "gaps_naive_peak_mb": 2396.0}
    rows = [x for x in bench._gaps_section({"runs": 5, "sizes": [size]}) if x.startswith("| 1m |")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[2:5] == ["10.00", "46.00¹", "4.6"]  # read, read by rdflib (run once), ratio
    assert cells[11:14] == ["38.00", "90.00", "2.4"]  # from file on both paths and the ratio
    assert "(**differ**)" not in rows[0] and cells[-1] == "1,338 / 2,396"
    size["coverage_naive_shacl_results"] = 39216
    assert "(**differ**)" in "".join(bench._gaps_section({"runs": 5, "sizes": [size]}))
    assert bench._gaps_section({"runs": 5, "sizes": [{"label": "x", "queries": {}}]}) == []


@pytest.mark.slow
def test_a_tiny_run_validates_on_both_paths(tmp_path):
    docs, work = tmp_path / "docs", tmp_path / "work"
    proc = subprocess.run([sys.executable, "-m", "kg", "bench", "run", "--sizes", "2k", "--runs", "1", "--no-real",
                           "--skip", "app,server,entitlements,rdflib", "--docs", str(docs), "--work", str(work),
                           "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    s = json.loads((docs / "benchmarks.json").read_text())["sizes"][0]
    assert "gaps_error" not in s and "gaps_naive_error" not in s
    for key in ("gaps_read", "hygiene", "coverage"):
        assert s[f"{key}_s"] > 0 and s[f"{key}_naive_s"] > 0, key
    assert s["coverage_shacl_results"] == s["coverage_naive_shacl_results"] > 0  # the same violations found
    assert s["hygiene_shacl_results"] == s["hygiene_naive_shacl_results"]
    assert s["coverage_gaps"] > 0 and s["gaps_peak_mb"] > 0 and s["gaps_naive_peak_mb"] > 0
    assert "## Validation: Jaring's path against rdflib and pySHACL" in (docs / "benchmarks.md").read_text()


def test_report_is_written_again_from_the_json_alone(tmp_path):
    q = {"a": {"oxigraph_ms": 2.0, "rdflib_ms": 40.0}}
    results = {"date": "2026-01-01T00:00:00Z", "machine": bench.machine(), "runs": 5, "seed": 42,
               "targets": bench.TARGETS, "sizes": [{"label": "1m", "triples": 1_000_000, "queries": q,
                                                     "hygiene_s": 9.0, "coverage_s": 20.0, "gaps_read_s": 10.0}]}
    (tmp_path / "benchmarks.json").write_text(json.dumps(results))
    proc = subprocess.run([sys.executable, "-m", "kg", "bench", "report", "--docs", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    md = (tmp_path / "benchmarks.md").read_text()
    assert "| 1M triples: gap analysis < 60 s (hygiene + coverage) | 29.0 s | yes | reading the graph" in md
    assert "| 1m | 1,000,000 | 10.00 | – |" in md  # the validation table, the naive path not measured
    assert json.loads((tmp_path / "benchmarks.json").read_text())["assessment"]  # judged again, figures kept
    (tmp_path / "benchmarks.json").write_text("{")
    proc = subprocess.run([sys.executable, "-m", "kg", "bench", "report", "--docs", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "benchmarks.json" in proc.stderr


def test_validation_section_explains_how_results_grow():
    def size(label, triples, results, laws):
        return {"label": label, "triples": triples, "coverage_s": 1.0, "coverage_shacl_results": results,
                "synth": {"plan": {"provinces": 38, "regencies": 514, "regional_laws": laws}}}
    big = dict(size("5m", 5_000_000, 1_000_000, 16_560), gaps_read_peak_mb=3000.0, gaps_peak_mb=13000.0)
    text = "\n".join(bench._gaps_section({"runs": 5, "sizes": [size("1m", 1_000_000, 40_000, 3312), big]}))
    assert "1m 40,000 (40.0, 6.0 regional laws per region); 5m 1,000,000 (200.0, 30.0 regional laws" in text
    assert ("10,000 MB of the 13,000 MB peak came after the graph was read: the helper facts, the validation and "
            "its 1,000,000 results") in text
    assert "once per regional instrument and victim profile" in text  # how disagreements are counted now
    # a size measured again shows the figures it replaced beside its own (issue 15 item 8)
    again = dict(big, gaps_read_s=2.0, previous={"triples": 4_700_000, "gaps_read_s": 50.0, "coverage_s": 400.0,
                                                 "gaps_peak_mb": 17000.0, "coverage_shacl_results": 1_200_000,
                                                 "date": "2026-11-24", "load_average": [[0.5], [1.0]]})
    text = "\n".join(bench._gaps_section({"runs": 5, "sizes": [again]}))
    assert "| 5m | 4,700,000 / 5,000,000 | 50.00 / 2.00 | 400.00 / 1.00 | 450.00 / 3.00 |" in text
    assert "| 255.3 / 200.0 | 2026-11-24" in text
    assert bench._report_cost({"label": "x", "gaps_peak_mb": 10.0, "gaps_read_peak_mb": 20.0,
                               "coverage_shacl_results": 5}) == ""


def test_merging_keeps_unmeasured_sizes_marked_with_their_run():
    old = {"date": "2026-01-01T00:00:00Z", "machine": {"load_average_at_start": [0.5, 0.6, 0.7]},
           "load_average_at_end": [1.0, 1.0, 1.0],
           "sizes": [{"label": "1m", "triples": 10**6}, {"label": "5m", "triples": 5 * 10**6, "queries": {}},
                     {"label": "10k", "triples": 10**4, "queries": {}, "from_earlier_run": "2025-12-01T00:00:00Z"}]}
    new = {"sizes": [{"label": "1m", "triples": 999_999, "queries": {}},
                     {"label": "real", "triples": 20_000, "queries": {}}]}
    bench.merge_earlier(new, old)
    assert [s["label"] for s in new["sizes"]] == ["real", "10k", "1m", "5m"]
    by = {s["label"]: s for s in new["sizes"]}
    assert "from_earlier_run" not in by["1m"] and by["1m"]["triples"] == 999_999  # measured now: replaced
    assert by["5m"]["from_earlier_run"] == "2026-01-01T00:00:00Z"
    assert by["5m"]["earlier_run_load_average"] == [[0.5, 0.6, 0.7], [1.0, 1.0, 1.0]]
    assert by["10k"]["from_earlier_run"] == "2025-12-01T00:00:00Z"  # kept twice: its own run
    md = bench.render_md(dict(new, date="d", machine=bench.machine(), runs=5), None)
    assert "5m: 2026-01-01T00:00:00Z, load average [0.5, 0.6, 0.7] at its start and [1.0, 1.0, 1.0]" in md


def test_a_size_measured_again_keeps_the_figures_it_replaces():
    old = {"date": "D0", "machine": {"load_average_at_start": [1.0]}, "load_average_at_end": [2.0],
           "sizes": [{"label": "5m", "triples": 10, "coverage_s": 400.0, "gaps_peak_mb": 17000.0},
                     {"label": "1m", "triples": 5, "coverage_s": 5.0}]}
    res = {"sizes": [{"label": "5m", "triples": 11, "coverage_s": 100.0}]}
    bench.merge_earlier(res, old)
    five = next(s for s in res["sizes"] if s["label"] == "5m")
    assert five["coverage_s"] == 100.0
    assert five["previous"] == {"triples": 10, "coverage_s": 400.0, "gaps_peak_mb": 17000.0, "date": "D0",
                                "load_average": [[1.0], [2.0]]}
    assert [s.get("from_earlier_run") for s in res["sizes"] if s["label"] == "1m"] == ["D0"]


def test_gaps_again_measures_one_size_on_a_built_graph_and_keeps_the_figures_it_replaces(tmp_path, real_dist):
    """`kg bench gaps-again`: the gap analysis of one size is measured again on a graph already built (the build of
    a 5M graph alone takes longer than the measurement); the replaced figures stay beside the new ones."""
    docs = tmp_path / "docs"
    docs.mkdir()
    src = json.loads((Path(bench.DOCS) / "benchmarks.json").read_text("utf-8"))
    real = next(s for s in src["sizes"] if s["label"] == "real")
    real["coverage_s"] = 999.0  # a figure the new run must replace
    (docs / "benchmarks.json").write_text(json.dumps(src), "utf-8")
    with pytest.raises(ValueError, match="no size 'nope'.*real"):
        bench.remeasure_gaps("nope", real_dist, docs=docs)
    with pytest.raises(ValueError, match="no jaring.nq"):
        bench.remeasure_gaps("real", tmp_path, docs=docs)
    size = bench.remeasure_gaps("real", real_dist, runs=1, docs=docs)
    assert size["previous"]["coverage_s"] == 999.0 and 0 < size["coverage_s"] < 999.0
    assert size["coverage_shacl_results"] > 0 and size["gaps_peak_mb"] > 0
    assert size["gaps_remeasured"]["quads"] > 20000
    text = (docs / "benchmarks.md").read_text("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| real |") and "999.00 /" in line)
    assert size["gaps_remeasured"]["date"] in row
    saved = json.loads((docs / "benchmarks.json").read_text("utf-8"))
    assert next(s for s in saved["sizes"] if s["label"] == "real")["gaps_remeasured"]["date"]
