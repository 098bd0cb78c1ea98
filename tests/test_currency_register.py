"""`kg currency`, the "law checked up to" line, the changes-not-encoded banner and the after-the-check warning,
on a small built graph, plus the register of the real sources (every instrument has a currency record)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rdflib import Graph

from test_currency import ENTS, OLD, RE_ENACTED, REVOKED
from test_store import real_dist  # noqa: F401  (shared session fixture)

ROOT = Path(__file__).resolve().parent.parent

# a third instrument whose known change is not encoded, checked earlier than the others
CNE = """\
    - type: uu
      number: "7"
      year: 2021
      title: {id: Undang-undang yang diubah, en: An amended law}
      jurisdiction: region/idn
      dates: {enacted: 2021-01-01, in_force: 2021-01-01}
      source: {doc: nexus-going-home, at: "§4.1"}
      currency:
        checked_on: 2026-11-01
        covers_until: 2023-01-30
        found: changes-not-encoded
        by: [uu/2020/1]
        note: {en: Amended in 2025; not encoded., id: Diubah pada 2025; belum dimasukkan.}
        sources: [{doc: nexus-going-home, at: "§4.2"}]
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    from conftest import write_sources
    from kg.build.pipeline import build
    from kg.store.store import open_store

    root = tmp_path_factory.mktemp("cur")
    src = write_sources(root, {"instruments/uu.yaml": OLD.replace("{currency}", REVOKED) + CNE,
                               "entitlements/e.yaml": ENTS.replace("{successors}", RE_ENACTED)})
    build(src, dist=root / "dist")
    return root / "dist", open_store(root / "dist")


def run_cli(dist: Path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JARING_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "kg", "currency", "--dist", str(dist), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_register_lists_every_instrument_with_its_check(small):
    from kg.answers import currency

    checks = {c.id: c for c in currency.register(small[1])}
    assert set(checks) == {"uu/2007/21", "uu/2020/1", "uu/2021/7"}
    old = checks["uu/2007/21"]
    assert (old.checked_on, old.found, old.by) == ("2026-12-05", "revoked", ["uu/2020/1/pasal/9"])
    assert old.sources and old.sources[0]["doc"] == "nexus-going-home" and old.sources[0]["quote"]
    assert checks["uu/2021/7"].note == {"en": "Amended in 2025; not encoded.", "id": "Diubah pada 2025; belum dimasukkan."}


def test_checked_up_to_is_the_oldest_check_of_the_instruments_an_answer_rests_on(small):
    from kg.answers import currency

    store = small[1]
    one = currency.checked_up_to(store, ["uu/2007/21/pasal/51/ayat/1"])
    assert (one.date, one.scope, one.instruments) == ("2026-12-05", "answer", ["uu/2007/21"])
    both = currency.checked_up_to(store, ["uu/2007/21/pasal/51/ayat/1", "uu/2021/7"])
    assert both.date == "2023-01-30"  # the older verified-to date wins: uu/2021/7's sources end in January 2023
    assert both.checked_on == "2026-11-01"
    assert [b.id for b in both.banners] == ["uu/2021/7"]
    whole = currency.checked_up_to(store)
    assert (whole.date, whole.scope) == ("2023-01-30", "register")
    assert currency.law_checked_up_to(store, ["uu/2020/1/pasal/5"]) == "2026-12-05"
    assert whole.text("id") == ("Hukum diperiksa sampai 2023-01-30 (pemeriksaan tertua dalam daftar) (diperiksa pada "
                                "2026-11-01; sumber yang dicari tidak memuat perubahan sesudah tanggal itu)")
    assert one.text("en") == "Law checked up to 2026-12-05"


def test_a_changes_not_encoded_instrument_gets_a_banner_in_both_languages(small):
    from kg.answers import currency

    info = currency.checked_up_to(small[1], ["uu/2021/7"])
    texts = {lg: info.banner_texts(lg)[0] for lg in ("id", "en")}
    assert texts["en"].startswith("Changes not yet encoded: Law 7/2021 has been changed by Law 1/2020")
    assert texts["id"].startswith("Perubahan belum dimasukkan: UU 7/2021 telah diubah oleh UU 1/2020")


def test_asking_about_a_date_after_the_last_check_warns(small):
    from kg.answers import currency

    info = currency.checked_up_to(small[1], ["uu/2007/21"])
    assert currency.date_warning(date(2026, 12, 5), info) is None
    warn = currency.date_warning(date(2027, 3, 1), info)
    assert "2027-03-01" in warn["en"] and "2026-12-05" in warn["en"] and "belum terverifikasi" in warn["id"]
    lines = currency.answer_lines(info, date(2027, 3, 1), "en")
    assert lines[0] == "Law checked up to 2026-12-05" and lines[1].startswith("\u26a0 You asked about 2027-03-01")
    assert currency.date_warning(date(2030, 1, 1), currency.CheckedUpTo(None, "answer")) is None


def test_an_instrument_never_checked_is_listed_apart_and_does_not_set_the_date():
    from kg.answers import currency

    checks = [currency.Check("x", "uu/1/1", {"en": "A"}), currency.Check("y", "uu/2/2", {"en": "B"}, "2026-01-01",
                                                                      "no-change")]
    info = currency.checked_up_to(checks=checks)
    assert info.date == "2026-01-01" and [c.id for c in info.unchecked] == ["uu/1/1"]
    assert currency.select_checks(checks, found=["never"]) == [checks[0]]
    assert currency.select_checks(checks, before=date(2025, 1, 1)) == [checks[0]]  # never checked counts as older


def test_kg_currency_text_filters_and_says_so_when_nothing_matches(small):
    proc = run_cli(small[0])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Law checked up to 2023-01-30 (oldest check in the register) (checked on 2026-11-01")
    assert any(line.startswith("uu/2007/21") and "revoked" in line and "uu/2020/1/pasal/9" in line for line in lines)
    assert lines[-1] == "(3 instruments: changes-not-encoded 1, no-change 1, revoked 1)"
    proc = run_cli(small[0], "--found", "revoked", "--found", "no-change", "--before", "2026-12-06")
    assert [line.split()[0] for line in proc.stdout.splitlines()[3:-1]] == ["uu/2007/21", "uu/2020/1"]
    proc = run_cli(small[0], "--before", "2026-11-01", "--lang", "id")
    assert proc.stdout.splitlines()[-1] == "Tidak ada instrumen yang cocok."


def test_kg_currency_csv_and_json(small):
    proc = run_cli(small[0], "--format", "csv", "--found", "changes-not-encoded")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["instrument"], r["checked_on"], r["found"], r["by"]) for r in rows] == [
        ("uu/2021/7", "2026-11-01", "changes-not-encoded", "uu/2020/1")]
    assert rows[0]["source"] == "nexus-going-home, §4.2"
    data = json.loads(run_cli(small[0], "--format", "json", "--before", "2026-12-01").stdout)
    assert data["count"] == 1 and data["instruments"][0]["id"] == "uu/2021/7"
    assert data["checked_up_to"]["date"] == "2023-01-30" and data["checked_up_to"]["instruments"] == 3
    assert data["instruments"][0]["covers_until"] == "2023-01-30"
    empty = json.loads(run_cli(small[0], "--format", "json", "--found", "not-found").stdout)
    assert empty["count"] == 0 and empty["message"]["en"] == "No instrument matches."


