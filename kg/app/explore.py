"""Explore page: search in both languages (and citations such as "UU 21/2007 Pasal 51"); an entity page for
any IRI with labels, types, links both ways, sources with quotes, and a neighbourhood graph to click through."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..answers import views
from . import common
from .common import T, md_escape
from .institutions import _dot

LITERAL_PROPS_FIRST = ("rdfs:label", "skos:prefLabel", "eli:title", "skos:scopeNote", "jar:statement")


def _resolve_citation(text: str) -> str | None:
    """The IRI a citation names, if ``text`` is one (and it exists in the graph)."""
    from ..answers.citations import CitationError, resolve

    try:
        found = resolve(text, store=common.store())
    except CitationError:
        return None
    except Exception:  # noqa: BLE001 - a citation that cannot be resolved is simply not a citation
        return None
    return getattr(found, "iri", found) if found else None


def _search(text: str) -> list[dict]:
    from ..answers.search import search

    hits = search(text, store=common.store(), limit=50)
    return [h.to_dict() for h in hits]


def page() -> None:
    st.title(T("page.explore"))
    st.caption(T("ex.intro"))
    common.as_of_caption()
    qp = st.query_params
    if "ex_q" not in st.session_state:
        st.session_state["ex_q"] = qp.get("q", "")
    text = st.text_input(T("ex.search"), key="ex_q", placeholder=T("ex.placeholder"))
    entity_param = qp.get("entity")
    if text.strip():
        common.sync_params(q=text.strip(), entity=entity_param)
        with st.spinner(T("app.loading")):
            cited = _resolve_citation(text.strip())
            if cited:
                st.success(T("ex.citation_hit", label=common.name(cited)))
                entity_param = views.short(cited)
                hits = []
            else:
                try:
                    hits = _search(text.strip())
                except ImportError as exc:
                    st.info(T("app.unavailable", what=str(exc)))
                    hits = []
        if not cited:
            st.subheader(T("ex.results", n=len(hits)))
            if not hits:
                st.info(T("ex.no_results"))
            for h in hits[:50]:
                node = h.get("iri") or h.get("id") or ""
                kind = h.get("type") or h.get("kind") or ""
                snippet = h.get("snippet") or h.get("text") or ""
                line = f"- {common.link(node)}"
                if kind:
                    line += f" \u00b7 _{md_escape(views.short(str(kind)))}_"
                st.markdown(line)
                if snippet:
                    st.caption(md_escape(snippet)[:300])
    else:
        common.sync_params(q=None, entity=entity_param)
    if entity_param:
        _entity(str(views.iri(entity_param)))
    elif not text.strip():
        st.info(T("ex.pick"))


def _entity(node: str) -> None:
    ent = common.view("entity", node)
    st.divider()
    st.header(common.name(node))
    st.code(node, language=None)
    if not ent["exists"]:
        st.warning(T("ex.unknown"))
        return
    cols = st.columns(2)
    with cols[0]:
        st.markdown(f"**{T('ex.labels')}**\n\n" + "\n".join(
            f"- `{code or '-'}` {md_escape(ent['labels'][code])}" for code in ("id", "en", "")
            if ent["labels"].get(code)))
    with cols[1]:
        st.markdown(f"**{T('ex.types')}**\n\n" + "\n".join(
            f"- {common.link(ty, views.short(ty)) if ty.startswith(views.BASE) else md_escape(views.short(ty))}"
            for ty in ent["types"]))

    if ent["citations"]:
        st.subheader(T("app.sources"))
        common.citations_block(ent["citations"])

    st.subheader(T("ex.outgoing"))
    lines = []  # one Markdown block per list: a node with hundreds of links shows in a second
    for lk in ent["outgoing"]:
        prop = md_escape(views.short(lk.prop))
        if lk.is_iri:
            target = common.link(lk.target) if views.is_data_iri(lk.target) else md_escape(views.short(lk.target))
        else:
            target = md_escape(lk.target) + (f" `@{lk.lang}`" if lk.lang else "")
        lines.append(f"- _{prop}_ \u2192 {target}")
    if lines:
        st.markdown("\n".join(lines))

    st.subheader(T("ex.incoming"))
    if not ent["incoming"]:
        st.caption(T("app.none"))
    shown = ent["incoming"][:80]
    if shown:
        st.markdown("\n".join(f"- {common.link(x)} \u2014 _{md_escape(views.short(p))}_" for x, p in shown))
    if len(ent["incoming"]) > len(shown):
        st.caption(T("ex.more", n=len(ent["incoming"]) - len(shown)))

    st.subheader(T("ex.graph"))
    edges = common.view("neighbourhood", node)
    # drawn on demand: Graphviz lays the graph out in the browser and holds the page for seconds
    if edges and not st.toggle(T("ex.show_graph", n=len(edges)), key="ex_graph"):
        others = sorted({x for x, _p, _y in edges} | {y for _x, _p, y in edges} - {node})
        st.markdown(" \u00b7 ".join(common.link(o) for o in others if o != node))
    elif edges:
        lines = ["digraph { rankdir=LR; node [shape=box, style=rounded, fontsize=10]; edge [fontsize=8];",
                 f'"{_dot(common.name(node))}" [style="rounded,filled", fillcolor="#dbeafe"];']
        for x, p, y in edges:
            lines.append(f'"{_dot(common.name(x))}" -> "{_dot(common.name(y))}" [label="{_dot(views.short(p))}"];')
        lines.append("}")
        st.graphviz_chart("\n".join(lines))
        others = sorted({x for x, _p, _y in edges} | {y for _x, _p, y in edges} - {node})
        st.markdown(" \u00b7 ".join(common.link(o) for o in others if o != node))
    else:
        st.caption(T("app.none"))
    with st.expander(T("app.download_csv")):
        df = pd.DataFrame([{"property": views.short(lk.prop), "value": lk.target} for lk in ent["outgoing"]])
        st.download_button(T("app.download_csv"), df.to_csv(index=False).encode("utf-8"),
                           file_name=f"{views.short(node).replace('/', '_')}.csv", mime="text/csv",
                           key="ex_dl_csv")
