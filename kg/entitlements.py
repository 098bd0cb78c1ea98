"""The entitlement finder: what a person with a given profile is entitled to under the law, as of a date.

``entitlements(profile, as_of, region)`` answers from the graph alone:

* which beneficiary groups the profile belongs to (a group's ``jar:criterion*`` values and those of every
  broader group must all be met; a group with no criteria of its own follows its broader groups);
* every entitlement whose beneficiaries include one of those groups, that excludes none of them, and that is
  valid on the date (``jar:validFrom``/``jar:validUntil`` if given, otherwise while one of its legal bases is in
  force), with service, legal basis (human citation and IRI), duty-bearers, service points near the region of
  return, conditions still to meet, deadline, certainty and sources with quotes, and the gaps that touch it;
* every other entitlement with the reason it does not apply (excluded group, unmet condition, not in force,
  not a beneficiary).

Renderers: :meth:`Answer.to_json`, :meth:`Answer.to_markdown`, :meth:`Answer.to_html` (everything escaped).
The graph is read once per store into a small snapshot; each answer is then computed in Python.
"""
from __future__ import annotations

import html
import json
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .asof import Standing, in_window, standing
from .gap_cache import AnswerItem, gaps_for_answer, gaps_for_store
from .ids import md_escape, pick_label
from .ids import short_id as _short
from .namespaces import ID, PREFIXES
from .profile import ADULT_AGE, Profile, ProfileError, parse_profile

JAR = PREFIXES["jar"]
RDFS_LABEL = PREFIXES["rdfs"] + "label"
GROUPS = str(ID["vocab/groups/"])
VICTIM_GROUP = GROUPS + "trafficking-victims"
#: instrument types whose scope (in the id) is a region
REGIONAL_TYPES = ("perda", "pergub", "kepgub", "perbup")

#: How a condition concept is decided from the profile: profile attribute, or None for a procedural step
CONDITION_FACTS: dict[str, str | None] = {
    "witness-status": "witness",
    "poverty-letter": "poverty_letter",
    "identity-documents": "identity_documents",
    "formal-identification": "identified",
    "documented-migration": "documented_migration",
    "police-report": "reported_to_police",
    "hardship": None,
    "claim-filed": None,
    "court-order": None,
    "insurance-claim-window": None,
    "residence-in-region": None,
}


def _t(key: str, lang: str, **kw) -> str:
    """A string of the brief renderers (kept with every other UI string in :mod:`kg.i18n`)."""
    from .i18n import t

    return t("brief." + key, lang, **kw)


# --- answer objects -----------------------------------------------------------------------------------------

@dataclass
class Source:
    document: str
    document_label: str
    at: str
    quote: str | None = None
    quote_lang: str | None = None

    def citation(self) -> str:
        text = f"{self.document_label}, {self.at}"
        return f'{text}: "{self.quote}"' if self.quote else text


@dataclass
class Basis:
    iri: str
    label: dict[str, str]
    in_force: bool
    instrument: str | None = None
    start: str | None = None
    end: str | None = None
    status: str | None = None  # declared status (in-force, repealed, unclear, ...), when recorded


@dataclass
class ServicePointHit:
    iri: str
    label: dict[str, str]
    region: str | None
    region_label: dict[str, str]
    proximity: str  # regency | province | national | elsewhere
    services: list[str] = field(default_factory=list)


@dataclass
class ConditionState:
    iri: str
    label: dict[str, str]
    state: str  # met | unmet | unknown | step


@dataclass
class Reason:
    kind: str  # excluded | condition | not-in-force | not-beneficiary | other-region | age
    about: list[str]
    labels: list[dict[str, str]]
    text: dict[str, str]


@dataclass
class Item:
    id: str
    iri: str
    label: dict[str, str]
    description: dict[str, str]
    services: list[dict]
    legal_basis: list[Basis]
    duty_bearers: list[dict]
    duty_bearer_named: bool
    delivered_by: list[dict]
    service_points: list[ServicePointHit]
    conditions: list[ConditionState]
    deadline: dict | None
    in_force: bool
    valid_from: str | None
    valid_until: str | None
    certainty: str
    certainty_note: dict[str, str]
    modality: str
    claimants: list[dict]
    stages: list[dict]
    beneficiaries: list[dict]
    sources: list[Source]
    gaps: list[dict] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    ages: dict | None = None  # {min, max} in whole years, inclusive, when the law limits it to ages

    @property
    def conditions_to_meet(self) -> list[ConditionState]:
        return [c for c in self.conditions if c.state != "met"]


