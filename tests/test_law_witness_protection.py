"""Witness and victim protection as the law stands since 2014: Law 13/2006 as amended by Law 31/2014 (LPSK), PP 7/2018,
PP 35/2020 and Supreme Court Regulation 1/2022 — rights the finder offers, with their article, duty-bearer and date."""
from __future__ import annotations

from datetime import date

import pytest
from rdflib.namespace import RDF

from kg.answers.citations import parse
from kg.legal import INSTRUMENT_TYPES, instrument_id
from kg.namespaces import ELI, JAR

from graph_support import iri, local
from test_store import real_dist  # noqa: F401  (shared session fixture)

LPSK_RIGHTS = {
    "uu31-2014-security-protection": "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/a",
    "uu31-2014-identity-confidential": "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/i",
    "uu31-2014-temporary-residence": "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/k",
    "uu31-2014-legal-advice": "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/n",
    "uu31-2014-living-support": "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/o",
    "uu31-2014-accompaniment": "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/p",
    "uu31-2014-medical-assistance": "uu/2014/31/pasal/i/angka/3/pasal/6/ayat/1/huruf/a",
    "uu31-2014-psychosocial-rehabilitation": "uu/2014/31/pasal/i/angka/3/pasal/6/ayat/1/huruf/b",
    "uu31-2014-restitution-through-lpsk": "uu/2014/31/pasal/i/angka/5/pasal/7a/ayat/3",
    "pp7-2018-assistance-for-witnesses": "pp/2018/7/pasal/37/ayat/1",
}


def test_rights_list_is_not_empty():
    assert len(LPSK_RIGHTS) >= 10


@pytest.mark.parametrize("eid,basis", sorted(LPSK_RIGHTS.items()))
def test_lpsk_right_rests_on_its_article_and_binds_lpsk(g, eid, basis):
    e = iri(f"entitlement/{eid}")
    assert (e, RDF.type, JAR.Entitlement) in g
    assert iri(basis) in set(g.objects(e, JAR.legalBasis))
    assert (iri(basis), RDF.type, JAR.Provision) in g
    assert iri("org/lpsk") in set(g.objects(e, JAR.dutyBearer))
    assert str(g.value(e, JAR.validFrom)) >= "2014-10-17"


def test_article_5_rights_need_an_lpsk_decision(g):
    for eid in [k for k, v in LPSK_RIGHTS.items() if "/pasal/5/" in v]:
        assert iri("vocab/conditions/lpsk-decision") in set(g.objects(iri(f"entitlement/{eid}"), JAR.condition))


def test_lpsk_decides_within_seven_days(g):
    node = g.value(iri("entitlement/uu31-2014-security-protection"), JAR.deadline)
    assert int(g.value(node, JAR.days)) == 7
    assert local(g.value(node, JAR.legalBasis)) == "uu/2014/31/pasal/i/angka/18/pasal/29/ayat/1"
    ob = iri("obligation/uu31-2014-lpsk-decides-within-seven-days")
    assert int(g.value(ob, JAR.deadlineDays)) == 7


def test_compensation_of_article_7_is_not_offered_to_trafficking_victims(g):
    """Law 31/2014 gives state compensation only to victims of gross human-rights violations and terrorism."""
    summary = " ".join(str(o) for o in g.objects(iri("uu/2014/31/pasal/i/angka/4/pasal/7/ayat/1"), None)
                       if getattr(o, "language", None) == "en")
    assert "trafficking are not named" in summary
    for e in g.subjects(JAR.legalBasis, iri("uu/2014/31/pasal/i/angka/4/pasal/7/ayat/1")):
        assert iri("vocab/groups/trafficking-victims") not in set(g.objects(e, JAR.beneficiary))


def test_restitution_through_lpsk_goes_to_heirs_when_the_victim_died(g):
    e = iri("entitlement/uu31-2014-restitution-through-lpsk")
    assert iri("vocab/groups/victim-heirs") in set(g.objects(e, JAR.claimant))
    assert iri("uu/2014/31/pasal/i/angka/5/pasal/7a/ayat/6") in set(g.objects(e, JAR.legalBasis))


def test_pp7_2018_is_dated_amended_and_implements_article_7b(g):
    s = iri("pp/2018/7")
    assert str(g.value(s, ELI.date_publication)) == "2018-03-05"
    assert (s, JAR.implements, iri("uu/2014/31/pasal/i/angka/5/pasal/7b")) in g
    assert (iri("pp/2020/35"), ELI.amends, s) in g


def test_perma_is_an_instrument_type_with_labels_and_rank():
    t = INSTRUMENT_TYPES["perma"]
    assert (t.label_id, t.label_en) == ("Peraturan Mahkamah Agung", "Supreme Court Regulation")
    assert t.rank == INSTRUMENT_TYPES["permen"].rank and not t.scoped
    assert instrument_id("perma", 2022, "01") == "perma/2022/1"


def test_kg_cite_reads_perma_1_2022():
    p = parse("Perma 1/2022")
    assert (p.type, p.number, p.year) == ("perma", "1", 2022)


def test_perma_2022_1_in_the_graph(g):
    s = iri("perma/2022/1")
    assert (s, ELI.type_document, iri("vocab/instrument-types/perma")) in g
    assert str(g.value(s, ELI.date_publication)) == "2022-03-01"
    assert "ahli warisnya" in str(g.value(iri("perma/2022/1/pasal/1/angka/5"), JAR.wording))


def test_finder_offers_lpsk_rights_today_but_not_in_2013(real_dist):
    from kg.answers.finder import entitlements
    from kg.store.store import open_store

    store = open_store(real_dist)
    profile = {"sex": "male", "age_group": "adult", "exploited_abroad": True, "identified": True, "witness": True}
    today = entitlements(profile, date(2026, 12, 5), store=store, with_gaps=False)
    before = entitlements(profile, date(2013, 6, 1), store=store, with_gaps=False)
    now = {i.id for i in today.entitled}
    then = {i.id for i in before.entitled}
    for eid in ("uu31-2014-medical-assistance", "uu31-2014-psychosocial-rehabilitation",
                "uu31-2014-restitution-through-lpsk"):
        assert f"entitlement/{eid}" in now
        assert f"entitlement/{eid}" not in then
        assert "not-in-force" in [r.kind for r in before.get(f"entitlement/{eid}").reasons]
