"""Gaps through time: which gaps open and close at each change of the law.

The change dates are the days a legal instrument or provision takes effect or ends (``jar:effectiveFrom`` /
``jar:effectiveUntil``, else the ELI dates), and the days a provider, programme or duty starts or stops
(``jar:validFrom`` / ``jar:validUntil``). At each date the register is computed as of that day
(:func:`kg.gaps.find_gaps`, shown gaps only: documented or derived); a gap *opens* on the first date it appears and
*closes* on the first date it is gone. Which instrument changed on that date is named with it, and for a gap
closed by a repeal the successor mapping (INTERFACES #3) decides whether the right was carried over (the gap
is gone) or dropped (a right-dropped-by-successor gap opens).

:func:`timeline` returns the steps (for ``kg gaps --timeline``); :func:`chart_rows` flat rows for the app's
chart (date, kind, basis, count open, opened, closed).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from ..asof import in_period
from ..namespaces import ELI, JAR
from .grading import SHOWN
from .model import Gap

DATED = ((JAR.effectiveFrom, ELI.first_date_entry_in_force), (JAR.effectiveUntil, ELI.date_no_longer_in_force),
         (JAR.validFrom,), (JAR.validUntil,))


@dataclass
class Step:
    day: date
    changes: list = field(default_factory=list)  # labels of what changed that day
    opened: list = field(default_factory=list)  # Gap
    closed: list = field(default_factory=list)  # Gap (as it was the day before)
    open_count: int = 0


def change_dates(g: Graph, since: date | None = None, until: date | None = None) -> dict:
    """date -> labels of the instruments, provisions, providers and duties that start or end that day."""
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
            label = g.value(s, RDFS.label)
            out.setdefault(day, set()).add(str(label) if label is not None else str(s).rsplit("/", 1)[-1])
    return {d: sorted(v) for d, v in sorted(out.items())}


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
    for day, changes in change_dates(g, since, until or date.today()).items():
        now = {_key(gp): gp for gp in find(day) if gp.basis in SHOWN}
        step = Step(day, changes, [now[k] for k in sorted(set(now) - set(before))],
                    [before[k] for k in sorted(set(before) - set(now))], len(now))
        if step.opened or step.closed:
            steps.append(step)
        before = now
    return steps


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
    return "\n".join(lines) + ("\n" if lines else "")
