"""The reviewed register (tests/gold/gaps.yaml) against the engine on the real data: every high gap of the
default report is reviewed, every expected gap is found, every non-gap stays out; any difference fails."""
from __future__ import annotations

import pytest

from kg import gaps
from kg.gaps.grading import SHOWN
from kg.gaps.report import _key
from kg.gaps.review import load_review


@pytest.fixture(scope="module")
def real_gaps(real_graph):
    return gaps.find_gaps(real_graph)


@pytest.fixture(scope="module")
def review():
    r = load_review()
    assert r is not None and r.entries
    return r


def _shown(found):
    return {_key(g): g for g in found if g.basis in SHOWN}


def test_every_high_gap_of_the_report_is_reviewed(real_gaps, review):
    table = review.by_key()
    unreviewed = sorted(k for k, g in _shown(real_gaps).items() if g.severity == "high"
                        and table.get(k, {}).get("expect") != "gap")
    assert not unreviewed, f"high gaps not in tests/gold/gaps.yaml: {unreviewed}"


def test_every_expected_gap_is_found(real_gaps, review):
    shown = _shown(real_gaps)
    missing = sorted(k for k, e in review.by_key().items() if e["expect"] == "gap" and k not in shown)
    assert not missing, f"reviewed gaps the engine no longer reports: {missing}"


def test_no_non_gap_is_reported(real_gaps, review):
    shown = _shown(real_gaps)
    back = []
    for e in review.entries:
        if e["expect"] != "no-gap":
            continue
        for kind, focus, value in shown:
            if kind == e["kind"] and focus == e["focus"] and (not e.get("value") or value == e["value"]):
                back.append((kind, focus, value))
    assert not back, f"non-gaps reported again: {back}"


def test_every_entry_has_a_reason_and_a_source(review):
    for e in review.entries:
        assert e["expect"] in ("gap", "no-gap")
        assert e.get("reason") and e.get("source"), e
        if e["expect"] == "gap":
            assert e["verdict"] in ("correct", "wrong", "unsupported"), e


def test_precision_is_stated_and_rejected_gaps_are_not_shown(real_gaps, review):
    text = gaps.gaps_doc_text(real_gaps)
    correct, reported = review.precision(real_gaps)
    assert reported and f"**{correct} / {reported} = " in text
    head = text.split("## Reported but reviewed as wrong")[0]
    for e in review.entries:
        if e["expect"] == "gap" and e["verdict"] != "correct":
            assert f"focus: `{e['focus']}`" not in head, e["focus"]


def test_an_unreviewed_high_gap_is_held_back(real_gaps, review):
    from kg.gaps.review import Review

    partial = Review(entries=[e for e in review.entries if e["focus"] != "entitlement/uu40-social-insurance"],
                     reviewed_on=review.reviewed_on)
    text = gaps.gaps_markdown(real_gaps, review=partial)
    body, held = text.split("## High gaps awaiting review")
    assert "focus: `entitlement/uu40-social-insurance`" not in body
    assert "entitlement/uu40-social-insurance" in held
