"""Citations → IRIs, and full-text search in both languages."""
from __future__ import annotations

import pytest

from kg.citations import CitationError, parse, resolve
from kg.search import fold, search
from kg.store import iri
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
    from kg.store import open_store

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
    assert capsys.readouterr().out.splitlines()[0] == iri("pp/2008/9")
    assert main(["cite", "--dist", str(fixture_dist), "UU 21/2007 Pasal 99"]) == 1
    assert main(["search", "--dist", str(fixture_dist), "restitusi"]) == 0
    assert "entitlement/restitution" in capsys.readouterr().out
