"""Canned queries: headers, pinned rows on the fixture graph, stable rows on the real graph, as-of, speed."""
from __future__ import annotations

import re

import pytest

from kg.store import queries
from kg.store.store import short_id
from test_store import fixture_dist, fixture_store, real_dist  # noqa: F401  (shared session fixtures)

FIXTURE_PINS = {
    'amendment-chain': ({'instrument': 'uu/2004/39'}, [
        ('uu/2017/18', 'Law 18/2017', '2017-11-22'),
    ]),
    'bibliography': ({}, [
        ('source/nexus-going-home', 'NEXUS, Going Home', 'report', '2016', 62),  # 50 before the ELI expressions (12 titled expressions cite it)
    ]),
    'claim-procedure': ({}, [
        ('entitlement/poverty-legal-aid', 'Free legal aid for the poor', 'condition', 'vocab/conditions/poverty-letter', 'Holds a poverty letter (SKTM)'),
        ('entitlement/restitution', 'Restitution from the offender', 'condition', 'vocab/conditions/court-order', 'A court has ordered it'),
        ('entitlement/restitution', 'Restitution from the offender', 'condition', 'vocab/conditions/police-report', 'The case has been reported to the police'),
        ('entitlement/witness-protection', 'Protection as a witness', 'condition', 'vocab/conditions/witness-status', 'Is a witness in criminal proceedings'),
    ]),
    'conflicting-figures': ({}, [
    ]),
    'coverage-matrix': ({}, [
        ('vocab/services/legal-aid', 'Legal assistance', 'vocab/groups/persons', 'All persons', 1),
        ('vocab/services/medical-rehabilitation', 'Medical rehabilitation', 'vocab/groups/trafficking-victims', 'Trafficking victims', 1),
        ('vocab/services/migrant-insurance', 'Migrant worker insurance', 'vocab/groups/migrant-workers', 'Indonesian migrant workers', 2),
        ('vocab/services/repatriation-from-abroad', 'Repatriation from abroad', 'vocab/groups/victims-abroad', 'Indonesian victims abroad', 1),
        ('vocab/services/restitution', 'Restitution from the offender', 'vocab/groups/trafficking-victims', 'Trafficking victims', 1),
        ('vocab/services/shelter', 'Shelter', 'vocab/groups/trafficked-children', 'Trafficked children', 1),
        ('vocab/services/witness-protection', 'Witness and victim protection', 'vocab/groups/witnesses', 'Witnesses in criminal proceedings', 1),
    ]),
    'deadlines': ({}, [
        ('entitlement/restitution', 'Restitution from the offender', 14, "the court's order", 'uu/2007/21/pasal/48/ayat/1', 'Law 21/2007, Article 48(1)'),
    ]),
    'definitions': ({}, [
    ]),
    'discrepancies': ({}, [
    ]),
    'discretionary-entitlements': ({}, [
        ('entitlement/poverty-legal-aid', 'Free legal aid for the poor', 'uu/2007/21', 'Law 21/2007'),
    ]),
    'duty-bearers': ({}, [
        ('entitlement/child-shelter', 'Shelter for children', None, None, False),
        ('entitlement/medical', 'Medical rehabilitation', 'org/kemensos', 'Ministry of Social Affairs', True),
        ('entitlement/migrant-insurance-2004', 'Insurance for workers abroad', None, None, False),
        ('entitlement/migrant-social-security-2017', 'Social security for migrant workers', None, None, False),
        ('entitlement/poverty-legal-aid', 'Free legal aid for the poor', None, None, False),
        ('entitlement/repatriation', 'Protection and repatriation from abroad', None, None, False),
        ('entitlement/restitution', 'Restitution from the offender', None, None, False),
        ('entitlement/witness-protection', 'Protection as a witness', 'org/lpsk', 'Witness and Victim Protection Agency', True),
    ]),
    'entitlement-detail': ({'entitlement': 'entitlement/restitution'}, [
        ('beneficiary', 'vocab/groups/trafficking-victims', 'Trafficking victims'),
        ('claimant', 'vocab/groups/trafficking-victims', 'Trafficking victims'),
        ('claimant', 'vocab/groups/victim-families', 'Families of victims'),
        ('condition', 'vocab/conditions/court-order', 'A court has ordered it'),
        ('condition', 'vocab/conditions/police-report', 'The case has been reported to the police'),
        ('legal basis', 'uu/2007/21/pasal/48/ayat/1', 'Law 21/2007, Article 48(1)'),
        ('service', 'vocab/services/restitution', 'Restitution from the offender'),
    ]),
    'entitlements-by-group': ({'group': 'victims-abroad', 'asOf': '2015-01-01'}, [
        ('entitlement/medical', 'Medical rehabilitation', 'uu/2007/21/pasal/51/ayat/1', 'Law 21/2007, Article 51(1)'),
        ('entitlement/poverty-legal-aid', 'Free legal aid for the poor', 'uu/2007/21', 'Law 21/2007'),
        ('entitlement/repatriation', 'Protection and repatriation from abroad', 'uu/2007/21/pasal/54/ayat/1', 'Law 21/2007, Article 54(1)'),
        ('entitlement/restitution', 'Restitution from the offender', 'uu/2007/21/pasal/48/ayat/1', 'Law 21/2007, Article 48(1)'),
    ]),
    'entitlements-by-service': ({'service': 'medical'}, [
        ('entitlement/medical', 'Medical rehabilitation', 'vocab/services/medical-rehabilitation', 'Medical rehabilitation'),
    ]),
    'entitlements-without-service-point': ({}, [
        ('entitlement/child-shelter', 'Shelter for children', 'vocab/services/shelter', 'Shelter'),
        ('entitlement/migrant-insurance-2004', 'Insurance for workers abroad', 'vocab/services/migrant-insurance', 'Migrant worker insurance'),
        ('entitlement/migrant-social-security-2017', 'Social security for migrant workers', 'vocab/services/migrant-insurance', 'Migrant worker insurance'),
        ('entitlement/poverty-legal-aid', 'Free legal aid for the poor', 'vocab/services/legal-aid', 'Legal assistance'),
        ('entitlement/repatriation', 'Protection and repatriation from abroad', 'vocab/services/repatriation-from-abroad', 'Repatriation from abroad'),
        ('entitlement/restitution', 'Restitution from the offender', 'vocab/services/restitution', 'Restitution from the offender'),
        ('entitlement/witness-protection', 'Protection as a witness', 'vocab/services/witness-protection', 'Witness and victim protection'),
    ]),
    'facts-from-document': ({'document': 'source/nexus-going-home'}, [
        ('entitlement/child-shelter', 'Shelter for children', '§4.1, p. 35', None),
        ('entitlement/medical', 'Medical rehabilitation', '§4.1, p. 35', None),
        ('entitlement/migrant-insurance-2004', 'Insurance for workers abroad', '§4.1, p. 35', None),
        ('entitlement/migrant-social-security-2017', 'Social security for migrant workers', '§4.1, p. 35', None),
        ('entitlement/poverty-legal-aid', 'Free legal aid for the poor', '§4.1, p. 35', None),
        ('entitlement/repatriation', 'Protection and repatriation from abroad', '§4.1, p. 35', None),
        ('entitlement/restitution', 'Restitution from the offender', '§4.1, p. 36', 'restitution <b>&'),
        ('entitlement/restitution/deadline', None, '§4.1, p. 36', 'restitution <b>&'),
        ('entitlement/witness-protection', 'Protection as a witness', '§4.1, p. 35', None),
    ]),
    'findings-by-kind': ({}, [
        ('gap', 1, 1),
    ]),
    'findings-by-theme': ({}, [
        ('vocab/themes/law-enforcement', 'Law enforcement', 'finding/restitution-rarely-paid', 'gap', 'Restitution orders are rarely paid.', 'source/nexus-going-home', '§5.2, p. 50'),
    ]),
    'group-hierarchy': ({}, [
        ('vocab/groups/adult-male-migrant-fishers', 'Adult male migrant fishers', 'vocab/groups/adult-men', None, None),
        ('vocab/groups/adult-male-migrant-fishers', 'Adult male migrant fishers', 'vocab/groups/migrant-fishers', None, None),
        ('vocab/groups/migrant-fishers', 'Migrant fishers and seafarers', 'vocab/groups/migrant-workers', 'Sector', 'fishing'),
    ]),
    'institutions-as-of': ({'asOf': '2010-01-01'}, [
        ('org/gugus-tugas-pusat', 'National Anti-Trafficking Task Force', 'vocab/levels/national', None),
        ('org/kemenko-kesra', "Coordinating Ministry for People's Welfare", 'vocab/levels/national', None),
        ('org/kemensos', 'Ministry of Social Affairs', 'vocab/levels/national', None),
        ('org/lpsk', 'Witness and Victim Protection Agency', 'vocab/levels/national', None),
    ]),
    'instrument-relations': ({}, [
        ('pp/2008/9', 'implements', 'uu/2007/21', None),
        ('uu/2017/18', 'repeals', 'uu/2004/39', None),
    ]),
    'instrument-timeline': ({}, [
        ('uu/2004/39', 'Law 39/2004', '2004-10-18', '2004-10-18', '2017-11-22', 'uu/2017/18'),
        ('uu/2007/21', 'Law 21/2007', '2007-04-19', '2007-04-19', None, None),
        ('pp/2008/9', 'Government Regulation 9/2008', '2008-02-05', '2008-02-05', None, None),
        ('perpres/2008/69', 'Presidential Regulation 69/2008', '2008-11-04', '2008-11-04', None, None),
        ('permen/kemensos/2013/22', 'Ministerial Regulation 22/2013', '2013-03-01', '2013-03-01', None, None),
        ('uu/2017/18', 'Law 18/2017', '2017-11-22', '2017-11-22', None, None),
    ]),
    'instruments-by-theme': ({'theme': 'migrant-workers', 'asOf': '2015-01-01'}, [
        ('uu/2004/39', 'Law 39/2004', '2004-10-18', '2017-11-22'),
    ]),
    'instruments-in-force': ({'asOf': '2015-01-01'}, [
        ('permen/kemensos/2013/22', 'Ministerial Regulation 22/2013', '2013-03-01', None),
        ('perpres/2008/69', 'Presidential Regulation 69/2008', '2008-11-04', None),
        ('pp/2008/9', 'Government Regulation 9/2008', '2008-02-05', None),
        ('uu/2004/39', 'Law 39/2004', '2004-10-18', '2017-11-22'),
        ('uu/2007/21', 'Law 21/2007', '2007-04-19', None),
    ]),
    'instruments-without-implementing-rules': ({}, [
        ('pp/2008/9', 'Government Regulation 9/2008', 'vocab/instrument-types/pp'),
        ('uu/2004/39', 'Law 39/2004', 'vocab/instrument-types/uu'),
        ('uu/2017/18', 'Law 18/2017', 'vocab/instrument-types/uu'),
    ]),
    'non-delivery-findings': ({}, [
        ('finding/restitution-rarely-paid', 'Restitution orders are rarely paid.', 'entitlement/restitution', 'Restitution from the offender'),
    ]),
    'obligations-by-bearer': ({}, [
    ]),
    'programmes': ({'asOf': '2024-01-01'}, [
    ]),
    'provisions-cited-by-entitlements': ({}, [
        ('uu/2007/21', 'Law 21/2007', 2),
        ('uu/2007/21/pasal/51/ayat/1', 'Law 21/2007, Article 51(1)', 2),
        ('uu/2004/39/pasal/68', 'Law 39/2004, Article 68', 1),
        ('uu/2007/21/pasal/48/ayat/1', 'Law 21/2007, Article 48(1)', 1),
        ('uu/2007/21/pasal/54/ayat/1', 'Law 21/2007, Article 54(1)', 1),
        ('uu/2017/18/pasal/29', 'Law 18/2017, Article 29', 1),
    ]),
    'provisions-tree': ({'instrument': 'uu/2007/21', 'lang': 'id'}, [
        ('uu/2007/21/pasal/48', 'uu/2007/21', 'pasal', '48', 'UU 21/2007 Pasal 48'),
        ('uu/2007/21/pasal/48/ayat/1', 'uu/2007/21/pasal/48', 'ayat', '1', 'UU 21/2007 Pasal 48 ayat (1)'),
        ('uu/2007/21/pasal/51', 'uu/2007/21', 'pasal', '51', 'UU 21/2007 Pasal 51'),
        ('uu/2007/21/pasal/51/ayat/1', 'uu/2007/21/pasal/51', 'ayat', '1', 'UU 21/2007 Pasal 51 ayat (1)'),
        ('uu/2007/21/pasal/54', 'uu/2007/21', 'pasal', '54', 'UU 21/2007 Pasal 54'),
        ('uu/2007/21/pasal/54/ayat/1', 'uu/2007/21/pasal/54', 'ayat', '1', 'UU 21/2007 Pasal 54 ayat (1)'),
    ]),
    'service-points-for-service': ({'service': 'medical', 'asOf': '2024-01-01'}, [
        ('sp/rptc-jakarta', 'National trauma centre', 'region/idn', 'Indonesia', 'org/kemensos'),
        ('sp/rs-indramayu', 'Indramayu district hospital', 'region/indramayu', 'Indramayu Regency', 'org/kemensos'),
        ('sp/rptc-bandung', 'West Java trauma centre', 'region/jawa-barat', 'West Java', 'org/kemensos'),
        ('sp/p2tp2a-jatim', 'East Java integrated centre', 'region/jawa-timur', 'East Java', 'org/kemensos'),
    ]),
    'service-points-per-province': ({'asOf': '2024-01-01'}, [
        ('region/jawa-barat', 'West Java', 2),
        ('region/jawa-timur', 'East Java', 1),
    ]),
    'statistics-with-sources': ({}, [
    ]),
    'task-force-chairs': ({'asOf': '2010-01-01'}, [
        ('org/gugus-tugas-pusat', 'National Anti-Trafficking Task Force', 'org/kemenko-kesra', "Coordinating Ministry for People's Welfare", 'perpres/2008/69'),
    ]),
    'task-force-composition': ({'taskForce': 'org/gugus-tugas-pusat', 'asOf': '2024-01-01'}, [
        ('org/kemenko-pmk', 'Coordinating Ministry for Human Development and Culture', 'vocab/roles/chair', 'Chair', 'perpres/2008/69', 'Presidential Regulation 69/2008'),
        ('org/kemensos', 'Ministry of Social Affairs', 'vocab/roles/member', 'Member', 'perpres/2008/69', 'Presidential Regulation 69/2008'),
    ]),
    'uncertain-entitlements': ({}, [
        ('entitlement/witness-protection', 'Protection as a witness', 'the source doubts it is available in practice'),
    ]),
    'unsourced-check': ({}, [
    ]),
    'who-may-claim': ({}, [
        ('entitlement/restitution', 'Restitution from the offender', 'vocab/groups/trafficking-victims', 'Trafficking victims'),
        ('entitlement/restitution', 'Restitution from the offender', 'vocab/groups/victim-families', 'Families of victims'),
    ]),
}


