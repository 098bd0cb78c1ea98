"""Sources and data page: the bibliography with how many facts each document supports, the discrepancy
register, downloads of every dist/ file, how to cite, and the build's version."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import common
from .common import T, md_escape
from .law import _discrepancies

MIME = {".trig": "application/trig", ".nq": "application/n-quads", ".ttl": "text/turtle",
        ".nt": "application/n-triples", ".jsonld": "application/ld+json", ".json": "application/json"}


def page() -> None:
    st.title(T("page.sources"))
    st.caption(T("src.intro"))
    common.as_of_caption()

    st.subheader(T("src.bibliography"))
    docs = common.view("bibliography")
    types = {d["type"]: common.name(d["type"]) if str(d["type"]).startswith("http") else d["type"] for d in docs}
    df = pd.DataFrame([{T("app.label"): d["short"] or d["title"], T("law.title"): d["title"],
                        T("law.type"): types[d["type"]], T("src.year"): d["year"],
                        T("src.official"): T("app.yes") if d["official"] else T("app.no"),
                        T("src.facts"): d["facts"], T("src.link"): d["url"]} for d in docs])
    st.dataframe(df, hide_index=True, width="stretch", column_config={
        T("app.label"): st.column_config.TextColumn(width="medium"),
        T("law.title"): st.column_config.TextColumn(width="large"),
        T("src.link"): st.column_config.LinkColumn(T("src.link"), width="small")})
    with st.expander(T("src.open_list", n=len(docs))):  # each document's page (links), one block
        st.markdown("\n".join(f"- {common.link(d['iri'], d['short'] or d['title'] or d['id'])} \u2014 "
                               f"{md_escape(d['title'])}" for d in docs))

    items = common.view("discrepancies", None)
    st.subheader(T("src.discrepancies", n=len(items)))
    _discrepancies(items)

    st.subheader(T("src.downloads"))
    man = common.manifest()
    dist = common.dist_dir()
    files = man.get("files", {})
    for i, (fname, meta) in enumerate(sorted(files.items()) + [("manifest.json", {"holds": "manifest"})]):
        path = dist / fname
        if not path.exists():
            continue
        cols = st.columns([2, 3, 2])
        cols[0].download_button(fname, path.read_bytes(), file_name=fname,
                                mime=MIME.get(path.suffix, "application/octet-stream"), key=f"src_dl_{i}")
        key = f"src.holds.{fname}"  # what the file holds, in the chosen language (the manifest says it in English)
        cols[1].caption(md_escape(T(key) if T(key) != key else meta.get("holds", "")))
        if meta.get("sha256"):
            cols[2].caption(f"sha256 {meta['sha256'][:16]}\u2026 \u00b7 {meta.get('bytes', 0):,} B")

    st.subheader(T("src.how_to_cite"))
    summary = man.get("summary", {})
    st.code(T("src.cite_text", version=summary.get("version", "?"), date=common.as_of().isoformat()), language=None)

    st.subheader(T("src.build"))
    st.json({k: summary.get(k) for k in ("version", "triples", "facts", "facts_without_source",
                                         "instruments_labelled_both_languages", "source_files_sha256")},
            expanded=False)
    st.dataframe(pd.DataFrame(sorted(summary.get("records", {}).items()), columns=[T("src.record"), T("app.count")]),
                 hide_index=True)
