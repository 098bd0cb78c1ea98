"""The store: opening dist/ (checksums), bound parameters, the query guard, time limits, row caps, remote errors.

Also defines the small fixture graph (``build_fixture``) that the query-layer tests share: its facts are fixed
here, so pinned rows do not move while the real sources grow.
"""
from __future__ import annotations

import http.server
import json
import socket
import textwrap
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from kg.build.pipeline import _sorted_lines, build_dataset, write_dist
from kg.store.sparql import MAX_QUERY_CHARS, QueryFailed, QueryRefused, QueryTimeout, check_query
from kg.store.store import (IRI, EmbeddedStore, Lit, RemoteStore, StoreError, bind_values, iri, open_store, short_id,
                      term_sparql, to_term)

ROOT = Path(__file__).resolve().parent.parent

# --- the shared fixture graph -------------------------------------------------------------------------------

SRC = 'source: {doc: nexus-going-home, at: "§4.1, p. 35"}'
FIXTURE_RECORDS = {
    "regions/r.yaml": f"""\
        - id: idn
          kind: country
          name: {{en: Indonesia, id: Indonesia}}
          {SRC}
        - id: mys
          kind: country
          name: {{en: Malaysia, id: Malaysia}}
          {SRC}
        - id: jawa-barat
          kind: province
          part_of: region/idn
          name: {{en: West Java, id: Jawa Barat}}
          {SRC}
        - id: indramayu
          kind: regency
          part_of: region/jawa-barat
          name: {{en: Indramayu Regency, id: Kabupaten Indramayu}}
          {SRC}
        - id: jawa-timur
          kind: province
          part_of: region/idn
          name: {{en: East Java, id: Jawa Timur}}
          {SRC}
        """,
    "institutions/i.yaml": f"""\
        - id: kemensos
          name: {{en: Ministry of Social Affairs, id: Kementerian Sosial}}
          kind: ministry
          level: national
          {SRC}
        - id: lpsk
          name: {{en: Witness and Victim Protection Agency, id: Lembaga Perlindungan Saksi dan Korban}}
          kind: agency
          level: national
          {SRC}
        - id: kemenko-kesra
          name: {{en: Coordinating Ministry for People's Welfare, id: Kementerian Koordinator Bidang Kesejahteraan Rakyat}}
          kind: coordinating-ministry
          level: national
          valid_until: 2014-10-27
          {SRC}
        - id: kemenko-pmk
          name: {{en: Coordinating Ministry for Human Development and Culture, id: Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan}}
          kind: coordinating-ministry
          level: national
          valid_from: 2014-10-27
          {SRC}
        - id: gugus-tugas-pusat
          name: {{en: National Anti-Trafficking Task Force, id: Gugus Tugas Pusat PP-TPPO}}
          kind: task-force
          level: national
          {SRC}
          memberships:
            - member: org/kemenko-kesra
              role: chair
              basis: perpres/2008/69
              until: 2014-10-27
            - member: org/kemenko-pmk
              role: chair
              basis: perpres/2008/69
              from: 2014-10-27
            - member: org/kemensos
              role: member
              basis: perpres/2008/69
        """,
    "instruments/uu.yaml": f"""\
        - type: uu
          number: "21"
          year: 2007
          title: {{id: Pemberantasan Tindak Pidana Perdagangan Orang, en: Eradication of Trafficking in Persons}}
          jurisdiction: region/idn
          dates: {{enacted: 2007-04-19, in_force: 2007-04-19}}
          currency: {{checked_on: 2026-12-05, found: no-change, sources: [{{doc: nexus-going-home, at: "§4.1"}}]}}
          {SRC}
          provisions:
            - at: pasal/51/ayat/1
              summary: {{en: Victims have the right to rehabilitation., id: Korban berhak atas rehabilitasi.}}
              {SRC}
            - at: pasal/48/ayat/1
              summary: {{en: Victims have the right to restitution., id: Korban berhak atas restitusi.}}
              {SRC}
            - at: pasal/54/ayat/1
              summary: {{en: Victims abroad are protected and repatriated., id: Korban di luar negeri dilindungi dan dipulangkan.}}
              {SRC}
        - type: uu
          number: "39"
          year: 2004
          title: {{id: Penempatan dan Perlindungan Tenaga Kerja Indonesia di Luar Negeri, en: Placement and Protection of Indonesian Workers Abroad}}
          jurisdiction: region/idn
          themes: [migrant-workers]
          dates: {{enacted: 2004-10-18, ended: 2017-11-22}}
          ended_by: uu/2017/18
          {SRC}
          provisions:
            - at: pasal/68
              summary: {{en: Workers abroad must be insured., id: TKI wajib diasuransikan.}}
              {SRC}
        - type: uu
          number: "18"
          year: 2017
          title: {{id: Pelindungan Pekerja Migran Indonesia, en: Protection of Indonesian Migrant Workers}}
          jurisdiction: region/idn
          themes: [migrant-workers]
          dates: {{enacted: 2017-11-22}}
          currency: {{checked_on: 2026-12-05, found: no-change, sources: [{{doc: nexus-going-home, at: "§4.1"}}]}}
          {SRC}
          relations:
            - {{type: repeals, target: uu/2004/39}}
          provisions:
            - at: pasal/29
              summary: {{en: Migrant workers are covered by social security., id: PMI diikutsertakan dalam jaminan sosial.}}
              {SRC}
        - type: pp
          number: "9"
          year: 2008
          title: {{id: Tata Cara dan Mekanisme Pelayanan Terpadu bagi Saksi dan/atau Korban TPPO, en: Integrated Services for Witnesses and Victims of Trafficking}}
          jurisdiction: region/idn
          dates: {{enacted: 2008-02-05}}
          currency: {{checked_on: 2026-12-05, found: no-change, sources: [{{doc: nexus-going-home, at: "§4.1"}}]}}
          {SRC}
          relations:
            - {{type: implements, target: uu/2007/21}}
        - type: perpres
          number: "69"
          year: 2008
          title: {{id: Gugus Tugas Pencegahan dan Penanganan TPPO, en: Task Force for the Prevention and Handling of Trafficking}}
          jurisdiction: region/idn
          dates: {{enacted: 2008-11-04}}
          currency: {{checked_on: 2026-12-05, found: no-change, sources: [{{doc: nexus-going-home, at: "§4.1"}}]}}
          {SRC}
        - type: permen
          scope: kemensos
          number: "22"
          year: 2013
          title: {{id: Standar Rehabilitasi Sosial, en: Standards of Social Rehabilitation}}
          jurisdiction: region/idn
          dates: {{enacted: 2013-03-01}}
          currency: {{checked_on: 2026-12-05, found: no-change, sources: [{{doc: nexus-going-home, at: "§4.1"}}]}}
          {SRC}
        """,
    "entitlements/e.yaml": f"""\
        - id: medical
          label: {{en: Medical rehabilitation, id: Rehabilitasi kesehatan}}
          services: [medical-rehabilitation]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          duty_bearers: [org/kemensos]
          {SRC}
        - id: restitution
          label: {{en: Restitution from the offender, id: Restitusi dari pelaku}}
          services: [restitution]
          beneficiaries: [trafficking-victims]
          legal_basis: [uu/2007/21/pasal/48/ayat/1]
          conditions: [police-report, court-order]
          claimants: [trafficking-victims, victim-families]
          deadline:
            days: 14
            from: {{en: the court's order, id: putusan pengadilan}}
            basis: uu/2007/21/pasal/48/ayat/1
          duty_bearer_named: false
          source: {{doc: nexus-going-home, at: "§4.1, p. 36", quote: "restitution <b>&", quote_lang: en}}
        - id: repatriation
          label: {{en: Protection and repatriation from abroad, id: Perlindungan dan pemulangan dari luar negeri}}
          services: [repatriation-from-abroad]
          beneficiaries: [victims-abroad]
          excludes: [foreign-victims]
          legal_basis: [uu/2007/21/pasal/54/ayat/1]
          {SRC}
        - id: migrant-insurance-2004
          label: {{en: Insurance for workers abroad, id: Asuransi TKI}}
          services: [migrant-insurance]
          beneficiaries: [migrant-workers]
          legal_basis: [uu/2004/39/pasal/68]
          {SRC}
        - id: migrant-social-security-2017
          label: {{en: Social security for migrant workers, id: Jaminan sosial PMI}}
          services: [migrant-insurance]
          beneficiaries: [migrant-workers]
          legal_basis: [uu/2017/18/pasal/29]
          {SRC}
        - id: witness-protection
          label: {{en: Protection as a witness, id: Perlindungan saksi}}
          services: [witness-protection]
          beneficiaries: [witnesses]
          legal_basis: [uu/2007/21]
          duty_bearers: [org/lpsk]
          conditions: [witness-status]
          certainty: uncertain
          certainty_note: {{en: the source doubts it is available in practice, id: sumber meragukan ketersediaannya}}
          {SRC}
        - id: child-shelter
          label: {{en: Shelter for children, id: Rumah aman anak}}
          services: [shelter]
          beneficiaries: [trafficked-children]
          legal_basis: [uu/2007/21/pasal/51/ayat/1]
          {SRC}
        - id: poverty-legal-aid
          label: {{en: Free legal aid for the poor, id: Bantuan hukum gratis bagi orang miskin}}
          services: [legal-aid]
          beneficiaries: [persons]
          legal_basis: [uu/2007/21]
          conditions: [poverty-letter]
          modality: may
          {SRC}
        """,
    "service_points/sp.yaml": f"""\
        - id: rs-indramayu
          name: {{en: Indramayu district hospital, id: RSUD Indramayu}}
          kind: hospital
          operator: [org/kemensos]
          region: region/indramayu
          level: district
          serves: [persons]
          services: [medical-rehabilitation]
          {SRC}
        - id: rptc-bandung
          name: {{en: West Java trauma centre, id: RPTC Jawa Barat}}
          kind: trauma-centre
          operator: [org/kemensos]
          region: region/jawa-barat
          level: provincial
          serves: [trafficking-victims]
          services: [medical-rehabilitation, social-rehabilitation]
          {SRC}
        - id: rptc-jakarta
          name: {{en: National trauma centre, id: RPTC Bambu Apus}}
          kind: trauma-centre
          operator: [org/kemensos]
          region: region/idn
          level: national
          serves: [trafficking-victims]
          services: [medical-rehabilitation]
          {SRC}
        - id: p2tp2a-jatim
          name: {{en: East Java integrated centre, id: P2TP2A Jawa Timur}}
          kind: integrated-service-centre
          operator: [org/kemensos]
          region: region/jawa-timur
          level: provincial
          serves: [women]
          services: [medical-rehabilitation]
          {SRC}
        - id: closed-shelter
          name: {{en: A closed shelter, id: Rumah aman yang ditutup}}
          kind: women-shelter
          operator: [org/kemensos]
          region: region/indramayu
          level: district
          serves: [trafficking-victims]
          services: [medical-rehabilitation]
          valid_until: 2010-01-01
          {SRC}
        """,
    "findings/f.yaml": """\
        - id: restitution-rarely-paid
          kind: gap
          statement: {en: Restitution orders are rarely paid., id: Putusan restitusi jarang dibayar.}
          themes: [law-enforcement]
          concerns: [entitlement/restitution]
          reports_non_delivery: true
          source: {doc: nexus-going-home, at: "§5.2, p. 50", quote: "restitution was rarely paid", quote_lang: en}
        """,
}


