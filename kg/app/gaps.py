"""Gaps page: coverage matrix (group × service, with stage), the gap list grouped and filtered, each gap
explained with its legal basis and field evidence; gaps by province; CSV download."""
from __future__ import annotations

import gc
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from ..answers import views
from . import common, gapdata
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
    """Gaps, the coverage matrix and the provider table for one date, computed in a background thread (the
    SHACL run takes a while on a large graph), so pages can show other content meanwhile. ``gaps_ready`` is set
    as soon as the gaps are there (from the one gap cache, :mod:`kg.gaps.cache`, when they were computed
    before); ``done`` when the matrix and the providers are too (kept beside the gaps in the cache folder, keyed
    by data version and date like them)."""

    def __init__(self, dist: str, as_of: str, version: str | None = None):
        self.dist, self.as_of, self.version = dist, as_of, version
        self.done = threading.Event()
        self.gaps_ready = threading.Event()
        self.gaps: list[dict] = []
        self.matrix: list[dict] = []
        self.providers: list[dict] = []
        self.error: BaseException | None = None
        threading.Thread(target=self._run, name=f"gaps-{as_of}", daemon=True).start()

    def _extra_file(self) -> Path | None:
        from .. import dist as dist_io

        if not self.version:
            return None
        return dist_io.cache_dir() / f"app-coverage-{self.version[:24]}-{self.as_of}.json"

    def _run(self) -> None:
        try:
            from datetime import date

            from ..gaps.cache import cached, gaps_for_dist

            day = date.fromisoformat(self.as_of)
            hit = cached(self.version, day)
            if hit is not None:
                self.gaps = hit
                self.gaps_ready.set()
            extra = self._read_extra()
            if hit is not None and extra is not None:
                self.matrix, self.providers = extra
                return
            from ..gaps import coverage_matrix, data_graph

            data = data_graph(Path(self.dist) / "jaring.nq")  # read once for all (only read, never changed)
            if hit is None:
                # the one gap cache (kg.gaps.cache): shared with kg entitlements, kg gaps and the app's answers
                gaps = gaps_for_dist(self.dist, day, data=data, version=self.version)
                if gaps is None:
                    raise RuntimeError(f"{self.dist}: no data version (manifest) to key the gaps by; run 'kg build'")
                self.gaps = gaps
                self.gaps_ready.set()
            self.matrix = coverage_matrix(data, day)
            self.providers = gapdata.provider_table(data)
            self._write_extra()
            del data
            # the graph, the SHACL reports and the helper facts hold reference cycles: free them now, not at the
            # collector's next full pass (which a long-lived process with a large graph reaches rarely)
            gc.collect()
        except BaseException as exc:  # noqa: BLE001 - reported on the page, never raised in a thread
            self.error = exc
        finally:
            self.gaps_ready.set()
            self.done.set()

    def _read_extra(self):
        import json

        path = self._extra_file()
        try:
            data = json.loads(path.read_text("utf-8")) if path else None
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        provs = data.get("providers") or []
        for p in provs:
            p["services"], p["provinces"] = set(p["services"]), set(p["provinces"])
        return data.get("matrix") or [], provs

    def _write_extra(self) -> None:
        import json

        from .. import dist as dist_io

        path = self._extra_file()
        if not path:
            return
        provs = [{**p, "services": sorted(p["services"]), "provinces": sorted(p["provinces"])}
                 for p in self.providers]
        try:
            dist_io.atomic_write(path, json.dumps({"matrix": self.matrix, "providers": provs}, ensure_ascii=False,
                                                  default=str))
        except OSError:
            pass  # a read-only home: this process keeps them in memory


@st.cache_resource(show_spinner=False, max_entries=8)
def gap_job(dist: str, version: str, as_of: str) -> GapJob:
    """One job per built graph (data version) and date: a rebuild starts a new one."""
    return GapJob(dist, as_of, version or None)


def current_job() -> GapJob:
    """The gap job for the current data and date (started on first use)."""
    return gap_job(str(common.dist_dir()), common.data_version(), common.as_of().isoformat())


