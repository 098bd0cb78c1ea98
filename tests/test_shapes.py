"""The shapes themselves: names and messages in both languages, one IRI each, and for every shape a
conforming and a non-conforming fixture that differ in exactly one triple (tests/fixtures/shapes/)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from kg import gaps
from kg.namespaces import SH, SHAPES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SETS = ("hygiene", "coverage")


def _targeted(shapes: Graph) -> list[URIRef]:
    return sorted({s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                   for s in shapes.subjects(p, None)}, key=str)


def _all_targeted():
    out = []
    for name in SETS:
        for shape in _targeted(gaps.shapes_graph(name)):
            out.append((name, shape))
    return out


ALL = _all_targeted()


def variant(text: str, keep: str) -> Graph:
    """The fixture graph keeping the lines marked ``#<keep>`` and dropping those marked with the other tag."""
    drop = "#bad" if keep == "ok" else "#ok"
    lines = [line for line in text.splitlines() if not line.rstrip().endswith(drop)]
    g = Graph()
    g.parse(data="\n".join(lines) + "\n", format="turtle")
    return g


def load_pair(shape_name: str) -> tuple[Graph, Graph]:
    text = (FIXTURES / f"{shape_name}.ttl").read_text("utf-8")
    return variant(text, "ok"), variant(text, "bad")


def results_for(set_name: str, graph: Graph, shape: URIRef) -> list:
    if set_name == "hygiene":
        return [r for r in gaps.validate_hygiene(graph).results if r["shape"] == str(shape)]
    return [g for g in gaps.find_gaps(graph) if g.shape == str(shape)]


def test_both_sets_have_shapes():
    hyg = _targeted(gaps.shapes_graph("hygiene"))
    cov = _targeted(gaps.shapes_graph("coverage"))
    assert len(hyg) >= 20 and len(cov) >= 14


@pytest.mark.parametrize("set_name", SETS)
def test_every_shape_is_named_and_explained_in_both_languages(set_name):
    shapes = gaps.shapes_graph(set_name)
    named = {o for o in shapes.objects(None, SH.node) if isinstance(o, URIRef)}
    for shape in _targeted(shapes) + sorted(named, key=str):
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SHAPES)), shape
        for prop in (SH.name, SH.message):
            langs = {lit.language for lit in shapes.objects(shape, prop)}
            assert {"id", "en"} <= langs, f"{shape}: {prop} in {langs}"


def test_shape_iris_declared_once_across_sets():
    seen = {}
    for set_name in SETS:
        text = (gaps.SHAPES_DIR / f"{set_name}.ttl").read_text("utf-8")
        for m in re.finditer(r"^(jsh:\w+) a ", text, flags=re.M):
            assert m.group(1) not in seen, f"{m.group(1)} declared in {seen.get(m.group(1))} and {set_name}"
            seen[m.group(1)] = set_name
    assert len(seen) >= 30


def test_targeted_shapes_are_not_nested_blank_nodes():
    for set_name in SETS:
        shapes = gaps.shapes_graph(set_name)
        for s in _targeted(shapes):
            assert not isinstance(s, BNode)


def test_every_kind_is_identified_once():
    kinds = []
    for set_name in SETS:
        shapes = gaps.shapes_graph(set_name)
        from rdflib.namespace import DCTERMS
        kinds += [str(shapes.value(s, DCTERMS.identifier)) for s in _targeted(shapes)]
    assert "None" not in kinds and len(kinds) == len(set(kinds))


@pytest.mark.parametrize("set_name,shape", ALL, ids=[str(s).rsplit("/", 1)[-1] for _n, s in ALL])
def test_fixture_pair_differs_in_exactly_one_thing(set_name, shape):
    name = str(shape).rsplit("/", 1)[-1]
    assert (FIXTURES / f"{name}.ttl").exists(), f"no fixture for {name}"
    ok, bad = load_pair(name)
    diff = set(ok) ^ set(bad)
    assert diff, "the two fixtures are identical"
    assert not any(isinstance(x, BNode) for t in diff for x in t)
    if len(diff) == 2:  # one value replaced by another
        (s1, p1, _), (s2, p2, _) = sorted(diff)
        assert (s1, p1) == (s2, p2), diff
    else:
        assert len(diff) == 1, diff


@pytest.mark.parametrize("set_name,shape", ALL, ids=[str(s).rsplit("/", 1)[-1] for _n, s in ALL])
def test_shape_on_its_fixtures(set_name, shape):
    name = str(shape).rsplit("/", 1)[-1]
    ok, bad = load_pair(name)
    assert results_for(set_name, ok, shape) == [], f"{name}: the conforming fixture is reported"
    assert results_for(set_name, bad, shape), f"{name}: the non-conforming fixture is not reported"


def test_hygiene_ignores_inference():
    """Without inference an untyped duty-bearer stays a violation (RDFS ranges would hide it)."""
    ok, bad = load_pair("DutyBearerIsInstitution")
    report = gaps.validate_hygiene(bad)
    assert not report.conforms
    assert any(r["kind"] == "duty-bearer-is-institution" for r in report.results)
    assert (None, RDF.type, None) in ok