@dataclass
class Answer:
    profile: Profile
    as_of: date
    region: str | None
    groups: list[dict]
    entitled: list[Item]
    not_entitled: list[Item]
    notes: list[str] = field(default_factory=list)
    region_label: dict[str, str] = field(default_factory=dict)
    gaps: list[dict] = field(default_factory=list)

    def gap_kinds(self) -> set[str]:
        return {g.get("kind") for g in self.gaps}

    def ids(self) -> list[str]:
        return [i.id for i in self.entitled]

    def get(self, ident: str) -> Item | None:
        for i in self.entitled + self.not_entitled:
            if i.id == ident or i.iri == ident or i.id == f"entitlement/{ident}":
                return i
        return None

    def to_dict(self) -> dict:
        def conv(x):
            if isinstance(x, date):
                return x.isoformat()
            if isinstance(x, Profile):
                return x.to_dict()
            if isinstance(x, list):
                return [conv(v) for v in x]
            if isinstance(x, dict):
                return {k: conv(v) for k, v in x.items()}
            if hasattr(x, "__dataclass_fields__"):
                d = {k: conv(getattr(x, k)) for k in x.__dataclass_fields__}
                if isinstance(x, Item):
                    d["conditions_to_meet"] = [c.iri for c in x.conditions_to_meet]
                return d
            return x
        return conv({"profile": self.profile, "as_of": self.as_of, "region": self.region,
                     "region_label": self.region_label, "groups": self.groups, "gaps": self.gaps,
                     "entitled": self.entitled, "not_entitled": self.not_entitled, "notes": self.notes})

    def to_json(self, indent: int = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)

    # -- Markdown --------------------------------------------------------------------------------------------
    def to_markdown(self, lang: str = "en") -> str:
        L = lambda d: _pick(d, lang)  # noqa: E731
        out = [f"# {_t('title', lang)}", ""]
        out.append(f"- **{_t('as_of', lang)}:** {self.as_of.isoformat()}")
        out.append(f"- **{_t('profile', lang)}:** {_md(self.profile.describe(lang))}")
        if self.region:
            out.append(f"- **{_t('region', lang)}:** {_md(L(self.region_label) or _short(self.region))}")
        out.append(f"- **{_t('groups', lang)}:** " + _md(", ".join(L(g['label']) for g in self.groups)))
        out += ["", f"## {_t('entitled', lang)} ({len(self.entitled)})", ""]
        for it in self.entitled:
            out += self._md_item(it, lang)
        out += [f"## {_t('not_entitled', lang)} ({len(self.not_entitled)})", ""]
        for it in self.not_entitled:
            reasons = "; ".join(L(r.text) for r in it.reasons)
            basis = ", ".join(L(b.label) for b in it.legal_basis)
            out.append(f"- **{_md(L(it.label))}** ({_md(basis)}): {_md(reasons)}")
        if self.gaps:
            out += ["", f"## {_t('gaps', lang)} ({len(self.gaps)})", ""]
            out += [f"- {_md(_gap_text(g, lang))}" for g in self.gaps]
        out += ["", f"_{_t('footer', lang)}_", ""]
        return "\n".join(out)

    def _md_item(self, it: Item, lang: str) -> list[str]:
        L = lambda d: _pick(d, lang)  # noqa: E731
        out = [f"### {_md(L(it.label))}", ""]
        if it.description:
            out += [_md(L(it.description)), ""]
        out.append(f"- **{_t('service', lang)}:** " + _md(", ".join(L(s['label']) for s in it.services)))
        out.append(f"- **{_t('basis', lang)}:** " + "; ".join(
            f"[{_md(L(b.label))}]({b.iri})" + ("" if b.in_force else f" ({_t('no', lang)} {_t('status', lang)})")
            for b in it.legal_basis))
        if it.duty_bearers:
            out.append(f"- **{_t('duty', lang)}:** " + _md(", ".join(L(d['label']) for d in it.duty_bearers)))
        elif not it.duty_bearer_named:
            out.append(f"- **{_t('duty', lang)}:** {_t('duty_unnamed', lang)}")
        if it.modality == "may":
            out.append(f"- {_t('may', lang)}")
        for w in it.warnings:
            out.append(f"- \u26a0 {_md(L(w))}")
        if it.certainty == "uncertain":
            out.append(f"- **{_t('certainty', lang)}:** {_t('uncertain', lang)}"
                       + (f": {_md(L(it.certainty_note))}" if it.certainty_note else ""))
        todo = it.conditions_to_meet
        if todo:
            out.append(f"- **{_t('conditions', lang)}:** " + _md("; ".join(
                f"{L(c.label)} ({_t(c.state, lang)})" for c in todo)))
        if it.deadline:
            dl = it.deadline
            out.append(f"- **{_t('deadline', lang)}:** " + _md(_t("days_from", lang, days=dl["days"],
                                                                   frm=L(dl["from"])))
                       + (f" ({_md(L(dl['basis_label']))})" if dl.get("basis_label") else ""))
        if it.service_points:
            out.append(f"- **{_t('points', lang)}:** " + _md("; ".join(
                f"{L(p.label)} ({_t(p.proximity, lang)})" for p in it.service_points)))
        if it.gaps:
            out.append(f"- **{_t('gaps', lang)}:** " + _md("; ".join(_gap_text(g, lang) for g in it.gaps)))
        if it.sources:
            out.append(f"- **{_t('sources', lang)}:**")
            out += [f"  - {_md(s.citation())}" for s in it.sources]
        out.append("")
        return out

    # -- HTML ------------------------------------------------------------------------------------------------
    def to_html(self, lang: str = "en") -> str:
        e = html.escape
        L = lambda d: _pick(d, lang)  # noqa: E731
        parts = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">',
                 f"<title>{e(_t('title', lang))} \u2014 {e(self.as_of.isoformat())}</title>",
                 "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.4}"
                 "h3{margin-bottom:.2em}.muted{color:#555}dt{font-weight:bold}"
                 "blockquote{margin:.2em 1em;color:#333}@media print{a{color:black}}</style></head><body>",
                 f"<h1>{e(_t('title', lang))}</h1><dl>",
                 f"<dt>{e(_t('as_of', lang))}</dt><dd>{e(self.as_of.isoformat())}</dd>",
                 f"<dt>{e(_t('profile', lang))}</dt><dd>{e(self.profile.describe(lang))}</dd>"]
        if self.region:
            parts.append(f"<dt>{e(_t('region', lang))}</dt><dd>{e(L(self.region_label) or _short(self.region))}</dd>")
        parts.append(f"<dt>{e(_t('groups', lang))}</dt><dd>{e(', '.join(L(g['label']) for g in self.groups))}"
                     "</dd></dl>")
        parts.append(f"<h2>{e(_t('entitled', lang))} ({len(self.entitled)})</h2>")
        for it in self.entitled:
            parts.append(f'<section><h3>{e(L(it.label))}</h3><dl>')
            parts.append(f"<dt>{e(_t('service', lang))}</dt><dd>{e(', '.join(L(s['label']) for s in it.services))}"
                         "</dd>")
            parts.append(f"<dt>{e(_t('basis', lang))}</dt><dd>" + "; ".join(
                f'<a href="{e(b.iri)}">{e(L(b.label))}</a>' for b in it.legal_basis) + "</dd>")
            duty = ", ".join(L(d["label"]) for d in it.duty_bearers) or (
                _t("duty_unnamed", lang) if not it.duty_bearer_named else "")
            if duty:
                parts.append(f"<dt>{e(_t('duty', lang))}</dt><dd>{e(duty)}</dd>")
            for w in it.warnings:
                parts.append(f"<dt>\u26a0</dt><dd>{e(L(w))}</dd>")
            if it.certainty == "uncertain":
                parts.append(f"<dt>{e(_t('certainty', lang))}</dt><dd>{e(_t('uncertain', lang))}: "
                             f"{e(L(it.certainty_note))}</dd>")
            if it.conditions_to_meet:
                parts.append(f"<dt>{e(_t('conditions', lang))}</dt><dd><ul>" + "".join(
                    f"<li>{e(L(c.label))} ({e(_t(c.state, lang))})</li>" for c in it.conditions_to_meet)
                    + "</ul></dd>")
            if it.deadline:
                dl = it.deadline
                parts.append(f"<dt>{e(_t('deadline', lang))}</dt><dd>"
                             f"{e(_t('days_from', lang, days=dl['days'], frm=L(dl['from'])))}</dd>")
            if it.service_points:
                parts.append(f"<dt>{e(_t('points', lang))}</dt><dd><ul>" + "".join(
                    f"<li>{e(L(p.label))} ({e(_t(p.proximity, lang))})</li>" for p in it.service_points)
                    + "</ul></dd>")
            if it.gaps:
                parts.append(f"<dt>{e(_t('gaps', lang))}</dt><dd><ul>" + "".join(
                    f"<li>{e(_gap_text(g, lang))}</li>" for g in it.gaps) + "</ul></dd>")
            if it.sources:
                parts.append(f"<dt>{e(_t('sources', lang))}</dt><dd><ul>" + "".join(
                    f"<li>{e(s.document_label)}, {e(s.at)}"
                    + (f"<blockquote>{e(s.quote)}</blockquote>" if s.quote else "") + "</li>"
                    for s in it.sources) + "</ul></dd>")
            parts.append("</dl></section>")
        parts.append(f"<h2>{e(_t('not_entitled', lang))} ({len(self.not_entitled)})</h2><ul>")
        for it in self.not_entitled:
            parts.append(f"<li><strong>{e(L(it.label))}</strong>: "
                         f"{e('; '.join(L(r.text) for r in it.reasons))}</li>")
        parts.append("</ul>")
        if self.gaps:
            parts.append(f"<h2>{e(_t('gaps', lang))} ({len(self.gaps)})</h2><ul>"
                         + "".join(f"<li>{e(_gap_text(g, lang))}</li>" for g in self.gaps) + "</ul>")
        parts.append(f'<p class="muted">{e(_t("footer", lang))}</p></body></html>')
        return "".join(parts)


