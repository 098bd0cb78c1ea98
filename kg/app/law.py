"""Law page: timeline and table of instruments; one instrument with its provisions, status, relations,
entitlements and discrepancies, as of the chosen date."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..answers import views
from ..asof import standing
from . import common
from .common import T, md_escape


def _status_badge(d: dict) -> None:
    day = common.as_of().isoformat()
    start = d.get("effective_from") or d.get("in_force_from")  # effective interval (kg/asof.py)
    end = d.get("effective_until") or d.get("ended")
    basis = d.get("validity_basis") or []
    now = standing(d.get("status"), start, end, common.as_of())
    if now.state == "ended":
        st.error(T("law.status.ended", date=day), icon=":material/block:")
    elif now.state == "not-yet":
        st.warning(T("law.status.not_yet", date=day), icon=":material/schedule:")
    elif now.state == "unclear":
        st.warning(T("law.status.unclear", date=day) + " " + T(f"asof.{now.reason}"), icon=":material/help:")
    else:
        st.success(T("law.status.in_force", date=day), icon=":material/check_circle:")
        if not start:
            st.caption(T("law.start_unknown"))
    if start and "year" in basis and not d.get("in_force_from"):
        st.caption(T("law.start_year", year=start[:4]))
    if end and "repeal" in basis and not d.get("ended"):
        st.caption(T("law.end_repeal", date=end[:10]))
    if d.get("status"):
        st.caption(T("law.declared", status=common.name(str(views.ID[f"vocab/instrument-status/{d['status']}"]))))


def _currency_index() -> dict[str, dict]:
    return {c["id"]: c for c in common.view("currency")}


def _checked_up_to(index: dict[str, dict]) -> None:
    """'Law checked up to DATE' for the page (the oldest check in the register) and the warning for a later date."""
    from ..answers.currency import Check, checked_up_to

    info = checked_up_to(checks=[Check(**c) for c in index.values()])
    if not info.date:
        st.warning(T("law.currency.never"), icon=":material/help:")
        return
    st.caption(T("law.checked_up_to", date=info.date))


def _currency(c: dict | None) -> None:
    """The instrument's last status check, with a banner when known changes are not encoded."""
    from ..answers.currency import FINDING_LABELS

    if not c or not c.get("found"):
        st.warning(T("law.currency.never"), icon=":material/help:")
        return
    from ..answers.currency import date_warning

    verified = c.get("covers_until") or c["checked_on"]
    if date_warning(common.as_of(), verified):
        st.warning(T("law.after_check", asked=common.as_of().isoformat(), checked=verified),
                   icon=":material/history:")
    by = ", ".join(common.name(str(views.iri(b))) for b in c.get("by") or [])
    if c["found"] == "changes-not-encoded":
        st.warning(T("law.currency.banner", by=by or "?"), icon=":material/warning:")
    st.caption(T("law.currency.checked", date=c["checked_on"], finding=FINDING_LABELS[c["found"]][common.lang()]))
    if c.get("covers_until"):
        st.caption(T("law.currency.covers", date=c["covers_until"]))
    if by and c["found"] != "changes-not-encoded":
        st.caption(T("law.currency.by", by=by))
    note = views.pick(c.get("note"), common.lang())
    if note:
        st.caption(md_escape(note))
    for s in c.get("sources") or []:
        st.caption(" " + md_escape(f"{s.get('document') or s['doc']}, {s['at']}")
                   + (f" — “{md_escape(s['quote'])}”" if s.get("quote") else ""))


