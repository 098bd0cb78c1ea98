"""Gap kind procedure-not-adopted (issue 15 item 6): a procedure the law binds the State to adopt (an obligation of
duty kind adopt-procedure, sources/obligations/) that no recorded instrument adopts.

Fires while one of the obligation's bases binds on the date (in force; a treaty's only while a law ratifying it is in
force) and nothing in force (or of unclear standing) implements a basis (jar:implements). Documented (high) when a
finding about the obligation, first observed by the date, states the procedure was not adopted or not finalised;
otherwise absence of records (medium, data to collect). Both engines (compiled SPARQL and pySHACL) must agree."""
from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from kg import gaps
from kg.gaps.timeline import timeline
from kg.namespaces import ELI, ID, JAR
from kg.records.load import SourcesInvalid, load_sources

from test_shapes import load_pair

KIND = "procedure-not-adopted"
FOCUS = str(ID["obligation/o"])
ARTICLE = ID["treaty/asean/2015/t/article/14/paragraph/1"]
REAL = str(ID["obligation/actip-victim-identification-procedures"])
REAL_FINDINGS = ["finding/tip2019-identification-procedures-not-finalised",
                 "finding/tip2020-identification-procedures-not-finalised",
                 "finding/tip2023-no-national-identification-sop"]


def found(graph, as_of=None):
    """The procedure-not-adopted gaps, after checking that both engines agree."""
    out = {}
    for engine in ("compiled", "shacl"):
        out[engine] = sorted((gp.focus, gp.severity, gp.basis, gp.message["en"], gp.message["id"])
                             for gp in gaps.find_gaps(graph, as_of=as_of, engine=engine) if gp.kind == KIND)
    assert out["compiled"] == out["shacl"]
    return [gp for gp in gaps.find_gaps(graph, as_of=as_of) if gp.kind == KIND]


@pytest.fixture
def pair():
    return load_pair("ProcedureNotAdopted")


# --- fixtures: both ways ------------------------------------------------------------------------------------------

def test_a_mandated_procedure_nobody_adopted_is_a_documented_gap(pair):
    _ok, bad = pair
    [gp] = found(bad)
    assert gp.focus == FOCUS
    assert (gp.basis, gp.severity) == ("documented", "high")
    assert [e.finding for e in gp.evidence] == [str(ID["finding/f"])]
    assert [i.iri for i in gp.legal_basis] == [str(ARTICLE)]
    assert [i.iri for i in gp.who_should_act] == [str(ID["org/government"])]
    assert gp.detail["ratified_by"] == ["uu/2017/12"]
    assert gp.detail["not_adopted"] == [{"finding": "finding/f", "period": "2018–2019"}]
    en, id_ = gp.message["en"], gp.message["id"]
    assert en.startswith("Convention, Article 14(1) mandates a procedure: establish procedures to identify victims, "
                         "a duty of Government. It binds Indonesia since its ratification")
    assert id_.startswith("Konvensi Pasal 14 ayat (1) mengamanatkan prosedur: menetapkan prosedur identifikasi korban, "
                          "kewajiban Pemerintah.")
    assert "Law 12/2017, in force from 2017-10-01" in en and "UU 12/2017, berlaku sejak 2017-10-01" in id_
    assert "not adopted or not finalised: 2018–2019 (TIP Report 2019)" in en
    assert "belum difinalkan: 2018–2019 (TIP Report 2019)" in id_


def test_an_adopting_instrument_in_force_closes_it(pair):
    ok, _bad = pair
    assert found(ok) == []


def test_no_gap_before_the_ratifying_law_is_in_force(pair):
    _ok, bad = pair
    assert found(bad, as_of=date(2017, 9, 30)) == []
    assert [gp.focus for gp in found(bad, as_of=date(2017, 10, 1))] == [FOCUS]


