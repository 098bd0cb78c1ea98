"""The one gap cache and the one attachment rule (kg/gaps/cache.py, issue 20): keyed by data version and date,
memory + a per-user cache file; a date not computed is said to be so, never shown as zero gaps; the rule that
attaches gaps to an answer; ``build()`` never runs the gap engine, ``kg build`` writes docs/gaps.md after it."""
from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest

from kg import dist as dist_io
from kg.gaps import cache as gap_cache
from kg.build.pipeline import build
from kg.cli import main
from kg.answers.finder import entitlements
from kg.gaps.cache import AnswerItem, gaps_for_answer
from kg.store.store import open_store

ROOT = Path(__file__).resolve().parent.parent
E = "https://w3id.org/jaring/id/entitlement/"
G = "https://w3id.org/jaring/id/vocab/groups/"
R = "https://w3id.org/jaring/id/region/"


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    gap_cache.clear_memory()
    yield tmp_path / "cache" / "jaring"
    gap_cache.clear_memory()


@pytest.fixture
def small_dist(tmp_path, sources_tree):
    dist = tmp_path / "dist"
    build(sources_tree(), dist=dist)
    return dist


def test_keyed_by_data_version_and_date_in_memory_and_a_user_cache_file(cache_home):
    assert gap_cache.cached("v1", date(2024, 1, 1)) is None
    gap_cache.put("v1", date(2024, 1, 1), [{"kind": "k", "focus": "f"}])
    assert gap_cache.cached("v1", date(2024, 1, 1)) == [{"kind": "k", "focus": "f"}]
    assert gap_cache.cached("v1", date(2015, 1, 1)) is None  # another date
    assert gap_cache.cached("v2", date(2024, 1, 1)) is None  # another build
    assert [p.name for p in cache_home.iterdir()] == ["gaps-v1-2024-01-01.json"]
    gap_cache.clear_memory()  # another process: read from the file
    assert gap_cache.cached("v1", date(2024, 1, 1)) == [{"kind": "k", "focus": "f"}]


def test_computed_once_then_shared_by_the_finder(cache_home, small_dist):
    store = open_store(small_dist, cache=False)
    day = date(2024, 1, 1)
    answer = entitlements({"sex": "female"}, day, store=store)  # default: only cached gaps
    assert answer.gaps == [] and any("gaps: not computed yet" in n for n in answer.notes)  # said, not zero
    computed = gap_cache.gaps_for_dist(small_dist, day)
    assert computed and gap_cache.cached(dist_io.data_version(small_dist), day) == computed
    answer = entitlements({"sex": "female"}, day, store=store)
    assert not any("not computed" in n for n in answer.notes)
    assert answer.get("entitlement/medical").gaps  # the small tree's right has gaps (no delivery recorded)


def test_kg_gaps_fills_the_same_cache(cache_home, small_dist):
    assert main(["gaps", "--dist", str(small_dist), "--out", str(small_dist.parent / "rep"), "--quiet"]) == 0
    assert gap_cache.cached(dist_io.data_version(small_dist), None)


def _gap(kind, focus, value=None, groups=()):
    return {"kind": kind, "focus": focus, "value": value, "groups": [{"iri": g} for g in groups]}


def test_the_attachment_rule():
    gaps = [
        _gap("no-duty-bearer", E + "a"),                         # on entitlement a
        _gap("basis-ended", E + "b", value="uu/1"),              # on b, by its basis
        _gap("not-delivered", E + "c"),                          # on c, which the person is merely not a beneficiary of
        _gap("excluded", E + "d"),                               # on d, which excludes the person
        _gap("no-service", G + "men"),                           # focus: one of their groups
        _gap("group-gap", "https://w3id.org/jaring/id/vocab/services/shelter", groups=[G + "men"]),
        _gap("other-right", E + "z", groups=[G + "men"]),        # about their group, but on another right
        _gap("place", R + "jawa-barat"),
        _gap("elsewhere", R + "bali"),
    ]
    items = [AnswerItem(E + "a", (), ()), AnswerItem(E + "b", ("uu/1",), ()),
             AnswerItem(E + "c", (), ("not-beneficiary",)), AnswerItem(E + "d", (), ("excluded",))]
    per_item, answer = gaps_for_answer(items, {G + "men"}, {R + "jawa-barat", R + "idn"}, gaps)
    assert [g["kind"] for g in per_item[E + "c"]] == ["not-delivered"]  # on the card, not in the answer
    assert {g["kind"] for g in answer} == {"no-duty-bearer", "basis-ended", "excluded", "no-service", "group-gap",
                                           "place"}
    assert answer == sorted(answer, key=lambda g: (g["kind"], g["focus"], str(g["value"])))


def test_build_never_runs_the_gap_engine():
    """No module of the build stage (kg/build/) imports the gap engine, relatively or absolutely."""
    files = sorted((ROOT / "kg" / "build").glob("*.py"))
    assert any(f.name == "pipeline.py" for f in files)
    for path in files:
        for n in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(n, ast.ImportFrom):
                base = {0: [], 1: ["kg", "build"], 2: ["kg"]}[n.level]
                target = ".".join(base + ([n.module] if n.module else []))
                names = {f"{target}.{a.name}" for a in n.names}  # from .. import gaps
                assert not any(t == "kg.gaps" or t.startswith("kg.gaps.") for t in {target, *names}), path.name


def test_kg_build_writes_docs_gaps_md_from_the_written_graph(tmp_path, sources_tree, monkeypatch):
    import kg.build.pipeline
    import kg.gaps

    calls = []
    monkeypatch.setattr(kg.build.pipeline, "is_project_build", lambda s, d: True)
    monkeypatch.setattr(kg.gaps, "write_gaps_doc", lambda source: calls.append(Path(source)))
    dist = tmp_path / "dist"
    assert main(["build", "--sources", str(sources_tree()), "--dist", str(dist), "--quiet"]) == 0
    assert calls == [dist / "jaring.nq"] and dist_io.verify(dist) == []


def test_kg_entitlements_carries_gaps_by_default_and_never_shows_an_uncomputed_date_as_none(cache_home, small_dist,
                                                                                           capsys):
    """Issue 15 item 8: without a cache entry for the date, the answer says where its gaps would be that they were
    not computed (both languages, Markdown and JSON) instead of showing no gaps; once `kg gaps` computed that date,
    the default answer (no --gaps) carries them."""
    args = ["entitlements", "--dist", str(small_dist), "--sex", "female", "--as-of", "2024-01-01"]
    for lang, said in (("en", 'not computed for this graph and date: this is not "no gaps"'),
                       ("id", 'belum dihitung untuk graf dan tanggal ini: ini bukan "tidak ada kesenjangan"')):
        assert main(args + ["--lang", lang]) == 0
        out = capsys.readouterr().out.replace("\\", "")
        assert said in out, out[-1500:]
    assert main(args + ["--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["gaps"] == [] and answer["gaps_computed"] is False
    assert main(["gaps", "--dist", str(small_dist), "--as-of", "2024-01-01", "--out", str(small_dist.parent / "rep"),
                 "--quiet"]) == 0
    capsys.readouterr()
    assert main(args + ["--format", "json"]) == 0  # the default: cached gaps, now there
    answer = json.loads(capsys.readouterr().out)
    assert answer["gaps_computed"] is True and answer["gaps"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "not computed" not in out and "Known gaps" in out
