"""The one as-of rule (kg/asof.py, issue 20): a table over status × start × end × repeal × successor, the three
consumers (finder, law view, gap engine) agreeing, the canned queries' SPARQL filter, ``kg check`` refusing a
repeal without an end, and a test that no other module compares in-force or end dates."""
from __future__ import annotations

import ast
import doctest
import itertools
import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

import kg.asof
from kg import gaps
from kg.asof import REASONS, STATES, Standing, effective_validity, in_window, sparql_window, standing
from kg.answers.snapshot import Snapshot, basis_standing
from kg.records.load import SourcesInvalid, load_sources
from kg.namespaces import ELI, ID, JAR

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2015, 6, 1)
BEFORE, AFTER = "2010-01-01", "2020-01-01"

# --- the table --------------------------------------------------------------------------------------------------
# (status, start, end, ended_by_start, day) -> (state, reason); every row written out by hand from the docstring
TABLE = [
    (None, None, None, None, DAY, "in-force", "no-start"),
    (None, BEFORE, None, None, DAY, "in-force", "in-window"),
    (None, "2015-06-01", None, None, DAY, "in-force", "in-window"),            # starts that day: in force
    (None, AFTER, None, None, DAY, "not-yet", "before-start"),
    (None, BEFORE, "2015-06-01", None, DAY, "ended", "after-end"),             # end is exclusive
    (None, BEFORE, "2015-06-02", None, DAY, "in-force", "in-window"),
    (None, None, BEFORE, None, DAY, "ended", "after-end"),
    ("in-force", BEFORE, None, None, DAY, "in-force", "in-window"),
    ("in-force", BEFORE, BEFORE, None, DAY, "ended", "after-end"),             # a date beats the status
    ("repealed", BEFORE, AFTER, None, DAY, "in-force", "in-window"),           # repealed later: in force then
    ("repealed", BEFORE, BEFORE, None, DAY, "ended", "after-end"),
    ("repealed", BEFORE, None, None, DAY, "unclear", "repealed-without-date"),  # issue 20: never guessed
    ("repealed", None, None, None, None, "unclear", "repealed-without-date"),
    ("repealed", BEFORE, None, "2012-01-01", DAY, "ended", "ended-by-successor"),
    ("repealed", BEFORE, None, AFTER, DAY, "in-force", "in-window"),            # successor not yet in force
    ("repealed", AFTER, None, None, DAY, "not-yet", "before-start"),
    ("expired", BEFORE, None, None, DAY, "unclear", "expired-without-date"),
    ("expired", BEFORE, BEFORE, None, DAY, "ended", "after-end"),
    ("unclear", BEFORE, None, None, DAY, "unclear", "status-unclear"),
    ("unclear", BEFORE, AFTER, None, DAY, "unclear", "status-unclear"),
    ("unclear", BEFORE, BEFORE, None, DAY, "ended", "after-end"),
    ("unclear", AFTER, None, None, DAY, "not-yet", "before-start"),
    ("draft", None, None, None, DAY, "not-yet", "status-draft"),
    ("draft", BEFORE, None, None, DAY, "not-yet", "status-draft"),
    ("not-in-force", BEFORE, None, None, DAY, "not-yet", "status-not-in-force"),
    ("not-in-force", BEFORE, BEFORE, None, DAY, "ended", "after-end"),
    # day None: the latest recorded state
    (None, AFTER, None, None, None, "in-force", "in-window"),
    (None, BEFORE, AFTER, None, None, "ended", "after-end"),
    ("repealed", BEFORE, None, AFTER, None, "ended", "ended-by-successor"),
    # an IRI status and literal dates are read like slugs and ISO text
    (str(ID["vocab/instrument-status/unclear"]), Literal(BEFORE, datatype=XSD.date), None, None, DAY,
     "unclear", "status-unclear"),
]


@pytest.mark.parametrize("status,start,end,succ,day,state,reason", TABLE)
def test_the_table(status, start, end, succ, day, state, reason):
    assert standing(status, start, end, day, ended_by_start=succ) == Standing(state, reason)


STATUSES = (None, "in-force", "repealed", "expired", "unclear", "draft", "not-in-force")
DATES = (None, BEFORE, DAY.isoformat(), AFTER)


