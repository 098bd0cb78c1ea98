"""The search index (issue 19 item 3): built once into dist/search.json, ranked, prefixes, typos, acronyms,
Indonesian roots, both languages, document names, real totals."""
from __future__ import annotations

import json

import pytest

from kg.answers import search as search_mod
from kg.answers.search import Index, load_index, search, write_index
from test_store import real_dist  # noqa: F401  (shared session fixture)


@pytest.fixture(scope="module")
def real_index(real_dist):
    write_index(real_dist)
    idx = load_index(real_dist)
    assert idx is not None
    return idx


def _ids(idx, text, n=3, **kw):
    return [h.id for h in idx.search(text, limit=n, **kw)]


def test_the_index_is_written_once_and_refused_when_stale(real_dist, real_index, tmp_path):
    data = json.loads((real_dist / "search.json").read_text("utf-8"))
    assert data["version"] and data["format"] == search_mod.FORMAT
    # every text is in it (the store's default 10,000-row cap once cut the index short)
    assert len(data["docs"]) > 10000
    stale = tmp_path / "dist"
    stale.mkdir()
    for f in real_dist.iterdir():
        (stale / f.name).write_bytes(f.read_bytes())
    data["version"] = "something-else"
    (stale / "search.json").write_text(json.dumps(data), "utf-8")
    assert load_index(stale) is None


def test_acronyms_written_together_find_each_other(real_index):
    assert "programme/kube" in _ids(real_index, "GEBA", 5)
    assert "programme/kube" in _ids(real_index, "KUBE", 5)


def test_indonesian_roots_typos_prefixes_and_the_other_language(real_index):
    assert "vocab/stages/recovery" in _ids(real_index, "pemulihan")  # root pulih, English label Recovery
    assert "source/challenges-fight-trafficking-indonesia" in _ids(real_index, "tantangan")
    assert "source/challenges-fight-trafficking-indonesia" in _ids(real_index, "nine challenges")
    assert any("social-rehabilitation" in i for i in _ids(real_index, "rehabiltasi sosial", 3))  # typo
    assert any("social-rehabilitation" in i for i in _ids(real_index, "social rehab", 5))  # prefix
    assert real_index.search("zzzzqqq") == []


def test_a_mistyped_word_ranks_as_the_word_it_was_taken_for(real_index):
    """A typo is read as the word of the index it was taken for, also for the phrase bonus: "rehabiltasi sosial"
    ranks like "rehabilitasi sosial" (before, every record with both words tied and the order was alphabetical,
    so a record about psychosocial rehabilitation came first)."""
    assert _ids(real_index, "rehabiltasi sosial", 5) == _ids(real_index, "rehabilitasi sosial", 5)
    assert "vocab/services/social-rehabilitation" in _ids(real_index, "rehabiltasi sosial", 3)


def test_document_names_resolve(real_index):
    hits = real_index.search("seed 001", limit=3)
    assert hits[0].id == "source/challenges-fight-trafficking-indonesia"
    assert "Challenges" in hits[0].label[""] or "Challenges" in str(hits[0].label)


def test_the_statutory_fund_ranks_above_the_donor_fund(real_index):
    ids = _ids(real_index, "Dana Bantuan Korban", 10)
    assert ids.index("entitlement/uu12-2022-victim-trust-fund-compensation") < \
        ids.index("programme/iom-victim-assistance-fund")


def test_the_total_is_the_real_number_of_matches(real_index):
    hits = real_index.search("P2TP2A", limit=5)
    assert len(hits) == 5 and hits.total > 20


def test_search_without_a_store_reads_the_index_file(real_dist, real_index, monkeypatch):
    import kg.store.store

    def no_store(*a, **k):
        raise AssertionError("the graph was loaded for a plain search")

    monkeypatch.setattr(kg.store.store, "open_store", no_store)
    assert search("GEBA", dist=real_dist).total >= 2


def test_cli_search_says_the_total_and_when_nothing_is_found(real_dist, real_index, capsys):
    from kg.cli import main

    assert main(["search", "--dist", str(real_dist), "P2TP2A", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "(3 of " in out and "--limit" in out
    assert main(["search", "--dist", str(real_dist), "zzzzqqq"]) == 0
    assert "no hits" in capsys.readouterr().out


def test_index_from_a_store_matches_the_file(real_dist, real_index):
    from kg.store.store import open_store

    in_memory = Index.from_store(open_store(real_dist))
    assert _ids(in_memory, "GEBA", 5) == _ids(real_index, "GEBA", 5)


def test_an_english_title_quoted_in_an_indonesian_label_keeps_its_english_stem():
    """Regression: once "Challenges" appeared in an Indonesian label (a dataset quoting the paper's English title),
    the word counted as Indonesian only, lost its English stem "challenge", and "tantangan" found nothing."""
    rdfs_label = search_mod.PREFIXES["rdfs"] + "label"

    class Store:
        def select(self, query, max_rows=None):
            if query != search_mod.Q_TEXTS:
                return []
            return [{"s": "https://w3id.org/jaring/id/source/paper", "p": rdfs_label,
                     "o": "Challenges in the fight against trafficking", "lang": "en"},
                    {"s": "https://w3id.org/jaring/id/dataset/d", "p": rdfs_label,
                     "o": "Angka dalam makalah Challenges in the fight", "lang": "id"}]

    idx = Index(search_mod.build_index_data(Store(), version="t"))
    assert {h.iri for h in idx.search("tantangan")} == {"https://w3id.org/jaring/id/source/paper",
                                                          "https://w3id.org/jaring/id/dataset/d"}