def test_before_any_finding_is_observed_it_is_data_to_collect(pair):
    """As of 2017-10-01 the finding (observed from 2018) is not evidence yet: nothing adopting the procedure is
    recorded, which is absence of records, not a documented failure."""
    _ok, bad = pair
    [gp] = found(bad, as_of=date(2017, 10, 1))
    assert (gp.basis, gp.severity, gp.evidence) == ("records", "medium", [])
    assert "no source states it either way" in gp.message["en"] and "as of 2017-10-01" in gp.message["en"]


def test_an_adopting_instrument_not_yet_in_force_does_not_close_it(pair):
    ok, _bad = pair
    assert [gp.focus for gp in found(ok, as_of=date(2020, 5, 31))] == [FOCUS]
    assert found(ok, as_of=date(2020, 6, 1)) == []


def test_an_adopting_instrument_of_unclear_standing_closes_it(pair):
    """Unknown is not no: an adopting instrument whose standing is unclear may be in force."""
    ok, _bad = pair
    ok.add((ID["permen/2020/1"], JAR.declaredStatus, ID["vocab/instrument-status/unclear"]))
    assert found(ok) == []


def test_an_adopting_instrument_that_ended_reopens_it(pair):
    ok, _bad = pair
    ok.add((ID["permen/2020/1"], ELI.date_no_longer_in_force, Literal("2022-01-01", datatype=XSD.date)))
    assert found(ok, as_of=date(2021, 12, 31)) == []
    assert [gp.focus for gp in found(ok)] == [FOCUS]


def test_no_gap_when_no_law_ratifies_the_treaty(pair):
    _ok, bad = pair
    bad.remove((ID["uu/2017/12"], JAR.ratifies, None))
    assert found(bad) == []


def test_a_domestic_mandate_binds_without_ratification(pair):
    """A procedure mandated by Indonesian law binds from the law's start: no ratification is needed."""
    _ok, bad = pair
    bad.remove((ID["treaty/asean/2015/t"], ELI.type_document, None))
    bad.remove((ID["uu/2017/12"], JAR.ratifies, None))
    assert found(bad, as_of=date(2015, 11, 20)) == []
    [gp] = found(bad, as_of=date(2015, 11, 21))
    assert gp.detail["ratified_by"] == [] and "In force from 2015-11-21." in gp.message["en"]


def test_an_obligation_of_another_kind_is_no_gap(pair):
    _ok, bad = pair
    bad.remove((ID["obligation/o"], JAR.dutyKind, None))
    assert found(bad) == []


def test_a_finding_that_shows_delivery_is_counter_evidence_never_support(pair):
    _ok, bad = pair
    bad.set((ID["finding/f"], JAR.findingKind, Literal("good-practice")))
    [gp] = found(bad)
    assert gp.evidence == [] and [e.finding for e in gp.counter_evidence] == [str(ID["finding/f"])]
    assert gp.basis == "records"


def test_the_timeline_opens_it_at_ratification_and_closes_it_at_adoption(pair):
    """The timeline steps through changes of the law and shows documented and derived gaps: with a finding observed
    from before the ratification, the gap opens when the ratifying law takes effect and closes on adoption."""
    ok, _bad = pair
    ok.set((ID["finding/f"], JAR.observedFrom, Literal("2017-01-01", datatype=XSD.date)))
    steps = timeline(ok, since=date(2000, 1, 1), until=date(2024, 1, 1))
    opened = [(st.day, gp.focus) for st in steps for gp in st.opened if gp.kind == KIND]
    closed = [(st.day, gp.focus) for st in steps for gp in st.closed if gp.kind == KIND]
    assert opened == [(date(2017, 10, 1), FOCUS)]
    assert closed == [(date(2020, 6, 1), FOCUS)]


# --- the record: duty_kind and its checks ---------------------------------------------------------------------------

OBLIGATION = """\
    - id: o
      label: {{en: Establish procedures, id: Menetapkan prosedur}}
      {bearers}legal_basis: [uu/2007/21/pasal/51/ayat/1]
      modality: {modality}
      duty_kind: {kind}
      source: {{doc: nexus-going-home, at: "§4.2"}}
    """


