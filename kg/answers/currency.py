"""The currency register: when each instrument's status was last checked, against what, and what was found.

Source records carry ``currency:`` (see sources/README.md, "Currency register"); the build turns each into a
``jar:CurrencyCheck`` node ``<instrument>/currency``. This module reads them back for ``kg currency``, the CLI and
the app, so every answer can say how current the law behind it is.

"Law checked up to DATE" — the definition every surface uses
    Each instrument is verified up to its ``covers_until`` when the check records one (the sources searched end
    there, e.g. a collection of texts whose last act is of January 2023), else up to its ``checked_on``.
    For an answer, DATE is the **oldest** such date among the instruments the answer rests on: the instrument
    of every legal basis (provision or instrument) of every right listed, entitled or not. A chain is only as
    current as its least recently checked link. With nothing to rest on (an empty answer), DATE is the oldest
    ``checked_on`` of the whole register. Instruments without a check are listed apart (``unchecked``); they do not
    lower DATE, but their presence is itself a warning (the build refuses an instrument in force without a check).
    :func:`checked_up_to` returns that date with its scope, the unchecked and not-verified instruments, and the
    banners for instruments whose known changes are not encoded (legislation.gov.uk's "changes not yet applied").
Asking about a later date
    :func:`date_warning` warns when the as-of date of a question is after DATE: nothing said about the law after
    the last check has been verified.

Every function takes a store (``kg.store.store.open_store()``) and returns plain data; labels come in ``id`` and ``en``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Iterable

from ..ids import pick_label, short_id
from ..namespaces import PREFIXES

FINDINGS = ("no-change", "amended", "revoked", "changes-not-encoded", "not-found")
_ID = PREFIXES["id"]  # data IRIs are ID + short id

MESSAGES = {
    "checked_up_to": {"en": "Law checked up to {date}", "id": "Hukum diperiksa sampai {date}"},
    "checked_up_to_register": {"en": "Law checked up to {date} (oldest check in the register)",
                               "id": "Hukum diperiksa sampai {date} (pemeriksaan tertua dalam daftar)"},
    "not_checked": {"en": "The currency of the law behind this answer has not been checked",
                    "id": "Kemutakhiran hukum yang mendasari jawaban ini belum diperiksa"},
    "after_check": {"en": "You asked about {asked}, after the date up to which the law behind this answer is "
                          "verified ({checked}): changes made since then are not in the graph, and what it says "
                          "about {asked} is not verified.",
                    "id": "Anda menanyakan {asked}, setelah tanggal batas verifikasi hukum yang mendasari jawaban ini "
                          "({checked}): perubahan sejak itu tidak ada dalam graf, dan apa yang dikatakannya tentang "
                          "{asked} belum terverifikasi."},
    "banner": {"en": "Changes not yet encoded: {label} has been changed by {by}; the graph does not yet show those "
                     "changes.",
               "id": "Perubahan belum dimasukkan: {label} telah diubah oleh {by}; graf belum memuat perubahan "
                     "itu."},
    "not_verified": {"en": "Status not verified: {labels}", "id": "Status tidak terverifikasi: {labels}"},
    "sources_end": {"en": "(checked on {checked}; the sources searched show no changes after that date)",
                    "id": "(diperiksa pada {checked}; sumber yang dicari tidak memuat perubahan sesudah tanggal itu)"},
    "unchecked": {"en": "Never checked: {labels}", "id": "Belum pernah diperiksa: {labels}"},
    "empty": {"en": "No instrument matches.", "id": "Tidak ada instrumen yang cocok."},
}
FINDING_LABELS = {
    "no-change": {"en": "no change found", "id": "tidak ditemukan perubahan"},
    "amended": {"en": "amended", "id": "diubah"},
    "revoked": {"en": "revoked or repealed", "id": "dicabut"},
    "changes-not-encoded": {"en": "changes not yet encoded", "id": "perubahan belum dimasukkan"},
    "not-found": {"en": "status not verified", "id": "status tidak terverifikasi"},
    None: {"en": "never checked", "id": "belum pernah diperiksa"},
}


def msg(key: str, lang: str, **kw) -> str:
    text = MESSAGES[key].get(lang) or MESSAGES[key]["en"]
    return text.format(**kw)


@dataclass
class Check:
    """One instrument's row of the register (``found`` is None when the instrument was never checked)."""

    instrument: str  # IRI
    id: str  # short id (uu/2007/21)
    label: dict[str, str]
    checked_on: str | None = None  # YYYY-MM-DD
    found: str | None = None
    covers_until: str | None = None  # YYYY-MM-DD: the sources checked end here (before checked_on)
    by: list[str] = field(default_factory=list)  # short ids of the changing instruments/provisions
    by_labels: list[dict[str, str]] = field(default_factory=list)
    note: dict[str, str] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)  # {doc, document, at, quote}

    @property
    def verified_to(self) -> str | None:
        """Up to which day this instrument's status is verified: covers_until, else checked_on."""
        return self.covers_until or self.checked_on

    def finding_label(self, lang: str) -> str:
        return FINDING_LABELS[self.found][lang]

    def source_text(self) -> str:
        return "; ".join(f"{s['doc']}, {s['at']}" for s in self.sources)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class CheckedUpTo:
    """How current the law behind an answer is (see the module docstring for the definition)."""

    date: str | None
    scope: str  # "answer" (the instruments it rests on) | "register" (every instrument)
    checked_on: str | None = None  # the oldest day a check was made (differs from date when sources end earlier)
    instruments: list[str] = field(default_factory=list)  # short ids considered
    unchecked: list[Check] = field(default_factory=list)
    not_verified: list[Check] = field(default_factory=list)  # found: not-found
    banners: list[Check] = field(default_factory=list)  # found: changes-not-encoded

    def text(self, lang: str = "en") -> str:
        if self.date is None:
            return msg("not_checked", lang)
        text = msg("checked_up_to" if self.scope == "answer" else "checked_up_to_register", lang, date=self.date)
        if self.checked_on and self.checked_on != self.date:
            text += " " + msg("sources_end", lang, checked=self.checked_on)
        return text

    def banner_texts(self, lang: str = "en") -> list[str]:
        return [banner_text(c, lang) for c in self.banners]

    def to_dict(self, brief: bool = False) -> dict:
        d = {"date": self.date, "scope": self.scope, "checked_on": self.checked_on,
             "instruments": len(self.instruments) if brief else self.instruments,
             "unchecked": [c.id for c in self.unchecked], "not_verified": [c.id for c in self.not_verified],
             "banners": [{"instrument": c.id, "label": c.label, "by": c.by, "note": c.note,
                          "text": {lg: banner_text(c, lg) for lg in ("id", "en")}} for c in self.banners],
             "text": {lg: self.text(lg) for lg in ("id", "en")}}
        return d


