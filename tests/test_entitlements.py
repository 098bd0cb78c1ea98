"""The entitlement finder on the fixture graph: groups, exclusions, conditions, as-of, service points, renderers."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kg.answers.finder import entitlements
from kg.render.brief import markdown, render
from kg.answers.groups import profile_groups
from kg.answers.profile import Profile, ProfileError, parse_profile
from test_store import fixture_dist, fixture_store  # noqa: F401  (shared session fixtures)

FISHER = {"sex": "male", "age": 34, "exploited_abroad": "region/mys", "sector": "fishing",
          "exploitation_form": "labour", "regency": "region/indramayu", "province": "region/jawa-barat"}


def _groups(store, **profile):
    return {g.rsplit("/", 1)[1] for g in profile_groups(parse_profile(profile), store)}


def test_group_membership_follows_criteria_and_broader(fixture_store):
    g = _groups(fixture_store, **FISHER)
    assert {"persons", "men", "adults", "adult-men", "trafficking-victims", "trafficked-men", "victims-abroad",
            "migrant-workers", "migrant-fishers", "adult-male-migrant-fishers", "trafficked-migrant-workers"} <= g
    assert not g & {"women", "children", "witnesses", "foreign-victims", "victim-families", "poor-persons"}
    girl = _groups(fixture_store, sex="female", age=15, witness=True)
    assert {"women", "children", "trafficked-children", "trafficked-women", "witnesses", "victim-witnesses"} <= girl
    assert "adults" not in girl and "migrant-workers" not in girl
    # unknown facts are never "met"
    assert _groups(fixture_store) == {"persons", "trafficking-victims"}
    # groups no criterion decides are stated explicitly
    assert "victim-families" in _groups(fixture_store, groups=["victim-families"])
    assert "trafficking-victims" not in _groups(fixture_store, victim=False)


def test_answer_lists_entitlements_with_everything(fixture_store):
    a = entitlements(FISHER, date(2024, 1, 1), store=fixture_store)
    assert set(a.ids()) == {"entitlement/medical", "entitlement/migrant-social-security-2017",
                            "entitlement/restitution"}
    # unknown facts (nationality, poverty letter, witness status) leave these to a question, never to a "no"
    assert set(a.depends_ids()) == {"entitlement/repatriation", "entitlement/poverty-legal-aid",
                                    "entitlement/witness-protection"}
    assert [q.key for q in a.get("repatriation").questions] == ["nationality"]
    assert [q.key for q in a.get("poverty-legal-aid").questions] == ["poverty_letter"]
    assert a.get("witness-protection").questions[0].text["en"] == "Is the victim a witness in a criminal case?"
    med = a.get("medical")
    assert med.legal_basis[0].label == {"en": "Law 21/2007, Article 51(1)", "id": "UU 21/2007 Pasal 51 ayat (1)"}
    assert med.legal_basis[0].iri.endswith("/id/uu/2007/21/pasal/51/ayat/1") and med.legal_basis[0].in_force
    assert [d["id"] for d in med.duty_bearers] == ["org/kemensos"]
    assert [s["id"] for s in med.services] == ["vocab/services/medical-rehabilitation"]
    # nearest first: same regency, then province, then national; closed and other-province points left out
    assert [(p.iri.rsplit("/", 1)[1], p.proximity) for p in med.service_points] == [
        ("rs-indramayu", "regency"), ("rptc-bandung", "province"), ("rptc-jakarta", "national")]
    assert med.sources[0].document == "https://w3id.org/jaring/id/source/nexus-going-home"
    rest = a.get("restitution")
    assert rest.deadline["days"] == 14 and rest.deadline["from"]["en"] == "the court's order"
    assert not rest.duty_bearer_named and rest.duty_bearers == []
    # reporting to the police is a step to take (UU 21/2007 Pasal 51(2)), not a bar
    assert {(c.iri.rsplit("/", 1)[1], c.state) for c in rest.conditions_to_meet} == {
        ("court-order", "step"), ("police-report", "step")}
    assert rest.sources[0].quote == "restitution <b>&"
    assert a.get("poverty-legal-aid").modality == "may"


def test_not_entitled_says_why(fixture_store):
    a = entitlements({**FISHER, "poverty_letter": "no", "reported_to_police": True}, "2024-01-01",
                     store=fixture_store)
    why = {i.id.rsplit("/", 1)[1]: [r.kind for r in i.reasons] for i in a.not_entitled}
    assert why == {"child-shelter": ["not-beneficiary"], "migrant-insurance-2004": ["not-in-force"],
                   "poverty-legal-aid": ["condition"]}
    assert a.verdict("restitution") == "entitled"
    # witness status unknown: protection as a witness depends on the question, it is not refused (issue 16)
    assert a.verdict("witness-protection") == "depends"
    assert [q.key for q in a.get("witness-protection").questions] == ["witness"]
    assert a.get("poverty-legal-aid").reasons[0].text["en"] == "condition not met: Holds a poverty letter (SKTM)"
    assert [c.state for c in a.get("restitution").conditions if c.iri.endswith("police-report")] == ["met"]
    foreign = entitlements({**FISHER, "nationality": "foreign"}, "2024-01-01", store=fixture_store)
    assert [r.kind for r in foreign.get("repatriation").reasons] == ["excluded"]
    assert "entitlement/repatriation" not in foreign.ids()


def test_as_of_changes_the_answer(fixture_store):
    """The migrant-worker law: UU 39/2004 in 2015, UU 18/2017 in 2024."""
    old = entitlements(FISHER, date(2015, 1, 1), store=fixture_store)
    new = entitlements(FISHER, date(2024, 1, 1), store=fixture_store)
    assert "entitlement/migrant-insurance-2004" in old.ids()
    assert "entitlement/migrant-social-security-2017" not in old.ids()
    assert "entitlement/migrant-social-security-2017" in new.ids()
    assert "entitlement/migrant-insurance-2004" not in new.ids()
    assert [r.kind for r in new.get("migrant-insurance-2004").reasons] == ["not-in-force"]
    # before UU 21/2007 took effect, none of its entitlements apply
    before = entitlements(FISHER, date(2006, 1, 1), store=fixture_store)
    assert "entitlement/medical" not in before.ids()


def test_uncertain_entitlement_stays_uncertain(fixture_store):
    a = entitlements({"witness": True, "sex": "female", "age_group": "adult"}, "2024-01-01", store=fixture_store)
    wp = a.get("witness-protection")
    assert wp in a.entitled and wp.certainty == "uncertain"
    assert wp.certainty_note["en"] == "the source doubts it is available in practice"
    assert "uncertain" in markdown(a, "en")


def test_renderers_escape_everything(fixture_store):
    a = entitlements(FISHER, "2024-01-01", store=fixture_store)
    data = json.loads(render(a, "json"))
    assert data["as_of"] == "2024-01-01" and len(data["entitled"]) == 3 and len(data["depends"]) == 3
    assert data["questions"][0]["count"] >= 1 and data["depends"][0]["questions"]
    md = render(a, "md", "id")
    assert "## Berhak atas (3)" in md and "## Bergantung pada jawaban pertanyaan (3)" in md
    known = {**FISHER, "nationality": "indonesian", "reported_to_police": True, "poverty_letter": True}
    a = entitlements(known, "2024-01-01", store=fixture_store)
    data = json.loads(render(a, "json"))
    assert data["entitled"][0]["legal_basis"][0]["label"]["id"] == "UU 21/2007 Pasal 51 ayat (1)"
    html = render(a, "html", "id")
    assert "restitution &lt;b&gt;&amp;" in html and "<b>&" not in html
    assert html.startswith("<!DOCTYPE html>") and "UU 21/2007 Pasal 51 ayat (1)" in html
    md = render(a, "md", "id")
    assert "restitution \\<b\\>&" in md and "## Berhak atas (5)" in md
    with pytest.raises(ValueError):
        render(a, "pdf")


@pytest.mark.parametrize("data,field", [
    ({"sex": "x"}, "sex"), ({"age": "old"}, "age"), ({"age_group": "elder"}, "age_group"),
    ({"witness": "perhaps"}, "witness"), ({"colour": "red"}, "colour"), ({"sector": "Fishing Boats!"}, "sector"),
    ({"nationality": "Mars!"}, "nationality"), ({"age": 200}, "age"),
])
def test_profile_errors_name_the_field(data, field):
    with pytest.raises(ProfileError, match=f"^{field}:"):
        parse_profile(data)


def test_profile_parsing():
    p = parse_profile({"sex": "Perempuan", "age": 16, "exploited_abroad": "mys", "identified": "ya",
                       "nationality": "indonesian", "groups": "victim-families, poor-persons"})
    assert (p.sex, p.age, p.age_group, p.exploited_abroad, p.identified) == ("female", 16, "child", "mys", True)
    assert p.groups == ["victim-families", "poor-persons"] and p.abroad is True
    assert parse_profile({"exploited_abroad": "no"}).abroad is False
    assert parse_profile({"exploited_abroad": "region/mys", "sector": "domestic-work"}).is_migrant_worker is True
    assert isinstance(parse_profile(Profile()), Profile)
    with pytest.raises(ProfileError, match="exploitation_form"):
        parse_profile({"exploitation_form": "nope"}, vocab={"exploitation-forms": {"labour", "sexual"}})


def test_cli_entitlements(fixture_dist, capsys):
    from kg.cli import main

    code = main(["entitlements", "--dist", str(fixture_dist), "--sex", "male", "--age", "adult", "--abroad",
                 "region/mys", "--sector", "fishing", "--regency", "region/indramayu", "--as-of", "2015-01-01",
                 "--format", "json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert "entitlement/migrant-insurance-2004" in [i["id"] for i in out["entitled"]]
    assert main(["entitlements", "--dist", str(fixture_dist), "--witness", "perhaps"]) == 2
    assert "witness:" in capsys.readouterr().err


def test_repeated_answers_are_equal(fixture_store):
    """The finder caches per store and date: asking again gives the same answer. (Its speed is measured by the
    benchmark, `kg bench`, never by a timed test.)"""
    first = entitlements(FISHER, "2024-01-01", store=fixture_store).to_json()
    assert all(entitlements(FISHER, "2024-01-01", store=fixture_store).to_json() == first for _ in range(3))


@pytest.mark.slow
def test_gaps_touching_the_answer(fixture_store):
    pytest.importorskip("kg.gaps")
    from kg.answers.gapcache import gaps_for

    gaps = gaps_for(fixture_store, date(2024, 1, 1))
    assert gaps is not None
    a = entitlements(FISHER, "2024-01-01", store=fixture_store)
    rest = a.get("restitution")
    assert "non-delivery-reported" in {g["kind"] for g in rest.gaps}
    assert "non-delivery-reported" in a.gap_kinds() and not a.notes
    assert entitlements(FISHER, "2024-01-01", store=fixture_store, with_gaps=False).gaps == []
    assert "non-delivery-reported" in markdown(a, "en")
