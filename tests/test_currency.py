"""Currency register (INTERFACES #2) and successor mapping (#3): the fields are checked with file:line errors in
both languages, and become IRI-named nodes (no blank nodes) with a checked date, a finding concept and citations."""
from __future__ import annotations

import textwrap

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from kg.records.load import SourcesInvalid, load_sources
from kg.namespaces import ID, JAR

UU = "sources/instruments/uu.yaml"
ENT = "sources/entitlements/e.yaml"

# Law 21/2007 of the base tree, plus a fictitious successor "uu/2020/1" whose right re-enacts the old one.
OLD = """\
    - type: uu
      number: "21"
      year: 2007
      title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
      jurisdiction: region/idn
      dates: {enacted: 2007-04-19, in_force: 2007-04-19, ended: 2020-01-01}
      ended_by: uu/2020/1/pasal/9
      status: repealed
      source: {doc: nexus-going-home, at: "§4.1, p. 35"}
{currency}
      provisions:
        - at: pasal/51/ayat/1
          summary: {en: Victims may receive rehabilitation., id: Korban berhak atas rehabilitasi.}
          source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
    - type: uu
      number: "1"
      year: 2020
      title: {id: Undang-undang pengganti, en: Successor law}
      jurisdiction: region/idn
      dates: {enacted: 2020-01-01, in_force: 2020-01-01}
      source: {doc: nexus-going-home, at: "§4.1"}
      currency:
        checked_on: 2026-12-05
        found: no-change
        sources: [{doc: nexus-going-home, at: "§4.1"}]
      provisions:
        - at: pasal/5
          summary: {en: Victims receive rehabilitation., id: Korban mendapat rehabilitasi.}
          source: {doc: nexus-going-home, at: "§4.1"}
        - at: pasal/9
          summary: {en: Repeals the old law., id: Mencabut undang-undang lama.}
          source: {doc: nexus-going-home, at: "§4.1"}
"""
REVOKED = """\
      currency:
        checked_on: 2026-12-05
        found: revoked
        by: [uu/2020/1/pasal/9]
        sources:
          - {doc: nexus-going-home, at: "§4.1", quote: "dicabut dan dinyatakan tidak berlaku", quote_lang: id}"""

ENTS = """\
    - id: medical
      label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
      services: [medical-rehabilitation]
      beneficiaries: [trafficking-victims]
      legal_basis: [uu/2007/21/pasal/51/ayat/1]
      duty_bearers: [org/kemensos]
      source: {doc: nexus-going-home, at: "§4.1, p. 35"}
{successors}
    - id: medical-new
      label: {en: Medical rehabilitation (new), id: Rehabilitasi kesehatan (baru)}
      services: [medical-rehabilitation]
      beneficiaries: [trafficking-victims]
      legal_basis: [uu/2020/1/pasal/5]
      duty_bearers: [org/kemensos]
      source: {doc: nexus-going-home, at: "§4.1"}
"""
RE_ENACTED = """\
      successors:
        - kind: re-enacted
          by: entitlement/medical-new
          basis: uu/2020/1/pasal/5
          source: {doc: nexus-going-home, at: "§4.1", quote: "Korban berhak", quote_lang: id}"""


def tree(sources_tree, currency: str = REVOKED, successors: str = RE_ENACTED, extra: dict | None = None):
    files = {"instruments/uu.yaml": OLD.replace("{currency}", currency),
             "entitlements/e.yaml": ENTS.replace("{successors}", successors)}
    files.update(extra or {})
    return sources_tree(files)


def errors_of(src) -> list[str]:
    with pytest.raises(SourcesInvalid) as info:
        load_sources(src)
    return [str(e) for e in info.value.errors]


def test_a_good_currency_record_and_successor_mapping_load(sources_tree):
    loaded = load_sources(tree(sources_tree))
    inst = loaded.records["uu/2007/21"]
    assert inst.data["currency"]["found"] == "revoked"
    assert str(inst.data["currency"]["checked_on"]) == "2026-12-05"
    ent = loaded.records["entitlement/medical"]
    assert ent.data["successors"][0]["by"] == "entitlement/medical-new"


