"""Citations → IRIs, and full-text search in both languages."""
from __future__ import annotations

import pytest

from kg.answers.citations import CitationError, parse, resolve
from kg.answers.search import fold, search
from kg.store.store import iri
from test_store import fixture_dist, fixture_store, real_dist  # noqa: F401  (shared session fixtures)


@pytest.mark.parametrize("text,expected", [
    ("UU No. 21 Tahun 2007 Pasal 51 ayat (1)", ("uu", "21", 2007, None, "pasal/51/ayat/1")),
    ("Undang-Undang Nomor 21 Tahun 2007", ("uu", "21", 2007, None, None)),
    ("Law 21/2007, Article 51(2)", ("uu", "21", 2007, None, "pasal/51/ayat/2")),
    ("Law No. 21 of 2007, Article 51 paragraph 2 letter b", ("uu", "21", 2007, None, "pasal/51/ayat/2/huruf/b")),
    ("PP 9/2008", ("pp", "9", 2008, None, None)),
    ("Peraturan Pemerintah No. 9 Tahun 2008", ("pp", "9", 2008, None, None)),
    ("Perpres 69/2008", ("perpres", "69", 2008, None, None)),
    ("Peraturan Presiden Nomor 69 Tahun 2008", ("perpres", "69", 2008, None, None)),
    ("Keppres 88/2002", ("keppres", "88", 2002, None, None)),
    ("Perma 1/2022", ("perma", "1", 2022, None, None)),
    ("Peraturan Mahkamah Agung Nomor 1 Tahun 2022 Pasal 2", ("perma", "1", 2022, None, "pasal/2")),
    ("Supreme Court Regulation 1/2022", ("perma", "1", 2022, None, None)),
    ("Permensos 22/2013", ("permen", "22", 2013, "kemensos", None)),
    ("Peraturan Menteri Sosial Nomor 22 Tahun 2013", ("permen", "22", 2013, "kemensos", None)),
    ("Penjelasan Pasal 51 UU 21/2007", ("uu", "21", 2007, None, "penjelasan/pasal/51")),
    ("Elucidation of Article 51 of Law 21/2007", ("uu", "21", 2007, None, "penjelasan/pasal/51")),
    ("UU 021/2007 pasal 1 angka 3", ("uu", "21", 2007, None, "pasal/1/angka/3")),
    ("uu  no.21  th. 2007", ("uu", "21", 2007, None, None)),
])
def test_parse(text, expected):
    p = parse(text)
    assert (p.type, p.number, p.year, p.scope, p.path) == expected


@pytest.mark.parametrize("text", ["", "hello", "Law 21", "Pasal 51 ayat (1)", "UU 21/07"])
def test_parse_errors_are_clear(text):
    with pytest.raises(CitationError):
        parse(text)


@pytest.mark.parametrize("text,target", [
    ("UU No. 21 Tahun 2007 Pasal 51 ayat (1)", "uu/2007/21/pasal/51/ayat/1"),
    ("Undang-Undang Nomor 21 Tahun 2007", "uu/2007/21"),
    ("Law 21/2007, Article 51(1)", "uu/2007/21/pasal/51/ayat/1"),
    ("Law 21/2007, Article 51", "uu/2007/21/pasal/51"),
    ("PP 9/2008", "pp/2008/9"),
    ("Perpres 69/2008", "perpres/2008/69"),
    ("Permensos 22/2013", "permen/kemensos/2013/22"),
    ("Permen 22/2013", "permen/kemensos/2013/22"),
    ("UU 39/2004", "uu/2004/39"),
])
def test_resolve_on_the_fixture_graph(fixture_store, text, target):
    hit = resolve(text, store=fixture_store)
    assert hit.iri == iri(target) and hit.id == target
    assert fixture_store.exists(hit.iri)


def test_resolve_labels_and_errors(fixture_store):
    assert resolve("UU 21/2007 Pasal 51 ayat 1", store=fixture_store, lang="id").label == "UU 21/2007 Pasal 51 ayat (1)"
    with pytest.raises(CitationError, match="not recorded"):
        resolve("UU 21/2007 Pasal 99", store=fixture_store)
    with pytest.raises(CitationError, match="not in the graph"):
        resolve("Keppres 88/2002", store=fixture_store)
    with pytest.raises(CitationError, match="not in the graph"):
        resolve("Permenkes 22/2013", store=fixture_store)


def test_resolve_on_the_real_graph(real_dist):
    from kg.store.store import open_store

    store = open_store(real_dist)
    assert resolve("UU No. 21 Tahun 2007", store=store).id == "uu/2007/21"
    assert resolve("UU 21/2007 Pasal 1 angka 3", store=store).id == "uu/2007/21/pasal/1/angka/3"
    # English "Article 1(3)" is read as ayat, then as angka when the law numbers it that way
    assert resolve("Law 21/2007, Article 1(3)", store=store).id == "uu/2007/21/pasal/1/angka/3"


def test_search_both_languages(fixture_store):
    ids = [h.id for h in search("rehabilitasi kesehatan", store=fixture_store)]
    assert "entitlement/medical" in ids[:3]
    ids = [h.id for h in search("medical rehab", store=fixture_store, lang="en")]
    assert "entitlement/medical" in ids[:3]
    assert search("Restitusi", store=fixture_store)[0].id.startswith(("entitlement/restitution",
                                                                      "vocab/services/restitution"))
    assert search("zzzz-not-there", store=fixture_store) == []
    assert search("", store=fixture_store) == []
    hit = search("UU 21/2007 Pasal 51 ayat (1)", store=fixture_store)[0]
    assert hit.id == "uu/2007/21/pasal/51/ayat/1" and hit["iri"] == iri(hit.id)
    assert fold("Pérlindungan") == "perlindungan"


