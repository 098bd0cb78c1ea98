"""Who delivers: institutions, task forces, service points and programmes.

The real sources are built once for this module and queried with rdflib: every body, place and programme the
seeds name is there with its level and the groups it serves; the national task force has the right chair for
the date asked; and no service point is said to serve men unless a cited source says so.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.namespaces import JAR, ORG

from graph_support import iri, local


def groups(g: Graph, subject: URIRef) -> set[str]:
    return {local(o).rsplit("/", 1)[1] for o in g.objects(subject, JAR.serves)}


def quotes(g: Graph, subject: URIRef) -> list[str]:
    return [str(g.value(c, JAR.quote) or "") for c in g.objects(subject, JAR.source)]


def as_date(lit) -> dt.date | None:
    return dt.date.fromisoformat(str(lit)) if lit is not None else None


# --- institutions the seeds name -------------------------------------------------------------------------------

#: (id, level, a group it serves or None)
INSTITUTIONS = [
    ("president", "national", None),
    ("dpr", "national", None),
    ("government", "national", None),
    ("provincial-governments", "provincial", None),
    ("district-governments", "district", None),
    ("village-governments", "village", None),
    ("kemenko-kesra", "national", None),
    ("kemenko-pmk", "national", None),
    ("kemenko-polhukam", "national", None),
    ("kemenpppa", "national", "women"),
    ("kemensos", "national", "trafficking-victims"),
    ("kemenkes", "national", "trafficking-victims"),
    ("kemnaker", "national", "migrant-workers"),
    ("kemlu", "national", "victims-abroad"),
    ("kemendagri", "national", None),
    ("kemenkumham", "national", None),
    ("kemendikbud", "national", "children"),
    ("bappenas", "national", "poor-persons"),
    ("polri", "national", "trafficking-victims"),
    ("polri-ppa-units", "district", "women"),
    ("polri-hospitals", "national", "trafficking-victims"),
    ("imigrasi", "national", "migrant-workers"),
    ("kejaksaan", "national", None),
    ("courts", "national", "trafficking-victims"),
    ("bnp2tki", "national", "migrant-workers"),
    ("bp2mi", "national", "migrant-workers"),
    ("bp3tki", "provincial", "spa-therapists"),
    ("lpsk", "national", "witnesses"),
    ("bpjs-kesehatan", "national", "poor-persons"),
    ("indonesian-missions", "abroad", "victims-abroad"),
    ("gugus-tugas-pusat", "national", None),
    ("gugus-tugas-provinsi", "provincial", None),
    ("gugus-tugas-kabupaten-kota", "district", None),
    ("p2tp2a", "provincial", "women"),
    ("rptc-network", "national", "men"),
    ("rpsw-network", "national", "women"),
    ("rpsa-network", "national", "children"),
    ("lk3-network", "national", "victim-families"),
    ("legal-aid-organisations", "national", "poor-persons"),
    ("iom", "international", "trafficking-victims"),
    ("ngos", "community", "trafficking-victims"),
    ("kemensos-dit-rehsos-tuna-sosial", "national", "trafficked-women"),
    ("psbr-network", "national", "vulnerable-persons"),
    ("dinas-sosial", "district", "trafficking-victims"),
    ("tnp2k", "national", "poor-persons"),
    ("satgas-tkib", "district", "trafficked-migrant-workers"),
    ("kemenkes-ppt-network", "national", "trafficking-victims"),
    ("pemprov-dki-jakarta", "provincial", None),
    ("bpmpkb-dki-jakarta", "provincial", "women"),
    ("gugus-tugas-dki-jakarta", "provincial", None),
    ("pemprov-jawa-barat", "provincial", "trafficking-victims"),
    ("gugus-tugas-kabupaten-sukabumi", "district", "trafficking-victims"),
    ("polda-kalimantan-barat", "provincial", "trafficking-victims"),
    ("pemkab-sambas", "district", "trafficking-victims"),
    ("sambas-dinas-p3ap2kb", "district", "women"),
    ("gugus-tugas-kabupaten-sambas", "district", "trafficking-victims"),
    ("gugus-tugas-desa-sambas", "village", None),
    ("paralegal-desa-sambas", "village", "women"),
    ("polres-sambas", "district", "trafficking-victims"),
    ("imigrasi-pos-aruk", "subdistrict", "migrant-workers"),
    ("iom-indonesia", "national", "trafficking-victims"),
    ("iom-sambas", "district", "trafficking-victims"),
    ("lbh", "national", "poor-persons"),
    ("peradi", "national", "trafficking-victims"),
    ("unicef", "international", "children"),
    ("save-the-children", "international", "children"),
    ("universitas-gadjah-mada", "national", None),
]


def test_lists_are_not_empty():
    assert len(INSTITUTIONS) >= 60
    assert SERVICE_POINTS and PROGRAMMES


def test_at_least_sixty_institutions(g):
    assert len(set(g.subjects(RDF.type, JAR.Institution))) >= 60


@pytest.mark.parametrize("oid,level,group", INSTITUTIONS)
def test_institution_exists_with_level_and_groups(g, oid, level, group):
    s = iri(f"org/{oid}")
    assert (s, RDF.type, JAR.Institution) in g, oid
    assert (s, JAR.level, iri(f"vocab/levels/{level}")) in g, f"{oid} level"
    labels = {lit.language for lit in g.objects(s, SKOS.prefLabel)}
    assert {"id", "en"} <= labels, f"{oid} needs id and en labels"
    assert list(g.objects(s, JAR.source)), f"{oid} carries no citation"
    if group:
        assert group in groups(g, s), f"{oid} should serve {group}"


def test_every_institution_is_cited_and_bilingual(g):
    for s in g.subjects(RDF.type, JAR.Institution):
        assert list(g.objects(s, JAR.source)), local(s)
        assert {lit.language for lit in g.objects(s, RDFS.label)} >= {"id", "en"}, local(s)


# --- renamings -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("old,new,date", [
    ("kemenko-kesra", "kemenko-pmk", "2014-10-27"),
    ("bnp2tki", "bp2mi", "2019-12-31"),  # Perpres 90/2019 took effect on promulgation (31 Dec)
])
def test_renaming_is_dated(g, old, new, date):
    events = [e for e in g.subjects(ORG.originalOrganization, iri(f"org/{old}"))
              if (e, ORG.resultingOrganization, iri(f"org/{new}")) in g]
    assert events, f"{old} -> {new}"
    assert str(g.value(events[0], JAR.date)) == date
    assert list(g.objects(events[0], JAR.source))


# --- the national task force as of a date ----------------------------------------------------------------------

def composition(g: Graph, when: dt.date) -> dict[str, set[str]]:
    """Role -> members of the central task force whose membership is valid on ``when``."""
    out: dict[str, set[str]] = {}
    for m in g.subjects(ORG.organization, iri("org/gugus-tugas-pusat")):
        start, end = as_date(g.value(m, JAR.validFrom)), as_date(g.value(m, JAR.validUntil))
        if (start is None or start <= when) and (end is None or end > when):
            role = local(g.value(m, ORG.role)).rsplit("/", 1)[1]
            out.setdefault(role, set()).add(local(g.value(m, ORG.member)))
    return out


def has_2023_version(g: Graph) -> bool:
    return any((m, JAR.legalBasis, iri("perpres/2023/49")) in g
               for m in g.subjects(ORG.organization, iri("org/gugus-tugas-pusat")))


def test_every_membership_has_basis_dates_and_citation(g):
    members = list(g.subjects(ORG.organization, iri("org/gugus-tugas-pusat")))
    assert len(members) >= 10
    for m in members:
        assert g.value(m, JAR.legalBasis) is not None
        assert g.value(m, JAR.validFrom) is not None or g.value(m, JAR.validUntil) is not None
        assert list(g.objects(m, JAR.source))


def test_task_force_in_2010(g):
    c = composition(g, dt.date(2010, 6, 1))
    assert c["chair"] == {"org/kemenko-kesra"}
    assert c["daily-chair"] == {"org/kemenpppa"}
    assert {"org/polri", "org/kemenkes", "org/kemensos", "org/kemnaker"} <= c["member"]
    assert c["sub-task-force-lead"] == {"org/kemensos"}


def test_task_force_in_2016_chair_follows_renaming(g):
    assert composition(g, dt.date(2016, 1, 1))["chair"] == {"org/kemenko-pmk"}


def test_task_force_in_2022(g):
    c = composition(g, dt.date(2022, 6, 1))
    assert c["chair"] == {"org/kemenko-pmk"}
    assert c["vice-chair"] == {"org/kemenko-polhukam"}
    assert c["daily-chair"] == {"org/kemenpppa"}
    assert c != composition(g, dt.date(2010, 6, 1))


def test_task_force_in_2024(g):
    assert has_2023_version(g), "the Perpres 49/2023 instrument and its memberships must be recorded"
    c = composition(g, dt.date(2024, 6, 1))
    assert c["chair"] == {"org/kemenko-polhukam"}
    assert c["vice-chair"] == {"org/kemenko-pmk"}
    assert c["daily-chair"] == {"org/polri"}
    assert {"org/kemenpppa", "org/bp2mi", "org/kkp"} <= c["member"]


def test_sambas_task_force_reported_inactive(g):
    reports = list(g.objects(iri("org/gugus-tugas-kabupaten-sambas"), JAR.activityReport))
    assert [str(g.value(r, JAR.status)) for r in reports] == ["inactive"]
    assert list(g.objects(reports[0], JAR.source))


def test_provincial_task_forces_meet_once_a_year(g):
    freq = {str(x) for x in g.objects(iri("org/gugus-tugas-provinsi"), JAR.meetingFrequency)}
    assert any("once a year" in f.lower() for f in freq)


# --- service points --------------------------------------------------------------------------------------------

#: (id, level, groups it must serve)
SERVICE_POINTS = [
    ("rptc-bambu-apus", "national", {"men", "women"}),
    ("rptc-bandung", "national", {"men", "women"}),
    ("rptc-sukabumi", "national", {"men", "women"}),
    ("p2tp2a-dki-jakarta", "provincial", {"women", "children"}),
    ("p2tp2a-cianjur", "district", {"men", "women", "children"}),
    ("p2tp2a-kalimantan-barat", "provincial", {"women", "children"}),
    ("entry-point-tanjung-pinang", "district", {"trafficked-migrant-workers"}),
    ("entry-point-nunukan", "district", {"trafficked-migrant-workers"}),
    ("entry-point-pontianak", "district", {"trafficked-migrant-workers"}),
    ("plbn-aruk", "subdistrict", {"migrant-workers"}),
    ("iom-sambas-office", "district", {"trafficking-victims"}),
    ("kbri-uae", "abroad", {"victims-abroad"}),
    ("bnp2tki-crisis-center", "national", {"migrant-workers"}),
]


@pytest.mark.parametrize("sid,level,served", SERVICE_POINTS)
def test_service_point_exists(g, sid, level, served):
    s = iri(f"sp/{sid}")
    assert (s, RDF.type, JAR.ServicePoint) in g, sid
    assert (s, JAR.level, iri(f"vocab/levels/{level}")) in g
    assert served <= groups(g, s)
    assert g.value(s, JAR.region) is not None and g.value(s, JAR.operatedBy) is not None
    assert list(g.objects(s, JAR.source))


def male_groups(g: Graph) -> set[URIRef]:
    """The group concept for men and every group narrower than it."""
    men = iri("vocab/groups/men")
    return set(g.transitive_subjects(SKOS.broader, men))


def test_no_service_point_serves_men_without_a_citation_saying_so(g):
    male = male_groups(g)
    assert iri("vocab/groups/trafficked-men") in male
    said = re.compile(r"\bmen\b|\bmale\b|laki-laki", re.IGNORECASE)
    serving_men = [s for s in g.subjects(RDF.type, JAR.ServicePoint) if set(g.objects(s, JAR.serves)) & male]
    assert serving_men, "some service point (RPTC, P2TP2A Cianjur) serves men"
    for s in serving_men:
        assert any(said.search(q) for q in quotes(g, s)), f"{local(s)} serves men with no citation saying so"


def test_women_and_children_centres_do_not_serve_men(g):
    male = male_groups(g)
    for sid in ("p2tp2a-dki-jakarta", "p2tp2a-kalimantan-barat"):
        assert not set(g.objects(iri(f"sp/{sid}"), JAR.serves)) & male, sid


# --- programmes ------------------------------------------------------------------------------------------------

#: (id, operator, a beneficiary group)
PROGRAMMES = [
    ("kemensos-pelatihan-pendampingan-korban-trafficking", "kemensos-dit-rehsos-tuna-sosial", "trafficked-women"),
    ("pendamping-sosial-korban-trafficking", "kemensos-dit-rehsos-tuna-sosial", "trafficked-women"),
    ("peba", "kemensos", "trafficking-victims"),
    ("kube", "kemensos", "poor-persons"),
    ("psbr-vocational-training", "psbr-network", "vulnerable-persons"),
    ("kemensos-bantuan-keuangan-2013", "kemensos", "victims-abroad"),
    ("kemensos-pemulangan-tkib", "kemensos", "trafficked-migrant-workers"),
    ("kemensos-sosialisasi-2014", "kemensos", "trafficking-victims"),
    ("pkh", "tnp2k", "poor-persons"),
    ("kks", "government", "poor-persons"),
    ("jkn", "bpjs-kesehatan", "poor-persons"),
    ("kis", "kemenkes", "poor-persons"),
    ("jamkesmas", "kemenkes", "poor-persons"),
    ("kjs", "pemprov-dki-jakarta", "persons"),
    ("kip", "government", "children"),
    ("rutilahu", "provincial-governments", "poor-persons"),
    ("iom-bantuan-korban", "iom-indonesia", "trafficked-men"),
    ("iom-reinstallation-grants", "iom-indonesia", "trafficking-victims"),
    ("iom-sambas-agenda", "iom-sambas", "trafficking-victims"),
    ("lead-undp-bappenas", "undp", "poor-persons"),
]


def test_at_least_fifteen_programmes(g):
    assert len(set(g.subjects(RDF.type, JAR.Programme))) >= 15


@pytest.mark.parametrize("pid,operator,group", PROGRAMMES)
def test_programme_exists(g, pid, operator, group):
    s = iri(f"programme/{pid}")
    assert (s, RDF.type, JAR.Programme) in g, pid
    assert (s, JAR.operatedBy, iri(f"org/{operator}")) in g
    assert group in groups(g, s)
    assert list(g.objects(s, JAR.offers)) and list(g.objects(s, JAR.source))


def test_women_only_programme_excludes_men(g):
    s = iri("programme/kemensos-pelatihan-pendampingan-korban-trafficking")
    excluded = {local(o).rsplit("/", 1)[1] for o in g.objects(s, JAR.excludes)}
    assert {"men", "trafficked-men"} <= excluded
    assert "men" not in groups(g, s)
