"""Gap kind weaker-than-treaty (issue 15 item 6): a domestic provision that falls short of the provision of a treaty
Indonesia ratified, recorded as a treaty comparison (sources/treaty_comparisons/) that quotes both texts as read.

Fires only when the comparison says "falls-short" and, on the date, the domestic provision, the treaty provision and a
law ratifying the treaty are in force; documented (high) when the comparison names findings of an outside source,
derived from law (medium) when only Jaring's reading of the two texts says so. Both engines (compiled SPARQL and
pySHACL) must agree on every case."""
from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg import gaps
from kg.gaps.timeline import timeline
from kg.records.load import SourcesInvalid, load_sources
from kg.namespaces import ELI, ID, JAR

from test_shapes import load_pair

KIND = "weaker-than-treaty"
FOCUS = str(ID["comparison/c"])
REAL = str(ID["comparison/palermo-3c-child-trafficking-without-means"])
MEETS = str(ID["comparison/palermo-6-3-recovery-assistance"])


def found(graph, as_of=None):
    """The weaker-than-treaty gaps, after checking that both engines agree."""
    out = {}
    for engine in ("compiled", "shacl"):
        out[engine] = sorted((gp.focus, gp.severity, gp.basis, gp.message["en"])
                             for gp in gaps.find_gaps(graph, as_of=as_of, engine=engine) if gp.kind == KIND)
    assert out["compiled"] == out["shacl"]
    return [gp for gp in gaps.find_gaps(graph, as_of=as_of) if gp.kind == KIND]


_REAL: dict = {}


def found_real(graph, as_of=None):
    """:func:`found` on the real graph, computed once per date for this module (each run of the reference engine,
    pySHACL, takes about half a minute on the real graph). Both engines are compared at the latest state; the
    earlier dates use the compiled engine alone (tests/test_compiled_gaps.py compares the two engines on the real
    graph at two dates, and this module's fixtures compare them for this kind)."""
    if as_of not in _REAL:
        _REAL[as_of] = (found(graph) if as_of is None
                        else [gp for gp in gaps.find_gaps(graph, as_of=as_of) if gp.kind == KIND])
    return _REAL[as_of]


@pytest.fixture
def pair():
    return load_pair("WeakerThanTreaty")


def test_a_comparison_that_falls_short_of_a_ratified_treaty_is_a_gap(pair):
    _ok, bad = pair
    [gp] = found(bad)
    assert gp.focus == FOCUS
    # only Jaring's reading of both texts: derived from law, medium, and the report says so
    assert (gp.basis, gp.severity) == ("derived", "medium")
    assert gp.detail["assessed_by"] == "jaring" and gp.detail["reason"]["en"] == "Jaring's reading"
    assert "Jaring's own reading" in gp.message["en"] and "pembacaan Jaring" in gp.message["id"]
    assert "Law 21/2007, Article 1" in gp.message["en"] and "Protocol, Article 3" in gp.message["en"]
    assert "Law 14/2009" in gp.message["en"] and "UU 14/2009" in gp.message["id"]
    assert gp.detail["treaty_text"]["quote"] == "a child for the purpose of exploitation"
    assert gp.detail["ratified_by"] == ["uu/2009/14"]
    assert [i.iri for i in gp.legal_basis] == [str(ID["uu/2007/21/pasal/1"])]


def test_a_comparison_that_meets_the_treaty_is_no_gap(pair):
    ok, _bad = pair
    assert found(ok) == []


def test_no_gap_before_the_ratifying_law_is_in_force(pair):
    _ok, bad = pair
    assert found(bad, as_of=date(2009, 3, 4)) == []
    assert [gp.focus for gp in found(bad, as_of=date(2009, 3, 5))] == [FOCUS]


def test_no_gap_when_no_law_ratifies_the_treaty(pair):
    _ok, bad = pair
    bad.remove((ID["uu/2009/14"], JAR.ratifies, None))
    assert found(bad) == []


def test_no_gap_once_the_domestic_provision_has_ended(pair):
    _ok, bad = pair
    bad.add((ID["uu/2007/21"], ELI.date_no_longer_in_force, Literal("2020-01-01", datatype=XSD.date)))
    assert [gp.focus for gp in found(bad, as_of=date(2019, 12, 31))] == [FOCUS]
    assert found(bad, as_of=date(2020, 1, 1)) == []
    assert found(bad) == []  # the latest recorded state


