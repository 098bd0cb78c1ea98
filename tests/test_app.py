"""The app, headless (streamlit.testing.v1.AppTest): every page renders without an exception and shows its
content; the language switch changes the labels; a SPARQL update is refused; a male fisher's profile shows
the reintegration services he lacks; data containing markup is shown as text."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from kg.i18n import STRINGS, missing, t  # noqa: E402
from app_support import MARKUP_LABEL, serve_dist_to_app  # noqa: E402

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ("entitlements", "gaps", "law", "institutions", "explore", "sparql", "sources")


@pytest.fixture(scope="module", autouse=True)
def test_dist(tmp_path_factory):
    yield from serve_dist_to_app(tmp_path_factory, "app")


def open_page(page: str, lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=400)  # the first gaps page computes every gap
    at.query_params.update({"page": page, "lang": lang, "date": "2024-01-01"})
    at.query_params.update(params)
    at.run()
    return at


def texts(at: AppTest) -> str:
    """Every piece of text the page shows (markdown, captions, alerts, titles, headers)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "code", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(parts)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert not errors, errors


def test_every_ui_string_has_both_languages():
    assert STRINGS, "the string table is empty"
    assert missing() == []


def test_every_string_key_used_by_the_app_exists():
    import re

    root = Path(APP).parent
    files = [root / "app.py", *sorted((root / "kg" / "app").glob("*.py"))]
    used = set()
    for f in files:
        used |= set(re.findall(r'\bT\(\s*"([a-z_.]+)"', f.read_text("utf-8")))
    assert used, "no string keys found"
    assert sorted(k for k in used if k not in STRINGS) == []


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_its_title_in_both_languages(page):
    for lang in ("id", "en"):
        at = open_page(page, lang)
        no_exception(at)
        assert at.title and at.title[0].value == t(f"page.{page}", lang)


def test_switching_language_changes_the_labels():
    at = open_page("law", "id")
    assert at.title[0].value == "Hukum"
    assert "Daftar instrumen" in texts(at) or "Belum ada instrumen" in texts(at)
    at.radio(key="lang").set_value("en").run()
    no_exception(at)
    assert at.title[0].value == "Law"
    body = texts(at)
    assert "Instruments (" in body and "Daftar instrumen" not in body
    assert at.sidebar.date_input[0].label == "As of"


def test_law_page_shows_the_anti_trafficking_law_with_its_articles_and_source():
    at = open_page("law", "en", instrument="uu/2007/21")
    no_exception(at)
    body = texts(at)
    assert "Law 21/2007" in body
    assert "Article 1" in body
    assert "Source:" in body and "NEXUS" in body
    assert "In force on 2024-01-01" in body


def test_as_of_date_reaches_the_law_page():
    at = open_page("law", "en", instrument="uu/2007/21")
    at.sidebar.date_input[0].set_value(date(2005, 1, 1)).run()
    no_exception(at)
    body = texts(at)
    assert "Law read as of 2005-01-01" in body
    assert "not yet in force on 2005-01-01" in body.lower()  # the badge follows the effective interval
    assert "19 April 2007" in body  # the recorded date of entry into force
    # its articles are not yet in force either (not "no longer")
    assert "article 67](" in body.lower() and "_not yet in force on 2005\\-01\\-01_" in body.lower()
    assert "no longer in force on 2005" not in body.lower()


def test_law_page_says_a_start_taken_from_the_year_is_a_lower_bound():
    at = open_page("law", "en", instrument="perpres/2008/69", date="2005-01-01")
    no_exception(at)
    assert "1 January 2008" in texts(at)


def test_law_page_ends_a_replaced_law_when_its_successor_takes_effect():
    at = open_page("law", "en", instrument="uu/2004/39", date="2024-01-01")
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["No longer in force on 2024-01-01"]  # the badge, not a failure
    assert "2017-11-22" in [m.value for m in at.metric]  # the recorded end: UU 18/2017 repealed it on enactment
    # with no recorded end date, the end is the successor's entry into force (UU 12/2011, known by its year)
    at = open_page("law", "en", instrument="uu/2004/10", date="2024-01-01")
    assert not at.exception, [e.value for e in at.exception]
    assert "Ends when the instrument that repeals or replaces it takes effect (2011-01-01)" in texts(at)


