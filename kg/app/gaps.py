"""Gaps page: coverage matrix (group × service, with stage), the gap list grouped and filtered, each gap
explained with its legal basis and field evidence; gaps by province; CSV download."""
from __future__ import annotations

import gc
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from .. import views
from . import common
from .common import T, md_escape

SEVERITIES = ("high", "medium", "low")


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _iri_of(value) -> str:
    if isinstance(value, dict):
        return value.get("iri") or value.get("id") or ""
    return str(value)


class GapJob:
    """Gaps and the coverage matrix for one date, computed in a background thread (the SHACL run takes a
    while on a large graph), so pages can show other content meanwhile."""

    def __init__(self, dist: str, as_of: str, version: str | None = None):
        self.dist, self.as_of, self.version = dist, as_of, version
        self.done = threading.Event()
        self.gaps: list[dict] = []
        self.matrix: list[dict] = []
        self.error: BaseException | None = None
        threading.Thread(target=self._run, name=f"gaps-{as_of}", daemon=True).start()

    def _run(self) -> None:
        try:
            from datetime import date

            from ..gap_cache import gaps_for_dist
            from ..gaps import coverage_matrix, data_graph

            day = date.fromisoformat(self.as_of)
            data = data_graph(Path(self.dist) / "jaring.nq")  # read once for both (only read, never changed)
            # the one gap cache (kg.gap_cache): shared with kg entitlements, kg gaps and the app's answers
            gaps = gaps_for_dist(self.dist, day, data=data, version=self.version)
            if gaps is None:
                raise RuntimeError(f"{self.dist}: no data version (manifest) to key the gaps by; run 'kg build'")
            self.gaps = gaps
            self.matrix = coverage_matrix(data, day)
            del data
            # the graph, the SHACL reports and the helper facts hold reference cycles: free them now, not at the
            # collector's next full pass (which a long-lived process with a large graph reaches rarely)
            gc.collect()
        except BaseException as exc:  # noqa: BLE001 - reported on the page, never raised in a thread
            self.error = exc
        finally:
            self.done.set()


@st.cache_resource(show_spinner=False, max_entries=8)
def gap_job(dist: str, version: str, as_of: str) -> GapJob:
    """One job per built graph (data version) and date: a rebuild starts a new one."""
    return GapJob(dist, as_of, version or None)


def current_job() -> GapJob:
    """The gap job for the current data and date (started on first use)."""
    return gap_job(str(common.dist_dir()), common.data_version(), common.as_of().isoformat())


def wait_for(job: GapJob) -> tuple[list[dict], list[dict]]:
    """Block (with a spinner) until the job is done; errors become a clear message and empty results."""
    if not job.done.is_set():
        with st.spinner(T("gaps.computing")):
            job.done.wait()
    if job.error is not None:
        if isinstance(job.error, ImportError):
            st.info(T("app.unavailable", what=str(job.error)))
        else:
            common.fail(job.error)
        return [], []
    return job.gaps, job.matrix


def page() -> None:
    st.title(T("page.gaps"))
    st.caption(T("gaps.intro"))
    common.as_of_caption()
    st.subheader(T("gaps.matrix"))
    st.caption(T("gaps.matrix_help"))
    gaps, matrix = wait_for(current_job())
    _matrix_view(matrix)
    _gap_list(gaps)


def _matrix_view(rows: list[dict]) -> None:
    if not rows:
        st.info(T("app.none"))
        return
    lg = common.lang()
    recs = [{T("gaps.group"): r.get(f"group_{lg}") or r["group"], T("gaps.service"): r.get(f"service_{lg}")
             or r["service"], T("gaps.stage"): r.get(f"stage_{lg}") or "",
             T("ent.basis"): r.get(f"legal_basis_{lg}") or "", "n_basis": len(r.get("legal_basis") or []),
             T("gaps.providers"): r.get(f"providers_{lg}") or "", "n": len(r.get("providers") or []),
             T("gaps.covered"): T("app.yes") if r.get("covered") else T("app.no")} for r in rows]
    df = pd.DataFrame(recs)
    cell = df.groupby([T("gaps.group"), T("gaps.service")], as_index=False).agg(
        n=("n", "max"), n_basis=("n_basis", "sum"),
        stages=(T("gaps.stage"), lambda v: ", ".join(sorted({x for x in v if x}))))
    chart = {
        "mark": {"type": "rect", "tooltip": True, "stroke": "white"},
        "encoding": {
            "x": {"field": T("gaps.service"), "type": "nominal", "axis": {"labelAngle": -35, "labelLimit": 200}},
            "y": {"field": T("gaps.group"), "type": "nominal", "axis": {"labelLimit": 260}},
            "color": {"field": "n", "type": "quantitative", "title": T("gaps.providers"),
                      "scale": {"range": ["#fde2e2", "#d1fae5", "#059669"]}},
            "tooltip": [{"field": T("gaps.group")}, {"field": T("gaps.service")}, {"field": "n",
                        "title": T("gaps.providers")}, {"field": "n_basis", "title": T("ent.basis")},
                        {"field": "stages", "title": T("gaps.stage")}],
        },
    }
    st.vega_lite_chart(cell, chart, width="stretch")
    with st.expander(T("gaps.stage") + " \u00b7 " + T("ent.basis") + " \u00b7 " + T("gaps.providers")):
        st.dataframe(df.drop(columns=["n", "n_basis"]), hide_index=True, width="stretch")


def _label_list(values) -> list[str]:
    out = []
    for v in _as_list(values):
        if isinstance(v, dict):
            out.append(views.pick(v.get("label") if isinstance(v.get("label"), dict) else
                                  {"": v.get("label") or ""}, common.lang(), common.name(_iri_of(v))))
        else:
            out.append(common.name(str(v)) if str(v).startswith("http") else str(v))
    return out