_short = short_id
_pick = pick_label


def banner_text(c: Check, lang: str) -> str:
    by = ", ".join(_pick(lb, lang) or b for lb, b in zip(c.by_labels, c.by)) or "?"
    return msg("banner", lang, label=_pick(c.label, lang) or c.id, by=by)


# --- reading the register -----------------------------------------------------------------------------------

_Q_REGISTER = """
SELECT ?i ?lab (LANG(?lab) AS ?lab_lang) ?on ?cov ?found ?cur WHERE {
  ?i a jar:LegalInstrument .
  OPTIONAL { ?i rdfs:label ?lab }
  OPTIONAL { ?i jar:currency ?cur . ?cur jar:checkedOn ?on ; jar:currencyFinding ?f .
             OPTIONAL { ?cur jar:coversUntil ?cov }
             BIND(STRAFTER(STR(?f), "/currency-findings/") AS ?found) }
}"""
_Q_BY = """
SELECT ?cur ?by ?lab (LANG(?lab) AS ?lab_lang) WHERE { ?cur a jar:CurrencyCheck ; jar:changedBy ?by . OPTIONAL { ?by rdfs:label ?lab } }"""
_Q_NOTE = """SELECT ?cur ?note (LANG(?note) AS ?note_lang) WHERE { ?cur a jar:CurrencyCheck ; rdfs:comment ?note }"""
_Q_SRC = """
SELECT ?cur ?doc ?dlab ?at ?quote WHERE {
  ?cur a jar:CurrencyCheck ; jar:source ?c . ?c jar:document ?doc ; jar:pinpoint ?at .
  OPTIONAL { ?c jar:quote ?quote } OPTIONAL { ?doc dcterms:title ?dlab } }"""


def _rows_lang(store, query: str):
    """Rows of plain strings; a literal's language comes from a ``(LANG(?x) AS ?x_lang)`` column."""
    from .views import select

    out = []
    for r in select(store, query):
        for k in [k for k in r if k.endswith("_lang")]:
            r[k[:-5] + "@lang"] = r.pop(k)
        out.append(r)
    return out


