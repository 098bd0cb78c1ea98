"""Gaps through time (kg gaps --timeline): a gap opens on the day the law that makes it takes effect and closes
on the day it ends; the chart rows count it."""
from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kg import gaps
from kg.cli import main
from kg.gaps.timeline import chart_rows, timeline, timeline_text
from kg.namespaces import ELI, ID

from test_shapes import load_pair

KEPGUB = ID["kepgub/jawa-barat/2014/63"]


def _dated() -> Graph:
    _ok, bad = load_pair("JurisdictionDisagreement")
    g = Graph()
    for t in bad:
        g.add(t)
    g.add((KEPGUB, ELI.first_date_entry_in_force, Literal("2014-06-01", datatype=XSD.date)))
    g.add((KEPGUB, ELI.date_no_longer_in_force, Literal("2020-01-01", datatype=XSD.date)))
    return g


def test_a_gap_opens_when_its_law_takes_effect_and_closes_when_it_ends():
    steps = timeline(_dated(), since=date(2000, 1, 1), until=date(2025, 1, 1))
    opened = {(s.day, gp.kind) for s in steps for gp in s.opened}
    closed = {(s.day, gp.kind) for s in steps for gp in s.closed}
    assert (date(2014, 6, 1), "jurisdiction-disagreement") in opened
    assert (date(2020, 1, 1), "jurisdiction-disagreement") in closed
    text = timeline_text(steps)
    assert "2014-06-01" in text and "+ [jurisdiction-disagreement]" in text
    rows = [r for r in chart_rows(steps) if r["kind"] == "jurisdiction-disagreement"]
    assert [(r["date"], r["open"], r["opened"], r["closed"]) for r in rows] == [
        ("2014-06-01", 1, 1, 0), ("2020-01-01", 0, 0, 1)]


def test_kg_gaps_timeline_on_the_real_graph(capsys):
    assert main(["gaps", "--timeline", "--since", "2017-01-01", "--as-of", "2018-01-01"]) == 0
    out = capsys.readouterr()
    assert "change date(s)" in out.err
