"""A broken source record is refused with an error a person can act on: file:line: field: what is wrong."""
from __future__ import annotations

import pytest

from kg.records.load import SourcesInvalid, load_sources


def errors_of(src) -> list[str]:
    with pytest.raises(SourcesInvalid) as info:
        load_sources(src)
    return [str(e) for e in info.value.errors]


def test_the_base_tree_is_valid(sources_tree):
    loaded = load_sources(sources_tree())
    assert {r.kind for r in loaded.records.values()} >= {"instrument", "provision", "entitlement", "institution"}


def test_unknown_field_is_named_with_a_suggestion(sources_tree):
    src = sources_tree({"institutions/i.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
          kind: ministry
          levle: national
          source: {doc: nexus-going-home, at: "§4.1"}
        """})
    errs = errors_of(src)
    assert "sources/institutions/i.yaml:4: levle: unknown field (did you mean 'level'?)" in errs


def test_a_fact_without_source_is_refused(sources_tree):
    src = sources_tree({"institutions/i.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
          kind: ministry
          level: national
        """})
    errs = errors_of(src)
    assert ("sources/institutions/i.yaml:1: source: every institution names its source "
            "(document and pinpoint); none given") in errs


def test_a_citation_to_an_unknown_document_is_refused(sources_tree):
    src = sources_tree({"regions/r.yaml": """\
        - id: idn
          kind: country
          name: {en: Indonesia, id: Indonesia}
          source: {doc: nexus-going-hom, at: "§4.1"}
        """})
    errs = errors_of(src)
    assert ("sources/regions/r.yaml:4: source.doc: unknown document 'source/nexus-going-hom' "
            "(did you mean 'source/nexus-going-home'?)") in errs


def test_a_citation_without_pinpoint_is_refused(sources_tree):
    src = sources_tree({"regions/r.yaml": """\
        - id: idn
          kind: country
          name: {en: Indonesia, id: Indonesia}
          source: {doc: nexus-going-home}
        """})
    assert "sources/regions/r.yaml:4: source.at: required field is missing" in errors_of(src)


def test_a_dangling_provision_reference_is_refused(sources_tree):
    src = sources_tree({"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/52]
          duty_bearers: [org/kemensos]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """})
    assert ("sources/entitlements/e.yaml:5: legal_basis[0]: unknown provision or instrument "
            "'uu/2007/21/pasal/52' (did you mean 'uu/2007/21/pasal/51'?)") in errors_of(src)


def test_a_dangling_institution_reference_is_refused(sources_tree):
    src = sources_tree({"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          duty_bearers: [org/kemensoss]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """})
    assert ("sources/entitlements/e.yaml:6: duty_bearers[0]: unknown institution 'org/kemensoss' "
            "(did you mean 'org/kemensos'?)") in errors_of(src)


def test_a_reference_to_the_wrong_kind_is_refused(sources_tree):
    src = sources_tree({"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          duty_bearers: [region/idn]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """})
    assert "sources/entitlements/e.yaml:6: duty_bearers[0]: 'region/idn' is a region, expected institution" \
        in errors_of(src)


def test_a_duplicate_id_names_both_places(sources_tree):
    src = sources_tree({"institutions/j.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
          kind: ministry
          level: national
          source: {doc: nexus-going-home, at: "§4.1"}
        """})
    assert ("sources/institutions/j.yaml:1: id: duplicate id 'org/kemensos' "
            "(first defined at sources/institutions/i.yaml:1)") in errors_of(src)


def test_an_instrument_written_with_zero_padding_is_the_same_instrument(sources_tree):
    src = sources_tree({"instruments/dup.yaml": """\
        - type: uu
          number: "021"
          year: 2007
          title: {id: Duplikat, en: Duplicate}
          source: {doc: nexus-going-home, at: "§4.1"}
        """})
    assert any("duplicate id 'uu/2007/21'" in e for e in errors_of(src))


def test_a_wrong_date_format_is_refused(sources_tree):
    src = sources_tree({"institutions/i.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
          kind: ministry
          level: national
          valid_from: 19-04-2007
          source: {doc: nexus-going-home, at: "§4.1"}
        """})
    assert ("sources/institutions/i.yaml:5: valid_from: expected a date written YYYY-MM-DD, got '19-04-2007'"
            in errors_of(src))


def test_invalid_yaml_names_the_line(sources_tree):
    src = sources_tree({"regions/r.yaml": "- id: idn\n  kind: country\n  name: {en: Indonesia, id: Indonesia\n"
                                          "  source: {doc: nexus-going-home, at: x}\n"})
    errs = errors_of(src)
    assert "sources/regions/r.yaml:4: (yaml): invalid YAML: expected ',' or '}', but got ':'" in errs


def test_a_quote_over_25_words_is_refused(sources_tree):
    quote = " ".join(["kata"] * 26)
    src = sources_tree({"regions/r.yaml": f"""\
        - id: idn
          kind: country
          name: {{en: Indonesia, id: Indonesia}}
          source: {{doc: nexus-going-home, at: "§4.1", quote: "{quote}", quote_lang: id}}
        """})
    assert "sources/regions/r.yaml:4: source.quote: quote has 26 words, over the limit of 25" in errors_of(src)