def _gap_list(gaps: list[dict]) -> None:
    lang = common.lang()
    flat = []
    for g in gaps:
        msg = g.get("message")
        flat.append({
            "gap": g,
            "kind": str(g.get("kind", "")),
            "severity": str(g.get("severity", "")),
            "message": views.pick(msg, lang) if isinstance(msg, dict) else str(msg or ""),
            "groups": _label_list(g.get("groups")),
            "services": _label_list(g.get("services")),
            "region": _label_list(g.get("region")),
            "instrument": _label_list(g.get("instruments")) + _label_list(g.get("legal_basis")),
        })
    st.subheader(T("gaps.list", n=len(flat)))
    c = st.columns(3)
    kinds = sorted({f["kind"] for f in flat})
    sev_names = {s: T(f"gaps.{s}") for s in SEVERITIES}
    sev = c[0].multiselect(T("gaps.severity"), SEVERITIES, key="gaps_sev", format_func=sev_names.get)
    kind = c[1].multiselect(T("gaps.kind"), kinds, key="gaps_kind")
    group = c[2].multiselect(T("gaps.group"), sorted({x for f in flat for x in f["groups"]}), key="gaps_group")
    c = st.columns(3)
    service = c[0].multiselect(T("gaps.service"), sorted({x for f in flat for x in f["services"]}),
                               key="gaps_service")
    region = c[1].multiselect(T("gaps.region"), sorted({x for f in flat for x in f["region"]}), key="gaps_region")
    inst = c[2].multiselect(T("gaps.instrument"), sorted({x for f in flat for x in f["instrument"]}),
                            key="gaps_inst")

    def keep(f) -> bool:
        return ((not sev or f["severity"] in sev) and (not kind or f["kind"] in kind)
                and (not group or set(group) & set(f["groups"])) and (not service or set(service) & set(f["services"]))
                and (not region or set(region) & set(f["region"]))
                and (not inst or set(inst) & set(f["instrument"])))

    shown = [f for f in flat if keep(f)]
    table = pd.DataFrame([{T("gaps.severity"): T(f"gaps.{f['severity']}") if f["severity"] in SEVERITIES
                           else f["severity"], T("gaps.kind"): f["kind"], T("gaps.group"): ", ".join(f["groups"]),
                           T("gaps.service"): ", ".join(f["services"]), T("gaps.region"): ", ".join(f["region"]),
                           T("gaps.instrument"): ", ".join(f["instrument"]), T("gaps.message"): f["message"]}
                          for f in shown])
    if shown:
        st.download_button(T("app.download_csv"), table.to_csv(index=False).encode("utf-8"),
                           file_name=f"jaring-gaps-{common.as_of().isoformat()}.csv", mime="text/csv",
                           key="gaps_dl_csv")
    else:
        st.info(T("gaps.none"))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    by_kind: dict[str, list[dict]] = {}
    for f in sorted(shown, key=lambda f: (order.get(f["severity"], 9), f["kind"])):
        by_kind.setdefault(f["kind"], []).append(f)
    for k, items in by_kind.items():
        st.markdown(f"##### {md_escape(k.replace('-', ' ').capitalize())} ({len(items)})")
        for f in items:
            _gap(f)

    st.subheader(T("gaps.by_province"))
    counts: dict[str, int] = {}
    for f in flat:
        for r in f["region"]:
            counts[r] = counts.get(r, 0) + 1
    if counts:
        df = pd.DataFrame(sorted(counts.items(), key=lambda kv: -kv[1]), columns=[T("gaps.region"), T("app.count")])
        st.bar_chart(df, x=T("gaps.region"), y=T("app.count"), horizontal=True, sort=f"-{T('app.count')}")
    else:
        st.caption(T("app.none"))


def _gap(f: dict) -> None:
    g, lang = f["gap"], common.lang()
    icon = {"high": ":material/error:", "medium": ":material/warning:", "low": ":material/info:"}.get(f["severity"])
    sev = T(f"gaps.{f['severity']}") if f["severity"] in SEVERITIES else f["severity"]
    with st.expander(f"{sev} \u00b7 {f['message']}"[:220], icon=icon):
        st.markdown(md_escape(f["message"]))
        if f["groups"]:
            st.markdown(f"**{T('gaps.group')}:** {md_escape(', '.join(f['groups']))}")
        if f["services"]:
            st.markdown(f"**{T('gaps.service')}:** {md_escape(', '.join(f['services']))}")
        if f["region"]:
            st.markdown(f"**{T('gaps.region')}:** {md_escape(', '.join(f['region']))}")
        bases = _as_list(g.get("legal_basis")) + _as_list(g.get("instruments"))
        if bases:
            st.markdown(f"**{T('ent.basis')}:** " + ", ".join(
                common.law_link(_iri_of(b), views.pick(b.get("label"), lang)) for b in bases))
        who = _label_list(g.get("who_should_act"))
        if who:
            st.markdown(f"**{T('gaps.who_acts')}:** {md_escape(', '.join(who))}")
        if g.get("focus"):
            st.markdown(f"{T('ex.entity')}: {common.link(str(g['focus']))}")
        evidence = _as_list(g.get("evidence"))
        if evidence:
            st.markdown(f"**{T('gaps.evidence')}:**")
        for ev in evidence:
            st.markdown(f"- {common.link(ev['finding'])}: {md_escape(views.pick(ev.get('statement'), lang))}")
            for q in _as_list(ev.get("quotes")):
                st.caption(f"\u201c{md_escape(q.get('quote'))}\u201d \u2014 {T('app.source')}: "
                           f"{md_escape(q.get('document_label') or views.short(str(q.get('document', ''))))}, "
                           f"{md_escape(q.get('at', ''))}")