def test_as_of_date_changes_which_institutions_exist():
    """BNP2TKI was replaced by BP2MI at the end of 2019: 2015 shows the first, 2024 the second."""
    at = open_page("institutions", "en", date="2015-01-01")
    no_exception(at)
    table = at.dataframe[-1].value
    labels = set(table.iloc[:, 0])
    assert any("National Agency for the Placement and Protection" in x for x in labels)
    assert "Indonesian Migrant Workers Protection Agency" not in labels
    at.sidebar.date_input[0].set_value(date(2024, 1, 1)).run()
    no_exception(at)
    labels = set(at.dataframe[-1].value.iloc[:, 0])
    assert "Indonesian Migrant Workers Protection Agency" in labels
    assert not any("National Agency for the Placement and Protection" in x for x in labels)


def test_explore_shows_an_entity_with_labels_links_and_sources():
    at = open_page("explore", "en", entity="uu/2007/21")
    no_exception(at)
    body = texts(at)
    assert "Labels in both languages" in body
    assert "UU 21/2007" in body and "Law 21/2007" in body
    assert "Outgoing links" in body and "Incoming links" in body
    assert "entity=uu%2F2007%2F21%2Fpasal%2F1" in body  # a clickable link to an article


def test_explore_search_resolves_a_citation_to_its_article():
    at = open_page("explore", "en")
    at.text_input(key="ex_q").set_value("UU 21/2007 Pasal 1").run()
    no_exception(at)
    body = texts(at)
    assert "Citation recognised: Law 21/2007, Article 1" in body


def test_explore_search_finds_words_in_both_languages():
    at = open_page("explore", "en")
    at.text_input(key="ex_q").set_value("rehabilitasi").run()
    no_exception(at)
    assert "Results (" in texts(at) and "Results (0)" not in texts(at)


def test_sparql_update_is_refused_with_a_clear_message():
    at = open_page("sparql", "en")
    at.text_area(key="sq_text").set_value("DELETE WHERE { ?s ?p ?o }")
    at.button(key="sq_run").click().run()
    assert not at.exception
    assert any("Query refused" in e.value and "read-only" in e.value for e in at.error)
    # the graph is untouched: a SELECT still sees the law
    at.text_area(key="sq_text").set_value("SELECT ?l WHERE { id:uu\\/2007\\/21 rdfs:label ?l }")
    at.button(key="sq_run").click().run()
    no_exception(at)
    assert "Law 21/2007" in texts(at)