# rows of these queries also come from the real vocabularies and bibliography copied into the fixture: only
# the rows the fixture itself decides are pinned
FILTERS = {
    "bibliography": lambda r: r["document"].endswith("/nexus-going-home"),
    "group-hierarchy": lambda r: short_id(r["group"]) in ("vocab/groups/migrant-fishers",
                                                          "vocab/groups/adult-male-migrant-fishers"),
    "facts-from-document": lambda r: short_id(r["fact"]).startswith("entitlement/"),
}


def _tuples(rows, name):
    keep = FILTERS.get(name, lambda r: True)
    return [tuple(short_id(v) if isinstance(v, str) else v for v in r.values()) for r in rows if keep(r)]


def test_there_are_at_least_30_with_full_headers():
    qs = queries.list_queries()
    assert len(qs) >= 30
    assert {q.audience for q in qs} == {"advocate", "policymaker", "researcher"}
    for q in qs:
        assert q.question["id"] and q.question["en"] and q.question["id"] != q.question["en"], q.name
        assert q.view in queries.VIEWS
        assert q.text.lstrip().startswith("# question.id:"), q.name
        declared = {p.name for p in q.params}
        used = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", q.text.split("SELECT", 1)[1]))
        assert declared <= used, (q.name, declared - used)
        assert "FILTER NOT EXISTS" not in q.text, q.name  # MINUS is faster on pyoxigraph