def _timeline(items: list[dict]) -> None:
    """Instruments over time, one row per kind of instrument (Law, Government Regulation, ...): each point is an
    event (enacted, in force, ended); the full name and title are in the tooltip. One row per instrument made
    66 rows of truncated look-alike labels."""
    events = []
    for d in items:
        kind = common.name(views.iri(d["type"])) if d.get("type") else T("app.unknown")
        base = {T("law.type"): kind, T("law.instrument"): d["label"], T("law.title"): d.get("title") or ""}
        dated = False
        for key, ev in (("enacted", "law.event.enacted"), ("in_force_from", "law.event.in_force"),
                        ("ended", "law.event.ended")):
            if d.get(key):
                dated = True
                events.append({**base, T("law.date"): pd.to_datetime(d[key][:10]), T("law.event"): T(ev)})
        if not dated and d.get("year"):
            events.append({**base, T("law.date"): pd.to_datetime(f"{str(d['year'])[:4]}-01-01"),
                           T("law.event"): T("law.event.year")})
        if not d.get("ended") and d.get("effective_until") and "repeal" in (d.get("validity_basis") or []):
            events.append({**base, T("law.date"): pd.to_datetime(d["effective_until"][:10]),
                           T("law.event"): T("law.event.replaced")})
    if not events:
        st.info(T("law.none") if not items else T("app.none"))
        return
    df = pd.DataFrame(events).drop_duplicates()
    date_col, type_col, ev_col = T("law.date"), T("law.type"), T("law.event")
    chart = {
        "mark": {"type": "point", "filled": True, "size": 80, "opacity": 0.8},
        "encoding": {
            "x": {"field": date_col, "type": "temporal", "title": date_col},
            "y": {"field": type_col, "type": "nominal", "title": None, "axis": {"labelLimit": 320},
                  "sort": {"field": date_col, "op": "min"}},
            "yOffset": {"field": ev_col, "type": "nominal"},
            "color": {"field": ev_col, "type": "nominal", "legend": {"orient": "bottom"}},
            "shape": {"field": ev_col, "type": "nominal"},
            "tooltip": [{"field": T("law.instrument"), "type": "nominal"}, {"field": T("law.title"), "type": "nominal"},
                        {"field": ev_col, "type": "nominal"}, {"field": date_col, "type": "temporal"}]},
        "height": max(180, 34 * df[type_col].nunique()),
    }
    st.vega_lite_chart(df, chart, width="stretch")
    st.caption(T("law.timeline_help", n=df[T("law.instrument")].nunique()))


def page() -> None:
    st.title(T("page.law"))
    st.caption(T("law.intro"))
    common.as_of_caption()
    checks = _currency_index()
    _checked_up_to(checks)
    lang, day = common.lang(), common.as_of()
    items = common.view("instruments", lang, day)
    if not items:
        st.info(T("law.none"))
        return
    options = [d["iri"] for d in items]
    core = str(views.ID["uu/2007/21"])
    if core in options:  # start with the anti-trafficking law itself
        options.remove(core)
        options.insert(0, core)
    wanted = st.query_params.get("instrument")
    if wanted and "law_pick" not in st.session_state and str(views.iri(wanted)) in options:
        st.session_state["law_pick"] = str(views.iri(wanted))
    titles = {d["iri"]: f"{d['label']} \u2014 {d['title']}" for d in items}
    chosen = st.selectbox(T("law.pick"), options, key="law_pick", format_func=titles.get, filter_mode="contains")
    common.sync_params(instrument=views.short(chosen))
    # the chosen instrument first (what a reader came for), then the overview of every instrument
    _instrument(next(d for d in items if d["iri"] == chosen), checks.get(views.short(chosen)))

    st.divider()
    only = st.toggle(T("law.only_in_force"), key="law_only_in_force", value=False)
    shown = [d for d in items if d.get("in_force") or not only]
    st.subheader(T("law.timeline"))
    _timeline(shown)
    st.subheader(T("law.table", n=len(shown)))
    df = pd.DataFrame([{T("law.instrument"): d["label"], T("law.title"): d["title"],
                        T("law.type"): common.name(views.iri(d["type"])) if d["type"] else "",
                        T("law.enacted"): d["enacted"] or "", T("law.in_force"): d["in_force_from"] or "",
                        T("law.ended"): d["ended"] or "",
                        T("law.status"): T("app.yes") if d.get("in_force") else T("app.no"),
                        T("law.currency.column"): (checks.get(views.short(d["iri"])) or {}).get("checked_on") or ""}
                       for d in shown])
    st.dataframe(df, hide_index=True, width="stretch",
                 column_config={T("law.title"): st.column_config.TextColumn(width="large")})