def test_sparql_service_is_refused():
    at = open_page("sparql", "en")
    at.text_area(key="sq_text").set_value("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    at.button(key="sq_run").click().run()
    assert any("SERVICE" in e.value for e in at.error)


def test_sources_page_counts_facts_and_offers_every_dist_file(test_dist):
    at = open_page("sources", "en")
    no_exception(at)
    body = texts(at)
    assert "Bibliography" in body and "Facts supported" in body
    assert "NEXUS" in body
    labels = {b.label for b in at.get("download_button")}
    for name in ("jaring.trig", "jaring.nq", "jaring.ttl", "jaring.jsonld", "manifest.json"):
        assert name in labels, labels


def test_markup_in_data_is_escaped_not_rendered():
    at = open_page("sources", "en")
    no_exception(at)
    md = [m.value for m in at.markdown if "Markup" in m.value]
    assert md, "the test document is listed"
    assert all("<b>" not in m and "\\<b\\>" in m for m in md), md
    assert MARKUP_LABEL in texts(at)  # the dataframe holds the raw text, shown as text


def test_institutions_page_shows_task_force_structure():
    at = open_page("institutions", "en")
    no_exception(at)
    body = texts(at)
    assert "Task-force structure as of 2024-01-01" in body or "No institution in the data yet." in body


def test_gaps_page_opens_with_a_summary_per_group_and_a_paginated_list():
    at = open_page("gaps", "en")
    no_exception(at)
    body = texts(at)
    metrics = {m.label: m.value for m in at.metric}
    total = int(metrics["Gaps"])
    assert total > 20
    summary = at.dataframe[0].value
    groups = list(summary.iloc[:, 0])
    assert groups == ["Trafficked men and boys", "Trafficked women and girls", "Trafficked children",
                      "Trafficked migrant workers", "Foreign victims in Indonesia"]
    men = summary.iloc[0]
    assert men["Own"] > 0 and men["Similar group excluded"] > 0  # the men's gap: programmes exclude them
    assert f"Gap list ({total})" in body
    from kg.app.gaps import PAGE_SIZE
    more = [b for b in at.button if b.label == "More"]
    assert len(more) == PAGE_SIZE  # one page of cards, details on demand, not every gap at once
    assert "Legal basis:" not in texts(at)
    more[0].click().run()
    no_exception(at)
    assert "Legal basis:" in texts(at) and [b for b in at.button if b.label == "Less"]
    at.multiselect(key="gaps_sev").set_value(["high"]).run()
    no_exception(at)
    shown = int(re.search(r"Gap list \((\d+) of " + str(total) + r"\)", texts(at)).group(1))
    assert 0 < shown < total  # the count follows the filters


def test_gap_cards_cut_long_explanations_at_a_word():
    from kg.app.gapdata import cut_at_word

    text = "word " * 60
    short, cut = cut_at_word(text, 220)
    assert cut and len(short) <= 220 and short.endswith("\u2026") and short[:-1].split()[-1] == "word"
    assert cut_at_word("short text", 220) == ("short text", False)


def test_a_weaker_than_treaty_card_shows_both_texts_and_who_assessed_it():
    at = open_page("gaps", "en")
    at.multiselect(key="gaps_kind").set_value(["weaker-than-treaty"]).run()
    no_exception(at)
    for _ in range(4):  # open every card, one at a time (the buttons change after each click)
        more = [b for b in at.button if b.label == "More"]
        if not more:
            break
        more[0].click().run()
    no_exception(at)
    body = texts(at)
    assert "Treaty text (as read):" in body and "Domestic text (as read):" in body
    assert "receipt of a child for the purpose of" in body  # Palermo Art 3(c) as read
    assert "Assessed by Jaring's own reading of both texts, not by an outside source:" in body  # ACTIP Art 14(7)


def test_gaps_matrix_and_map_views():
    at = open_page("gaps", "en", view="matrix")
    no_exception(at)
    assert "Coverage matrix (group × service)" in texts(at)
    at = open_page("gaps", "id", view="map")
    no_exception(at)
    body = texts(at)
    assert "Peta cakupan per provinsi" in body and "38" in body
    at.selectbox(key="gaps_map_province").set_value(str(__import__("kg.answers.views").answers.views.ID["region/jawa-barat"])).run()
    no_exception(at)
    assert "Penyedia di provinsi ini" in texts(at)


def test_tile_map_has_one_distinct_cell_per_province(g):
    from rdflib.namespace import RDF

    from kg.app.gapdata import TILES
    from kg.namespaces import JAR

    provinces = {str(p).rsplit("/", 1)[-1] for p in g.subjects(RDF.type, JAR.Province)}
    assert len(provinces) == 38 and set(TILES) == provinces
    assert len(set(TILES.values())) == 38
    assert {"papua-selatan", "papua-tengah", "papua-pegunungan", "papua-barat-daya"} <= set(TILES)


def test_map_shows_a_province_with_a_provider_for_women_that_excludes_men(g):
    """Shelter as of today: the map data tell men's coverage from women's where a mandate is for women."""
    from rdflib.namespace import RDF

    from kg.app.gapdata import provider_table, province_coverage
    from kg.namespaces import ID, JAR

    provs = provider_table(g)
    provinces = [str(p) for p in g.subjects(RDF.type, JAR.Province)]
    shelter = str(ID["vocab/services/shelter"])
    men = province_coverage(provs, provinces, "trafficked-men", shelter)
    women = province_coverage(provs, provinces, "trafficked-women", shelter)
    assert any(men[p]["class"] != women[p]["class"] or men[p]["local"] != women[p]["local"] for p in provinces)


def _fisher(at: AppTest) -> AppTest:
    """An adult man trafficked for labour on a fishing vessel abroad."""
    at.selectbox(key="ent_sex").set_value("male")
    at.selectbox(key="ent_age_group").set_value("adult")
    at.selectbox(key="ent_sector").set_value("fishing")
    at.multiselect(key="ent_exploitation_forms").set_value(["labour"])
    at.button(key="FormSubmitter:ent_form-" + t("ent.submit", "en")).click().run()
    return at


def test_entitlement_form_asks_for_input_first():
    at = open_page("entitlements", "en")
    no_exception(at)
    assert any("Fill in the profile" in i.value for i in at.info)


def open_all_stages(at: AppTest) -> AppTest:
    """Open every stage of the answer (closed stages send nothing to the page)."""
    for tg in at.toggle:
        if tg.key and tg.key.startswith("ent_stage_") and not tg.value:
            tg.set_value(True)
    return at.run()


def test_male_fisher_profile_shows_missing_reintegration_services():
    """An adult man trafficked for labour on a fishing vessel: the law grants him social reintegration, but the
    answer warns that it is not delivered in practice and that programmes for victims exclude men."""
    open_page("gaps", "en")  # wait until the gaps of this date are computed (the answer uses them)
    at = _fisher(open_page("entitlements", "en"))
    no_exception(at)
    at = open_all_stages(at)
    body = texts(at)
    assert "Entitlements that apply (" in body and "Entitlements that apply (0)" not in body
    assert "What does not apply to this profile, and why (" in body
    assert "Men and boys" in body  # the groups he falls in
    warnings = [w.value for w in at.warning]
    assert any("reintegration" in w.lower() and "not delivered in practice" in w for w in warnings), warnings
    assert any("Trafficked men and boys but excludes them" in w for w in warnings), warnings
    assert "sex=male" in at.query_params["profile"] and "sector=fishing" in at.query_params["profile"]
    labels = {b.label for b in at.get("download_button")}
    assert {"Download brief (HTML)", "Download brief (Markdown)", "Download JSON"} <= labels


def _gap_keys(gaps) -> list[tuple]:
    return sorted((g.get("kind"), g.get("focus"), g.get("value")) for g in gaps or [])


def test_app_and_kg_entitlements_show_the_same_gaps(test_dist, tmp_path, capsys):
    """One attachment rule (kg.gaps.cache.gaps_for_answer) for the app and the CLI: for the same profile and date,
    the app's answer and `kg entitlements --gaps` carry the same gaps on each entitlement and on the answer."""
    import json

    from kg.cli import main

    open_page("gaps", "en")  # the gap job fills the one gap cache for this graph and date
    at = _fisher(open_page("entitlements", "en"))
    no_exception(at)
    at.toggle(key="ent_show_json").set_value(True).run()
    shown = at.json[0].value
    app = json.loads(shown) if isinstance(shown, str) else shown
    profile = tmp_path / "fisher.yaml"
    profile.write_text("sex: male\nage_group: adult\nsector: fishing\nexploitation_form: labour\n", "utf-8")
    assert main(["entitlements", "--dist", str(test_dist), "--profile", str(profile), "--as-of", "2024-01-01",
                 "--format", "json", "--gaps"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert app["gaps"] and _gap_keys(app["gaps"]) == _gap_keys(cli["gaps"])
    for part in ("entitled", "not_entitled"):
        assert {e["iri"]: _gap_keys(e["gaps"]) for e in app[part]} == {e["iri"]: _gap_keys(e["gaps"]) for e in cli[part]}
    assert any(e["gaps"] for e in app["entitled"])


def test_form_answers_with_a_country_and_a_province_in_both_languages():
    """Regression: choosing a country of exploitation or a province made the form fail with "is not a lower-case
    id" — the lists offered full IRIs that the profile parser refused."""
    for lang in ("en", "id"):
        at = open_page("entitlements", lang)
        at.selectbox(key="ent_sex").set_value("male")
        at.selectbox(key="ent_age_group").set_value("adult")
        at.selectbox(key="ent_sector").set_value("fishing")
        at.selectbox(key="ent_exploited_abroad").set_value("region/malaysia")
        at.selectbox(key="ent_province").set_value("region/jawa-barat")
        at.button(key="FormSubmitter:ent_form-" + t("ent.submit", lang)).click().run()
        no_exception(at)
        assert not at.warning or not any("lower-case id" in w.value for w in at.warning)
        body = texts(at)
        assert t("ent.entitled", lang).split("(")[0] in body, body[:500]
        profile = at.query_params["profile"]
        assert "exploited_abroad=region%2Fmalaysia" in profile or "exploited_abroad=region/malaysia" in profile
        assert "province=region%2Fjawa-barat" in profile or "province=region/jawa-barat" in profile


def test_region_lists_sort_by_the_chosen_language_and_match_the_other_language():
    """English lists were sorted by the Indonesian names, and typing "Jawa Barat" in English found nothing."""
    at = open_page("entitlements", "en")
    box = at.selectbox(key="ent_province")
    shown = box.options[1:]  # AppTest gives the options as shown (formatted)
    assert shown == sorted(shown, key=str.casefold), shown[:5]
    assert "West Java Province (Provinsi Jawa Barat)" in shown
    at = open_page("entitlements", "id")
    shown = at.selectbox(key="ent_province").options[1:]
    assert shown == sorted(shown, key=str.casefold) and "Provinsi Jawa Barat (West Java Province)" in shown


def test_old_permalink_with_one_exploitation_form_still_opens():
    at = open_page("entitlements", "en", profile="sex=male&exploitation_form=labour&age=34")
    no_exception(at)
    assert at.multiselect(key="ent_exploitation_forms").value == ["labour"]
    assert at.number_input(key="ent_age").value == 34
    assert "Entitlements that apply (" in texts(at)


def test_profile_permalink_reopens_the_same_answer():
    at = open_page("entitlements", "en", profile="sex=male&age_group=adult")
    no_exception(at)
    assert "Entitlements that apply (" in texts(at)
    assert at.selectbox(key="ent_sex").value == "male"


# --- small things that erode trust (issue 17) -------------------------------------------------------------------

def test_institution_page_shows_each_quote_once_and_no_bare_none_for_duties():
    at = open_page("institutions", "en", institution="org/gugus-tugas-pusat")
    no_exception(at)
    quotes = [c.value for c in at.caption if c.value.startswith("\u201c")]
    assert quotes and len(quotes) == len(set(quotes)), quotes
    body = texts(at)
    assert "No duty of this institution is recorded in the data yet" in body
    assert "Its tasks are set in:" in body and "perpres%2F2008%2F69" in body


def test_a_manual_is_not_listed_as_a_service_point():
    at = open_page("institutions", "en", institution="org/gugus-tugas-pusat")
    no_exception(at)
    md = [m.value for m in at.markdown]
    points = next((m for m in md if "sp%2F" in m or "programme%2F" in m), "")
    assert "programme%2Fgugus-tugas-save-the-children-manual" in points
    assert "Programmes and manuals it runs" in [s.value for s in at.subheader]
    assert not any("save-the-children-manual" in m and "sp%2F" in m for m in md)


def test_law_timeline_has_one_row_per_kind_of_instrument():
    at = open_page("law", "en", instrument="uu/2007/21")
    no_exception(at)
    import json

    chart = next(e for e in at.main if getattr(e, "type", "") == "vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["encoding"]["y"]["field"] == "Type"
    assert any("hover a point for its name" in c.value for c in at.caption)


def test_bibliography_has_no_raw_id_column_and_a_wide_title():
    at = open_page("sources", "en")
    no_exception(at)
    table = at.dataframe[0].value
    assert "id" not in table.columns and "Title" in table.columns and "Label" in table.columns
    assert not any(str(v).startswith("text-") for v in table["Label"]), "raw ids shown as labels"


def test_pages_say_law_read_as_of_and_law_checked_up_to():
    at = open_page("entitlements", "en")
    caption = next(c.value for c in at.caption if c.value.startswith("Law read as of 2024-01-01"))
    assert "Data as of" not in texts(at)
    assert re.search(r"Law checked up to \d{4}-\d{2}-\d{2}\.", caption), caption


def test_statute_wording_is_shown_in_indonesian_and_a_translation_is_marked():
    from kg.app.law import wording_lines
    from kg.i18n import t as tr

    both = {"id": "Setiap korban berhak", "en": "Every victim has the right"}
    id_lines = [line for line in (tr("law.wording", "id"),)]
    assert id_lines
    # the Indonesian interface shows the statute's own words only
    lines = [line for line in _wording("id", both)]
    assert len(lines) == 1 and "Setiap korban berhak" in lines[0]
    # the English interface shows both, the English marked as a translation
    lines = _wording("en", both)
    assert "Setiap korban berhak" in lines[0] and "translation" in lines[1] and "Every victim" in lines[1]
    # an English rendering alone is marked as such in Indonesian too
    lines = _wording("id", {"en": "Every victim has the right"})
    assert len(lines) == 1 and "teks Indonesia tidak tercatat" in lines[0]
    assert wording_lines


def _wording(lang: str, wordings: dict) -> list[str]:
    from streamlit.testing.v1 import AppTest  # noqa: F401 - the page helpers need a language: call via t

    import kg.app.law as law

    old = law.T
    law.T = lambda key, **v: t(key, lang, **v)
    try:
        return law.wording_lines(wordings, lang)
    finally:
        law.T = old


def test_answer_is_ordered_for_action_collapsible_by_stage_with_the_profile_in_words():
    from kg.answers.finder import SECTIONS

    for lang in ("en", "id"):
        at = open_page("entitlements", lang, profile="sex=male&age=34&exploitation_forms=labour&sector=fishing&"
                                                   "exploited_abroad=region/malaysia&province=region/jawa-barat")
        no_exception(at)
        names = [t(f"brief.section.{s}", lang) for s in SECTIONS]
        stages = [e.label.split(" (")[0] for e in at.toggle if e.label.split(" (")[0] in names]
        assert [e.value for e in at.toggle if e.label.split(" (")[0] in names][0] is True  # the first stage open
        assert len(stages) >= 2 and stages == sorted(stages, key=names.index), stages  # in the order of action
        words = next(m.value for m in at.markdown if m.value.startswith(f"**{t('brief.profile', lang)}:**"))
        assert "34" in words and "sex=" not in words and "age_group" not in words, words


def test_gap_summary_counts_gaps_per_basis_grade():
    """The gap register's summary has a column per basis grade (kg.gaps.grading) once gaps are graded."""
    from kg.app.gapdata import gap_grade, grade_summary

    assert gap_grade({"basis": "documented"}) == "documented" and gap_grade({}) == ""
    assert grade_summary([{"basis": "derived", "severity": "high"}, {"basis": "derived", "severity": "low"}]) == {
        "derived": {"high": 1, "low": 1}}
    at = open_page("gaps", "en")
    no_exception(at)
    columns = list(at.dataframe[0].value.columns)
    assert any(c.startswith("Basis grade: ") for c in columns), columns


def test_the_entitlement_cards_show_the_stated_note_the_warnings_and_the_region_of_a_regional_right():
    """QA review 2026-12-05 (C2, C3, D3) in the app: the "mengupayakan, not wajib" note of Law 21/2007 Art. 54(2)
    for a foreign victim, each right's own warnings (Law 36/2009's known changes), and, for a West Java right, whether
    a place lies in the right's region."""
    at = open_all_stages(open_page("entitlements", "en", date="2026-12-05",
                                   profile="sex=male&age=30&nationality=foreign&exploited_abroad=false&province=maluku"))
    no_exception(at)
    assert any(i.value.startswith("Note on the legal text: The text says the government 'mengupayakan'")
               for i in at.info), [i.value for i in at.info]
    assert any("known changes to Law 36/2009 are not yet encoded" in w.value for w in at.warning)
    at = open_all_stages(open_page("entitlements", "id", date="2026-12-05",
                                   profile="sex=male&age=35&exploited_abroad=malaysia&regency=indramayu"))
    no_exception(at)
    assert "[di Provinsi Jawa Barat, wilayah hak ini]" in texts(at)
