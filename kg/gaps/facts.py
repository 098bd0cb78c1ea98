"""Helper facts (namespace ``jdv:``) the coverage shapes read, the as-of view, and the read-only validation view."""
from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import re
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.paths import Path as RDFPath

from .. import asof
from ..answers.mandate import broader_closure
from ..namespaces import ELI, GRAPHS, ID, JAR, SH, SHAPES, bind_all

from .model import *  # noqa: F401,F403
from .model import _lang_map  # noqa: F401
from .graph import *  # noqa: F401,F403
from .essential import essential_cells
from .jurisdiction import regional_coverage
from .monitoring import falling_funding

from .model import FastNS as _FastNS  # noqa: E402

JAR = _FastNS(JAR)
JDV = _FastNS(JDV)
RDF = _FastNS(RDF)
RDFS = _FastNS(RDFS)
SKOS = _FastNS(SKOS)
ELI = _FastNS(ELI)


# --- derived helper graph ------------------------------------------------------------------------------

def _d(lit) -> date | None:
    if lit is None:
        return None
    try:
        return date.fromisoformat(str(lit)[:10])
    except ValueError:
        return None


def _closure(g: Graph) -> dict:
    """Each concept → the frozenset of itself and every broader concept (transitively)."""
    return broader_closure(g, g.subjects(RDF.type, SKOS.Concept))


def _eff_start(g: Graph, node) -> date | None:
    """Effective start (``jar:effectiveFrom``, derived in :mod:`kg.asof`), else the recorded ELI date."""
    return _d(g.value(node, JAR.effectiveFrom) or g.value(node, ELI.first_date_entry_in_force))


def _eff_end(g: Graph, node) -> date | None:
    """Effective end (``jar:effectiveUntil``, derived in :mod:`kg.asof`), else the recorded ELI date."""
    return _d(g.value(node, JAR.effectiveUntil) or g.value(node, ELI.date_no_longer_in_force))


def _status(g: Graph, node):
    return next(iter(sorted(g.objects(node, JAR.declaredStatus))), None)


def standing(g: Graph, as_of: date | None = None) -> dict:
    """Every instrument and provision → jdv:in-force | jdv:ended | jdv:not-yet | jdv:unclear as of the date
    (:func:`kg.asof.standing` of its instrument's declared status and its effective interval)."""
    out = {}
    for inst in g.subjects(RDF.type, JAR.LegalInstrument):
        out[inst] = JDV[asof.standing(_status(g, inst), _eff_start(g, inst), _eff_end(g, inst), as_of).state]
    for prov in g.subjects(RDF.type, JAR.Provision):
        inst = g.value(prov, JAR.inInstrument)
        start = _eff_start(g, prov) or (_eff_start(g, inst) if inst is not None else None)
        end = _eff_end(g, prov) or (_eff_end(g, inst) if inst is not None else None)
        out[prov] = JDV[asof.standing(_status(g, inst) if inst is not None else None, start, end, as_of).state]
    return out


def filter_as_of(g: Graph, as_of: date | None) -> Graph:
    """``g`` without what does not exist yet (or any more) on ``as_of``: instruments and provisions
    not yet in force, institutions, service points, programmes and memberships outside their validity,
    entitlements outside theirs or resting only on law not yet in force. Ended law stays (it shows gaps).
    The result is a read-only view of ``g`` (nothing is copied); ``g`` itself when ``as_of`` is None."""
    if as_of is None:
        return g
    return _View(g, _Facts(), hidden=_gone(g, as_of))


def _gone(g: Graph, as_of: date) -> frozenset:
    """The nodes :func:`filter_as_of` leaves out: every triple about them is hidden."""
    gone = set()
    for inst in g.subjects(RDF.type, JAR.LegalInstrument):
        if asof.standing(None, _eff_start(g, inst), None, as_of).state == "not-yet":
            gone.add(inst)
    for prov in g.subjects(RDF.type, JAR.Provision):
        if (g.value(prov, JAR.inInstrument) in gone
                or asof.standing(None, _eff_start(g, prov), None, as_of).state == "not-yet"):
            gone.add(prov)
    for cls in (JAR.Institution, JAR.ServicePoint, JAR.Programme, URIRef("http://www.w3.org/ns/org#Membership"),
                JAR.Obligation):
        for s in g.subjects(RDF.type, cls):
            if not asof.in_window(g.value(s, JAR.validFrom), g.value(s, JAR.validUntil), as_of):
                gone.add(s)
    for e in g.subjects(RDF.type, JAR.Entitlement):
        start, end = g.value(e, JAR.validFrom), g.value(e, JAR.validUntil)
        if start is not None or end is not None:
            if not asof.in_window(start, end, as_of):
                gone.add(e)
        else:
            bases = set(g.objects(e, JAR.legalBasis))
            if bases and bases <= gone:
                gone.add(e)
    return frozenset(gone)


