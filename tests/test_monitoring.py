"""Practice through time: the US Trafficking in Persons Report narratives on Indonesia as dated findings and figures.

Each assertion names a finding or figure as the report states it (its year, its link to the law-layer node it is
about, and the report's own words) so that dropping, re-dating, re-linking or strengthening it fails a test.
"""
from __future__ import annotations

from pathlib import Path

import re

import yaml
from rdflib.namespace import RDF

from kg.namespaces import JAR

from graph_support import iri, local

ROOT = Path(__file__).resolve().parent.parent
TIP_YEARS = (2017, 2018, 2019, 2020, 2021, 2023)


def _doc(g, node) -> str:
    return local(next(g.value(c, JAR.document) for c in g.objects(node, JAR.source))).rsplit("/", 1)[-1]


def _findings_of(g, year):
    out = []
    for f in g.subjects(RDF.type, JAR.Finding):
        if any(local(g.value(c, JAR.document)).endswith(f"tip-{year}-indonesia") for c in g.objects(f, JAR.source)):
            out.append(f)
    return out


def test_every_report_year_is_a_dated_bibliography_record(g):
    for year in TIP_YEARS:
        doc = iri(f"source/tip-{year}-indonesia")
        assert (doc, RDF.type, JAR.SourceDocument) in g, year
        assert str(g.value(doc, JAR.documentType)) == "report"


def test_at_least_forty_dated_findings_across_five_years(g):
    total = 0
    years_with_findings = 0
    for year in TIP_YEARS:
        fs = _findings_of(g, year)
        total += len(fs)
        years_with_findings += bool(fs)
        for f in fs:
            # dated to the report's reporting period: the year before publication to the end of the report year
            assert str(g.value(f, JAR.observedFrom)) == f"{year - 1}-01-01", local(f)
            assert str(g.value(f, JAR.observedUntil)) == f"{year}-12-31", local(f)
    assert years_with_findings >= 5
    assert total >= 40


def test_identification_procedures_not_finalised_two_years_running(g):
    for year, fid in ((2019, "tip2019-identification-procedures-not-finalised"),
                      (2020, "tip2020-identification-procedures-not-finalised")):
        f = iri(f"finding/{fid}")
        assert str(g.value(f, JAR.findingKind)) == "gap"
        assert iri("uu/2007/21") in set(g.objects(f, JAR.concerns))
        assert str(g.value(f, JAR.observedUntil)).startswith(str(year))
        quotes = [str(g.value(c, JAR.quote)) for c in g.objects(f, JAR.source)]
        assert any("did not finalize" in q for q in quotes)
    quote_2020 = str(next(g.objects(next(g.objects(iri("finding/tip2020-identification-procedures-not-finalised"),
                                                     JAR.source)), JAR.quote)))
    assert "for the second year" in quote_2020


def test_task_force_budget_fell_year_after_year(g):
    ordinal = {2019: "third", 2020: "fourth", 2021: "fifth"}
    for year, word in ordinal.items():
        f = next(f for f in _findings_of(g, year) if "task-force-budget-decreased" in local(f))
        assert iri("org/gugus-tugas-pusat") in set(g.objects(f, JAR.concerns))
        assert iri("concept/themes/budget") in set(g.objects(f, JAR.theme)) or any(
            local(t).endswith("budget") for t in g.objects(f, JAR.theme))
        quote = str(next(g.objects(next(g.objects(f, JAR.source)), JAR.quote)))
        assert word in quote, (year, quote)


def test_non_punishment_findings_keep_the_reports_may(g):
    for fid in ("tip2019-screening-failures-may-punish-victims", "tip2020-screening-failures-may-punish-victims"):
        f = iri(f"finding/{fid}")
        assert iri("uu/2007/21/pasal/18") in set(g.objects(f, JAR.concerns)), fid
        statement = {s.language: str(s) for s in g.objects(f, JAR.statement)}
        assert " may " in statement["en"] and "mungkin" in statement["id"]
        # a hedged observation is not a report of non-delivery
        assert g.value(f, JAR.reportsNonDelivery) is None


def test_male_victims_hindered_each_year(g):
    men = iri("concept/groups/trafficked-men")
    years = set()
    for year in TIP_YEARS:
        for f in _findings_of(g, year):
            groups = set(g.objects(f, JAR.affectsGroup))
            if men in groups or any(local(x).endswith("trafficked-men") for x in groups):
                years.add(year)
    assert {2019, 2020, 2021, 2023} <= years


def test_shelter_findings_link_the_shelter_right(g):
    right = iri("entitlement/uu21-shelter-trauma-centre")
    for fid in ("tip2019-provincial-trauma-shelters-closed", "tip2023-shelters-restrict-victims"):
        f = iri(f"finding/{fid}")
        assert right in set(g.objects(f, JAR.concerns)), fid
        assert g.value(f, JAR.reportsNonDelivery) is not None