def wait_for(job: GapJob, gaps_only: bool = False) -> tuple[list[dict], list[dict]]:
    """Block (with a spinner) until the job is done (``gaps_only``: until its gaps are there); errors become a
    clear message and empty results."""
    event = job.gaps_ready if gaps_only else job.done
    if not event.is_set():
        with st.spinner(T("gaps.computing")):
            event.wait()
    if job.error is not None:
        if isinstance(job.error, ImportError):
            st.info(T("app.unavailable", what=str(job.error)))
        else:
            common.fail(job.error)
        return [], []
    return job.gaps, job.matrix


VIEWS = ("list", "map", "matrix", "timeline")
PAGE_SIZE = 15


def page() -> None:
    st.title(T("page.gaps"))
    st.caption(T("gaps.intro"))
    common.as_of_caption()
    job = current_job()
    gaps, _ = wait_for(job, gaps_only=True)
    _summary(gaps)
    if st.session_state.get("gaps_view") not in VIEWS:
        wanted = st.query_params.get("view")
        st.session_state["gaps_view"] = wanted if wanted in VIEWS else "list"
    view_names = {v: T(f"gaps.view.{v}") for v in VIEWS}  # bound now: format functions run outside the script
    view = st.radio(T("gaps.view"), VIEWS, key="gaps_view", horizontal=True, format_func=view_names.get)
    common.sync_params(view=None if view == "list" else view)
    if view == "map":
        wait_for(job)
        _map_view(gaps, job.providers)
    elif view == "matrix":
        st.subheader(T("gaps.matrix"))
        st.caption(T("gaps.matrix_help"))
        _, matrix = wait_for(job)
        _matrix_view(matrix, job.providers)
    elif view == "timeline":
        _timeline_view()
    else:
        _gap_list(gaps)


def _groups_up() -> dict:
    common.store()
    return _hierarchy(str(common.dist_dir()), common.data_version())


@st.cache_data(show_spinner=False)
def _hierarchy(dist: str, version: str) -> dict:
    return gapdata.group_hierarchy(common.store_at(dist, version))


def _summary(gaps: list[dict]) -> None:
    """How many gaps, how severe, which groups they touch (men, women, children, migrants, foreign victims)
    and how well each is grounded (basis grade)."""
    st.subheader(T("gaps.summary"))
    high = sum(g.get("severity") == "high" for g in gaps)
    cols = st.columns(4)
    cols[0].metric(T("gaps.total"), len(gaps))
    cols[1].metric(T("gaps.high_n"), high)
    cols[2].metric(T("gaps.regional_n"), sum(bool(g.get("region")) for g in gaps))
    cols[3].metric(T("gaps.excluded_n"), sum(g.get("kind") == "excluded-similar-group" for g in gaps))
    rows = gapdata.group_summary(gaps, _groups_up())
    graded = any(gapdata.gap_grade(g) for g in gaps)
    table = []
    for r in rows:
        rec = {T("gaps.group"): common.name(r["group"]), T("gaps.own"): r["own"], T("gaps.shared"): r["shared"],
               T("gaps.high_n"): r["high"],
               T("gaps.excluded_n"): r["kinds"].get("excluded-similar-group", 0)}
        if graded:
            for grade, n in sorted(r["grades"].items()):
                rec[T("gaps.grade_column", grade=_grade_name(grade))] = n
        table.append(rec)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    st.caption(T("gaps.summary_help") + " " + (T("gaps.grades_pending") if not graded else ""))


def _grade_name(grade: str) -> str:
    if not grade:
        return T("gaps.ungraded")
    key = f"gaps.basis.{grade}"  # kg.gaps.grading: documented | derived | records
    return T(key) if T(key) != key else grade