def test_currency_and_succession_become_named_nodes_with_citations(sources_tree):
    from kg.build.pipeline import build_dataset

    ds = build_dataset(tree(sources_tree)).dataset
    merged = Graph()
    for ctx in ds.graphs():
        merged += ctx
    node = ID["uu/2007/21/currency"]
    assert (ID["uu/2007/21"], JAR.currency, node) in merged
    assert (node, RDF.type, JAR.CurrencyCheck) in merged
    assert (node, JAR.checkedOn, Literal("2026-12-05", datatype=XSD.date)) in merged
    assert (node, JAR.currencyFinding, ID["vocab/currency-findings/revoked"]) in merged
    assert (node, JAR.changedBy, ID["uu/2020/1/pasal/9"]) in merged
    assert (node, JAR.coversUntil, None) not in merged  # optional: only when the sources end earlier
    assert list(merged.objects(node, JAR.source)), "the check cites what was checked"
    snode = ID["entitlement/medical/succession/entitlement.medical-new"]
    assert (ID["entitlement/medical"], JAR.succession, snode) in merged
    assert (snode, RDF.type, JAR.Succession) in merged
    assert (snode, JAR.successionKind, ID["vocab/succession-kinds/re-enacted"]) in merged
    assert (snode, JAR.successor, ID["entitlement/medical-new"]) in merged
    assert (snode, JAR.successionBasis, ID["uu/2020/1/pasal/5"]) in merged
    assert (ID["entitlement/medical"], JAR.succeededBy, ID["entitlement/medical-new"]) in merged
    assert list(merged.objects(snode, JAR.source))
    # the finding and kind concepts exist with labels in both languages and a definition
    for c in (ID["vocab/currency-findings/revoked"], ID["vocab/succession-kinds/re-enacted"]):
        assert {lit.language for lit in merged.objects(c, SKOS.prefLabel)} == {"id", "en"}
        assert {lit.language for lit in merged.objects(c, SKOS.definition)} == {"id", "en"}
    # no blank nodes anywhere in what was built
    assert not [t for t in merged if any(isinstance(x, BNode) for x in t)]


def test_the_ontology_declares_the_new_terms_in_both_languages():
    from rdflib.namespace import RDFS

    from kg.build.pipeline import ONTOLOGY_DIR

    onto = Graph().parse(ONTOLOGY_DIR / "jaring.ttl")
    for term in ("CurrencyCheck", "Succession", "currency", "checkedOn", "coversUntil", "currencyFinding", "changedBy",
                 "succession", "successionKind", "successor", "successionBasis", "succeededBy"):
        labels = {lit.language for lit in onto.objects(JAR[term], RDFS.label)}
        comments = {lit.language for lit in onto.objects(JAR[term], RDFS.comment)}
        assert labels == {"id", "en"} and comments == {"id", "en"}, term


CURRENCY_CASES = [
    ("unknown-finding", REVOKED.replace("found: revoked", "found: repealed"),
     f"{UU}:12: currency.found: 'repealed' is not one of: no-change, amended, revoked, changes-not-encoded, "
     "not-found"),
    ("missing-date", REVOKED.replace("        checked_on: 2026-12-05\n", ""),
     f"{UU}:10: currency.checked_on: required field is missing"),
    ("bare-year", REVOKED.replace("checked_on: 2026-12-05", "checked_on: 2026"),
     f"{UU}:11: currency.checked_on: expected a date written YYYY-MM-DD"),
    ("future-date", REVOKED.replace("checked_on: 2026-12-05", "checked_on: 2999-01-01"),
     f"{UU}:10: currency.checked_on: 2999-01-01 is in the future"),
    ("revoked-without-by", REVOKED.replace("        by: [uu/2020/1/pasal/9]\n", ""),
     f"{UU}:10: currency.by: found: revoked names what amended or revoked the instrument"),
    ("by-unknown-instrument", REVOKED.replace("by: [uu/2020/1/pasal/9]", "by: [uu/2020/2]"),
     f"{UU}:13: currency.by[0]: unknown instrument or provision 'uu/2020/2'"),
    ("not-found-without-note", REVOKED.replace("found: revoked", "found: not-found")
     .replace("        by: [uu/2020/1/pasal/9]\n", ""),
     f"{UU}:10: currency.note: found: not-found needs a note (id and en)"),
    ("note-in-one-language", REVOKED + "\n        note: {en: looked in JDIH}",
     f"{UU}:16: currency.note: missing language(s): id"),
    ("no-change-naming-a-changer", REVOKED.replace("found: revoked", "found: no-change"),
     f"{UU}:10: currency.by: found: no-change names no amending or revoking instrument"),
    ("no-change-on-a-repealed-instrument", REVOKED.replace("found: revoked", "found: no-change")
     .replace("        by: [uu/2020/1/pasal/9]\n", ""),
     f"{UU}:10: currency.found: found: no-change, but the instrument records that it was ended"),
    ("no-sources", REVOKED.split("        sources:")[0].rstrip("\n"),
     f"{UU}:10: currency.sources: a currency check names what was checked"),
    ("covers-after-the-check", REVOKED.replace("checked_on: 2026-12-05", "checked_on: 2026-12-05\n        covers_until: 2026-12-06"),
     f"{UU}:10: currency.covers_until: comes after checked_on"),
    ("typo-in-a-field", REVOKED.replace("checked_on:", "checkd_on:"),
     f"{UU}:11: currency.checkd_on: unknown field (did you mean 'checked_on'?)"),
]


