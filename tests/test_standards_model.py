"""ELI, SKOS and DCTERMS are used as their own specifications say (standards review 2026-12-05 §2.2 and §3).

Axioms of ELI are transcribed here because no package registry ships the ELI ontology: ELI ontology version 1.2,
http://data.europa.eu/eli/ontology (file ``eli.ttl``, owl:versionInfo "1.2"): ``eli:title`` and ``eli:language``
have ``rdfs:domain eli:LegalExpression``; ``eli:realizes`` links an expression to its legal resource and
``eli:is_realized_by`` is its inverse; ``eli:implements`` carries the note "This property is deprecated. Use
"applies" instead."; ``eli:basis_for`` (inverse of ``eli:based_on``): "Indicates that this legal resource or
expression empowers another. Typically primary legislation is the basis for secondary legislation."; the kinds of
property below (owl:ObjectProperty / owl:DatatypeProperty). SKOS and DCTERMS come from the official files
(npm @vocabulary packages, tests/w3c_material.py)."""
from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from kg.namespaces import ELI, ID, JAR

from test_ontology import ONTOLOGY

#: ELI 1.2 property kinds (transcribed; see the module docstring)
ELI_KINDS = {
    "title": OWL.DatatypeProperty, "id_local": OWL.DatatypeProperty, "number": OWL.DatatypeProperty,
    "is_exemplified_by": OWL.ObjectProperty, "based_on": OWL.ObjectProperty, "realizes": OWL.ObjectProperty,
    "is_realized_by": OWL.ObjectProperty, "language": OWL.ObjectProperty, "amends": OWL.ObjectProperty,
    "repeals": OWL.ObjectProperty, "is_part_of": OWL.ObjectProperty,
}
KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def test_no_deprecated_eli_implements_and_implementing_rules_are_based_on(g):
    assert not list(g.triples((None, ELI.implements, None)))
    pairs = list(g.subject_objects(JAR.implements))
    assert len(pairs) >= 7
    for s, o in pairs:
        assert (s, ELI.based_on, o) in g, (s, o)
    assert (JAR.implements, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), ELI.based_on) in ONTOLOGY


def test_eli_title_sits_on_legal_expressions_one_per_language(g):
    titled = set(g.subjects(ELI.title, None))
    assert titled
    for x in titled:
        assert (x, RDF.type, ELI.LegalExpression) in g, x
        resource = g.value(x, ELI.realizes)
        assert (resource, ELI.is_realized_by, x) in g
        assert (resource, RDF.type, ELI.LegalResource) in g or \
            (resource, RDF.type, ELI.LegalResourceSubdivision) in g
        lang = g.value(x, ELI.language)
        (title,) = list(g.objects(x, ELI.title))
        assert str(lang).endswith({"id": "/IND", "en": "/ENG"}[title.language])
        assert str(x) == f"{resource}/{title.language}"
    uu = ID["uu/2007/21"]
    assert {g.value(x, ELI.title).language for x in g.objects(uu, ELI.is_realized_by)} == {"id", "en"}
    assert "Pemberantasan Tindak Pidana Perdagangan Orang" in str(g.value(ID["uu/2007/21/id"], ELI.title))


def test_eli_id_local_is_unique_and_the_number_is_eli_number(g):
    values: dict[str, list] = {}
    for s, v in g.subject_objects(ELI.id_local):
        values.setdefault(str(v), []).append(s)
    assert values and all(len(v) == 1 for v in values.values())
    for v, (s,) in values.items():
        assert str(s) == str(ID[v])
    assert str(g.value(ID["uu/2007/21"], ELI.number)) == "21"


def test_skos_mappings_link_concepts_not_literals(g):
    for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch):
        assert not [o for o in g.objects(None, p) if isinstance(o, Literal)], p
    assert Literal("HTCDS TypeOfLabourExploitation: Begging") in set(
        g.objects(ID["vocab/exploitation-forms/begging"], JAR.closeCode))


def test_a_literal_close_match_is_refused_with_file_line_and_field(sources_tree):
    from kg.build.pipeline import build_dataset
    from kg.records.load import SourcesInvalid

    bad = ("scheme: sectors\ntitle: {en: Sectors, id: Sektor}\nconcepts:\n"
           "  - {id: fishing, close_match: [\"HTCDS TypeOfLabourExploitation: Fishing\"], "
           "label: {en: Fishing, id: Perikanan}}\n")
    with pytest.raises(SourcesInvalid) as exc:
        build_dataset(sources_tree({"vocab/sectors.yaml": bad}))
    msg = str(exc.value)
    assert "sectors.yaml:4" in msg and "close_match" in msg and "close_code" in msg


def test_dcterms_is_part_of_has_no_literal_value(g):
    assert not [o for o in g.objects(None, DCTERMS.isPartOf) if isinstance(o, Literal)]
    assert g.value(ID["source/siregar-actip-2017"], JAR.venue) is not None


def _official_kinds(name: str) -> dict:
    from w3c_material import vocabulary_file

    ds = Dataset()
    ds.parse(vocabulary_file(name), format="nquads")
    out: dict = {}
    for ctx in ds.graphs():
        for s, _, o in ctx.triples((None, RDF.type, None)):
            if o in KINDS:
                out.setdefault(s, set()).add(o)
    return out


def _official() -> dict:
    official = {**_official_kinds("skos"), **_official_kinds("dcterms")}
    official.update({ELI[k]: {v} for k, v in ELI_KINDS.items()})
    return official


def _kind_clashes(onto: Graph, official: dict) -> tuple[int, list]:
    checked, clashes = 0, []
    for s, _, kind in onto.triples((None, RDF.type, None)):
        if kind in KINDS and s in official:
            checked += 1
            if kind not in official[s]:
                clashes.append((str(s), str(kind)))
    return checked, clashes


def test_external_properties_are_declared_as_the_kind_their_vocabulary_gives():
    checked, clashes = _kind_clashes(ONTOLOGY, _official())
    assert clashes == []
    assert checked >= 15


def test_the_kind_check_catches_a_wrong_redeclaration():
    wrong = Graph()
    wrong.add((SKOS.prefLabel, RDF.type, OWL.DatatypeProperty))
    wrong.add((ELI.is_exemplified_by, RDF.type, OWL.DatatypeProperty))
    assert sorted(_kind_clashes(wrong, _official())[1]) == sorted([
        (str(SKOS.prefLabel), str(OWL.DatatypeProperty)), (str(ELI.is_exemplified_by), str(OWL.DatatypeProperty))])
