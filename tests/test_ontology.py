"""The ontology is consistent (HermiT via owlready2), round-trips through owlready2, and the data uses only it."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.namespaces import ELI, GRAPHS, ID, JAR
from kg.ops.reason import reason

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = Graph().parse(ROOT / "ontology" / "jaring.ttl")


@pytest.fixture(scope="module")
def real(real_build):
    return real_build


def test_hermit_finds_the_ontology_consistent():
    result = reason(ONTOLOGY)
    assert result.consistent, result.message
    assert result.classes == len(set(ONTOLOGY.subjects(RDF.type, OWL.Class)))


def test_hermit_catches_a_node_typed_with_two_disjoint_classes():
    data = Graph()
    data.add((ID["org/x"], RDF.type, JAR.Institution))
    data.add((ID["org/x"], RDF.type, JAR.Region))
    assert not reason(ONTOLOGY, data).consistent


def test_hermit_finds_the_real_data_consistent_with_the_ontology(real):
    data = Graph()
    for name in ("law", "institutions", "practice", "statistics", "sources"):
        for t in real.dataset.graph(URIRef(GRAPHS[name])):
            data.add(t)
    result = reason(ONTOLOGY, data)
    assert result.consistent, result.message
    assert result.individuals > 10


def _official(*names: str) -> Graph:
    """Typing axioms of the official vocabulary files (npm @vocabulary packages, fetched once; tests/w3c_material)."""
    from rdflib import Dataset

    from kg.ops.reason import typing_axioms
    from w3c_material import vocabulary_file

    merged = Graph()
    for name in names:
        ds = Dataset()
        ds.parse(vocabulary_file(name), format="nquads")
        whole = Graph()
        for ctx in ds.graphs():
            for t in ctx:
                whole.add(t)
        merged += typing_axioms(whole)
    return merged


def _data(real) -> Graph:
    data = Graph()
    for name in ("law", "institutions", "practice", "statistics", "sources"):
        for t in real.dataset.graph(URIRef(GRAPHS[name])):
            data.add(t)
    return data


def test_hermit_finds_the_data_consistent_with_the_official_vocabularies(real):
    """Regression (standards review 2026-12-05): jar:source was a sub-property of prov:wasDerivedFrom (domain
    prov:Entity) and typed 32 programmes and 2 change events, which are prov:Activity — disjoint in PROV-O; and
    jar:succeededBy (institution → institution) also linked rights. HermiT sees it once the official files are in."""
    official = _official("prov", "org", "qb", "skos", "dcterms")
    assert (URIRef("http://www.w3.org/ns/prov#Activity"), OWL.disjointWith,
            URIRef("http://www.w3.org/ns/prov#Entity")) in official
    result = reason(ONTOLOGY + official, _data(real))
    assert result.consistent, result.message


def test_the_official_vocabularies_catch_an_activity_used_as_an_entity():
    """The check can fail: a programme (prov:Activity) derived from a document through prov:wasDerivedFrom."""
    official = _official("prov")
    data = Graph()
    data.add((ID["programme/x"], RDF.type, JAR.Programme))
    data.add((ID["programme/x"], URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), ID["source/y"]))
    assert not reason(ONTOLOGY + official, data).consistent


def test_owlready2_round_trip_keeps_every_class_and_property(tmp_path):
    import owlready2

    world = owlready2.World()
    nt = tmp_path / "o.nt"
    ONTOLOGY.serialize(nt, format="nt", encoding="utf-8")
    onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
    out = tmp_path / "back.nt"
    onto.save(file=str(out), format="ntriples")
    back = Graph().parse(out, format="nt")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        expected = {s for s in ONTOLOGY.subjects(RDF.type, kind) if isinstance(s, URIRef)}
        assert expected, kind
        assert {s for s in back.subjects(RDF.type, kind) if isinstance(s, URIRef)} == expected


def test_every_type_and_property_in_the_data_is_declared_by_the_ontology(real):
    classes = set(ONTOLOGY.subjects(RDF.type, OWL.Class))
    props = set(ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty)) | set(ONTOLOGY.subjects(RDF.type, OWL.AnnotationProperty))
    builtin = {RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               URIRef("http://www.w3.org/2000/01/rdf-schema#comment")}
    undeclared_types, undeclared_props = set(), set()
    for name in ("vocab", "sources", "law", "institutions", "practice", "statistics"):
        for s, p, o in real.dataset.graph(URIRef(GRAPHS[name])):
            if p == RDF.type and o not in classes:
                undeclared_types.add(o)
            if p not in props and p not in builtin:
                undeclared_props.add(p)
    assert not undeclared_types, sorted(undeclared_types)
    assert not undeclared_props, sorted(undeclared_props)


def test_every_provision_has_one_parent_and_reaches_its_instrument(real):
    law = real.dataset.graph(URIRef(GRAPHS["law"]))
    provisions = set(law.subjects(RDF.type, JAR.Provision))
    assert provisions
    for p in provisions:
        parents = list(law.objects(p, ELI.is_part_of))
        assert len(parents) == 1, (p, parents)
        node, seen = p, set()
        while (node, RDF.type, JAR.LegalInstrument) not in law:
            assert node not in seen, f"part-of cycle at {node}"
            seen.add(node)
            node = next(law.objects(node, ELI.is_part_of))
        assert (p, JAR.inInstrument, node) in law


def test_every_data_iri_lives_under_the_one_base(real):
    from kg.namespaces import BASE

    law = real.dataset.graph(URIRef(GRAPHS["law"]))
    for s in set(law.subjects()):
        assert str(s).startswith(BASE + "id/"), s
