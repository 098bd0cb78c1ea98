"""Shared pieces of the app: language, as-of date, the cached store, safe rendering of data.

Nothing from the data or from a user is ever rendered as HTML: text goes through :func:`md_escape` before it
is placed in Markdown, or into ``st.text`` / ``st.dataframe`` / ``st.code``, which escape it themselves.
"""
from __future__ import annotations

import re
import traceback
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from .. import dist as dist_io
from .. import ids
from ..answers import views
from ..i18n import DEFAULT_LANG, LANGS, t

HOME = "entitlements"
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)


# --- state ------------------------------------------------------------------------------------------------

def init_state() -> None:
    """Initialise session state once per session, from the URL's query parameters where given."""
    qp = st.query_params
    if "lang" not in st.session_state:
        lang = qp.get("lang", DEFAULT_LANG)
        st.session_state["lang"] = lang if lang in LANGS else DEFAULT_LANG
    if "as_of" not in st.session_state:
        day = _parse_date(qp.get("date")) or date.today()
        st.session_state["as_of"] = min(max(day, MIN_DATE), MAX_DATE)


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANG)


def T(key: str, **values) -> str:  # noqa: N802 - reads like a translation call
    return t(key, lang(), **values)


def as_of() -> date:
    return st.session_state.get("as_of") or date.today()


def sync_params(**extra: str | None) -> None:
    """Write language, date and page-specific values into the URL, so the address is a permalink."""
    wanted = {"lang": lang(), "date": as_of().isoformat()}
    wanted.update({k: v for k, v in extra.items()})
    for key, value in wanted.items():
        if value in (None, ""):
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def permalink(page: str, **params: str | None) -> str:
    """A relative link to ``page`` with the current language and date and ``params``."""
    q = {"lang": lang(), "date": as_of().isoformat()}
    q.update({k: v for k, v in params.items() if v})
    if page == HOME:  # the first page is served at the app's root
        return f"./?{urlencode(q)}"
    return f"./{page}?{urlencode(q)}"


# --- data -------------------------------------------------------------------------------------------------

def dist_dir() -> Path:
    """The dist/ folder the app reads: ``$JARING_DIST`` if set, else the project's dist/ (:mod:`kg.dist`)."""
    return dist_io.default_dist()


def data_version() -> str:
    """The data version of the built graph (:func:`kg.dist.data_version`); every cache of the app is keyed by
    it, so a rebuild is seen on the next rerun without restarting the app."""
    return dist_io.data_version(dist_dir()) or ""


@st.cache_resource(show_spinner=False, max_entries=4)
def store_at(dist: str, version: str):
    """The store of ``dist`` at data ``version`` (cached per version: a rebuild loads the new graph)."""
    from ..store.store import open_store

    return open_store(dist=Path(dist))


def store():
    """The store, loaded once per data version; stops the page with a clear message if the data cannot be loaded."""
    try:
        return store_at(str(dist_dir()), data_version())
    except Exception as exc:  # noqa: BLE001 - show the reason, never a traceback
        st.error(T("app.store_error", what=_reason(exc)))
        st.stop()


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(fn_name: str, dist: str, version: str, *args):
    return getattr(views, fn_name)(store_at(dist, version), *args)


def view(fn_name: str, *args):
    """Call ``kg.answers.views.<fn_name>(store, *args)`` with the result cached per data version and arguments."""
    store()
    return _cached(fn_name, str(dist_dir()), data_version(), *args)


@st.cache_resource(show_spinner=False, max_entries=4)  # shared, not copied: name() is called hundreds of times
def _label_index(dist: str, version: str) -> dict[str, dict[str, str]]:  # per page (cache_data unpickles per call)
    return views.label_index(store_at(dist, version))


def labels() -> dict[str, dict[str, str]]:
    store()
    return _label_index(str(dist_dir()), data_version())


def name(iri: str | None) -> str:
    """The label of ``iri`` in the current language (its short id when unlabelled)."""
    if not iri:
        return ""
    iri = str(iri)
    return views.pick(labels().get(iri), lang(), views.short(iri))


def manifest() -> dict:
    return dist_io.read_manifest(dist_dir())


# --- safe rendering ---------------------------------------------------------------------------------------

def md_escape(text) -> str:
    """Escape every Markdown (and HTML) meaning from ``text`` so it shows literally (:func:`kg.ids.md_escape`)."""
    return ids.md_escape(text or "", "page")


def link(iri: str, text: str | None = None) -> str:
    """Markdown link to the Explore page for ``iri`` (label escaped)."""
    label = md_escape(text if text is not None else name(iri))
    return f"[{label}]({permalink('explore', entity=views.short(iri))})"


def link_page(page: str, text: str, **params: str | None) -> str:
    """Markdown link to another page of the app (text escaped)."""
    return f"[{md_escape(text)}]({permalink(page, **params)})"


def law_link(iri: str, text: str | None = None) -> str:
    """Markdown link to the Law page for an instrument or provision."""
    inst = iri.split("/pasal/")[0].split("/penjelasan/")[0].split("/article/")[0].split("/bab/")[0]
    label = md_escape(text if text is not None else name(iri))
    return f"[{label}]({permalink('law', instrument=views.short(inst), provision=views.short(iri))})"


def citations_block(cites: list[dict]) -> None:
    """Show citations: document (linked), pinpoint, and the verbatim quote when there is one."""
    seen = set()
    for c in cites:
        doc = c.get("doc", "")
        key = (doc, c.get("at", ""), c.get("quote") or "")
        if key in seen:  # the same passage cited for several facts of one node is shown once
            continue
        seen.add(key)
        line = f"{T('app.source')}: {link(doc, c.get('docLabel') or name(doc))}, {md_escape(c.get('at', ''))}"
        st.markdown(line)
        if c.get("quote"):
            st.caption(f"\u201c{md_escape(c['quote'])}\u201d")


def fail(exc: BaseException) -> None:
    """A clear message instead of a traceback (the traceback goes to the server log only)."""
    traceback.print_exception(exc)
    st.error(T("app.error", what=_reason(exc)))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]


def as_of_caption() -> None:
    """"Law read as of DATE" (the date chosen in the sidebar, not the data's freshness) and, where the currency
    register has checks, "law checked up to DATE" (the oldest status check)."""
    line = T("app.as_of_note", date=as_of().isoformat())
    checked = law_checked_up_to()
    if checked:
        line += " " + T("app.checked_up_to", date=checked)
    st.caption(line)


def law_checked_up_to() -> str | None:
    """The date the law was last checked for every instrument (kg.answers.currency), or None where nothing is checked."""
    try:
        from ..answers.currency import Check, checked_up_to

        return checked_up_to(checks=[Check(**c) for c in view("currency")]).date
    except Exception:  # noqa: BLE001 - an installation without the currency register: no line
        return None