def build_nquads(sources: Path, dist: Path, result=None) -> Path:
    """Build only what the query layer reads (``jaring.nq`` and its manifest): the other formats are slow.
    ``result``: a build of ``sources`` already made (it is only read)."""
    result = result if result is not None else build_dataset(sources)
    assert result.summary["facts_without_source"] == 0
    nq = _sorted_lines(result.dataset.serialize(format="nquads")).encode("utf-8")
    write_dist({"jaring.nq": nq}, result.summary, dist)
    return dist


def build_fixture(root: Path) -> Path:
    """Build the fixture graph under ``root`` and return its dist folder."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from conftest import write_sources

    src = write_sources(root, FIXTURE_RECORDS)
    return build_nquads(src, root / "dist")


_BUILT: dict[str, Path] = {}  # one build per test session, shared by every module that imports these fixtures


@pytest.fixture(scope="session")
def fixture_dist(tmp_path_factory) -> Path:
    if "fixture" not in _BUILT:
        _BUILT["fixture"] = build_fixture(tmp_path_factory.mktemp("fixture"))
    return _BUILT["fixture"]


@pytest.fixture(scope="session")
def fixture_store(fixture_dist):
    return open_store(fixture_dist)


def shared_real_dist(tmp_path_factory, real_build) -> Path:
    """The real sources' ``jaring.nq`` written once per test session from the session's build (read-only)."""
    if "real" not in _BUILT:
        _BUILT["real"] = build_nquads(ROOT / "sources", tmp_path_factory.mktemp("real") / "dist", real_build)
    return _BUILT["real"]


@pytest.fixture(scope="session")
def real_dist(tmp_path_factory, real_build) -> Path:
    return shared_real_dist(tmp_path_factory, real_build)


# --- opening ------------------------------------------------------------------------------------------------

def test_open_missing_dist_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="run 'kg build'"):
        open_store(tmp_path / "nothing")


def test_open_corrupt_dist_is_refused(fixture_dist, tmp_path):
    import shutil

    copy = tmp_path / "dist"
    shutil.copytree(fixture_dist, copy)
    with open(copy / "jaring.nq", "a", encoding="utf-8") as fh:
        fh.write("<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
    with pytest.raises(StoreError, match="checksum"):
        open_store(copy)
    (copy / "manifest.json").unlink()
    with pytest.raises(StoreError, match="manifest.json: missing"):
        open_store(copy)


def test_open_is_cached_and_counts(fixture_dist):
    a = open_store(fixture_dist)
    assert open_store(fixture_dist) is a
    assert isinstance(a, EmbeddedStore) and len(a) > 1000


# --- binding ------------------------------------------------------------------------------------------------

def test_bindings_are_bound_not_pasted(fixture_store):
    q = "SELECT ?l WHERE { ?x rdfs:label ?l FILTER(LANG(?l) = ?lang) }"
    rows = fixture_store.select(q, {"x": IRI("uu/2007/21"), "lang": Lit("en")})
    assert rows == [{"l": "Law 21/2007"}]
    assert rows.columns == ["l"]
    # a hostile value is just a string that matches nothing
    evil = 'en") } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("'
    assert fixture_store.select(q, {"x": IRI("uu/2007/21"), "lang": evil}) == []
    assert len(fixture_store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")) == 1


def test_projected_bindings_use_substitution(fixture_store):
    rows = fixture_store.select("SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(LANG(?l) = 'id') }",
                                {"x": IRI("uu/2007/21")})
    assert rows == [{"x": iri("uu/2007/21"), "l": "UU 21/2007"}]


def test_terms_and_escaping():
    assert term_sparql(to_term('a"b\\c\n')) == '"a\\"b\\\\c\\n"'
    assert term_sparql(to_term(date(2015, 1, 1))) == '"2015-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert term_sparql(to_term(Lit("x", lang="id"))) == '"x"@id'
    assert term_sparql(to_term(3)) == '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    with pytest.raises(QueryRefused):
        term_sparql(to_term(IRI("http://example.org/a> } DROP ALL { <b")))
    text = bind_values("SELECT * WHERE { ?s ?p ?o } # {", {"s": IRI("uu/2007/21"), "o": 'x"} DROP ALL'})
    assert text == ('SELECT * WHERE { SELECT * WHERE { VALUES (?s ?o) { (<https://w3id.org/jaring/id/uu/2007/21> '
                    '"x\\"} DROP ALL") }  ?s ?p ?o } } # {')
    with pytest.raises(QueryRefused):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"bad name": 1})
    assert short_id(iri("org/kemensos")) == "org/kemensos"


def test_bound_values_reach_a_filter_inside_optional_on_the_remote_path(fixture_store):
    """The remote binding (a VALUES block wrapped in ``SELECT *``) gives the embedded store's rows for a label
    filtered by a bound language the query does not project — the case Virtuoso 7 got wrong with a bare VALUES
    block (every label empty); the text the remote path sends is run here on Oxigraph, so both engines read it."""
    q = "SELECT ?x ?l WHERE { ?x a eli:LegalResource OPTIONAL { ?x rdfs:label ?l FILTER(LANG(?l) = ?lang) } }"
    bound = {"x": IRI("uu/2007/21"), "lang": Lit("en")}
    sent = bind_values(q, bound)
    assert sent.count("SELECT * WHERE {") == 1 and sent.count("{") == sent.count("}")
    assert fixture_store.select(sent) == fixture_store.select(q, bound) == [{"x": iri("uu/2007/21"),
                                                                            "l": "Law 21/2007"}]
    # a brace in a string or a comment is not a group
    tricky = 'SELECT ?l WHERE { ?x rdfs:label ?l FILTER(?l != "}{") # }\n FILTER(?x != <urn:a>) } ORDER BY ?l'
    wrapped = bind_values(tricky, {"x": IRI("uu/2007/21")})
    assert wrapped.endswith("FILTER(?x != <urn:a>) } } ORDER BY ?l")
    assert fixture_store.select(wrapped) == [{"l": "Law 21/2007"}, {"l": "UU 21/2007"}]


def test_prologue_is_added_once_and_base_stays_first():
    """Virtuoso 7 accepts BASE only as the first declaration: a view's query that already carries the project
    prologue is sent as it is (it was sent with a second prologue, and Virtuoso refused every view), and a query
    that opens with its own BASE keeps it in front of the project's prefixes, on the same line numbers."""
    from kg.namespaces import sparql_prologue
    from kg.store.sparql import with_prologue

    prologue = sparql_prologue()
    assert with_prologue("SELECT * WHERE {}") == prologue + "SELECT * WHERE {}"
    assert with_prologue(prologue + "SELECT * WHERE {}") == prologue + "SELECT * WHERE {}"
    own = with_prologue("# mine\nBASE <http://example.org/> SELECT (<a> AS ?a) WHERE {}")
    assert own.startswith("# mine\nBASE <http://example.org/>\nPREFIX ") and own.count("BASE") == 1
    assert own.count("\n") == prologue.count("\n") + 1