@pytest.mark.parametrize("status", STATUSES)
def test_every_combination_obeys_the_rule(status):
    """status × start × end × successor × day: each answer follows from the rule's clauses, in their order."""
    seen = set()
    for start, end, succ, day in itertools.product(DATES, DATES, DATES, (DAY, None)):
        if start and end and end < start:
            continue  # kg check refuses an end before the start
        got = standing(status, start, end, day, ended_by_start=succ)
        assert got.state in STATES and got.reason in REASONS
        seen.add(got.reason)
        iso = day.isoformat() if day else None
        ended_by_date = end is not None and (iso is None or end <= iso)
        ended_by_succ = end is None and succ is not None and (iso is None or succ <= iso)
        if ended_by_date or ended_by_succ:
            assert got.state == "ended", (status, start, end, succ, day, got)
            continue
        assert got.state != "ended", (status, start, end, succ, day, got)
        if start is not None and iso is not None and start > iso:
            assert got == Standing("not-yet", "before-start")
        elif status in ("draft", "not-in-force"):
            assert got == Standing("not-yet", f"status-{status}")
        elif status in ("repealed", "expired") and end is None and succ is None:
            assert got == Standing("unclear", f"{status}-without-date")
        elif status == "unclear":
            assert got == Standing("unclear", "status-unclear")
        else:
            assert got.state == "in-force" and got.may_be_in_force
        # a plain interval (no status) is in_window
        assert standing(None, start, end, day or DAY).in_force == in_window(start, end, day or DAY)
    assert seen  # the sweep ran


# --- repeal and successor through the derived interval ---------------------------------------------------------

def _inst(g: Graph, rid: str, year: int, status: str | None = None, start: str | None = None) -> URIRef:
    s = ID[rid]
    g.add((s, RDF.type, JAR.LegalInstrument))
    g.add((s, JAR.year, Literal(str(year), datatype=XSD.gYear)))
    if start:
        g.add((s, ELI.first_date_entry_in_force, Literal(start, datatype=XSD.date)))
    if status:
        g.add((s, JAR.declaredStatus, ID[f"vocab/instrument-status/{status}"]))
    return s


@pytest.mark.parametrize("how", ["none", "repeals-dated", "replaces", "ended-by"])
@pytest.mark.parametrize("status", ["repealed", None, "unclear"])
def test_repeal_and_successor_end_the_old_text(how, status):
    g = Graph()
    old = _inst(g, "uu/2004/39", 2004, status, start="2004-10-18")
    new = _inst(g, "uu/2017/18", 2017, start="2017-11-22")
    if how in ("repeals-dated", "replaces"):
        rel = URIRef(f"{new}/relation/x")
        g.add((rel, RDF.type, JAR.LegalRelation))
        g.add((rel, JAR.relationType, ID[f"vocab/relation-types/{'repeals' if how == 'repeals-dated' else how}"]))
        g.add((rel, JAR.fromResource, new))
        g.add((rel, JAR.toResource, old))
        if how == "repeals-dated":
            g.add((rel, JAR.date, Literal("2017-12-01", datatype=XSD.date)))
    elif how == "ended-by":
        g.add((old, JAR.endedBy, new))
    v = effective_validity(g)[old]
    before, after = v.standing(date(2015, 1, 1)), v.standing(date(2024, 1, 1))
    if how == "none":
        expected = {"repealed": "unclear", None: "in-force", "unclear": "unclear"}[status]
        assert before.state == after.state == expected
        return
    assert after == Standing("ended", "after-end")
    assert before.state == ("unclear" if status == "unclear" else "in-force")
    assert v.end == (date(2017, 12, 1) if how == "repeals-dated" else date(2017, 11, 22))


# --- the consumers agree ---------------------------------------------------------------------------------------

def _snapshot(legal: dict) -> Snapshot:
    return Snapshot(labels={}, ent={}, ent_lang={}, deadlines={}, legal=legal, group_criteria={},
                    group_broader={}, broader={}, sps={}, region_parent={}, region_kind={}, citations={})