def test_a_missing_language_is_refused(sources_tree):
    src = sources_tree({"institutions/i.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs}
          kind: ministry
          level: national
          source: {doc: nexus-going-home, at: "§4.1"}
        """})
    assert "sources/institutions/i.yaml:2: name: missing language(s): id" in errors_of(src)


def test_every_error_is_reported_at_once(sources_tree):
    src = sources_tree({
        "institutions/i.yaml": """\
            - id: kemensos
              name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
              kind: ministry
              levle: national
              source: {doc: nexus-going-home, at: "§4.1"}
            """,
        "regions/r.yaml": """\
            - id: idn
              kind: country
              name: {en: Indonesia, id: Indonesia}
              source: {doc: nowhere, at: "§4.1"}
            """})
    errs = errors_of(src)
    assert any(e.startswith("sources/institutions/i.yaml:4: levle:") for e in errs)
    assert any(e.startswith("sources/regions/r.yaml:4: source.doc:") for e in errs)
    assert any("level: required field is missing" in e for e in errs)


def test_an_empty_sources_folder_has_nothing_to_build(tmp_path):
    empty = tmp_path / "sources"
    empty.mkdir()
    loaded = load_sources(empty)
    assert loaded.records == {}


def test_text_cut_by_a_yaml_comment_is_refused(sources_tree):
    """Regression: `note: … Table #3 of the source` kept only "… Table" (YAML reads " #3 …" as a comment), so the
    PEBA programme, the migrant-insurance note and the NEXUS bibliography entry lost the end of their text."""
    src = sources_tree({"institutions/i.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
          kind: ministry
          level: national
          description:
            en: Named in Table #3 of the source
            id: "Disebut dalam Tabel #3 sumber"
          source: {doc: nexus-going-home, at: "§4.1"}
        """})
    errs = [e for e in errors_of(src) if "institutions/i.yaml" in e]
    assert len(errs) == 1, errs
    assert errs[0].startswith("sources/institutions/i.yaml:6: en: text ends at ' #'"), errs
    assert "'#3 of the source'" in errs[0] and "quote the value" in errs[0] and "tanda kutip" in errs[0]


@pytest.mark.parametrize("value", ['"Table #3 of the source"', "'Table #3 of the source'", "Table#3",
                                   "Table 3  # a comment on a value that is not text would still be text"])
def test_quoted_text_keeps_its_hash_and_only_cut_plain_text_is_refused(sources_tree, value):
    src = sources_tree({"institutions/i.yaml": f"""\
        - id: kemensos
          name: {{en: Ministry of Social Affairs, id: Kementerian Sosial}}
          kind: ministry
          level: national
          description: {{en: x, id: y}}
          acronym: {value}
          source: {{doc: nexus-going-home, at: "§4.1"}}
        """})
    if value.startswith("Table 3"):
        assert any("i.yaml:6: acronym: text ends at ' #'" in e for e in errors_of(src))
    else:
        loaded = load_sources(src)
        rec = next(r for r in loaded.records.values() if r.kind == "institution")
        assert "#3" in rec.data["acronym"] or rec.data["acronym"] == "Table#3"


def test_no_real_source_value_is_cut_by_a_comment():
    """Every real source file loads; a plain value followed by ' #' anywhere would be refused above."""
    from pathlib import Path

    from kg.sources.yamlsrc import SourceError, load_yaml
    root = Path(__file__).resolve().parent.parent / "sources"
    files = sorted(root.rglob("*.yaml"))
    assert files
    for f in files:
        try:
            load_yaml(f)
        except SourceError as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(str(exc))


def _observation(quote: str, at: str = "§5.4") -> dict[str, str]:
    return {"datasets/d.yaml": """\
        - id: centres
          label: {en: Service centres, id: Pusat layanan}
          source: {doc: nexus-going-home, at: "§5.4"}
        """, "statistics/s.yaml": f"""\
        - id: ppt-district
          dataset: centres
          label: {{en: Integrated service centres at district level, id: PPT tingkat kabupaten/kota}}
          measure: victims-identified
          value: 247
          unit: service-points
          area: region/idn
          source:
            doc: nexus-going-home
            at: "{at}"
            quote: "{quote}"
            quote_lang: en
        """}


def test_a_quote_that_stops_before_its_figure_is_refused(sources_tree):
    """Regression: the 247 district service centres were supported by a quote ending "…34 PPT at provincial
    government institutions", which stops before the figure."""
    errs = [e for e in errors_of(sources_tree(_observation(
        "The Task Force established 123 PPT in hospitals, 34 PPT at provincial government institutions")))
        if "statistics/s.yaml" in e]
    assert len(errs) == 1 and errs[0].startswith("sources/statistics/s.yaml:1: source.quote: does not state "
                                                 "the figure 247"), errs


@pytest.mark.parametrize("quote,at", [("247 PPT at city/regency government institutions", "§5.4"),
                                      ("Cases and victims 2013-2017", "Table 1")])
def test_a_quote_stating_its_figure_or_naming_its_table_is_accepted(sources_tree, quote, at):
    loaded = load_sources(sources_tree(_observation(quote, at)))
    assert any(r.kind == "observation" for r in loaded.records.values())


def _fixture_cases():
    import yaml
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "invalid"
    return [(p.stem, yaml.safe_load(p.read_text("utf-8"))) for p in sorted(folder.glob("*.yaml"))]


@pytest.mark.parametrize("name,case", _fixture_cases(), ids=[n for n, _ in _fixture_cases()])
def test_each_invalid_fixture_gives_its_message(sources_tree, name, case):
    """The readable broken-record cases (tests/fixtures/invalid/*.yaml), checked at the loader (fast); the
    build-level check of the same cases is tests/test_bad_records.py."""
    errs = errors_of(sources_tree(case["files"]))
    for want in case["expect"]:
        assert any(e.startswith(want) for e in errs), f"{name}: {want!r} not in {errs}"
