"""The advocate's brief and answer (issue 16): ordered for action, honest about unknowns, places that fit the
person, a few pages long, and fast on the real graph."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.answers.finder import SECTIONS, entitlements
from kg.render.brief import render
from kg.store.store import open_store
from test_store import real_dist  # noqa: F401  (shared session fixture)

ROOT = Path(__file__).resolve().parent.parent
WOMAN = {"sex": "female", "age": 24, "exploited_abroad": "malaysia", "sector": "domestic-work",
         "exploitation_forms": ["labour"], "landing": "dki-jakarta", "regency": "indramayu", "hardship": True}


@pytest.fixture(scope="module")
def real(real_dist):  # noqa: F811
    return open_store(real_dist)


@pytest.fixture(scope="module")
def woman(real):
    return entitlements(WOMAN, "2024-01-01", store=real, with_gaps=False)


def test_hardship_is_a_fact_to_ask_not_a_step(real):
    """Issue 16: 'suffers physical or psychological hardship' was labelled '(step to take)'."""
    a = entitlements({"sex": "male", "age": 30}, "2024-01-01", store=real, with_gaps=False)
    med = a.get("uu21-medical-rehabilitation")
    states = {c.iri.rsplit("/", 1)[-1]: c.state for c in med.conditions}
    assert states["hardship"] == "unknown" and med.verdict == "depends"
    assert [q.key for q in med.questions] == ["hardship"]
    assert states["police-report"] == "step" and states["claim-filed"] == "step"  # steps, never bars
    a = entitlements({"sex": "male", "age": 30, "hardship": True}, "2024-01-01", store=real, with_gaps=False)
    assert a.verdict("uu21-medical-rehabilitation") == "entitled"


def test_no_unknown_fact_gives_not_entitled(real):
    """With nothing known, every 'not entitled' rests on a known fact (the date) and no other reason."""
    a = entitlements({}, "2024-01-01", store=real, with_gaps=False)
    assert a.depends and a.questions
    assert {r.kind for it in a.not_entitled for r in it.reasons} <= {"not-in-force"}


def test_sections_in_order_and_core_rights_first(woman):
    assert [i.section for i in woman.entitled] == sorted((i.section for i in woman.entitled), key=SECTIONS.index)
    for section in SECTIONS:
        items = [i for i in woman.entitled if i.section == section]
        cores = [i.core for i in items]
        assert cores == sorted(cores, reverse=True), section  # Law 21/2007 rights open each section
    assert woman.entitled[0].core and woman.entitled[0].id.startswith("entitlement/uu21-")


def test_brief_opens_with_questions_and_profile_in_words(woman):
    md = render(woman, "md", "en")
    head = md.split("## Entitled to")[0]
    assert "## Ask first" in head and "decides" in head
    assert "Woman, 24 years old" in head and "exploited in Malaysia" in head and "sex=" not in md
    assert "Law checked up to" in head
    assert md.index("## Entitled to") < md.index("## Depends on a question") < md.index("## Not entitled to")


def test_brief_fits_a_few_pages(woman):
    """A typical profile's brief stays short: core rights in full, the rest one line each."""
    for lang in ("en", "id"):
        md = render(woman, "md", lang)
        assert len(md.splitlines()) < 400 and len(md) < 80_000
    html = render(woman, "html", "id")
    assert html.count("<section>") == sum(1 for i in woman.entitled if i.core)


def test_first_step_names_where_and_what(woman):
    shelter = woman.get("uu21-shelter-trauma-centre")
    from kg.render.brief import first_step

    assert first_step(shelter, "en").startswith("go to Migrant worker entry point, Jakarta")
    rest = woman.get("uu21-restitution")
    assert "deadline" in first_step(rest, "en").lower() or "then:" in first_step(rest, "en")