_pick = pick_label


def _md(text: str) -> str:
    return md_escape(text, "brief")


def _gap_text(g: dict, lang: str) -> str:
    msg = g.get("message")
    if isinstance(msg, dict) and msg:
        return f"{g.get('kind', '')}: {_pick(msg, lang)}".strip(": ")
    label = g.get("label")
    if isinstance(label, dict):
        label = _pick(label, lang)
    return f"{g.get('kind', '')}: {label or g.get('focus', '')}".strip(": ")


# --- the snapshot read from the graph -----------------------------------------------------------------------

Q_LABELS = """SELECT ?s ?l (LANG(?l) AS ?lang) WHERE { ?s rdfs:label ?l }"""
Q_ENT = """SELECT ?e ?p ?o (LANG(?o) AS ?lang) WHERE { ?e a jar:Entitlement ; ?p ?o }"""
Q_DEADLINE = """SELECT ?d ?p ?o (LANG(?o) AS ?lang) WHERE { ?e a jar:Entitlement ; jar:deadline ?d . ?d ?p ?o }"""
Q_LEGAL = """SELECT ?r ?inst (COALESCE(?rfe, ?rfd) AS ?rf) (COALESCE(?rue, ?rud) AS ?ru)
    (COALESCE(?ife, ?ifd) AS ?if) (COALESCE(?iue, ?iud) AS ?iu) ?rfd ?ifd ?st ?jur WHERE {
  { ?r a jar:Provision } UNION { ?r a jar:LegalInstrument }
  OPTIONAL { ?r jar:inInstrument? ?j . ?j a jar:LegalInstrument ; eli:jurisdiction ?jur }
  OPTIONAL { ?r jar:effectiveFrom ?rfe } OPTIONAL { ?r eli:first_date_entry_in_force ?rfd }
  OPTIONAL { ?r jar:effectiveUntil ?rue } OPTIONAL { ?r eli:date_no_longer_in_force ?rud }
  OPTIONAL { ?r jar:inInstrument ?inst .
             OPTIONAL { ?inst jar:effectiveFrom ?ife } OPTIONAL { ?inst eli:first_date_entry_in_force ?ifd }
             OPTIONAL { ?inst jar:effectiveUntil ?iue } OPTIONAL { ?inst eli:date_no_longer_in_force ?iud } }
  OPTIONAL { ?r jar:inInstrument? ?si . ?si a jar:LegalInstrument ; jar:declaredStatus ?st }
}"""
Q_GROUPS = """SELECT ?g ?p ?o WHERE { ?g skos:inScheme <https://w3id.org/jaring/id/vocab/groups> ; ?p ?o .
  FILTER(?p = skos:broader || STRSTARTS(STR(?p), "https://w3id.org/jaring/ontology/criterion")) }"""
