"""Regression: the query guard's SPARQL parser (rdflib, pyparsing) once broke when two threads parsed at once,
after which every query was refused. `kg serve` and the app check queries from many threads."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kg.store.sparql import QueryRefused, check_query

QUERIES = sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))


def test_there_are_canned_queries_to_check():
    assert len(QUERIES) >= 30


def test_many_threads_checking_queries_at_once_all_get_the_right_answer():
    texts = [q.read_text("utf-8") for q in QUERIES]
    wrong: list[str] = []

    def worker() -> None:
        me = threading.get_ident()
        for round_ in range(3):
            for text in texts:
                try:
                    # a comment unique to this call: the guard remembers verdicts per text, and each call
                    # must reach the parser for the race to be possible
                    check_query(f"{text}\n# {me} {round_}")
                except QueryRefused as exc:
                    wrong.append(f"valid query refused: {exc}")
            try:
                check_query("DROP ALL")
                wrong.append("an update was let through")
            except QueryRefused as exc:
                if "read-only" not in str(exc):
                    wrong.append(f"update refused for the wrong reason: {exc}")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert wrong == []
    # and the parser is still whole afterwards
    assert check_query(texts[0]).form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_a_remembered_verdict_is_the_same_verdict():
    from kg.store import sparql

    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 7 # remembered"
    sparql._VERDICTS.clear()
    first = check_query(text)
    assert (text, True, False) in sparql._VERDICTS
    assert check_query(text) == first
    refused = "DELETE WHERE { ?s ?p ?o } # remembered"
    for _ in range(2):  # a refused text stays refused when asked again
        with pytest.raises(QueryRefused, match="read-only"):
            check_query(refused)
    assert isinstance(sparql._VERDICTS[(refused, True, False)], str)


def test_the_verdict_cache_is_bounded():
    from kg.store import sparql

    sparql._VERDICTS.clear()
    for i in range(sparql.VERDICT_CACHE_SIZE + 20):
        check_query(f"ASK {{ ?s ?p {i} }}")
    assert len(sparql._VERDICTS) == sparql.VERDICT_CACHE_SIZE
    assert ("ASK { ?s ?p 0 }", True, False) not in sparql._VERDICTS  # the oldest went first
