"""Entitlements page ("Hak korban"): a victim's profile, region and date in; the entitlements that apply as
cards (service, article, duty-bearer, where to go, conditions, deadlines, in-force status, gap warnings), what
does not apply and why, and downloads of the brief (HTML, Markdown) and the full answer (JSON)."""
from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import streamlit as st

from ..answers import views
from . import common
from ..i18n import t
from ..render.brief import basis_label
from .common import T, md_escape

TRI = ("", "yes", "no")
BOOLS = ("identified", "witness", "identity_documents", "poverty_letter", "migrant_worker", "documented_migration",
         "reported_to_police")
LABEL_KEYS = {"identified": "ent.identified", "witness": "ent.witness", "identity_documents": "ent.id_docs",
              "poverty_letter": "ent.poverty", "migrant_worker": "ent.migrant",
              "documented_migration": "ent.documented", "reported_to_police": "ent.reported"}
FIELDS = ("sex", "age_group", "age", "nationality", "exploitation_forms", "sector", "exploited_abroad", "province",
          "regency", "landing", *BOOLS)
LISTS = ("exploitation_forms",)  # several values, joined with "," in a permalink


def encode_profile(data: dict) -> str:
    """A profile as a compact URL value (``sex=male&age_group=adult``), empty fields left out; a list is joined
    with commas."""
    out = {}
    for k, v in data.items():
        if isinstance(v, (list, tuple)):
            v = ",".join(str(x) for x in v)
        if v not in (None, ""):
            out[k] = str(v)
    return urlencode(out)


def decode_profile(text: str | None) -> dict:
    """The form values of a permalink's profile (``exploitation_form``, the one-value name, is read too)."""
    try:
        pairs = parse_qsl(text or "")
    except ValueError:
        return {}
    out: dict = {}
    for k, v in pairs:
        k = "exploitation_forms" if k == "exploitation_form" else k
        if k in LISTS:
            out[k] = [x for x in v.split(",") if x]
        elif k in FIELDS:
            out[k] = v
    return out


def _init_form() -> None:
    if st.session_state.get("ent_init"):
        return
    st.session_state["ent_init"] = True
    given = decode_profile(st.query_params.get("profile"))
    for f in FIELDS:
        default = [] if f in LISTS else None if f == "age" else ""
        value = given.get(f, default)
        if f == "age":
            try:
                value = int(value) if value not in (None, "") else None
            except ValueError:
                value = None
        st.session_state.setdefault(f"ent_{f}", value)
    if given:
        st.session_state["ent_submitted"] = given


def _options(scheme: str) -> tuple[list[str], dict[str, str]]:
    items = common.view("concepts", scheme)
    names = {c["id"]: views.pick(c["labels"], common.lang(), c["id"]) for c in items}
    return [""] + sorted((c["id"] for c in items), key=lambda i: names[i].casefold()), names


def region_names(regs: list[dict], lang: str) -> dict[str, str]:
    """Short region id → its label in ``lang``, followed by the other language's name in brackets when that
    differs (so typing either name finds it: "Jawa Barat" typed in the English interface finds West Java)."""
    other = "en" if lang == "id" else "id"
    out = {}
    for r in regs:
        mine = views.pick(r["labels"], lang, views.short(r["iri"]))
        theirs = views.pick(r["labels"], other, "")
        out[views.short(r["iri"])] = f"{mine} ({theirs})" if theirs and theirs != mine else mine
    return out