def register(store) -> list[Check]:
    """Every instrument of the graph with its currency check (``found`` None when never checked), sorted by id."""
    checks: dict[str, Check] = {}
    by_cur: dict[str, Check] = {}
    for r in _rows_lang(store, _Q_REGISTER):
        c = checks.get(r["i"])
        if c is None:
            c = checks[r["i"]] = Check(instrument=r["i"], id=_short(r["i"]), label={})
        if "lab" in r:
            c.label[r.get("lab@lang", "")] = r["lab"]
        if "on" in r:
            c.checked_on, c.found = r["on"][:10], r["found"]
            c.covers_until = r["cov"][:10] if r.get("cov") else None
            by_cur[r["cur"]] = c
    by_labels: dict[tuple[str, str], dict] = {}
    for r in _rows_lang(store, _Q_BY):
        c = by_cur.get(r["cur"])
        if c is None:
            continue
        key = (r["cur"], r["by"])
        if key not in by_labels:
            by_labels[key] = {}
            c.by.append(_short(r["by"]))
            c.by_labels.append(by_labels[key])
        if "lab" in r:
            by_labels[key][r.get("lab@lang", "")] = r["lab"]
    for r in _rows_lang(store, _Q_NOTE):
        c = by_cur.get(r["cur"])
        if c is not None:
            c.note[r.get("note@lang", "")] = r["note"]
    seen = set()
    for r in _rows_lang(store, _Q_SRC):
        c = by_cur.get(r["cur"])
        key = (r["cur"], r["doc"], r["at"], r.get("quote"))
        if c is None or key in seen:
            continue
        seen.add(key)
        c.sources.append({"doc": _short(r["doc"]).removeprefix("source/"), "document": r.get("dlab"),
                          "at": r["at"], "quote": r.get("quote")})
    out = sorted(checks.values(), key=lambda c: c.id)
    for c in out:
        order = sorted(range(len(c.by)), key=lambda i: c.by[i])
        c.by, c.by_labels = [c.by[i] for i in order], [c.by_labels[i] for i in order]
        c.sources.sort(key=lambda s: (s["doc"], s["at"]))
    return out


def select_checks(checks: list[Check], found: Iterable[str] | None = None, before: date | None = None,
                  instruments: Iterable[str] | None = None) -> list[Check]:
    """Filter the register: by finding (``never`` selects instruments never checked), by a check older than
    ``before`` (never-checked instruments count as older), or to the given instrument ids/IRIs."""
    wanted = set(found or ())
    keep = set(_short(i) for i in instruments) if instruments is not None else None
    out = []
    for c in checks:
        if wanted and (c.found or "never") not in wanted:
            continue
        if before is not None and c.checked_on is not None and not in_window(None, before, c.checked_on):
            continue  # checked on or after ``before`` (the one as-of rule decides: [.., before) )
        if keep is not None and c.id not in keep:
            continue
        out.append(c)
    return out


_REGISTERS: dict = {}


def register_cached(store) -> list[Check]:
    """:func:`register` read once per store object (answer surfaces call it for every answer)."""
    try:
        hit = _REGISTERS.get(store)
    except TypeError:
        return register(store)
    if hit is None:
        hit = _REGISTERS[store] = register(store)
    return hit


def _by_prefix(resources: Iterable[str], ids: Iterable[str]) -> tuple[set[str], list[str]]:
    """Map resources (ids or IRIs of provisions or instruments) to the instrument ids they start with (the longest
    such id: provision ids extend their instrument's); return the matches and the unmatched resources."""
    known = sorted(set(ids), key=len, reverse=True)
    found, rest = set(), []
    for res in resources:
        short = _short(str(res)).strip("/")
        hit = next((i for i in known if short == i or short.startswith(i + "/")), None)
        if hit:
            found.add(hit)
        else:
            rest.append(res)
    return found, rest


def instruments_of(store, resources: Iterable[str], known: Iterable[str] | None = None) -> list[str]:
    """The instruments (short ids) that resources — provisions or instruments, ids or IRIs — belong to. With
    ``known`` instrument ids, ids are matched by prefix first and the store is asked only for the rest."""
    from .views import iri, select

    out: set[str] = set()
    if known is not None:
        out, resources = _by_prefix(resources, known)
    for res in resources:
        node = str(iri(res))
        rows = select(store, "SELECT ?i WHERE { { ?r jar:inInstrument ?i } UNION "
                             "{ ?r a jar:LegalInstrument . BIND(?r AS ?i) } }", {"r": iri(res)})
        out.update(_short(r["i"]) for r in rows if "i" in r)
        if not rows and node.startswith(_ID):
            out.add(_short(node))
    return sorted(out)


