"""Gaps through time (kg gaps --timeline): a gap opens on the day the law that makes it takes effect and closes
on the day it ends; the chart rows count it."""
from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kg import gaps
from kg.cli import main
from kg.gaps.timeline import chart_rows, later_findings, timeline, timeline_text
from kg.namespaces import ELI, ID, JAR

from test_shapes import load_pair
from test_store import real_dist  # noqa: F401  (shared session fixture)

KEPGUB = ID["kepgub/jawa-barat/2014/63"]


def _dated() -> Graph:
    _ok, bad = load_pair("JurisdictionDisagreement")
    g = Graph()
    for t in bad:
        g.add(t)
    g.add((KEPGUB, ELI.first_date_entry_in_force, Literal("2014-06-01", datatype=XSD.date)))
    g.add((KEPGUB, ELI.date_no_longer_in_force, Literal("2020-01-01", datatype=XSD.date)))
    return g


def test_a_gap_opens_when_its_law_takes_effect_and_closes_when_it_ends():
    steps = timeline(_dated(), since=date(2000, 1, 1), until=date(2025, 1, 1))
    opened = {(s.day, gp.kind) for s in steps for gp in s.opened}
    closed = {(s.day, gp.kind) for s in steps for gp in s.closed}
    assert (date(2014, 6, 1), "jurisdiction-disagreement") in opened
    assert (date(2020, 1, 1), "jurisdiction-disagreement") in closed
    text = timeline_text(steps)
    assert "2014-06-01" in text and "+ [jurisdiction-disagreement]" in text
    rows = [r for r in chart_rows(steps) if r["kind"] == "jurisdiction-disagreement"]
    assert [(r["date"], r["open"], r["opened"], r["closed"]) for r in rows] == [
        ("2014-06-01", 1, 1, 0), ("2020-01-01", 0, 0, 1)]


def _finding(g: Graph, name: str, kind: str, start: str, group, about) -> object:
    from rdflib.namespace import RDF, RDFS

    f = ID[f"finding/{name}"]
    g.add((f, RDF.type, JAR.Finding))
    g.add((f, RDFS.label, Literal(f"{name} (en)", lang="en")))
    g.add((f, RDFS.label, Literal(f"{name} (id)", lang="id")))
    g.add((f, JAR.findingKind, Literal(kind)))
    g.add((f, JAR.observedFrom, Literal(start, datatype=XSD.date)))
    g.add((f, JAR.affectsGroup, group))
    g.add((f, JAR.concerns, about))
    return f


def test_later_findings_show_where_practice_did_not_follow_a_gap_closed_on_paper():
    steps = timeline(_dated(), since=date(2000, 1, 1), until=date(2025, 1, 1))
    step = next(s for s in steps if s.day == date(2020, 1, 1))
    closed = [gp for gp in step.closed if gp.kind == "jurisdiction-disagreement"]
    assert closed and closed[0].value
    group = closed[0].groups[0].iri if closed[0].groups else closed[0].value
    from rdflib import URIRef

    g = _dated()
    other = ID["vocab/groups/somebody-else"]
    want = _finding(g, "after-and-about-it", "gap", "2021-03-01", URIRef(group), KEPGUB)
    _finding(g, "good-news", "good-practice", "2021-03-01", URIRef(group), KEPGUB)  # shows delivery: not listed
    _finding(g, "before-the-change", "gap", "2019-06-01", URIRef(group), KEPGUB)  # before the day: not listed
    _finding(g, "other-group", "gap", "2021-03-01", other, KEPGUB)  # about someone else: not listed
    _finding(g, "other-law", "barrier", "2021-03-01", URIRef(group), ID["uu/2099/1"])  # another law: not listed
    got = later_findings(g, date(2020, 1, 1), {KEPGUB}, closed)
    assert [f["finding"] for f in got] == [str(want)]
    assert got[0]["label"] == {"en": "after-and-about-it (en)", "id": "after-and-about-it (id)"}
    assert got[0]["observed_from"] == "2021-03-01" and got[0]["about"] == [group]
    # and through the timeline itself: the step that closed the gap carries it, in both languages of the text
    steps = timeline(g, since=date(2000, 1, 1), until=date(2025, 1, 1))
    step = next(s for s in steps if s.day == date(2020, 1, 1))
    assert [f["finding"] for f in step.later] == [str(want)]
    assert "! [practice did not follow] 2021-03-01: after-and-about-it (en)" in timeline_text(steps)
    assert "! [praktik tidak mengikuti] 2021-03-01: after-and-about-it (id)" in timeline_text(steps, "id")


