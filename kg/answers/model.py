"""The objects of an answer: what a person is entitled to, not entitled to (and why), and what depends on a
question still to ask; where to go for each; the groups the person is treated as belonging to, and why.

Plain data: renderers live in :mod:`kg.render.brief`; :meth:`Answer.to_dict` gives the JSON form.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from .profile import Profile


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
    state: str = "in-force"  # its standing on the answer's date (kg.asof): in-force | not-yet | ended | unclear
    note: dict[str, str] = field(default_factory=dict)  # why it is not in force on that date, with the date


@dataclass
class ServicePointHit:
    iri: str
    label: dict[str, str]
    region: str | None
    region_label: dict[str, str]
    proximity: str  # regency | province | landing | abroad | national | elsewhere
    services: list[str] = field(default_factory=list)
    mandate: str = "unknown"  # yes | conditional | unknown (a "no" is never listed)
    mandate_note: dict[str, str] = field(default_factory=dict)
    scope: str = ""  # for a regional right: own-region (within the right's jurisdiction) | outside-region
    scope_note: dict[str, str] = field(default_factory=dict)  # "in West Java, the right's region" / "outside ..."


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
class Question:
    """A fact still to ask whose answer decides one or more entitlements."""
    key: str  # profile field (witness, age, ...), or group:<id> / condition:<id>
    text: dict[str, str]
    count: int = 0  # entitlements it decides (on the answer's top list)


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
    questions: list[Question] = field(default_factory=list)  # what it depends on (empty unless "depends")
    verdict: str = "entitled"  # entitled | not-entitled | depends
    section: str = "recovery"  # safety | return | recovery | justice (the brief's stage of action)
    core: bool = False  # a right of Law 21/2007 itself
    no_place: list[dict] = field(default_factory=list)  # why no place is listed: {text: {en, id}, gap?}
    successors: list[dict] = field(default_factory=list)  # rights that replaced this one (lawcur's mapping)

    @property
    def conditions_to_meet(self) -> list[ConditionState]:
        return [c for c in self.conditions if c.state != "met"]

    @property
    def steps(self) -> list[ConditionState]:
        return [c for c in self.conditions if c.state == "step"]


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
    gaps_computed: bool = True  # False: the gaps of this graph and date were not computed (never read as "none")
    depends: list[Item] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)  # the few whose answers change the most items
    derivations: list[dict] = field(default_factory=list)  # "treated as … because …"
    law_checked_up_to: str | None = None  # the date up to which the law's currency was checked (lawcur)
    places: dict[str, dict] = field(default_factory=dict)  # landing / country labels used by the brief

    def gap_kinds(self) -> set[str]:
        return {g.get("kind") for g in self.gaps}

    def ids(self) -> list[str]:
        return [i.id for i in self.entitled]

    def depends_ids(self) -> list[str]:
        return [i.id for i in self.depends]

    def get(self, ident: str) -> Item | None:
        for i in self.entitled + self.depends + self.not_entitled:
            if i.id == ident or i.iri == ident or i.id == f"entitlement/{ident}":
                return i
        return None

    def verdict(self, ident: str) -> str | None:
        item = self.get(ident)
        return item.verdict if item else None

    def to_dict(self) -> dict:
        def conv(x):
            if isinstance(x, date):
                return x.isoformat()
            if isinstance(x, Profile):
                return x.to_dict()
            if isinstance(x, (list, tuple)):
                return [conv(v) for v in x]
            if isinstance(x, set):
                return sorted(conv(v) for v in x)
            if isinstance(x, dict):
                return {k: conv(v) for k, v in x.items()}
            if hasattr(x, "__dataclass_fields__"):
                d = {k: conv(getattr(x, k)) for k in x.__dataclass_fields__}
                if isinstance(x, Item):
                    d["conditions_to_meet"] = [c.iri for c in x.conditions_to_meet]
                return d
            return x
        return conv({"profile": self.profile, "as_of": self.as_of, "region": self.region,
                     "region_label": self.region_label, "law_checked_up_to": self.law_checked_up_to,
                     "law_currency": self.places.get("law_currency"),
                     "questions": self.questions, "groups": self.groups, "derivations": self.derivations,
                     "gaps": self.gaps, "gaps_computed": self.gaps_computed, "entitled": self.entitled, "depends": self.depends,
                     "not_entitled": self.not_entitled, "notes": self.notes})

    def to_json(self, indent: int = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)
