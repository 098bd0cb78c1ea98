"""Readable CLI output (issue 19 item 4): wrap instead of cut, full text when piped, --width; views as text, never
a Python repr; empty results say so and what to try; unknown SPARQL prefixes named with the query's own line."""
from __future__ import annotations

import pytest

from kg.cli.commands_query import fit_table
from kg.store.sparql import QueryRefused, check_query, unknown_prefixes
from test_store import fixture_dist, real_dist  # noqa: F401  (shared session fixtures)

LONG = "Group economic business assistance (KUBE) for migrant workers and victims of violence, in full"


def test_a_table_wraps_long_cells_instead_of_cutting_them():
    lines = fit_table(["id", "label"], [["programme/kube", LONG]], 50)
    assert all(len(line) <= 50 for line in lines)
    assert " ".join(" ".join(line.split()[1:] if i == 2 else line.split()) for i, line in enumerate(lines[2:], 2)) \
        .replace("programme/kube ", "").split() == LONG.split()


def test_piped_output_keeps_the_full_text():
    lines = fit_table(["id", "label"], [["programme/kube", LONG]], None)
    assert LONG in lines[2]


def test_query_width_option_and_full_text_when_piped(fixture_dist, capsys):
    from kg.cli import main

    assert main(["query", "instruments-in-force", "--dist", str(fixture_dist), "--width", "40"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 40
    assert main(["query", "instruments-in-force", "--dist", str(fixture_dist)]) == 0  # capsys: not a terminal
    assert "Presidential Regulation 69/2008" in capsys.readouterr().out


def test_unknown_prefix_names_the_prefix_the_declared_ones_and_the_line_typed():
    assert unknown_prefixes("SELECT * WHERE {\n ?x a jar:Entitlement .\n ?x foo:bar ?y }") == [("foo", 3)]
    assert unknown_prefixes('PREFIX ex: <http://e/> SELECT * { ?x ex:y "a:b" ; schema:url <http://x/a:b> }') == []
    with pytest.raises(QueryRefused) as err:
        check_query("SELECT ?x WHERE { ?x foo:bar ?y }")
    msg = str(err.value)
    assert "'foo:'" in msg and "line 1 of the query" in msg and "jar:" in msg and "PREFIX foo:" in msg


def test_show_prints_records_as_text_never_a_repr(real_dist, capsys):
    from kg.cli import main

    assert main(["show", "discrepancies", "--dist", str(real_dist)]) == 0
    out = capsys.readouterr().out
    assert "claims:" in out and "  - value: " in out
    assert "[{" not in out and "{'" not in out and "'doc':" not in out


def test_an_empty_view_says_so_and_what_to_try(real_dist, capsys):
    from kg.cli import main

    assert main(["show", "provisions", "perpres/2008/69", "--dist", str(real_dist), "--as-of", "1990-01-01"]) == 0
    out = capsys.readouterr().out
    assert "No provision of perpres/2008/69" in out and "Try: kg show entity perpres/2008/69" in out


def test_an_empty_canned_query_says_so_and_what_to_try(real_dist, capsys):
    from kg.cli import main

    assert main(["query", "amendment-chain", "-p", "instrument=uu/2007/21", "--dist", str(real_dist)]) == 0
    out = capsys.readouterr().out
    assert "(0 rows)" in out and "No rows for these parameters" in out and "kg query amendment-chain --show" in out
    assert main(["query", "unsourced-check", "--dist", str(real_dist)]) == 0
    assert "must be empty" in capsys.readouterr().out
