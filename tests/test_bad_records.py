"""A matrix of broken source records: ``kg build`` refuses each one, says where and why, and leaves dist/ alone.

Each case writes a small, otherwise valid sources tree (the real vocabularies and seed bibliography plus a few
base records), breaks one thing, runs ``kg build`` in a subprocess against a dist/ that holds a previous good
build, and checks: a non-zero exit, the exact ``file:line: field: message`` on stderr, and a dist/ that is
byte-for-byte what it was.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_sources

ROOT = Path(__file__).resolve().parent.parent

INST = "sources/institutions/i.yaml"
REG = "sources/regions/r.yaml"
UU = "sources/instruments/uu.yaml"
ENT = "sources/entitlements/e.yaml"

KEMENSOS = """\
    - id: kemensos
      name: {en: Ministry of Social Affairs, id: Kementerian Sosial}
      kind: ministry
      level: national
      source: {doc: nexus-going-home, at: "§4.1"}
"""


def run_build(src: Path, dist: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JARING_")}
    return subprocess.run([sys.executable, "-m", "kg", "build", "--sources", str(src), "--dist", str(dist),
                           "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_dist(tmp_path_factory) -> Path:
    """One good build of the base tree, copied into every case as its 'previous' dist/."""
    base = tmp_path_factory.mktemp("good")
    src = write_sources(base)
    dist = base / "dist"
    proc = run_build(src, dist)
    assert proc.returncode == 0, proc.stderr
    assert (dist / "manifest.json").exists()
    return dist


# (case id, files to write (relative to sources/; bytes are written as is), expected stderr lines)
CASES: list[tuple[str, dict, list[str]]] = [
    ("invalid-yaml", {"institutions/i.yaml": """\
        - id: kemensos
          name: {en: Ministry of Social Affairs, id: Kementerian Sosial
          kind: ministry
        """}, [f"{INST}:3: (yaml): invalid YAML: expected ',' or '}}', but got ':'"]),
    ("tab-indentation", {"institutions/i.yaml": "- id: kemensos\n\tkind: ministry\n"},
     [f"{INST}:2: (yaml): invalid YAML: found character '\\t' that cannot start any token"]),
    ("two-yaml-documents", {"institutions/i.yaml": "- id: a\n---\n- id: b\n"},
     [f"{INST}:2: (yaml): invalid YAML: but found another document"]),
    ("python-tag", {"institutions/i.yaml": "- id: kemensos\n  acronym: !!python/name:os.system ''\n"},
     [f"{INST}:2: (yaml): invalid YAML: could not determine a constructor for the tag "
      "'tag:yaml.org,2002:python/name:os.system'"]),
    ("python-tag-on-a-list", {"institutions/i.yaml": "- !!python/object/apply:os.system [echo]\n"},
     [f"{INST}:1: (yaml): the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in source "
      "records"]),
    ("self-referencing-alias", {"institutions/i.yaml": "- &a\n  id: kemensos\n  parent: [*a]\n"},
     [f"{INST}:1: (yaml): anchors and aliases (&name, *name) are not allowed in source records"]),
    ("nul-character", {"institutions/i.yaml": "- id: kemensos\n  acronym: \"a\x00b\"\n"},
     [f"{INST}:2: (yaml): invalid YAML: unacceptable character #x0000: special characters are not allowed"]),
    ("deeply-nested", {"institutions/i.yaml": "- " + "[" * 3000 + "]" * 3000 + "\n"},
     [f"{INST}:1: (yaml): nested too deeply to read"]),
    ("non-utf8-bytes", {"institutions/i.yaml": b"- id: kemensos\n  acronym: Kemensos\n  note: caf\xe9\n"},
     [f"{INST}:3: (file): not valid UTF-8 (byte 0xe9)"]),
    ("empty-file", {"institutions/i.yaml": ""}, [f"{INST}:1: (file): file is empty"]),
    ("comments-only", {"institutions/i.yaml": "# nothing here yet\n"},
     [f"{INST}:1: (file): file holds no YAML document"]),
    ("huge-file", {"institutions/i.yaml": b"# " + b"x" * (5 * 1024 * 1024) + b"\n"},
     [f"{INST}:1: (file): file is 5242883 bytes, over the 5242880-byte limit"]),
    ("file-outside-known-folders", {"misc/notes.yaml": "- id: x\n"},
     ["sources/misc/notes.yaml:0: (file): not a record file: put YAML files in one of"]),
    ("file-in-nested-folder", {"institutions/old/i.yaml": KEMENSOS},
     ["sources/institutions/old/i.yaml:0: (file): not a record file"]),
    ("wrong-file-suffix", {"regions/r.json": "[]\n"}, ["sources/regions/r.json:0: (file): not a record file"]),
    ("file-not-a-list", {"institutions/i.yaml": KEMENSOS.replace("    - id", "      id")},
     [f"{INST}:1: (file): a file in sources/institutions/ holds a list of institutions (start items with '- ')"]),
    ("record-not-a-mapping", {"institutions/i.yaml": KEMENSOS + "    - just text\n"},
     [f"{INST}:6: (record): expected a mapping of fields, got 'just text'"]),
    ("key-not-text", {"institutions/i.yaml": KEMENSOS + "      2020: founded\n"},
     [f"{INST}:6: 2020: keys must be text"]),
    ("duplicate-key", {"institutions/i.yaml": KEMENSOS + "      kind: agency\n"},
     [f"{INST}:6: kind: duplicate key in the same mapping"]),
    ("unknown-field-with-hint", {"institutions/i.yaml": KEMENSOS + "      acronim: Kemensos\n"},
     [f"{INST}:6: acronim: unknown field (did you mean 'acronym'?)"]),
    ("unknown-field-no-hint", {"regions/r.yaml": """\
        - id: idn
          kind: country
          name: {en: Indonesia, id: Indonesia}
          population: 270000000
          source: {doc: nexus-going-home, at: "§4.1"}
        """}, [f"{REG}:4: population: unknown field; allowed: id, name, kind, code, part_of, description, "
               "source, sources"]),
    ("missing-required-field", {"institutions/i.yaml": KEMENSOS.replace("      level: national\n", "")},
     [f"{INST}:1: level: required field is missing"]),
    ("empty-required-field", {"institutions/i.yaml": KEMENSOS.replace("level: national", "level:")},
     [f"{INST}:4: level: required field is empty"]),
    ("wrong-type-text-for-number", {"instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: two thousand seven
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{UU}:3: year: expected a whole number, got 'two thousand seven'"]),
    ("wrong-type-list-for-text", {"regions/r.yaml": """\
        - id: idn
          kind: country
          name: [Indonesia]
          source: {doc: nexus-going-home, at: "§4.1"}
        """}, [f"{REG}:3: name: expected a mapping with 'id' and 'en' text, got ['Indonesia']"]),
    ("wrong-type-mapping-for-list", {"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: {a: medical-rehabilitation}
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{ENT}:3: services: expected a list, got {{'a': 'medical-rehabilitation'}}"]),
    ("value-not-in-enum", {"regions/r.yaml": """\
        - id: idn
          kind: continent
          name: {en: Indonesia, id: Indonesia}
          source: {doc: nexus-going-home, at: "§4.1"}
        """}, [f"{REG}:2: kind: 'continent' is not one of: country, province, regency, city, district, village, "
               "crossing-point, port"]),
    ("id-not-a-slug", {"institutions/i.yaml": KEMENSOS.replace("id: kemensos", "id: Kemensos RI")},
     [f"{INST}:1: id: 'Kemensos RI' does not match the expected form"]),
    ("duplicate-id", {"institutions/j.yaml": KEMENSOS},
     ["sources/institutions/j.yaml:1: id: duplicate id 'org/kemensos' (first defined at "
      "sources/institutions/i.yaml:1)"]),
    ("same-instrument-twice-by-zero-padding", {"instruments/uu2.yaml": """\
        - type: uu
          number: "021"
          year: 2007
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          source: {doc: nexus-going-home, at: "§4.1"}
        """}, ["sources/instruments/uu2.yaml:1: id: duplicate id 'uu/2007/21' (first defined at "
               "sources/instruments/uu.yaml:1)"]),
    ("dangling-reference", {"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          duty_bearers: [org/kemensoss]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{ENT}:6: duty_bearers[0]: unknown institution 'org/kemensoss' (did you mean 'org/kemensos'?)"]),
    ("dangling-provision", {"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/99]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{ENT}:5: legal_basis[0]: unknown provision or instrument 'uu/2007/21/pasal/99'"]),
    ("reference-to-wrong-kind", {"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [org/kemensos]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{ENT}:5: legal_basis[0]: 'org/kemensos' is a institution, expected provision or instrument"]),
    ("unknown-concept", {"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitaton]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{ENT}:3: services[0]: unknown concept 'vocab/services/medical-rehabilitaton' "
               "(did you mean 'vocab/services/medical-rehabilitation'?)"]),
    ("part-of-cycle", {"regions/r.yaml": """\
        - id: idn
          kind: country
          name: {en: Indonesia, id: Indonesia}
          source: {doc: nexus-going-home, at: "§4.1"}
        - id: jawa-barat
          kind: province
          name: {en: West Java, id: Jawa Barat}
          part_of: region/bogor
          source: {doc: nexus-going-home, at: "§4.1"}
        - id: bogor
          kind: regency
          name: {en: Bogor Regency, id: Kabupaten Bogor}
          part_of: region/jawa-barat
          source: {doc: nexus-going-home, at: "§4.1"}
        """}, [f"{REG}:8: part_of: cycle: region/bogor → region/jawa-barat → region/bogor"]),
    ("parent-cycle", {"institutions/i.yaml": KEMENSOS.replace("level: national", "level: national\n"
                                                               "      parent: org/rehsos") + """\
    - id: rehsos
      name: {en: Directorate of Social Rehabilitation, id: Direktorat Rehabilitasi Sosial}
      kind: ministry
      level: national
      parent: org/kemensos
      source: {doc: nexus-going-home, at: "§4.1"}
    """}, [f"{INST}:11: parent: cycle: org/kemensos → org/rehsos → org/kemensos"]),
    ("self-parent", {"institutions/i.yaml": KEMENSOS.replace("level: national", "level: national\n"
                                                              "      parent: org/kemensos")},
     [f"{INST}:5: parent: cycle: org/kemensos → org/kemensos"]),
    ("broader-cycle", {"vocab/zz-test.yaml": """\
        scheme: zz-test
        title: {en: Test scheme, id: Skema uji}
        concepts:
          - id: a
            label: {en: A, id: A}
            broader: [b]
          - id: b
            label: {en: B, id: B}
            broader: [a]
        """}, ["sources/vocab/zz-test.yaml:7: broader: cycle: "
               "vocab/zz-test/a → vocab/zz-test/b → vocab/zz-test/a"]),
    ("ended-before-in-force", {"instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: 2007
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          dates: {enacted: 2007-04-19, in_force: 2007-04-19, ended: 2001-01-01}
          status: expired
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
          provisions:
            - at: pasal/51/ayat/1
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
        """}, [f"{UU}:1: dates.ended: no longer in force (2001-01-01) before it took effect (2007-04-19)"]),
    ("in-force-before-enacted", {"instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: 2007
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          dates: {enacted: 2007-04-19, in_force: 2007-01-01}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
          provisions:
            - at: pasal/51/ayat/1
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
        """}, [f"{UU}:1: dates.in_force: comes before the date it was enacted"]),
    ("ended-without-cause", {"instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: 2007
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          dates: {enacted: 2007-04-19, ended: 2020-01-01}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
          provisions:
            - at: pasal/51/ayat/1
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
        """}, [f"{UU}:1: ended_by: an instrument no longer in force names what ended it (or status: expired)"]),
    ("valid-until-before-valid-from", {"institutions/i.yaml": KEMENSOS + """\
      valid_from: 2010-01-01
      valid_until: 2009-12-31
"""}, [f"{INST}:1: valid_until: comes before valid_from"]),
    ("date-not-iso", {"institutions/i.yaml": KEMENSOS + "      valid_from: 19/04/2007\n"},
     [f"{INST}:6: valid_from: expected a date written YYYY-MM-DD, got '19/04/2007'"]),
    ("impossible-date", {"institutions/i.yaml": KEMENSOS + "      valid_from: 2007-02-30\n"},
     [f"{INST}:6: valid_from: expected a date written YYYY-MM-DD, got '2007-02-30'"]),
    ("citation-to-unknown-document", {"institutions/i.yaml": KEMENSOS.replace("nexus-going-home",
                                                                                "nexus-going-hom")},
     [f"{INST}:5: source.doc: unknown document 'source/nexus-going-hom' (did you mean "
      "'source/nexus-going-home'?)"]),
    ("citation-without-pinpoint", {"institutions/i.yaml": KEMENSOS.replace(', at: "§4.1"', "")},
     [f"{INST}:5: source.at: required field is missing"]),
    ("quote-over-25-words", {"institutions/i.yaml": KEMENSOS.replace(
        'at: "§4.1"', 'at: "§4.1", quote_lang: en, quote: "' + " ".join(["word"] * 26) + '"')},
     [f"{INST}:5: source.quote: quote has 26 words, over the limit of 25"]),
    ("quote-without-language", {"institutions/i.yaml": KEMENSOS.replace(
        'at: "§4.1"', 'at: "§4.1", quote: "the ministry"')},
     [f"{INST}:5: source.quote_lang: a quote needs its language (id or en)"]),
    ("missing-source", {"institutions/i.yaml": KEMENSOS.replace('      source: {doc: nexus-going-home, at: "§4.1"}\n',
                                                                "")},
     [f"{INST}:1: source: every institution names its source (document and pinpoint); none given"]),
    ("empty-sources-list", {"institutions/i.yaml": KEMENSOS.replace(
        'source: {doc: nexus-going-home, at: "§4.1"}', "sources: []")},
     [f"{INST}:5: sources: needs at least 1 item(s)"]),
    ("missing-language", {"institutions/i.yaml": KEMENSOS.replace(", id: Kementerian Sosial", "")},
     [f"{INST}:2: name: missing language(s): id"]),
    ("unknown-language", {"institutions/i.yaml": KEMENSOS.replace("id: Kementerian Sosial",
                                                                  "id: Kementerian Sosial, fr: Ministère")},
     [f"{INST}:2: name.fr: unknown language; use id or en"]),
    ("provision-path-bad-segment", {"instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: 2007
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
          provisions:
            - at: pasal/51/ayat/1
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
            - at: pasal/51/clause/2
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
        """}, [f"{UU}:9: provisions[1].at: "]),
    ("provision-listed-twice", {"instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: 2007
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
          provisions:
            - at: pasal/51/ayat/1
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
            - at: pasal/51/ayat/1
              source: {doc: nexus-going-home, at: "§4.1, p. 35; fn 25"}
        """}, [f"{UU}:9: provisions[1].at: provision pasal/51/ayat/1 is listed twice in this instrument"]),
    ("scoped-instrument-without-scope", {"instruments/permen.yaml": """\
        - type: permen
          number: "22"
          year: 2013
          title: {id: Standar Rehabilitasi Sosial, en: Standards of Social Rehabilitation}
          source: {doc: nexus-going-home, at: "§4.2"}
        """}, ["sources/instruments/permen.yaml:1: scope: a Ministerial Regulation needs a scope (issuer or "
               "region slug) for its id"]),
    ("year-before-1900", {"instruments/uu.yaml": """\
        - type: uu
          number: "21"
          year: 207
          title: {id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{UU}:3: year: 207 is below the minimum 1900"]),
    ("uncertain-without-note", {"entitlements/e.yaml": """\
        - id: medical
          label: {en: Medical rehabilitation, id: Rehabilitasi kesehatan}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          certainty: uncertain
          source: {doc: nexus-going-home, at: "§4.1, p. 35"}
        """}, [f"{ENT}:1: certainty_note: an uncertain entitlement says why it is uncertain"]),
    ("finding-without-quote", {"findings/f.yaml": """\
        - id: shelter-gap
          kind: gap
          statement: {en: Shelters are scarce., id: Rumah aman langka.}
          concerns: [entitlement/medical]
          source: {doc: nexus-going-home, at: "§5"}
        """}, ["sources/findings/f.yaml:1: source.quote: a finding carries evidence: at least one source with a "
               "quote"]),
    ("discrepancy-with-one-claim", {"discrepancies/d.yaml": """\
        - id: enactment-date
          label: {en: Enactment date, id: Tanggal pengesahan}
          about: [uu/2007/21]
          aspect: enacted
          status: unresolved
          claims:
            - value: "2007-04-19"
              source: {doc: nexus-going-home, at: "§4.1"}
        """}, ["sources/discrepancies/d.yaml:6: claims: needs at least 2 item(s)"]),
    ("statistic-year-end-before-year", {"statistics/s.yaml": """\
        - id: victims-2019
          dataset: victims
          label: {en: Victims identified, id: Korban teridentifikasi}
          measure: victims-identified
          value: 10
          unit: persons
          year: 2019
          year_end: 2018
          source: {doc: nexus-going-home, at: "Table 1"}
        """}, ["sources/statistics/s.yaml:1: year_end: comes before year"]),
]


@pytest.mark.parametrize("name,files,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_record_is_refused_and_dist_untouched(tmp_path, good_dist, name, files, expected):
    src = write_sources(tmp_path, files)
    dist = tmp_path / "dist"
    shutil.copytree(good_dist, dist)
    before = snapshot(dist)
    proc = run_build(src, dist)
    assert proc.returncode == 1, f"{name}: build did not fail\n{proc.stdout}\n{proc.stderr}"
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("kg build: ") and lines[0].endswith("dist/ left unchanged"), proc.stderr
    assert "Traceback" not in proc.stderr
    for want in expected:
        assert any(line.startswith(want) for line in lines), f"{name}: expected {want!r} in\n{proc.stderr}"
    assert snapshot(dist) == before, f"{name}: dist/ changed"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist-")], "temporary folders left behind"


def test_the_matrix_covers_at_least_25_kinds():
    assert len({c[0] for c in CASES}) == len(CASES) >= 25


def test_every_error_line_has_the_file_line_field_form(tmp_path, good_dist):
    """Several broken files at once: every error is reported, each as file:line: field: message."""
    files = {}
    for name, case_files, _ in CASES[:40]:
        if any(isinstance(v, bytes) for v in case_files.values()) or "vocab/" in "".join(case_files):
            continue
        for rel, text in case_files.items():
            folder, _, fname = rel.rpartition("/")
            files[f"{folder}/{name}-{fname}"] = text
    src = write_sources(tmp_path, files)
    proc = run_build(src, tmp_path / "dist")
    assert proc.returncode == 1
    import re

    body = proc.stderr.splitlines()[1:]
    assert len(body) >= 20
    pattern = re.compile(r"^(sources/\S+|\(build\)):\d+: \S.*?: .+$")
    assert all(pattern.match(line) for line in body), [line for line in body if not pattern.match(line)]