def _form() -> dict | None:
    forms, form_names = _options("exploitation-forms")
    sectors, sector_names = _options("sectors")
    regs = common.view("regions")
    lg = common.lang()
    # short ids (``region/malaysia``), the form profiles and permalinks take; names in the chosen language first
    reg_names = region_names(regs, lg)

    def ids(*kinds, skip=()) -> list[str]:
        return sorted((views.short(r["iri"]) for r in regs if r["kind"] in kinds
                       and views.short(r["iri"]) not in skip), key=lambda i: reg_names[i].casefold())

    countries = [""] + ids("Country", skip=("region/idn",))
    provinces = [""] + ids("Province")
    regencies = [""] + ids("Regency", "City")
    landings = [""] + ids("CrossingPoint", "City", "Regency", "Province")
    blank = "\u2014"
    # format functions must not read session state (tests call them outside a script run): bind values now
    words = {k: t(k, lg) for k in ("app.yes", "app.no", "ent.sex.female", "ent.sex.male", "ent.age.adult",
                                    "ent.age.child", "ent.nat.indonesian", "ent.nat.foreign")}

    def opt(names: dict[str, str]):
        return lambda v: blank if not v else names.get(v, v)

    def reg_name(v: str) -> str:
        return blank if not v else reg_names.get(v, v)

    def tri(v: str) -> str:
        return {"": blank, "yes": words["app.yes"], "no": words["app.no"]}[v]

    # options that came from a permalink but are not in the lists are dropped rather than crashing the form
    for key, allowed in (("ent_sector", sectors), ("ent_exploited_abroad", countries + ["yes", "no"]),
                         ("ent_province", provinces), ("ent_regency", regencies), ("ent_landing", landings)):
        if st.session_state.get(key) not in allowed:
            st.session_state[key] = ""
    st.session_state["ent_exploitation_forms"] = [f for f in st.session_state.get("ent_exploitation_forms") or []
                                                  if f in forms]
    with st.form("ent_form", border=True):
        st.markdown(f"**{T('ent.form')}**")
        c1, c2, c3 = st.columns(3)
        c1.selectbox(T("ent.sex"), ["", "female", "male"], key="ent_sex",
                     format_func=lambda v: blank if not v else words[f"ent.sex.{v}"])
        c2.selectbox(T("ent.age"), ["", "adult", "child"], key="ent_age_group",
                     format_func=lambda v: blank if not v else words[f"ent.age.{v}"])
        c3.number_input(T("ent.age_years"), min_value=0, max_value=120, step=1, key="ent_age",
                        placeholder=blank, help=T("ent.age_years_help"))
        c1.selectbox(T("ent.nationality"), ["", "indonesian", "foreign"], key="ent_nationality",
                     format_func=lambda v: blank if not v else words[f"ent.nat.{v}"])
        c2.multiselect(T("ent.form_of"), forms[1:], key="ent_exploitation_forms", format_func=opt(form_names),
                       placeholder=T("app.choose"))
        c3.selectbox(T("ent.sector"), sectors, key="ent_sector", format_func=opt(sector_names))
        c1.selectbox(T("ent.abroad_country"), countries + ["yes", "no"], key="ent_exploited_abroad",
                     format_func=lambda v: tri(v) if v in TRI else reg_name(v), filter_mode="contains")
        c2.selectbox(T("ent.region"), provinces, key="ent_province", format_func=reg_name, filter_mode="contains")
        c3.selectbox(T("ent.regency"), regencies, key="ent_regency", format_func=reg_name, filter_mode="contains")
        c1.selectbox(T("ent.landing"), landings, key="ent_landing", format_func=reg_name, filter_mode="contains")
        cols = st.columns(4)
        for i, b in enumerate(BOOLS):
            cols[i % 4].selectbox(T(LABEL_KEYS[b]), TRI, key=f"ent_{b}", format_func=tri)
        submitted = st.form_submit_button(T("ent.submit"), type="primary")
    if submitted:
        st.session_state["ent_submitted"] = {f: st.session_state.get(f"ent_{f}") for f in FIELDS}
    return st.session_state.get("ent_submitted")


@st.cache_data(show_spinner=False, max_entries=128)
def _answer(dist: str, version: str, profile_key: str, as_of: str, region: str | None, lang: str,
            with_gaps: bool) -> dict:
    """The entitlement answer as plain data plus its Markdown and HTML briefs (cached per input). The gaps are
    attached by the finder itself (kg.gaps.cache.gaps_for_answer), from the one gap cache the gap job fills:
    the same gaps ``kg entitlements`` shows for the same profile."""
    from datetime import date

    from ..answers.finder import entitlements
    from ..answers.profile import parse_profile

    data = decode_profile(profile_key)
    profile = parse_profile({k: v for k, v in data.items() if v not in (None, "", [])})
    answer = entitlements(profile, date.fromisoformat(as_of), region, store=common.store_at(dist, version),
                          with_gaps=with_gaps)
    from ..render.brief import html_brief, markdown, profile_words

    return {"json": answer.to_dict(), "markdown": markdown(answer, lang), "html": html_brief(answer, lang),
            "words": profile_words(answer, lang)}