def errors_of(sources_tree, **kw) -> list[str]:
    args = {"bearers": "bearers: [org/kemensos]\n      ", "modality": "shall", "kind": "adopt-procedure"} | kw
    src = sources_tree({"obligations/o.yaml": OBLIGATION.format(**args)})
    try:
        load_sources(src)
    except SourcesInvalid as exc:
        return [str(e) for e in exc.errors]
    return []


def test_a_well_formed_procedure_duty_loads(sources_tree):
    assert errors_of(sources_tree) == []


def test_an_unknown_duty_kind_is_refused_with_a_suggestion(sources_tree):
    errs = errors_of(sources_tree, kind="adopt-procedures")
    assert any(e.startswith("sources/obligations/o.yaml:6: duty_kind: unknown concept "
                            "'vocab/duty-kinds/adopt-procedures' (did you mean 'vocab/duty-kinds/adopt-procedure'?)")
               for e in errs), errs


def test_a_duty_kind_with_modality_may_is_refused_in_both_languages(sources_tree):
    errs = errors_of(sources_tree, modality="may")
    assert any(e.startswith("sources/obligations/o.yaml:1: modality: a duty_kind is what a bearer SHALL do")
               and "bukan kewajiban" in e for e in errs), errs


def test_a_duty_kind_without_a_bearer_is_refused(sources_tree):
    errs = errors_of(sources_tree, bearers="")
    assert any(e.startswith("sources/obligations/o.yaml:1: bearers: a duty to adopt or do something names who")
               and "siapa yang wajib" in e for e in errs), errs


# --- real data ----------------------------------------------------------------------------------------------------

_REAL: dict = {}


def all_real(graph, as_of=None):
    """Every gap of the real graph, once per date for this module, by the compiled engine (pySHACL takes minutes on
    the real graph under load; tests/test_compiled_gaps.py compares the two engines on it, and the fixtures above
    compare them for this kind)."""
    if as_of not in _REAL:
        _REAL[as_of] = gaps.find_gaps(graph, as_of=as_of)
    return _REAL[as_of]


def found_real(graph, as_of=None):
    return [gp for gp in all_real(graph, as_of) if gp.kind == KIND]


def test_real_identification_procedure_gap_is_documented_and_cites_actip_and_the_tip_reports(real_graph):
    [gp] = [gp for gp in found_real(real_graph) if gp.focus == REAL]
    assert (gp.basis, gp.severity) == ("documented", "high")
    assert [i.iri for i in gp.legal_basis] == [str(ID["treaty/asean/2015/actip/article/14/paragraph/1"])]
    assert sorted(e.finding for e in gp.evidence) == [str(ID[f]) for f in REAL_FINDINGS]
    assert gp.detail["ratified_by"] == ["uu/2017/12"]
    assert [p["period"] for p in gp.detail["not_adopted"]] == ["2018–2019", "2019–2020", "2022–2023"]
    en = gp.message["en"]
    assert en.startswith("ACTIP, Article 14(1) mandates a procedure: establish national guidelines or procedures for "
                         "the proper identification of trafficking victims, a duty of Government of Indonesia.")
    assert "Law 12/2017, in force from 2017, only its year being recorded" in en
    assert "2018–2019, 2019–2020, 2022–2023" in en and "UU 12/2017" in gp.message["id"]
    quotes = [q["quote"] for e in gp.evidence for q in e.quotes]
    assert any("did not finalize the procedures" in q for q in quotes)
    assert any("lacked a national SOP" in q for q in quotes)


def test_real_gap_opens_with_the_ratifying_law_and_is_data_to_collect_until_the_first_report(real_graph):
    assert REAL not in {gp.focus for gp in found_real(real_graph, as_of=date(2016, 12, 31))}
    [gp] = [gp for gp in found_real(real_graph, as_of=date(2017, 6, 1)) if gp.focus == REAL]
    assert (gp.basis, gp.evidence) == ("records", [])
    [gp] = [gp for gp in found_real(real_graph, as_of=date(2020, 6, 1)) if gp.focus == REAL]
    assert gp.basis == "documented" and len(gp.evidence) == 2  # the 2023 report is not observed yet