def test_union_default_graph(fixture_store):
    rows = fixture_store.select("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert rows[0]["n"] >= 5
    assert fixture_store.ask("ASK { ?s a jar:LegalInstrument ; a skos:Concept }") is False
    assert fixture_store.ask("ASK { ?s a jar:Entitlement }") is True


# --- guard --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query,reason", [
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
    ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "read-only"),
    ("LOAD <http://example.org/x>", "read-only"),
    ("CLEAR ALL", "read-only"),
    ("DROP GRAPH <http://example.org/g>", "read-only"),
    ("CREATE GRAPH <http://example.org/g>", "read-only"),
    ("ADD DEFAULT TO <http://example.org/g>", "read-only"),
    ("MOVE DEFAULT TO <http://example.org/g>", "read-only"),
    ("COPY DEFAULT TO <http://example.org/g>", "read-only"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://x.org/s> { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "parsed"),
    ("", "empty"),
    ("SELECT * WHERE { ?s ?p ?o # " + "x" * MAX_QUERY_CHARS + "\n}", "limit"),
])
def test_guard_refuses(query, reason):
    with pytest.raises(QueryRefused, match=reason):
        check_query(query)


def test_guard_ignores_keywords_in_strings_and_comments():
    assert check_query('SELECT * WHERE { ?s rdfs:label "DROP ALL; SERVICE" } # INSERT DATA').form == "SELECT"
    assert check_query("ASK { ?s ?p ?o }").form == "ASK"
    assert check_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1").form == "CONSTRUCT"