Q_BROADER = """SELECT ?c ?b WHERE { ?c skos:broader ?b }"""
Q_SP = """SELECT ?sp ?p ?o WHERE { ?sp a jar:ServicePoint ; ?p ?o .
  VALUES ?p { jar:region jar:level jar:serves jar:offers jar:validFrom jar:validUntil jar:operatedBy } }"""
Q_REGIONS = """SELECT ?r ?parent ?kind WHERE { ?r a jar:Region . OPTIONAL { ?r jar:partOfRegion ?parent }
  OPTIONAL { ?r a ?kind . VALUES ?kind { jar:Country jar:Province jar:Regency jar:City jar:District jar:Village
                                             jar:CrossingPoint } } }"""
Q_CIT = """SELECT ?c ?doc ?at ?q (LANG(?q) AS ?ql) WHERE { ?c a jar:Citation ; jar:document ?doc ; jar:pinpoint ?at .
  OPTIONAL { ?c jar:quote ?q } }"""
Q_INST_TF = """SELECT ?x WHERE { ?x a jar:TaskForce }"""
Q_SCHEMES = """SELECT ?c ?s WHERE { ?c skos:inScheme ?s . VALUES ?s { <https://w3id.org/jaring/id/vocab/groups>
  <https://w3id.org/jaring/id/vocab/sectors> <https://w3id.org/jaring/id/vocab/exploitation-forms>
  <https://w3id.org/jaring/id/vocab/services> <https://w3id.org/jaring/id/vocab/stages> } }"""