def test_every_canned_query_is_pinned():
    assert {q.name for q in queries.list_queries()} == set(FIXTURE_PINS)


@pytest.mark.parametrize("name", sorted(FIXTURE_PINS))
def test_pinned_rows_on_the_fixture_graph(fixture_store, name):
    params, expected = FIXTURE_PINS[name]
    rows = queries.run(name, params, fixture_store)
    assert rows.columns == queries.get_query(name).columns
    assert _tuples(rows, name) == expected


def test_as_of_changes_answers(fixture_store):
    """The migrant-worker law in force differs between 2015 and 2024; so does the task-force chair."""
    def law(d):
        return [short_id(r["instrument"]) for r in queries.run("instruments-by-theme",
                                                               {"theme": "migrant-workers", "asOf": d}, fixture_store)]
    assert law("2015-01-01") == ["uu/2004/39"]
    assert law("2024-01-01") == ["uu/2017/18"]

    def chair(d):
        return [short_id(r["chair"]) for r in queries.run("task-force-chairs", {"asOf": d}, fixture_store)]
    assert chair("2010-01-01") == ["org/kemenko-kesra"]
    assert chair("2024-01-01") == ["org/kemenko-pmk"]


def test_parameter_errors(fixture_store):
    with pytest.raises(queries.QueryError, match="no canned query"):
        queries.run("no-such-query", {}, fixture_store)
    with pytest.raises(queries.QueryError, match="not a date"):
        queries.run("instruments-in-force", {"asOf": "yesterday"}, fixture_store)
    with pytest.raises(queries.QueryError, match="unknown parameter"):
        queries.run("instruments-in-force", {"bogus": 1}, fixture_store)
    with pytest.raises(queries.QueryError, match="language"):
        queries.run("instruments-in-force", {"lang": "fr"}, fixture_store)
    with pytest.raises(queries.QueryError, match="not an id"):
        queries.run("provisions-tree", {"instrument": "uu/2007/21> } DROP ALL {"}, fixture_store)
    with pytest.raises(queries.QueryError, match="concept id"):
        queries.run("entitlements-by-group", {"group": "Not A Slug"}, fixture_store)


