"""Gaps through time: which gaps open and close at each change of the law.

The change dates are the days a legal instrument or provision takes effect or ends (``jar:effectiveFrom`` /
``jar:effectiveUntil``, else the ELI dates), and the days a provider, programme or duty starts or stops
(``jar:validFrom`` / ``jar:validUntil``). At each date the register is computed as of that day
(:func:`kg.gaps.find_gaps`, shown gaps only: documented or derived); a gap *opens* on the first date it appears and
*closes* on the first date it is gone. Which instrument changed on that date is named with it, and for a gap
closed by a repeal the successor mapping (INTERFACES #3) decides whether the right was carried over (the gap
is gone) or dropped (a right-dropped-by-successor gap opens).

:func:`timeline` returns the steps (for ``kg gaps --timeline``); :func:`chart_rows` flat rows for the app's
chart (date, kind, count open, opened, closed).

**Did practice follow?** A gap closed by a change of the law is closed on paper. For each such step,
:func:`later_findings` lists the findings that report a failure (finding kind ``gap`` or ``barrier``), observed
from that day on, about an instrument that changed that day (or one of its provisions) and about a group or a
right of a gap it closed: e.g. the fishers' exclusion closed by Law 18/2017 in 2017, and the 2020–2023 findings on
fishers under that law. Nothing is inferred beyond what the findings state: they are listed with their dates and
sources for a reader to weigh, and a step with none lists none (unknown is not "followed").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from ..asof import in_period
from ..ids import short_id
from ..namespaces import ELI, JAR
from .grading import SHOWN
from .kinds import STRUCTURAL_KINDS
from .model import Gap, _lang_map

DATED = ((JAR.effectiveFrom, ELI.first_date_entry_in_force), (JAR.effectiveUntil, ELI.date_no_longer_in_force),
         (JAR.validFrom,), (JAR.validUntil,))


@dataclass
class Step:
    day: date
    changes: list = field(default_factory=list)  # labels of what changed that day
    opened: list = field(default_factory=list)  # Gap
    closed: list = field(default_factory=list)  # Gap (as it was the day before)
    open_count: int = 0
    changed: list = field(default_factory=list)  # {"iri", "label": {"id", "en"}} of what changed that day
    later: list = field(default_factory=list)  # findings after the day that show practice did not follow


def _changes(g: Graph, since: date | None, until: date | None) -> dict:
    """date -> {IRI: label} of the instruments, providers and duties that start or end that day."""
    out: dict = {}
    for props in DATED:
        for s, o in ((s, o) for p in props for s, o in g.subject_objects(p)):
            try:
                day = date.fromisoformat(str(o)[:10])
            except ValueError:
                continue
            if not in_period(day, since, until):
                continue
            if (s, RDF.type, JAR.Provision) in g:
                continue  # an instrument's own dates say it; a provision's own are rare and noisy
            out.setdefault(day, {})[s] = _lang_map(g, s, RDFS.label)
    return {d: out[d] for d in sorted(out)}


def change_dates(g: Graph, since: date | None = None, until: date | None = None) -> dict:
    """date -> labels of the instruments, provisions, providers and duties that start or end that day."""
    out = {}
    for day, changed in _changes(g, since, until).items():
        out[day] = sorted({str(g.value(s, RDFS.label)) if g.value(s, RDFS.label) is not None else short_id(str(s))
                           for s in changed})
    return out


def later_findings(g: Graph, day: date, changed, closed: list) -> list[dict]:
    """The findings that show practice did not follow a change of the law (see the module docstring): kind ``gap``
    or ``barrier``, observed from ``day`` on, concerning one of the instruments ``changed`` that day (or a
    provision of one) and affecting a group a ``closed`` gap names (a closed gap that names no group: concerning its
    focus or value). Oldest first."""
    changed = set(changed)
    groups, foci = set(), set()  # a gap that names groups is matched on them, any other on its focus and value
    for gp in closed:
        named = {it.iri for it in gp.groups}
        if named:
            groups |= named
        else:
            foci |= {gp.focus} | ({gp.value} if gp.value else set())
    out = []
    for f in set(g.subjects(RDF.type, JAR.Finding)):
        if str(g.value(f, JAR.findingKind) or "") not in STRUCTURAL_KINDS:
            continue
        start = g.value(f, JAR.observedFrom)
        try:
            start = date.fromisoformat(str(start)[:10]) if start is not None else None
        except ValueError:
            start = None
        if start is None or start < day:  # not standing: a finding observed before the change is not later
            continue
        about = set(g.objects(f, JAR.concerns))
        insts = about | {i for a in about for i in g.objects(a, JAR.inInstrument)}
        if not insts & changed:
            continue
        hit = {str(x) for x in g.objects(f, JAR.affectsGroup)} & groups | {str(a) for a in about} & foci
        if not hit:
            continue
        until = g.value(f, JAR.observedUntil)
        out.append({"finding": str(f), "label": _lang_map(g, f, RDFS.label),
                    "statement": _lang_map(g, f, JAR.statement), "kind": str(g.value(f, JAR.findingKind)),
                    "observed_from": start.isoformat(), "observed_until": str(until)[:10] if until else None,
                    "about": sorted(hit), "sources": sorted(str(x) for x in g.objects(f, JAR.source))})
    return sorted(out, key=lambda x: (x["observed_from"], x["finding"]))


LATER = {"en": "practice did not follow", "id": "praktik tidak mengikuti"}


def _key(gp: Gap) -> tuple:
    return (gp.kind, gp.focus, gp.value or "")


def timeline(source, since: date | None = date(2000, 1, 1), until: date | None = None,
             find=None) -> list[Step]:
    """The register at every change date (see the module docstring), oldest first."""
    from .checks import find_gaps
    from .facts import _graph_of

    g = _graph_of(source)
    find = find or (lambda day: find_gaps(g, as_of=day))
    steps, before = [], {}
    for day, changed in _changes(g, since, until or date.today()).items():
        now = {_key(gp): gp for gp in find(day) if gp.basis in SHOWN}
        labels = sorted({str(g.value(s, RDFS.label)) if g.value(s, RDFS.label) is not None else short_id(str(s))
                         for s in changed})
        step = Step(day, labels, [now[k] for k in sorted(set(now) - set(before))],
                    [before[k] for k in sorted(set(before) - set(now))], len(now),
                    [{"iri": str(s), "label": changed[s]} for s in sorted(changed, key=str)])
        if step.closed:
            step.later = later_findings(g, day, changed, step.closed)
        if step.opened or step.closed:
            steps.append(step)
        before = now
    return steps


def step_to_dict(st: Step) -> dict:
    """A step as plain JSON data (the cache's and ``kg gaps --timeline --format json``'s form)."""
    import json

    return {"day": st.day.isoformat(), "changes": list(st.changes), "open_count": st.open_count,
            "changed": list(st.changed), "later": list(st.later),
            "opened": [json.loads(json.dumps(g.to_dict(), default=str)) for g in st.opened],
            "closed": [json.loads(json.dumps(g.to_dict(), default=str)) for g in st.closed]}


def step_from_dict(r: dict) -> Step:
    return Step(date.fromisoformat(r["day"]), list(r["changes"]), [Gap.from_dict(g) for g in r["opened"]],
                [Gap.from_dict(g) for g in r["closed"]], r["open_count"], list(r.get("changed") or []),
                list(r.get("later") or []))


def timeline_json(steps: list[Step]) -> dict:
    """What ``kg gaps --timeline --format json`` prints and the app's chart reads: the steps and the chart rows."""
    return {"steps": [step_to_dict(st) for st in steps], "chart": chart_rows(steps), "later": later_rows(steps)}