def test_cli_cite_and_search(fixture_dist, capsys):
    from kg.cli import main

    assert main(["cite", "--dist", str(fixture_dist), "PP", "9/2008"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t")[0] == iri("pp/2008/9")
    assert main(["cite", "--dist", str(fixture_dist), "UU 21/2007 Pasal 99"]) == 1
    assert main(["search", "--dist", str(fixture_dist), "restitusi"]) == 0
    assert "entitlement/restitution" in capsys.readouterr().out


def test_amending_law_articles_are_printed_in_capitals():
    from kg.legal import provision_label

    assert provision_label("Law 31/2014", "pasal/i/angka/3", "en") == "Law 31/2014, Article I(3)"
    assert provision_label("UU 31/2014", "pasal/ii", "id") == "UU 31/2014 Pasal II"
    assert provision_label("UU 1/2023", "pasal/622/ayat/1/huruf/c", "id") == "UU 1/2023 Pasal 622 ayat (1) huruf c"


def test_parse_regional_ministerial_and_amending_forms():
    assert parse("Perda Jawa Barat 3/2008").instrument_id == "perda/jawa-barat/2008/3"
    assert parse("Peraturan Daerah Provinsi Jawa Barat Nomor 3 Tahun 2008 Pasal 8").path == "pasal/8"
    assert parse("Kepgub Jabar 63/2014").instrument_id == "kepgub/jawa-barat/2014/63"
    assert parse("West Java Governor Decree 63/2014").instrument_id == "kepgub/jawa-barat/2014/63"
    assert parse("Pergub DKI Jakarta 218/2010").instrument_id == "pergub/dki-jakarta/2010/218"
    assert parse("PermenPPPA 4/2018").instrument_id == "permen/kemenpppa/2018/4"
    assert parse("Permenko Kesra 25/2009").instrument_id == "permen/menko-pmk/2009/25"
    assert parse("Perma 1/2022").instrument_id == "perma/2022/1"
    assert parse("Government Regulation in Lieu of Law 2/2022").instrument_id == "perppu/2022/2"
    assert parse("SPM 1/2009").type == "spm" and parse("SOP 22/2010").type == "sop"
    assert parse("Law 31/2014, Article I(3) Article 6(1)(b)").path == "pasal/i/angka/3/pasal/6/ayat/1/huruf/b"
    assert parse("UU 31/2014 Pasal II").path == "pasal/ii"
    assert parse("Law 1/2023, Article 622(1)(ac)").path == "pasal/622/ayat/1/huruf/ac"
    assert parse("Penjelasan UU 18/2017 Umum").path == "penjelasan/umum"
    assert parse("Jakarta Regional Regulation 8/2011").path is None  # "Jakarta" is no "Art. a"
    with pytest.raises(CitationError, match="two instruments"):
        parse("UU 21/2007 Pasal 51 dan PP 9/2008")


def test_every_label_the_graph_holds_parses_back_to_its_own_iri(real_dist):
    """Round trip: each instrument and provision label, Indonesian and English, is a citation of itself."""
    from kg.store.store import open_store

    store = open_store(real_dist)
    rows = store.select("SELECT ?x ?l WHERE { { ?x a jar:LegalInstrument } UNION { ?x a jar:Provision } "
                        "?x rdfs:label ?l }")
    assert len(rows) > 1000
    wrong = []
    for r in rows:
        try:
            got = resolve(r["l"], store=store).iri
        except CitationError as exc:
            got = f"error: {exc}"
        if got != r["x"]:
            wrong.append((r["l"], got))
    assert wrong == []
    assert resolve("MoSA Regulation 22/2013, Article 12", store=store).id == "permen/kemensos/2013/22/pasal/12"
    assert resolve("Protokol Palermo Pasal 3", store=store).id == "treaty/un/2000/palermo-protocol/article/3"
    assert resolve("Law 31/2014, Article I(3)", store=store).label == "Law 31/2014, Article I(3)"
    assert resolve("SPM 1/2009", store=store).id == "spm/kemenpppa/2009/1"


def test_group_citations_from_the_command_line():
    from kg.cli.commands_query import group_citations

    assert group_citations(["PP", "9/2008"]) == [("PP 9/2008", False)]
    assert group_citations(["Law 21/2007 Article 51(1)", "Law 21/2007 Article 52(1)"]) == [
        ("Law 21/2007 Article 51(1)", False), ("Law 21/2007 Article 52(1)", False)]
    assert group_citations(["PP", "9/2008", "UU", "21/2007", "Pasal", "51"]) == [
        ("PP 9/2008", False), ("UU 21/2007 Pasal 51", False)]
    assert group_citations(["Law 21/2007 Article 51(1)", "Article 52(1)"])[1] == ("Article 52(1)", True)
    assert group_citations(["UU 21/2007", "Pasal", "51"]) == [("UU 21/2007 Pasal 51", False)]


def test_cli_cites_each_argument_on_its_own_line(real_dist, capsys):
    from kg.cli import main

    rc = main(["cite", "--dist", str(real_dist), "Law 21/2007 Article 51(1)", "Law 21/2007 Article 52(1)",
               "Perda Jawa Barat 3/2008", "Article 8", "UU 21/2007 Pasal 99", "Perma 1/2022"])
    out, err = capsys.readouterr()
    assert rc == 1  # one of them failed, and says so
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        iri("uu/2007/21/pasal/51/ayat/1"), iri("uu/2007/21/pasal/52/ayat/1"), iri("perda/jawa-barat/2008/3"),
        iri("perda/jawa-barat/2008/3/pasal/8"), iri("perma/2022/1")]
    assert "UU 21/2007 Pasal 99" in err and "not recorded" in err
    assert main(["cite", "--dist", str(real_dist), "PP 9/2008", "SPM 1/2009"]) == 0