def test_a_right_owed_by_missions_abroad_is_not_sent_home(woman):
    """Shelter abroad through the Indonesian mission is not sent to an entry point in Jakarta."""
    it = woman.get("uu18-shelter-abroad") or next(
        i for i in woman.entitled if all(d["id"] == "org/indonesian-missions" for d in i.duty_bearers)
        and i.duty_bearers and any(s["id"].endswith("shelter") for s in i.services))
    assert all(p.proximity == "abroad" for p in it.service_points)
    assert it.service_points or "recorded in Malaysia" in it.no_place[0]["text"]["en"]


def test_unknown_mandate_is_marked(real):
    a = entitlements({"sex": "male", "age": 38, "exploited_abroad": "malaysia", "landing": "aruk",
                      "regency": "sambas"}, "2024-01-01", store=real, with_gaps=False)
    hits = [p for i in a.entitled + a.depends for p in i.service_points if p.mandate == "unknown"]
    assert hits and all(p.mandate_note["en"] == "may serve (mandate not recorded)" for p in hits)
    md = render(a, "md", "en")
    assert "may serve (mandate not recorded)" in md.replace("\\", "")


def test_cli_answer_from_the_cached_snapshot_equals_the_first(real_dist):  # noqa: F811
    """`kg entitlements` on the real graph: the first run fills the snapshot cache, the next ones read it — the
    answer must not change with the cache. (How fast it is, is measured by `kg bench cli`, not here: a timed test
    fails on a loaded machine for no fault of the code.)"""
    cmd = [sys.executable, "-m", "kg", "entitlements", "--dist", str(real_dist), "--sex", "male", "--age", "34",
           "--abroad", "malaysia", "--sector", "fishing", "--province", "jawa-barat", "--as-of", "2024-01-01"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT).stdout
    again = [subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT).stdout for _ in range(2)]
    assert first and all(out == first for out in again)
    assert "uu18" in first.decode() or "18/2017" in first.decode()


def test_todays_question_is_answered_with_the_successor_right(real):
    """Law 39/2004's insurance is not in force in 2024: the answer says what replaced it (lawcur's successor
    mapping) and gives the Law 18/2017 right instead; in 2015 the old right applies and the new one does not."""
    migrant = {"sex": "female", "age": 30, "exploited_abroad": "malaysia", "sector": "domestic-work",
               "documented_migration": True}
    now = entitlements(migrant, "2024-01-01", store=real, with_gaps=False)
    old = now.get("uu39-insurance")
    assert old.verdict == "not-entitled" and [r.kind for r in old.reasons] == ["not-in-force"]
    assert "replaced by Social security for migrant workers" in old.reasons[0].text["en"]
    assert "digantikan oleh" in old.reasons[0].text["id"]
    assert [now.verdict(s["id"]) for s in old.successors] == ["entitled"]
    then = entitlements(migrant, "2015-06-01", store=real, with_gaps=False)
    assert then.verdict("uu39-insurance") == "entitled" and then.verdict("uu18-social-security") == "not-entitled"


def test_a_legal_basis_not_in_force_on_the_date_is_marked():
    """Regression (QA review 2026-12-05, C1): as of 2015 the LPSK medical-assistance right listed PP 7/2018 (in force
    from 2018) as its basis unmarked; the right stands on Law 31/2014, the regulation did not exist yet."""
    from datetime import date

    from kg.answers.finder import entitlements
    from kg.render.brief import basis_label

    def bases(day):
        answer = entitlements({"sex": "female", "age": 25, "witness": True}, day)
        items = [i for i in answer.entitled + answer.depends if "uu31-2014-medical-assistance" in i.iri]
        assert items, "the LPSK medical assistance right is offered"
        return {b.iri.rsplit("/id/", 1)[1]: basis_label(b, "en") for b in items[0].legal_basis}

    then, now = bases(date(2015, 6, 1)), bases(date(2026, 12, 5))
    pp7 = [k for k in then if k.startswith("pp/2018/7")]
    # marked with why and since when (the first version said only "not in force on this date")
    assert pp7 and all(then[k].endswith("(not yet in force on 2015-06-01; in force from 2018-03-05)") for k in pp7)
    assert all("in force" not in now[k] for k in pp7)
    assert any(k.startswith("uu/2014/31") and "in force" not in v for k, v in then.items())
