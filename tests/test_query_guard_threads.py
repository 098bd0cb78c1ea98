"""Regression: the query guard's SPARQL parser (rdflib, pyparsing) once broke when two threads parsed at once,
after which every query was refused. `kg serve` and the app check queries from many threads."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kg.sparql import QueryRefused, check_query

QUERIES = sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))


def test_there_are_canned_queries_to_check():
    assert len(QUERIES) >= 30


def test_many_threads_checking_queries_at_once_all_get_the_right_answer():
    texts = [q.read_text("utf-8") for q in QUERIES]
    wrong: list[str] = []

    def worker() -> None:
        for _ in range(3):
            for text in texts:
                try:
                    check_query(text)
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