def test_user_query_refused_and_capped(fixture_store):
    with pytest.raises(QueryRefused):
        fixture_store.user_query("DROP ALL")
    rows = fixture_store.user_query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=5)
    assert len(rows) == 5 and rows.truncated
    assert fixture_store.user_query("ASK { ?s a jar:Entitlement }") is True
    triples = fixture_store.user_query("CONSTRUCT { ?s a jar:Entitlement } WHERE { ?s a jar:Entitlement }")
    assert len(triples) == 8 and set(triples[0]) == {"s", "p", "o"}
    # an undeclared prefix is refused before the engine sees it, naming the prefix (issue 19 item 4)
    with pytest.raises(QueryRefused, match="unknown prefix .nosuchprefix:"):
        fixture_store.user_query("SELECT * WHERE { ?s nosuchprefix:p ?o }")


def test_user_query_is_stopped_at_its_time_limit(fixture_store):
    t0 = time.perf_counter()
    with pytest.raises(QueryTimeout):
        fixture_store.user_query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                                 timeout_s=1.0)
    # stopped, not run to the end (unstopped, this product of the fixture takes hours); the bound is loose so a
    # loaded machine does not fail it — how close to the limit it stops is measured by the benchmark
    assert time.perf_counter() - t0 < 60
    # the store still answers afterwards
    assert fixture_store.user_query("ASK { ?s ?p ?o }") is True


