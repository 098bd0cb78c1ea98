"""The coverage-gap engine: SHACL shapes that show where the framework fails victims.

Two shape sets live in ``ontology/shapes/``:

* ``hygiene.ttl`` — the graph is well formed (labels in both languages, a source on every fact, dates in
  order, no dangling links, ...). :func:`validate_hygiene` returns a :class:`HygieneReport`; ``kg validate``
  fails on any violation.
* ``coverage.ttl`` — policy gaps (a victim group without an essential service, a right nobody must provide,
  a condition reported as a barrier, ...). :func:`find_gaps` returns a list of :class:`Gap`; ``kg gaps``
  reports them.

Gaps are computed from the data, never written in: every gap is a SHACL validation result of a coverage
shape. Before validating, :func:`coverage_facts` computes helper facts (namespace ``jdv:``) that SHACL
cannot compute cheaply: the reflexive-transitive closure of ``skos:broader``, which groups are victim
groups, which services are essential (rank 1), the standing of every legal text as of a date and which
bases of a right are in force, which regional instruments share a jurisdiction and what each grants,
and deadline dates. :func:`hygiene_facts` does the same for the hygiene shapes (label languages, unions
of classes). The helper facts let the shapes stay SHACL-Core with one check per node where nested shapes
(``sh:or``, ``sh:node``, qualified value shapes) or per-node SPARQL would re-run for every value.

The shapes run on a read-only :class:`_View` of the data and the helper facts: nothing is copied and the
source graph is never changed; the helper facts are never written into a build or shown as facts (a
result on a regional grant is reported on its instrument). Validation runs with ``inference='none'``,
in place, with the cyclic garbage collector paused (see :func:`_gc_paused`).

Stable API (used by the CLI, the app and the entitlement finder):

* ``find_gaps(dataset_or_graph, as_of=None) -> list[Gap]``
* ``coverage_matrix(dataset_or_graph, as_of=None) -> list[dict]`` (rows for ``pandas.DataFrame``)
* ``validate_hygiene(dataset_or_graph) -> HygieneReport``
* ``filter_gaps(gaps, group=, service=, region=, instrument=, severity=) -> list[Gap]``
* ``gaps_markdown(gaps, as_of=None)``, ``gaps_csv(gaps)``, ``write_gaps_doc(dataset_or_graph, path)``
"""
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

from . import asof
from .namespaces import ELI, GRAPHS, ID, JAR, SH, SHAPES, bind_all

ROOT = Path(__file__).resolve().parent.parent
SHAPES_DIR = ROOT / "ontology" / "shapes"
DOC_PATH = ROOT / "docs" / "gaps.md"

#: Derived helper terms, computed in Python before validation (never part of the built graph).
JDV = Namespace(str(SHAPES) + "derived#")

