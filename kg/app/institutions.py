"""Institutions page: task-force structure per level as of the chosen date; one institution's duties,
services, service points and groups served."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..answers import views
from . import common
from .common import T, md_escape


def page() -> None:
    st.title(T("page.institutions"))
    st.caption(T("inst.intro"))
    common.as_of_caption()
    day = common.as_of()
    insts = common.view("institutions", day)
    if not insts:
        st.info(T("inst.none"))
        return

    st.subheader(T("inst.taskforce", date=day.isoformat()))
    members = common.view("memberships", day)
    forces = [d for d in insts if d["task_force"]]
    by_level: dict[str, list[dict]] = {}
    for f in forces:
        by_level.setdefault(f.get("level") or "", []).append(f)
    if not forces:
        st.caption(T("app.none"))
    rank = {c["iri"]: i for i, c in enumerate(common.view("concepts", "levels"))}
    for level in sorted(by_level, key=lambda lv: (rank.get(lv, 99), lv)):
        st.markdown(f"**{md_escape(common.name(level) if level else T('app.unknown'))}**")
        lines = []
        for f in by_level[level]:
            state = "" if f.get("current", True) else f" \u00b7 _{md_escape(T('law.status.ended', date=day.isoformat()))}_"
            lines.append(f"- {common.link(f['iri'])}{state}")
            for m in (m for m in members if m["org"] == f["iri"]):
                basis = f" \u2014 {common.law_link(m['basis'])}" if m.get("basis") else ""
                role = md_escape(common.name(m.get("role"))) if m.get("role") else ""
                lines.append(f"    - {common.link(m['member'])} \u00b7 _{role}_{basis}")
        st.markdown("\n".join(lines))
    if forces:
        graph = ["digraph { rankdir=LR; node [shape=box, fontsize=10];"]
        for f in forces:
            graph.append(f'"{_dot(common.name(f["iri"]))}";')
            if f.get("parent"):
                graph.append(f'"{_dot(common.name(f["parent"]))}" -> "{_dot(common.name(f["iri"]))}";')
        for m in members:
            graph.append(f'"{_dot(common.name(m["org"]))}" -> "{_dot(common.name(m["member"]))}" '
                         f'[label="{_dot(common.name(m.get("role")))}", fontsize=8];')
        graph.append("}")
        st.graphviz_chart("\n".join(graph))

    only = st.toggle(T("inst.only_current", date=day.isoformat()), key="inst_only_current", value=True)
    listed = [d for d in insts if d.get("current", True) or not only]
    st.subheader(T("inst.all", n=len(listed)))
    df = pd.DataFrame([{T("app.label"): common.name(d["iri"]), T("inst.level"): common.name(d.get("level")),
                        T("inst.exists", date=day.isoformat()): T("app.yes") if d.get("current", True)
                        else T("app.no"),
                        T("inst.from"): d.get("from") or "", T("inst.until"): d.get("until") or "",
                        "id": views.short(d["iri"])} for d in listed])
    st.dataframe(df, hide_index=True, width="stretch")

    options = [d["iri"] for d in insts]
    first = [d["iri"] for d in forces if d["iri"].endswith("/gugus-tugas-pusat")] or [d["iri"] for d in forces]
    if first:  # start with the national task force rather than the alphabetically first institution
        options.remove(first[0])
        options.insert(0, first[0])
    wanted = st.query_params.get("institution")
    if wanted and "inst_pick" not in st.session_state and str(views.iri(wanted)) in options:
        st.session_state["inst_pick"] = str(views.iri(wanted))
    names = {o: common.name(o) for o in options}
    chosen = st.selectbox(T("inst.pick"), options, key="inst_pick", format_func=names.get)
    common.sync_params(institution=views.short(chosen))
    _institution(chosen)


def _dot(text: str) -> str:
    """Text safe inside a quoted DOT identifier."""
    return str(text or "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _institution(org: str) -> None:
    info = common.view("institution", org)
    st.header(common.name(org))
    st.markdown(common.link(org, T("app.open") + " \u2192 " + T("page.explore")))
    common.citations_block(common.view("entity", org)["citations"])
    cols = st.columns(2)
    with cols[0]:
        st.subheader(T("inst.duties"))
        if info["duties"]:
            st.markdown("\n".join(f"- {common.link(d['d'])}" for d in info["duties"]))
        else:  # not recorded is not "none": say where its tasks are set, when the data knows
            founded = info.get("founded_by") or []
            st.caption(T("inst.no_duties") + (" " + T("inst.see_founding") + " " + ", ".join(
                common.law_link(i) for i in founded) if founded else ""))
        st.subheader(T("inst.services"))
        st.markdown(", ".join(md_escape(common.name(s)) for s in info["services"]) or T("app.none"))
    with cols[1]:
        st.subheader(T("inst.points"))
        if info["points"]:
            st.markdown("\n".join(
                f"- {common.link(p['p'])}" + (f" \u2014 {md_escape(common.name(p['region']))}" if p.get("region")
                                             else "") for p in info["points"]))
        else:
            st.caption(T("app.none"))
        if info.get("programmes"):
            st.subheader(T("inst.programmes"))
            st.markdown("\n".join(f"- {common.link(p)}" for p in info["programmes"]))
        st.subheader(T("inst.serves"))
        st.markdown(", ".join(md_escape(common.name(g)) for g in info["serves"]) or T("app.none"))