def later_rows(steps: list[Step]) -> list[dict]:
    """One row per (change date, later finding): the change that closed gaps on paper, and a finding from that day on
    that shows practice did not follow (see the module docstring)."""
    return [{"date": st.day.isoformat(), "closed": len(st.closed), "finding": f["finding"], "label": f["label"],
             "statement": f["statement"], "observed_from": f["observed_from"], "observed_until": f["observed_until"],
             "about": f["about"], "sources": f["sources"]} for st in steps for f in st.later]


def chart_rows(steps: list[Step]) -> list[dict]:
    """Rows for a chart (``pandas.DataFrame(rows)``): one per step and gap kind, with the number of gaps of that
    kind open after the step, opened and closed at it."""
    rows, open_by_kind = [], {}
    for st in steps:
        kinds = {gp.kind for gp in st.opened + st.closed} | set(open_by_kind)
        for gp in st.opened:
            open_by_kind[gp.kind] = open_by_kind.get(gp.kind, 0) + 1
        for gp in st.closed:
            open_by_kind[gp.kind] = open_by_kind.get(gp.kind, 0) - 1
        for kind in sorted(kinds):
            rows.append({"date": st.day.isoformat(), "kind": kind, "open": open_by_kind.get(kind, 0),
                         "opened": sum(1 for gp in st.opened if gp.kind == kind),
                         "closed": sum(1 for gp in st.closed if gp.kind == kind),
                         "changes": "; ".join(st.changes)})
    return rows


def timeline_text(steps: list[Step], lang: str = "en") -> str:
    lines = []
    for st in steps:
        lines.append(f"{st.day.isoformat()} — {'; '.join(st.changes[:4])}"
                     + (f" (+{len(st.changes) - 4})" if len(st.changes) > 4 else "")
                     + f": {len(st.opened)} opened, {len(st.closed)} closed, {st.open_count} open")
        for gp in st.opened:
            lines.append(f"  + [{gp.kind}] {gp.message.get(lang, '')}")
        for gp in st.closed:
            lines.append(f"  - [{gp.kind}] {gp.message.get(lang, '')}")
        for f in st.later:
            when = f["observed_from"] + (f"–{f['observed_until']}" if f.get("observed_until") else "")
            lines.append(f"  ! [{LATER[lang]}] {when}: {f['label'].get(lang) or f['label'].get('en', '')}")
    return "\n".join(lines) + ("\n" if lines else "")
