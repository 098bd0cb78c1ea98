"""The gap engine: each gap kind comes and goes with the one fact that makes it, the Gap API, the CLI,
as-of dates, the coverage matrix, and the real graph (hygiene clean, docs/gaps.md up to date)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from kg import gaps
from kg.cli import main
from kg.namespaces import ID, SHAPES

from test_shapes import FIXTURES, load_pair

_COV = gaps.shapes_graph("coverage")
COVERAGE = sorted(str(s).rsplit("/", 1)[-1] for s in set(_COV.subjects(DCTERMS.identifier, None))
                  if gaps._has_target(_COV, s))


def kinds(graph: Graph, as_of: date | None = None) -> set[str]:
    return {g.kind for g in gaps.find_gaps(graph, as_of=as_of)}


def kind_of(shape_name: str) -> str:
    shapes = gaps.shapes_graph("coverage")
    return str(shapes.value(SHAPES[shape_name], DCTERMS.identifier))


@pytest.mark.parametrize("name", COVERAGE)
def test_gap_comes_and_goes_with_one_fact(name):
    """Start from the graph with the gap; make the one change; the gap disappears; undo it; it is back."""
    ok, bad = load_pair(name)
    kind = kind_of(name)
    g = Graph()
    for t in bad:
        g.add(t)
    assert kind in kinds(g)
    added, removed = set(ok) - set(bad), set(bad) - set(ok)
    for t in removed:
        g.remove(t)
    for t in added:
        g.add(t)
    assert kind not in kinds(g), f"{kind}: still reported after the missing fact was supplied"
    for t in added:
        g.remove(t)
    for t in removed:
        g.add(t)
    assert kind in kinds(g), f"{kind}: not reported again after the fact was taken away"


def test_every_coverage_shape_has_a_fixture():
    assert len(COVERAGE) >= 14
    for name in COVERAGE:
        assert (FIXTURES / f"{name}.ttl").exists(), name


def test_men_excluded_by_a_women_only_mandate_is_a_mandate_gap():
    ok, bad = load_pair("GroupWithoutEssentialService")
    men = str(ID["vocab/groups/trafficked-men"])
    assert not [g for g in gaps.find_gaps(ok) if g.kind == "group-without-essential-service"]
    found = [g for g in gaps.find_gaps(bad) if g.kind == "group-without-essential-service"]
    assert [g.focus for g in found] == [men]
    gap = found[0]
    assert gap.severity == "high" and gap.basis == "derived"
    assert gap.detail["subkind"] == "mandate" and gap.detail["excluded_by_mandate"] == {"sp/a": "sex"}
    assert gap.detail["provinces_covered"] == 0 and gap.detail["uncovered"] == ["region/p"]
    assert [s.iri for s in gap.services] == [str(ID["vocab/services/shelter"])]
    assert men in [i.iri for i in gap.groups]
    assert gap.message["en"].startswith("Shelter for adult male victims: a provider that may serve them is recorded "
                                        "in 0 of 1 provinces; A exclude them by mandate")
    assert "korban laki-laki dewasa" in gap.message["id"] and "mengecualikan" in gap.message["id"]


def _with(graph: Graph, *triples) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    for t in triples:
        g.add(t)
    return g


def test_no_recorded_provider_is_told_apart_from_a_mandate_gap_and_graded_as_records():
    ok, _bad = load_pair("GroupWithoutEssentialService")
    g = _with(ok, (ID["region/q"], gaps.RDF.type, gaps.JAR.Province))  # a second province with no provider
    found = [x for x in gaps.find_gaps(g) if x.kind == "group-without-essential-service"]
    assert found and all(x.detail["subkind"] == "no-provider" and x.basis == "records" for x in found)
    assert all(x.detail["uncovered"] == ["region/q"] and x.severity == "medium" for x in found)


def test_a_coordinating_body_or_an_unplaced_provider_is_no_coverage():
    ok, _bad = load_pair("GroupWithoutEssentialService")
    g = Graph()
    for t in ok:
        if t[0] != ID["sp/a"] or t[1] != gaps.JAR.region:
            g.add(t)  # the shelter's place is not recorded
    found = [x for x in gaps.find_gaps(g) if x.kind == "group-without-essential-service"]
    assert found and all(x.detail["unplaced"] == ["sp/a"] for x in found)
    g = _with(ok, (ID["sp/a/mandate"], gaps.JAR.walkIn, gaps.Literal(False)))
    g.remove((ID["sp/a/mandate"], gaps.JAR.walkIn, gaps.Literal(True)))
    found = [x for x in gaps.find_gaps(g) if x.kind == "group-without-essential-service"]
    assert found and all(x.detail["excluded_by_mandate"] == {} for x in found)  # coordinates: excludes nobody


def test_the_mens_gap_on_the_real_graph(g):
    found = {x.services[0].iri.rsplit("/", 1)[-1]: x for x in gaps.find_gaps(g)
             if x.kind == "group-without-essential-service" and x.focus == str(ID["vocab/groups/trafficked-men"])}
    shelter = found["shelter"]
    assert shelter.detail["subkind"] == "mandate" and shelter.basis in ("documented", "derived")
    assert {"org/p2tp2a", "org/rpsw-network"} <= set(shelter.detail["excluded_by_mandate"])
    assert set(shelter.detail["covered"]) == {"region/dki-jakarta", "region/jawa-barat"}  # the three RPTCs
    assert shelter.detail["provinces_total"] == 38
    assert shelter.message["en"].startswith("Shelter for adult male victims: a provider that may serve them is "
                                            "recorded in 2 of 38 provinces")
    assert "NEXUS" in shelter.message["en"]
    assert "medical" not in found  # police hospitals across the country must treat trafficked persons


def test_gap_carries_basis_actor_and_evidence():
    _ok, bad = load_pair("ConditionIsBarrier")
    gap = [g for g in gaps.find_gaps(bad) if g.kind == "condition-is-barrier"][0]
    assert gap.focus == str(ID["entitlement/e"]) and gap.value == str(ID["vocab/conditions/police-report"])
    assert [b.iri for b in gap.legal_basis] == [str(ID["uu/2007/21"])]
    assert gap.legal_basis[0].label == {"en": "Law 21/2007", "id": "UU 21/2007"}
    assert gap.evidence and gap.evidence[0].finding == str(ID["finding/f"])
    quote = gap.evidence[0].quotes[0]
    assert quote["quote"] == "victims did not want to report to the police" and quote["at"] == "p. 1"
    assert gap.shape == str(SHAPES["ConditionIsBarrier"])
    assert set(gap.message) == {"id", "en"} and all(m.endswith(".") for m in gap.message.values())
    d = gap.to_dict()
    assert d["kind"] == "condition-is-barrier" and d["evidence"][0]["finding"] == gap.evidence[0].finding


def test_non_delivery_gap_is_about_the_entitlement():
    _ok, bad = load_pair("NonDeliveryReported")
    gap = [g for g in gaps.find_gaps(bad) if g.kind == "non-delivery-reported"][0]
    assert gap.focus == str(ID["entitlement/e"])
    assert [e.finding for e in gap.evidence] == [str(ID["finding/f"])]
    assert "Shelter" in gap.message["en"]


def test_duty_bearer_gap_names_who_should_act_when_an_obligation_does():
    ok, bad = load_pair("EntitlementWithoutDutyBearer")
    assert "entitlement-without-duty-bearer" in kinds(bad)
    g = Graph()
    for t in bad:
        g.add(t)
    g.add((ID["obligation/o"], gaps.JAR.fulfils, ID["entitlement/e"]))
    g.add((ID["obligation/o"], gaps.JAR.bearer, ID["org/x"]))
    assert "entitlement-without-duty-bearer" not in kinds(g)


def test_jurisdiction_gap_names_group_and_both_instruments():
    _ok, bad = load_pair("JurisdictionDisagreement")
    found = [g for g in gaps.find_gaps(bad) if g.kind == "jurisdiction-disagreement"]
    assert len(found) == 1
    gap = found[0]
    assert gap.focus == str(ID["kepgub/jawa-barat/2014/63"]) and gap.value == str(ID["vocab/groups/trafficked-men"])
    assert [g.iri for g in gap.groups] == [str(ID["vocab/groups/trafficked-men"])]
    assert gap.region and gap.region.iri == str(ID["region/jawa-barat"])
    assert {i.iri for i in gap.instruments} == {gap.focus, str(ID["perda/jawa-barat/2008/3"])}
    assert "West Java Regional Regulation 3/2008" in gap.message["en"]


def test_same_jurisdiction_links_only_regional_peers():
    _ok, bad = load_pair("JurisdictionDisagreement")
    d = gaps.derived_graph(gaps.data_graph(bad))
    perda, kepgub = ID["perda/jawa-barat/2008/3"], ID["kepgub/jawa-barat/2014/63"]
    pairs = set(d.subject_objects(gaps.JDV.sameJurisdictionAs))
    assert (perda, kepgub) in pairs and (kepgub, perda) in pairs
    assert all(a != b for a, b in pairs)
    assert all((a, gaps.RDF.type, gaps.JDV.RegionalInstrument) in d for pair in pairs for a in pair)


def test_as_of_reads_the_law_of_that_day():
    _ok, bad = load_pair("EntitlementOnRepealedBasis")
    assert "entitlement-on-repealed-basis" in kinds(bad)
    assert "entitlement-on-repealed-basis" not in kinds(bad, as_of=date(2010, 1, 1))
    assert "entitlement-on-repealed-basis" in kinds(bad, as_of=date(2015, 1, 1))
    # before the law took effect the right did not exist at all
    assert not [g for g in gaps.find_gaps(bad, as_of=date(2006, 1, 1)) if g.focus == str(ID["entitlement/e"])]


def test_deadline_not_yet_passed_is_no_gap():
    _ok, bad = load_pair("ImplementingRegulationMissingOrLate")
    kind = "implementing-regulation-missing-or-late"
    assert kind in kinds(bad)
    assert kind not in kinds(bad, as_of=date(2007, 6, 1))  # deadline 2007-10-16, nothing issued yet
    g = Graph()
    for t in bad:
        g.add(t)
    g.remove((ID["perpres/2008/69"], None, None))  # nothing implements it at all: missing
    assert kind in kinds(g)
    assert kind in kinds(g, as_of=date(2008, 1, 1))
    # a deadline for serving a claim (the duty fulfils a right) is not a duty to legislate
    g.add((ID["obligation/o"], gaps.JAR.fulfils, ID["entitlement/e"]))
    assert kind not in kinds(g)


def test_filters():
    _ok, bad = load_pair("JurisdictionDisagreement")
    all_gaps = gaps.find_gaps(bad)
    assert gaps.filter_gaps(all_gaps, region="jawa-barat")
    assert not gaps.filter_gaps(all_gaps, region="jawa-timur")
    assert gaps.filter_gaps(all_gaps, instrument="perda/jawa-barat/2008/3")
    assert gaps.filter_gaps(all_gaps, group="trafficking-victims", severity="medium")
    assert not gaps.filter_gaps(all_gaps, severity="low")
    assert gaps.filter_gaps(all_gaps, service="shelter")


def test_outputs_are_deterministic():
    _ok, bad = load_pair("ConditionIsBarrier")
    a, b = gaps.find_gaps(bad), gaps.find_gaps(bad)
    assert gaps.gaps_markdown(a) == gaps.gaps_markdown(b)
    assert gaps.gaps_csv(a) == gaps.gaps_csv(b)
    assert gaps.gaps_csv(a).splitlines()[0].split(",") == list(gaps.CSV_COLUMNS)


def test_coverage_matrix_rows():
    import pandas as pd

    ok, bad = load_pair("GroupWithoutEssentialService")
    rows = gaps.coverage_matrix(bad)
    df = pd.DataFrame(rows)
    assert {"group", "service", "stage", "legal_basis", "providers", "covered"} <= set(df.columns)
    men = df[(df.group == "vocab/groups/trafficked-men") & (df.service == "vocab/services/shelter")]
    assert len(men) == 1 and not men.iloc[0].covered
    women = df[(df.group == "vocab/groups/trafficked-women") & (df.service == "vocab/services/shelter")]
    assert women.iloc[0].covered and women.iloc[0].providers == ["sp/a"]


def test_cli_validate_and_gaps(tmp_path, capsys):
    ok, bad = load_pair("DutyBearerIsInstitution")
    ok_path, bad_path = tmp_path / "ok.ttl", tmp_path / "bad.ttl"
    ok.serialize(ok_path, format="turtle")
    bad.serialize(bad_path, format="turtle")
    assert main(["validate", "--dist", str(ok_path)]) == 0
    assert main(["validate", "--dist", str(bad_path), "--report", str(tmp_path / "r.ttl")]) == 1
    assert (tmp_path / "r.ttl").exists()
    err = capsys.readouterr().err
    assert "duty-bearer-is-institution" in err
    _ok, cbad = load_pair("GroupWithoutEssentialService")
    cpath = tmp_path / "cov.ttl"
    cbad.serialize(cpath, format="turtle")
    out = tmp_path / "report"
    assert main(["gaps", "--dist", str(cpath), "--out", str(out), "--group", "trafficked-men", "--quiet"]) == 0
    assert {p.name for p in out.iterdir()} == {"gaps.md", "gaps.csv", "shacl-report.ttl"}
    assert "group-without-essential-service" in (out / "gaps.csv").read_text("utf-8")
    Graph().parse(out / "shacl-report.ttl", format="turtle")


# --- the real graph ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(real_build):
    return real_build


@pytest.fixture(scope="module")
def real_gaps(real):
    return gaps.find_gaps(real)


def test_real_graph_has_no_hygiene_violations(real):
    report = gaps.validate_hygiene(real)
    assert report.conforms, "\n".join(f"{r['kind']}: {r['focus']} {r['value'] or ''}" for r in report.results[:50])


def test_real_graph_gaps_are_well_formed(real_gaps):
    found = real_gaps
    for gap in found:
        assert gap.severity in ("high", "medium", "low")
        assert gap.message.get("id") and gap.message.get("en")
        assert "{" not in gap.message["en"] and "{" not in gap.message["id"]
        assert gap.shape.startswith(str(SHAPES))


def test_docs_gaps_md_is_up_to_date(real_gaps):
    text = gaps.gaps_doc_text(real_gaps)
    doc = Path(gaps.DOC_PATH)
    assert doc.exists(), "docs/gaps.md is missing: run 'kg build'"
    assert doc.read_text("utf-8") == text, "docs/gaps.md is stale: run 'kg build'"


def test_non_delivery_evidence_must_be_about_the_right():
    """A finding supports a non-delivery gap only when it concerns the right, or its basis AND the same service
    (and a group the right covers): a finding about a service and a group alone, or about the instrument and
    another service, is not about this right (issue 15: ~20 gaps rested on such loosely related findings)."""
    ok, _bad = load_pair("NonDeliveryReported")
    g = Graph()
    for t in ok:
        g.add(t)
    f = ID["finding/men-shelter"]
    g.add((f, gaps.RDF.type, gaps.JAR.Finding))
    g.add((f, gaps.JAR.findingKind, gaps.Literal("gap")))
    g.add((f, gaps.JAR.affectsGroup, ID["vocab/groups/trafficked-women"]))
    g.add((f, gaps.JAR.affectsService, ID["vocab/services/shelter"]))
    g.add((f, gaps.JAR.reportsNonDelivery, gaps.Literal(True)))
    assert "non-delivery-reported" not in kinds(g)  # same service and group, but not about the right
    g.add((f, gaps.JAR.concerns, ID["uu/2007/21"]))  # about the law the right rests on, same service
    found = [gp for gp in gaps.find_gaps(g) if gp.kind == "non-delivery-reported"]
    assert [gp.focus for gp in found] == [str(ID["entitlement/e"])]
    assert [e.finding for e in found[0].evidence] == [str(f)] and found[0].basis == "documented"
    g.set((f, gaps.JAR.affectsService, ID["vocab/services/case-management"]))  # the law, another service
    assert "non-delivery-reported" not in kinds(g)


def test_a_finding_that_the_service_was_given_is_counter_evidence_never_support():
    _ok, bad = load_pair("NonDeliveryReported")
    g = Graph()
    for t in bad:
        g.add(t)
    good = ID["finding/helped"]
    for t in ((good, gaps.RDF.type, gaps.JAR.Finding), (good, gaps.JAR.findingKind, gaps.Literal("good-practice")),
              (good, gaps.JAR.concerns, ID["entitlement/e"]), (good, gaps.JAR.reportsNonDelivery, gaps.Literal(True))):
        g.add(t)
    gap = [gp for gp in gaps.find_gaps(g) if gp.kind == "non-delivery-reported"][0]
    assert str(good) not in [e.finding for e in gap.evidence]
    assert [e.finding for e in gap.counter_evidence] == [str(good)]


def test_no_duty_bearer_is_derived_from_law_only_where_the_provision_was_checked():
    _ok, bad = load_pair("EntitlementWithoutDutyBearer")
    g = Graph()
    for t in bad:
        g.add(t)
    e = ID["entitlement/e"]
    gap = [x for x in gaps.find_gaps(g) if x.kind == "entitlement-without-duty-bearer"][0]
    assert gap.basis == "records" and "No duty-bearer is recorded" in gap.message["en"]
    assert "names no institution" not in gap.message["en"]
    g.add((e, gaps.JAR.dutyBearerNamed, gaps.Literal(False)))
    assert [x for x in gaps.find_gaps(g) if x.kind == "entitlement-without-duty-bearer"][0].basis == "records"
    g.add((e, gaps.JAR.dutyBearerChecked, ID["citation/c1"]))
    assert [x for x in gaps.find_gaps(g) if x.kind == "entitlement-without-duty-bearer"][0].basis == "derived"


def test_rights_on_ended_law_leave_todays_register_but_stay_in_its_history():
    _ok, bad = load_pair("EntitlementOnRepealedBasis")
    today = {x.kind for x in gaps.find_gaps(bad) if x.focus == str(ID["entitlement/e"])}
    assert today == {"entitlement-on-repealed-basis"}  # its other gaps belong to the history
    then = {x.kind for x in gaps.find_gaps(bad, as_of=date(2010, 1, 1)) if x.focus == str(ID["entitlement/e"])}
    assert "entitlement-on-repealed-basis" not in then and then  # in force then: its gaps were current


def test_a_repealed_right_carried_over_by_its_successor_is_no_gap_and_a_dropped_one_is():
    _ok, bad = load_pair("EntitlementOnRepealedBasis")
    g = Graph()
    for t in bad:
        g.add(t)
    e, node = ID["entitlement/e"], ID["entitlement/e/succession/x"]
    g.add((e, gaps.JAR.succession, node))
    g.add((node, gaps.JAR.successionKind, ID["vocab/succession-kinds/dropped"]))
    g.add((node, gaps.JAR.successionBasis, ID["uu/2007/21"]))
    found = [x for x in gaps.find_gaps(g) if x.focus == str(e)]
    assert [x.kind for x in found] == ["right-dropped-by-successor"] and found[0].basis == "derived"
    g.set((node, gaps.JAR.successionKind, ID["vocab/succession-kinds/re-enacted"]))
    succ = ID["entitlement/succ"]
    g.add((node, gaps.JAR.successor, succ))
    for t in ((succ, gaps.RDF.type, gaps.JAR.Entitlement), (succ, gaps.JAR.legalBasis, ID["uu/2099/1"]),
              (ID["uu/2099/1"], gaps.RDF.type, gaps.JAR.LegalInstrument)):
        g.add(t)
    assert not [x for x in gaps.find_gaps(g) if x.focus == str(e) and x.kind.startswith(("entitlement-on-rep", "right-"))]
