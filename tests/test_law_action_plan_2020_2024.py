"""The 2020-2024 national action plan (Perpres 19/2023), its successor still being drafted in December 2025, and the
Criminal Code articles on trafficking that a reader of Law 21/2007 now needs."""
from __future__ import annotations

from rdflib.namespace import RDF

from kg.namespaces import ELI, JAR

from graph_support import iri, local


def test_action_plan_2020_2024_is_dated_and_expired(g):
    s = iri("perpres/2023/19")
    assert (s, RDF.type, JAR.LegalInstrument) in g
    assert str(g.value(s, ELI.date_document)) == "2023-02-22"
    assert str(g.value(s, ELI.date_no_longer_in_force)) == "2025-01-01"
    assert (s, JAR.implements, iri("perpres/2021/22")) in g


def test_action_plan_articles_cite_their_secondary_source(g):
    for art in ("pasal/2", "pasal/3", "pasal/4", "pasal/7"):
        p = iri(f"perpres/2023/19/{art}")
        docs = {local(g.value(c, JAR.document)) for c in g.objects(p, JAR.source)}
        assert docs & {"source/kompas-perpres-19-2023-ran", "source/sindonews-perpres-19-2023"}, art


def test_successor_plan_still_drafted_in_december_2025(g):
    f = iri("finding/ran-2025-2029-still-being-drafted")
    assert str(g.value(f, JAR.observedFrom)) == "2025-12-04"
    assert iri("perpres/2023/19") in set(g.objects(f, JAR.concerns))


def test_criminal_code_trafficking_articles(g):
    for art in ("pasal/187", "pasal/456", "pasal/457"):
        p = iri(f"uu/2023/1/{art}")
        assert (p, RDF.type, JAR.Provision) in g
        assert str(g.value(p, ELI.first_date_entry_in_force)) == "2026-01-02"
