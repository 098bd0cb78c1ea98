"""Timeline of gaps opening and closing, built from instrument dates (the gap analysis gives gaps for one date;
this reads, for each gap found on the chosen date, the dates of the instruments it rests on)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..answers import views
from . import common
from .common import T


def instrument_of(iri: str) -> str:
    """The instrument an article/explanation IRI belongs to (the IRI itself for an instrument)."""
    for sep in ("/pasal/", "/penjelasan/", "/article/", "/bab/", "/lampiran/"):
        iri = iri.split(sep)[0]
    return iri


def _year(text: str | None) -> int | None:
    try:
        return int(str(text)[:4]) if text else None
    except ValueError:
        return None


def events(gaps: list[dict], instruments: list[dict]) -> list[dict]:
    """One row per gap event: ``opened`` in the year the latest instrument of its legal basis took effect (the
    gap cannot exist before its basis does), ``closed`` in the year an instrument of its basis ended (a gap on
    a repealed basis). Gaps whose basis has no date are left out (and counted by the caller)."""
    info = {d["iri"]: d for d in instruments}
    rows = []
    for g in gaps:
        basis = {instrument_of(b.get("iri", "") if isinstance(b, dict) else str(b))
                 for b in (g.get("legal_basis") or []) + (g.get("instruments") or [])}
        starts = [_year(info[i].get("effective_from") or info[i].get("in_force_from") or info[i].get("enacted")
                        or info[i].get("year")) for i in basis if i in info]
        starts = [y for y in starts if y]
        if not starts:
            continue
        rows.append({"year": max(starts), "event": "opened", "kind": g.get("kind", "")})
        ends = [_year(info[i].get("effective_until") or info[i].get("ended")) for i in basis if i in info]
        ends = [y for y in ends if y]
        if ends and g.get("kind") in ("entitlement-on-repealed-basis", "entitlement-on-unclear-basis"):
            rows.append({"year": min(ends), "event": "closed", "kind": g.get("kind", "")})
    return rows


def view() -> None:
    from .gaps import current_job, wait_for

    st.subheader(T("gaps.timeline"))
    gaps, _ = wait_for(current_job(), gaps_only=True)
    items = common.view("instruments", common.lang(), common.as_of())
    rows = events(gaps, items)
    if not rows:
        st.info(T("app.none"))
        return
    df = pd.DataFrame(rows)
    year_t, n_t, ev_t = T("gaps.year"), T("app.count"), T("law.event")
    names = {"opened": T("gaps.opened"), "closed": T("gaps.closed")}
    counts = df.groupby(["year", "event"]).size().reset_index(name="n")
    counts[ev_t] = counts["event"].map(names)
    counts[year_t] = counts["year"].astype(str)
    counts[n_t] = counts["n"]
    chart = {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {"x": {"field": year_t, "type": "ordinal", "axis": {"labelAngle": -45}},
                     "y": {"field": n_t, "type": "quantitative"},
                     "color": {"field": ev_t, "type": "nominal",
                               "scale": {"domain": [names["opened"], names["closed"]],
                                         "range": ["#dc2626", "#059669"]}}},
        "height": 280}
    st.vega_lite_chart(counts[[year_t, ev_t, n_t]], chart, width="stretch")
    st.caption(T("gaps.timeline_note", n=len(gaps) - sum(r["event"] == "opened" for r in rows)))


__all__ = ["events", "instrument_of", "view", "views"]