def test_every_query_runs_on_the_real_graph(real_dist):
    from kg.store.store import open_store

    store = open_store(real_dist)
    empty_without_reason = []
    for q in queries.list_queries():
        rows = queries.run(q.name, {}, store)
        assert rows.columns == q.columns, q.name
        if not rows and not q.empty:
            empty_without_reason.append(q.name)
    # a canned query answers something with its defaults, or its header says why no rows is the right answer
    assert empty_without_reason == []


def test_queries_that_may_be_empty_say_why(real_dist):
    from kg.store.store import open_store

    may_be_empty = {q.name: q.empty for q in queries.list_queries() if q.empty}
    assert set(may_be_empty) == {"unsourced-check"}
    assert may_be_empty["unsourced-check"]["en"].startswith("must be empty")
    assert may_be_empty["unsourced-check"]["id"].startswith("harus kosong")
    assert queries.run("unsourced-check", {}, open_store(real_dist)) == []


def test_a_half_given_empty_reason_is_refused():
    with pytest.raises(queries.QueryError, match="empty.id and empty.en"):
        queries.parse_header("# question.id: a\n# question.en: b\n# audience: researcher\n# columns: x\n"
                             "# view: table\n# empty.en: must be empty\nSELECT * {}", "t")


def test_instruments_by_theme_finds_the_migrant_worker_laws(real_dist):
    from kg.store.store import open_store

    store = open_store(real_dist)
    now = {short_id(r["instrument"]) for r in queries.run("instruments-by-theme", {}, store)}
    assert "uu/2017/18" in now and "uu/2004/39" not in now  # repealed in 2017
    then = {short_id(r["instrument"]) for r in queries.run("instruments-by-theme", {"asOf": "2010-01-01"}, store)}
    assert "uu/2004/39" in then and "uu/2017/18" not in then