def page() -> None:
    st.title(T("page.entitlements"))
    st.caption(T("ent.intro"))
    common.as_of_caption()
    _init_form()
    data = _form()
    if not data or not any(data.values()):
        st.info(T("ent.start"))
        common.sync_params(profile=None)
        return
    key = encode_profile(data)
    common.sync_params(profile=key)
    region = data.get("regency") or data.get("province") or None
    from ..answers.profile import ProfileError

    ready, matrix = _gap_data()
    try:
        with st.spinner(T("app.loading")):
            ans = _answer(str(common.dist_dir()), common.data_version(), key, common.as_of().isoformat(), region,
                          common.lang(), ready)
    except ProfileError as exc:
        st.warning(T("ent.bad_profile", what=exc.text(common.lang())))
        return
    _show(ans)
    _missing_services(ans["json"], matrix)
    _profile_gaps(ans["json"])
    st.caption(f"{T('app.permalink')}: " + md_escape(common.permalink("entitlements", profile=key)))


def _gap_data() -> tuple[bool, list[dict]]:
    """Whether the gaps of the chosen date are computed (in the gap cache), and the coverage matrix; while they
    are still being computed the answer is shown without them, with a note (never as "no gaps")."""
    from .gaps import current_job

    job = current_job()
    if not job.done.wait(timeout=2):
        st.info(T("ent.gaps_pending"), icon=":material/hourglass_top:")
        return False, []
    if job.error is not None:
        return False, []
    return True, job.matrix


def _profile_group_ids(data: dict) -> set[str]:
    return {g.get("id") or views.short(g.get("iri", "")) for g in data.get("groups") or []}


def _missing_services(data: dict, matrix: list[dict]) -> None:
    """Essential services that no service point or programme provides to a group this person belongs to."""
    mine = _profile_group_ids(data)
    lg = common.lang()
    missing: dict[str, set[str]] = {}
    for r in matrix:
        if r.get("group") in mine and not r.get("covered"):
            missing.setdefault(r.get(f"service_{lg}") or r["service"], set()).add(r.get(f"group_{lg}") or r["group"])
    st.subheader(T("ent.missing", n=len(missing)))
    if not missing:
        st.caption(T("app.none"))
        return
    for service, groups in sorted(missing.items()):
        st.warning(T("ent.missing_one", service=service, groups=", ".join(sorted(groups))),
                   icon=":material/report:")


def _profile_gaps(data: dict) -> None:
    """The answer's gaps (kg.gaps.cache.gaps_for_answer) that are not about one of its entitlements: about a
    group this person belongs to or their region of return (the entitlements' own gaps are on their cards)."""
    ents = {e["iri"] for key in ("entitled", "depends", "not_entitled") for e in data.get(key) or []}
    hits = [g for g in data.get("gaps") or [] if g.get("focus") not in ents]
    st.subheader(T("ent.profile_gaps", n=len(hits)))
    if not hits:
        st.caption(T("app.none"))
    lang = common.lang()
    for g in hits[:30]:
        st.warning(md_escape(_gap_message(g, lang)), icon=":material/warning:")
    if hits:
        st.markdown(common.link_page("gaps", T("page.gaps") + " \u2192"))


def _text(value, lang: str) -> str:
    """A value that may be {lang: text}, a list, or plain text, as one string in ``lang``."""
    if isinstance(value, dict):
        if "id" in value or "en" in value:
            return views.pick(value, lang)
        return value.get("label") and _text(value["label"], lang) or ""
    if isinstance(value, list):
        return ", ".join(_text(v, lang) for v in value)
    return "" if value is None else str(value)


