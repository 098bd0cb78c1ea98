"""Jaring, the app: what Indonesia's anti-trafficking law promises victims, who delivers it, and where it fails.

Run with ``streamlit run app.py`` (or ``kg app``). ``JARING_DIST`` points the app at another built dist/ folder.
"""
from __future__ import annotations

import streamlit as st

from kg.app import common
from kg.app.pages import PAGES

st.set_page_config(page_title="Jaring", page_icon=":material/hub:", layout="wide")
common.init_state()

with st.sidebar:
    st.radio(common.T("app.language"), options=["id", "en"], key="lang", horizontal=True,
             format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code])
    st.date_input(common.T("app.as_of"), key="as_of", help=common.T("app.as_of_help"),
                  min_value=common.MIN_DATE, max_value=common.MAX_DATE)

wanted = st.query_params.get("page")
pages = [st.Page(fn, title=common.T(f"page.{slug}"), url_path=slug, icon=icon,
                 default=(slug == wanted) if wanted in PAGES else (slug == common.HOME))
         for i, (slug, (fn, icon)) in enumerate(PAGES.items())]
current = st.navigation(pages)

try:  # start computing the gaps for the chosen date in the background: pages use them when ready
    from kg.app.gaps import current_job

    current_job()
except Exception as exc:  # noqa: BLE001
    common.fail(exc)

with st.sidebar:
    meta = common.manifest().get("summary", {})
    if meta:
        st.caption(common.T("app.version", version=meta.get("version", "?"), triples=meta.get("triples", "?")))
    st.caption(common.T("app.tagline"))

try:
    current.run()
except Exception as exc:  # noqa: BLE001 - a clear message, never a traceback
    common.fail(exc)
# an empty element after everything else: the browser benchmark and test know the page is complete when it is there
st.container(key="jaring-page-end", height=1, border=False)