@dataclass
class Snapshot:
    labels: dict[str, dict[str, str]]
    ent: dict[str, dict[str, list]]
    ent_lang: dict[str, dict[str, dict[str, str]]]
    deadlines: dict[str, dict]
    legal: dict[str, dict]
    group_criteria: dict[str, dict[str, set]]
    group_broader: dict[str, set[str]]
    broader: dict[str, set[str]]
    sps: dict[str, dict[str, list]]
    region_parent: dict[str, str]
    region_kind: dict[str, str]
    citations: dict[str, dict]
    schemes: dict[str, set[str]] = field(default_factory=dict)  # scheme slug -> concept IRIs

    def label(self, node: str) -> dict[str, str]:
        lab = self.labels.get(node)
        if lab:
            return lab
        tail = node.rsplit("/", 1)[-1]
        return {"en": tail, "id": tail}

    def ancestors(self, node: str, rel: dict[str, set[str]] | None = None) -> set[str]:
        if rel is None:
            memo = self.__dict__.setdefault("_anc", {})
            if node not in memo:
                memo[node] = frozenset(self.ancestors(node, self.broader))
            return memo[node]
        seen, stack = set(), [node]
        while stack:
            for b in rel.get(stack.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    stack.append(b)
        return seen

    def region_chain(self, region: str | None) -> list[str]:
        out = []
        while region and region not in out:
            out.append(region)
            region = self.region_parent.get(region)
        return out


def load_snapshot(store) -> Snapshot:
    sel = store.select
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for r in sel(Q_LABELS):
        labels[r["s"]].setdefault(r["lang"] or "", r["l"])
    for lab in labels.values():
        if "" in lab:
            lab.setdefault("en", lab[""])
            lab.setdefault("id", lab[""])
    ent: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    ent_lang: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for r in sel(Q_ENT):
        p = r["p"]
        if r["lang"]:
            ent_lang[r["e"]][p][r["lang"]] = r["o"]
        else:
            ent[r["e"]][p].append(r["o"])
    deadlines: dict[str, dict] = defaultdict(dict)
    for r in sel(Q_DEADLINE):
        key = r["p"].rsplit("/", 1)[-1]
        if r["lang"]:
            deadlines[r["d"]].setdefault(key, {})[r["lang"]] = r["o"]
        else:
            deadlines[r["d"]][key] = r["o"]
    legal = {}
    for r in sel(Q_LEGAL):
        legal.setdefault(r["r"], r)
    group_criteria: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    group_broader: dict[str, set[str]] = defaultdict(set)
    for r in sel(Q_GROUPS):
        if r["p"].endswith("#broader"):
            group_broader[r["g"]].add(r["o"])
        else:
            key = r["p"][len(JAR + "criterion"):]
            snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in key).lstrip("_")
            group_criteria[r["g"]][snake].add(r["o"])
        group_broader.setdefault(r["g"], set())
    broader: dict[str, set[str]] = defaultdict(set)
    for r in sel(Q_BROADER):
        broader[r["c"]].add(r["b"])
    for g in labels:
        if g.startswith(GROUPS):
            group_broader.setdefault(g, set())
    sps: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in sel(Q_SP):
        sps[r["sp"]][r["p"].rsplit("/", 1)[-1]].append(r["o"])
    region_parent, region_kind = {}, {}
    for r in sel(Q_REGIONS):
        if r.get("parent"):
            region_parent[r["r"]] = r["parent"]
        if r.get("kind"):
            region_kind[r["r"]] = r["kind"].rsplit("/", 1)[-1].lower()
    # regional instruments without a stated jurisdiction: the region named in their id (perda/jawa-barat/...)
    base = str(ID)
    for row in legal.values():
        if row.get("jur"):
            continue
        inst = (row.get("inst") or row["r"])[len(base):] if (row.get("inst") or row["r"]).startswith(base) else ""
        parts = inst.split("/")
        if len(parts) > 2 and parts[0] in REGIONAL_TYPES and base + "region/" + parts[1] in region_kind:
            row["jur"] = base + "region/" + parts[1]
    citations = {}
    for r in sel(Q_CIT):
        citations[r["c"]] = r
    schemes: dict[str, set[str]] = defaultdict(set)
    for r in sel(Q_SCHEMES):
        schemes[r["s"].rsplit("/", 1)[-1]].add(r["c"])
    return Snapshot(dict(labels), ent, ent_lang, dict(deadlines), legal, group_criteria, dict(group_broader),
                    dict(broader), sps, region_parent, region_kind, citations, dict(schemes))


_SNAPSHOTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_SNAP_LOCK = threading.Lock()


def snapshot(store) -> Snapshot:
    with _SNAP_LOCK:
        try:
            snap = _SNAPSHOTS.get(store)
        except TypeError:
            snap = None
        if snap is None:
            snap = load_snapshot(store)
            try:
                _SNAPSHOTS[store] = snap
            except TypeError:
                pass
    return snap


# --- as-of --------------------------------------------------------------------------------------------------

def basis_standing(snap: Snapshot, res: str, d: date) -> Standing:
    """The standing (:func:`kg.asof.standing`) of a provision or instrument on ``d``: its declared status (its
    instrument's) and its effective interval (``jar:effectiveFrom`` / ``jar:effectiveUntil``, derived in
    :mod:`kg.asof`; the recorded ELI dates on graphs without them; a provision's own, else its instrument's)."""
    row = snap.legal.get(res)
    if row is None:
        return standing(None, None, None, d)  # not described in the graph: nothing says it is not in force
    return standing(row.get("st"), row.get("rf") or row.get("if"), row.get("ru") or row.get("iu"), d)


def resource_in_force(snap: Snapshot, res: str, d: date) -> bool:
    """Whether a legal basis counts for the finder on ``d``: in force, or unclear (granted with a warning)."""
    return basis_standing(snap, res, d).may_be_in_force


# --- groups -------------------------------------------------------------------------------------------------

def _meets_own(snap: Snapshot, group: str, profile: Profile) -> bool | None:
    crit = snap.group_criteria.get(group) or {}
    for key, values in crit.items():
        have = profile.criterion_value(key)
        if have is None:
            return None
        if isinstance(have, list):
            if not {str(v) for v in have} & {str(v) for v in values}:
                return False
        elif isinstance(have, bool):
            if have not in {v if isinstance(v, bool) else str(v).lower() == "true" for v in values}:
                return False
        elif str(have) not in {str(v) for v in values}:
            return False
    return True