def by_section(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """Items grouped by their stage of action, stages in the finder's order, items in the given order."""
    from ..answers.finder import SECTIONS

    out = [(s, [e for e in items if e.get("section", "recovery") == s]) for s in SECTIONS]
    rest = [e for e in items if e.get("section", "recovery") not in SECTIONS]
    return [(s, g) for s, g in out if g] + ([("recovery", rest)] if rest else [])


def _show(ans: dict) -> None:
    data, lang = ans["json"], common.lang()
    if ans.get("words"):
        st.markdown(f"**{T('brief.profile')}:** {md_escape(ans['words'])}")
    items = data.get("entitled") or []
    refused = data.get("not_entitled") or []
    groups = [views.pick(g.get("label"), lang, g.get("id", "")) for g in data.get("groups") or []]
    if groups:
        st.caption(f"{T('gaps.group')}: " + md_escape(", ".join(groups)))
    pending = data.get("depends") or []  # rights that depend on a question still to ask (issue 16)
    st.subheader(T("ent.entitled", n=len(items)))
    if not items:
        st.info(T("ent.none"))
    questions = data.get("questions") or []
    if pending and questions:
        st.markdown(f"**{T('ent.depends', n=len(pending))}**\n\n" + "\n".join(
            f"1. {md_escape(_text(q.get('text'), lang))} \u2014 " + T("ent.decides", n=q.get("count", 0))
            for q in questions[:5]))
    # ordered for action: one collapsible part per stage (safety, return, recovery, justice), in the order the
    # finder gives (kg.answers.finder), the first part open; rights that depend on a question sit in their stage
    for i, (section, group) in enumerate(by_section(items + pending)):
        n_dep = sum(e.get("verdict") == "depends" for e in group)
        label = T(f"brief.section.{section}") + f" ({len(group) - n_dep}" + (
            f" + {n_dep} {T('ent.depends_short')}" if n_dep else "") + ")"
        # a toggle, not an expander: a closed stage sends nothing to the browser (an expander's content is
        # drawn even when closed, and a 60-right answer took 7 s to appear)
        if st.toggle(label, value=(i == 0), key=f"ent_stage_{section}"):
            for e in group:
                if e.get("verdict") == "depends":
                    st.markdown(f"**{T('ent.ask')}:** " + md_escape("; ".join(
                        _text(q.get("text"), lang) for q in e.get("questions") or [])))
                _card(e, lang)
    st.subheader(T("ent.not_entitled", n=len(refused)))
    shown = refused if len(refused) <= 5 or st.toggle(T("ent.show_list", n=len(refused)), key="ent_show_refused") \
        else []
    for e in shown:
        with st.container(border=True):
            st.markdown(f"**{md_escape(_text(e.get('label'), lang) or common.name(e.get('iri')))}** \u2014 "
                        + md_escape(", ".join(_text(s.get("label"), lang) for s in e.get("services") or [])))
            for r in e.get("reasons") or []:
                st.markdown(f"- {T('ent.why')}: {md_escape(_text(r.get('text'), lang))}")
            st.markdown(f"{T('ent.basis')}: " + ", ".join(
                common.law_link(b["iri"], basis_label(b, lang)) for b in e.get("legal_basis") or []))
            _gap_box(e.get("gaps") or [], lang)
    st.divider()
    c1, c2, c3 = st.columns(3)
    c1.download_button(T("app.download_html"), ans["html"].encode("utf-8"), file_name="jaring-brief.html",
                       mime="text/html", key="ent_dl_html")
    c2.download_button(T("app.download_md"), ans["markdown"].encode("utf-8"), file_name="jaring-brief.md",
                       mime="text/markdown", key="ent_dl_md")
    c3.download_button(T("app.download_json"), json.dumps(data, ensure_ascii=False, indent=1, default=str)
                       .encode("utf-8"), file_name="jaring-answer.json", mime="application/json", key="ent_dl_json")
    if st.toggle(T("ent.json"), key="ent_show_json"):  # on demand: the JSON viewer is heavy for the browser
        st.json(data, expanded=False)


def _gap_box(gaps: list[dict], lang: str) -> None:
    """The gaps on one entitlement, in plain words, in one warning box."""
    if gaps:
        lines = sorted({md_escape(_gap_message(g, lang)) for g in gaps})
        st.warning(f"**{T('ent.gaps')}**\n\n" + "\n".join(f"- {line}" for line in lines), icon=":material/warning:")


def _gap_message(g: dict, lang: str) -> str:
    msg = g.get("message")
    if isinstance(msg, dict):
        return views.pick(msg, lang)
    return str(msg or g.get("kind") or "")


def _card(e: dict, lang: str) -> None:
    """One right as a card: a few Markdown blocks (not one element per line: an answer of 60 rights shows fast)."""
    day = common.as_of().isoformat()
    with st.container(border=True):
        title = _text(e.get("label"), lang) or common.name(e.get("iri"))
        head = [f"#### {md_escape(title)}"]
        if _text(e.get("description"), lang):
            head.append(f":gray[{md_escape(_text(e.get('description'), lang))}]")
        st.markdown("\n\n".join(head))
        if e.get("certainty") == "uncertain":
            st.warning(f"{T('ent.uncertain')}: {md_escape(_text(e.get('certainty_note'), lang))}")
        elif _text(e.get("certainty_note"), lang):  # a right the law states, with a note on its wording (QA C3)
            st.info(f"{T('ent.note')}: {md_escape(_text(e.get('certainty_note'), lang))}")
        warns = [_text(w, lang) for w in e.get("warnings") or [] if _text(w, lang)]
        if warns:  # the finder's per-right warnings (unclear basis, changes not encoded, documents first), one box
            st.warning("\n".join(f"- {md_escape(w)}" for w in warns))
        left = [f"**{T('ent.service')}:** " + md_escape(", ".join(
                    _text(s.get("label"), lang) for s in e.get("services") or [])),
                f"**{T('ent.basis')}:** " + ", ".join(
                    common.law_link(b["iri"], basis_label(b, lang)) for b in e.get("legal_basis") or [])]
        bearers = e.get("duty_bearers") or []
        if bearers and e.get("duty_bearer_named", True):
            left.append(f"**{T('ent.duty_bearer')}:** " + ", ".join(
                common.link(b["iri"], _text(b.get("label"), lang)) for b in bearers))
        else:
            left.append(f"**{T('ent.duty_bearer')}:** {md_escape(T('ent.no_duty_bearer'))}")
        status = T("law.status.in_force", date=day) if e.get("in_force") else T("law.status.ended", date=day)
        left.append(f"**{T('ent.status')}:** {md_escape(status)}")
        right = []
        points = e.get("service_points") or []
        delivered = e.get("delivered_by") or []
        if points or delivered:
            right.append(f"**{T('ent.where')}:**\n" + "\n".join(
                [f"- {common.link(p['iri'], _text(p.get('label'), lang))}"
                 + (f" \u2014 {md_escape(_text(p.get('region_label'), lang))}" if _text(p.get("region_label"), lang)
                    else "")
                 + (f" [{md_escape(_text(p.get('scope_note'), lang))}]" if _text(p.get("scope_note"), lang) else "")
                 for p in points[:8]]
                + [f"- {common.link(d['iri'], _text(d.get('label'), lang))}" for d in delivered[:6]]))
        conds = [c for c in e.get("conditions") or [] if c.get("state") != "met"]
        if conds:
            right.append(f"**{T('ent.conditions')}:** " + md_escape(", ".join(
                _text(c.get("label"), lang) for c in conds)))
        dl = e.get("deadline")
        if dl:
            basis = dl.get("basis")
            right.append(f"**{T('ent.deadline')}:** " + md_escape(
                T("ent.days_from", days=dl.get("days"), frm=_text(dl.get("from"), lang)))
                + (f" ({common.law_link(basis, _text(dl.get('basis_label'), lang))})" if basis else ""))
        cols = st.columns(2)
        cols[0].markdown("\n\n".join(left))
        if right:
            cols[1].markdown("\n\n".join(right))
        _gap_box(e.get("gaps") or [], lang)
        cites = [f"{T('app.source')}: {common.link(c.get('document') or '', c.get('document_label') or None)}, "
                 f"{md_escape(c.get('at') or '')}" + (f" \u2014 \u201c{md_escape(c['quote'])}\u201d"
                                                      if c.get("quote") else "")
                 for c in (e.get("sources") or [])[:4]]
        if cites:
            st.caption("  \n".join(cites))
