"""Effective validity (kg/asof.py): the rule on tiny graphs, and as-of answers that differ on the real graph."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.store import queries
from kg.answers import views
from kg.answers.finder import entitlements
from kg.gaps import data_graph, filter_as_of, standing
from kg.namespaces import ELI, ID, JAR
from kg.store.store import open_store
from kg.asof import Validity, add_effective_validity, effective_validity, in_force
from test_store import shared_real_dist

ROOT = Path(__file__).resolve().parent.parent


# --- the rule on tiny graphs ---------------------------------------------------------------------------------

def _d(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def _inst(g: Graph, rid: str, year: int, start: str | None = None, end: str | None = None,
          status: str | None = None) -> URIRef:
    s = ID[rid]
    g.add((s, RDF.type, JAR.LegalInstrument))
    g.add((s, JAR.year, Literal(str(year), datatype=XSD.gYear)))
    g.add((s, JAR.source, ID[f"citation/{rid.replace('/', '-')}"]))
    if start:
        g.add((s, ELI.first_date_entry_in_force, _d(start)))
    if end:
        g.add((s, ELI.date_no_longer_in_force, _d(end)))
    if status:
        g.add((s, JAR.declaredStatus, ID[f"vocab/instrument-status/{status}"]))
    return s


def _prov(g: Graph, inst: URIRef, at: str, start: str | None = None, end: str | None = None) -> URIRef:
    p = URIRef(f"{inst}/{at}")
    g.add((p, RDF.type, JAR.Provision))
    g.add((p, JAR.inInstrument, inst))
    if start:
        g.add((p, ELI.first_date_entry_in_force, _d(start)))
    if end:
        g.add((p, ELI.date_no_longer_in_force, _d(end)))
    return p


def _relation(g: Graph, kind: str, new: URIRef, old: URIRef, when: str | None = None) -> URIRef:
    node = URIRef(f"{new}/relation/{kind}/x")
    g.add((node, RDF.type, JAR.LegalRelation))
    g.add((node, JAR.relationType, ID[f"vocab/relation-types/{kind}"]))
    g.add((node, JAR.fromResource, new))
    g.add((node, JAR.toResource, old))
    g.add((node, JAR.source, ID["citation/relation"]))
    if when:
        g.add((node, JAR.date, _d(when)))
    return node


def test_a_recorded_date_beats_the_year():
    g = Graph()
    dated = _inst(g, "uu/2007/21", 2007, start="2007-04-19")
    undated = _inst(g, "pp/2008/9", 2008)
    v = effective_validity(g)
    assert v[dated] == Validity(date(2007, 4, 19), "date", None, None, None)
    assert v[undated] == Validity(date(2008, 1, 1), "year", None, None, None)
    assert not v[dated].in_force(date(2007, 4, 18)) and v[dated].in_force(date(2007, 4, 19))
    assert not v[undated].in_force(date(2007, 12, 31)) and v[undated].in_force(date(2008, 1, 1))


@pytest.mark.parametrize("kind", ["replaces", "repeals"])
def test_a_repeal_ends_the_predecessor_when_the_successor_takes_effect(kind):
    g = Graph()
    old = _inst(g, "uu/2004/39", 2004, status="repealed")
    new = _inst(g, "uu/2017/18", 2017, start="2017-11-22")
    _relation(g, kind, new, old)
    v = effective_validity(g)
    assert (v[old].start, v[old].end, v[old].bases) == (date(2004, 1, 1), date(2017, 11, 22), ("year", "repeal"))
    assert v[old].in_force(date(2015, 1, 1)) and not v[old].in_force(date(2024, 1, 1))
    assert ID["citation/relation"] in v[old].sources and ID["citation/uu-2004-39"] in v[old].sources
    assert v[new].end is None
    assert v[old].status == "repealed"


def test_a_recorded_end_or_relation_date_wins_and_amendments_do_not_end():
    g = Graph()
    old = _inst(g, "uu/2004/39", 2004, end="2017-12-01")
    new = _inst(g, "uu/2017/18", 2017)
    _relation(g, "replaces", new, old)
    other = _inst(g, "uu/2004/10", 2004)
    _relation(g, "repeals", _inst(g, "uu/2011/12", 2011), other, when="2011-08-12")
    amended = _inst(g, "perpres/2008/69", 2008)
    _relation(g, "amends", _inst(g, "perpres/2021/22", 2021), amended)
    v = effective_validity(g)
    assert (v[old].end, v[old].end_basis) == (date(2017, 12, 1), "date")
    assert (v[other].end, v[other].end_basis) == (date(2011, 8, 12), "repeal")
    assert v[amended].end is None


def test_an_end_not_after_the_start_is_dropped():
    """Two acts of the same year without dates: their order is unknown, so the older one stays open."""
    g = Graph()
    old = _inst(g, "uu/2017/12", 2017)
    _relation(g, "replaces", _inst(g, "uu/2017/18", 2017), old)
    assert effective_validity(g)[old].end is None


def test_a_provision_inherits_unless_it_has_its_own_dates():
    g = Graph()
    old = _inst(g, "uu/2004/39", 2004)
    new = _inst(g, "uu/2017/18", 2017)
    _relation(g, "replaces", new, old)
    plain = _prov(g, old, "pasal/75")
    own = _prov(g, old, "pasal/68", start="2004-10-18", end="2010-01-01")
    late = _prov(g, old, "pasal/80", start="2006-01-01")
    v = effective_validity(g)
    assert (v[plain].start, v[plain].end, v[plain].bases) == (date(2004, 1, 1), date(2017, 1, 1), ("year", "repeal"))
    assert (v[own].start, v[own].end, v[own].bases) == (date(2004, 10, 18), date(2010, 1, 1), ("date",))
    assert (v[late].start, v[late].end) == (date(2006, 1, 1), date(2017, 1, 1))  # never outlives its instrument
    assert in_force(g, plain, date(2015, 1, 1), v) and not in_force(g, plain, date(2018, 1, 1), v)


def test_a_repeal_of_one_provision_ends_only_that_provision():
    g = Graph()
    old = _inst(g, "uu/1981/8", 1981)
    art = _prov(g, old, "pasal/80")
    other = _prov(g, old, "pasal/81")
    _relation(g, "repeals", _inst(g, "uu/2007/21", 2007, start="2007-04-19"), art)
    v = effective_validity(g)
    assert (v[art].end, v[art].end_basis) == (date(2007, 4, 19), "repeal")
    assert v[other].end is None and v[old].end is None


def test_unclear_status_is_kept_and_never_inferred():
    g = Graph()
    unclear = _inst(g, "perpres/2021/22", 2021, status="unclear")
    prov = _prov(g, unclear, "pasal/1")
    v = effective_validity(g)
    assert v[unclear].status == "unclear" and v[prov].status == "unclear"
    assert v[unclear].in_force(date(2024, 1, 1))  # the interval does not decide what the status leaves open
    assert effective_validity(Graph()) == {}


def test_written_into_the_graph_with_basis_and_sources():
    g = Graph()
    old = _inst(g, "uu/2004/39", 2004)
    new = _inst(g, "uu/2017/18", 2017)
    _relation(g, "replaces", new, old)
    prov = _prov(g, old, "pasal/75")
    add_effective_validity(g)
    assert g.value(old, JAR.effectiveFrom) == _d("2004-01-01")
    assert g.value(old, JAR.effectiveUntil) == _d("2017-01-01")
    assert {str(b) for b in g.objects(old, JAR.validityBasis)} == {"year", "repeal"}
    assert (old, JAR.source, ID["citation/relation"]) in g
    assert (prov, JAR.source, ID["citation/uu-2004-39"]) not in g  # inherited: cited on its instrument
    assert effective_validity(g)[prov].inherited_from == old
    assert (new, JAR.effectiveUntil, None) not in g


# --- the real graph ----------------------------------------------------------------------------------------

MIGRANT = {"sex": "female", "age": 24, "nationality": "idn", "exploited_abroad": True, "migrant_worker": True,
           "sector": "domestic-work"}  # the sector decides the exclusions of UU 39/2004 (fishers, spa therapists)


@pytest.fixture(scope="module")
def real_store(tmp_path_factory, real_build):
    return open_store(shared_real_dist(tmp_path_factory, real_build))


def _law(store) -> Graph:
    return data_graph(store.data_path)


def test_the_real_graph_carries_an_interval_on_every_instrument_and_provision(real_store):
    rows = views.select(real_store, """SELECT ?r ?from ?basis WHERE { { ?r a jar:LegalInstrument } UNION
        { ?r a jar:Provision } OPTIONAL { ?r jar:effectiveFrom ?from } OPTIONAL { ?r jar:validityBasis ?basis } }""")
    assert rows and all(r.get("from") and r.get("basis") for r in rows)
    # UU 39/2004 ends on the date UU 18/2017 was enacted (recorded); UU 10/2004 has no recorded end date, so it
    # ends when the law that replaced it (UU 12/2011) takes effect, known only by its year
    old = views.select(real_store, """SELECT ?until ?basis WHERE { <https://w3id.org/jaring/id/uu/2004/39>
        jar:effectiveUntil ?until ; jar:validityBasis ?basis }""")
    assert {r["basis"] for r in old} == {"date"} and old[0]["until"][:10] == "2017-11-22"
    replaced = views.select(real_store, """SELECT ?until ?basis WHERE { <https://w3id.org/jaring/id/uu/2004/10>
        jar:effectiveUntil ?until ; jar:validityBasis ?basis }""")
    assert {r["basis"] for r in replaced} >= {"repeal"} and replaced[0]["until"][:4] == "2011"


def test_migrant_worker_entitlements_follow_the_repeal_of_uu_39_2004(real_store):
    old = entitlements(MIGRANT, date(2015, 1, 1), store=real_store, with_gaps=False)
    new = entitlements(MIGRANT, date(2024, 1, 1), store=real_store, with_gaps=False)
    uu39_old = [i for i in old.ids() if i.startswith("entitlement/uu39-")]
    assert len(uu39_old) >= 5
    assert not [i for i in new.ids() if i.startswith("entitlement/uu39-")]
    for item in new.not_entitled:
        if item.id.startswith("entitlement/uu39-"):
            assert "not-in-force" in [r.kind for r in item.reasons]
    # any entitlement resting on UU 18/2017 applies in 2024 and not in 2015
    uu18 = [i.id for i in new.entitled if any("/uu/2017/18" in b.iri for b in i.legal_basis)]
    assert not set(uu18) & set(old.ids())


def test_instruments_in_force_differ_between_2015_and_2024(real_store):
    def ids(d):
        return {r["instrument"].split("/id/", 1)[1] for r in queries.run("instruments-in-force", {"asOf": d},
                                                                        real_store)}
    y2015, y2024 = ids("2015-01-01"), ids("2024-01-01")
    assert "uu/2004/39" in y2015 and "uu/2004/39" not in y2024
    assert "uu/2017/18" in y2024 and "uu/2017/18" not in y2015
    assert "uu/2004/10" not in y2015  # replaced by UU 12/2011
    assert y2015 != y2024


def test_uu_21_2007_is_not_yet_in_force_in_2005(real_store):
    def ids(d):
        return {r["instrument"].split("/id/", 1)[1] for r in queries.run("instruments-in-force", {"asOf": d},
                                                                        real_store)}
    assert "uu/2007/21" not in ids("2005-01-01") and "uu/2007/21" in ids("2010-01-01")
    before = entitlements({"sex": "female", "age": 24, "nationality": "idn"}, date(2005, 1, 1), store=real_store,
                          with_gaps=False)
    after = entitlements({"sex": "female", "age": 24, "nationality": "idn"}, date(2010, 1, 1), store=real_store,
                         with_gaps=False)

    def on_uu21(answer):
        return {i.id for i in answer.entitled if any("/uu/2007/21" in b.iri for b in i.legal_basis)}
    assert not on_uu21(before) and on_uu21(after)
    rows = {d["iri"].split("/id/", 1)[1]: d for d in views.instruments(real_store, "en", date(2005, 1, 1))}
    assert rows["uu/2007/21"]["in_force"] is False and rows["uu/2007/21"]["validity_basis"] == ["date"]
    assert rows["uu/2007/21"]["effective_from"] == "2007-04-19"  # promulgated and in force that day (Art. 67)
    # an instrument with no recorded date starts, as a lower bound, on 1 January of its year
    assert rows["perpres/2008/69"]["validity_basis"] == ["year"]
    assert rows["perpres/2008/69"]["effective_from"] == "2008-01-01"
    rows = {d["iri"].split("/id/", 1)[1]: d for d in views.instruments(real_store, "en", date(2010, 1, 1))}
    assert rows["uu/2007/21"]["in_force"] is True


def test_gap_engine_reads_the_effective_interval(real_store):
    g = _law(real_store)
    assert ID["uu/2007/21"] not in set(filter_as_of(g, date(2005, 1, 1)).subjects(RDF.type, JAR.LegalInstrument))
    st2015, st2024 = standing(g, date(2015, 1, 1)), standing(g, date(2024, 1, 1))
    assert st2024[ID["uu/2004/39"]].endswith("ended")
    assert st2024[ID["uu/2007/21"]] == st2015[ID["uu/2007/21"]]
    assert st2024[ID["uu/2004/39/pasal/75"]].endswith("ended")
