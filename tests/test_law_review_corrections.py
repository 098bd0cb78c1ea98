"""Records the independent legal review of 2026-12-05 found wrong or overstated, each checked against the seed or the
statutory text and corrected; every test here fails on the record as it stood before the correction."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import JAR

from graph_support import iri, local


def pinpoints(g: Graph, subject: URIRef, doc: str | None = None) -> set[str]:
    out = set()
    for c in g.objects(subject, JAR.source):
        if doc is None or (c, JAR.document, iri(f"source/{doc}")) in g:
            out.add(str(g.value(c, JAR.pinpoint)))
    return out


def texts(g: Graph, s: URIRef, p, lang: str) -> str:
    return " ".join(str(o) for o in g.objects(s, p) if getattr(o, "language", None) == lang)


# --- 1. PP 83/2008: the duty-bearer is the advocate ------------------------------------------------------------

def test_pp83_free_legal_aid_names_advocates_as_duty_bearer(g):
    e = iri("entitlement/pp83-free-legal-aid")
    assert iri("org/advocates") in set(g.objects(e, JAR.dutyBearer))
    assert iri("pp/2008/83/pasal/2") in set(g.objects(e, JAR.legalBasis))
    assert (e, JAR.dutyBearerNamed, None) not in g


def test_pp83_article_2_quotes_the_duty_of_advocates(g):
    w = str(g.value(iri("pp/2008/83/pasal/2"), JAR.wording))
    assert w.startswith("Advokat wajib memberikan Bantuan Hukum Secara Cuma-Cuma")
    assert pinpoints(g, iri("pp/2008/83/pasal/2"), "text-pp-2008-83")


def test_pp83_answer_within_three_days_is_a_deadline(g):
    node = g.value(iri("entitlement/pp83-free-legal-aid"), JAR.deadline)
    assert node is not None and int(g.value(node, JAR.days)) == 3
    assert g.value(node, JAR.legalBasis) == iri("pp/2008/83/pasal/7/ayat/1")


def test_pp83_obligation_bearer_is_the_advocates_institution(g):
    assert iri("org/advocates") in set(g.objects(iri("obligation/pp83-advocates-free-legal-aid"), JAR.bearer))


# --- 2. UU 11/2009 Article 6 is lettered a-d -------------------------------------------------------------------

@pytest.mark.parametrize("n", ["1", "2", "3", "4"])
def test_uu11_article_6_has_no_numbered_points(g, n):
    assert (iri(f"uu/2009/11/pasal/6/angka/{n}"), None, None) not in g


@pytest.mark.parametrize("letter,wording", [("a", "rehabilitasi sosial"), ("b", "jaminan sosial"),
                                            ("c", "pemberdayaan sosial"), ("d", "perlindungan sosial")])
def test_uu11_article_6_points_follow_the_statute(g, letter, wording):
    s = iri(f"uu/2009/11/pasal/6/huruf/{letter}")
    assert (s, RDF.type, JAR.Provision) in g
    assert str(g.value(s, JAR.wording)) == wording
    assert pinpoints(g, s, "text-uu-2009-11") == {f"Pasal 6 huruf {letter}"}


# --- 3. West Java regencies and cities -------------------------------------------------------------------------

def test_jabar_24_stays_the_reports_claim_and_is_flagged_against_27(g):
    stat = iri("stat/jabar-districts-total-2014")
    assert int(g.value(stat, JAR.value)) == 24
    assert "27" in texts(g, stat, JAR.scope, "en")
    d = iri("discrepancy/jabar-districts-total")
    assert stat in set(g.objects(d, JAR.about))
    values = {str(g.value(c, JAR.value)) for c in g.objects(d, JAR.claim)}
    assert values == {"24", "27 (18 regencies and 9 cities)"}


def test_no_local_regulation_finding_does_not_say_neither(g):
    en = texts(g, iri("finding/no-local-regulation-or-task-force"), JAR.statement, "en")
    assert "neither" not in en and "one or both" in en


# --- 4. Law 21/2007: Art 46 is no basis of the shelter duty; Art 52(2) and 57(2) name regional governments -----

@pytest.mark.parametrize("record", ["entitlement/uu21-shelter-trauma-centre", "obligation/uu21-shelters-trauma-centres"])
def test_shelter_duty_rests_on_article_52_not_46(g, record):
    basis = {local(o) for o in g.objects(iri(record), JAR.legalBasis)}
    assert "uu/2007/21/pasal/46" not in basis
    assert "uu/2007/21/pasal/52/ayat/2" in basis


def test_shelter_right_binds_district_governments_too(g):
    bearers = {local(o) for o in g.objects(iri("entitlement/uu21-shelter-trauma-centre"), JAR.dutyBearer)}
    assert {"org/government", "org/provincial-governments", "org/district-governments"} <= bearers
    bearers = {local(o) for o in g.objects(iri("obligation/uu21-shelters-trauma-centres"), JAR.bearer)}
    assert "org/district-governments" in bearers


def test_article_57_duty_binds_all_regional_governments(g):
    ob = iri("obligation/uu21-policies-programmes-budgets")
    assert "org/district-governments" in {local(o) for o in g.objects(ob, JAR.bearer)}
    assert iri("uu/2007/21/pasal/57/ayat/2") in set(g.objects(ob, JAR.legalBasis))
    assert str(g.value(iri("uu/2007/21/pasal/57/ayat/2"), JAR.wording)).startswith("Pemerintah dan Pemerintah Daerah")


def test_article_51_and_or_is_recorded_as_a_translation_choice(g):
    c = iri("vocab/conditions/hardship")
    assert "baik fisik maupun psikis" in texts(g, c, SKOS.scopeNote, "en")
    assert "Pilihan terjemahan" in texts(g, c, SKOS.scopeNote, "id")
    p = iri("uu/2007/21/pasal/51/ayat/1")
    assert "Translation choice" in texts(g, p, SKOS.scopeNote, "en")
    assert "Pasal 51 ayat (1)" in pinpoints(g, p, "text-uu-2007-21")


def test_restitution_claimants_include_heirs(g):
    claimants = {local(o) for o in g.objects(iri("entitlement/uu21-restitution"), JAR.claimant)}
    assert {"vocab/groups/trafficking-victims", "vocab/groups/victim-heirs"} <= claimants


def test_witness_protection_names_lpsk_and_police(g):
    # Art 43 (LPSK) stays on the witness-protection right; Art 47 (police, only when threatened) became a right of
    # its own with the `threat` condition (legal review D2), so the police are named there
    e = iri("entitlement/uu21-witness-protection")
    assert {"org/lpsk"} <= {local(o) for o in g.objects(e, JAR.dutyBearer)}
    assert (e, JAR.dutyBearerNamed, None) not in g
    police = iri("entitlement/uu21-police-protection-when-threatened")
    assert {"org/polri"} <= {local(o) for o in g.objects(police, JAR.dutyBearer)}


# --- 5. seed 001 Table 1, org/pptkis, overstated findings and rights -------------------------------------------

def test_table_1_is_not_attributed_to_the_2018_tip_report(g):
    stats = [s for s in g.subjects(JAR.scope, None) if local(s).endswith("-challenges-table-1")]
    assert len(stats) >= 5
    for s in stats:
        assert "cites the US Department of State" not in texts(g, s, JAR.scope, "en")


def test_pptkis_descriptions_agree_and_cite_article_68(g):
    org = iri("org/pptkis")
    en, idn = texts(g, org, SKOS.scopeNote, "en"), texts(g, org, SKOS.scopeNote, "id")
    assert "Article 68(1)" in en and "Pasal 68 ayat (1)" in idn
    assert "typically facilitate" in en and "biasanya memfasilitasi" in idn
    assert "Pasal 68 ayat (1)" in pinpoints(g, org, "text-uu-2004-39")


def test_findings_use_the_sources_words(g):
    def en(fid):
        return texts(g, iri(f"finding/{fid}"), JAR.statement, "en")
    assert "exists only" not in en("shelter-for-men-only-at-rptc")
    assert "centre on women" not in en("sexual-violence-against-men-unseen")
    assert "some felt shy" in en("shyness-with-officials")


def test_jakarta_task_force_rehabilitation_is_uncertain(g):
    assert str(g.value(iri("entitlement/pergub-dki218-rehabilitation"), JAR.certainty)) == "uncertain"


# --- 6. pinpoints -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("record,doc,expected", [
    ("finding/rehabilitation-lacking", "challenges-fight-trafficking-indonesia",
     "section 'The non-typical human trafficking in Indonesia'"),
    ("treaty/un/2000/palermo-protocol", "aqnisyah-azmawati-iom", "Result and Discussion"),
    ("treaty/un/1949/suppression-traffic-persons", "aqnisyah-azmawati-iom", "Result and Discussion"),
    ("treaty/international/1904/white-slave-traffic", "aqnisyah-azmawati-iom", "Result and Discussion"),
    ("stat/transit-irregular-migrants-2014", "aqnisyah-azmawati-iom", "Result and Discussion"),
])
def test_quotes_pinpoint_the_section_they_stand_in(g, record, doc, expected):
    pins = pinpoints(g, iri(record), doc)
    assert pins, f"{record} cites nothing from {doc}"
    assert any(expected in p for p in pins)
    assert not any("Literature" in p or "Anti-trafficking policy" in p for p in pins)


def test_article_51_sentence_is_pinpointed_on_page_34(g):
    d = iri("discrepancy/uu21-article-51-cited-whole-and-paragraph")
    pins = set()
    for c in g.objects(d, JAR.claim):
        pins |= pinpoints(g, c, "nexus-going-home")
    pins |= pinpoints(g, d, "nexus-going-home")
    assert "§4.1, p. 34; fn 25" in pins and "§4.1, p. 35; fn 25" not in pins


# --- 7. further items of the review's consolidated list ---------------------------------------------------------

def test_going_home_is_dated_2016_as_nexus_announced_it(g):
    from rdflib.namespace import DCTERMS
    assert str(g.value(iri("source/nexus-going-home"), DCTERMS.issued)) == "2016"


def test_uu39_insurance_names_the_placement_agency(g):
    e = iri("entitlement/uu39-insurance")
    assert iri("org/pptkis") in set(g.objects(e, JAR.dutyBearer))
    assert str(g.value(iri("uu/2004/39/pasal/68/ayat/1"), JAR.wording)).startswith("Pelaksana penempatan TKI swasta wajib")


@pytest.mark.parametrize("did,about", [
    ("iom-recovery-breakdown-sum", "stat/iom-recovery-over-4-weeks-2005-2010"),
    ("integrated-service-centres-247-level", "stat/ppt-district-challenges"),
])
def test_seed_figures_that_do_not_add_up_are_in_the_discrepancy_register(g, did, about):
    d = iri(f"discrepancy/{did}")
    assert iri(about) in set(g.objects(d, JAR.about))
    assert len(list(g.objects(d, JAR.claim))) == 2


def test_entry_points_do_not_claim_trafficking_identification(g):
    sps = {s for s in g.subjects(RDF.type, None) if local(s).startswith("sp/entry-point-") and "/" not in local(s)[3:]}
    assert len(sps) >= 18
    for s in sps:
        assert iri("vocab/services/identification") not in set(g.objects(s, JAR.offers)), local(s)
        assert iri("vocab/services/shelter") in set(g.objects(s, JAR.offers)), local(s)