# --- remote ---------------------------------------------------------------------------------------------------

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_remote_endpoint_down_is_a_clear_error():
    store = RemoteStore(f"http://127.0.0.1:{_closed_port()}/sparql", timeout_s=2)
    with pytest.raises(StoreError, match="cannot be reached"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


class _Garbage(http.server.BaseHTTPRequestHandler):
    delay = 0.0
    body = b"<html>not sparql</html>"
    ctype = "text/html"

    def log_message(self, *a):
        pass

    def do_POST(self):
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", self.ctype)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


@pytest.fixture
def garbage_server():
    servers = []

    def start(delay=0.0, answer: dict | None = None):
        attrs = {"delay": delay}
        if answer is not None:  # a fixed SPARQL JSON answer instead of garbage
            attrs.update(body=json.dumps(answer).encode(), ctype="application/sparql-results+json")
        handler = type("H", (_Garbage,), attrs)
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}/sparql"
    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def test_remote_garbage_and_slow(garbage_server):
    with pytest.raises(QueryFailed, match="did not return SPARQL JSON"):
        RemoteStore(garbage_server()).select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryTimeout):
        RemoteStore(garbage_server(delay=2.0), timeout_s=0.5).select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError):
        RemoteStore("ftp://example.org/sparql")


def test_an_ask_answer_is_read_in_virtuosos_shape_and_never_guessed(garbage_server):
    """Virtuoso 7.2 answers ASK as a one-variable SELECT (``__ASK_RETVAL``: a row with 1 for true, no row for
    false). A typed ASK read it as false every time (``bool(data.get("boolean"))``); now that shape is read, the
    standard one still is, and an answer with no boolean is an error, not false."""
    def virtuoso(rows):
        return {"head": {"link": [], "vars": ["__ASK_RETVAL"]}, "results": {"bindings": [
            {"__ASK_RETVAL": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                              "value": v}} for v in rows]}}

    for answer, expected in ((virtuoso(["1"]), True), (virtuoso([]), False), ({"head": {}, "boolean": True}, True),
                             ({"head": {}, "boolean": False}, False)):
        store = RemoteStore(garbage_server(answer=answer))
        assert store.user_query("ASK { ?s ?p ?o }") is expected
        assert store.ask("ASK { ?s ?p ?o }") is expected
    store = RemoteStore(garbage_server(answer={"head": {"vars": ["x"]}, "results": {"bindings": []}}))
    with pytest.raises(QueryFailed, match="no boolean"):
        store.user_query("ASK { ?s ?p ?o }")