def test_an_outside_source_makes_it_documented_and_high(pair):
    _ok, bad = pair
    f = ID["finding/f"]
    bad.add((f, RDF.type, JAR.Finding))
    bad.add((f, JAR.findingKind, Literal("gap")))
    bad.add((f, JAR.source, ID["citation/c1"]))
    bad.add((ID["comparison/c"], JAR.assessmentFinding, f))
    bad.set((ID["comparison/c"], JAR.assessedBy, Literal("source")))
    [gp] = found(bad)
    assert (gp.basis, gp.severity) == ("documented", "high")
    assert [e.finding for e in gp.evidence] == [str(f)]
    assert "outside source" in gp.message["en"]


def test_the_timeline_opens_it_at_ratification_and_closes_it_when_the_domestic_text_ends(pair):
    _ok, bad = pair
    bad.add((ID["uu/2007/21"], ELI.date_no_longer_in_force, Literal("2020-01-01", datatype=XSD.date)))
    steps = timeline(bad, since=date(2000, 1, 1), until=date(2024, 1, 1))
    opened = [(st.day, gp.focus) for st in steps for gp in st.opened if gp.kind == KIND]
    closed = [(st.day, gp.focus) for st in steps for gp in st.closed if gp.kind == KIND]
    assert opened == [(date(2009, 3, 5), FOCUS)]
    assert closed == [(date(2020, 1, 1), FOCUS)]


# --- real data ---------------------------------------------------------------------------------------------------

def test_real_child_trafficking_without_means_gap_is_documented_and_cites_both_texts(real_graph):
    by_focus = {gp.focus: gp for gp in found_real(real_graph)}
    gp = by_focus[REAL]
    assert (gp.basis, gp.severity) == ("documented", "high")
    assert [e.finding.rsplit("/", 1)[-1] for e in gp.evidence] == ["tip2018-child-sex-trafficking-requires-force"]
    assert gp.detail["ratified_by"] == ["uu/2009/14"]
    assert gp.detail["domestic"] == "uu/2007/21/pasal/1/angka/1"
    assert gp.detail["treaty_provision"] == "treaty/un/2000/palermo-protocol/article/3/point/c"
    assert gp.detail["treaty_text"]["quote"].startswith("(c) The recruitment")
    assert gp.detail["domestic_text"]["quote"].startswith("Perdagangan Orang adalah")
    assert {i.iri.rsplit("/", 1)[-1] for i in gp.groups} >= {"trafficked-children"}
    # the comparison that finds Article 51(1) meets Article 6(3) is no gap
    assert MEETS not in by_focus


def test_real_gap_opens_when_the_protocol_ratification_takes_effect(real_graph):
    assert REAL not in {gp.focus for gp in found_real(real_graph, as_of=date(2009, 3, 4))}
    assert REAL in {gp.focus for gp in found_real(real_graph, as_of=date(2009, 3, 5))}


# --- bad records -------------------------------------------------------------------------------------------------

TREATY = """\
    - type: treaty
      scope: un
      slug: p
      year: 2000
      title: {en: Protocol, id: Protokol}
      source: {doc: nexus-going-home, at: "§4.2"}
      currency: {checked_on: 2026-12-05, found: no-change, sources: [{doc: nexus-going-home, at: "§4.2"}]}
      provisions:
        - at: article/3
          summary: {en: Definitions., id: Definisi.}
          source: {doc: nexus-going-home, at: "§4.2"}
    """

COMPARISON = """\
    - id: c
      label: {{en: Article 51 beside Article 3, id: Pasal 51 dan Pasal 3}}
      domestic: {domestic}
      domestic_text: {{doc: nexus-going-home, at: "§4.1", quote: "entitled to rehabilitation", quote_lang: en}}
      treaty: {treaty}
      treaty_text: {{doc: nexus-going-home, at: "§4.2"{quote}}}
      verdict: falls-short
      aspect: {{en: Something, id: Sesuatu}}
      assessed_by: {by}
    """


def errors_of(sources_tree, **kw) -> list[str]:
    args = {"domestic": "uu/2007/21/pasal/51/ayat/1", "treaty": "treaty/un/2000/p/article/3",
            "quote": ', quote: "the definitions", quote_lang: en', "by": "jaring"} | kw
    src = sources_tree({"instruments/t.yaml": TREATY, "treaty_comparisons/c.yaml": COMPARISON.format(**args)})
    try:
        load_sources(src)
    except SourcesInvalid as exc:
        return [str(e) for e in exc.errors]
    return []