class _Facts:
    """A small in-memory index of helper triples: filling it costs a dictionary insert per triple, far less
    than an rdflib store, and it is read through :class:`_View` together with the data, never copied into it."""

    def __init__(self):
        self.spo: dict = {}  # subject -> predicate -> {object: None} (dicts keep the order of insertion)
        self.pos: dict = {}  # predicate -> object -> {subject: None}
        self.size = 0
        self.cells: dict = {}  # essential-service cells (kg.gaps.essential.Cell) by their node
        self.coverage: dict = {}  # regional coverage nodes -> (instrument, group), kg.gaps.jurisdiction
        self.funding: dict = {}  # falling money series, kg.gaps.monitoring

    def add(self, s, p, o) -> None:
        objects = self.spo.setdefault(s, {}).setdefault(p, {})
        if o not in objects:
            objects[o] = None
            self.pos.setdefault(p, {}).setdefault(o, {})[s] = None
            self.size += 1

    def value(self, s, p):
        return next(iter(self.spo.get(s, {}).get(p, ())), None)

    def triples(self, pattern):
        s, p, o = pattern
        if s is not None:
            by_p = self.spo.get(s, {})
            for pp, objects in ([(p, by_p.get(p, {}))] if p is not None else list(by_p.items())):
                if o is None:
                    for oo in objects:
                        yield s, pp, oo
                elif o in objects:
                    yield s, pp, o
        elif p is not None:
            by_o = self.pos.get(p, {})
            for oo, subjects in ([(o, by_o.get(o, {}))] if o is not None else list(by_o.items())):
                for ss in subjects:
                    yield ss, p, oo
        else:
            for pp, by_o in list(self.pos.items()):
                for oo, subjects in ([(o, by_o.get(o, {}))] if o is not None else list(by_o.items())):
                    for ss in subjects:
                        yield ss, pp, oo

    def __iter__(self):
        return self.triples((None, None, None))

    def __len__(self) -> int:
        return self.size

    def graph(self) -> Graph:
        g = Graph()
        g.bind("jdv", str(JDV))
        for t in self:
            g.add(t)
        return g


class _View(Graph):
    """A read-only graph that shows the data and the helper facts together without copying either: what the
    shapes are validated on. A pattern on a helper term (a ``jdv:`` property or class) reads the helper facts,
    any other pattern the data; the two never share a triple. ``hidden``: subjects whose triples of the data
    are left out (what does not exist on the date a report is as of)."""

    def __init__(self, data: Graph, facts: _Facts, hidden: frozenset = frozenset()):
        super().__init__()
        bind_all(self.namespace_manager)
        self.bind("jdv", str(JDV))
        self._data, self._facts, self._hidden = data, facts, hidden
        store = getattr(data, "store", None)
        if type(data) is Graph and hasattr(store, "match"):
            # a graph read from a built file (kg.gaps.graph._ReadStore): ask its index directly, without rdflib's
            # per-triple wrapping; the same triples in the same order
            self._match = lambda t: store.match(*t)
        else:
            self._match = data.triples
        self._size = None
        self._props = set(facts.pos) - {RDF.type}
        self._classes = set(facts.pos.get(RDF.type, ()))

    def _data_triples(self, triple):
        match = self._match
        if not self._hidden:
            yield from match(triple)
        elif triple[0] is None:
            hidden = self._hidden
            for t in match(triple):
                if t[0] not in hidden:
                    yield t
        elif triple[0] not in self._hidden:
            yield from match(triple)

    def triples(self, triple):
        s, p, o = triple
        if isinstance(p, RDFPath):
            for _s, _o in p.eval(self, s, o):
                yield _s, p, _o
        elif p is None or (p == RDF.type and o is None):
            yield from self._data_triples(triple)
            yield from self._facts.triples(triple)
        elif p in self._props or (p == RDF.type and o in self._classes):
            yield from self._facts.triples(triple)
        else:
            yield from self._data_triples(triple)

    def __len__(self) -> int:
        if self._size is None:  # counted once: the view never changes
            data = sum(1 for _t in self._data_triples((None, None, None))) if self._hidden else len(self._data)
            self._size = data + len(self._facts)
        return self._size

    def __bool__(self) -> bool:
        return True

    def add(self, triple):
        raise TypeError("a validation view is read-only")

    def addN(self, quads):  # noqa: N802 - rdflib's name
        raise TypeError("a validation view is read-only")

    def remove(self, triple):
        raise TypeError("a validation view is read-only")


def _graph_of(source) -> Graph:
    """:func:`data_graph`, except that a plain Graph is used as it is (it is only read, never changed)."""
    if isinstance(source, Graph) and not isinstance(source, ConjunctiveGraph):
        return source
    return data_graph(source)


