"""The compiled gap engine (coverage shapes as SPARQL on pyoxigraph, kg/gaps/compiled.py) against the reference,
pySHACL: the same gaps on every fixture pair and on the real graph, as of today and as of a past date."""
from __future__ import annotations

from datetime import date

import pytest

from kg import gaps
from kg.gaps.report import _key

from test_shapes import load_pair
from test_gaps import COVERAGE


def _same(graph, as_of=None):
    a = gaps.find_gaps(graph, as_of=as_of, engine="compiled")
    b = gaps.find_gaps(graph, as_of=as_of, engine="shacl")

    def view(found):
        return sorted((_key(g), g.severity, g.basis, g.message["en"], tuple(e.finding for e in g.evidence))
                      for g in found)
    assert view(a) == view(b)
    return a


@pytest.mark.parametrize("name", COVERAGE)
def test_compiled_equals_pyshacl_on_the_fixtures(name):
    ok, bad = load_pair(name)
    assert not [g for g in _same(ok) if g.shape.endswith("/" + name)]
    assert [g for g in _same(bad) if g.shape.endswith("/" + name)]


def test_compiled_equals_pyshacl_on_the_real_graph(real_graph):
    found = _same(real_graph)
    assert len({g.kind for g in found}) >= 10
    _same(real_graph, as_of=date(2015, 1, 1))  # Law 39/2004 in force: its gaps are current then


def test_every_coverage_shape_is_compiled():
    from kg.gaps.compiled import compile_shapes

    compiled = {str(s).rsplit("/", 1)[-1] for s in compile_shapes(gaps.shapes_graph("coverage"))}
    assert set(COVERAGE) <= compiled