def test_stable_rows_on_the_real_graph(real_dist):
    """Facts of UU 21/2007 that the real sources state (definitions of victim and rehabilitation)."""
    from kg.store.store import open_store

    store = open_store(real_dist)
    tree = {short_id(r["provision"]): (short_id(r["parent"]), r["label"])
            for r in queries.run("provisions-tree", {"instrument": "uu/2007/21", "lang": "id"}, store)}
    assert tree["uu/2007/21/pasal/1/angka/3"] == ("uu/2007/21/pasal/1", "UU 21/2007 Pasal 1 angka 3")
    assert tree["uu/2007/21/pasal/1/angka/14"] == ("uu/2007/21/pasal/1", "UU 21/2007 Pasal 1 angka 14")
    assert tree["uu/2007/21/pasal/1"] == ("uu/2007/21", "UU 21/2007 Pasal 1")
    terms = {short_id(r["provision"]): r["term"]
             for r in queries.run("definitions", {"instrument": "uu/2007/21", "lang": "en"}, store)}
    assert terms["uu/2007/21/pasal/1/angka/3"] == "victim"
    assert terms["uu/2007/21/pasal/1/angka/14"] == "rehabilitation"
    timeline = {short_id(r["instrument"]): r["label"] for r in queries.run("instrument-timeline", {}, store)}
    assert timeline["uu/2007/21"] == "Law 21/2007"
    groups = {(short_id(r["group"]), short_id(r["broader"] or "")) for r in queries.run("group-hierarchy", {}, store)}
    assert ("vocab/groups/adult-male-migrant-fishers", "vocab/groups/migrant-fishers") in groups
    assert queries.run("unsourced-check", {}, store) == []


def test_benchmark_reports_every_query(fixture_store):
    results = queries.bench(fixture_store, repeat=1)
    assert {r["name"] for r in results} == set(FIXTURE_PINS)
    assert all(r["median_ms"] < 1000 for r in results)


def test_cli_query(fixture_dist, capsys):
    from kg.cli import main

    assert main(["query", "--list"]) == 0
    assert "entitlements-by-group" in capsys.readouterr().out
    assert main(["query", "task-force-chairs", "--dist", str(fixture_dist), "-p", "asOf=2010-01-01",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "taskForce,taskForceLabel,chair,chairLabel,basis"
    assert "kemenko-kesra" in out
    assert main(["query", "--dist", str(fixture_dist), "--sparql", "DROP ALL"]) == 3
    assert main(["query", "--dist", str(fixture_dist), "--sparql", "ASK { ?s a jar:Entitlement }"]) == 0
    assert capsys.readouterr().out.strip().endswith("true")
