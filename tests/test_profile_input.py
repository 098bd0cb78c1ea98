"""Strict profile input (issue 16): every value is checked against the graph, a typo never changes an answer
silently, and every refusal is bilingual, names its field and suggests the accepted value."""
from __future__ import annotations

import json
import re

import pytest

from kg.answers.values import KINDS, accepted, check_profile, resolve
from kg.cli import main
from kg.cli.commands_entitlements import FLAGS
from kg.answers.finder import entitlements
from kg.answers.snapshot import snapshot
from kg.answers.profile import ProfileError, parse_profile
from kg.store.store import open_store
from test_store import real_dist  # noqa: F401  (shared session fixture)


@pytest.fixture(scope="module")
def real(real_dist):  # noqa: F811
    return open_store(real_dist)


def _run(real_dist, capsys, *argv):  # noqa: F811
    code = main(["entitlements", "--dist", str(real_dist), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("argv,field", [
    (["--province", "atlantis"], "province"), (["--abroad", "narnia"], "exploited_abroad"),
    (["--sector", "xyz"], "sector"), (["--province", "jawa-baratt"], "province"),
    (["--regency", "atlantis"], "regency"), (["--form", "sexual", "--form", "nope"], "exploitation_forms"),
    (["--group", "martians"], "groups"), (["--nationality", "narnia"], "nationality_country"),
    (["--landing", "atlantis-port"], "landing"), (["--region", "nowhere"], "region"),
])
def test_unknown_value_exits_2_in_both_languages(real_dist, capsys, argv, field):  # noqa: F811
    code, out, err = _run(real_dist, capsys, *argv, "--no-gaps")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(f": {field}: " in line for line in lines), err
    assert "recorded in the graph" in lines[0] and "tercatat di graf" in lines[1]
    assert f"--values" in lines[0] and "Traceback" not in err


def test_typo_gets_did_you_mean_with_both_names(real_dist, capsys):  # noqa: F811
    code, _, err = _run(real_dist, capsys, "--province", "jawa-baratt")
    assert code == 2
    assert "did you mean region/jawa-barat (Provinsi Jawa Barat / West Java Province)" in err
    assert "maksud Anda region/jawa-barat" in err


@pytest.mark.parametrize("given,expect", [
    ("indramayu", "region/kabupaten-indramayu"), ("kabupaten-indramayu", "region/kabupaten-indramayu"),
    ("region/kabupaten-indramayu", "region/kabupaten-indramayu"), ("Kabupaten Indramayu", "region/kabupaten-indramayu"),
    ("Indramayu Regency", "region/kabupaten-indramayu"), ("kota-bandung", "region/kota-bandung"),
])
def test_regency_with_or_without_prefix(real, given, expect):
    assert resolve(snapshot(real), "regency", "regency", given) == expect


@pytest.mark.parametrize("given", ["jawa-barat", "region/jawa-barat", "West Java", "Jawa Barat", "JAWA_BARAT",
                                   "https://w3id.org/jaring/id/region/jawa-barat", "provinsi-jawa-barat"])
def test_province_in_either_language(real, given):
    assert resolve(snapshot(real), "province", "province", given) == "region/jawa-barat"


def test_ambiguous_name_is_refused_with_both_candidates(real):
    with pytest.raises(ProfileError) as e:
        resolve(snapshot(real), "regency", "regency", "bekasi")
    assert "region/kabupaten-bekasi" in e.value.en and "region/kota-bekasi" in e.value.en
    assert "lebih dari satu" in e.value.id


def test_help_examples_all_name_values_of_the_graph(real):
    """Every example the help gives for a flag is accepted (the old help's region/mys named no region)."""
    snap = snapshot(real)
    kinds = {"exploited_abroad": "country", "province": "province", "regency": "regency", "landing": "landing",
             "sector": "sector"}
    checked = 0
    for dest, text in FLAGS.values():
        if dest not in kinds:
            continue
        inner = re.search(r"\(([^)]*)\)", text).group(1)
        for example in [x.strip() for x in inner.split(",")]:
            if not example or example in ("...", "yes/no") or example.startswith(("...", "see ")):
                continue
            resolve(snap, dest, kinds[dest], example)
            checked += 1
    assert checked >= 10


def test_regency_as_the_help_suggests_keeps_the_regional_rights(real_dist, capsys):  # noqa: F811
    """``--regency indramayu`` once became a region that does not exist and lost every West Java right."""
    _, out_r, _ = _run(real_dist, capsys, "--regency", "indramayu", "--format", "json", "--no-gaps")
    _, out_p, _ = _run(real_dist, capsys, "--province", "jawa-barat", "--format", "json", "--no-gaps")
    by_regency = {i["id"] for i in json.loads(out_r)["entitled"]}
    by_province = {i["id"] for i in json.loads(out_p)["entitled"]}
    west_java = {i for i in by_province if "jabar" in i or "west-java" in i or "jawa-barat" in i}
    assert west_java and west_java <= by_regency
    assert json.loads(out_r)["region"].endswith("/region/kabupaten-indramayu")


def test_abroad_malaysia_as_in_the_help(real_dist, capsys):  # noqa: F811
    code, out, err = _run(real_dist, capsys, "--abroad", "malaysia", "--format", "json", "--no-gaps")
    assert code == 0, err
    data = json.loads(out)
    assert data["profile"]["exploited_abroad"] == "region/malaysia"
    assert "victims-abroad" in {g["id"].rsplit("/", 1)[1] for g in data["groups"]}


@pytest.mark.parametrize("argv,field,en,id_", [
    (["--age", "-3"], "age", "not a plausible age", "bukan usia"),
    (["--age", "old"], "age", "not an age in whole years", "bukan usia"),
    (["--as-of", "2024-13-01"], "--as-of", "is not a date; write YYYY-MM-DD", "bukan tanggal"),
    (["--birth-date", "31/03/2009"], "birth_date", "is not a date", "bukan tanggal"),
    (["--witness", "perhaps"], "witness", "is not yes/no", "bukan ya/tidak"),
    (["--sex", "x"], "sex", "is not one of female, male", "bukan salah satu"),
])
def test_bad_form_is_bilingual_and_names_the_field(real_dist, capsys, argv, field, en, id_):  # noqa: F811
    code, _, err = _run(real_dist, capsys, *argv)
    assert code == 2 and "Traceback" not in err and "isoformat" not in err
    en_line, id_line = err.strip().splitlines()
    assert f": {field}: " in en_line and en in en_line
    assert f": {field}: " in id_line and id_ in id_line


def test_profile_files_missing_broken_or_not_a_mapping(real_dist, capsys, tmp_path):  # noqa: F811
    code, _, err = _run(real_dist, capsys, "--profile", str(tmp_path / "nonexistent.json"))
    assert code == 2 and "no such file" in err and "berkas tidak ada" in err and "Traceback" not in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("sex: male\nage: [1,\n", "utf-8")
    code, _, err = _run(real_dist, capsys, "--profile", str(bad))
    assert code == 2 and "not valid JSON or YAML" in err and "Traceback" not in err
    lst = tmp_path / "list.json"
    lst.write_text("[1, 2]", "utf-8")
    code, _, err = _run(real_dist, capsys, "--profile", str(lst))
    assert code == 2 and "expected field: value pairs" in err
    typo = tmp_path / "typo.json"
    typo.write_text('{"province": "jawa-baratt"}', "utf-8")
    code, _, err = _run(real_dist, capsys, "--profile", str(typo))
    assert code == 2 and str(typo) in err and "did you mean region/jawa-barat" in err
    good = tmp_path / "good.yaml"
    good.write_text("sex: perempuan\nage: 16\nexploited_abroad: Malaysia\nprovince: West Java\n", "utf-8")
    code, out, err = _run(real_dist, capsys, "--profile", str(good), "--format", "json", "--no-gaps")
    assert code == 0, err
    assert json.loads(out)["profile"]["province"] == "region/jawa-barat"


def test_values_lists_accepted_values(real_dist, capsys):  # noqa: F811
    code, out, _ = _run(real_dist, capsys, "--values", "province")
    assert code == 0 and "region/jawa-barat\tWest Java Province / Provinsi Jawa Barat" in out
    code, out, _ = _run(real_dist, capsys, "--values", "regency", "--lang", "id")
    assert code == 0 and "region/kabupaten-indramayu\tKabupaten Indramayu / Indramayu Regency" in out
    code, out, _ = _run(real_dist, capsys, "--values", "form")
    assert code == 0 and re.search(r"^labour\t", out, re.M) and re.search(r"^sexual\t", out, re.M)
    code, _, err = _run(real_dist, capsys, "--values", "planets")
    assert code == 2 and "--values" in err


def test_every_kind_has_values(real):
    snap = snapshot(real)
    for kind in KINDS:
        assert accepted(snap, kind), kind


def test_finder_refuses_unknown_values_for_every_caller(real):
    """The app and permalinks go through the same finder: an unknown value is refused there too."""
    with pytest.raises(ProfileError, match="^province:"):
        entitlements({"province": "jawa-baratt"}, "2024-01-01", store=real, with_gaps=False)
    p = check_profile(parse_profile({"nationality": "Malaysia", "exploited_abroad": "Indonesia"}), snapshot(real))
    assert (p.nationality, p.nationality_country, p.abroad) == ("foreign", "region/malaysia", False)


def test_age_range_of_basic_education(real):
    """UU 20/2003 Pasal 6 ayat (1): ages seven to fifteen. A 16-year-old is not entitled; age unknown: asked."""
    def item(profile):  # Pasal 6(1), 11(2) and 34(2) speak of citizens (warga negara): the child is Indonesian
        a = entitlements({"nationality": "indonesian", **profile}, "2024-01-01", store=real, with_gaps=False)
        return a, a.get("uu20-basic-education")
    a, it = item({"age": 16})
    assert it in a.not_entitled and [r.kind for r in it.reasons] == ["age"]
    assert it.reasons[0].text["en"] == "only for ages 7\u201315; the person is 16"
    assert it.ages == {"min": 7, "max": 15}
    a, it = item({"age": 10})
    assert it in a.entitled
    a, it = item({"age_group": "child"})  # a child may be 16: the age decides, so it is asked
    assert it in a.depends and [q.key for q in it.questions] == ["age"]
    assert [c.state for c in it.conditions if "Aged" in c.label["en"]] == ["unknown"]
    a, it = item({"birth_date": "2008-01-02"})  # 15 on 2024-01-01
    assert it in a.entitled
    a, it = item({"birth_date": "2007-12-31"})  # 16 on 2024-01-01
    assert it in a.not_entitled