def test_real_minimum_standards_and_sops_mandate_is_met_by_spm_1_2009_and_sop_22_2010(real_graph):
    """PP 9/2008 Art 7 (the Minister shall set minimum service standards and SOPs) is a procedure duty too: the
    ministry issued SPM 1/2009 and SOP 22/2010, which implement it. Open only in 2008, as data to collect."""
    pp9 = str(ID["obligation/pp9-minimum-standards-and-sops"])
    for impl in ("spm/kemenpppa/2009/1", "sop/kemenpppa/2010/22"):
        assert (ID[impl], JAR.implements, ID["pp/2008/9/pasal/7"]) in real_graph, impl
    assert pp9 not in {gp.focus for gp in found_real(real_graph)}
    [gp] = [gp for gp in found_real(real_graph, as_of=date(2008, 6, 1)) if gp.focus == pp9]
    assert (gp.basis, gp.severity) == ("records", "medium")
    assert "In force from 2008-02-04" in gp.message["en"]
    assert pp9 not in {gp.focus for gp in found_real(real_graph, as_of=date(2009, 1, 1))}


def test_real_article_sets_no_deadline_so_only_this_kind_reports_it(real_graph):
    """ACTIP Art 14(1) sets no deadline: implementing-regulation-missing-or-late (which needs one) does not apply."""
    ob = ID["obligation/actip-victim-identification-procedures"]
    assert (ob, JAR.deadlineDays, None) not in real_graph
    assert (ob, JAR.dutyKind, ID["vocab/duty-kinds/adopt-procedure"]) in real_graph
    assert (ID["uu/2017/12"], JAR.ratifies, ID["treaty/asean/2015/actip"]) in real_graph
    assert not [gp for gp in all_real(real_graph) if gp.focus == REAL and gp.kind != KIND]


def test_linking_the_findings_to_the_obligation_changes_no_other_gap(real_graph):
    """The three TIP findings concern the obligation as well as Law 21/2007; the link must not make them count
    against any other gap (a finding supports a gap only when it is about the same right and condition, service or
    group): every other gap has the same evidence with and without the link."""
    from rdflib import Graph

    unlinked = Graph()
    ob = ID["obligation/actip-victim-identification-procedures"]
    for t in real_graph:
        if not (t[1] == JAR.concerns and t[2] == ob):
            unlinked.add(t)
    assert len(unlinked) == len(real_graph) - len(REAL_FINDINGS)

    def evidence(found):
        return sorted((gp.kind, gp.focus, gp.value or "", gp.basis, tuple(sorted(e.finding for e in gp.evidence)))
                      for gp in found if gp.kind != KIND)
    assert evidence(gaps.find_gaps(unlinked)) == evidence(all_real(real_graph))
    assert REAL in {gp.focus for gp in found_real(real_graph)}


# --- the app names every kind in both languages ---------------------------------------------------------------------

def test_every_gap_kind_has_an_interface_name_in_both_languages():
    """The app's kind filter and cards name a kind through ``gaps.kind.<kind>`` (kg/app/gaps.py kind_name); a kind
    without the key showed its id, in English, in the Indonesian interface (procedure-not-adopted, weaker-than-treaty
    and seven more did)."""
    from rdflib.namespace import DCTERMS

    from kg.gaps.report import EXTRA_KINDS
    from kg.i18n import STRINGS

    shapes = gaps.shapes_graph("coverage")
    kinds = {str(k) for k in shapes.objects(None, DCTERMS.identifier)} | set(EXTRA_KINDS)
    assert KIND in kinds and len(kinds) >= 18
    missing = sorted(k for k in kinds if set(STRINGS.get(f"gaps.kind.{k}", {})) != {"id", "en"})
    assert not missing, missing