@pytest.mark.parametrize("name,currency,expected", CURRENCY_CASES, ids=[c[0] for c in CURRENCY_CASES])
def test_a_bad_currency_record_is_refused_with_file_line_and_field(sources_tree, name, currency, expected):
    errs = errors_of(tree(sources_tree, currency=currency))
    assert any(e.startswith(expected) for e in errs), errs


def test_the_currency_errors_are_bilingual(sources_tree):
    errs = errors_of(tree(sources_tree, currency=REVOKED.replace("        by: [uu/2020/1/pasal/9]\n", "")))
    assert any(" / sebutkan instrumen atau pasal" in e for e in errs), errs


def test_revoked_finding_on_an_instrument_without_end_is_refused(sources_tree):
    src = tree(sources_tree, extra={"instruments/uu.yaml": OLD.replace("{currency}", REVOKED)
               .replace(", ended: 2020-01-01", "").replace("      ended_by: uu/2020/1/pasal/9\n", "")
               .replace("      status: repealed\n", "")})
    errs = errors_of(src)
    assert any(e.startswith(f"{UU}:8: currency.found: found: revoked, but the instrument records no end")
               for e in errs), errs


SUCC = "      successors:\n        - kind: {kind}\n{by}          basis: uu/2020/1/pasal/5\n{note}{source}"
SRC = '          source: {doc: nexus-going-home, at: "§4.1"}\n'
NOTE = "          note: {en: narrower, id: lebih sempit}\n"
BY = "          by: entitlement/medical-new\n"

SUCCESSOR_CASES = [
    ("re-enacted-without-by", SUCC.format(kind="re-enacted", by="", note="", source=SRC),
     f"{ENT}:9: successors[0].by: a re-enacted right names its successor right"),
    ("changed-without-note", SUCC.format(kind="changed", by=BY, note="", source=SRC),
     f"{ENT}:9: successors[0].note: kind: changed needs a note (id and en) saying what changed"),
    ("dropped-without-note", SUCC.format(kind="dropped", by="", note="", source=SRC),
     f"{ENT}:9: successors[0].note: kind: dropped needs a note (id and en) saying what is missing"),
    ("dropped-with-a-successor", SUCC.format(kind="dropped", by=BY, note=NOTE, source=SRC),
     f"{ENT}:9: successors[0].by: a dropped right has no successor right"),
    ("unknown-kind", SUCC.format(kind="renamed", by=BY, note="", source=SRC),
     f"{ENT}:9: successors[0].kind: 'renamed' is not one of: re-enacted, changed, dropped"),
    ("no-source", SUCC.format(kind="re-enacted", by=BY, note="", source=""),
     f"{ENT}:9: successors[0].source: every succession cites the successor's text"),
    ("no-basis", SUCC.format(kind="re-enacted", by=BY, note="", source=SRC).replace(
        "          basis: uu/2020/1/pasal/5\n", ""),
     f"{ENT}:9: successors[0].basis: required field is missing"),
    ("successor-is-not-an-entitlement", SUCC.format(kind="re-enacted", by="          by: uu/2020/1/pasal/5\n",
                                                     note="", source=SRC),
     f"{ENT}:10: successors[0].by: 'uu/2020/1/pasal/5' is a provision, expected entitlement"),
    ("successor-unknown", SUCC.format(kind="re-enacted", by=BY.replace("medical-new", "medical-nw"), note="",
                                      source=SRC),
     f"{ENT}:10: successors[0].by: unknown entitlement 'entitlement/medical-nw' (did you mean "
     "'entitlement/medical-new'?)"),
    ("succeeds-itself", SUCC.format(kind="re-enacted", by=BY.replace("medical-new", "medical"), note="",
                                    source=SRC),
     f"{ENT}:9: successors[0].by: a right cannot succeed itself"),
    ("mapped-twice", RE_ENACTED + "\n" + RE_ENACTED.split("successors:\n")[1],
     f"{ENT}:13: successors[1]: entitlement/medical-new is mapped twice"),
]


