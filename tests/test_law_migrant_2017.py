"""The migrant-worker law of today: Law 18/2017 on the Protection of Indonesian Migrant Workers, its implementing
regulations (PP 59/2021, PP 22/2022 on migrant ship and fishing crews, Perpres 90/2019 on BP2MI) and the Job Creation
Law's amendments - each asked the way an advocate would ask, each answer with its article and its duty-bearer.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kg.answers.finder import entitlements
from kg.namespaces import ELI, JAR
from kg.store.store import open_store
from graph_support import iri, local
from test_store import shared_real_dist

ROOT = Path(__file__).resolve().parent.parent

# A trafficked migrant fisher from West Java, exploited on a vessel in Malaysia (the profile of issue 14).
FISHER = {"sex": "male", "age_group": "adult", "sector": "fishing", "exploited_abroad": "region/malaysia",
          "province": "region/jawa-barat"}
# A migrant domestic worker: a migrant worker whom Law 39/2004 did cover.
DOMESTIC_WORKER = {"sex": "female", "age_group": "adult", "sector": "domestic-work", "exploited_abroad": "region/malaysia",
                   "province": "region/jawa-barat"}
TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def store(tmp_path_factory, real_build):
    return open_store(shared_real_dist(tmp_path_factory, real_build))


@pytest.fixture(scope="module")
def fisher_today(store):
    return entitlements(FISHER, TODAY, store=store, with_gaps=False)


@pytest.fixture(scope="module")
def fisher_2015(store):
    return entitlements(FISHER, date(2015, 6, 1), store=store, with_gaps=False)


def _item(answer, ident):
    found = [i for i in answer.entitled + answer.depends + answer.not_entitled if i.id == ident]
    assert found, f"{ident} is not in the answer at all"
    return found[0]


def _bases(item) -> set[str]:
    return {local(b.iri) for b in item.legal_basis}


def _bearers(item) -> set[str]:
    return {d["id"] for d in item.duty_bearers}


# --- the fisher today ---------------------------------------------------------------------------------------------

# (entitlement, an article it must rest on, duty-bearers the text names)
TODAY_RIGHTS = [
    ("entitlement/uu18-legal-aid", "uu/2017/18/pasal/21/ayat/1/huruf/f", {"org/government", "org/indonesian-missions"}),
    ("entitlement/uu18-repatriation", "uu/2017/18/pasal/21/ayat/1/huruf/h",
     {"org/government", "org/indonesian-missions", "org/provincial-governments", "org/district-governments"}),
    ("entitlement/uu18-return-to-area-of-origin", "uu/2017/18/pasal/24/ayat/2",
     {"org/government", "org/provincial-governments", "org/district-governments"}),
    ("entitlement/uu18-social-rehabilitation", "uu/2017/18/pasal/24/ayat/1/huruf/d",
     {"org/bp2mi", "org/district-governments"}),
    ("entitlement/uu18-social-reintegration", "uu/2017/18/pasal/34/huruf/d", {"org/district-governments", "org/bp2mi"}),
    ("entitlement/uu18-empowerment", "uu/2017/18/pasal/42/huruf/e", {"org/village-governments", "org/kemnaker"}),
    ("entitlement/uu18-protection-during-work", "uu/2017/18/pasal/47/huruf/d", {"org/indonesian-missions", "org/bp2mi"}),
    ("entitlement/uu18-social-security", "uu/2017/18/pasal/29/ayat/1", {"org/government"}),
    ("entitlement/uu18-temporary-shelter-abroad", "pp/2021/59/pasal/18/huruf/f", {"org/indonesian-missions"}),
    ("entitlement/pp22-fishing-crew-repatriation", "pp/2022/22/pasal/36/ayat/2", {"org/ship-employers-principals"}),
    ("entitlement/pp22-fishing-crew-labour-protection", "pp/2022/22/pasal/35/ayat/1",
     {"org/ship-employers-principals"}),
    ("entitlement/pp22-crew-legal-aid", "pp/2022/22/pasal/39/ayat/1", {"org/indonesian-missions"}),
]


def test_right_list_is_not_empty():
    assert len(TODAY_RIGHTS) >= 10


@pytest.mark.parametrize("ident,article,bearers", TODAY_RIGHTS, ids=[r[0] for r in TODAY_RIGHTS])
def test_a_trafficked_migrant_fisher_today_has_law_18_2017_rights_with_article_and_duty_bearer(
        fisher_today, ident, article, bearers):
    # offered: entitled, or depending only on a fact the profile leaves open (e.g. documented migration)
    assert fisher_today.verdict(ident) in ("entitled", "depends"), f"{ident} should be offered to a migrant fisher today"
    assert all(q.key in ("documented_migration", "hardship", "witness", "poverty_letter")
               for q in _item(fisher_today, ident).questions)
    item = _item(fisher_today, ident)
    assert article in _bases(item)
    assert bearers <= _bearers(item), f"{ident}: duty-bearers {_bearers(item)}"
    assert item.in_force and item.sources


def test_the_fisher_today_gets_no_law_39_2004_right_and_every_one_is_marked_not_in_force(fisher_today):
    assert not [i for i in fisher_today.ids() if i.startswith("entitlement/uu39-")]
    uu39 = [i for i in fisher_today.not_entitled if i.id.startswith("entitlement/uu39-")]
    assert len(uu39) >= 5
    assert all("not-in-force" in [r.kind for r in i.reasons] for i in uu39)


def test_the_fisher_today_gets_at_least_fifteen_rights_resting_on_law_18_2017_or_its_regulations(fisher_today):
    new = [i for i in fisher_today.entitled if _rests_on_2017_law(i)]
    assert len(new) >= 15


def test_family_rights_go_to_the_family_not_to_the_worker(store, fisher_today):
    assert "entitlement/uu18-family-property" not in fisher_today.ids()
    family = entitlements({"groups": ["migrant-worker-families"], "victim": False}, TODAY, store=store,
                          with_gaps=False)
    assert {"entitlement/uu18-family-property", "entitlement/uu18-family-information",
            "entitlement/uu18-repatriation-of-remains"} <= set(family.ids())
    assert "org/p3mi" in _bearers(_item(family, "entitlement/uu18-repatriation-of-remains"))


# --- the same fisher in 2015 --------------------------------------------------------------------------------------

def _rests_on_2017_law(item) -> bool:
    """A right of Law 18/2017 or its regulations (not 'uu18-2014-*', the ids of Law 18/2014 on Mental Health)."""
    return any(local(b.iri).startswith(NEW_LAW) for b in item.legal_basis)


NEW_LAW = ("uu/2017/18", "pp/2021/59", "pp/2022/22")


def test_the_fisher_in_2015_gets_no_right_of_the_2017_law(fisher_2015):
    assert not [i.id for i in fisher_2015.entitled if _rests_on_2017_law(i)]
    later = [i for i in fisher_2015.not_entitled if _rests_on_2017_law(i)]
    assert len(later) >= 15
    assert all("not-in-force" in [r.kind for r in i.reasons] for i in later)


def test_in_2015_law_39_2004_is_the_law_and_it_left_fishers_out(store, fisher_2015):
    # the 2004 rights are in force in 2015: the fisher is refused them only because the law excluded fishers
    uu39 = [i for i in fisher_2015.not_entitled if i.id.startswith("entitlement/uu39-")]
    assert len(uu39) >= 5
    assert all([r.kind for r in i.reasons] == ["excluded"] for i in uu39)
    # a migrant domestic worker, whom the 2004 law covered, holds them in 2015 - and not in 2024
    then = entitlements(DOMESTIC_WORKER, date(2015, 6, 1), store=store, with_gaps=False)
    now = entitlements(DOMESTIC_WORKER, date(2024, 1, 1), store=store, with_gaps=False)
    assert len([i for i in then.ids() if i.startswith("entitlement/uu39-")]) >= 5
    assert not [i for i in now.ids() if i.startswith("entitlement/uu39-")]
    assert "entitlement/uu18-legal-aid" in now.ids() and "entitlement/uu18-legal-aid" not in then.ids()


# --- what the texts say ----------------------------------------------------------------------------------------------

def test_law_18_2017_counts_ship_and_fishing_crews_as_migrant_workers(g):
    s = iri("uu/2017/18/pasal/4/ayat/1/huruf/c")
    assert str(g.value(s, JAR.wording)) == "Pelaut awak kapal dan pelaut perikanan."
    docs = {local(g.value(c, JAR.document)) for c in g.objects(s, JAR.source)}
    assert "source/text-uu-2017-18" in docs


def test_every_worker_right_of_law_18_2017_names_fishers_and_seafarers(g):
    worker_rights = [e for e in g.subjects(JAR.beneficiary, iri("vocab/groups/migrant-workers"))
                     if any(local(b).startswith("uu/2017/18") for b in g.objects(e, JAR.legalBasis))]
    assert len(worker_rights) >= 15
    for e in worker_rights:
        groups = {local(b) for b in g.objects(e, JAR.beneficiary)}
        assert {"vocab/groups/migrant-fishers", "vocab/groups/migrant-seafarers"} <= groups, local(e)
        assert not list(g.objects(e, JAR.excludes)), f"{local(e)} excludes a group the law covers"


DUTIES = [
    # (provision, a word of its Indonesian wording or quote that names who bears the duty)
    ("uu/2017/18/pasal/24/ayat/2", "Pemerintah Pusat bersama-sama dengan Pemerintah Daerah"),
    ("uu/2017/18/pasal/21/ayat/1/huruf/f", "Pemerintah Pusat dan/atau Perwakilan Republik Indonesia"),
    ("uu/2017/18/pasal/42/huruf/e", "melakukan pemberdayaan"),
    ("pp/2021/59/pasal/21/ayat/2", "Pemerintah Pusat, BP2MI, dan Pemerintah Daerah"),
    ("pp/2022/22/pasal/36/ayat/2", "Pemberi Kerja atau Prinsipal"),
]


@pytest.mark.parametrize("prov,words", DUTIES, ids=[d[0] for d in DUTIES])
def test_the_duty_bearer_is_read_from_the_text(g, prov, words):
    s = iri(prov)
    texts = [str(g.value(s, JAR.wording) or "")] + [str(g.value(c, JAR.quote) or "") for c in g.objects(s, JAR.source)]
    assert any(words in t for t in texts), f"{prov}: {texts}"


def test_implementing_regulations_were_due_two_years_after_promulgation_and_came_later(g):
    ob = iri("obligation/uu18-implementing-regulations-two-years")
    assert int(g.value(ob, JAR.deadlineDays)) == 730
    assert iri("uu/2017/18/pasal/90") in set(g.objects(ob, JAR.legalBasis))
    start = date.fromisoformat(str(g.value(iri("uu/2017/18"), ELI.first_date_entry_in_force)))
    due = start + timedelta(days=730)
    assert due == date(2019, 11, 22)
    for reg in ("perpres/2019/90", "pp/2021/59", "pp/2022/22"):
        targets = {local(t) for t in g.objects(iri(reg), JAR.implements)}
        assert any(t.startswith("uu/2017/18") for t in targets), reg
        assert date.fromisoformat(str(g.value(iri(reg), ELI.date_document))) > due, reg


def test_perpres_90_2019_ends_perpres_81_2006_and_bnp2tki_on_31_december_2019(g):
    old, new = iri("perpres/2006/81"), iri("perpres/2019/90")
    assert str(g.value(old, ELI.date_no_longer_in_force)) == "2019-12-31"
    assert g.value(old, JAR.endedBy) == new
    assert (new, ELI.repeals, old) in g
    assert str(g.value(new, ELI.date_document)) == "2019-12-30"
    assert str(g.value(new, ELI.first_date_entry_in_force)) == "2019-12-31"
    assert str(g.value(iri("org/bnp2tki"), JAR.validUntil)) == "2019-12-31"
    assert str(g.value(iri("org/bp2mi"), JAR.validFrom)) == "2019-12-31"
    # the revoking article was not read, so the revocation hangs on the instrument, not on an invented article
    assert not [s for s in g.subjects(ELI.repeals, old) if s != new]


AMENDED = ["uu/2017/18/pasal/51", "uu/2017/18/pasal/53", "uu/2017/18/pasal/57", "uu/2017/18/pasal/1/angka/9"]


@pytest.mark.parametrize("target", AMENDED)
def test_the_job_creation_law_amended_law_18_2017_by_its_article_84(g, target):
    art = iri("uu/2020/11/pasal/84")
    assert (art, ELI.amends, iri(target)) in g
    node = next(n for n in g.subjects(JAR.fromResource, art) if (n, JAR.toResource, iri(target)) in g)
    assert str(g.value(node, JAR.date)) == "2020-11-02"


def test_the_job_creation_law_itself_ended_with_perppu_2_2022_whose_text_was_not_found(g):
    s = iri("uu/2020/11")
    assert str(g.value(s, ELI.date_no_longer_in_force)) == "2022-12-30"
    assert g.value(s, JAR.endedBy) == iri("perppu/2022/2")
    notes = " ".join(str(n) for n in g.objects(iri("perppu/2022/2"), JAR.notModelled) if n.language == "en")
    assert "Law 6/2023" in notes and "not found" in notes


# --- currency of the migrant-worker instruments --------------------------------------------------------------------

CURRENCY = [
    # (instrument, finding, what changed it)
    ("uu/2017/18", "amended", {"uu/2020/11/pasal/84"}),
    ("perpres/2006/81", "revoked", {"perpres/2019/90"}),
    ("perpres/2019/90", "changes-not-encoded", {"perpres/2024/165", "perpres/2024/166"}),
    ("uu/2020/11", "revoked", {"perppu/2022/2"}),
    ("pp/2021/59", "no-change", set()),
    ("pp/2022/22", "no-change", set()),
    ("perppu/2022/2", "not-found", set()),
]


@pytest.mark.parametrize("inst,finding,by", CURRENCY, ids=[c[0] for c in CURRENCY])
def test_each_migrant_worker_instrument_records_when_and_against_what_its_status_was_checked(g, inst, finding, by):
    check = iri(f"{inst}/currency")
    assert str(g.value(check, JAR.checkedOn)) == "2026-12-05"
    assert local(g.value(check, JAR.currencyFinding)) == f"vocab/currency-findings/{finding}"
    assert {local(b) for b in g.objects(check, JAR.changedBy)} == by
    assert list(g.objects(check, JAR.source)), f"{inst}: a currency check cites what was checked"


def test_shelter_abroad_comes_with_pp_59_2021_not_with_the_2017_law(store):
    before = entitlements(FISHER, date(2020, 6, 1), store=store, with_gaps=False)
    after = entitlements(FISHER, date(2022, 1, 1), store=store, with_gaps=False)
    assert "entitlement/uu18-temporary-shelter-abroad" not in before.ids()
    assert "entitlement/uu18-legal-aid" in before.ids()  # the Law's own right is there from 2017
    assert "entitlement/uu18-temporary-shelter-abroad" in after.ids()
    # and the crew rights of PP 22/2022 only from 8 June 2022
    assert "entitlement/pp22-fishing-crew-repatriation" not in after.ids()
