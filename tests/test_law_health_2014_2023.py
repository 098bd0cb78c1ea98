"""Mental health law: Law 18/2014 exists (the seed's 'no mental health law' is kept as its dated claim), and the
mental-health rights of Law 17/2023 that could be read; what Law 17/2023 revokes stays an open question."""
from __future__ import annotations

from datetime import date

from rdflib.namespace import RDF

from kg.namespaces import ELI, JAR

from graph_support import iri, local
from test_store import real_dist  # noqa: F401  (shared session fixture)


def en(g, s, p):
    return " ".join(str(o) for o in g.objects(s, p) if getattr(o, "language", None) == "en")


def test_mental_health_law_2014_is_dated_from_its_text(g):
    s = iri("uu/2014/18")
    assert (s, RDF.type, JAR.LegalInstrument) in g
    assert str(g.value(s, ELI.date_publication)) == "2014-08-07"
    assert "Nomor 185" in str(g.value(s, JAR.gazette))


def test_no_mental_health_law_finding_is_the_reports_dated_claim(g):
    f = iri("finding/no-mental-health-law")
    text = en(g, f, JAR.statement)
    assert "Law 18/2014" in text and "7 August 2014" in text
    assert iri("uu/2014/18") in set(g.objects(f, JAR.concerns)) or any(
        local(o) == "uu/2014/18" for o in g.objects(f, None))
    d = iri("discrepancy/mental-health-law-exists")
    values = {str(g.value(c, JAR.value)) for c in g.objects(d, JAR.claim)}
    assert "No dedicated mental health legislation exists" in values
    assert any("Law 18/2014" in v for v in values)


def test_health_law_2009_summaries_no_longer_say_there_is_no_mental_health_law(g):
    for n in range(145, 152):
        text = en(g, iri(f"uu/2009/36/pasal/{n}"), __import__("rdflib").namespace.SKOS.scopeNote)
        assert "Law 18/2014" in text, n


def test_revocations_of_the_2023_health_law_are_an_open_question_not_a_relation(g):
    assert not list(g.objects(iri("uu/2023/17"), ELI.repeals))
    d = iri("discrepancy/uu-2023-17-revocations")
    assert str(g.value(d, JAR.status)) == "unresolved"


def test_mental_health_facilities_deadline(g):
    ob = iri("obligation/uu18-2014-mental-health-facilities-five-years")
    assert int(g.value(ob, JAR.deadlineDays)) == 1826
    assert iri("uu/2014/18/pasal/89") in set(g.objects(ob, JAR.legalBasis))


def test_mental_health_access_under_the_2023_law_is_offered_from_august_2023(real_dist):
    from kg.answers.finder import entitlements
    from kg.store.store import open_store

    store = open_store(real_dist)
    profile = {"sex": "male", "age_group": "adult", "exploited_abroad": True}
    now = {i.id for i in entitlements(profile, date(2026, 12, 5), store=store, with_gaps=False).entitled}
    before = entitlements(profile, date(2020, 1, 1), store=store, with_gaps=False)
    assert "entitlement/uu17-2023-mental-health-access" in now
    assert "entitlement/uu17-2023-mental-health-access" not in {i.id for i in before.entitled}
    item = before.get("entitlement/uu17-2023-mental-health-access")
    assert "not-in-force" in [r.kind for r in item.reasons]
