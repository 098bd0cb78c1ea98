"""The gap engine reads built files with pyoxigraph: the same triples as rdflib's own parser gives."""
from datetime import date

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import gaps
from kg.build.pipeline import build

FILES = ("jaring.nq", "jaring.nt", "jaring.trig", "jaring.ttl")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    build(dist=out)
    return out


def _reference(path) -> set:
    """What rdflib's parser reads from the file (without the ontology graph, as the gap engine wants it)."""
    if path.suffix in (".nq", ".trig"):
        ds = Dataset()
        ds.parse(path, format={".nq": "nquads", ".trig": "trig"}[path.suffix])
        return set(gaps.data_graph(ds))  # a Dataset given: rdflib's triples, the ontology graph left out
    g = Graph()
    g.parse(path)
    return set(g)


def test_every_format_is_covered():
    assert FILES and {f.rsplit(".", 1)[1] for f in FILES} == {s[1:] for s in gaps._OX_FORMATS}


@pytest.mark.parametrize("name", FILES)
def test_same_triples_as_rdflib(dist, name):
    path = dist / name
    ours = set(gaps.data_graph(path))
    assert len(ours) > 10_000
    assert ours == _reference(path)


def test_ontology_graph_is_left_out_and_terms_keep_their_kind(dist):
    g = gaps.data_graph(dist)  # a folder means its jaring.nq
    onto = Graph().parse(dist / "ontology.ttl")
    only_onto = set(onto) - _reference(dist / "jaring.nq")
    assert only_onto and not only_onto & set(g)
    langs = {o.language for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert {"en", "id"} <= langs
    dates = [o for o in g.objects() if isinstance(o, Literal) and o.datatype == XSD.date]
    assert dates and all(isinstance(d.value, date) for d in dates)
    plain = [o for o in g.objects() if isinstance(o, Literal) and o.language is None and o.datatype is None]
    assert plain  # xsd:string literals stay plain, as rdflib reads them


def test_gaps_from_the_file_equal_gaps_from_the_dataset(dist):
    from_file = gaps.find_gaps(dist / "jaring.nq")
    ds = Dataset()
    ds.parse(dist / "jaring.nq", format="nquads")
    assert from_file and [g.to_dict() for g in from_file] == [g.to_dict() for g in gaps.find_gaps(ds)]
