"""SPARQL page: an editor with the project's prefixes declared, the canned queries as examples, read-only
execution with a time limit and a row cap, results with labels, CSV/JSON downloads."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from ..answers import views
from ..store.sparql import DEFAULT_TIMEOUT_S, MAX_ROWS, QueryFailed, QueryRefused
from . import common
from .common import T, md_escape

STARTER = """SELECT ?instrument ?label WHERE {
  ?instrument a jar:LegalInstrument ; rdfs:label ?label .
  FILTER(LANG(?label) = "en")
} ORDER BY ?label LIMIT 50"""


@st.cache_data(show_spinner=False)
def canned() -> list[dict]:
    """The canned queries (name, question in both languages, parameters, hint, text), from kg.store.queries."""
    from ..store import queries

    return [q.to_dict() for q in queries.list_queries()]


def _examples() -> list[dict]:
    try:
        return canned()
    except Exception:  # noqa: BLE001 - examples are optional; the editor still works
        return []


def _question(q: dict) -> str:
    question = q.get("question") or q.get("title") or {}
    if isinstance(question, dict):
        return views.pick(question, common.lang(), q.get("name", ""))
    return str(question or q.get("name", ""))


def page() -> None:
    st.title(T("page.sparql"))
    st.caption(T("sq.intro"))
    common.as_of_caption()
    st.caption(T("sq.limits", rows=MAX_ROWS, secs=f"{DEFAULT_TIMEOUT_S:g}"))
    examples = _examples()
    names = [""] + [q.get("name", "") for q in examples]
    qp = st.query_params
    if "sq_text" not in st.session_state:
        st.session_state["sq_text"] = qp.get("query", STARTER)
    if "sq_example_prev" not in st.session_state:
        st.session_state["sq_example_prev"] = ""

    hint = None
    if examples:
        shown = {"": "\u2014"} | {q.get("name", ""): f"{q.get('name', '')}: {_question(q)}" for q in examples}
        chosen = st.selectbox(T("sq.examples"), names, key="sq_example", format_func=shown.get)
        if chosen and chosen != st.session_state["sq_example_prev"]:
            q = next(q for q in examples if q.get("name") == chosen)
            st.session_state["sq_text"] = q.get("text") or q.get("query") or ""
            st.session_state["sq_example_prev"] = chosen
        if chosen:
            q = next(q for q in examples if q.get("name") == chosen)
            st.caption(md_escape(_question(q)))
            hint = q.get("view")
            for p in q.get("parameters") or []:
                pkey = f"sq_param_{chosen}_{p['name']}"
                if pkey not in st.session_state:
                    st.session_state[pkey] = (common.as_of().isoformat() if p["name"].lower() in ("asof", "as_of")
                                              else p.get("default") or "")
                st.text_input(f"?{p['name']} ({p.get('type', '')})", key=pkey, help=p.get("help") or None)
    text = st.text_area(T("sq.editor"), key="sq_text", height=240)
    with st.expander(T("sq.prefixes")):
        st.code(views.P, language="sparql")
    run = st.button(T("sq.run"), key="sq_run", type="primary")
    if hint:
        st.caption(T("sq.hint", hint=hint))
    if examples and not run and "sq_last" not in st.session_state:
        with st.expander(T("sq.catalogue", n=len(examples))):
            st.dataframe(pd.DataFrame([{T("sq.name"): q.get("name", ""), T("sq.question"): _question(q),
                                        T("sq.view"): q.get("view", ""),
                                        T("sq.params"): ", ".join(p["name"] for p in q.get("parameters") or [])}
                                       for q in examples]), hide_index=True, width="stretch")

    if not text.strip():
        st.info(T("sq.empty"))
        return
    if not run and "sq_last" not in st.session_state:
        return
    if run:
        common.sync_params(query=text)
        st.session_state["sq_last"] = text
    query = st.session_state["sq_last"]
    example = next((q for q in examples if q.get("name") == st.session_state.get("sq_example")), None)
    try:
        with st.spinner(T("app.loading")):
            if example and query.strip() == (example.get("text") or "").strip():
                from ..store import queries

                values = {p["name"]: st.session_state.get(f"sq_param_{example['name']}_{p['name']}") or None
                          for p in example.get("parameters") or []}
                result = queries.run(example["name"], {k: v for k, v in values.items() if v}, common.store(),
                                     max_rows=MAX_ROWS)
            else:
                result = common.store().user_query(query, timeout_s=DEFAULT_TIMEOUT_S, max_rows=MAX_ROWS)
    except QueryRefused as exc:
        st.error(T("sq.refused", why=str(exc)))
        return
    except (QueryFailed, ValueError) as exc:
        st.error(T("sq.failed", why=str(exc)))
        return
    if isinstance(result, bool):
        st.success(T("app.yes") if result else T("app.no"))
        return
    st.caption(T("sq.rows", n=len(result), ms=f"{getattr(result, 'elapsed_ms', 0):.0f}"))
    columns = getattr(result, "columns", None) or (list(result[0]) if result else [])
    df = pd.DataFrame(list(result), columns=columns)
    labelled = df.copy()
    for col in columns:
        if any(isinstance(v, str) and v.startswith(views.BASE) for v in df[col]):
            labelled[col + " \u00b7 " + T("app.label")] = [common.name(v) if isinstance(v, str) and
                                                          v.startswith(views.BASE) else "" for v in df[col]]
    st.dataframe(labelled, hide_index=True, width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button(T("app.download_csv"), df.to_csv(index=False).encode("utf-8"), file_name="jaring-query.csv",
                       mime="text/csv", key="sq_dl_csv")
    c2.download_button(T("app.download_json"),
                       json.dumps(list(result), ensure_ascii=False, indent=1, default=str).encode("utf-8"),
                       file_name="jaring-query.json", mime="application/json", key="sq_dl_json")
