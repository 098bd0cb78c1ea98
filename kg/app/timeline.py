"""Timeline of gaps opening and closing at each change of the law, and the later findings that show practice did
not follow: the app's view of :mod:`kg.gaps.timeline`, read through the one gap cache
(:func:`kg.gaps.cache.timeline_for_dist`), so the chart shows exactly what ``kg gaps --timeline --format json``
prints for the same graph and date (tested)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ..answers import views
from ..i18n import t
from . import common
from .common import T, md_escape

SINCE = date(2000, 1, 1)  # the CLI's default --since


def chart_data(dist, until: date | None = None) -> dict:
    """The timeline of the graph in ``dist`` up to ``until`` (None: today), as ``kg gaps --timeline --format json``
    gives it: ``{"steps", "chart", "later"}`` (:func:`kg.gaps.timeline.timeline_json`), from the one gap cache."""
    from ..gaps.cache import timeline_for_dist
    from ..gaps.timeline import timeline_json

    if until is not None and until >= date.today():  # not standing: today's date is the CLI's cache key
        until = None  # today is the CLI's default: the same cache entry
    return timeline_json(timeline_for_dist(dist, since=SINCE, until=until))


def chart_frame(data: dict, lang: str) -> pd.DataFrame:
    """One row per change date and event (gaps opened, gaps closed, later findings that show practice did not
    follow), with the interface's names in ``lang``; closed gaps count downwards."""
    names = {ev: t(f"gaps.{ev}", lang) for ev in ("opened", "closed", "later")}
    ev_t, n_t = t("gaps.event", lang), t("app.count", lang)
    rows: dict = {}
    for r in data["chart"]:
        for ev in ("opened", "closed"):
            if r[ev]:
                key = (r["date"], ev)
                rows[key] = rows.get(key, 0) + (r[ev] if ev == "opened" else -r[ev])
    for r in data["later"]:
        rows[(r["date"], "later")] = rows.get((r["date"], "later"), 0) + 1
    out = [{"date": d, "event": ev, ev_t: names[ev], n_t: n} for (d, ev), n in sorted(rows.items())]
    return pd.DataFrame(out, columns=["date", "event", ev_t, n_t])


def _kind(kind: str, lang: str) -> str:
    name = t(f"gaps.kind.{kind}", lang)
    return kind if name == f"gaps.kind.{kind}" else name


def _changed(step: dict, lang: str) -> str:
    names = [views.pick(c.get("label"), lang) or c["iri"].rsplit("/", 1)[-1] for c in step.get("changed") or []]
    names = [n for n in names if n] or list(step.get("changes") or [])
    return "; ".join(names[:4]) + (f" (+{len(names) - 4})" if len(names) > 4 else "")


def view() -> None:
    st.subheader(T("gaps.timeline"))
    st.caption(T("gaps.timeline_note"))
    until = common.as_of()
    with st.spinner(T("gaps.timeline_computing")):
        try:
            data = chart_data(common.dist_dir(), until)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a blank page
            common.fail(exc)
            return
    if not data["steps"]:
        st.info(T("app.none"))
        return
    lang = common.lang()
    df = chart_frame(data, lang)
    ev_t, n_t = T("gaps.event"), T("app.count")
    order = [T("gaps.opened"), T("gaps.closed"), T("gaps.later")]
    chart = {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {"x": {"field": "date", "type": "ordinal", "title": T("gaps.change_date"),
                           "axis": {"labelAngle": -45}},
                     "y": {"field": n_t, "type": "quantitative"},
                     "color": {"field": ev_t, "type": "nominal", "legend": {"labelLimit": 400, "orient": "bottom"},
                               "scale": {"domain": order, "range": ["#dc2626", "#059669", "#d97706"]}}},
        "height": 300}
    st.vega_lite_chart(df[["date", ev_t, n_t]], chart, width="stretch")
    st.caption(T("gaps.timeline_legend"))
    for step in data["steps"]:
        opened, closed, later = step["opened"], step["closed"], step.get("later") or []
        head = T("gaps.timeline_step", day=step["day"], changed=_changed(step, lang), opened=len(opened),
                 closed=len(closed), open=step["open_count"])
        with st.expander(head, expanded=bool(later)):
            for g in opened:
                st.markdown(f"+ **{md_escape(_kind(g.get('kind', ''), lang))}** — {md_escape(views.pick(g.get('message'), lang))}")
            for g in closed:
                st.markdown(f"− **{md_escape(_kind(g.get('kind', ''), lang))}** — {md_escape(views.pick(g.get('message'), lang))}")
            if later:
                st.markdown(f"**{T('gaps.later_head')}**")
                for f in later:
                    when = f["observed_from"] + (f"–{f['observed_until']}" if f.get("observed_until") else "")
                    srcs = ", ".join(common.name(s) for s in f.get("sources") or [])
                    st.markdown(f"- {md_escape(when)}: {common.link(f['finding'], views.pick(f.get('label'), lang))}"
                                + (f" — {md_escape(views.pick(f.get('statement'), lang))}" if f.get("statement") else "")
                                + (f" ({md_escape(srcs)})" if srcs else ""))


__all__ = ["chart_data", "chart_frame", "view"]
