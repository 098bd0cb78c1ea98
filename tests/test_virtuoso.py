"""A second real SPARQL engine: OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``), started and loaded with
``dist/jaring.nq`` and ``dist/jaring.nt`` by the README's own recipe (the ``virtuoso`` fixture in conftest.py: one
server per session, free loopback ports, shut down at the end), answers every canned query, the entitlement finder
for every scenario profile, and the app's data calls exactly as the embedded store (pyoxigraph) loaded from the same
build. Portability is checked here, not assumed: the first runs found four places where Jaring's SPARQL, or its
reading of answers, relied on Oxigraph (kg.store.store.bind_values, kg.store.sparql.with_prologue,
queries/entitlements-by-group.rq, RemoteStore._boolean), and answers that depended on the order an engine returns
rows in (citations, claim sources and the neighbourhood in kg.answers.views; the search index in kg.answers.search).

Canned queries are compared as multisets of RDF terms (kind, lexical form, language tag, datatype) — row counts
included, nothing made DISTINCT. Normalised, and only where the standards make two spellings one term or one value:

1. A literal written without datatype or language tag in SPARQL JSON results is an ``xsd:string`` (RDF 1.1
   Concepts §3.3: a simple literal is an ``xsd:string``; SPARQL 1.1 Query Results JSON §3.2.2 writes it bare);
   pyoxigraph reports the datatype.
2. A language-tagged literal's datatype is ``rdf:langString`` (RDF 1.1 Concepts §3.3); JSON results leave it out.
3. ``xsd:boolean`` ``"1"`` is ``"true"`` and ``"0"`` is ``"false"`` (XSD 1.1 Part 2 §3.3.2: both lexical forms map
   to the same value; SPARQL's ``=`` on booleans compares values, op:boolean-equal). Virtuoso keeps booleans as
   numbers and writes ``1`` for true — for ``BOUND(…)`` results and for a stored ``"true"^^xsd:boolean`` alike.

Nothing else: numbers, dates and strings must match in lexical form and datatype, and a blank node (the graph has
none) would fail the comparison. Row order is not compared: SPARQL 1.1 §15.1 leaves the order of language-tagged
literals (most labels) to the engine, and Virtuoso sorts "UU 21/2007"@id before "Law 21/2007"@en. The finder and the views are compared on the Python values the app shows,
unchanged.
"""
from __future__ import annotations

import collections
from datetime import date
from pathlib import Path

import pytest
import yaml

from kg.answers import views
from kg.answers.finder import entitlements
from kg.answers.search import search
from kg.app import gapdata
from kg.namespaces import GRAPHS, ID
from kg.store import queries
from kg.store.sparql import with_prologue
from kg.store.store import RemoteStore, bind_values, open_store

XSD = "http://www.w3.org/2001/XMLSchema#"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))
CANNED = [q.name for q in queries.list_queries()]
DAY = date(2026, 12, 5)
LAW = ID["uu/2007/21"]


@pytest.fixture(scope="module")
def engines(virtuoso, full_dist):
    """(embedded store, Virtuoso behind its endpoint URL), both holding the same build."""
    return open_store(full_dist), RemoteStore(virtuoso.endpoint, timeout_s=120)


def _boolean(lexical: str) -> str:
    return {"1": "true", "0": "false"}.get(lexical, lexical)


def oxigraph_term(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    assert isinstance(term, ox.Literal), f"not an IRI or a literal: {term!r}"
    datatype = term.datatype.value
    value = _boolean(term.value) if datatype == XSD + "boolean" else term.value
    return ("literal", value, term.language, datatype)


def json_term(cell: dict | None):
    if cell is None:
        return None
    if cell["type"] == "uri":
        return ("iri", cell["value"])
    assert cell["type"] in ("literal", "typed-literal"), f"not an IRI or a literal: {cell!r}"
    lang = cell.get("xml:lang")
    datatype = cell.get("datatype") or (LANG_STRING if lang else XSD + "string")
    value = _boolean(cell["value"]) if datatype == XSD + "boolean" else cell["value"]
    return ("literal", value, lang, datatype)


def test_there_is_something_to_compare():
    assert len(CANNED) >= 30 and len(SCENARIOS) >= 30


def test_virtuoso_holds_the_built_dataset_and_reads_the_dataset_the_url_names(engines, virtuoso, full_dist):
    """Each named graph holds the quads of jaring.nq, the default graph the distinct triples of jaring.nt; without
    the URL's dataset Virtuoso would read every graph as the default graph (system graphs and repeats included)."""
    _, remote = engines
    per_graph = collections.Counter(line.rsplit(" ", 2)[-2] for line in
                                    (full_dist / "jaring.nq").read_text("utf-8").splitlines() if line)
    triples = sum(1 for line in (full_dist / "jaring.nt").read_text("utf-8").splitlines() if line)
    rows = remote.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert {r["g"]: r["n"] for r in rows} == {g.strip("<>"): n for g, n in per_graph.items()}
    assert set(per_graph) == {f"<{g}>" for g in GRAPHS.values()}
    assert remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] == triples
    whole = RemoteStore(virtuoso.endpoint.split("?", 1)[0])
    everything = whole.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert whole.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] == sum(r["n"] for r in everything)
    assert sum(r["n"] for r in everything) > sum(per_graph.values()) + triples  # Virtuoso's own graphs too


