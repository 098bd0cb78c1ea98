"""The one as-of rule: is this text, right, body or place in force on a date? (issue 20)

Every module that asks "is X in force on D" calls :func:`standing` (or :func:`in_window` for a plain
validity interval, which is ``standing`` without a status). Nobody else compares in-force or end dates; a test
(``tests/test_asof.py``) fails when another module does.

``standing(status, start, end, day, *, ended_by_start=None) -> Standing``

``status``
    the declared status slug (``jar:declaredStatus``: in-force, repealed, expired, unclear, draft, not-in-force),
    or its IRI, or None.
``start`` / ``end``
    the effective interval (``date``, ISO text or an ``xsd:date`` literal; ``end`` exclusive: no longer in
    force on it). For law: ``jar:effectiveFrom`` / ``jar:effectiveUntil`` derived below, else the recorded ELI
    dates. For bodies, service points, programmes and rights: ``jar:validFrom`` / ``jar:validUntil``.
``day``
    the date asked about; ``None`` asks for the latest recorded state (every recorded end has passed, no start
    lies ahead).
``ended_by_start``
    when no end is known, the start of what ended it (``ended_by``): it ends then.

``Standing.state`` is one of ``in-force`` | ``ended`` | ``not-yet`` | ``unclear`` and ``Standing.reason`` a
short code (rendered in Indonesian and English through ``kg.i18n`` key ``asof.<reason>``), decided in this order:

=====================  ===========  ============================================================================
reason                 state        when
=====================  ===========  ============================================================================
after-end              ended        an end is known and ``day`` is on or after it (``day`` None: any end)
ended-by-successor     ended        no end, but ``ended_by_start`` is on or before ``day``
before-start           not-yet      a start is known and lies after ``day``
status-draft           not-yet      declared ``draft`` (whatever the dates say)
status-not-in-force    not-yet      declared ``not-in-force``
repealed-without-date  unclear      declared ``repealed`` but no end is known: *when* it ended is not recorded
expired-without-date   unclear      declared ``expired``, no end known
status-unclear         unclear      declared ``unclear`` (and not ended by a date)
in-window              in-force     a start is known, on or before ``day``, and no end has passed
no-start               in-force     no start is known (unknown start counts as started) and no end has passed
=====================  ===========  ============================================================================

Callers decide only how to *present* a state: the entitlement finder grants a right whose basis is
``unclear`` with a warning (unknown is not no), the law view lists it as possibly in force, the gap engine
reports it as ``jdv:unclear``. A declared ``repealed`` with no end date is never silently read as ended or in
force; ``kg check`` refuses it unless an end date, ``ended_by`` or a repealing relation gives the end.

The rest of this module derives the effective intervals at build time:

Effective validity of every instrument and provision: when it is (or may be) in force, and how that is known.

Few instruments carry recorded dates of entry into force, so the as-of rules would otherwise treat every law as
always in force. The graph still knows each instrument's year and which instrument repeals or replaces which;
:func:`effective_validity` turns that into an interval, by a deliberately simple rule:

start
    ``eli:first_date_entry_in_force`` when recorded (basis ``"date"``); otherwise 1 January of ``jar:year``
    (basis ``"year"``): an act numbered in 2007 cannot be in force before 2007. A year-based start is only a
    lower bound: the act may have taken effect later in that year.
end
    ``eli:date_no_longer_in_force`` when recorded (basis ``"date"``); otherwise, when another resource repeals
    or replaces it (``eli:repeals`` / ``jar:replaces``, or ``jar:endedBy``), the date of that relation
    (``jar:date``) if recorded, else the effective start of the successor (basis ``"repeal"``: it ends when its
    successor takes effect; with several successors, the earliest). A derived end that would not fall after the
    start is dropped (the order of two acts of the same year is not known), so the interval stays open.
    Otherwise open. When the successor's start is only its year, the derived end inherits that imprecision: the
    predecessor may in fact have stayed in force for part of that year (recording the successor's date fixes it).
provisions
    Inherit their instrument's interval; a provision's own recorded dates replace the inherited bound, a
    relation that repeals or replaces the provision itself can end it earlier, and it never outlives its
    instrument.
status
    The declared status (``jar:declaredStatus``, e.g. ``unclear``) is kept as recorded, never inferred.

In force at ``D``: ``start <= D`` (unknown start: in force) and no end or ``end > D``.

:func:`add_effective_validity` writes the result into a graph as ``jar:effectiveFrom`` / ``jar:effectiveUntil``
(``xsd:date``) and ``jar:validityBasis`` (one value for each bound's basis), citing what it derives from: an
instrument keeps its own citations and gains those of the relation that ends it; a provision gains the citations
of a relation that ends the provision itself, while a bound it inherits stays cited on its instrument.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .namespaces import ELI, JAR

ID_PREFIX = "https://w3id.org/jaring/id/"
ENDING_RELATIONS = ("repeals", "replaces")
#: Everything :func:`effective_validity` reads: a graph holding only the triples :func:`reads` accepts gives the
#: same result as the whole law graph (the build keeps just these, not the whole law graph, to compute validity).
READ_PREDICATES = frozenset({ELI.first_date_entry_in_force, ELI.date_no_longer_in_force, JAR.year, JAR.source,
                             JAR.declaredStatus, JAR.inInstrument, JAR.relationType, JAR.fromResource,
                             JAR.toResource, JAR.date, JAR.endedBy})
READ_TYPES = frozenset({JAR.LegalInstrument, JAR.Provision, JAR.LegalRelation})


def reads(p, o) -> bool:
    """Whether :func:`effective_validity` may read a triple with predicate ``p`` and object ``o``."""
    return p in READ_PREDICATES or (p == RDF.type and o in READ_TYPES)


STATES = ("in-force", "ended", "not-yet", "unclear")
REASONS = ("after-end", "ended-by-successor", "before-start", "status-draft", "status-not-in-force",
           "repealed-without-date", "expired-without-date", "status-unclear", "in-window", "no-start")
#: declared statuses that say "not (yet) in force" whatever the dates say
NOT_YET_STATUS = ("draft", "not-in-force")
#: declared statuses that say "ended": with no end date, *when* is unknown (unclear, never guessed)
ENDED_STATUS = ("repealed", "expired")


@dataclass(frozen=True)
class Standing:
    """Where a text, right or body stands on a day: ``state`` (see :data:`STATES`) and why (``reason``)."""
    state: str
    reason: str

    @property
    def in_force(self) -> bool:
        """Certainly in force (``unclear`` is not)."""
        return self.state == "in-force"

    @property
    def may_be_in_force(self) -> bool:
        """In force, or unclear: what the finder grants (with a warning) and the law view lists as current."""
        return self.state in ("in-force", "unclear")


def as_date(value) -> date | None:
    """A ``date`` from a date, ISO text (a time part is ignored) or an ``xsd:date`` literal; None if none/bad.

    >>> as_date("2017-11-22T00:00:00"), as_date(None), as_date("2017")
    (datetime.date(2017, 11, 22), None, None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _status_slug(status) -> str | None:
    if status is None or status == "":
        return None
    return str(status).rstrip("/").rsplit("/", 1)[-1]


def standing(status, start, end, day, *, ended_by_start=None) -> Standing:
    """The standing of one text, right or body on ``day`` (see the table in the module docstring).

    >>> standing("repealed", "2004-10-18", "2017-11-22", date(2015, 1, 1))
    Standing(state='in-force', reason='in-window')
    >>> standing("repealed", "2004-10-18", None, date(2015, 1, 1))
    Standing(state='unclear', reason='repealed-without-date')
    >>> standing(None, "2020-01-01", None, date(2015, 1, 1)).state
    'not-yet'
    """
    status = _status_slug(status)
    start, end, day = as_date(start), as_date(end), as_date(day)
    if end is not None and (day is None or end <= day):
        return Standing("ended", "after-end")
    succ = as_date(ended_by_start) if end is None else None
    if succ is not None and (day is None or succ <= day):
        return Standing("ended", "ended-by-successor")
    if start is not None and day is not None and start > day:
        return Standing("not-yet", "before-start")
    if status in NOT_YET_STATUS:
        return Standing("not-yet", f"status-{status}")
    if status in ENDED_STATUS and end is None and succ is None:
        return Standing("unclear", f"{status}-without-date")
    if status == "unclear":
        return Standing("unclear", "status-unclear")
    return Standing("in-force", "no-start" if start is None else "in-window")


def in_window(start, end, day) -> bool:
    """Whether ``day`` lies in the validity interval [start, end) (unknown bounds are open): :func:`standing`
    without a status, for bodies, service points, programmes and rights with ``valid_from`` / ``valid_until``.

    >>> in_window("2014-10-27", None, date(2014, 10, 27)), in_window(None, "2014-10-27", date(2014, 10, 27))
    (True, False)
    """
    return standing(None, start, end, day).in_force


def in_period(day, since=None, until=None) -> bool:
    """Whether ``day`` falls in a reporting period [since, until] (both ends included, either open): for choosing
    *events* to report (a timeline from/to), not for standing, whose end is exclusive.

    >>> in_period(date(2017, 11, 22), until=date(2017, 11, 22)), in_period(date(2017, 1, 1), since="2017-01-02")
    (True, False)
    """
    day, since, until = as_date(day), as_date(since), as_date(until)
    return (since is None or day >= since) and (until is None or day <= until)


def sparql_window(start: str, end: str, day: str = "?asOf") -> str:
    """:func:`in_window` in SPARQL, as the canned queries (``queries/*.rq``) filter by ``?asOf``; a test checks
    every as-of comparison in the queries is this text, and that it agrees with :func:`in_window`.

    >>> sparql_window("?vf", "?vu")
    '(!BOUND(?vf) || ?vf <= ?asOf) && (!BOUND(?vu) || ?vu > ?asOf)'
    """
    return f"(!BOUND({start}) || {start} <= {day}) && (!BOUND({end}) || {end} > {day})"


@dataclass(frozen=True)
class Validity:
    """The effective interval of one instrument or provision (``end`` exclusive: no longer in force on it)."""
    start: date | None = None
    start_basis: str | None = None  # "date" | "year"
    end: date | None = None
    end_basis: str | None = None  # "date" | "repeal"
    status: str | None = None  # declared status slug, e.g. "unclear", "repealed"
    sources: tuple = field(default=(), compare=False)  # citation nodes the interval derives from
    inherited_from: URIRef | None = field(default=None, compare=False)  # the instrument a provision inherits from

    @property
    def bases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b for b in (self.start_basis, self.end_basis) if b))

    def in_force(self, d: date) -> bool:
        return in_window(self.start, self.end, d)

    def standing(self, d: date | None) -> Standing:
        return standing(self.status, self.start, self.end, d)