def test_restitution_paid_far_below_awards(g):
    f = iri("finding/lpsk-restitution-paid-far-below-awards")
    assert iri("entitlement/uu21-restitution") in set(g.objects(f, JAR.concerns))
    assert str(g.value(f, JAR.observedFrom)).startswith("2022")
    assert _doc(g, f) == "voi-2022-lpsk-restitution"


def _obs(g, oid):
    return iri(f"stat/{oid}")


def test_figures_are_dated_observations(g):
    cases = {
        "tip2019-trauma-shelters-closed": (5, "2018"),
        "tip2017-kpai-child-victims-identified": (307, "2016"),
        "tip2017-mfa-victims-assisted-abroad": (478, "2016"),
        "tip2016-mfa-victims-assisted-abroad": (413, "2015"),
        "tip2019-p2tp2a-districts": (436, "2018"),
        "court-convictions-2018": (279, "2018"),
        "polri-trafficking-victims-2023": (3208, "2023"),
    }
    for oid, (value, year) in cases.items():
        s = _obs(g, oid)
        assert int(g.value(s, JAR.value)) == value, oid
        assert str(g.value(s, JAR.refPeriod)) == year, oid


def test_monitoring_quotes_are_short():
    for name in ("findings/monitoring-tip.yaml", "statistics/monitoring.yaml"):
        for rec in yaml.safe_load((ROOT / "sources" / name).read_text(encoding="utf-8")):
            quote = rec["source"]["quote"]
            assert len(quote.split()) <= 25, rec["id"]
# Words that claim more than "some": a finding may use one only where its own quote uses it (or a word of the
# same strength the source uses, listed here). A finding's statement must not be stronger than its evidence.
STRONG = {
    "only": ("only", "solely", "just", "merely", "limited to"),
    "never": ("never", "not once", "no "),
    "neither": ("neither", "nor", "not "),
    "all": ("all", "every", "each"),
    "none": ("none", "no ", "not "),
}


def _all_findings():
    for path in sorted((ROOT / "sources" / "findings").glob("*.yaml")):
        for rec in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            yield path.name, rec


def test_findings_are_not_stronger_than_their_quotes():
    bad = []
    for name, rec in _all_findings():
        en = rec["statement"]["en"].lower()
        quotes = " ".join(c.get("quote", "") for c in ([rec["source"]] if "source" in rec else rec.get("sources", [])))
        quotes = quotes.lower()
        for word, allowed in STRONG.items():
            if re.search(rf"\b{word}\b", en) and not any(a in quotes for a in allowed):
                bad.append(f"{name}: {rec['id']}: '{word}'")
        if re.search(r"\bmany\b", en) and not re.search(r"\b(many|most|majority|numerous|banyak|sebagian besar)\b",
                                                         quotes):
            bad.append(f"{name}: {rec['id']}: 'many'")
    assert not bad, "\n".join(bad)


def test_strength_fixes_keep_the_sources_word():
    """The review fixes of issue 14 item 6: each statement now uses its source's word (old wording in comments)."""
    recs = {r["id"]: r for _n, r in _all_findings()}
    # "Only some services…" -> the source says "some services can be accessed by male trafficking victims"
    assert recs["shelter-for-men-only-at-rptc"]["statement"]["en"].startswith("Some services")
    # "many of the businesses failed" -> the source reports one woman's business failing
    assert "many" not in recs["grants-without-training"]["statement"]["en"]
    # "identity documents that many victims lost" -> the source says "some trafficked persons"
    assert "some victims" in recs["services-require-identity-documents"]["statement"]["en"]
    # "operational only in some districts" -> "operational in some districts"
    assert "only" not in recs["service-centres-only-in-some-districts"]["statement"]["en"]
    # "was never paid" -> "still has not received the payment he is owed"
    assert "still had not received" in recs["wage-case-moved-to-other-province"]["statement"]["en"]


def test_figures_in_millions_are_recognised():
    from kg.records.stats import figure_forms
    assert any(p.search("reached 2.5 million people") for p in figure_forms(2500000))
    assert any(p.search("sekitar Rp 3,2 miliar") for p in figure_forms(3200000000))
    assert not any(p.search("reached 12.5 million people") for p in figure_forms(2500000))
    assert not any(p.search("reached 3.5 million people") for p in figure_forms(2500000))


def test_seed_sweep_figures(g):
    for oid, value in (("illegal-migrant-labour-estimate-2017-minister", 2500000),
                       ("new-illegal-migrant-labour-per-year-bnp2tki", 30000),
                       ("police-investigations-2018-us-embassy", 95),
                       ("sambas-cases-since-2009", 125),
                       ("malaysian-research-women-trafficked-to-malaysia", 6705)):
        assert int(g.value(_obs(g, oid), JAR.value)) == value, oid