def _matrix_view(rows: list[dict], provs: list[dict]) -> None:
    """Group × service: providers per cell (colour and number); a cell without a provider is left empty; the
    number of providers whose mandate excludes the group is shown beside it (⊘)."""
    import altair as alt

    if not rows:
        st.info(T("app.none"))
        return
    lg = common.lang()
    cells: dict[tuple[str, str], dict] = {}
    for r in rows:
        c = cells.setdefault((r["group"], r["service"]), {
            "group": r.get(f"group_{lg}") or common.name(str(views.iri(r["group"]))),
            "service": r.get(f"service_{lg}") or common.name(str(views.iri(r["service"]))),
            "n": 0, "n_basis": 0, "stages": set()})
        c["n"] = max(c["n"], len(r.get("providers") or []) if r.get("covered") else 0)
        c["n_basis"] += len(r.get("legal_basis") or [])
        if r.get(f"stage_{lg}"):
            c["stages"].add(r[f"stage_{lg}"])
    for (grp, svc), c in cells.items():
        gid, si = grp.rsplit("/", 1)[-1], str(views.iri(svc))
        c["excluded"] = sum(1 for p in provs if si in p["services"] and p["may"].get(gid) == "no")
        c["stages"] = ", ".join(sorted(c["stages"]))
        c["label"] = (str(c["n"]) if c["n"] else "") + (f" \u2298{c['excluded']}" if c["excluded"] else "")
    df = pd.DataFrame(cells.values())
    g_t, s_t, n_t = T("gaps.group"), T("gaps.service"), T("gaps.providers")
    base = alt.Chart(df).encode(
        x=alt.X("service:N", title=s_t, axis=alt.Axis(labelAngle=-30, labelLimit=220, labelOverlap=False)),
        y=alt.Y("group:N", title=g_t, axis=alt.Axis(labelLimit=320)),
        tooltip=[alt.Tooltip("group:N", title=g_t), alt.Tooltip("service:N", title=s_t),
                 alt.Tooltip("n:Q", title=n_t), alt.Tooltip("excluded:Q", title=T("gaps.excluded_providers")),
                 alt.Tooltip("n_basis:Q", title=T("ent.basis")), alt.Tooltip("stages:N", title=T("gaps.stage"))])
    grid = base.mark_rect(fill="white", stroke="#cbd5e1")
    filled = base.transform_filter("datum.n > 0").mark_rect(stroke="white").encode(
        color=alt.Color("n:Q", title=n_t, scale=alt.Scale(range=["#d1fae5", "#059669"])))
    text = base.mark_text(fontSize=11).encode(text="label:N")
    st.altair_chart((grid + filled + text).properties(height=36 * df["group"].nunique() + 60),
                    width="stretch")
    st.caption(T("gaps.matrix_legend"))
    with st.expander(T("gaps.matrix_table")):
        st.dataframe(pd.DataFrame([{g_t: r.get(f"group_{lg}") or r["group"],
                                    s_t: r.get(f"service_{lg}") or r["service"],
                                    T("gaps.stage"): r.get(f"stage_{lg}") or "",
                                    T("ent.basis"): r.get(f"legal_basis_{lg}") or "",
                                    n_t: r.get(f"providers_{lg}") or ""} for r in rows]),
                     hide_index=True, width="stretch")


def _label_list(values) -> list[str]:
    out = []
    for v in _as_list(values):
        if isinstance(v, dict):
            out.append(views.pick(v.get("label") if isinstance(v.get("label"), dict) else
                                  {"": v.get("label") or ""}, common.lang(), common.name(_iri_of(v))))
        else:
            out.append(common.name(str(v)) if str(v).startswith("http") else str(v))
    return out


def _flat(gaps: list[dict]) -> list[dict]:
    lang = common.lang()
    flat = []
    for g in gaps:
        msg = g.get("message")
        flat.append({
            "gap": g,
            "kind": str(g.get("kind", "")),
            "severity": str(g.get("severity", "")),
            "grade": gapdata.gap_grade(g),
            "message": views.pick(msg, lang) if isinstance(msg, dict) else str(msg or ""),
            "groups": _label_list(g.get("groups")),
            "services": _label_list(g.get("services")),
            "region": _label_list(g.get("region")),
            "instrument": _label_list(g.get("instruments")) + _label_list(g.get("legal_basis")),
        })
    return flat


def kind_name(kind: str) -> str:
    """A gap kind (``entitlement-without-funding``) in the current language."""
    key = f"gaps.kind.{kind}"
    text = T(key)
    return text if text != key else kind.replace("-", " ").capitalize()