def profile_groups(profile: Profile, store=None, snap: Snapshot | None = None) -> list[str]:
    """IRIs of the group concepts the profile belongs to (sorted)."""
    snap = snap or snapshot(store)
    memo: dict[str, bool] = {}
    explicit = {GROUPS + g for g in profile.groups}

    def member(g: str, depth: int = 0) -> bool:
        if g in memo:
            return memo[g]
        memo[g] = False  # guards cycles
        parents = snap.group_broader.get(g, set())
        own = snap.group_criteria.get(g)
        if g in explicit:
            ok = all(member(b, depth + 1) for b in parents)
        elif g == VICTIM_GROUP:
            ok = bool(profile.victim) and all(member(b, depth + 1) for b in parents)
        elif own:
            ok = _meets_own(snap, g, profile) is True and all(member(b, depth + 1) for b in parents)
        elif not parents:
            ok = True  # the top concept (all persons)
        else:
            tops = [b for b in parents if not snap.group_broader.get(b)]
            # a group with no criteria of its own directly under the top: only when stated explicitly
            ok = len(tops) < len(parents) and all(member(b, depth + 1) for b in parents)
        memo[g] = ok
        return ok

    return sorted(g for g in snap.group_broader if member(g))


# --- the finder ---------------------------------------------------------------------------------------------

def _ids(values) -> list[str]:
    return sorted(set(values or []))


def _named(snap: Snapshot, nodes) -> list[dict]:
    return [{"iri": n, "id": _short(n), "label": snap.label(n)} for n in _ids(nodes)]


def _local_jurisdictions(snap: Snapshot, bases: list[str]) -> set[str]:
    """Sub-national jurisdictions of the legal bases (empty when one basis is national or has none)."""
    out = set()
    for b in bases:
        jur = (snap.legal.get(b) or {}).get("jur")
        if not jur or snap.region_kind.get(jur) in (None, "country"):
            return set()
        out.add(jur)
    return out


def _ages_of(props: dict) -> dict | None:
    lo, hi = (props.get(JAR + "minAge") or [None])[0], (props.get(JAR + "maxAge") or [None])[0]
    if lo is None and hi is None:
        return None
    return {"min": None if lo is None else int(lo), "max": None if hi is None else int(hi)}


def _age_text(ages: dict) -> str:
    lo, hi = ages.get("min"), ages.get("max")
    if lo is not None and hi is not None:
        return f"{lo}\u2013{hi}"
    return f"\u2265 {lo}" if lo is not None else f"\u2264 {hi}"


def _age_check(props: dict, profile: Profile, as_of: date) -> tuple[Reason | None, ConditionState | None]:
    """An entitlement limited to ages (``jar:minAge``/``jar:maxAge``): the person's age on the date decides; an
    unknown age leaves it to be asked (a condition whose state is unknown), never a refusal."""
    ages = _ages_of(props)
    if not ages:
        return None, None
    what = _age_text(ages)
    age = profile.age_on(as_of)
    if age is None:
        return None, ConditionState(JAR + "minAge", {lang: _t("ages", lang, what=what) for lang in ("en", "id")},
                                    "unknown")
    lo, hi = ages.get("min"), ages.get("max")
    if (lo is not None and age < lo) or (hi is not None and age > hi):
        return Reason("age", [], [], {lang: _t("reason.age", lang, what=what, age=age) for lang in ("en", "id")}), None
    return None, ConditionState(JAR + "minAge", {lang: _t("ages", lang, what=what) for lang in ("en", "id")}, "met")


def _condition_state(cond: str, profile: Profile) -> str:
    slug = cond.rsplit("/", 1)[-1]
    attr = CONDITION_FACTS.get(slug)
    if attr is None:
        if slug == "residence-in-region":
            return "unknown" if not (profile.province or profile.regency) else "met"
        return "step"
    value = getattr(profile, attr, None)
    if value is None:
        return "unknown"
    return "met" if value else "unmet"


@dataclass
class _SP:
    iri: str
    offers: frozenset
    offers_closure: frozenset  # offered services and everything broader
    region: str | None
    chain: tuple
    levels: frozenset


def usable_service_points(snap: Snapshot, groups: set[str], as_of: date) -> list[_SP]:
    """Service points open on ``as_of`` that serve one of ``groups``, prepared for matching."""
    out = []
    for sp, props in snap.sps.items():
        if not in_window((props.get("validFrom") or [None])[0], (props.get("validUntil") or [None])[0], as_of):
            continue
        if not set(props.get("serves", [])) & groups:
            continue
        offers = frozenset(props.get("offers", []))
        closure = frozenset(offers.union(*(snap.ancestors(o) for o in offers))) if offers else frozenset()
        region = (props.get("region") or [None])[0]
        out.append(_SP(sp, offers, closure, region, tuple(snap.region_chain(region)),
                       frozenset(lv.rsplit("/", 1)[-1] for lv in props.get("level", []))))
    return out


