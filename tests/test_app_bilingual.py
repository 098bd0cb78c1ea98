"""Every page walked in Indonesian (AppTest): each interface string (title, heading, widget label, option
placeholder, button, metric, table column) must come from the Indonesian string table or be a label from the
data; no English interface string may show. Streamlit's own English defaults ("Choose options") count too."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from kg.i18n import STRINGS, t  # noqa: E402
from app_support import serve_dist_to_app  # noqa: E402

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# page, extra query parameters: every page, every view of the gap register, an answer, an instrument, an entity
WALK = [("entitlements", {}), ("entitlements", {"profile": "sex=male&age_group=adult&sector=fishing&"
                                                          "exploited_abroad=region/malaysia&province=region/jawa-barat"}),
        ("gaps", {}), ("gaps", {"view": "map"}), ("gaps", {"view": "matrix"}), ("gaps", {"view": "timeline"}),
        ("law", {"instrument": "uu/2007/21"}), ("law", {"instrument": "uu/2004/39"}), ("institutions", {}),
        ("explore", {"entity": "uu/2007/21"}), ("sparql", {}), ("sources", {})]
STREAMLIT_DEFAULTS = ("Choose options", "Choose an option", "No options to select", "No results", "Press Enter")


def _template(text: str) -> re.Pattern:
    parts = re.split(r"\{[a-z_]+\}", text)
    return re.compile(".+?".join(re.escape(p) for p in parts), re.S)


ID_TEMPLATES = [_template(v["id"]) for v in STRINGS.values() if v.get("id")]
# English interface strings that differ from their Indonesian (and are words, not names such as "SPARQL")
EN_ONLY = sorted({v["en"] for v in STRINGS.values() if v.get("en") and v["en"] != v.get("id")
                  and "{" not in v["en"] and len(v["en"]) > 3 and " " in v["en"]}, key=len, reverse=True)


@pytest.fixture(scope="module", autouse=True)
def test_dist(tmp_path_factory):
    yield from serve_dist_to_app(tmp_path_factory, "bilingual")


@pytest.fixture(scope="module")
def data_labels(test_dist):
    from kg.answers import views
    from kg.store.store import open_store

    labels = set()
    for langs in views.label_index(open_store(dist=test_dist)).values():
        labels |= set(langs.values())
    return labels


def _interface_strings(at: AppTest) -> list[tuple[str, str]]:
    out = []
    for kind in ("title", "subheader", "metric", "selectbox", "multiselect", "radio", "text_input", "text_area",
                 "number_input", "date_input", "toggle", "button", "expander"):
        for el in getattr(at, kind, []):
            label = getattr(el, "label", None) if kind not in ("title", "subheader") else el.value
            if label:
                out.append((kind, str(label)))
            placeholder = getattr(el.proto, "placeholder", "") if hasattr(el, "proto") else ""
            if placeholder:
                out.append((kind + " placeholder", placeholder))
            elif kind == "multiselect":  # no placeholder: the browser shows Streamlit's English "Choose options"
                out.append((kind + " placeholder", "Choose options"))
    for el in at.get("download_button"):
        out.append(("download_button", el.label))
    for df in at.dataframe:
        out += [("table column", str(c)) for c in df.value.columns]
    return out


def _all_text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    # verbatim quotes keep the language of their source (an English report is quoted in English)
    return re.sub(r"\u201c[^\u201d]*\u201d", "\u201c\u201d", "\n".join(parts))


def _ok(text: str, data_labels: set[str]) -> bool:
    text = text.strip()
    if not text or text in data_labels or text == "\u2014" or re.fullmatch(r"[\d\s.,:/\-–()%]+|[\w.\-]+\.(json|ttl|nq|nt|trig|jsonld)"
                                                       r"|id|en|SPARQL|IRI|URL|Label|Jaring", text):
        return True
    return any(p.fullmatch(text) for p in ID_TEMPLATES)


@pytest.mark.parametrize("page,params", WALK, ids=[f"{p}-{'-'.join(q) or 'default'}" for p, q in WALK])
def test_page_in_indonesian_shows_no_english_interface_string(page, params, data_labels):
    at = AppTest.from_file(APP, default_timeout=400)
    at.query_params.update({"page": page, "lang": "id", "date": "2024-01-01", **params})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    bad = [(kind, s) for kind, s in _interface_strings(at) if not _ok(s, data_labels)]
    assert bad == [], f"not from the Indonesian table: {bad}"
    body = _all_text(at)
    leaks = [s for s in STREAMLIT_DEFAULTS + tuple(EN_ONLY) if s in body or
             any(s == x for _k, x in _interface_strings(at))]
    assert leaks == [], f"English interface strings on the Indonesian page: {leaks}"


def test_the_walk_would_catch_a_leak():
    """The checker itself: an English label is refused, an Indonesian one and a data label accepted."""
    assert not _ok("Choose options", set())
    assert not _ok(t("gaps.view.map", "en"), set())
    assert _ok(t("gaps.view.map", "id"), set())
    assert _ok(t("gaps.list", "id", n=12), set())
    assert _ok("Provinsi Jawa Barat", {"Provinsi Jawa Barat"})