def _gap_list(gaps: list[dict]) -> None:
    flat = _flat(gaps)
    choose = T("app.choose")
    c = st.columns(3)
    kind_names = {f["kind"]: kind_name(f["kind"]) for f in flat}
    kinds = sorted(kind_names, key=kind_names.get)
    sev_names = {s: T(f"gaps.{s}") for s in SEVERITIES}
    sev = c[0].multiselect(T("gaps.severity"), SEVERITIES, key="gaps_sev", format_func=sev_names.get,
                           placeholder=choose)
    kind = c[1].multiselect(T("gaps.kind"), kinds, key="gaps_kind", format_func=kind_names.get, placeholder=choose,
                            filter_mode="contains")
    group = c[2].multiselect(T("gaps.group"), sorted({x for f in flat for x in f["groups"]}), key="gaps_group",
                             placeholder=choose, filter_mode="contains")
    c = st.columns(3)
    service = c[0].multiselect(T("gaps.service"), sorted({x for f in flat for x in f["services"]}),
                               key="gaps_service", placeholder=choose, filter_mode="contains")
    region = c[1].multiselect(T("gaps.region"), sorted({x for f in flat for x in f["region"]}), key="gaps_region",
                              placeholder=choose, filter_mode="contains")
    inst = c[2].multiselect(T("gaps.instrument"), sorted({x for f in flat for x in f["instrument"]}),
                            key="gaps_inst", placeholder=choose, filter_mode="contains")

    def keep(f) -> bool:
        return ((not sev or f["severity"] in sev) and (not kind or f["kind"] in kind)
                and (not group or set(group) & set(f["groups"])) and (not service or set(service) & set(f["services"]))
                and (not region or set(region) & set(f["region"]))
                and (not inst or set(inst) & set(f["instrument"])))

    order = {s: i for i, s in enumerate(SEVERITIES)}
    shown = sorted((f for f in flat if keep(f)), key=lambda f: (order.get(f["severity"], 9), kind_name(f["kind"])))
    st.subheader(T("gaps.list", n=len(shown)) if len(shown) == len(flat)
                 else T("gaps.list_filtered", n=len(shown), total=len(flat)))
    if not shown:
        st.info(T("gaps.none"))
        return
    table = pd.DataFrame([{T("gaps.severity"): T(f"gaps.{f['severity']}") if f["severity"] in SEVERITIES
                           else f["severity"], T("gaps.kind"): kind_name(f["kind"]),
                           T("gaps.group"): ", ".join(f["groups"]), T("gaps.service"): ", ".join(f["services"]),
                           T("gaps.region"): ", ".join(f["region"]), T("gaps.instrument"): ", ".join(f["instrument"]),
                           T("gaps.message"): f["message"]} for f in shown])
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    if st.session_state.get("gaps_page", 1) > pages:
        st.session_state["gaps_page"] = 1
    c = st.columns([2, 2, 3])
    number = c[0].number_input(T("gaps.page_of", pages=pages), min_value=1, max_value=pages, step=1,
                               key="gaps_page")
    c[2].download_button(T("app.download_csv"), table.to_csv(index=False).encode("utf-8"),
                         file_name=f"jaring-gaps-{common.as_of().isoformat()}.csv", mime="text/csv",
                         key="gaps_dl_csv", help=T("gaps.download_help"))
    first = (int(number) - 1) * PAGE_SIZE
    st.caption(T("gaps.showing", first=first + 1, last=min(first + PAGE_SIZE, len(shown)), n=len(shown)))
    for f in shown[first:first + PAGE_SIZE]:
        _gap(f)


