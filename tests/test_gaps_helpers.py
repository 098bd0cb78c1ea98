"""The helper facts the shapes read (namespace jdv:): each one is what the data says, they are validated
together with the data without changing it, and they never reach the built graph."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg import gaps
from kg.namespaces import ID, JAR

from test_shapes import load_pair

JDV = gaps.JDV

#: The jurisdiction-disagreement rule as one SPARQL query over the data and the closure of skos:broader, to
#: check kg/gaps/jurisdiction.py against: an instrument of a region that gives no right covering a victim group
#: that a peer of the region (one with a right for some victim group) covers.
DISAGREEMENT = """
PREFIX jar: <https://w3id.org/jaring/ontology/>
PREFIX jdv: <https://w3id.org/jaring/shapes/derived#>
SELECT DISTINCT ?this ?group WHERE {
    VALUES ?group { <https://w3id.org/jaring/id/vocab/groups/trafficked-men>
                    <https://w3id.org/jaring/id/vocab/groups/trafficked-women> }
    ?this jdv:sameJurisdictionAs ?peer .
    ?e0 jdv:basisInstrument ?this ; jar:beneficiary ?v0 . ?v0 jdv:broaderOrSelf <https://w3id.org/jaring/id/vocab/groups/trafficking-victims> .
    ?e1 jdv:basisInstrument ?peer ; jar:beneficiary ?b1 . ?group jdv:broaderOrSelf ?b1 .
    FILTER NOT EXISTS { ?e1 jar:excludes ?x1 . ?group jdv:broaderOrSelf ?x1 }
    FILTER NOT EXISTS {
        ?e3 jdv:basisInstrument ?this ; jar:beneficiary ?b3 . ?group jdv:broaderOrSelf ?b3 .
        FILTER NOT EXISTS { ?e3 jar:excludes ?x3 . ?group jdv:broaderOrSelf ?x3 }
    }
}"""

PERDA, KEPGUB = ID["perda/jawa-barat/2008/3"], ID["kepgub/jawa-barat/2014/63"]
GROUPS, SERVICES = "vocab/groups/", "vocab/services/"


def _copy(graph: Graph) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    return g


def _disagreements_by_query(g: Graph) -> set:
    view = gaps._View(g, gaps.coverage_facts(g))
    return {(r.this, r.group) for r in view.query(DISAGREEMENT)}


def _variants():
    """The jurisdiction fixture, then changed one way or another: an exclusion, another service (the
    disagreement is about who is covered, whatever the service), a narrower group, a third instrument on a
    provision, a peer about another population (victims of violence, like Jakarta's P2TP2A decree)."""
    ok, bad = load_pair("JurisdictionDisagreement")
    yield "bad", bad
    yield "ok", ok
    e1, e2 = ID["entitlement/e1"], ID["entitlement/e2"]
    g = _copy(ok)
    g.add((e2, JAR.excludes, ID[GROUPS + "trafficked-men"]))
    yield "an exclusion", g
    g = _copy(bad)
    g.set((e2, JAR.serviceType, ID[SERVICES + "case-management"]))
    yield "another service", g
    g = _copy(bad)
    g.set((e1, JAR.beneficiary, ID[GROUPS + "trafficked-men"]))
    yield "a narrower group", g
    g = _copy(bad)
    third = ID["perbup/bogor/2015/1"]
    g.add((third, RDF.type, JAR.LegalInstrument))
    g.add((third, gaps.ELI.jurisdiction, ID["region/jawa-barat"]))
    prov = ID["perbup/bogor/2015/1/pasal/2"]
    g.add((prov, RDF.type, JAR.Provision))
    g.add((prov, JAR.inInstrument, third))
    e3 = ID["entitlement/e3"]
    g.add((e3, RDF.type, JAR.Entitlement))
    g.add((e3, JAR.legalBasis, prov))
    g.add((e3, JAR.serviceType, ID[SERVICES + "shelter"]))
    g.add((e3, JAR.beneficiary, ID[GROUPS + "trafficked-men"]))
    yield "a third instrument", g
    g = _copy(bad)
    g.add((ID[GROUPS + "victims-of-violence"], RDF.type, gaps.SKOS.Concept))
    g.add((ID[GROUPS + "victims-of-violence"], gaps.SKOS.broader, ID[GROUPS + "persons"]))
    g.set((e2, JAR.beneficiary, ID[GROUPS + "victims-of-violence"]))
    yield "another population", g


@pytest.mark.parametrize("name,graph", list(_variants()), ids=[n for n, _g in _variants()])
def test_jurisdiction_rule_finds_what_the_query_says(name, graph):
    by_query = _disagreements_by_query(graph)
    found = {(URIRef(gp.focus), URIRef(gp.value)) for gp in gaps.find_gaps(graph)
             if gp.kind == "jurisdiction-disagreement"}
    assert found == by_query
    if name in ("bad", "another service"):
        assert found == {(KEPGUB, ID[GROUPS + "trafficked-men"])}
    if name == "a narrower group":  # the regulation now covers men only: each leaves out whom the other covers
        assert found == {(KEPGUB, ID[GROUPS + "trafficked-men"]), (PERDA, ID[GROUPS + "trafficked-women"])}
    if name in ("ok", "an exclusion", "another population"):
        assert found == set() if name != "an exclusion" else found == {(KEPGUB, ID[GROUPS + "trafficked-men"])}


def test_one_gap_per_instrument_with_all_its_peers():
    _ok, bad = load_pair("JurisdictionDisagreement")
    g = _copy(bad)
    for i in range(3):  # three more peers covering men: still one gap on the decree, naming all four
        inst, ent = ID[f"perbup/x/2015/{i}"], ID[f"entitlement/x{i}"]
        g.add((inst, RDF.type, JAR.LegalInstrument))
        g.add((inst, gaps.ELI.jurisdiction, ID["region/jawa-barat"]))
        g.add((ent, RDF.type, JAR.Entitlement))
        g.add((ent, JAR.legalBasis, inst))
        g.add((ent, JAR.serviceType, ID[SERVICES + "shelter"]))
        g.add((ent, JAR.beneficiary, ID[GROUPS + "trafficking-victims"]))
    found = [gp for gp in gaps.find_gaps(g) if gp.kind == "jurisdiction-disagreement"]
    assert len(found) == 1 and found[0].focus == str(KEPGUB)
    assert len(found[0].detail["peers"]) == 4


def test_real_jurisdiction_gaps_are_west_java_only(g):
    found = [gp for gp in gaps.find_gaps(g) if gp.kind == "jurisdiction-disagreement"]
    assert [(gp.focus, gp.value) for gp in found] == [(str(KEPGUB), str(ID[GROUPS + "trafficked-men"]))]
    assert found[0].detail["peers"] == ["perda/jawa-barat/2008/3"]
    assert found[0].basis == "documented"  # finding west-java-rules-disagree-on-men


def test_basis_standing_helpers():
    _ok, bad = load_pair("EntitlementOnUnclearBasis")
    facts = gaps.coverage_facts(bad)
    ent = ID["entitlement/e"]
    assert facts.value(ent, JDV.basisUnclear) is not None
    assert facts.value(ent, JDV.basisInForce) is None
    facts = gaps.coverage_facts(_ok)
    assert facts.value(ent, JDV.basisInForce) is not None


def test_label_language_is_the_primary_subtag():
    g = Graph()
    org = ID["org/x"]
    g.add((org, RDF.type, JAR.Institution))
    g.add((org, RDFS.label, Literal("X", lang="id-ID")))
    g.add((org, RDFS.label, Literal("X")))  # no language: counts for neither
    facts = gaps.hygiene_facts(g)
    assert {o for _s, _p, o in facts.triples((org, JDV.labelLanguage, None))} == {Literal("id")}
    results = gaps.validate_hygiene(g).results
    kinds = {r["kind"] for r in results}
    assert "label-en" in kinds and "label-id" not in kinds
    # the helper path is reported as the data property it summarises
    assert {r["path"] for r in results if r["kind"] == "label-en"} == {str(RDFS.label)}


def test_union_classes_of_hygiene():
    ok, _bad = load_pair("DeliveredByProvider")
    facts = gaps.hygiene_facts(ok)
    providers = {s for s, _p, _o in facts.triples((None, RDF.type, JDV.Provider))}
    assert providers and all((p, RDF.type, None) in ok for p in providers)
    ok, _bad = load_pair("ProvisionHasOneParent")
    texts = {s for s, _p, _o in facts.triples((None, RDF.type, JDV.LegalText))} | {
        s for s, _p, _o in gaps.hygiene_facts(ok).triples((None, RDF.type, JDV.LegalText))}
    assert texts == set(ok.subjects(RDF.type, JAR.Provision)) | set(ok.subjects(RDF.type, JAR.LegalInstrument))


def test_validation_leaves_the_graph_as_it_was():
    _ok, bad = load_pair("JurisdictionDisagreement")
    before = set(bad)
    gaps.validate_hygiene(bad)
    gaps.find_gaps(bad)
    gaps.coverage_matrix(bad)
    assert set(bad) == before
    assert not any(str(x).startswith(str(JDV)) for t in bad for x in t)


def test_view_is_read_only_and_shows_both():
    _ok, bad = load_pair("JurisdictionDisagreement")
    facts = gaps.coverage_facts(bad)
    view = gaps._View(bad, facts)
    assert len(view) == len(bad) + len(facts)
    assert (PERDA, JDV.sameJurisdictionAs, KEPGUB) in view
    assert (PERDA, RDF.type, JDV.RegionalInstrument) in view and (PERDA, RDF.type, JAR.LegalInstrument) in view
    assert {JDV.RegionalInstrument, JAR.LegalInstrument} <= set(view.objects(PERDA, RDF.type))
    with pytest.raises(TypeError):
        view.add((PERDA, RDFS.comment, Literal("x")))
    assert gaps.derived_graph(bad).isomorphic(facts.graph())


def test_helper_terms_never_reach_the_built_graph(real_build):
    ns = str(JDV)
    for s, p, o, _c in real_build.dataset.quads((None, None, None, None)):
        assert not any(str(x).startswith(ns) for x in (s, p, o)), (s, p, o)


def test_shapes_are_core_where_the_helpers_allow():
    """The hygiene shapes are SHACL-Core without nested value checks on the large classes; the coverage shapes
    keep SPARQL only where few nodes are checked."""
    hygiene = (gaps.SHAPES_DIR / "hygiene.ttl").read_text("utf-8")
    assert "sh:sparql" not in hygiene and "sh:or" not in re.sub(r"#.*", "", hygiene)
    coverage = gaps.shapes_graph("coverage")
    sparql = {s for s in coverage.subjects(gaps.SH.sparql, None)}
    assert gaps.SHAPES["JurisdictionDisagreement"] not in sparql
    assert gaps.SHAPES["EntitlementOnUnclearBasis"] not in set(coverage.subjects(gaps.SH["or"], None))