def test_a_comparison_whose_treaty_text_was_not_quoted_is_refused(sources_tree):
    errs = errors_of(sources_tree, quote="")
    assert any(e.startswith("sources/treaty_comparisons/c.yaml:1: treaty_text.quote: quote the text that was read")
               for e in errs), errs


def test_jaring_reading_without_a_reason_is_refused(sources_tree):
    errs = errors_of(sources_tree)
    assert any(e.startswith("sources/treaty_comparisons/c.yaml:1: reason: assessed_by: jaring needs the reason")
               for e in errs), errs


def test_an_outside_assessment_names_its_findings(sources_tree):
    errs = errors_of(sources_tree, by="source")
    assert any(e.startswith("sources/treaty_comparisons/c.yaml:1: findings: assessed_by: source names the finding")
               for e in errs), errs


def test_the_treaty_side_must_be_a_treaty_provision(sources_tree):
    errs = errors_of(sources_tree, treaty="uu/2007/21/pasal/51/ayat/1")
    assert any(e.startswith("sources/treaty_comparisons/c.yaml:1: treaty: 'uu/2007/21/pasal/51/ayat/1' is not a "
                            "provision of a treaty") for e in errs), errs


def test_real_non_punishment_gap_rests_on_jarings_reading_and_says_so(real_graph):
    """Law 21/2007 Art 18 (coerced crimes only, criminal liability only) beside ACTIP Art 14(7): no outside source
    recorded states it, so the gap is derived from law, medium, and the message and detail name Jaring's reading."""
    by_focus = {gp.focus: gp for gp in found_real(real_graph)}
    gp = by_focus[str(ID["comparison/actip-14-7-non-punishment"])]
    assert (gp.basis, gp.severity) == ("derived", "medium")
    assert gp.evidence == []
    assert gp.detail["assessed_by"] == "jaring" and "narrower in scope" in gp.detail["reason"]["en"]
    assert gp.detail["ratified_by"] == ["uu/2017/12"]
    assert "Jaring's own reading" in gp.message["en"] and "pembacaan Jaring" in gp.message["id"]


def test_real_migrant_workers_convention_article_67_is_compared_with_law_18_2017_and_met(real_graph):
    """CMW Art. 67 (ratified by Law 6/2012) was read (lawin.org copy): both paragraphs are compared with Law 18/2017
    Art. 24, quoting both texts, and judged met on Jaring's reading (a duty of states to co-operate 'as appropriate'
    against a duty of Indonesia's own governments to give return and reintegration), so neither is a gap."""
    comparisons = {
        "cmw-67-1-orderly-return": ("uu/2017/18/pasal/24/ayat/1/huruf/a", "article/67/paragraph/1", "orderly return"),
        "cmw-67-2-durable-reintegration": ("uu/2017/18/pasal/24/ayat/1/huruf/d", "article/67/paragraph/2",
                                           "durable social and cultural reintegration"),
    }
    cmw = "treaty/un/1990/migrant-workers-convention/"
    for slug, (domestic, article, words) in comparisons.items():
        c = ID[f"comparison/{slug}"]
        assert (c, RDF.type, JAR.TreatyComparison) in real_graph, slug
        assert real_graph.value(c, JAR.domesticProvision) == ID[domestic]
        assert real_graph.value(c, JAR.treatyProvision) == ID[cmw + article]
        assert str(real_graph.value(c, JAR.comparisonVerdict)) == "meets"
        assert str(real_graph.value(c, JAR.assessedBy)) == "jaring"
        treaty_quote = str(real_graph.value(real_graph.value(c, JAR.treatyText), JAR.quote))
        assert words in treaty_quote, treaty_quote
        assert str(real_graph.value(real_graph.value(c, JAR.domesticText), JAR.document)).endswith("text-uu-2017-18")
    assert not {gp.focus for gp in found_real(real_graph)} & {str(ID[f"comparison/{s}"]) for s in comparisons}
    # the ratifying law makes the comparison live: Law 6/2012 ratifies the Convention
    assert (ID["uu/2012/6"], JAR.ratifies, ID[cmw.rstrip("/")]) in real_graph