def test_successors_and_dropped_rights_are_read_back(small):
    from kg.answers import currency

    store = small[1]
    succ = currency.successors(store, "entitlement/medical")
    assert [(s["kind"], s["by"], s["basis"]) for s in succ] == [
        ("re-enacted", "entitlement/medical-new", "uu/2020/1/pasal/5")]
    assert succ[0]["by_label"]["en"] == "Medical rehabilitation (new)" and succ[0]["sources"][0]["quote"]
    assert currency.succession_map(store) == {"entitlement/medical": [
        {"kind": "re-enacted", "by": "entitlement/medical-new", "basis": "uu/2020/1/pasal/5"}]}
    assert currency.dropped_rights(store) == []
# --- the real sources ---------------------------------------------------------------------------------------

def test_every_instrument_of_the_real_sources_has_a_currency_record():
    from kg.records.load import load_sources

    loaded = load_sources(ROOT / "sources")
    instruments = loaded.of_kind("instrument")
    assert len(instruments) >= 66
    missing = sorted(r.id for r in instruments if "currency" not in r.data)
    assert missing == [], f"instruments without a currency check: {missing}"


def test_every_real_check_is_dated_no_later_than_today_and_cites_a_source():
    from kg.records.load import load_sources

    for r in load_sources(ROOT / "sources").of_kind("instrument"):
        cur = r.data.get("currency")
        if cur is None:
            continue
        assert cur["checked_on"] <= date.today(), r.id
        assert cur.get("sources") or cur.get("source"), r.id


def _right_in_force(g, node, day: date) -> bool:
    """A right or duty is in force on ``day`` when its own validity window holds (kg.asof) and at least one of its
    legal bases is in force by the build's effective validity."""
    from kg.asof import in_window
    from kg.namespaces import JAR

    if not in_window(g.value(node, JAR.validFrom), g.value(node, JAR.validUntil), day):
        return False
    return any(in_window(g.value(b, JAR.effectiveFrom), g.value(b, JAR.effectiveUntil), day)
               for b in g.objects(node, JAR.legalBasis))


