"""The core anti-trafficking law layer: instruments, provisions, entitlements, obligations and discrepancies.

The real sources are built once for this module and queried with rdflib, the way an advocate's question would be
answered: the answer and the citation that supports it.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import ELI, JAR

from graph_support import iri, local


def pinpoints(g: Graph, subject: URIRef, doc: str | None = None) -> set[str]:
    """Pinpoints of every citation attached to ``subject`` (optionally only those of one document)."""
    out = set()
    for c in g.objects(subject, JAR.source):
        if doc is None or (c, JAR.document, iri(f"source/{doc}")) in g:
            out.add(str(g.value(c, JAR.pinpoint)))
    return out


# --- instruments and their relations ---------------------------------------------------------------------------

INSTRUMENTS = [
    ("uu/2007/21", "uu"),
    ("pp/2008/9", "pp"),
    ("perpres/2008/69", "perpres"),
    ("perpres/2021/22", "perpres"),
    ("keppres/2002/88", "keppres"),
    ("permen/menko-pmk/2009/25", "permen"),
    ("ran/idn/2015/2015-2019", "ran"),
    ("spm/kemenpppa/2009/1", "spm"),
    ("sop/kemenpppa/2010/22", "sop"),
    ("uu/2014/23", "uu"),
    ("uu/2006/13", "uu"),
    ("uu/2014/31", "uu"),
]


def test_instrument_list_is_not_empty():
    assert INSTRUMENTS


@pytest.mark.parametrize("path,itype", INSTRUMENTS)
def test_instrument_exists_with_its_type_bilingual_title_and_a_source(g, path, itype):
    s = iri(path)
    assert (s, RDF.type, JAR.LegalInstrument) in g
    assert (s, ELI.type_document, iri(f"vocab/instrument-types/{itype}")) in g
    langs = {t.language for t in (t for x in g.objects(s, ELI.is_realized_by) for t in g.objects(x, ELI.title))}
    assert {"id", "en"} <= langs
    assert pinpoints(g, s), f"{path} carries no citation"


PROVISIONS = [
    "uu/2007/21/pasal/1",
    "uu/2007/21/pasal/51",
    "uu/2007/21/pasal/52",
    "pp/2008/9/pasal/1",
    "uu/2007/21/pasal/1/angka/3",
    "uu/2007/21/pasal/1/angka/14",
    "uu/2007/21/pasal/35",
    "uu/2007/21/pasal/46",
    "uu/2007/21/pasal/46/ayat/2",
    "uu/2007/21/pasal/48",
    "uu/2007/21/pasal/51/ayat/1",
    "uu/2007/21/pasal/51/ayat/2",
    "uu/2007/21/pasal/52/ayat/1",
    "uu/2007/21/pasal/52/ayat/2",
    "uu/2007/21/pasal/52/ayat/3",
    "uu/2007/21/pasal/54",
    "uu/2007/21/pasal/55",
    "uu/2007/21/pasal/57",
    "uu/2007/21/pasal/66",
    "uu/2007/21/penjelasan",
    "uu/2007/21/penjelasan/pasal/51",
    "pp/2008/9/pasal/1/angka/1",
    "pp/2008/9/pasal/1/angka/2",
    "pp/2008/9/pasal/1/angka/3",
    "pp/2008/9/pasal/7",
    "spm/kemenpppa/2009/1/pasal/6",
    "uu/2014/23/pasal/12",
]


def test_provision_list_is_not_empty():
    assert PROVISIONS


@pytest.mark.parametrize("path", PROVISIONS)
def test_provision_exists_with_bilingual_summary_and_citation(g, path):
    s = iri(path)
    assert (s, RDF.type, JAR.Provision) in g
    instrument = g.value(s, JAR.inInstrument)
    assert instrument is not None and path.startswith(local(instrument) + "/")
    assert {t.language for t in g.objects(s, SKOS.scopeNote)} >= {"id", "en"}
    assert pinpoints(g, s)


DEFINITIONS = [
    ("uu/2007/21/pasal/1/angka/3", "victim"),
    ("uu/2007/21/pasal/1/angka/14", "rehabilitation"),
    ("uu/2007/21/penjelasan/pasal/51", "medical rehabilitation"),
    ("uu/2007/21/penjelasan", "social reintegration"),
    ("pp/2008/9/pasal/1/angka/1", "integrated service"),
    ("pp/2008/9/pasal/1/angka/2", "integrated service centre"),
]


def test_definition_list_is_not_empty():
    assert DEFINITIONS


@pytest.mark.parametrize("path,term", DEFINITIONS)
def test_definitions_are_marked_and_quote_their_wording(g, path, term):
    s = iri(path)
    assert (s, RDF.type, JAR.Definition) in g
    assert any(term in str(t) for t in g.objects(s, JAR.definesTerm) if t.language == "en")
    assert g.value(s, JAR.wording) is not None


RELATIONS = [
    ("pp/2008/9", JAR.implements, "uu/2007/21/pasal/46"),
    ("spm/kemenpppa/2009/1", ELI.based_on, "pp/2008/9/pasal/7"),
    ("sop/kemenpppa/2010/22", ELI.based_on, "pp/2008/9/pasal/7"),
    ("uu/2014/31", ELI.amends, "uu/2006/13"),
]


def test_relation_list_is_not_empty():
    assert RELATIONS


@pytest.mark.parametrize("source,prop,target", RELATIONS)
def test_relations_hold_and_are_cited(g, source, prop, target):
    assert (iri(source), prop, iri(target)) in g
    nodes = [n for n in g.subjects(JAR.fromResource, iri(source)) if (n, JAR.toResource, iri(target)) in g]
    assert nodes and all(pinpoints(g, n) for n in nodes)


def test_pp_9_2008_relation_to_article_46_is_backed_by_the_official_text(g):
    node = next(n for n in g.subjects(JAR.fromResource, iri("pp/2008/9"))
                if (n, JAR.toResource, iri("uu/2007/21/pasal/46")) in g)
    assert pinpoints(g, node, "jdih-kemenkeu-pp-2008-9") == {"Menimbang"}
    assert pinpoints(g, node, "nexus-going-home") == {"§4.1"}


def test_spm_1_2009_is_unclear_not_repealed(g):
    s = iri("spm/kemenpppa/2009/1")
    assert g.value(s, JAR.declaredStatus) == iri("vocab/instrument-status/unclear")
    assert g.value(s, ELI.date_no_longer_in_force) is None
    note = " ".join(str(t) for t in g.objects(s, JAR.statusNote) if t.language == "en")
    assert "Law 23/2014" in note and "unclear" in note


# --- advocate questions ----------------------------------------------------------------------------------------

def test_which_articles_grant_medical_rehabilitation(g):
    q = """
    SELECT DISTINCT ?basis WHERE {
      ?e a jar:Entitlement ; jar:serviceType ?svc ; jar:legalBasis ?basis .
      ?basis jar:inInstrument ?law .
    }"""
    rows = g.query(q, initNs={"jar": JAR}, initBindings={
        "svc": iri("vocab/services/medical-rehabilitation"), "law": iri("uu/2007/21")})
    assert {local(r.basis) for r in rows} == {
        "uu/2007/21/pasal/51/ayat/1", "uu/2007/21/penjelasan/pasal/51", "uu/2007/21/pasal/52/ayat/1",
        "uu/2007/21/pasal/46"}
    assert "§4.1, fn 25" in pinpoints(g, iri("uu/2007/21/pasal/51/ayat/1"), "nexus-going-home")


def test_who_may_file_a_claim(g):
    claimants = {local(c).removeprefix("vocab/groups/")
                 for c in g.objects(iri("entitlement/uu21-medical-rehabilitation"), JAR.claimant)}
    assert claimants == {"trafficking-victims", "victim-families", "victim-colleagues", "police-officers",
                         "escort-volunteers", "social-workers"}
    assert pinpoints(g, iri("uu/2007/21/pasal/51/ayat/2"), "nexus-going-home") == {"§4.1, fn 32"}
    conditions = set(g.objects(iri("entitlement/uu21-medical-rehabilitation"), JAR.condition))
    assert iri("vocab/conditions/police-report") in conditions


UU21_RECOVERY = ["uu21-medical-rehabilitation", "uu21-social-rehabilitation", "uu21-return",
                 "uu21-social-reintegration"]


def test_recovery_entitlement_list_is_not_empty():
    assert UU21_RECOVERY


@pytest.mark.parametrize("eid", UU21_RECOVERY)
def test_deadline_after_a_claim_is_seven_days_under_article_52_1(g, eid):
    dl = g.value(iri(f"entitlement/{eid}"), JAR.deadline)
    assert int(g.value(dl, JAR.days)) == 7
    assert g.value(dl, JAR.legalBasis) == iri("uu/2007/21/pasal/52/ayat/1")
    assert "§4.1, fn 33" in pinpoints(g, iri("uu/2007/21/pasal/52/ayat/1"), "nexus-going-home")


def test_which_instrument_implements_article_46(g):
    assert {local(s) for s in g.subjects(JAR.implements, iri("uu/2007/21/pasal/46"))} == {"pp/2008/9"}


def test_what_restitution_covers(g):
    e = iri("entitlement/uu21-restitution")
    assert set(g.objects(e, JAR.legalBasis)) == {iri("uu/2007/21/pasal/48"), iri("uu/2007/21/pasal/48/ayat/1")}
    assert set(g.objects(e, JAR.fundingSource)) == {iri("vocab/funding/offender")}
    assert set(g.objects(e, JAR.condition)) == {iri("vocab/conditions/court-order")}
    summary = next(str(t) for t in g.objects(iri("uu/2007/21/pasal/48"), SKOS.scopeNote) if t.language == "en")
    for item in ("income", "suffering", "medical or psychological treatment", "other losses"):
        assert item in summary
    assert "§4.1, p. 35; fn 29" in pinpoints(g, iri("uu/2007/21/pasal/48"), "nexus-going-home")


def test_which_entitlements_article_54_gives_victims_abroad(g):
    rows = set(g.subjects(JAR.legalBasis, iri("uu/2007/21/pasal/54")))
    ents = {local(r) for r in rows if (r, RDF.type, JAR.Entitlement) in g}
    assert ents == {"entitlement/uu21-protection-abroad", "entitlement/uu21-repatriation-from-abroad"}
    rep = iri("entitlement/uu21-repatriation-from-abroad")
    assert set(g.objects(rep, JAR.dutyBearer)) == {iri("org/indonesian-missions")}
    assert g.value(rep, JAR.cost) == Literal("free")
    assert set(g.objects(rep, JAR.fundingSource)) == {iri("vocab/funding/state-budget")}
    assert pinpoints(g, rep, "nexus-going-home") == {"§5.1, fn 116"}


def test_pp_9_2008_covers_witnesses_as_well_as_victims_for_free(g):
    for svc in ("medical-rehabilitation", "social-rehabilitation", "return", "social-reintegration", "legal-aid"):
        e = iri(f"entitlement/pp9-{svc}")
        groups = set(g.objects(e, JAR.beneficiary))
        assert {iri("vocab/groups/witnesses"), iri("vocab/groups/trafficking-victims")} <= groups
        assert g.value(e, JAR.cost) == Literal("free")


def test_legal_counsel_names_no_duty_bearer(g):
    e = iri("entitlement/uu21-legal-counsel")
    assert g.value(e, JAR.dutyBearerNamed) == Literal(False)
    assert g.value(e, JAR.dutyBearer) is None


def test_uncertain_entitlements_say_why(g):
    uncertain = [e for e in g.subjects(JAR.certainty, Literal("uncertain"))
                 if local(e).startswith(("entitlement/uu21-", "entitlement/pp9-", "entitlement/spm1-"))]
    assert uncertain
    for e in uncertain:
        assert g.value(e, JAR.certaintyNote) is not None


# --- obligations and discrepancies -----------------------------------------------------------------------------

def test_seven_day_obligation(g):
    o = iri("obligation/uu21-seven-day-rehabilitation-duty")
    assert int(g.value(o, JAR.deadlineDays)) == 7
    assert set(g.objects(o, JAR.legalBasis)) == {iri("uu/2007/21/pasal/52/ayat/1")}
    assert iri("entitlement/uu21-return") in set(g.objects(o, JAR.fulfils))


DISCREPANCIES = ["witness-protection-law-number", "nap-2002-instrument-type", "national-task-force-origin",
                 "uu21-article-46-subject", "pp-2008-9-title", "task-force-regulation-type",
                 "nap-2015-2019-status", "sop-22-2010-number"]


def test_discrepancy_list_is_not_empty():
    assert DISCREPANCIES


@pytest.mark.parametrize("did", DISCREPANCIES)
def test_discrepancies_keep_every_claim_with_its_source(g, did):
    d = iri(f"discrepancy/{did}")
    claims = list(g.objects(d, JAR.claim))
    assert len(claims) >= 2
    for c in claims:
        assert pinpoints(g, c), f"claim {c} has no source"


def test_witness_law_number_claims(g):
    d = iri("discrepancy/witness-protection-law-number")
    values = {str(g.value(c, JAR.value)) for c in g.objects(d, JAR.claim)}
    assert values == {"Law 23/2006", "Law 13/2006, as amended by Law 31/2014",
                      "Law 13/2006 on Witness and Victim Protection, named by Law 21/2007 itself"}


def test_layer_size(g):
    mine = ("uu/2007/21", "pp/2008/9", "perpres/2008/69", "perpres/2021/22", "keppres/2002/88",
            "permen/menko-pmk/2009/25", "ran/idn/2015/2015-2019", "spm/kemenpppa/2009/1", "sop/kemenpppa/2010/22",
            "uu/2014/23", "uu/2006/13", "uu/2014/31")
    provisions = [p for p in g.subjects(RDF.type, JAR.Provision) if local(g.value(p, JAR.inInstrument)) in mine]
    assert len(provisions) >= 25
    ents = [e for e in g.subjects(RDF.type, JAR.Entitlement)
            if local(e).startswith(("entitlement/uu21-", "entitlement/pp9-", "entitlement/spm1-",
                                    "entitlement/sop22-", "entitlement/uu13-"))]
    assert len(ents) >= 25