def test_repealed_without_date_is_unclear_for_the_finder_and_the_gap_engine():
    """Before issue 20 the gap engine said *ended* and the finder *in force* for the same text; now both say
    unclear (the finder still grants the right, with a warning; the gap engine reports jdv:unclear)."""
    g = Graph()
    inst = _inst(g, "uu/2004/10", 2004, "repealed")
    assert gaps.standing(g, DAY)[inst] == gaps.JDV["unclear"]
    assert gaps.standing(g, None)[inst] == gaps.JDV["unclear"]
    row = {"st": str(ID["vocab/instrument-status/repealed"]), "if": "2004-01-01"}
    snap = _snapshot({str(inst): row})
    assert basis_standing(snap, str(inst), DAY) == Standing("unclear", "repealed-without-date")
    snap = _snapshot({str(inst): dict(row, st=str(ID["vocab/instrument-status/unclear"]))})
    assert basis_standing(snap, str(inst), DAY) == Standing("unclear", "status-unclear")
    assert basis_standing(snap, "not/in/graph", DAY).in_force  # nothing says it is not


def test_a_body_is_gone_on_its_valid_until_day_in_the_gap_engine_as_in_the_finder():
    """valid_until is exclusive everywhere (a successor body's valid_from is its predecessor's valid_until, e.g.
    sources/institutions/national.yaml); the gap engine used to keep a body on that day while the finder did not."""
    g = Graph()
    body = ID["org/old"]
    g.add((body, RDF.type, JAR.Institution))
    g.add((body, JAR.validUntil, Literal("2014-10-27", datatype=XSD.date)))
    assert body in gaps._gone(g, date(2014, 10, 27))
    assert body not in gaps._gone(g, date(2014, 10, 26))


# --- the canned queries --------------------------------------------------------------------------------------------

_WINDOW = re.compile(r"\(!BOUND\((\?\w+)\) \|\| \1 <= \?asOf\) && \(!BOUND\((\?\w+)\) \|\| \2 > \?asOf\)")


def test_every_as_of_filter_in_the_queries_is_the_rule():
    found = 0
    for path in sorted((ROOT / "queries").glob("*.rq")):
        body = "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("#"))
        for m in _WINDOW.finditer(body):
            assert m.group(0) == sparql_window(m.group(1), m.group(2)), path.name
            found += 1
        rest = _WINDOW.sub("", body)
        assert not re.search(r"[<>]=?\s*\?asOf|\?asOf\s*[<>]", rest), f"{path.name}: an as-of comparison " \
            "that is not kg.asof.sparql_window"
    assert found >= 9


def test_the_sparql_window_agrees_with_in_window():
    store = ox.Store()
    combos = list(itertools.product(DATES, DATES, (BEFORE, DAY.isoformat(), AFTER)))
    for i, (start, end, day) in enumerate(combos):
        s = ox.NamedNode(f"urn:x:{i}")
        store.add(ox.Quad(s, ox.NamedNode("urn:day"), ox.Literal(day, datatype=ox.NamedNode(str(XSD.date)))))
        if start:
            store.add(ox.Quad(s, ox.NamedNode("urn:vf"), ox.Literal(start, datatype=ox.NamedNode(str(XSD.date)))))
        if end:
            store.add(ox.Quad(s, ox.NamedNode("urn:vu"), ox.Literal(end, datatype=ox.NamedNode(str(XSD.date)))))
    q = ("SELECT ?s WHERE { ?s <urn:day> ?asOf OPTIONAL { ?s <urn:vf> ?vf } OPTIONAL { ?s <urn:vu> ?vu } "
         f"FILTER({sparql_window('?vf', '?vu')}) }}")
    hits = {int(r["s"].value.rsplit(":", 1)[1]) for r in store.query(q)}
    expected = {i for i, (start, end, day) in enumerate(combos) if in_window(start, end, date.fromisoformat(day))}
    assert hits == expected and 0 < len(hits) < len(combos)


# --- kg check ---------------------------------------------------------------------------------------------------

def test_kg_check_refuses_repealed_without_an_end(sources_tree):
    uu = """\
        - type: uu
          number: "10"
          year: 2004
          title: {id: Pembentukan Peraturan Perundang-undangan, en: Formation of Laws and Regulations}
          status: repealed
          source: {doc: nexus-going-home, at: "§4.1"}
        """
    with pytest.raises(SourcesInvalid) as exc:
        load_sources(sources_tree({"instruments/old.yaml": uu}))
    msgs = [str(e) for e in exc.value.errors]
    assert any("instruments/old.yaml:5: status: status: repealed but no end is recorded" in m for m in msgs), msgs


