"""Scenarios drawn from the field research's case examples, abstracted (no names, no places finer than a
regency): a profile in; expected entitlements with their legal basis, expected exclusions with their reason,
and expected gap kinds out, on the real graph.

Scenario files (``tests/scenarios/*.yaml``)::

    id: s02-fishing-crew-abroad
    as_of: 2015-06-01
    profile: {sex: male, age_group: adult, exploited_abroad: south-africa, sector: fishing, ...}
    expect:
      groups: [adult-male-migrant-fishers, ...]          # group concepts the profile must belong to
      entitled:                                           # entitlement → provisions among its legal bases
        entitlement/uu21-protection-abroad: [uu/2007/21/pasal/54]
      not_entitled:                                       # entitlement → reason kind
        entitlement/uu39-insurance: excluded
      gap_kinds: [non-delivery-reported, ...]             # gap kinds the answer must carry
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.entitlements import entitlements, gaps_for
from kg.store import open_store
from test_store import real_dist  # noqa: F401  (shared session fixture)

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["id"] == path.stem
    return data


def test_there_are_at_least_20_scenarios():
    assert len(SCENARIOS) >= 20
    for path in SCENARIOS:
        data = _load(path)
        assert set(data) <= {"id", "as_of", "profile", "expect"}, path.name
        assert set(data["expect"]) <= {"groups", "entitled", "not_entitled", "gap_kinds"}, path.name
        text = path.read_text("utf-8").lower()
        assert "phone" not in text and "@" not in text  # no personal data


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(real_dist, path):
    data = _load(path)
    store = open_store(real_dist)
    expect = data["expect"]
    answer = entitlements(data["profile"], data["as_of"], store=store, with_gaps=False)
    groups = {g["id"].rsplit("/", 1)[1] for g in answer.groups}
    missing_groups = set(expect.get("groups", [])) - groups
    assert not missing_groups, f"profile not in groups {sorted(missing_groups)}; it is in {sorted(groups)}"
    entitled = {i.id: i for i in answer.entitled}
    for ident, bases in (expect.get("entitled") or {}).items():
        item = answer.get(ident)
        assert item is not None, f"{ident} is not in the graph"
        assert ident in entitled, f"{ident} expected, but: {[r.text['en'] for r in item.reasons]}"
        have = {b.iri.split("/id/", 1)[1] for b in item.legal_basis}
        assert set(bases) <= have, f"{ident}: legal basis {sorted(have)} lacks {sorted(set(bases) - have)}"
        assert item.sources, f"{ident} has no source"
    for ident, kind in (expect.get("not_entitled") or {}).items():
        item = answer.get(ident)
        assert item is not None, f"{ident} is not in the graph"
        assert ident not in entitled, f"{ident} should not apply ({kind})"
        assert kind in [r.kind for r in item.reasons], f"{ident}: reasons {[r.kind for r in item.reasons]}"


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in SCENARIOS if "gap_kinds" in _load(p)["expect"]],
                         ids=[p.stem for p in SCENARIOS if "gap_kinds" in _load(p)["expect"]])
def test_scenario_gaps(real_dist, path):
    data = _load(path)
    store = open_store(real_dist)
    from datetime import date

    as_of = data["as_of"] if isinstance(data["as_of"], date) else date.fromisoformat(str(data["as_of"]))
    assert gaps_for(store, as_of) is not None
    answer = entitlements(data["profile"], as_of, store=store, with_gaps="cached")
    missing = set(data["expect"]["gap_kinds"]) - answer.gap_kinds()
    assert not missing, f"gap kinds {sorted(missing)} not found; found {sorted(answer.gap_kinds())}"


@pytest.mark.parametrize("field,value", [("exploited_abroad", "region/mys"), ("exploited_abroad", "zaf"),
                                         ("province", "region/jawa-barrat")])
def test_a_scenario_with_an_unknown_id_fails(real_dist, field, value):
    """Issue 20: four scenarios once used region/mys and region/zaf, which name no region, and passed because
    any region other than Indonesia counted as abroad. The finder now checks every id against the graph, so
    such a scenario fails instead of passing for the wrong reason."""
    from kg.profile import ProfileError

    data = {"id": "s00-unknown", "as_of": "2015-06-01", "profile": {"sex": "male", field: value}, "expect": {}}
    with pytest.raises(ProfileError, match="recorded in the graph"):
        entitlements(data["profile"], data["as_of"], store=open_store(real_dist), with_gaps=False)
    for path in SCENARIOS:  # and no scenario file names one
        assert not re.search(r"region/(mys|zaf)\b|:\s*(mys|zaf)\b", path.read_text("utf-8")), path.name