@pytest.mark.parametrize("name,successors,expected", SUCCESSOR_CASES, ids=[c[0] for c in SUCCESSOR_CASES])
def test_a_bad_successor_mapping_is_refused_with_file_line_and_field(sources_tree, name, successors, expected):
    errs = errors_of(tree(sources_tree, successors=successors.rstrip("\n")))
    assert any(e.startswith(expected) for e in errs), errs


def test_an_obligation_successor_must_be_an_obligation(sources_tree):
    obl = textwrap.dedent("""\
        - id: rehab-duty
          label: {en: Provide rehabilitation, id: Memberikan rehabilitasi}
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          successors:
            - kind: re-enacted
              by: entitlement/medical-new
              basis: uu/2020/1/pasal/5
              source: {doc: nexus-going-home, at: "§4.1"}
          source: {doc: nexus-going-home, at: "§4.1"}
        """)
    errs = errors_of(tree(sources_tree, extra={"obligations/o.yaml": obl}))
    assert any(e.startswith("sources/obligations/o.yaml:6: successors[0].by: 'entitlement/medical-new' is a "
                            "entitlement, expected obligation") for e in errs), errs


# --- the build rule: an instrument that may be in force on the build date has a currency check -------------------

NO_CHECK = """\
    - type: uu
      number: "9"
      year: 2019
      title: {id: Undang-undang tanpa pemeriksaan, en: A law never checked}
      jurisdiction: region/idn
      dates: {enacted: 2019-01-01, in_force: 2019-01-01{end}}
      source: {doc: nexus-going-home, at: "§4.1"}
"""


def test_an_instrument_in_force_without_a_currency_check_fails_the_build(sources_tree):
    errs = errors_of(tree(sources_tree, extra={"instruments/x.yaml": NO_CHECK.replace("{end}", "")}))
    msg = [e for e in errs if e.startswith("sources/instruments/x.yaml:1: currency: no currency check")]
    assert msg, errs
    assert "/ belum ada pemeriksaan status" in msg[0] and "sources/README.md" in msg[0]  # bilingual, with a hint


def test_an_ended_instrument_may_lack_a_check_and_the_build_date_decides(tmp_path, monkeypatch):
    from conftest import write_sources

    def make(sub: str, text: str):
        return write_sources(tmp_path / sub, {"instruments/uu.yaml": OLD.replace("{currency}", REVOKED),
                                              "entitlements/e.yaml": ENTS.replace("{successors}", RE_ENACTED),
                                              "instruments/x.yaml": text})

    ended = NO_CHECK.replace("{end}", ", ended: 2020-01-01") + "      status: expired\n"
    load_sources(make("a", ended))  # no error
    future_end = NO_CHECK.replace("{end}", ", ended: 2030-01-01") + "      ended_by: uu/2020/1\n"
    src = make("b", future_end)
    monkeypatch.setenv("JARING_BUILD_DATE", "2025-06-01")
    assert any("may be in force on 2025-06-01" in e for e in errors_of(src))
    monkeypatch.setenv("JARING_BUILD_DATE", "2031-01-01")
    load_sources(src)  # ended before the build date: no check needed
