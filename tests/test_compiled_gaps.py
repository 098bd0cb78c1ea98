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


def test_the_read_store_keeps_every_predicate_a_compiled_check_reads():
    """A graph read from a built file keeps only the triples (data and helper facts) of
    kg.gaps.compiled.store_predicates() in its pyoxigraph store: every predicate of every compiled query (patterns,
    paths, EXISTS filters, targets) must be there, and no query may read a variable predicate (it would need every
    triple)."""
    from kg.gaps.compiled import compile_shapes, query_predicates, store_predicates
    from kg.gaps.model import JDV

    read = set()
    for shape, query in compile_shapes(gaps.shapes_graph("coverage")).items():
        preds = query_predicates(query)
        assert preds is not None, f"{shape} reads a variable predicate"
        read |= preds
    kept = store_predicates()
    assert read <= kept, sorted(map(str, read - kept))
    assert len(read) >= 30 and {JDV.standing, JDV.coveredBySelf} <= read
    assert JDV.coveredByPeer not in kept  # no query reads it; it grows with the square of a region's laws
    assert not any(str(p).startswith(("http://www.w3.org/2000/01/rdf-schema#label", "https://w3id.org/jaring/ontology/source"))
                   for p in kept)


def test_a_new_checks_predicates_come_along_by_themselves():
    """store_predicates() is what the compiled queries mention: a predicate a new check reads is kept without a list
    to update."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from kg.gaps.compiled import PREFIXES, mentioned_iris

    found = mentioned_iris([PREFIXES + """SELECT ?this WHERE { ?this a jar:Entitlement ; jar:newlyRead ?x .
        FILTER NOT EXISTS { ?x <http://example.org/full> "a:b" } ?x jdv:in-force ?y }"""])
    jar, jdv = "https://w3id.org/jaring/ontology/", "https://w3id.org/jaring/shapes/derived#"
    assert {URIRef(jar + "newlyRead"), URIRef("http://example.org/full"), URIRef(jdv + "in-force"), RDF.type} <= found
    assert URIRef(jar + "Entitlement") in found and URIRef("a:b") not in found


def test_query_predicates_sees_every_place_a_predicate_hides():
    from rdflib import URIRef

    from kg.gaps.compiled import query_predicates

    x = "http://example.org/"
    found = query_predicates(f"""SELECT * WHERE {{ ?s <{x}a>/<{x}b>? ?o . OPTIONAL {{ ?s <{x}c> ?c }}
        FILTER NOT EXISTS {{ ?s <{x}d>|^<{x}e> ?y . ?y <{x}f>* ?z }} MINUS {{ ?s <{x}g> ?m }}
        {{ SELECT ?s WHERE {{ ?s <{x}h> ?q }} }} }}""")
    assert found == {URIRef(x + n) for n in "abcdefgh"}
    assert query_predicates("SELECT * WHERE { ?s ?p ?o }") is None
    assert query_predicates(f"SELECT * WHERE {{ ?s <{x}a> ?o FILTER EXISTS {{ ?o ?p ?z }} }}") is None
    assert query_predicates(f"SELECT * WHERE {{ ?s !<{x}a> ?o }}") is None


@pytest.mark.parametrize("name", COVERAGE)
def test_compiled_on_a_graph_read_from_a_file_equals_pyshacl(name, tmp_path):
    """The fixtures written to a file and read back as `kg gaps` reads a built graph: the compiled checks then run
    on the read store (only the predicates they read), pySHACL on the whole graph."""
    ok, bad = load_pair(name)
    for label, graph in (("ok", ok), ("bad", bad)):
        path = tmp_path / f"{label}.nt"
        graph.serialize(path, format="nt")
        read = gaps.data_graph(path)
        assert getattr(read, "_jaring_read_only", False) and len(read) == len(graph)
        found = [g for g in _same(read) if g.shape.endswith("/" + name)]
        assert bool(found) == (label == "bad")