def checked_up_to(store=None, resources: Iterable[str] | None = None, *, checks: list[Check] | None = None
                  ) -> CheckedUpTo:
    """The "law checked up to" date for an answer resting on ``resources`` (provisions or instruments); with no
    resources, for the whole register. Pass ``checks`` (from :func:`register`) to avoid re-reading the store."""
    checks = checks if checks is not None else register(store)
    res = list(resources or [])
    if res:
        ids = [c.id for c in checks]
        inst = (instruments_of(store, res, known=ids) if store is not None
                else sorted(_by_prefix(res, ids)[0] | {_short(r) for r in _by_prefix(res, ids)[1]}))
        rows = select_checks(checks, instruments=inst)
        scope = "answer"
    else:
        rows, scope = checks, "register"
    dates = [c.verified_to for c in rows if c.checked_on]
    checked = [c.checked_on for c in rows if c.checked_on]
    return CheckedUpTo(date=min(dates) if dates else None, scope=scope, checked_on=min(checked) if checked else None,
                       instruments=[c.id for c in rows],
                       unchecked=[c for c in rows if c.found is None],
                       not_verified=[c for c in rows if c.found == "not-found"],
                       banners=[c for c in rows if c.found == "changes-not-encoded"])


def law_checked_up_to(store, resources: Iterable[str] | None = None) -> str | None:
    """Just the date (YYYY-MM-DD) of :func:`checked_up_to`, for an answer's ``law_checked_up_to`` field."""
    return checked_up_to(store, resources).date


def date_warning(as_of: date | str | None, checked: CheckedUpTo | str | None) -> dict[str, str] | None:
    """A bilingual warning when the question's date is after the last check (None otherwise)."""
    day = checked.date if isinstance(checked, CheckedUpTo) else checked
    if as_of is None or day is None:
        return None
    asked = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of)[:10])
    # verified through the check day inclusive: the window [.., day + 1) decided by the one as-of rule
    if in_window(None, date.fromisoformat(day) + timedelta(days=1), asked):
        return None
    return {lg: msg("after_check", lg, asked=asked.isoformat(), checked=day) for lg in ("id", "en")}


def answer_lines(info: CheckedUpTo, as_of: date | None, lang: str = "en") -> list[str]:
    """Plain lines every answer prints: the checked-up-to line, the after-check warning, the banners, and the
    instruments whose status could not be verified or was never checked."""
    lines = [info.text(lang)]
    warn = date_warning(as_of, info)
    if warn:
        lines.append("\u26a0 " + warn[lang])
    lines += ["\u26a0 " + t for t in info.banner_texts(lang)]
    if info.not_verified:
        lines.append(msg("not_verified", lang, labels=", ".join(_pick(c.label, lang) or c.id
                                                                 for c in info.not_verified)))
    if info.unchecked:
        lines.append(msg("unchecked", lang, labels=", ".join(_pick(c.label, lang) or c.id for c in info.unchecked)))
    return lines


# --- successor mapping (INTERFACES #3) -----------------------------------------------------------------------

_Q_SUCC = """
SELECT ?s ?kind ?by ?bylab (LANG(?bylab) AS ?bylab_lang) ?basis ?blab (LANG(?blab) AS ?blab_lang) ?note
       (LANG(?note) AS ?note_lang) ?doc ?at ?quote WHERE {
  ?right jar:succession ?s . ?s jar:successionKind ?k ; jar:successionBasis ?basis .
  BIND(STRAFTER(STR(?k), "/succession-kinds/") AS ?kind)
  OPTIONAL { ?s jar:successor ?by . OPTIONAL { ?by rdfs:label ?bylab } }
  OPTIONAL { ?basis rdfs:label ?blab }
  OPTIONAL { ?s rdfs:comment ?note }
  OPTIONAL { ?s jar:source ?c . ?c jar:document ?doc ; jar:pinpoint ?at . OPTIONAL { ?c jar:quote ?quote } }
}"""