SEVERITY = {SH.Violation: "high", SH.Warning: "medium", SH.Info: "low"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
VICTIM_ROOT = ID["vocab/groups/trafficking-victims"]
SERVICES_SCHEME = ID["vocab/services"]
GOVERNMENT_LEVEL = {JAR.Province: "org/provincial-governments", JAR.Regency: "org/district-governments",
                    JAR.City: "org/district-governments"}


# --- data model ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """A node of the graph with its labels: ``{"id": ..., "en": ...}``."""
    iri: str
    label: dict

    def text(self, lang: str = "en") -> str:
        return self.label.get(lang) or self.label.get("en") or self.label.get("id") or self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Evidence:
    """A Finding that bears on a gap, with its verbatim quotes and their sources."""
    finding: str
    kind: str
    statement: dict
    quotes: tuple  # of dicts: quote, lang, document, document_label, at


@dataclass
class Gap:
    """One coverage gap: a result of a coverage shape, explained for a policymaker."""
    kind: str
    severity: str  # high | medium | low
    message: dict  # {"id": ..., "en": ...}, one sentence each
    focus: str  # IRI of the node the gap is about
    shape: str  # IRI of the coverage shape that found it
    value: str | None = None  # the missing or offending value (a service, a condition, a date, ...)
    groups: list[Item] = field(default_factory=list)
    services: list[Item] = field(default_factory=list)
    region: Item | None = None
    instruments: list[Item] = field(default_factory=list)
    legal_basis: list[Item] = field(default_factory=list)
    who_should_act: list[Item] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def sort_key(self):
        return (SEVERITY_ORDER[self.severity], self.kind, self.focus, self.value or "")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class HygieneReport:
    conforms: bool
    results: list[dict]  # focus, shape, kind, path, value, message {id, en}
    report: Graph
    seconds: float

    def summary(self) -> str:
        if self.conforms:
            return f"hygiene: no violations ({self.seconds:.2f} s)"
        return f"hygiene: {len(self.results)} violation(s) ({self.seconds:.2f} s)"


@dataclass
class CoverageRun:
    gaps: list[Gap]
    report: Graph
    seconds: float


# --- loading -------------------------------------------------------------------------------------------

def data_graph(source) -> Graph:
    """One plain graph with every data, vocabulary and source triple (no ontology) from a Dataset, a
    BuildResult, a Graph, or a path to a built file (``dist/jaring.trig``/``.nq``/``.ttl``)."""
    if hasattr(source, "dataset"):
        source = source.dataset
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            path = path / "jaring.nq"
        if path.suffix in _OX_FORMATS:
            return _read_graph(path)
        fmt = {".trig": "trig", ".nq": "nquads"}.get(path.suffix)
        if fmt:
            ds = Dataset()
            ds.parse(path, format=fmt)
            source = ds
        else:
            g = Graph()
            g.parse(path)
            source = g
    g = Graph()
    bind_all(g.namespace_manager)
    if isinstance(source, Dataset):
        onto = URIRef(GRAPHS["ontology"])
        for s, p, o, ctx in source.quads((None, None, None, None)):
            cid = ctx.identifier if hasattr(ctx, "identifier") else ctx
            if cid != onto:
                g.add((s, p, o))
    else:
        for t in source:
            g.add(t)
    return g


_OX_FORMATS = {".nq": "N_QUADS", ".nt": "N_TRIPLES", ".trig": "TRIG", ".ttl": "TURTLE"}
_XSD_STRING = str(XSD.string)


def _read_graph(path: Path) -> Graph:
    """Read a built file into one plain rdflib graph without its ontology graph, parsed by pyoxigraph.

    The same triples as rdflib's own parser gives (tested), about four times faster and at a third of the
    memory: terms are converted once and shared (an IRI that occurs a thousand times is one object), and no
    intermediate Dataset is held next to the result."""
    import pyoxigraph as ox

    onto = str(GRAPHS["ontology"])
    g = Graph()
    bind_all(g.namespace_manager)
    iris: dict = {}
    lits: dict = {}

    def term(t):
        if type(t) is ox.NamedNode:
            v = t.value
            r = iris.get(v)
            if r is None:
                r = iris[v] = URIRef(v)
            return r
        if type(t) is ox.BlankNode:
            return BNode(t.value)
        key = (t.value, t.language, t.datatype.value)
        r = lits.get(key)
        if r is None:
            if t.language:
                r = Literal(t.value, lang=t.language)
            elif key[2] == _XSD_STRING:  # rdflib keeps a plain literal without a datatype
                r = Literal(t.value)
            else:
                r = Literal(t.value, datatype=term(t.datatype))
            lits[key] = r
        return r

    add = g.add
    fmt = getattr(ox.RdfFormat, _OX_FORMATS[path.suffix])
    with path.open("rb") as fh:
        for q in ox.parse(fh, fmt):
            gn = q.graph_name
            if type(gn) is ox.NamedNode and gn.value == onto:
                continue
            add((term(q.subject), term(q.predicate), term(q.object)))
    return g


@lru_cache(maxsize=None)
def _shapes_text(name: str) -> str:
    return (SHAPES_DIR / name).read_text("utf-8")


def shapes_graph(name: str) -> Graph:
    """The parsed shapes graph ``hygiene`` or ``coverage`` (a fresh copy each call)."""
    g = Graph()
    bind_all(g.namespace_manager)
    g.bind("jdv", str(JDV))
    g.parse(data=_shapes_text(f"{name}.ttl"), format="turtle")
    return g


# --- derived helper graph ------------------------------------------------------------------------------

def _d(lit) -> date | None:
    if lit is None:
        return None
    try:
        return date.fromisoformat(str(lit)[:10])
    except ValueError:
        return None


def _closure(g: Graph) -> dict:
    """Each concept → the set of itself and every broader concept (transitively)."""
    broader: dict = {}
    for s, o in g.subject_objects(SKOS.broader):
        broader.setdefault(s, set()).add(o)
    concepts = set(g.subjects(RDF.type, SKOS.Concept)) | set(broader)
    out = {}
    for c in concepts:
        seen, stack = {c}, [c]
        while stack:
            for b in broader.get(stack.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    stack.append(b)
        out[c] = seen
    return out


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
        self._size = None
        self._props = set(facts.pos) - {RDF.type}
        self._classes = set(facts.pos.get(RDF.type, ()))

    def _data_triples(self, triple):
        if not self._hidden:
            yield from self._data.triples(triple)
        elif triple[0] is None:
            hidden = self._hidden
            for t in self._data.triples(triple):
                if t[0] not in hidden:
                    yield t
        elif triple[0] not in self._hidden:
            yield from self._data.triples(triple)

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
    _regional_grants(g, d, closure, peers, rights_of)
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


def _regional_grants(g: Graph, d: _Facts, closure: dict, peers: dict, rights_of: dict) -> None:
    """One ``jdv:RegionalGrant`` per regional instrument, service and group it grants (through a right resting
    on it), with the other instruments of its jurisdiction that address the same service (a right to that
    service, or a broader or narrower one: ``jdv:addressedBy``) and those of them that also extend it to the
    group (a right to such a service for the group or a broader one, without excluding it: ``jdv:extendedBy``)."""
    near: dict = {}  # concept -> each concept it lies under or over (itself too, if it is in the closure)
    for c, ups in closure.items():
        for u in ups:
            near.setdefault(c, set()).add(u)
            near.setdefault(u, set()).add(c)
    rights = {}  # entitlement -> (services, beneficiaries, exclusions)

    def right(e):
        if e not in rights:
            rights[e] = (set(g.objects(e, JAR.serviceType)), set(g.objects(e, JAR.beneficiary)),
                         set(g.objects(e, JAR.excludes)))
        return rights[e]

    offered = {}  # instrument -> every service of a right resting on it

    def addressed(inst, svc) -> bool:
        if inst not in offered:
            offered[inst] = set().union(*(right(e)[0] for e in rights_of.get(inst, ())))
        return not near.get(svc, set()).isdisjoint(offered[inst])

    extends = {}

    def extended(inst, svc, group) -> bool:
        key = (inst, svc, group)
        if key not in extends:
            related, ups = near.get(svc, set()), closure.get(group, set())
            extends[key] = any(not related.isdisjoint(svcs) and not ups.isdisjoint(bens) and ups.isdisjoint(excl)
                               for svcs, bens, excl in map(right, rights_of.get(inst, ())))
        return extends[key]

    for a in sorted(peers, key=str):
        for e in sorted(rights_of.get(a, ()), key=str):
            svcs, bens, _excl = right(e)
            for svc in svcs:
                for group in bens:
                    others = sorted((b for b in peers[a] if addressed(b, svc)), key=str)
                    if not others:
                        continue
                    node = _grant_node(a, svc, group)
                    d.add(node, RDF.type, JDV.RegionalGrant)
                    d.add(node, JDV.grantOf, a)
                    d.add(node, JDV.grantService, svc)
                    d.add(node, JDV.grantGroup, group)
                    for b in others:
                        d.add(node, JDV.addressedBy, b)
                        if extended(b, svc, group):
                            d.add(node, JDV.extendedBy, b)


def derived_graph(g: Graph, as_of: date | None = None) -> Graph:
    """The coverage helper facts (:func:`coverage_facts`) as an rdflib graph, to inspect them."""
    return coverage_facts(g, as_of).graph()


# --- running the shapes --------------------------------------------------------------------------------

@contextmanager
def _gc_paused():
    """Pause Python's cyclic garbage collector while the shapes run: the validation allocates millions of
    short-lived objects next to a large graph, and each full collection walks the whole graph again (at a
    million triples that doubled the time). Reference counting still frees most things at once; what only the
    collector can free (graphs and reports hold reference cycles) waits for its next full pass, which a process
    holding a large graph reaches rarely: a long-lived caller that drops a run's results calls ``gc.collect()``
    (the app's gap job does)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate(data: Graph, shapes: Graph) -> Graph:
    from pyshacl import validate

    from .sparql import _PARSER_LOCK

    # pySHACL parses SPARQL with rdflib's grammar, which is not thread-safe: share the query guard's lock
    with _PARSER_LOCK:
        _conforms, report, _text = validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                            inplace=True, abort_on_first=False, allow_warnings=True,
                                            allow_infos=True)
    if not isinstance(report, Graph):  # pyshacl returns a ValidationFailure when a shape is unusable
        raise RuntimeError(f"SHACL validation failed: {report}")
    return report


def _top_shapes(shapes: Graph) -> dict:
    """Each shape node → the top-level shape (one with a target, or a named IRI) that contains it."""
    parent = {}
    for prop in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape, SH.sparql):
        for s, o in shapes.subject_objects(prop):
            parent.setdefault(o, s)
    for prop in (SH["or"], SH["and"], SH.xone):
        for s, lst in shapes.subject_objects(prop):
            for member in Collection(shapes, lst):
                parent.setdefault(member, s)

    def top(node):
        seen = set()
        while node in parent and node not in seen and not (isinstance(node, URIRef) and _has_target(shapes, node)):
            seen.add(node)
            node = parent[node]
        return node
    return {n: top(n) for n in set(parent) | set(parent.values())}


def _has_target(shapes: Graph, node) -> bool:
    return any((node, p, None) in shapes for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                                                       SH.targetObjectsOf))


def _results(report: Graph):
    for r in report.subjects(RDF.type, SH.ValidationResult):
        yield {"focus": report.value(r, SH.focusNode), "value": report.value(r, SH.value),
               "source": report.value(r, SH.sourceShape), "path": report.value(r, SH.resultPath),
               "severity": report.value(r, SH.resultSeverity), "detail": report.value(r, SH.resultMessage)}


def _lang_map(g: Graph, s, p) -> dict:
    out = {}
    for lit in g.objects(s, p):
        if isinstance(lit, Literal):
            out.setdefault(lit.language or "en", str(lit))
    return {k: out[k] for k in sorted(out)}


def validate_hygiene(source) -> HygieneReport:
    """Run the hygiene shapes on the whole graph; ``conforms`` is False on any violation. A Graph given as
    ``source`` is only read (validated through a :class:`_View` with the helper facts), never copied."""
    data = _graph_of(source)
    shapes = shapes_graph("hygiene")
    with _gc_paused():
        facts = hygiene_facts(data)
        t0 = time.perf_counter()
        report = _validate(_View(data, facts), shapes)
        seconds = time.perf_counter() - t0
    top = _top_shapes(shapes)
    results = []
    for r in _results(report):
        shape = top.get(r["source"], r["source"])
        results.append({"focus": str(r["focus"]), "shape": str(shape),
                        "kind": str(shapes.value(shape, DCTERMS.identifier) or shape),
                        "path": str(SHOWN_PATH.get(r["path"], r["path"])) if r["path"] is not None else None,
                        "value": str(r["value"]) if r["value"] is not None else None,
                        "message": _lang_map(shapes, shape, SH.message)})
    results.sort(key=lambda x: (x["kind"], x["focus"], x["value"] or ""))
    return HygieneReport(conforms=not results, results=results, report=report, seconds=seconds)


def run_coverage(source, as_of: date | None = None) -> CoverageRun:
    """Run the coverage shapes; returns the gaps, the SHACL report and the validation time."""
    with _gc_paused():
        return _run_coverage(source, as_of)


def _run_coverage(source, as_of: date | None) -> CoverageRun:
    data = _graph_of(source)  # a Graph given as source is only read, never copied
    hidden = _gone(data, as_of) if as_of is not None else frozenset()
    facts = coverage_facts(_View(data, _Facts(), hidden) if hidden else data, as_of)
    work = _View(data, facts, hidden)
    shapes = shapes_graph("coverage")
    t0 = time.perf_counter()
    report = _validate(work, shapes)
    seconds = time.perf_counter() - t0
    explainer = _Explainer(work, shapes)
    top = _top_shapes(shapes)
    found: dict = {}  # (shape, focus, value) -> extra variables (group, svc, ...) of its results
    for r in _results(report):
        shape, focus = top.get(r["source"], r["source"]), r["focus"]
        value = r["value"] if r["value"] != focus else None  # node-level results repeat the focus
        extra = {}
        grant_of = facts.value(focus, JDV.grantOf)
        if grant_of is not None:  # a regional grant stands for its instrument, its service and its group
            extra = {"group": {facts.value(focus, JDV.grantGroup)}, "svc": {facts.value(focus, JDV.grantService)}}
            focus = grant_of
        merged = found.setdefault((shape, focus, value), {})
        for var, vals in extra.items():
            merged.setdefault(var, set()).update(vals)
    gaps = {}
    for (shape, focus, value), extra in found.items():
        gap = explainer.gap(shape, focus, value, extra)
        key = (gap.kind, gap.focus, gap.value)
        if key in gaps:
            gaps[key].evidence = _merge_evidence(gaps[key].evidence, gap.evidence)
        else:
            gaps[key] = gap
    out = sorted(gaps.values(), key=Gap.sort_key)
    return CoverageRun(gaps=out, report=report, seconds=seconds)


def find_gaps(source, as_of: date | None = None) -> list[Gap]:
    """Every coverage gap in the graph as of ``as_of`` (``None``: the latest recorded state), sorted by
    severity, kind and focus. ``source``: a Dataset, a BuildResult, a Graph or a path to a built file."""
    return run_coverage(source, as_of).gaps


def _merge_evidence(a, b):
    seen = {e.finding: e for e in a}
    for e in b:
        seen.setdefault(e.finding, e)
    return [seen[k] for k in sorted(seen)]


# --- explaining a result -------------------------------------------------------------------------------

class _Explainer:
    def __init__(self, g: Graph, shapes: Graph):
        self.g, self.shapes = g, shapes
        self.prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (
            ("jar", JAR), ("jdv", JDV), ("eli", ELI), ("skos", SKOS), ("rdf", RDF)))
        self._findings = None
        self._evidence: dict = {}
        self._items: dict = {}

    def item(self, node) -> Item:
        if node in self._items:
            return self._items[node]
        self._items[node] = it = self._item(node)
        return it

    def _item(self, node) -> Item:
        label = _lang_map(self.g, node, RDFS.label) or _lang_map(self.g, node, SKOS.prefLabel)
        if not label and isinstance(node, Literal):
            label = {"id": str(node), "en": str(node)}
        return Item(str(node), label)

    def items(self, nodes) -> list[Item]:
        return [self.item(n) for n in sorted(set(nodes), key=str)]

    def _extra(self, shape, focus, value) -> dict:
        """The extra variables a SPARQL shape projects (e.g. ?group, ?finding) for this result."""
        out: dict = {}
        for c in self.shapes.objects(shape, SH.sparql):
            q = self.shapes.value(c, SH.select)
            head = re.search(r"SELECT(.*?)WHERE", str(q or ""), flags=re.S | re.I)
            if q is None or not head or not set(re.findall(r"[?$](\w+)", head.group(1))) - {"this", "value"}:
                continue
            bindings = {"this": focus}
            if value is not None:
                bindings["value"] = value
            for row in self.g.query(self.prologue + str(q), initBindings=bindings):
                for var, val in row.asdict().items():
                    if var not in ("this", "value") and val is not None:
                        out.setdefault(var, set()).add(val)
        return out

    def bases(self, ents) -> list:
        return sorted({b for e in ents for b in self.g.objects(e, JAR.legalBasis)}, key=str)

    def instruments_of(self, bases) -> list:
        return sorted({self.g.value(b, JAR.inInstrument) or b for b in bases}, key=str)

    def gap(self, shape, focus, value, known: dict | None = None) -> Gap:
        g, shapes = self.g, self.shapes
        kind = str(shapes.value(shape, DCTERMS.identifier) or shape)
        severity = SEVERITY.get(shapes.value(shape, SH.severity), "high")
        extra = self._extra(shape, focus, value) if (shape, SH.sparql, None) in shapes else {}
        for var, vals in (known or {}).items():
            extra.setdefault(var, set()).update(vals)
        message = self.message(shape, focus, value)
        if kind == "non-delivery-reported" and value is not None:
            finding, focus, value = focus, value, None
            extra.setdefault("finding", set()).add(finding)
        types = set(g.objects(focus, RDF.type))
        groups, services, ents, region, who = set(), set(), set(), None, set()
        instruments = set()
        if JAR.Entitlement in types or JAR.Programme in types or JAR.ServicePoint in types:
            ents = {focus} if JAR.Entitlement in types else set()
            groups |= set(g.objects(focus, JAR.beneficiary)) | set(g.objects(focus, JAR.serves))
            services |= set(g.objects(focus, JAR.serviceType)) | set(g.objects(focus, JAR.offers))
            who |= set(g.objects(focus, JAR.dutyBearer)) | set(g.objects(focus, JAR.operatedBy))
            who |= {b for o in g.subjects(JAR.fulfils, focus) for b in g.objects(o, JAR.bearer)}
            if kind == "excluded-similar-group" and value is not None:
                groups = {value}
        if JDV.VictimGroup in types or (focus, SKOS.inScheme, ID["vocab/groups"]) in g:
            groups.add(focus)
            if value is not None:
                services.add(value)
            # who should act: duty-bearers of rights to that service for this group, if the law names any
            for e in g.subjects(RDF.type, JAR.Entitlement):
                if self._covers(e, focus, value):
                    ents.add(e)
                    who |= set(g.objects(e, JAR.dutyBearer))
        if JDV.EssentialServiceConcept in types:
            services.add(focus)
            lvl = ID["org/district-governments"]
            if (lvl, RDF.type, None) in g:
                who.add(lvl)
        if JAR.LegalInstrument in types:
            instruments.add(focus)
            if value is not None and (value, RDF.type, JAR.LegalInstrument) in g:
                instruments.add(value)
            for i in instruments:
                who |= set(g.objects(i, ELI.passed_by))
            region = g.value(focus, ELI.jurisdiction)
        if JAR.Obligation in types:
            who |= set(g.objects(focus, JAR.bearer))
            ents |= set(g.objects(focus, JAR.fulfils))
        if types & {JAR.Province, JAR.Regency, JAR.City}:
            region = focus
            for cls, org in GOVERNMENT_LEVEL.items():
                if cls in types and (ID[org], RDF.type, None) in g:
                    who.add(ID[org])
        groups |= extra.get("group", set())
        services |= extra.get("svc", set())
        bases = set(self.bases(ents))
        if JAR.Obligation in types:
            bases |= set(g.objects(focus, JAR.legalBasis))
        if JAR.Entitlement in types and kind == "entitlement-without-duty-bearer" and not who:
            who |= {p for i in self.instruments_of(bases) for p in g.objects(i, ELI.passed_by)}
        instruments |= set(self.instruments_of(bases))
        if region is None:  # a gap in regional law belongs to that region
            regional = {j for i in instruments for j in g.objects(i, ELI.jurisdiction)
                        if (j, RDF.type, JAR.Country) not in g}
            if len(regional) == 1:
                region = regional.pop()
        evidence = self.evidence(focus, value, bases, instruments, groups, services, extra.get("finding", set()))
        return Gap(kind=kind, severity=severity, message=message, focus=str(focus),
                   shape=str(shape), value=str(value) if value is not None else None,
                   groups=self.items(groups), services=self.items(services),
                   region=self.item(region) if region is not None else None,
                   instruments=self.items(instruments), legal_basis=self.items(bases),
                   who_should_act=self.items(who), evidence=evidence)

    def _covers(self, ent, group, service) -> bool:
        g = self.g
        ups = set(g.objects(group, JDV.broaderOrSelf))
        if not ups & set(g.objects(ent, JAR.beneficiary)) or ups & set(g.objects(ent, JAR.excludes)):
            return False
        if service is None:
            return True
        return any((s, JDV.broaderOrSelf, service) in g for s in g.objects(ent, JAR.serviceType))

    def message(self, shape, focus, value) -> dict:
        out = {}
        for lang, text in _lang_map(self.shapes, shape, SH.message).items():
            text = text.replace("{this}", self.item(focus).text(lang))
            if value is not None:
                text = text.replace("{value}", self.item(value).text(lang))
            if text[:1].islower():
                text = text[0].upper() + text[1:]
            out[lang] = text
        return out

    def evidence(self, focus, value, bases, instruments, groups, services, findings) -> list[Evidence]:
        about = {focus} | set(bases) | set(instruments)
        if value is not None and not isinstance(value, Literal):
            about.add(value)
        found = set(findings)
        if self._findings is None:
            self._index_findings()
        by_concern, by_group, f_services = self._findings
        for node in about:
            found.update(by_concern.get(node, ()))
        services = set(services)
        for grp in set(groups):  # the same group and the same service
            found.update(f for f in by_group.get(grp, ()) if not f_services[f].isdisjoint(services))
        return [self._evidence_of(f) for f in sorted(found, key=str)]

    def _index_findings(self) -> None:
        g = self.g
        by_concern: dict = {}
        by_group: dict = {}
        f_services: dict = {}
        for f in g.subjects(RDF.type, JAR.Finding):
            for c in set(g.objects(f, JAR.concerns)):
                by_concern.setdefault(c, []).append(f)
            for grp in set(g.objects(f, JAR.affectsGroup)):
                by_group.setdefault(grp, []).append(f)
            f_services[f] = set(g.objects(f, JAR.affectsService))
        self._findings = (by_concern, by_group, f_services)

    def _evidence_of(self, f) -> Evidence:
        if f in self._evidence:
            return self._evidence[f]
        g = self.g
        quotes = []
        for c in sorted(g.objects(f, JAR.source), key=str):
            q = g.value(c, JAR.quote)
            if q is None:
                continue
            doc = g.value(c, JAR.document)
            quotes.append({"quote": str(q), "lang": q.language, "document": str(doc),
                           "document_label": str(g.value(doc, RDFS.label) or doc),
                           "at": str(g.value(c, JAR.pinpoint) or "")})
        self._evidence[f] = ev = Evidence(finding=str(f), kind=str(g.value(f, JAR.findingKind) or ""),
                                          statement=_lang_map(g, f, JAR.statement) or _lang_map(g, f, RDFS.label),
                                          quotes=tuple(quotes))
        return ev


# --- filtering and output ------------------------------------------------------------------------------

def _matches(items: list[Item], wanted: str | None) -> bool:
    if not wanted:
        return True
    return any(i.iri == wanted or i.iri.endswith("/" + wanted) for i in items)


def filter_gaps(gaps: list[Gap], group: str | None = None, service: str | None = None, region: str | None = None,
                instrument: str | None = None, severity: str | None = None) -> list[Gap]:
    """Keep the gaps about a group / service / region (short id or IRI), an instrument (its id such as
    ``uu/2007/21``: matches the instrument and its provisions) and a severity (high, medium, low)."""
    out = []
    for gap in gaps:
        if severity and gap.severity != severity:
            continue
        if not _matches(gap.groups, group) or not _matches(gap.services, service):
            continue
        if region and not _matches([gap.region] if gap.region else [], region):
            continue
        if instrument:
            iri = instrument if instrument.startswith("http") else str(ID[instrument])
            refs = [i.iri for i in gap.instruments + gap.legal_basis] + [gap.focus]
            if not any(r == iri or r.startswith(iri + "/") for r in refs):
                continue
        out.append(gap)
    return out


def _short(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def _join(items: list[Item], lang: str = "en") -> str:
    return "; ".join(i.text(lang) for i in items)


CSV_COLUMNS = ("kind", "severity", "message_en", "message_id", "groups", "services", "region", "instruments",
               "legal_basis", "who_should_act", "evidence", "focus", "value", "shape")


def gaps_csv(gaps: list[Gap]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for gp in gaps:
        w.writerow([gp.kind, gp.severity, gp.message.get("en", ""), gp.message.get("id", ""),
                    " | ".join(_short(i.iri) for i in gp.groups), " | ".join(_short(i.iri) for i in gp.services),
                    _short(gp.region.iri) if gp.region else "", " | ".join(_short(i.iri) for i in gp.instruments),
                    " | ".join(i.text("en") for i in gp.legal_basis),
                    " | ".join(_short(i.iri) for i in gp.who_should_act),
                    " | ".join(_short(e.finding) for e in gp.evidence), _short(gp.focus),
                    _short(gp.value) if gp.value else "", gp.shape])
    return buf.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


#: Quotes shown per gap in the Markdown report (all findings are listed in the CSV).
MAX_QUOTES = 2


def gaps_markdown(gaps: list[Gap], as_of: date | None = None, shapes: Graph | None = None) -> str:
    """A deterministic Markdown report: a summary table, then each gap with its basis, actor and evidence."""
    shapes = shapes if shapes is not None else shapes_graph("coverage")
    kinds = {}
    for shape in sorted(set(shapes.subjects(DCTERMS.identifier, None)), key=str):
        if not _has_target(shapes, shape):
            continue
        kinds[str(shapes.value(shape, DCTERMS.identifier))] = (
            _lang_map(shapes, shape, SH.name), SEVERITY.get(shapes.value(shape, SH.severity), "high"))
    when = f"as of {as_of.isoformat()}" if as_of else "as of the latest recorded state of the law"
    lines = ["# Coverage gaps / Celah cakupan", "",
             "Generated by `kg build` from the graph: every gap below is a result of a coverage shape in "
             "`ontology/shapes/coverage.ttl`, computed from missing data. Nothing here is written in by hand. "
             f"Report {when}.", "",
             "Dihasilkan oleh `kg build` dari graf: setiap celah di bawah adalah hasil bentuk pemeriksaan "
             "cakupan, dihitung dari data yang tidak ada.", "",
             f"{len(gaps)} gap(s): " + ", ".join(f"{n} {s}" for s, n in (
                 (s, sum(1 for gp in gaps if gp.severity == s)) for s in ("high", "medium", "low"))) + ".", "",
             "| kind | name | severity | gaps |", "|---|---|---|---|"]
    for kind, (name, sev) in sorted(kinds.items()):
        lines.append(f"| `{kind}` | {_md(name.get('en', ''))} / {_md(name.get('id', ''))} | {sev} | "
                     f"{sum(1 for gp in gaps if gp.kind == kind)} |")
    lines.append("")
    for kind, (name, sev) in sorted(kinds.items()):
        these = [gp for gp in gaps if gp.kind == kind]
        if not these:
            continue
        lines += [f"## {name.get('en', kind)} / {name.get('id', kind)}", ""]
        for gp in these:
            lines.append(f"- **{gp.severity}** — {_md(gp.message.get('en', ''))}")
            lines.append(f"  - *id:* {_md(gp.message.get('id', ''))}")
            if gp.legal_basis:
                lines.append(f"  - legal basis: {_md(_join(gp.legal_basis))}")
            elif gp.instruments:
                lines.append(f"  - instruments: {_md(_join(gp.instruments))}")
            if gp.region:
                lines.append(f"  - region: {_md(gp.region.text())}")
            if gp.who_should_act:
                lines.append(f"  - who should act: {_md(_join(gp.who_should_act))}")
            quotes = [q for ev in gp.evidence for q in ev.quotes]
            for q in quotes[:MAX_QUOTES]:
                lines.append(f"  - evidence: “{_md(q['quote'])}” ({_md(q['document_label'])}, {_md(q['at'])})")
            if len(gp.evidence) > 0 and len(quotes) > MAX_QUOTES:
                lines.append(f"  - and {len(quotes) - MAX_QUOTES} more quote(s) from {len(gp.evidence)} finding(s) "
                             "(see gaps.csv)")
            lines.append(f"  - focus: `{_short(gp.focus)}`" + (f", value: `{_short(gp.value)}`" if gp.value else ""))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_gaps_doc(source, path: Path = DOC_PATH) -> str:
    """Regenerate ``docs/gaps.md`` atomically (write a temporary file, then rename); returns the text."""
    text = gaps_markdown(find_gaps(source))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text("utf-8") == text:
        return text
    fd, tmp = tempfile.mkstemp(prefix=".gaps-", suffix=".md", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return text


# --- coverage matrix -----------------------------------------------------------------------------------

def coverage_matrix(source, as_of: date | None = None, all_groups: bool = False) -> list[dict]:
    """Rows (group × essential service × stage) with the legal basis and the providers of each cell, for
    ``pandas.DataFrame(rows)``. Groups: the victim groups (every group if ``all_groups``). A cell without
    entitlements has stage ``""``; ``covered`` says whether any provider serves the cell."""
    with _gc_paused():
        data = _graph_of(source)
        hidden = _gone(data, as_of) if as_of is not None else frozenset()
        g = _View(data, coverage_facts(_View(data, _Facts(), hidden) if hidden else data, as_of), hidden)
    ex = _Explainer(g, Graph())
    groups = sorted(g.subjects(SKOS.inScheme, ID["vocab/groups"]) if all_groups
                    else g.subjects(RDF.type, JDV.VictimGroup), key=str)
    services = sorted(g.subjects(RDF.type, JDV.EssentialServiceConcept), key=str)
    stage_rank = {s: int(g.value(s, JAR.rank) or 99) for s in g.subjects(SKOS.inScheme, ID["vocab/stages"])}
    ents = sorted(g.subjects(RDF.type, JAR.Entitlement), key=str)
    providers = sorted({p for p in g.subjects(JAR.offers, None) if (p, JAR.serves, None) in g}, key=str)
    rows = []
    for grp in groups:
        ups = set(g.objects(grp, JDV.broaderOrSelf))
        for svc in services:
            cell_ents = [e for e in ents if ex._covers(e, grp, svc)]
            cell_prov = [p for p in providers
                         if set(g.objects(p, JAR.serves)) & ups and not set(g.objects(p, JAR.excludes)) & ups
                         and any((s, JDV.broaderOrSelf, svc) in g for s in g.objects(p, JAR.offers))]
            by_stage: dict = {}
            for e in cell_ents:
                for st in sorted(g.objects(e, JAR.stage), key=str) or [None]:
                    by_stage.setdefault(st, []).append(e)
            if not by_stage:
                by_stage[None] = []
            for st in sorted(by_stage, key=lambda s: (stage_rank.get(s, 100) if s else 0, str(s))):
                es = by_stage[st]
                basis = ex.items(ex.bases(es))
                prov = ex.items(cell_prov)
                rows.append({
                    "group": _short(str(grp)), "group_en": ex.item(grp).text("en"), "group_id": ex.item(grp).text("id"),
                    "service": _short(str(svc)), "service_en": ex.item(svc).text("en"),
                    "service_id": ex.item(svc).text("id"),
                    "stage": _short(str(st)) if st else "", "stage_en": ex.item(st).text("en") if st else "",
                    "stage_id": ex.item(st).text("id") if st else "",
                    "entitlements": [_short(str(e)) for e in es],
                    "legal_basis": [_short(b.iri) for b in basis],
                    "legal_basis_en": "; ".join(b.text("en") for b in basis),
                    "legal_basis_id": "; ".join(b.text("id") for b in basis),
                    "providers": [_short(p.iri) for p in prov],
                    "providers_en": "; ".join(p.text("en") for p in prov),
                    "providers_id": "; ".join(p.text("id") for p in prov),
                    "covered": bool(cell_prov),
                })
    return rows
