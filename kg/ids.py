"""Names and labels, written once (issue 20): IRIs from ids, ids from IRIs, a label in a language, and escaping
text for Markdown. Every module uses these; a helper the project already has is never written again.

>>> iri("org/kemensos")
'https://w3id.org/jaring/id/org/kemensos'
>>> short_id(iri("org/kemensos"))
'org/kemensos'
"""
from __future__ import annotations

import re

from .namespaces import PREFIXES

BASE = PREFIXES["id"]
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def iri(value: str) -> str:
    """A full IRI from a full IRI (``<…>`` allowed), a prefixed name (``jar:Entitlement``) or a data id
    (``org/kemensos``, leading and trailing slashes ignored).

    >>> iri("jar:Entitlement")
    'https://w3id.org/jaring/ontology/Entitlement'
    >>> iri("<https://example.org/x>"), iri("urn:x:1"), iri("/region/idn/")
    ('https://example.org/x', 'urn:x:1', 'https://w3id.org/jaring/id/region/idn')
    """
    value = str(value).strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if _SCHEME.match(value):
        return value
    return BASE + value.strip("/")


def short_id(value):
    """The data id of an IRI under the data namespace; anything else is returned as it is.

    >>> short_id("https://w3id.org/jaring/id/uu/2007/21"), short_id("https://example.org/x"), short_id(None)
    ('uu/2007/21', 'https://example.org/x', None)
    """
    return value[len(BASE):] if isinstance(value, str) and value.startswith(BASE) else value


def compact(value: str) -> str:
    """A compact name for an IRI: its data id, else a prefixed name (``jar:Entitlement``), else the IRI.

    >>> compact("https://w3id.org/jaring/ontology/Entitlement"), compact(BASE + "org/kemensos")
    ('jar:Entitlement', 'org/kemensos')
    """
    if value.startswith(BASE):
        return value[len(BASE):]
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if value.startswith(ns) and prefix != "id":
            return f"{prefix}:{value[len(ns):]}"
    return value


def pick_label(labels: dict | None, lang: str, fallback: str | None = None) -> str:
    """The label in ``lang``, else in English, else in Indonesian, else the untagged one; then ``fallback``
    when given, else any label there is, else "".

    >>> pick_label({"id": "Korban", "en": "Victim"}, "id"), pick_label({"en": "Victim"}, "id")
    ('Korban', 'Victim')
    >>> pick_label({}, "en", "uu/2007/21"), pick_label({"fr": "Victime"}, "en"), pick_label(None, "en")
    ('uu/2007/21', 'Victime', '')
    """
    labels = labels or {}
    for code in (lang, "en", "id", ""):
        if labels.get(code):
            return labels[code]
    if fallback is not None:
        return fallback
    return next((v for v in labels.values() if v), "")


# --- Markdown ---------------------------------------------------------------------------------------------------
# Three places show text from the graph as Markdown, each with its own, deliberate rule:
#   "page"  a Streamlit page: every Markdown and HTML meaning is removed (labels may hold anything; the app must
#           show them as text), newlines become spaces;
#   "brief" the entitlement brief (.md download): the characters that start Markdown syntax are escaped, line
#           breaks kept;
#   "cell"  a cell of a Markdown table in a report of our own records (docs/gaps.md): only what breaks the table
#           (the pipe and newlines).
_ESCAPE = {
    "page": re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$&:])"),
    "brief": re.compile(r"([\\`*_{}\[\]<>()#+!|])"),
}


def md_escape(text, context: str = "page") -> str:
    """``text`` made literal in Markdown for ``context`` ("page", "brief" or "cell"; see above).

    >>> md_escape("<b>1. a_b</b>")
    '\\\\<b\\\\>1\\\\. a\\\\_b\\\\</b\\\\>'
    >>> md_escape("a_b (c)", "brief"), md_escape("a | b\\nc", "cell")
    ('a\\\\_b \\\\(c\\\\)', 'a \\\\| b c')
    """
    text = "" if text is None else str(text)
    if context == "cell":
        return text.replace("|", "\\|").replace("\n", " ")
    escaped = _ESCAPE[context].sub(r"\\\1", text)
    return escaped.replace("\n", " ") if context == "page" else escaped