def test_kg_check_accepts_a_repeal_recorded_on_the_successor(sources_tree):
    uu = """\
        - type: uu
          number: "10"
          year: 2004
          title: {id: Pembentukan Peraturan Perundang-undangan, en: Formation of Laws and Regulations}
          status: repealed
          source: {doc: nexus-going-home, at: "§4.1"}
        - type: uu
          number: "12"
          year: 2011
          title: {id: Pembentukan Peraturan Perundang-undangan, en: Formation of Laws and Regulations}
          source: {doc: nexus-going-home, at: "§4.1"}
          currency: {checked_on: 2026-12-05, found: no-change, sources: [{doc: nexus-going-home, at: "§4.1"}]}
          relations:
            - type: replaces
              target: uu/2004/10
              source: {doc: nexus-going-home, at: "§4.1"}
        """
    loaded = load_sources(sources_tree({"instruments/old.yaml": uu}))
    assert "uu/2004/10" in loaded.records


# --- one rule, one place ------------------------------------------------------------------------------------------

#: record checks compare the dates *within* one record (an end before its start), the profile a person's birth
#: date with other dates of theirs (age); neither decides whether a text, right or body is in force
ALLOWED = {"kg/records/law.py", "kg/records/org.py", "kg/records/stats.py", "kg/answers/profile.py"}
#: a comparison of dates that does not decide standing carries this marker and its reason on its line
NOT_STANDING = "# not standing:"
#: identifiers that hold a date of validity or the day asked about (whole names, or names ending in _date)
DATEISH = {"start", "end", "until", "since", "day", "as_of", "asof", "vf", "vu", "rf", "ru", "valid_from",
           "valid_until", "effective_from", "effective_until", "in_force", "in_force_from", "ended", "enacted",
           "from"}


def _names(node) -> set[str]:
    """Identifiers, attribute names and string keys (``x["until"]``, ``x.get("until")``) in an expression."""
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            out.add(n.value)
    return out


def standing_comparisons(root: Path) -> list[str]:
    """Every ``<``/``<=``/``>``/``>=`` over something date-like outside kg/asof.py (and the record checks)."""
    out = []
    for path in sorted((root / "kg").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "kg/asof.py" or rel in ALLOWED:
            continue
        src = path.read_text("utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Compare) and any(isinstance(o, (ast.Lt, ast.LtE, ast.Gt, ast.GtE))
                                                     for o in node.ops):
                names = _names(node)
                if "len" in names:  # a position in a text, not a date
                    continue
                line = src.splitlines()[node.lineno - 1]
                if NOT_STANDING in line and line.split(NOT_STANDING, 1)[1].strip():
                    continue  # a date comparison that is not about standing, and the line says what it is
                if names & DATEISH or any(n.endswith(("_date", "date")) for n in names if isinstance(n, str)):
                    out.append(f"{rel}:{node.lineno}: {ast.get_source_segment(src, node)}")
    return out


def test_no_other_module_computes_standing():
    assert standing_comparisons(ROOT) == []


def test_the_detector_finds_the_old_copies(tmp_path):
    """The check above is not vacuous: the copy views.py had before issue 20 is caught."""
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "views.py").write_text(
        "def in_force(start, end, as_of):\n    d = as_of.isoformat()\n"
        "    return (not start or start[:10] <= d) and (not end or end[:10] > d)\n", "utf-8")
    (tmp_path / "kg" / "gaps.py").write_text(
        "def f(end, as_of):\n    return end is not None and end <= as_of\n", "utf-8")
    assert len(standing_comparisons(tmp_path)) == 3
    # the marker without a reason does not excuse a comparison
    (tmp_path / "kg" / "gaps.py").write_text(
        "def f(end, as_of):\n    return end is not None and end <= as_of  # not standing:\n", "utf-8")
    assert len(standing_comparisons(tmp_path)) == 3
    (tmp_path / "kg" / "gaps.py").write_text(
        "def f(end, as_of):\n    return end is not None and end <= as_of  # not standing: a finding's date\n",
        "utf-8")
    assert len(standing_comparisons(tmp_path)) == 2


def test_doctests():
    assert doctest.testmod(kg.asof).failed == 0