@pytest.mark.parametrize("name", CANNED)
def test_every_canned_query_answers_the_same_on_virtuoso(engines, name):
    embedded, remote = engines
    q = queries.get_query(name)
    bound = q.bindings({})
    solutions = embedded._query(q.text, bound)  # the raw terms, before kg turns them into Python values
    columns = [v.value for v in solutions.variables]
    mine = collections.Counter(tuple(oxigraph_term(s[c]) for c in columns) for s in solutions)
    sent = with_prologue(bind_values(q.text, bound))  # the text the remote path sends, bindings wrapped in
    data = remote._post(sent)
    assert data["head"]["vars"] == columns
    # ... which reads the same on Oxigraph: the rewrite for Virtuoso changes no answer of the embedded engine
    assert collections.Counter(tuple(oxigraph_term(s[c]) for c in columns)
                               for s in embedded._query(sent, None)) == mine
    theirs = collections.Counter(tuple(json_term(b.get(c)) for c in columns) for b in data["results"]["bindings"])
    assert theirs == mine, (f"{name}: only in the embedded store {list((mine - theirs).items())[:3]}; "
                            f"only in Virtuoso {list((theirs - mine).items())[:3]}")
    if q.empty:
        return
    assert mine, f"{name} has no rows on the real graph: the comparison would prove nothing"
    # and through kg's own query layer (kg.queries.run), as the app and the CLI call it
    run = [collections.Counter(tuple(sorted(r.items())) for r in queries.run(name, store=s)) for s in engines]
    assert run[0] == run[1]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_finder_answers_every_scenario_the_same_on_virtuoso(engines, path):
    scenario = yaml.safe_load(path.read_text("utf-8"))
    embedded, remote = engines
    answers = [entitlements(scenario["profile"], scenario.get("as_of"), store=s, with_gaps=False).to_dict()
               for s in (embedded, remote)]
    assert answers[0]["entitled"], f"{path.stem}: nothing entitled, the comparison would prove little"
    assert answers[1] == answers[0]


VIEW_CALLS = [
    ("label_index",), ("counts",), ("regions",), ("bibliography",), ("currency",), ("concepts", "levels"),
    ("concepts", "services"), ("concepts", "groups"), ("instruments", "id", DAY), ("instruments", "en", DAY),
    ("institutions", DAY), ("memberships", DAY), ("discrepancies", None), ("discrepancies", LAW), ("entity", LAW),
    ("entity", ID["org/lpsk"]), ("neighbourhood", LAW), ("provisions", LAW, "en", DAY), ("relations", LAW),
    ("granted_by", LAW), ("institution", ID["org/lpsk"]), ("institution", ID["org/gugus-tugas-pusat"]),
]


@pytest.mark.parametrize("call", VIEW_CALLS, ids=lambda c: "-".join(str(a).rsplit("/", 1)[-1] for a in c))
def test_the_app_data_calls_answer_the_same_on_virtuoso(engines, call):
    fn, *args = call
    embedded, remote = engines
    mine = getattr(views, fn)(embedded, *args)
    assert mine, f"views.{fn}{tuple(args)} is empty: the comparison would prove nothing"
    assert getattr(views, fn)(remote, *args) == mine


def test_the_gap_page_hierarchy_and_the_search_answer_the_same_on_virtuoso(engines):
    embedded, remote = engines
    assert gapdata.group_hierarchy(remote) == gapdata.group_hierarchy(embedded)
    for text in ("restitution", "rumah aman", "Pasal 48", "LPSK"):
        mine = search(text, store=embedded, limit=50)
        assert mine, text
        assert search(text, store=remote, limit=50) == mine, text


@pytest.mark.parametrize("text", [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?p ?o WHERE { <id/uu/2007/21> ?p ?o } ORDER BY ?p ?o",  # relative to the project's BASE
    "BASE <https://w3id.org/jaring/id/> SELECT ?label WHERE { <uu/2007/21> rdfs:label ?label } ORDER BY ?label",
    "ASK { ?e a jar:Entitlement ; jar:legalBasis/jar:inInstrument <https://w3id.org/jaring/id/uu/2007/21> }",
])
def test_a_query_typed_on_the_sparql_page_answers_the_same_on_virtuoso(engines, text):
    """The app's SPARQL page sends typed queries through the guard (prefixes and BASE added) to the store. Rows
    are compared as multisets: SPARQL 1.1 §15.1 leaves the order of language-tagged literals, and of literals of
    different datatypes, to the engine (Virtuoso puts "UU 21/2007"@id before "Law 21/2007"@en)."""
    mine, theirs = (s.user_query(text) for s in engines)
    assert mine
    if isinstance(mine, bool):
        assert theirs is mine
    else:
        def bag(rows):
            return collections.Counter(tuple(sorted(r.items())) for r in rows)

        assert theirs.columns == mine.columns and bag(theirs) == bag(mine)


def test_without_root_the_install_problem_names_the_command(monkeypatch):
    """`kg test` installs Virtuoso as Chromium is installed; where it cannot, it says which command would."""
    import kg.ops.virtuoso as vt

    monkeypatch.setattr(vt, "find_virtuoso", lambda: (None, None))
    monkeypatch.setattr(vt.os, "geteuid", lambda: 1000)
    problem = vt.ensure_virtuoso()
    assert problem and "apt-get install -y virtuoso-opensource" in problem
    monkeypatch.setattr(vt, "find_virtuoso", lambda: ("/usr/bin/virtuoso-t", "/usr/bin/isql-vt"))
    assert vt.ensure_virtuoso() is None


def test_a_missing_virtuoso_fails_the_tests_with_the_install_command(monkeypatch, tmp_path):
    """As for Chromium: never a silent skip; the failure names the command that installs it."""
    import kg.ops.virtuoso as vt
    from recipe_support import start_virtuoso

    monkeypatch.setattr(vt, "find_virtuoso", lambda: (None, None))
    with pytest.raises(AssertionError, match="apt-get install -y virtuoso-opensource"):
        start_virtuoso(tmp_path, tmp_path)