def _date(value) -> date | None:
    return as_date(value)


def _year_start(value) -> date | None:
    try:
        return date(int(str(value)[:4]), 1, 1)
    except (TypeError, ValueError):
        return None


def _slug(node) -> str | None:
    return str(node).rsplit("/", 1)[-1] if node is not None else None


def _ending_relations(g: Graph) -> dict:
    """ended resource → [(successor resource, relation date or None, citation nodes)], deterministic order."""
    out: dict = {}
    for node in sorted(g.subjects(RDF.type, JAR.LegalRelation)):
        if _slug(g.value(node, JAR.relationType)) not in ENDING_RELATIONS:
            continue
        src, dst = g.value(node, JAR.fromResource), g.value(node, JAR.toResource)
        if src is None or dst is None:
            continue
        cites = tuple(sorted(g.objects(node, JAR.source)))
        out.setdefault(dst, []).append((src, _date(g.value(node, JAR.date)), cites))
    for old, new in sorted(g.subject_objects(JAR.endedBy)):
        if not any(s == new for s, _d, _c in out.get(old, [])):
            out.setdefault(old, []).append((new, None, ()))
    return out


def effective_validity(g: Graph) -> dict[URIRef, Validity]:
    """Every ``jar:LegalInstrument`` and ``jar:Provision`` of ``g`` → its :class:`Validity` (see module doc)."""
    insts = sorted(set(g.subjects(RDF.type, JAR.LegalInstrument)))
    provs = sorted(set(g.subjects(RDF.type, JAR.Provision)))
    starts: dict = {}
    for i in insts:
        d = _date(g.value(i, ELI.first_date_entry_in_force))
        starts[i] = (d, "date") if d else ((_year_start(g.value(i, JAR.year)), "year")
                                           if g.value(i, JAR.year) is not None else (None, None))
    for p in provs:
        d = _date(g.value(p, ELI.first_date_entry_in_force))
        starts[p] = (d, "date") if d else starts.get(g.value(p, JAR.inInstrument), (None, None))
    endings = _ending_relations(g)

    def derived_end(res, start):
        best = None
        for succ, when, cites in endings.get(res, []):
            end = when or starts.get(succ, (None, None))[0]
            if end is None or (start is not None and end <= start):
                continue
            if best is None or end < best[0]:
                best = (end, cites)
        return best

    out: dict[URIRef, Validity] = {}
    for i in insts:
        start, sb = starts[i]
        end, eb, cites = _date(g.value(i, ELI.date_no_longer_in_force)), None, ()
        if end is not None:
            eb = "date"
        elif (hit := derived_end(i, start)) is not None:
            end, eb, cites = hit[0], "repeal", hit[1]
        own = tuple(sorted(g.objects(i, JAR.source)))
        out[i] = Validity(start, sb, end, eb, _slug(g.value(i, JAR.declaredStatus)),
                          tuple(dict.fromkeys(own + cites)))
    for p in provs:
        inst = g.value(p, JAR.inInstrument)
        iv = out.get(inst, Validity())
        start, sb = starts[p]
        start_inherited = _date(g.value(p, ELI.first_date_entry_in_force)) is None
        own_end = _date(g.value(p, ELI.date_no_longer_in_force))
        cands = []  # (end, basis, citations, inherited from the instrument)
        if own_end is not None:
            cands.append((own_end, "date", (), False))
        elif (hit := derived_end(p, start)) is not None:
            cands.append((hit[0], "repeal", hit[1], False))
        if iv.end is not None:
            cands.append((iv.end, iv.end_basis, (), True))
        end, eb, cites, end_inherited = min(cands, key=lambda c: (c[0], c[3])) if cands else (None, None, (), False)
        if end is not None and start is not None and end <= start and eb != "date":
            end, eb, cites, end_inherited = None, None, (), False
        # an inherited bound derives from the instrument (reached by jar:inInstrument, cited there); it is not
        # copied onto the provision, whose own citations say where its content is stated
        own = tuple(sorted(g.objects(p, JAR.source)))
        out[p] = Validity(start, sb, end, eb, iv.status, tuple(dict.fromkeys(own + tuple(cites))),
                          inst if (start_inherited and start is not None) or end_inherited else None)
    return out


