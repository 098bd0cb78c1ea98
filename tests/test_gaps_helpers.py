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
#: check the helper facts of jsh:JurisdictionDisagreement against (one row per instrument, other instrument,
#: group and service that disagree).
DISAGREEMENT = """
PREFIX jar: <https://w3id.org/jaring/ontology/>
PREFIX jdv: <https://w3id.org/jaring/shapes/derived#>
SELECT DISTINCT ?this ?value ?group ?svc WHERE {
    ?this jdv:sameJurisdictionAs ?value .
    ?e1 jdv:basisInstrument ?this ; jar:serviceType ?svc ; jar:beneficiary ?group .
    ?e2 jdv:basisInstrument ?value ; jar:serviceType ?s2 .
    FILTER (EXISTS { ?svc jdv:broaderOrSelf ?s2 } || EXISTS { ?s2 jdv:broaderOrSelf ?svc })
    FILTER NOT EXISTS {
        ?e3 jdv:basisInstrument ?value ; jar:serviceType ?s3 ; jar:beneficiary ?g3 .
        ?group jdv:broaderOrSelf ?g3 .
        FILTER (EXISTS { ?svc jdv:broaderOrSelf ?s3 } || EXISTS { ?s3 jdv:broaderOrSelf ?svc })
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
    return {(r.this, r.value, r.group, r.svc) for r in view.query(DISAGREEMENT)}


def _disagreements_by_grants(g: Graph) -> set:
    facts = gaps.coverage_facts(g)
    out = set()
    for node, _p, _o in facts.triples((None, RDF.type, JDV.RegionalGrant)):
        addressed = {o for _s, _p, o in facts.triples((node, JDV.addressedBy, None))}
        extended = {o for _s, _p, o in facts.triples((node, JDV.extendedBy, None))}
        for other in addressed - extended:
            out.add((facts.value(node, JDV.grantOf), other, facts.value(node, JDV.grantGroup),
                     facts.value(node, JDV.grantService)))
    return out


def _variants():
    """The jurisdiction fixture, then changed one way or another: narrower and broader services and groups,
    an exclusion, a third instrument, a right resting on a provision."""
    ok, bad = load_pair("JurisdictionDisagreement")
    yield "bad", bad
    yield "ok", ok
    e1, e2 = ID["entitlement/e1"], ID["entitlement/e2"]
    g = _copy(ok)
    g.add((e2, JAR.excludes, ID[GROUPS + "trafficked-men"]))
    yield "an exclusion", g
    g = _copy(bad)
    g.add((ID[SERVICES + "safe-house"], RDF.type, gaps.SKOS.Concept))
    g.add((ID[SERVICES + "safe-house"], gaps.SKOS.broader, ID[SERVICES + "shelter"]))
    g.set((e2, JAR.serviceType, ID[SERVICES + "safe-house"]))
    yield "a narrower service", g
    g = _copy(bad)
    g.set((e1, JAR.beneficiary, ID[GROUPS + "trafficked-men"]))
    yield "a narrower group", g
    g = _copy(bad)
    g.set((e2, JAR.serviceType, ID[SERVICES + "case-management"]))
    yield "another service", g
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


@pytest.mark.parametrize("name,graph", list(_variants()), ids=[n for n, _g in _variants()])
def test_regional_grants_find_what_the_rule_says(name, graph):
    by_query = _disagreements_by_query(graph)
    assert _disagreements_by_grants(graph) == by_query
    found = {(URIRef(gp.focus), URIRef(gp.value)) for gp in gaps.find_gaps(graph)
             if gp.kind == "jurisdiction-disagreement"}
    assert found == {(a, b) for a, b, _g, _s in by_query}


def test_regional_grant_of_the_fixture():
    _ok, bad = load_pair("JurisdictionDisagreement")
    facts = gaps.coverage_facts(bad)
    grants = [s for s, _p, _o in facts.triples((None, RDF.type, JDV.RegionalGrant))
              if facts.value(s, JDV.grantOf) == PERDA]
    assert len(grants) == 1
    grant = grants[0]
    assert facts.value(grant, JDV.grantGroup) == ID[GROUPS + "trafficking-victims"]
    assert facts.value(grant, JDV.grantService) == ID[SERVICES + "shelter"]
    assert facts.value(grant, JDV.addressedBy) == KEPGUB
    assert facts.value(grant, JDV.extendedBy) is None
    ok_facts = gaps.coverage_facts(_ok)
    assert any(True for _t in ok_facts.triples((None, JDV.extendedBy, KEPGUB)))


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