def _instrument(d: dict, check: dict | None = None) -> None:
    lang, day = common.lang(), common.as_of()
    st.header(d["label"])
    st.markdown(f"**{md_escape(d['title'])}**")
    _status_badge(d)
    _currency(check)
    cols = st.columns(3)
    cols[0].metric(T("law.enacted"), d["enacted"] or T("app.unknown"))
    cols[1].metric(T("law.in_force"), d["in_force_from"] or T("app.unknown"))
    cols[2].metric(T("law.ended"), d["ended"] or "\u2014")
    ent = common.view("entity", d["iri"])
    common.citations_block(ent["citations"])
    st.markdown(common.link(d["iri"], T("app.open") + " \u2192 " + T("page.explore")))

    st.subheader(T("law.provisions"))
    provs = common.view("provisions", d["iri"], lang, day)
    tree = views.provision_tree(provs, d["iri"])
    focus = st.query_params.get("provision")
    focus_iri = str(views.iri(focus)) if focus else None
    if not tree:
        st.info(T("app.none"))
    # the provisions as a few Markdown blocks (one element per block, not three per article: a long law shows in
    # a second); the article in the address is set apart in a frame
    block: list[str] = []

    def flush() -> None:
        if block:
            st.markdown("\n\n".join(block))
            block.clear()

    for depth, p in tree:
        lines = [_provision_markdown(depth, p, day)]
        pad = "\u2003" * depth
        if p.get("summary"):
            lines.append(f"{pad}:small[:gray[{md_escape(p['summary'])}]]")
        lines += [pad + w for w in wording_lines(p.get("wordings") or {}, lang)]
        if p["iri"] == focus_iri:
            flush()
            with st.container(border=True):
                st.markdown("  \n".join(lines))
        else:
            block.append("  \n".join(lines))
            if len(block) >= 40:
                flush()
    flush()

    st.subheader(T("law.relations"))
    rels = common.view("relations", d["iri"])
    if rels:
        for r in rels:
            st.markdown(f"- {common.link(r['from'])} \u2014 _{md_escape(common.name(r['type']))}_ \u2192 "
                        f"{common.link(r['to'])}" + (f" ({md_escape(r['date'])})" if r.get("date") else ""))
    else:
        st.caption(T("app.none"))

    st.subheader(T("law.grants"))
    grants = common.view("granted_by", d["iri"])
    if grants:
        for g in grants:
            st.markdown(f"- {common.link(g['entitlement'])} \u2014 "
                        + ", ".join(common.law_link(b) for b in g["basis"]))
    else:
        st.caption(T("app.none"))

    st.subheader(T("law.discrepancies"))
    _discrepancies(common.view("discrepancies", d["iri"]))


def _provision_markdown(depth: int, p: dict, day) -> str:
    text = "\u2003" * depth + common.link(p["iri"], p["label"])
    if p.get("heading"):
        text += f" \u2014 {md_escape(p['heading'])}"
    if p.get("in_force") is False:
        key = "law.status.not_yet" if p.get("standing") == "not-yet" else "law.status.ended"
        text += f" \u00b7 _{md_escape(T(key, date=day.isoformat()))}_"
    return text


def wording_lines(wordings: dict[str, str], lang: str) -> list[str]:
    """The statute's words: the Indonesian original under "Wording"; an English rendering only in the English
    interface (or where no Indonesian text is recorded), always marked as a translation."""
    out = []
    if wordings.get("id"):
        out.append(f":small[:gray[{T('law.wording')}: \u201c{md_escape(wordings['id'])}\u201d]]")
    if wordings.get("en") and (lang == "en" or not wordings.get("id")):
        key = "law.wording_en" if wordings.get("id") else "law.wording_en_only"
        out.append(f":small[:gray[{T(key)}: \u201c{md_escape(wordings['en'])}\u201d]]")
    return out


def discrepancy_title(d: dict) -> str:
    """The discrepancy's label in the chosen language and its status in words (the free-text aspect is recorded
    in English only, so it is shown in the English interface alone)."""
    lg = common.lang()
    status_key = f"disc.status.{d['status']}"
    status = T(status_key) if T(status_key) != status_key else d["status"]
    title = common.name(d["iri"])
    if lg == "en" and d.get("aspect") and d["aspect"].casefold() not in title.casefold():
        title += f" \u2014 {d['aspect']}"
    return T("disc.title", title=title, status=status)


def _discrepancy_body(d: dict) -> None:
    st.markdown(f"**{T('disc.about')}:** " + ", ".join(common.link(a) for a in d["about"]))
    for c in d["claims"]:
        st.markdown(f"- **{md_escape(c['value'])}**")
        common.citations_block(c["sources"])


def _discrepancies(items: list[dict], key: str = "disc") -> None:
    """A few discrepancies as expanders; a long register as a table with one entry opened on demand."""
    if not items:
        st.caption(T("app.none"))
        return
    if len(items) <= 5:
        for d in items:
            with st.expander(discrepancy_title(d)):
                _discrepancy_body(d)
        return
    titles = {d["iri"]: discrepancy_title(d) for d in items}
    st.dataframe(pd.DataFrame([{T("disc.entry"): titles[d["iri"]],
                                T("disc.about"): ", ".join(common.name(a) for a in d["about"]),
                                T("disc.claims"): len(d["claims"])} for d in items]),
                 hide_index=True, width="stretch")
    chosen = st.selectbox(T("disc.open"), [""] + [d["iri"] for d in items], key=f"{key}_pick",
                          format_func=lambda i, titles=titles: titles.get(i, "\u2014"), filter_mode="contains")
    if chosen:
        with st.container(border=True):
            _discrepancy_body(next(d for d in items if d["iri"] == chosen))