def add_effective_validity(g: Graph, into=None) -> dict[URIRef, Validity]:
    """Write every derived interval into ``g`` (the law graph), or into ``into`` (anything with ``add(triple)``)
    when given: ``jar:effectiveFrom``, ``jar:effectiveUntil``, ``jar:validityBasis``, plus ``jar:source`` for each
    citation the interval derives from. Returns the map."""
    vals = effective_validity(g)
    g = g if into is None else into
    for res, v in vals.items():
        if v.start is not None:
            g.add((res, JAR.effectiveFrom, Literal(v.start.isoformat(), datatype=XSD.date)))
        if v.end is not None:
            g.add((res, JAR.effectiveUntil, Literal(v.end.isoformat(), datatype=XSD.date)))
        for b in v.bases:
            g.add((res, JAR.validityBasis, Literal(b)))
        for c in v.sources:
            g.add((res, JAR.source, c))
    return vals


def in_force(g: Graph, res, d: date, vals: dict | None = None) -> bool:
    """Whether instrument or provision ``res`` is in force at ``d`` by its effective interval (unknown: True)."""
    v = (vals if vals is not None else effective_validity(g)).get(res if isinstance(res, URIRef) else URIRef(
        res if str(res).startswith("http") else ID_PREFIX + str(res)))
    return True if v is None else v.in_force(d)