def _service_points(snap: Snapshot, services: list[str], usable: list[_SP], as_of: date,
                    region: str | None, regency: str | None, province: str | None,
                    limit: int = 8) -> list[ServicePointHit]:
    wanted = set(services)
    if not wanted:
        return []
    hits = []
    regency = regency or (region if region and snap.region_kind.get(region) in ("regency", "city") else None)
    if not province:
        for r in snap.region_chain(regency or region)[1:] + ([region] if region else []):
            if snap.region_kind.get(r) == "province":
                province = r
                break
    if region and not regency and snap.region_kind.get(region) == "province":
        province = region
    broader_wanted = set().union(*(snap.ancestors(w) for w in wanted))
    for sp in usable:
        # the same service, a narrower one (its closure contains the wanted one), or a broader one that includes it
        if not (sp.offers_closure & wanted or sp.offers & broader_wanted):
            continue
        matched = {o for o in sp.offers if o in wanted or snap.ancestors(o) & wanted or o in broader_wanted}
        if regency and regency in sp.chain:
            prox = "regency"
        elif province and province in sp.chain:
            prox = "province"
        elif "national" in sp.levels:
            prox = "national"
        else:
            prox = "elsewhere"
        if (regency or province) and prox == "elsewhere":
            continue
        hits.append(ServicePointHit(sp.iri, snap.label(sp.iri), sp.region,
                                    snap.label(sp.region) if sp.region else {}, prox,
                                    sorted(_short(o) for o in matched)))
    order = {"regency": 0, "province": 1, "national": 2, "elsewhere": 3}
    hits.sort(key=lambda h: (order[h.proximity], _pick(h.label, "en")))
    return hits[:limit]


def gaps_for(store, as_of: date, compute: bool = True) -> list[dict] | None:
    """The coverage gaps of the graph as of ``as_of`` as plain dicts, from the one gap cache
    (:func:`kg.gap_cache.gaps_for_store`: keyed by the data version and date, computed when ``compute``).
    ``None`` when they are not computed yet (``compute=False``) or the store is a remote endpoint."""
    try:
        return gaps_for_store(store, as_of, compute=compute)
    except Exception:  # noqa: BLE001 - gaps are an addition; an answer never fails because of them (noted)
        return None



def parse_day(value: date | str | None, field: str = "as_of") -> date:
    """The answer's date: a date, ``YYYY-MM-DD``, or today when none; else a bilingual :class:`ProfileError`."""
    if value is None or value == "":
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ProfileError(field, f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2024-01-31",
                           f"{value!r} bukan tanggal; tulis TTTT-BB-HH, mis. 2024-01-31") from None


