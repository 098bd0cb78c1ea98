"""The wider legal framework: migrant-worker, social-welfare, health, education, legal-aid, women-and-children,
regional and international instruments, their entitlements, obligations and discrepancies.

The real sources are built once for this module and queried with rdflib, the way an advocate would ask: each answer
comes with the citation that supports it.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import ELI, JAR

from graph_support import iri, local


def citations(g: Graph, subject: URIRef, doc: str | None = None) -> list[URIRef]:
    return [c for c in g.objects(subject, JAR.source)
            if doc is None or (c, JAR.document, iri(f"source/{doc}")) in g]


def pinpoints(g: Graph, subject: URIRef, doc: str | None = None) -> set[str]:
    return {str(g.value(c, JAR.pinpoint)) for c in citations(g, subject, doc)}


def quotes(g: Graph, subject: URIRef) -> str:
    return " ".join(str(g.value(c, JAR.quote) or "") for c in citations(g, subject))


def text_en(g: Graph, subject: URIRef, prop) -> str:
    return " ".join(str(t) for t in g.objects(subject, prop) if t.language == "en")


def basis_instruments(g: Graph, entitlement: URIRef) -> set[str]:
    """The instruments an entitlement rests on, whether cited as a whole or by provision."""
    out = set()
    for b in g.objects(entitlement, JAR.legalBasis):
        out.add(local(g.value(b, JAR.inInstrument) or b))
    return out


# --- instruments -------------------------------------------------------------------------------------------------

INSTRUMENTS = [
    # (id, type, year)
    ("uud/1945/constitution", "uud", 1945),
    ("uu/2004/10", "uu", 2004),
    ("uu/2011/12", "uu", 2011),
    ("uu/2006/12", "uu", 2006),
    ("uu/2013/24", "uu", 2013),
    ("uu/2004/39", "uu", 2004),
    ("uu/2017/18", "uu", 2017),
    ("inpres/2006/6", "inpres", 2006),
    ("perpres/2006/81", "perpres", 2006),
    ("permen/kemensos/2013/22", "permen", 2013),
    ("perpres/2013/45", "perpres", 2013),
    ("pedoman/kemensos/2013/social-protection-migrant-workers", "pedoman", 2013),
    ("pedoman/kemensos/2003/social-assistance-social-security", "pedoman", 2003),
    ("uu/2009/11", "uu", 2009),
    ("uu/2004/40", "uu", 2004),
    ("perpres/2010/15", "perpres", 2010),
    ("sop/kemensos/2012/bsp-rehabilitation-rptc", "sop", 2012),
    ("pedoman/kemensos/2007/rptc-guidelines", "pedoman", 2007),
    ("pedoman/kemensos/2015/social-reintegration-women-victims", "pedoman", 2015),
    ("permen/kemensos/2013/16", "permen", 2013),
    ("uu/2009/36", "uu", 2009),
    ("se/kemenkes/2013/149", "se", 2013),
    ("uu/2003/20", "uu", 2003),
    ("uu/2011/16", "uu", 2011),
    ("pp/2008/83", "pp", 2008),
    ("uu/2004/23", "uu", 2004),
    ("uu/2002/23", "uu", 2002),
    ("uu/2014/35", "uu", 2014),
    ("uu/2008/44", "uu", 2008),
    ("pp/2006/4", "pp", 2006),
    ("spm/kemenpppa/2010/1", "spm", 2010),
    ("sop/kemenpppa/2010/integrated-services-women-children-violence", "sop", 2010),
    ("perda/jawa-barat/2008/3", "perda", 2008),
    ("kepgub/jawa-barat/2014/63", "kepgub", 2014),
    ("kepgub/dki-jakarta/2004/64", "kepgub", 2004),
    ("pergub/dki-jakarta/2010/218", "pergub", 2010),
    ("perda/dki-jakarta/2011/8", "perda", 2011),
    ("treaty/un/2000/palermo-protocol", "treaty", 2000),
    ("uu/2009/14", "uu", 2009),
    ("treaty/un/2000/untoc", "treaty", 2000),
    ("treaty/un/2000/smuggling-protocol", "treaty", 2000),
    ("uu/2009/15", "uu", 2009),
    ("treaty/un/1990/migrant-workers-convention", "treaty", 1990),
    ("uu/2012/6", "uu", 2012),
    ("treaty/asean/2015/actip", "treaty", 2015),
    ("uu/2017/12", "uu", 2017),
    ("treaty/un/1979/cedaw", "treaty", 1979),
    ("uu/1984/7", "uu", 1984),
    ("treaty/un/1949/suppression-traffic-persons", "treaty", 1949),
    ("treaty/international/1904/white-slave-traffic", "treaty", 1904),
    ("keppres/1990/36", "keppres", 1990),
    ("declaration/iom/2014/iom-polri-agreement", "declaration", 2014),
    ("declaration/un/2018/global-compact-migration", "declaration", 2018),
]


def test_instrument_list_is_not_empty():
    assert len(INSTRUMENTS) >= 30


@pytest.mark.parametrize("path,itype,year", INSTRUMENTS)
def test_instrument_exists_with_type_year_bilingual_title_and_citation(g, path, itype, year):
    s = iri(path)
    assert (s, RDF.type, JAR.LegalInstrument) in g
    assert (s, ELI.type_document, iri(f"vocab/instrument-types/{itype}")) in g
    assert str(g.value(s, JAR.year)) == str(year)
    assert {t.language for t in (t for x in g.objects(s, ELI.is_realized_by) for t in g.objects(x, ELI.title))} >= {"id", "en"}
    assert {t.language for t in g.objects(s, SKOS.prefLabel)} >= {"id", "en"}
    assert citations(g, s), f"{path} carries no citation"


RELATIONS = [
    # (from, property, to, a bibliography document that backs the relation)
    ("uu/2017/18", JAR.replaces, "uu/2004/39", "uu-18-2017-text"),
    ("uu/2011/12", JAR.replaces, "uu/2004/10", "nandika-hppu-2016"),
    ("uu/2014/35", ELI.amends, "uu/2002/23", "bphn-uu-35-2014"),
    ("uu/2009/14", JAR.ratifies, "treaty/un/2000/palermo-protocol", "loc-untoc-protocols-2009"),
    ("uu/2009/15", JAR.ratifies, "treaty/un/2000/smuggling-protocol", "uu-15-2009-translation"),
    ("uu/2012/6", JAR.ratifies, "treaty/un/1990/migrant-workers-convention", "dpr-perlak-uu-18-2017"),
    ("uu/2017/12", JAR.ratifies, "treaty/asean/2015/actip", "siregar-actip-2017"),
    ("uu/1984/7", JAR.ratifies, "treaty/un/1979/cedaw", "uu-7-1984-text"),
    ("inpres/2006/6", JAR.implements, "uu/2004/39", "nexus-going-home"),
    ("perpres/2006/81", JAR.implements, "uu/2004/39", "juanda-bnp2tki-2010"),
    ("pp/2006/4", JAR.implements, "uu/2004/23", "nexus-going-home"),
    ("uu/2003/20", ELI.based_on, "uud/1945/constitution", "nexus-going-home"),
    ("perda/jawa-barat/2008/3", JAR.implements, "uu/2007/21", "nexus-going-home"),
    ("kepgub/jawa-barat/2014/63", JAR.implements, "spm/kemenpppa/2009/1", "nexus-going-home"),
    ("kepgub/jawa-barat/2014/63", JAR.implements, "sop/kemenpppa/2010/22", "nexus-going-home"),
    ("pergub/dki-jakarta/2010/218", JAR.followsUp, "uu/2007/21", "nexus-going-home"),
    ("pergub/dki-jakarta/2010/218", JAR.followsUp, "perpres/2008/69", "nexus-going-home"),
]


def test_relation_list_is_not_empty():
    assert RELATIONS


@pytest.mark.parametrize("source,prop,target,doc", RELATIONS)
def test_relation_holds_and_is_cited(g, source, prop, target, doc):
    assert (iri(source), prop, iri(target)) in g
    nodes = [n for n in g.subjects(JAR.fromResource, iri(source)) if (n, JAR.toResource, iri(target)) in g]
    assert len(nodes) == 1
    assert citations(g, nodes[0], doc), f"relation {source} -> {target} is not backed by {doc}"


PROVISIONS = [
    "uu/2004/39/pasal/68",
    "uu/2004/39/pasal/75",
    "uu/2004/39/pasal/75/ayat/2/huruf/b",
    "uu/2004/39/pasal/75/ayat/2/huruf/c",
    "uu/2004/39/pasal/75/ayat/3",
    "uu/2004/39/pasal/76/ayat/1",
    "uu/2004/39/pasal/77/ayat/1",
    "uu/2004/39/pasal/77/ayat/2",
    "uu/2004/39/pasal/78/ayat/1",
    "uu/2004/39/pasal/78/ayat/2",
    "uu/2011/16/pasal/1/angka/1",
    "uu/2011/16/pasal/1/angka/2",
    "uu/2011/16/pasal/1/angka/3",
    "uu/2011/16/pasal/5/ayat/1",
    "uu/2011/16/pasal/5/ayat/2",
    "uu/2011/16/pasal/14/ayat/1/huruf/a",
    "uu/2011/16/pasal/14/ayat/1/huruf/b",
    "uu/2011/16/pasal/14/ayat/1/huruf/c",
    "uu/2011/16/pasal/14/ayat/2",
    "uu/2011/16/pasal/15/ayat/2",
    "uu/2011/16/pasal/16/ayat/1",
    "uu/2011/16/pasal/17/ayat/1",
    "pp/2008/83/pasal/4",
    "permen/kemensos/2013/22/pasal/6",
    "permen/kemensos/2013/22/pasal/7",
    "permen/kemensos/2013/22/pasal/8",
    "permen/kemensos/2013/22/pasal/9",
    "permen/kemensos/2013/22/pasal/12",
    "uu/2009/11/pasal/6",
    "uu/2009/11/pasal/7",
    "uu/2009/11/pasal/9/huruf/a",
    "uu/2009/11/pasal/12",
    "uu/2009/11/pasal/14",
    "uu/2006/12/pasal/23/huruf/i",
    "uu/2009/36/pasal/144",
    "uu/2004/23/pasal/43",
    "perda/jawa-barat/2008/3/pasal/8",
    "perda/jawa-barat/2008/3/pasal/9",
    "pergub/dki-jakarta/2010/218/pasal/4",
    "pergub/dki-jakarta/2010/218/pasal/26",
    "treaty/un/2000/palermo-protocol/article/3",
    "treaty/un/2000/smuggling-protocol/article/3/point/a",
    "treaty/un/1990/migrant-workers-convention/article/67",
    "treaty/asean/2015/actip/article/11",
    "treaty/asean/2015/actip/article/14",
]


def test_provision_list_is_not_empty():
    assert PROVISIONS


@pytest.mark.parametrize("path", PROVISIONS)
def test_provision_exists_with_bilingual_summary_and_citation(g, path):
    s = iri(path)
    assert (s, RDF.type, JAR.Provision) in g
    assert local(g.value(s, JAR.inInstrument)) == path.split("/pasal/")[0].split("/article/")[0]
    assert {t.language for t in g.objects(s, SKOS.scopeNote)} >= {"id", "en"}
    assert citations(g, s)


# --- entitlements ------------------------------------------------------------------------------------------------

ENTITLEMENTS = [
    # (id, an instrument it rests on, a service it gives, a group it is for)
    ("uu39-protection-during-placement", "uu/2004/39", "protection-abroad", "migrant-workers"),
    ("uu39-return-assistance", "uu/2004/39", "return", "migrant-workers"),
    ("uu39-medical-care-during-return", "uu/2004/39", "medical", "migrant-workers"),
    ("uu39-protection-on-return-journey", "uu/2004/39", "return", "migrant-workers"),
    ("uu39-insurance", "uu/2004/39", "migrant-insurance", "migrant-workers"),
    ("uu39-pre-departure-information", "uu/2004/39", "prevention-awareness", "migrant-workers"),
    ("uu39-mission-protection-abroad", "uu/2004/39", "protection-abroad", "migrant-workers"),
    ("permensos22-reception-registration", "permen/kemensos/2013/22", "identification", "exploited-migrant-workers"),
    ("permensos22-temporary-shelter", "permen/kemensos/2013/22", "shelter", "trafficked-migrant-workers"),
    ("permensos22-meals", "permen/kemensos/2013/22", "social-assistance", "exploited-migrant-workers"),
    ("permensos22-medical-care", "permen/kemensos/2013/22", "medical", "trafficked-migrant-workers"),
    ("permensos22-psychosocial-counselling", "permen/kemensos/2013/22", "psychosocial", "trafficked-migrant-workers"),
    ("permensos22-security", "permen/kemensos/2013/22", "return", "exploited-migrant-workers"),
    ("permensos22-return-to-origin", "permen/kemensos/2013/22", "return", "trafficked-migrant-workers"),
    ("permensos22-return-letters", "permen/kemensos/2013/22", "identity-documents", "exploited-migrant-workers"),
    ("permensos22-entry-point-social-assistance", "permen/kemensos/2013/22", "social-rehabilitation",
     "trafficked-migrant-workers"),
    ("permensos22-cash-assistance", "permen/kemensos/2013/22", "social-assistance", "trafficked-migrant-workers"),
    ("permensos22-funeral-assistance", "permen/kemensos/2013/22", "social-assistance", "exploited-migrant-workers"),
    ("perpres45-temporary-shelter", "perpres/2013/45", "shelter", "migrant-workers"),
    ("perpres45-psychological-support", "perpres/2013/45", "psychosocial", "migrant-workers"),
    ("kemensos2013-psychosocial-recovery", "pedoman/kemensos/2013/social-protection-migrant-workers", "psychosocial",
     "migrant-workers"),
    ("kemensos2013-basic-needs", "pedoman/kemensos/2013/social-protection-migrant-workers", "housing",
     "migrant-workers"),
    ("kemensos2013-family-reintegration", "pedoman/kemensos/2013/social-protection-migrant-workers", "reintegration",
     "migrant-workers"),
    ("kemensos2013-business-assistance", "pedoman/kemensos/2013/social-protection-migrant-workers", "business-grant",
     "migrant-workers"),
    ("kemensos2003-group-business-assistance", "pedoman/kemensos/2003/social-assistance-social-security",
     "business-grant", "victims-of-violence"),
    ("inpres6-one-roof-arrival-service", "inpres/2006/6", "return", "migrant-workers"),
    ("cmw-reintegration", "treaty/un/1990/migrant-workers-convention", "reintegration", "migrant-workers"),
    ("uu11-social-rehabilitation", "uu/2009/11", "social-rehabilitation", "vulnerable-persons"),
    ("uu11-social-empowerment", "uu/2009/11", "business-grant", "vulnerable-persons"),
    ("uu11-social-protection", "uu/2009/11", "social-assistance", "vulnerable-persons"),
    ("uu11-social-security", "uu/2009/11", "social-assistance", "poor-persons"),
    ("uu11-legal-assistance", "uu/2009/11", "legal-aid", "vulnerable-persons"),
    ("uu40-social-insurance", "uu/2004/40", "health-insurance", "persons"),
    ("sop-rptc-identification", "sop/kemensos/2012/bsp-rehabilitation-rptc", "identification", "trafficked-women"),
    ("sop-rptc-basic-needs", "sop/kemensos/2012/bsp-rehabilitation-rptc", "shelter", "trafficked-men"),
    ("sop-rptc-medical-care", "sop/kemensos/2012/bsp-rehabilitation-rptc", "medical", "trafficked-women"),
    ("sop-rptc-psychological-counselling", "sop/kemensos/2012/bsp-rehabilitation-rptc", "psychosocial",
     "trafficked-men"),
    ("sop-rptc-life-skills", "sop/kemensos/2012/bsp-rehabilitation-rptc", "vocational-training", "trafficked-women"),
    ("sop-rptc-follow-up", "sop/kemensos/2012/bsp-rehabilitation-rptc", "case-management", "trafficked-men"),
    ("sop-rptc-migrant-workers", "sop/kemensos/2012/bsp-rehabilitation-rptc", "shelter", "migrant-workers"),
    ("pedoman-rptc-counselling", "pedoman/kemensos/2007/rptc-guidelines", "psychosocial", "trafficked-women"),
    ("permensos16-counselling", "permen/kemensos/2013/16", "psychosocial", "trafficking-victims"),
    ("kemensos2015-business-capital", "pedoman/kemensos/2015/social-reintegration-women-victims", "business-grant",
     "trafficked-women"),
    ("uu24-civil-documents", "uu/2013/24", "civil-registration", "persons"),
    ("uu12-citizenship-retention", "uu/2006/12", "citizenship", "victims-abroad"),
    ("uu36-health-care", "uu/2009/36", "medical", "persons"),
    ("uu36-reproductive-health", "uu/2009/36", "medical", "women"),
    ("uu36-mental-health", "uu/2009/36", "psychosocial", "persons"),
    ("se149-free-medical-examination", "se/kemenkes/2013/149", "medical", "trafficking-victims"),
    ("uu20-basic-education", "uu/2003/20", "education", "indonesian-children"),
    ("uu20-vocational-training", "uu/2003/20", "vocational-training", "persons"),
    ("uu16-legal-aid", "uu/2011/16", "legal-aid", "poor-persons"),
    ("pp83-free-legal-aid", "pp/2008/83", "legal-aid", "poor-persons"),
    ("uu23-2004-recovery-assistance", "uu/2004/23", "psychosocial", "victims-of-violence"),
    ("uu23-2004-shelter", "uu/2004/23", "shelter", "victims-of-violence"),
    ("pp4-2006-recovery", "pp/2006/4", "medical", "victims-of-violence"),
    ("spm2010-complaint-handling", "spm/kemenpppa/2010/1", "complaint-handling", "victims-of-violence"),
    ("spm2010-health", "spm/kemenpppa/2010/1", "medical", "victims-of-violence"),
    ("spm2010-social-rehabilitation", "spm/kemenpppa/2010/1", "social-rehabilitation", "victims-of-violence"),
    ("spm2010-legal-aid", "spm/kemenpppa/2010/1", "legal-aid", "victims-of-violence"),
    ("spm2010-repatriation-reintegration", "spm/kemenpppa/2010/1", "reintegration", "victims-of-violence"),
    ("perda-jabar3-shelter", "perda/jawa-barat/2008/3", "shelter", "trafficking-victims"),
    ("perda-jabar3-legal-aid", "perda/jawa-barat/2008/3", "legal-aid", "trafficking-victims"),
    ("perda-jabar3-medical-care", "perda/jawa-barat/2008/3", "medical", "trafficking-victims"),
    ("perda-jabar3-psychological-support", "perda/jawa-barat/2008/3", "psychosocial", "trafficking-victims"),
    ("perda-jabar3-economic-empowerment", "perda/jawa-barat/2008/3", "economic-support", "trafficking-victims"),
    ("perda-jabar3-education", "perda/jawa-barat/2008/3", "education", "trafficking-victims"),
    ("kepgub-jabar63-reintegration-services", "kepgub/jawa-barat/2014/63", "reintegration", "trafficked-women"),
    ("pergub-dki218-rehabilitation", "pergub/dki-jakarta/2010/218", "social-rehabilitation", "trafficking-victims"),
    ("pergub-dki218-repatriation", "pergub/dki-jakarta/2010/218", "return", "trafficking-victims"),
    ("pergub-dki218-social-reintegration", "pergub/dki-jakarta/2010/218", "reintegration", "trafficking-victims"),
    ("kepgub-dki64-p2tp2a-services", "kepgub/dki-jakarta/2004/64", "shelter", "victims-of-violence"),
]


def test_entitlement_list_is_not_empty():
    assert len(ENTITLEMENTS) >= 35


@pytest.mark.parametrize("eid,instrument,service,group", ENTITLEMENTS)
def test_entitlement_rests_on_its_instrument_and_is_cited(g, eid, instrument, service, group):
    s = iri(f"entitlement/{eid}")
    assert (s, RDF.type, JAR.Entitlement) in g
    assert {t.language for t in g.objects(s, SKOS.prefLabel)} >= {"id", "en"}
    assert instrument in basis_instruments(g, s)
    assert (s, JAR.serviceType, iri(f"vocab/services/{service}")) in g
    assert (s, JAR.beneficiary, iri(f"vocab/groups/{group}")) in g
    assert citations(g, s)
    for b in g.objects(s, JAR.legalBasis):
        assert (b, RDF.type, JAR.LegalInstrument) in g or (b, RDF.type, JAR.Provision) in g


UNCERTAIN = ["cmw-reintegration", "uu39-mission-protection-abroad", "permensos16-counselling", "kemensos2015-business-capital", "uu36-mental-health",
             "uu20-vocational-training", "uu23-2004-shelter", "pp4-2006-recovery", "kepgub-dki64-p2tp2a-services"]


def test_uncertain_list_is_not_empty():
    assert UNCERTAIN


@pytest.mark.parametrize("eid", UNCERTAIN)
def test_uncertain_rights_stay_uncertain_and_say_why(g, eid):
    s = iri(f"entitlement/{eid}")
    assert str(g.value(s, JAR.certainty)) == "uncertain"
    assert text_en(g, s, JAR.certaintyNote)


# --- advocate questions ------------------------------------------------------------------------------------------

def test_which_workers_law_39_2004_excludes(g):
    rows = g.query(
        """SELECT DISTINCT ?group WHERE {
             ?e a jar:Entitlement ; jar:legalBasis ?b ; jar:excludes ?group .
             { FILTER(?b = ?law) } UNION { ?b jar:inInstrument ?law }
           }""",
        initNs={"jar": JAR}, initBindings={"law": iri("uu/2004/39")})
    excluded = {local(r.group) for r in rows}
    assert excluded == {"vocab/groups/migrant-seafarers", "vocab/groups/migrant-fishers",
                        "vocab/groups/spa-therapists"}
    insurance = iri("entitlement/uu39-insurance")
    assert any("Seafarers, fishers and Bali spa therapists are excluded" in str(g.value(c, JAR.quote))
               for c in citations(g, insurance, "nexus-going-home"))
    assert "§4.2, Law 39/2004; fn 70" in pinpoints(g, insurance, "nexus-going-home")


def test_what_social_rehabilitation_under_law_11_2009_includes(g):
    art7 = iri("uu/2009/11/pasal/7")
    summary = text_en(g, art7, SKOS.scopeNote)
    for item in ("motivation and psychosocial diagnosis", "vocational training", "mental and spiritual guidance",
                 "psychosocial counselling", "re-socialisation guidance", "referral"):
        assert item in summary, item
    assert (art7, RDF.type, JAR.Definition) in g
    assert "fn 82" in " ".join(pinpoints(g, art7, "nexus-going-home"))
    e = iri("entitlement/uu11-social-rehabilitation")
    services = {local(o) for o in g.objects(e, JAR.serviceType)}
    assert {"vocab/services/social-rehabilitation", "vocab/services/vocational-training"} <= services
    assert (e, JAR.legalBasis, art7) in g
    # the four pillars of Article 6
    art6 = text_en(g, iri("uu/2009/11/pasal/6"), SKOS.scopeNote)
    for pillar in ("social rehabilitation", "social empowerment", "social protection", "social security"):
        assert pillar in art6


def test_which_law_replaced_law_39_2004_and_when(g):
    rows = list(g.query("SELECT ?new WHERE { ?new jar:replaces ?old }", initNs={"jar": JAR},
                        initBindings={"old": iri("uu/2004/39")}))
    assert [local(r.new) for r in rows] == ["uu/2017/18"]
    assert str(g.value(iri("uu/2017/18"), JAR.year)) == "2017"
    assert g.value(iri("uu/2004/39"), JAR.declaredStatus) == iri("vocab/instrument-status/repealed")
    # the repeal takes effect with Law 18/2017, on the day it was promulgated; Article 89(a) makes it
    assert str(g.value(iri("uu/2004/39"), ELI.date_no_longer_in_force)) == "2017-11-22"
    assert g.value(iri("uu/2004/39"), JAR.endedBy) == iri("uu/2017/18/pasal/89/huruf/a")
    assert (iri("uu/2017/18/pasal/89/huruf/a"), ELI.repeals, iri("uu/2004/39")) in g
    node = next(n for n in g.subjects(JAR.fromResource, iri("uu/2017/18")))
    assert citations(g, node, "uu-18-2017-text") and citations(g, node, "migrantcare-uu-18-2017")


def test_which_instrument_ratified_the_palermo_protocol(g):
    rows = list(g.query("SELECT ?law WHERE { ?law jar:ratifies ?t }", initNs={"jar": JAR},
                        initBindings={"t": iri("treaty/un/2000/palermo-protocol")}))
    assert [local(r.law) for r in rows] == ["uu/2009/14"]
    assert "3 February 2009" in text_en(g, iri("uu/2009/14"), SKOS.scopeNote)
    # its number, dates and gazette were read in a transcription of the enacted text (not an official page), and
    # the note says so; the ratification itself is also reported by the Law Library of Congress
    assert "transcription" in text_en(g, iri("uu/2009/14"), JAR.statusNote)
    assert str(g.value(iri("uu/2009/14"), ELI.date_document)) == "2009-03-05"
    assert citations(g, iri("uu/2009/14"), "loc-palermo-ratification-2009")
    assert citations(g, iri("uu/2009/14"), "text-uu-2009-14")


def test_ratifying_laws_of_the_other_conventions(g):
    found = {local(t): local(s) for s, t in g.subject_objects(JAR.ratifies)}
    assert found["treaty/un/1990/migrant-workers-convention"] == "uu/2012/6"
    assert found["treaty/asean/2015/actip"] == "uu/2017/12"
    assert found["treaty/un/2000/smuggling-protocol"] == "uu/2009/15"


def _covers(g: Graph, entitlement: URIRef, group: str) -> bool:
    """True when ``group`` is a beneficiary or falls under one (skos:broader*)."""
    rows = g.query("ASK { ?e jar:beneficiary ?b . ?g skos:broader* ?b }", initNs={"jar": JAR, "skos": SKOS},
                   initBindings={"e": entitlement, "g": iri(f"vocab/groups/{group}")})
    return bool(rows.askAnswer)


def test_who_the_west_java_instruments_cover(g):
    perda = [iri(f"entitlement/perda-jabar3-{x}") for x in ("shelter", "legal-aid", "medical-care",
                                                             "psychological-support", "economic-empowerment",
                                                             "education")]
    for e in perda:
        assert _covers(g, e, "trafficked-men") and _covers(g, e, "trafficked-women")
        assert (e, JAR.condition, iri("vocab/conditions/residence-in-region")) in g
        assert "§5.7" in pinpoints(g, e, "nexus-going-home")
    decree = iri("entitlement/kepgub-jabar63-reintegration-services")
    assert _covers(g, decree, "trafficked-women") and _covers(g, decree, "trafficked-children")
    assert not _covers(g, decree, "trafficked-men")
    assert "§5.7" in pinpoints(g, decree, "nexus-going-home")
    claims = list(g.objects(iri("discrepancy/west-java-coverage-men"), JAR.claim))
    assert len(claims) == 2


def test_what_legal_aid_requires(g):
    pp83 = iri("entitlement/pp83-free-legal-aid")
    assert set(g.objects(pp83, JAR.condition)) == {iri("vocab/conditions/poverty-letter")}
    assert str(g.value(pp83, JAR.cost)) == "free"
    assert "letter stating that they are poor persons" in quotes(g, pp83)
    uu16 = iri("entitlement/uu16-legal-aid")
    assert (uu16, JAR.beneficiary, iri("vocab/groups/poor-persons")) in g
    assert (uu16, JAR.condition, iri("vocab/conditions/poverty-letter")) in g
    assert "cannot fulfill their basic needs" in quotes(g, uu16)
    # Law 16/2011 Article 14(1)(c): the poverty letter comes from the village or ward head where the applicant lives
    art = iri("uu/2011/16/pasal/14/ayat/1/huruf/c")
    assert (uu16, JAR.legalBasis, art) in g
    assert "surat keterangan miskin dari lurah, kepala desa" in str(g.value(art, JAR.wording))
    # the provider must accept or refuse within three working days of a complete application
    deadline = g.value(uu16, JAR.deadline)
    assert int(g.value(deadline, JAR.days)) == 3
    assert g.value(deadline, JAR.legalBasis) == iri("uu/2011/16/pasal/15/ayat/2")


def test_what_the_migrant_insurance_claim_window_is(g):
    e = iri("entitlement/uu39-insurance")
    assert (e, JAR.condition, iri("vocab/conditions/insurance-claim-window")) in g
    assert "twelve months" in text_en(g, e, JAR.duration)
    assert str(g.value(e, JAR.cost)) == "partly-paid"
    assert (e, JAR.legalBasis, iri("uu/2004/39/pasal/68")) in g
    assert "within twelve months of the illness or accident" in quotes(g, e)


def test_who_staffs_and_who_must_form_the_entry_point_task_forces(g):
    e = iri("entitlement/permensos22-temporary-shelter")
    assert set(g.objects(e, JAR.dutyBearer)) == {iri("org/provincial-governments"), iri("org/district-governments")}
    assert (e, JAR.deliveredBy, iri("org/satgas-tkib")) in g
    ob = iri("obligation/permensos22-form-entry-point-task-forces")
    assert (ob, JAR.fulfils, e) in g


def test_citizenship_is_lost_after_five_years_abroad(g):
    art = iri("uu/2006/12/pasal/23/huruf/i")
    assert "five consecutive years" in text_en(g, art, SKOS.scopeNote)
    assert "§5.5, fn 134" in pinpoints(g, art, "nexus-going-home") | pinpoints(g, iri("uu/2006/12"),
                                                                                 "nexus-going-home")


# --- discrepancies -----------------------------------------------------------------------------------------------

DISCREPANCIES = ["uu39-cited-as-uu23-2014", "child-protection-law-number", "west-java-coverage-men", "satgas-ministry",
                 "perpres-81-2006-type", "bnp2tki-founding-instrument", "uu40-2004-title", "actip-title",
                 "actip-prevention", "migrant-workers-convention-title", "uu39-responsible-party"]


def test_discrepancy_list_is_not_empty():
    assert DISCREPANCIES


@pytest.mark.parametrize("did", DISCREPANCIES)
def test_discrepancy_has_two_cited_claims(g, did):
    s = iri(f"discrepancy/{did}")
    assert (s, RDF.type, JAR.Discrepancy) in g
    claims = list(g.objects(s, JAR.claim))
    assert len(claims) >= 2
    for c in claims:
        assert citations(g, c)


def test_child_protection_law_number_follows_the_official_record(g):
    s = iri("discrepancy/child-protection-law-number")
    assert str(g.value(s, JAR.status)) == "resolved-by-official-source"
    assert (iri("uu/2002/23"), RDF.type, JAR.LegalInstrument) in g
    assert (iri("uu/2003/22"), RDF.type, JAR.LegalInstrument) not in g
