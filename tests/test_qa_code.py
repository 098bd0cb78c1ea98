"""QA review of 2026-12-05, open code items (docs/review-2026-12-05.md "Open: code"): answers a lawyer can trust.
Each test fails on the code as it stood before the fix.

C1  a legal basis not in force on the as-of date is marked with why and since when, in both languages, and a
    condition (or deadline) imposed only by such a text is not applied on that date;
C3  the note on a right the law states (``certainty: stated`` with a ``certainty_note``) is shown by every renderer.
"""
from __future__ import annotations

from html import escape

import pytest

from kg.answers.finder import entitlements
from kg.render.brief import basis_label, html_brief, markdown
from kg.store.store import open_store

from test_store import real_dist  # noqa: F401  (shared session fixture)

VICTIM = {"sex": "female", "age": 16, "witness": True, "province": "dki-jakarta"}
PP7_38_2 = "https://w3id.org/jaring/id/pp/2018/7/pasal/38/ayat/2"


@pytest.fixture(scope="module")
def real(real_dist):  # noqa: F811
    return open_store(real_dist)


def answer(real, day, profile=None):
    return entitlements(profile or VICTIM, day, store=real, with_gaps=False)


def _basis(item, suffix):
    hits = [b for b in item.legal_basis if b.iri.endswith(suffix)]
    assert hits, (suffix, [b.iri for b in item.legal_basis])
    return hits[0]


# --- C1: bases not in force on the date ----------------------------------------------------------------------

def test_a_regulation_enacted_later_is_marked_not_yet_in_force_with_its_start_in_both_languages(real):
    a = answer(real, "2015-06-01")
    it = a.get("uu31-2014-medical-assistance")
    assert it in a.entitled + a.depends
    pp7 = _basis(it, "pp/2018/7/pasal/37/ayat/1")
    assert (pp7.in_force, pp7.state) == (False, "not-yet")
    assert basis_label(pp7, "en").endswith("(not yet in force on 2015-06-01; in force from 2018-03-05)")
    assert basis_label(pp7, "id").endswith("(belum berlaku pada 2015-06-01; berlaku sejak 2018-03-05)")
    law = _basis(it, "pasal/6/ayat/2")
    assert law.in_force and law.note == {} and "(" not in basis_label(law, "en").split("6(2)")[-1]
    assert "not yet in force on 2015-06-01; in force from 2018-03-05" in markdown(a, "en")
    assert "belum berlaku pada 2015-06-01; berlaku sejak 2018-03-05" in markdown(a, "id")


def test_an_article_whose_wording_was_replaced_is_marked_no_longer_in_force_since_the_amendment(real):
    a = answer(real, "2026-12-05")
    it = a.get("uu13-transport-and-living-costs")
    old = _basis(it, "uu/2006/13/pasal/5/ayat/1/huruf/k")
    assert old.state == "ended"
    assert old.note == {"en": "no longer in force since 2014-10-17", "id": "tidak berlaku lagi sejak 2014-10-17"}
    new = _basis(it, "uu/2014/31/pasal/i/angka/2/pasal/5/ayat/1/huruf/m")
    assert new.in_force and not new.note
    assert a.to_dict()["entitled" if it in a.entitled else "depends"][0] is not None  # JSON carries the note
    js = a.to_json()
    assert '"no longer in force since 2014-10-17"' in js


def test_the_police_letter_of_pp_7_2018_is_not_asked_before_that_regulation_took_effect(real):
    """As of 2015 the LPSK medical right rests on Law 31/2014 alone, which asks only for LPSK's decision; the
    police letter is PP 7/2018's requirement (Art. 38(2)), in force from 2018-03-05."""
    before = answer(real, "2015-06-01").get("uu31-2014-medical-assistance")
    after = answer(real, "2019-01-01").get("uu31-2014-medical-assistance")
    cond = lambda it: {c.iri.rsplit("/", 1)[-1] for c in it.conditions}  # noqa: E731
    assert "police-report" not in cond(before) and "lpsk-decision" in cond(before)
    assert {"police-report", "lpsk-decision"} <= cond(after)
    psy = answer(real, "2015-06-01").get("uu31-2014-psychosocial-rehabilitation")
    assert "police-report" not in cond(psy)


