"""A broken source record is refused with an error a person can act on: file:line: field: what is wrong.

The broken-record cases themselves are readable YAML files, each beside the messages it must give:
tests/fixtures/invalid/*.yaml (checked here at the loader, and by tests/test_bad_records.py at the build). This
file keeps what is not of that shape: valid inputs that must load, and checks over the real sources."""
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


def test_an_empty_sources_folder_has_nothing_to_build(tmp_path):
    empty = tmp_path / "sources"
    empty.mkdir()
    loaded = load_sources(empty)
    assert loaded.records == {}


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