def gap_id(g: dict) -> str:
    """A short stable id of a gap (its kind, node and value), for the "more" state of its card."""
    import hashlib

    text = "|".join(str(g.get(k) or "") for k in ("kind", "shape", "focus", "value"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _toggle(key: str) -> None:
    opened = st.session_state.setdefault("gaps_open", set())
    opened ^= {key}


def _gap(f: dict) -> None:
    """One gap as a card: severity, kind and the explanation cut at a word; the rest on demand ("more")."""
    g, lang = f["gap"], common.lang()
    icon = {"high": ":material/error:", "medium": ":material/warning:", "low": ":material/info:"}.get(f["severity"])
    sev = T(f"gaps.{f['severity']}") if f["severity"] in SEVERITIES else f["severity"]
    key = gap_id(g)
    opened = key in st.session_state.get("gaps_open", set())
    short, cut = gapdata.cut_at_word(f["message"], 220)
    with st.container(border=True):
        st.markdown(f"{icon or ''} **{md_escape(sev)} \u00b7 {md_escape(kind_name(f['kind']))}**"
                    + (f" \u00b7 {md_escape(', '.join(f['region']))}" if f["region"] else "")
                    + "\n\n" + md_escape(f["message"] if opened else short))
        st.button(T("gaps.less") if opened else T("gaps.more"), key=f"gap_more_{key}", type="tertiary",
                  icon=":material/expand_less:" if opened else ":material/expand_more:", on_click=_toggle,
                  args=(key,))
        if opened:
            _gap_details(f, g, lang)


def _gap_details(f: dict, g: dict, lang: str) -> None:
    if f["groups"]:
        st.markdown(f"**{T('gaps.group')}:** {md_escape(', '.join(f['groups']))}")
    if f["services"]:
        st.markdown(f"**{T('gaps.service')}:** {md_escape(', '.join(f['services']))}")
    bases = _as_list(g.get("legal_basis")) or _as_list(g.get("instruments"))
    if bases:
        st.markdown(f"**{T('ent.basis')}:** " + ", ".join(
            common.law_link(_iri_of(b), views.pick(b.get("label"), lang)) for b in bases))
    who = _label_list(g.get("who_should_act"))
    if who:
        st.markdown(f"**{T('gaps.who_acts')}:** {md_escape(', '.join(who))}")
    if g.get("focus"):
        st.markdown(f"{T('ex.entity')}: {common.link(str(g['focus']))}")
    detail = g.get("detail") or {}
    for key in ("treaty_text", "domestic_text"):  # weaker-than-treaty: both texts as read
        q = detail.get(key)
        if q:
            st.markdown(f"**{T('gaps.' + key)}:** \u201c{md_escape(q.get('quote', ''))}\u201d \u2014 "
                        f"{md_escape(q.get('document_label', ''))}, {md_escape(q.get('at', ''))}")
    if detail.get("assessed_by") == "jaring":
        st.markdown(f"**{T('gaps.assessed_jaring')}:** {md_escape(views.pick(detail.get('reason'), lang))}")
    evidence = _as_list(g.get("evidence"))
    if evidence:
        st.markdown(f"**{T('gaps.evidence')}:**")
    for ev in evidence:
        st.markdown(f"- {common.link(ev['finding'])}: {md_escape(views.pick(ev.get('statement'), lang))}")
        for q in _as_list(ev.get("quotes")):
            st.caption(f"\u201c{md_escape(q.get('quote'))}\u201d \u2014 {T('app.source')}: "
                       f"{md_escape(q.get('document_label') or views.short(str(q.get('document', ''))))}, "
                       f"{md_escape(q.get('at', ''))}")


# --- map ----------------------------------------------------------------------------------------------------

def _map_view(gaps: list[dict], provs: list[dict]) -> None:
    """A tile map of the 38 provinces coloured by coverage for a chosen group and service; a click (or the
    province list) opens the providers and gaps of that province."""
    import altair as alt

    st.subheader(T("gaps.map"))
    lg = common.lang()
    groups = list(gapdata.SUMMARY_GROUPS)
    services = [c["iri"] for c in common.view("concepts", "services")
                if c["id"] in ("shelter", "medical", "psychosocial", "legal-aid", "return", "reintegration",
                               "economic-support", "social-rehabilitation", "identification")]
    c = st.columns(2)
    group_names = {g: common.name(str(views.ID[f"vocab/groups/{g}"])) for g in groups}
    group = c[0].selectbox(T("gaps.group"), groups, key="gaps_map_group", format_func=group_names.get)
    service_names = {s: common.name(s) for s in services}
    service = c[1].selectbox(T("gaps.service"), services, key="gaps_map_service", format_func=service_names.get,
                             index=next((i for i, s in enumerate(services) if s.endswith("/shelter")), 0))
    regs = [r for r in common.view("regions") if r["kind"] == "Province"]
    provinces = [r["iri"] for r in regs]
    cov = gapdata.province_coverage(provs, provinces, group, service)
    gap_count: dict[str, int] = {}
    for g in gaps:
        reg = g.get("region") or {}
        iri = reg.get("iri") if isinstance(reg, dict) else str(reg)
        if iri:
            gap_count[iri] = gap_count.get(iri, 0) + 1
    classes = {k: T(f"gaps.cover.{k}") for k in gapdata.COVER_CLASSES}
    recs = []
    for r in regs:
        slug = views.short(r["iri"]).rsplit("/", 1)[-1]
        col, row = gapdata.TILES.get(slug, (0, 8))
        c_ = cov[r["iri"]]
        recs.append({"iri": r["iri"], "name": common.name(r["iri"]),
                     "tile": gapdata.tile_name(common.name(r["iri"])), "col": col, "row": row,
                     "cover": classes[c_["class"]], "local": len(c_["local"]) + len(c_["conditional"]),
                     "excluded": len(c_["excluded"]), "unknown": len(c_["unknown"]),
                     "gaps": gap_count.get(r["iri"], 0)})
    df = pd.DataFrame(recs)
    pick = alt.selection_point(fields=["iri"], name="province")
    colours = {"local": "#047857", "conditional": "#6ee7b7", "national": "#d1fae5", "unknown": "#d1d5db",
               "excluded": "#f59e0b", "none": "#fca5a5"}
    base = alt.Chart(df).encode(
        x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None),
        tooltip=[alt.Tooltip("name:N", title=T("gaps.province")), alt.Tooltip("cover:N", title=T("gaps.coverage")),
                 alt.Tooltip("local:Q", title=T("gaps.local_providers")),
                 alt.Tooltip("excluded:Q", title=T("gaps.excluded_providers")),
                 alt.Tooltip("unknown:Q", title=T("gaps.unknown_providers")),
                 alt.Tooltip("gaps:Q", title=T("gaps.regional_n"))])
    tiles = base.mark_rect(stroke="white", strokeWidth=2, cornerRadius=3).encode(
        color=alt.Color("cover:N", title=T("gaps.coverage"),
                        scale=alt.Scale(domain=[classes[k] for k in gapdata.COVER_CLASSES],
                                        range=[colours[k] for k in gapdata.COVER_CLASSES]),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=320)),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55))).add_params(pick)
    text = base.mark_text(fontSize=9, lineBreak=" ").encode(
        text="tile:N", color=alt.condition(f"datum.cover == '{classes['local']}'", alt.value("white"),
                                           alt.value("#111827")))
    event = st.altair_chart((tiles + text).properties(height=460), width="stretch", on_select="rerun",
                            key="gaps_map_chart")
    st.caption(T("gaps.map_note"))
    clicked = None
    try:
        sel = (event or {}).get("selection", {}).get("province") or []
        clicked = sel[0].get("iri") if sel else None
    except (AttributeError, IndexError, TypeError):
        clicked = None
    if clicked in provinces and st.session_state.get("gaps_map_last") != clicked:
        st.session_state["gaps_map_last"] = clicked
        st.session_state["gaps_map_province"] = clicked
    names = {p: common.name(p) for p in provinces}
    chosen = st.selectbox(T("gaps.province"), [""] + sorted(provinces, key=lambda p: names[p]),
                          key="gaps_map_province", format_func=lambda p, names=names: names.get(p, "\u2014"),
                          filter_mode="contains")
    if chosen:
        _province_detail(chosen, cov[chosen], gaps)


def _province_detail(prov: str, cov: dict, gaps: list[dict]) -> None:
    st.markdown(f"#### {md_escape(common.name(prov))}")
    for key, items in (("gaps.local_providers", cov["local"]), ("gaps.conditional_providers", cov["conditional"]),
                       ("gaps.national_providers", cov["national"]), ("gaps.unknown_providers", cov["unknown"]),
                       ("gaps.excluded_providers", cov["excluded"])):
        st.markdown(f"**{T(key)}** ({len(items)}): " + (", ".join(common.link(p) for p in items[:25])
                                                        or md_escape(T("app.none"))))
    here = [g for g in gaps if (g.get("region") or {}).get("iri") == prov]
    st.markdown(f"**{T('gaps.regional_n')}** ({len(here)})")
    for g in here[:20]:
        st.markdown("- " + md_escape(views.pick(g.get("message"), common.lang())))


# --- timeline -----------------------------------------------------------------------------------------------

def _timeline_view() -> None:
    from . import timeline

    timeline.view()