def test_the_apps_timeline_chart_is_what_kg_gaps_timeline_json_prints(real_dist, tmp_path, monkeypatch, capsys):
    """One computation, one cache: the app's chart data equals the CLI's JSON for the real graph, and it shows the
    fishers' exclusion opened by Law 39/2004, closed by Law 18/2017, and later findings that practice did not
    follow, in both languages."""
    import json

    from kg.app.timeline import chart_data, chart_frame

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["gaps", "--dist", str(real_dist), "--timeline", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    app = chart_data(real_dist)
    assert app == cli
    fishers = "https://w3id.org/jaring/id/vocab/groups/migrant-fishers"

    def about_fishers(gp):
        return gp["kind"] == "excluded-similar-group" and gp["value"] == fishers
    by_day = {s["day"]: s for s in app["steps"]}
    assert any(about_fishers(gp) for gp in by_day["2004-10-18"]["opened"])  # Law 39/2004 takes effect
    closing = by_day["2017-11-22"]  # Law 18/2017 takes effect
    assert any(about_fishers(gp) for gp in closing["closed"])
    assert any(c["iri"].endswith("/uu/2017/18") or "/uu/2017/18/" in c["iri"] for c in closing["changed"])
    later = {f["finding"].rsplit("/", 1)[-1] for f in closing["later"]}
    assert "tip2023-no-fishing-forced-labour-cases" in later
    assert all(f["observed_from"] >= "2017-11-22" for f in closing["later"])
    for lang, word in (("en", "later findings: practice did not follow"),
                       ("id", "temuan kemudian: praktik tidak mengikuti")):
        frame = chart_frame(app, lang)
        events = set(frame[frame["date"] == "2017-11-22"]["event"])
        assert {"closed", "later"} <= events
        assert word in set(frame.iloc[:, 2])


def test_kg_gaps_timeline_on_the_real_graph(capsys):
    assert main(["gaps", "--timeline", "--since", "2017-01-01", "--as-of", "2018-01-01"]) == 0
    out = capsys.readouterr()
    assert "change date(s)" in out.err


# --- speed without changing a result (issue 15, item 8) ----------------------------------------------------------

def _read_back(tmp_path) -> Graph:
    """The dated fixture written as a built file and read back the way `kg gaps` reads dist/jaring.nq (the fast,
    read-only graph whose pyoxigraph store is kept and updated per date)."""
    path = tmp_path / "jaring.nq"
    path.write_text(_dated().serialize(format="nt"), encoding="utf-8")
    g = gaps.data_graph(path)
    assert getattr(g, "_jaring_read_only", False) and hasattr(g.store, "match")
    return g


def test_the_shared_store_gives_the_results_of_a_fresh_one_on_every_date(tmp_path):
    # dates out of order, so the kept store must hide and show the instrument's triples again (2010: the decree is
    # not yet in force, 2015: in force, 2021: ended) and swap the helper facts each time
    fast = _read_back(tmp_path)
    for day in (date(2015, 1, 1), date(2010, 1, 1), date(2021, 1, 1), date(2015, 1, 1), None, date(2010, 1, 1)):
        plain = _dated()  # an ordinary rdflib graph: a new store filled for this run alone
        want = [gp.to_dict() for gp in gaps.find_gaps(plain, as_of=day)]
        got = [gp.to_dict() for gp in gaps.find_gaps(fast, as_of=day)]
        assert got == want, day
    assert getattr(fast, "_jaring_ox_state", None) is not None  # the kept store was used, not a fresh one


def test_the_read_index_answers_every_pattern_like_rdflibs_store(tmp_path):
    fast, plain = _read_back(tmp_path), _dated()
    assert len(fast) == len(plain) and set(fast) == set(plain)
    s, p, o = next(iter(sorted(plain)))
    for pattern in ((s, None, None), (s, p, None), (s, p, o), (None, p, None), (None, p, o), (None, None, o),
                    (s, None, o), (None, None, None)):
        assert sorted(fast.triples(pattern)) == sorted(plain.triples(pattern)), pattern
    # the order of the objects of one subject and predicate is the file's (Graph.value picks the first)
    for subj in set(plain.subjects()):
        for pred in set(plain.predicates(subj)):
            assert fast.value(subj, pred) in set(plain.objects(subj, pred))


def test_the_timeline_is_cached_by_data_version(tmp_path, monkeypatch):
    from kg.gaps import cache as gap_cache
    import kg.gaps.timeline as tl

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    g = _dated()
    steps = timeline(g, since=date(2000, 1, 1), until=date(2025, 1, 1))
    assert steps
    monkeypatch.setattr(gap_cache.dist_io, "resolve", lambda d: tmp_path)
    monkeypatch.setattr(gap_cache.dist_io, "data_version", lambda d: "v" * 64)
    calls = []
    real = tl.timeline
    monkeypatch.setattr(tl, "timeline", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = gap_cache.timeline_for_dist(tmp_path, since=date(2000, 1, 1), until=date(2025, 1, 1), data=g)
    gap_cache.clear_memory()  # the second answer comes from the file
    second = gap_cache.timeline_for_dist(tmp_path, since=date(2000, 1, 1), until=date(2025, 1, 1), data=g)
    assert calls == [1]
    assert timeline_text(second) == timeline_text(first) == timeline_text(steps)
    assert chart_rows(second) == chart_rows(steps)
    assert gap_cache.timeline_for_dist(tmp_path, since=date(2001, 1, 1), until=date(2025, 1, 1),
                                       compute=False) is None  # another span is another entry


def test_kg_bench_report_keeps_the_gap_timings(tmp_path):
    from kg.ops.bench import GAP_BEGIN, GAP_END, _browser_block

    (tmp_path / "benchmarks.md").write_text(f"# B\n\n{GAP_BEGIN}\n## Whole-process times (gap register)\n{GAP_END}\n",
                                            encoding="utf-8")
    assert "Whole-process times (gap register)" in _browser_block(tmp_path)