def test_the_graph_says_which_text_imposes_the_police_letter(real):
    rows = real.select("""SELECT ?c ?b WHERE {
      <https://w3id.org/jaring/id/entitlement/uu31-2014-medical-assistance> jar:conditionBasis ?n .
      ?n a jar:ConditionBasis ; jar:imposesCondition ?c ; jar:legalBasis ?b ; jar:source ?s }""")
    assert {(r["c"].rsplit("/", 1)[-1], r["b"]) for r in rows} == {("police-report", PP7_38_2)}


def test_a_deadline_set_by_a_regulation_not_yet_in_force_is_not_given(real):
    """Restitution through LPSK: the seven-day completeness check is PP 7/2018 Art. 22(1)."""
    assert answer(real, "2015-06-01").get("uu31-2014-restitution-through-lpsk").deadline is None
    dl = answer(real, "2019-01-01").get("uu31-2014-restitution-through-lpsk").deadline
    assert dl and dl["days"] == 7 and dl["basis"].endswith("pp/2018/7/pasal/22/ayat/1")


def test_a_condition_basis_must_name_one_of_the_rights_conditions(sources_tree):
    from kg.records.load import SourcesInvalid, load_sources

    src = sources_tree({"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          conditions: [hardship]
          condition_bases:
            - {condition: police-report, basis: [uu/2007/21/pasal/51/ayat/1]}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """})
    with pytest.raises(SourcesInvalid) as info:
        load_sources(src)
    errs = [str(e) for e in info.value.errors]
    assert any("condition_bases[0].condition" in e and "'police-report'" in e and "not among this right's" in e
               for e in errs), errs


# --- C3: the note on a stated right --------------------------------------------------------------------------

FOREIGN = {"sex": "male", "age": 30, "nationality": "foreign", "exploited_abroad": False, "province": "maluku"}


def test_the_mengupayakan_note_of_article_54_2_is_shown_in_markdown_and_html_in_both_languages(real):
    a = answer(real, "2026-12-05", FOREIGN)
    it = a.get("uu21-foreign-victim-protection-and-return")
    assert it in a.entitled and it.certainty == "stated" and it.certainty_note
    md_en, md_id = markdown(a, "en"), markdown(a, "id")
    assert "**Note:**" in md_en and "'mengupayakan' \\(seeks to provide\\)" in md_en
    assert "**Catatan:**" in md_id and "tidak memakai kata" in md_id
    html_en, html_id = html_brief(a, "en"), html_brief(a, "id")
    assert "<dt>Note</dt><dd>The text says the government &#x27;mengupayakan&#x27;" in html_en
    assert "<dt>Catatan</dt><dd>Naskah menyatakan Pemerintah &#x27;mengupayakan&#x27;" in html_id


def test_a_stated_note_on_a_one_line_right_is_shown_too(real):
    """Rights outside Law 21/2007 are one line in Markdown and one label in the printable brief: their note
    still shows (the RPTC identification SOP: the body text says victims, the table only women and men)."""
    a = answer(real, "2026-12-05", FOREIGN)
    it = a.get("sop-rptc-identification")
    assert it is not None and it.certainty == "stated" and not it.core
    assert it in a.entitled + a.depends
    assert "Note: " + it.certainty_note["en"][:40] in markdown(a, "en").replace("\\", "")
    html = html_brief(a, "id")
    assert "Catatan tentang teks hukumnya" in html and escape(it.certainty_note["id"][:30]) in html


# --- "recorded elsewhere": the country the victim is in, then the region; never a mission in another country ----

FISHER = {"sex": "male", "age": 35, "sector": "fishing", "exploited_abroad": "malaysia",
          "migrant_worker": True, "regency": "indramayu"}


def test_a_victim_in_malaysia_is_never_sent_to_the_embassy_in_south_africa(real):
    """Regression: "no provider ... in Malaysia for Repatriation from abroad; recorded elsewhere: Indonesian
    Embassy in South Africa (South Africa)" (the first place in IRI order, wherever it was)."""
    a = answer(real, "2026-12-05", FISHER)
    for lang in ("en", "id"):
        text = markdown(a, lang).replace("\\", "")
        assert "South Africa" not in " ".join(line.split("recorded elsewhere:")[-1] for line in text.splitlines()
                                             if "recorded elsewhere:" in line)
        assert "tercatat di tempat lain: Kedutaan" not in text
    missions = [n["text"] for it in a.entitled + a.depends for n in it.no_place
                if "missions in other countries" in n["text"]["en"]]
    assert missions, "missions elsewhere are still named, apart, with their country"
    assert "Indonesian Embassy in South Africa (South Africa)" in missions[0]["en"]
    assert "perwakilan RI di negara lain:" in missions[0]["id"]


def test_recorded_elsewhere_prefers_the_country_then_the_province_of_return_then_national(real):
    from kg.answers import places as placemod
    from kg.answers.snapshot import snapshot
    from kg.answers.profile import parse_profile

    snap = snapshot(real)
    sp = lambda name: snap.sps["https://w3id.org/jaring/id/sp/" + name]  # noqa: E731
    region = "https://w3id.org/jaring/id/region/"
    person = placemod.Person(parse_profile(FISHER), frozenset(), region + "kabupaten-indramayu",
                             region + "jawa-barat", None, region + "malaysia", __import__("datetime").date(2026, 12, 5))
    rank = lambda name: placemod.elsewhere_rank(snap, sp(name), person)  # noqa: E731
    assert rank("kbri-south-africa") is None and rank("kbri-uae") is None  # another country's mission: never
    assert rank("p2tp2a-cianjur") == 2  # same province (West Java)
    assert rank("bnp2tki-crisis-center") == 4  # national
    assert rank("iom-sambas-office") == 5  # West Kalimantan: elsewhere in Indonesia
    assert rank("p2tp2a-cianjur") < rank("bnp2tki-crisis-center") < rank("iom-sambas-office")


def test_a_west_java_victim_is_pointed_to_west_java_before_sambas(real):
    a = answer(real, "2026-12-05", FISHER)
    texts = [n["text"]["en"] for it in a.entitled + a.depends for n in it.no_place]
    cianjur = [t for t in texts if "recorded elsewhere: P2TP2A of Cianjur Regency" in t]
    assert cianjur, texts  # before: the same rights said "recorded elsewhere: IOM Sambas Representative Office"
    # where a place lies is said so a reader can place it: its province, not its own name again
    assert "recorded elsewhere: P2TP2A of Cianjur Regency (West Java Province)" in cianjur[0]
    assert not [t for t in texts if "Aruk Cross-Border Post (Aruk Cross-Border Post)" in t]
    assert [t for t in texts if "Aruk Cross-Border Post (West Kalimantan Province)" in t]


# --- C2: a regional right points to its own region first -----------------------------------------------------

def test_a_west_java_right_lists_west_java_places_first_even_when_the_person_lands_in_jakarta(real):
    """Regression (C2): the Perda 3/2008 shelter right sent a West Java victim landing in Jakarta to the Jakarta
    debarkation point and RPTC Bambu Apus before West Java's own RPTC in Bandung."""
    a = answer(real, "2026-12-05", dict(FISHER, landing="dki-jakarta"))
    it = a.get("perda-jabar3-shelter")
    assert it in a.entitled + a.depends and it.service_points
    scopes = [p.scope for p in it.service_points]
    assert scopes[0] == "own-region" and scopes == sorted(scopes, key=lambda s: s == "outside-region")
    assert it.service_points[0].iri.endswith("rptc-bandung")
    assert it.service_points[0].scope_note == {"en": "in West Java Province, the right's region",
                                               "id": "di Provinsi Jawa Barat, wilayah hak ini"}
    assert "[in West Java Province, the right's region]" in markdown(a, "en").replace("\\", "")


def test_a_west_java_right_with_no_place_in_west_java_names_its_duty_bearer_first_and_marks_the_outside_place(real):
    a = answer(real, "2026-12-05", FISHER)
    it = a.get("perda-jabar3-medical-care")
    assert it.service_points and it.service_points[0].scope == "outside-region"
    assert it.service_points[0].scope_note["id"] == "di luar Provinsi Jawa Barat, wilayah hak ini"
    from kg.render.brief import first_step

    step = first_step(it, "en")
    assert step.startswith("ask District and city governments; go to RPTC Bambu Apus")
    assert step.endswith("[outside West Java Province, the right's region]")


def test_a_national_right_carries_no_region_label(real):
    a = answer(real, "2026-12-05", FISHER)
    it = a.get("uu21-integrated-service-centre")
    assert it in a.entitled and it.service_points
    assert all(p.scope == "" and p.scope_note == {} for p in it.service_points)


# --- D3: Law 36/2009, reported revoked by Law 17/2023 (Art. 454 not readable): a warning on each right ----------

def test_each_law_36_2009_right_warns_that_known_changes_are_not_encoded_from_when_they_started(real):
    """Regression (QA D3): the health rights of Law 36/2009 were shown entitled on 2026-12-05 with only a banner at
    the top of the answer; Law 17/2023's revoking article could not be read, so each right now says it."""
    now = answer(real, "2026-12-05", FOREIGN)
    it = now.get("uu36-health-care")
    assert it in now.entitled
    warn = [w for w in it.warnings if "Law 36/2009" in w["en"]]
    assert warn and "Law 17/2023" in warn[0]["en"] and "UU 17/2023" in warn[0]["id"]
    assert "check the current law before relying on this right" in markdown(now, "en").replace("\\", "")
    assert "periksa hukum yang berlaku sebelum mengandalkan hak ini" in markdown(now, "id")
    mid = answer(real, "2024-01-01", FOREIGN).get("uu36-health-care")
    text = " ".join(w["en"] for w in mid.warnings)
    assert "Law 17/2023" in text and "Law 1/2023" not in text  # the Criminal Code's repeal starts in 2026
    before = answer(real, "2019-06-01", FOREIGN).get("uu36-health-care")
    assert not [w for w in before.warnings if "Law 36/2009" in w["en"]]  # every change named came later


def test_the_reported_revocation_is_recorded_with_its_secondary_source_not_as_an_end_date(g):
    from graph_support import iri
    from kg.namespaces import ELI, JAR

    assert g.value(iri("uu/2009/36"), ELI.date_no_longer_in_force) is None  # Art. 454 still unread
    claims = [str(o) for c in g.objects(iri("discrepancy/uu-2023-17-revocations"), JAR.claim)
              for o in g.objects(c, JAR.value)]
    assert any("Law 36/2009 on Health and Law 18/2014" in c for c in claims), claims


def test_the_first_step_does_not_repeat_a_region_the_place_name_already_gives(real):
    """Regression: "go to RPTC Bambu Apus (Jakarta) (Jakarta)"."""
    from kg.render.brief import first_step

    a = answer(real, "2026-12-05", FISHER)
    step = first_step(a.get("perda-jabar3-medical-care"), "en")
    assert "RPTC Bambu Apus (Jakarta)" in step and "(Jakarta) (Jakarta)" not in step


def test_the_printed_brief_names_a_duty_bearer_once_when_the_first_step_already_asks_it(real):
    """The brief grew to 5 pages in Indonesian when Arts. 44 and 45 became core rights: a core right whose first
    step is "ask the police" printed "Duty-bearer: police" on the next line as well."""
    from kg.render.brief import _html_item, first_step

    a = answer(real, "2026-12-05", FISHER)
    it = a.get("uu21-special-examination-room")
    assert first_step(it, "en").startswith("ask ")
    short, full = _html_item(it, "en", brief=True), _html_item(it, "en")
    assert "<dt>Duty-bearer</dt>" not in short and "<dt>Duty-bearer</dt>" in full