def hygiene_facts(g: Graph) -> _Facts:
    """The helper facts the hygiene shapes read (see ``ontology/shapes/hygiene.ttl``): the language of each
    label, and the unions of classes a value may belong to."""
    f = _Facts()
    for s, label in g.subject_objects(RDFS.label):
        lang = getattr(label, "language", None)
        if lang:  # the primary subtag, as sh:languageIn matches it ("id" matches "id-ID")
            f.add(s, JDV.labelLanguage, Literal(lang.split("-")[0].lower()))
    for union, classes in ((JDV.LegalText, (JAR.Provision, JAR.LegalInstrument)),
                           (JDV.Provider, (JAR.Institution, JAR.ServicePoint, JAR.Programme))):
        for cls in classes:
            for s in g.subjects(RDF.type, cls):
                f.add(s, RDF.type, union)
    for scheme, cls in ((SERVICES_SCHEME, JDV.ServiceConcept), (ID["vocab/groups"], JDV.GroupConcept)):
        for s in g.subjects(SKOS.inScheme, scheme):
            if (s, RDF.type, SKOS.Concept) in g:
                f.add(s, RDF.type, cls)
    return f


#: Helper paths of the hygiene shapes, reported as the data property they summarise.
SHOWN_PATH = {JDV.labelLanguage: RDFS.label}


def _grant_node(inst, svc, group) -> URIRef:
    key = "\n".join(map(str, (inst, svc, group))).encode("utf-8")
    return JDV["grant/" + hashlib.sha1(key).hexdigest()[:20]]


def coverage_facts(g: Graph, as_of: date | None = None) -> _Facts:
    """The helper facts (namespace ``jdv:``) the coverage shapes read; see ``ontology/shapes/coverage.ttl``."""
    d = _Facts()
    closure = _closure(g)
    for c, ups in closure.items():
        for u in ups:
            d.add(c, JDV.broaderOrSelf, u)
        if VICTIM_ROOT in ups:
            d.add(c, RDF.type, JDV.VictimGroup)
    for c in g.subjects(SKOS.inScheme, SERVICES_SCHEME):
        rank = g.value(c, JAR.rank)
        if rank is not None and str(rank) == "1" and (c, SKOS.broader, None) not in g:
            d.add(c, RDF.type, JDV.EssentialServiceConcept)
    essential = sorted(d.pos.get(RDF.type, {}).get(JDV.EssentialServiceConcept, {}), key=str)
    d.cells = {}
    for cell in essential_cells(g, essential, closure, closure):
        d.cells[cell.node] = cell
        d.add(cell.node, RDF.type, JDV.EssentialCell)
        d.add(cell.node, JDV.cellGroup, cell.group)
        d.add(cell.node, JDV.cellService, cell.service)
        for prov in cell.uncovered:
            d.add(cell.node, JDV.uncoveredProvince, prov)
    standings = standing(g, as_of)
    for node, st in standings.items():
        d.add(node, JDV.standing, st)
    by_region: dict = {}
    for inst, region in g.subject_objects(ELI.jurisdiction):
        if (inst, RDF.type, JAR.LegalInstrument) in g and (region, RDF.type, JAR.Country) not in g:
            d.add(inst, RDF.type, JDV.RegionalInstrument)
            by_region.setdefault(region, set()).add(inst)
    peers: dict = {}
    for insts in by_region.values():  # regional instruments that share a jurisdiction, pairwise
        for a in insts:
            for b in insts:
                if a != b:
                    d.add(a, JDV.sameJurisdictionAs, b)
                    peers.setdefault(a, set()).add(b)
    rights_of: dict = {}  # instrument -> the entitlements resting on it or on one of its provisions
    for ent, basis in g.subject_objects(JAR.legalBasis):
        if (ent, RDF.type, JAR.Entitlement) in g:
            inst = g.value(basis, JAR.inInstrument) or basis
            d.add(ent, JDV.basisInstrument, inst)
            rights_of.setdefault(inst, set()).add(ent)
            st = standings.get(basis)
            if st == JDV["in-force"]:
                d.add(ent, JDV.basisInForce, basis)
            elif st == JDV["unclear"]:
                d.add(ent, JDV.basisUnclear, basis)
    d.coverage = regional_coverage(g, d, closure, rights_of, standings)
    d.funding = falling_funding(g, d)
    for inst in g.subjects(RDF.type, JAR.LegalInstrument):
        enacted = g.value(inst, ELI.date_document) or g.value(inst, ELI.first_date_entry_in_force)
        if enacted is not None:
            d.add(inst, JDV.enactedDate, Literal(str(enacted)[:10], datatype=XSD.date))
    for ob, days in g.subject_objects(JAR.deadlineDays):
        starts = []
        for basis in g.objects(ob, JAR.legalBasis):
            inst = g.value(basis, JAR.inInstrument) or basis
            start = _d(g.value(basis, ELI.first_date_entry_in_force) or g.value(inst, ELI.first_date_entry_in_force)
                       or g.value(inst, ELI.date_document))
            if start is not None:
                starts.append(start)
        if starts:
            due = min(starts) + timedelta(days=int(days))
            d.add(ob, JDV.deadlineDate, Literal(due.isoformat(), datatype=XSD.date))
    if as_of is not None:
        d.add(JDV.context, JDV.asOf, Literal(as_of.isoformat(), datatype=XSD.date))
    return d


def derived_graph(g: Graph, as_of: date | None = None) -> Graph:
    """The coverage helper facts (:func:`coverage_facts`) as an rdflib graph, to inspect them."""
    return coverage_facts(g, as_of).graph()