def test_every_successor_right_is_in_force_after_its_predecessor_ended(g):
    """Each mapped successor (re-enacted or changed) is in force on the build date, while the right it succeeds is
    not: the mapping points from a text that ended to one that took its place."""
    from kg.namespaces import JAR

    today = date.today()
    pairs = [(s, o, succ) for s, succ in g.subject_objects(JAR.succession) for o in g.objects(succ, JAR.successor)]
    assert len(pairs) >= 10, "the successor mapping is unexpectedly small"
    bad = [(str(s), str(o)) for s, o, _ in pairs if _right_in_force(g, s, today) or not _right_in_force(g, o, today)]
    assert bad == [], bad


def test_law_39_2004_rights_all_have_a_successor_mapping(g):
    """Every right and duty resting on the repealed Law 39/2004 says what Law 18/2017 did with it."""
    from kg.namespaces import ID, JAR

    prefix = str(ID["uu/2004/39"])
    on_39 = {s for s, b in g.subject_objects(JAR.legalBasis) if str(b).startswith(prefix)
             and (s, None, None) in g and str(s).split("/id/")[1].split("/")[0] in ("entitlement", "obligation")}
    assert len(on_39) >= 9
    missing = sorted(str(s) for s in on_39 if not list(g.objects(s, JAR.succession)))
    assert missing == [], missing


def test_the_finder_data_names_the_article_of_each_successor(g):
    from kg.namespaces import ID, JAR

    succ = ID["entitlement/uu39-insurance/succession/entitlement.uu18-social-security"]
    assert (succ, JAR.successionBasis, ID["uu/2017/18/pasal/29/ayat/1"]) in g
    assert (ID["entitlement/uu39-insurance"], JAR.succeededBy, ID["entitlement/uu18-social-security"]) in g


def test_for_answer_gives_the_date_warning_and_banners_of_the_rights_listed(small):
    from types import SimpleNamespace

    from kg.answers import currency

    item = SimpleNamespace(legal_basis=[SimpleNamespace(iri="https://w3id.org/jaring/id/uu/2021/7")])
    old = SimpleNamespace(legal_basis=[{"iri": "https://w3id.org/jaring/id/uu/2007/21/pasal/51/ayat/1"}])
    ans = SimpleNamespace(as_of=date(2027, 1, 1), entitled=[item], not_entitled=[old])
    out = currency.for_answer(small[1], ans)
    assert out["date"] == "2023-01-30" and out["scope"] == "answer"
    assert out["text"]["en"].startswith("Law checked up to 2023-01-30 (checked on 2026-11-01;")
    assert out["warning"]["en"].startswith("You asked about 2027-01-01, after the date up to which the law behind "
                                           "this answer is verified (2023-01-30)")
    assert [b["instrument"] for b in out["banners"]] == ["uu/2021/7"]
    today = SimpleNamespace(as_of=date(2026, 6, 1), entitled=[], not_entitled=[old])  # uu/2007/21 only: 2026-12-05
    assert currency.for_answer(small[1], today)["warning"] is None


def test_the_successor_shortcut_never_links_a_right_to_an_institution(g):
    """Regression: the successor shortcut reuses jar:succeededBy, which once had jar:Institution as domain and range,
    so every mapped right was inferred to be an institution and HermiT found the law graph inconsistent. It now
    links institutions to institutions and rights to rights, never across."""
    from rdflib.namespace import RDF, RDFS

    from kg.build.pipeline import ONTOLOGY_DIR
    from kg.namespaces import JAR

    onto = Graph().parse(ONTOLOGY_DIR / "jaring.ttl")
    assert not list(onto.objects(JAR.succeededBy, RDFS.domain)) and not list(onto.objects(JAR.succeededBy, RDFS.range))
    pairs = list(g.subject_objects(JAR.succeededBy))
    assert pairs
    kinds = (JAR.Institution, JAR.Entitlement, JAR.Obligation)
    for s, o in pairs:
        assert [k for k in kinds if (s, RDF.type, k) in g] == [k for k in kinds if (o, RDF.type, k) in g], (s, o)


def test_an_entitlement_answer_carries_the_law_currency_in_json_markdown_and_html(real_dist):
    """kg entitlements: the answer says up to when the law behind it is verified, warns for a later date, and shows
    the changes-not-encoded banners of the instruments its rights rest on (Markdown, HTML and JSON)."""
    from kg.answers.finder import entitlements
    from kg.store.store import open_store

    store = open_store(real_dist)
    later = entitlements({"sex": "male", "age": 30}, "2030-01-01", store=store, with_gaps=False)
    cur = later.to_dict()["law_currency"]
    assert cur["date"] and later.law_checked_up_to == cur["date"]
    assert cur["warning"]["en"].startswith("You asked about 2030-01-01")
    from kg.render.brief import render

    text = render(later, "md", "id")
    assert "\u26a0 Anda menanyakan 2030-01-01" in text
    assert "Anda menanyakan 2030-01-01" in render(later, "html", "id")
    early = entitlements({"sex": "male", "age": 30}, "2020-01-01", store=store, with_gaps=False)
    assert early.to_dict()["law_currency"]["warning"] is None
