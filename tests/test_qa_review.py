"""QA review of 2026-12-05 (docs/review-2026-12-05.md): rights read side by side with the statute texts. Each test
fails on the record as it stood before the correction."""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.namespaces import JAR

import pytest

from kg.answers.finder import entitlements
from kg.store.store import open_store

from graph_support import iri
from test_store import real_dist  # noqa: F401  (shared session fixture)


@pytest.fixture(scope="module")
def real(real_dist):  # noqa: F811
    return open_store(real_dist)


def _en(g: Graph, s: URIRef, p) -> str:
    return " ".join(str(o) for o in g.objects(s, p) if getattr(o, "language", None) == "en")


# --- 1. UU 13/2006 Art. 5: transport costs and living support are given by LPSK decision, not "state compensation" --

UU13 = iri("entitlement/uu13-transport-and-living-costs")


def test_uu13_transport_costs_rest_on_article_5_not_the_whole_law(g):
    bases = set(g.objects(UU13, JAR.legalBasis))
    for b in ("uu/2006/13/pasal/5/ayat/1/huruf/k", "uu/2006/13/pasal/5/ayat/1/huruf/m", "uu/2006/13/pasal/5/ayat/2",
              "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/m",
              "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/o",
              "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/2"):
        assert iri(b) in bases, b


def test_uu13_transport_costs_need_an_lpsk_decision_and_lpsk_is_the_duty_bearer(g):
    assert iri("vocab/conditions/lpsk-decision") in set(g.objects(UU13, JAR.condition))
    assert set(g.objects(UU13, JAR.dutyBearer)) == {iri("org/lpsk")}


def test_uu13_transport_costs_are_not_called_compensation(g):
    assert "compensation" not in str(g.value(UU13, SKOS.prefLabel) or "").lower()
    assert "ompensasi" not in " ".join(str(o) for o in g.objects(UU13, SKOS.prefLabel)
                                       if getattr(o, "language", None) == "id")
    assert iri("vocab/services/compensation") not in set(g.objects(UU13, JAR.serviceType))


def test_article_5_2_of_both_texts_quotes_the_lpsk_decision(g):
    old = str(g.value(iri("uu/2006/13/pasal/5/ayat/2"), JAR.wording))
    new = str(g.value(iri("uu/2014/31/pasal/i/angka/2/pasal/5/ayat/2"), JAR.wording))
    assert "sesuai dengan keputusan LPSK" in old and "kasus-kasus tertentu" in old
    assert "sesuai dengan Keputusan LPSK" in new
    assert str(g.value(iri("uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/m"), JAR.wording)) == \
        "memperoleh penggantian biaya transportasi sesuai dengan kebutuhan"


# --- 2. UU 21/2007 Arts. 38-40: the child-witness protections are in the text, not only "Articles 28-50" ----------

CHILD = iri("entitlement/uu21-child-witness-protection")


def test_child_witness_protection_cites_articles_38_to_40(g):
    bases = set(g.objects(CHILD, JAR.legalBasis))
    assert {iri("uu/2007/21/pasal/38"), iri("uu/2007/21/pasal/39"), iri("uu/2007/21/pasal/40")} <= bases


def test_child_witness_protection_says_what_the_protections_are(g):
    d = _en(g, CHILD, SKOS.scopeNote)
    for item in ("closed", "accompanied", "recording", "best interests"):
        assert item in d, item
    assert "Articles 28-50" not in d


# --- 3. UU 36/2009: the right to health belongs to "setiap orang", so the label must not say "citizens" -----------

HEALTH = iri("entitlement/uu36-health-care")


def test_uu36_health_care_is_labelled_for_every_person_not_citizens(g):
    label = _en(g, HEALTH, SKOS.prefLabel)
    assert "citizen" not in label.lower() and "every person" in label
    assert iri("vocab/groups/persons") in set(g.objects(HEALTH, JAR.beneficiary))


def test_uu36_health_care_cites_articles_4_5_and_19(g):
    bases = set(g.objects(HEALTH, JAR.legalBasis))
    assert {iri("uu/2009/36/pasal/4"), iri("uu/2009/36/pasal/5/ayat/2"), iri("uu/2009/36/pasal/19")} <= bases
    assert str(g.value(iri("uu/2009/36/pasal/4"), JAR.wording)) == "Setiap orang berhak atas kesehatan."
    assert str(g.value(iri("uu/2009/36/pasal/5/ayat/2"), JAR.wording)).startswith("Setiap orang mempunyai hak")


# --- 4. UU 21/2007 Art. 54(2): foreign victims in Indonesia had no right in the graph ------------------------------

FOREIGN = iri("entitlement/uu21-foreign-victim-protection-and-return")


def test_foreign_victims_have_the_article_54_2_right(g):
    assert set(g.objects(FOREIGN, JAR.legalBasis)) == {iri("uu/2007/21/pasal/54/ayat/2")}
    assert set(g.objects(FOREIGN, JAR.beneficiary)) == {iri("vocab/groups/foreign-victims")}
    assert set(g.objects(FOREIGN, JAR.dutyBearer)) == {iri("org/government")}


def test_foreign_victim_right_does_not_claim_the_state_pays(g):
    """Paragraph 1 (Indonesians abroad) says 'atas biaya negara'; paragraph 2 says nothing about cost."""
    assert iri("vocab/funding/state-budget") not in set(g.objects(FOREIGN, JAR.fundingSource))
    note = _en(g, FOREIGN, JAR.certaintyNote)
    assert "mengupayakan" in note and "wajib" in note


# --- 5. UU 20/2003: compulsory basic education is for citizens ("setiap warga negara") ------------------------------

def test_basic_education_is_for_indonesian_children(g):
    e = iri("entitlement/uu20-basic-education")
    assert set(g.objects(e, JAR.beneficiary)) == {iri("vocab/groups/indonesian-children")}
    assert iri("uu/2003/20/pasal/34/ayat/2") in set(g.objects(e, JAR.legalBasis))
    assert "tanpa memungut biaya" in str(g.value(iri("uu/2003/20/pasal/34/ayat/2"), JAR.wording))


def test_a_foreign_boy_of_14_is_not_told_he_has_the_citizens_right(real):
    a = entitlements({"sex": "male", "age": 14, "nationality": "foreign", "exploited_abroad": False},
                     "2026-12-05", store=real, with_gaps=False)
    assert a.get("uu20-basic-education") in a.not_entitled
    a = entitlements({"sex": "male", "age": 14, "nationality": "indonesian", "exploited_abroad": False},
                     "2026-12-05", store=real, with_gaps=False)
    assert a.get("uu20-basic-education") in a.entitled