def entitlements(profile: Profile | dict, as_of: date | str | None = None, region: str | None = None,
                 store=None, *, with_gaps: bool | str = "cached") -> Answer:
    """Everything the profile is (and is not) entitled to as of ``as_of`` (default today), near ``region``.

    ``with_gaps``: ``"cached"`` (default) attaches the coverage gaps when they have been computed for this
    graph and date (see :func:`gaps_for`), ``True`` computes them if needed (slow the first time), ``False``
    leaves them out.
    """
    if store is None:
        from .store import open_store

        store = open_store()
    profile = parse_profile(profile)
    as_of = parse_day(as_of)
    from .answers.values import check_profile, resolve_region
    from .store import iri as full

    snap = snapshot(store)
    profile = check_profile(profile, snap)
    if profile.birth_date and profile.age is None:
        # a child victim is one exploited under eighteen; without the date of exploitation, the age on the date
        years = profile.age_at_exploitation if profile.exploitation_date else profile.age_on(as_of)
        profile.age_group = "child" if years < ADULT_AGE else "adult"
    regency = full(profile.regency) if profile.regency else None
    province = full(profile.province) if profile.province else None
    if region:
        region = full(resolve_region(snap, region))
    else:
        region = regency or province
    groups = profile_groups(profile, snap=snap)
    gset = set(groups)
    notes = []
    gap_list = gaps_for(store, as_of, compute=with_gaps is True) if with_gaps else None
    if gap_list is None and with_gaps:
        notes.append("gaps: not computed yet for this graph and date (run 'kg entitlements --gaps' "
                      "or kg.entitlements.gaps_for(store, as_of))")
    visited = []  # (item, what the gap attachment rule needs of it), in the order visited
    usable = usable_service_points(snap, gset, as_of)
    places = {r for place in (region, regency, province) if place for r in snap.region_chain(place)}
    entitled, not_entitled = [], []
    for e in sorted(snap.ent):
        props, langp = snap.ent[e], snap.ent_lang[e]
        P = lambda name: props.get(JAR + name, [])  # noqa: E731
        LP = lambda name: dict(langp.get(JAR + name, {}))  # noqa: E731
        basis_nodes = _ids(P("legalBasis"))
        bases, stands = [], {}
        for b in basis_nodes:
            row = snap.legal.get(b, {})
            start = row.get("rf") or row.get("if")
            end = row.get("ru") or row.get("iu")
            status = (row.get("st") or "").rsplit("/", 1)[-1] or None
            stands[b] = basis_standing(snap, b, as_of)
            bases.append(Basis(b, snap.label(b), stands[b].may_be_in_force, row.get("inst") or None,
                               start, end, status))
        vf, vu = (P("validFrom") or [None])[0], (P("validUntil") or [None])[0]
        if vf or vu:
            in_force = in_window(vf, vu, as_of)
        else:
            in_force = any(b.in_force for b in bases)
        conds = [ConditionState(c, snap.label(c), _condition_state(c, profile)) for c in _ids(P("condition"))]
        dl = None
        if P("deadline"):
            d = snap.deadlines.get(P("deadline")[0], {})
            basis = d.get("legalBasis")
            dl = {"days": d.get("days"), "from": d.get("countedFrom", {}), "basis": basis,
                  "basis_label": snap.label(basis) if basis else {}}
        srcs = []
        for c in _ids(P("source")):
            row = snap.citations.get(c)
            if row:
                srcs.append(Source(row["doc"], _pick(snap.label(row["doc"]), "en"), row["at"], row.get("q"),
                                   row.get("ql") or None))
        services = _ids(P("serviceType"))
        beneficiaries = _ids(P("beneficiary"))
        item = Item(
            id=_short(e), iri=e, label=dict(langp.get(PREFIXES["rdfs"] + "label", {})) or snap.label(e),
            description=dict(langp.get(PREFIXES["skos"] + "scopeNote", {})),
            services=_named(snap, services), legal_basis=bases, duty_bearers=_named(snap, P("dutyBearer")),
            duty_bearer_named=str((P("dutyBearerNamed") or [True])[0]).lower() != "false",
            delivered_by=_named(snap, P("deliveredBy")), service_points=[], conditions=conds, deadline=dl,
            in_force=in_force, valid_from=vf, valid_until=vu,
            certainty=str((P("certainty") or ["stated"])[0]), certainty_note=LP("certaintyNote"),
            modality=str((P("modality") or ["right"])[0]), claimants=_named(snap, P("claimant")),
            stages=_named(snap, P("stage")), beneficiaries=_named(snap, beneficiaries), sources=srcs)
        reasons = []
        if not set(beneficiaries) & gset:
            reasons.append(Reason("not-beneficiary", beneficiaries, [snap.label(b) for b in beneficiaries],
                                  {lang: _t("reason.not-beneficiary", lang, what=", ".join(
                                      _pick(snap.label(b), lang) for b in beneficiaries)) for lang in ("en", "id")}))
        excluded = sorted(set(P("excludes")) & gset)
        if excluded:
            reasons.append(Reason("excluded", excluded, [snap.label(x) for x in excluded],
                                  {lang: _t("reason.excluded", lang, what=", ".join(
                                      _pick(snap.label(x), lang) for x in excluded)) for lang in ("en", "id")}))
        unmet = [c for c in conds if c.state == "unmet"]
        if unmet:
            reasons.append(Reason("condition", [c.iri for c in unmet], [c.label for c in unmet],
                                  {lang: _t("reason.condition", lang, what=", ".join(
                                      _pick(c.label, lang) for c in unmet)) for lang in ("en", "id")}))
        age_reason, age_cond = _age_check(props, profile, as_of)
        if age_reason:
            reasons.append(age_reason)
        elif age_cond:
            item.conditions.append(age_cond)
        item.ages = _ages_of(props)
        local = _local_jurisdictions(snap, basis_nodes)
        if local and places and not (local & places):
            reasons.append(Reason("other-region", sorted(local), [snap.label(j) for j in sorted(local)],
                                  {lang: _t("reason.other-region", lang, what=", ".join(
                                      _pick(snap.label(j), lang) for j in sorted(local))) for lang in ("en", "id")}))
        elif local and not places:
            item.conditions.append(ConditionState(sorted(local)[0], {
                lang: _t("only-in", lang, what=", ".join(_pick(snap.label(j), lang) for j in sorted(local)))
                for lang in ("en", "id")}, "unknown"))
        if not in_force:
            reasons.append(Reason("not-in-force", basis_nodes, [b.label for b in bases],
                                  {lang: _t("reason.not-in-force", lang, what=as_of.isoformat())
                                   for lang in ("en", "id")}))
        item.reasons = reasons
        live = [stands[b.iri] for b in bases if b.in_force]
        if live and all(st.state == "unclear" for st in live):
            item.warnings.append({lang: _t("warn." + ("unclear" if all(st.reason == "status-unclear" for st in live)
                                                       else "ended"), lang) for lang in ("en", "id")})
        visited.append((item, AnswerItem(e, tuple(basis_nodes), tuple(r.kind for r in reasons))))
        if reasons:
            not_entitled.append(item)
        else:
            item.service_points = _service_points(snap, services, usable, as_of, region, regency, province)
            entitled.append(item)
    answer = Answer(profile, as_of, region, _named(snap, groups), entitled, not_entitled, notes)
    if gap_list:
        per_item, answer.gaps = gaps_for_answer([ref for _item, ref in visited], gset, places, gap_list)
        for item, ref in visited:
            item.gaps = per_item[ref.iri]
    answer.region_label = snap.label(region) if region else {}
    return answer


def render(answer: Answer, fmt: str = "json", lang: str = "en") -> str:
    if fmt == "json":
        return answer.to_json()
    if fmt in ("md", "markdown"):
        return answer.to_markdown(lang)
    if fmt == "html":
        return answer.to_html(lang)
    raise ValueError(f"unknown format {fmt!r}; use json, md or html")