def successors(store, right: str) -> list[dict]:
    """How a right (entitlement or obligation id/IRI) of a repealed instrument was treated by its successor:
    ``[{kind, by, by_label, basis, basis_label, note, sources}]`` (kind re-enacted | changed | dropped)."""
    from .views import iri, select

    out: dict[str, dict] = {}
    for r in select(store, _Q_SUCC, {"right": iri(right)}):
        d = out.setdefault(r["s"], {"kind": r["kind"], "by": _short(r["by"]) if "by" in r else None,
                                    "by_label": {}, "basis": _short(r["basis"]), "basis_label": {}, "note": {},
                                    "sources": []})
        for key, var in (("by_label", "bylab"), ("basis_label", "blab"), ("note", "note")):
            if var in r:
                d[key][r.get(var + "_lang", "")] = r[var]
        if "doc" in r:
            src = {"doc": _short(r["doc"]).removeprefix("source/"), "at": r["at"], "quote": r.get("quote")}
            if src not in d["sources"]:
                d["sources"].append(src)
    return sorted(out.values(), key=lambda d: (d["kind"], d["by"] or d["basis"]))


_Q_ALL_SUCC = """
SELECT ?right ?kind ?by ?basis WHERE {
  ?right jar:succession ?s . ?s jar:successionKind ?k ; jar:successionBasis ?basis .
  BIND(STRAFTER(STR(?k), "/succession-kinds/") AS ?kind)
  OPTIONAL { ?s jar:successor ?by }
}"""


def succession_map(store) -> dict[str, list[dict]]:
    """Every mapped right (short id) -> ``[{kind, by, basis}]`` in one query (for answer builders and gaps)."""
    from .views import select

    out: dict[str, list[dict]] = {}
    for r in select(store, _Q_ALL_SUCC):
        out.setdefault(_short(r["right"]), []).append(
            {"kind": r["kind"], "by": _short(r["by"]) if r.get("by") else None, "basis": _short(r["basis"])})
    for v in out.values():
        v.sort(key=lambda d: (d["kind"], d["by"] or d["basis"]))
    return out


def dropped_rights(store) -> list[dict]:
    """Rights a successor instrument dropped — a real gap ("right dropped by the successor"):
    ``[{right, basis, note}]`` with the note in id and en."""
    from .views import select

    q = """SELECT ?right ?basis ?note (LANG(?note) AS ?note_lang) WHERE { ?right jar:succession ?s . ?s jar:successionKind ?k ;
             jar:successionBasis ?basis . FILTER(STRENDS(STR(?k), "/succession-kinds/dropped"))
             OPTIONAL { ?s rdfs:comment ?note } }"""
    out: dict[tuple, dict] = {}
    for r in select(store, q):
        key = (r["right"], r["basis"])
        d = out.setdefault(key, {"right": _short(key[0]), "basis": _short(key[1]), "note": {}})
        if "note" in r:
            d["note"][r.get("note_lang", "")] = r["note"]
    return sorted(out.values(), key=lambda d: d["right"])


def for_answer(store, answer, *, checks: list[Check] | None = None) -> dict:
    """Everything an answer surface shows about how current the law is, for an entitlement answer (any object with
    ``as_of`` and lists ``entitled`` / ``not_entitled`` of items carrying ``legal_basis`` entries with an ``iri``):
    ``{"date", "scope", "text": {id, en}, "warning": {id, en} | None, "banners": [{instrument, text: {id, en}}],
    "not_verified": [ids]}``. The date is the oldest check among the instruments of every listed right."""
    bases = []
    for it in list(getattr(answer, "entitled", []) or []) + list(getattr(answer, "not_entitled", []) or []):
        for b in getattr(it, "legal_basis", []) or []:
            iri_ = b.get("iri") if isinstance(b, dict) else getattr(b, "iri", None)
            if iri_:
                bases.append(iri_)
    info = checked_up_to(store, sorted(set(bases)), checks=checks if checks is not None else register_cached(store))
    return {"date": info.date, "scope": info.scope, "text": {lg: info.text(lg) for lg in ("id", "en")},
            "warning": date_warning(getattr(answer, "as_of", None), info),
            "banners": [{"instrument": c.id, "text": {lg: banner_text(c, lg) for lg in ("id", "en")}}
                        for c in info.banners],
            "not_verified": [c.id for c in info.not_verified]}


def in_window(start, end, day):
    """:func:`kg.asof.in_window`, imported on first use (kg.asof needs rdflib; listing commands does not)."""
    from ..asof import in_window as _in_window

    return _in_window(start, end, day)
