"""Which beneficiary groups a profile belongs to: *yes*, *no* or *unknown* (with the facts that would decide).

A group's membership follows, in order:

* a group the profile names explicitly (``groups:``): yes, when its broader groups are not ruled out;
* the trafficking-victims group: the profile's ``victim`` fact;
* a group with criteria of its own (``criteria:`` in the groups vocabulary): each criterion is met, failed or
  unknown (an unknown fact is never met and never failed); its broader groups must be members too;
* a group with no criteria of its own: the conjunction of its broader groups, except directly under the top
  concept, where nothing in the profile decides it (unknown, to be asked);
* a derivation rule (``sources/derivations/``, with its legal basis and source) makes a
  person a member when they are a member of every group the rule names ("you are treated as … because …").

Unknown is never no: an entitlement for a group whose membership is unknown *depends* on the questions listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import ID
from .profile import Profile

GROUPS = str(ID["vocab/groups/"])
VICTIM_GROUP = GROUPS + "trafficking-victims"
#: group criterion key -> the profile fact (question) that decides it
CRITERION_FACT = {"age_group": "age", "exploitation_form": "exploitation_forms"}


@dataclass
class Membership:
    state: str  # yes | no | unknown
    missing: set[str] = field(default_factory=set)  # question keys that would decide an unknown
    via: dict | None = None  # the derivation rule that made it yes (or could)
    facts: dict = field(default_factory=dict)  # criterion -> the profile value that met it


def _criterion(values: set, have) -> bool:
    if isinstance(have, list):
        return bool({str(v) for v in have} & {str(v) for v in values})
    if isinstance(have, bool):
        return have in {v if isinstance(v, bool) else str(v).lower() == "true" for v in values}
    return str(have) in {str(v) for v in values}


def _own(snap, group: str, profile: Profile) -> Membership:
    crit = snap.group_criteria.get(group) or {}
    missing, facts = set(), {}
    for key, values in crit.items():
        have = profile.criterion_value(key)
        if have is None or have == []:
            if key == "women_or_children":
                missing.add("sex" if profile.sex is None else "age")
            else:
                missing.add(CRITERION_FACT.get(key, key))
        elif not _criterion(values, have):
            return Membership("no")
        else:
            facts[key] = have
    return Membership("unknown", missing) if missing else Membership("yes", facts=facts)


def memberships(profile: Profile, snap, as_of=None) -> dict[str, Membership]:
    """Every group concept of the graph -> its :class:`Membership` for ``profile`` (derivation rules count only
    while their legal basis is in force on ``as_of``)."""
    memo: dict[str, Membership] = {}
    explicit = {g if g.startswith(GROUPS) else GROUPS + g for g in profile.groups}
    rules = getattr(snap, "derivations", {}) or {}
    if as_of is not None and rules:
        from .snapshot import resource_in_force

        rules = {g: [r for r in rs if all(resource_in_force(snap, b, as_of) for b in r["basis"])]
                 for g, rs in rules.items()}

    def combine(parts: list[Membership]) -> Membership:
        if any(p.state == "no" for p in parts):
            return Membership("no")
        missing = set().union(*(p.missing for p in parts if p.state == "unknown")) if parts else set()
        if any(p.state == "unknown" for p in parts):
            return Membership("unknown", missing)
        return Membership("yes")

    def member(g: str) -> Membership:
        if g in memo:
            return memo[g]
        memo[g] = Membership("no")  # guards cycles
        parents = sorted(snap.group_broader.get(g, set()))
        up = [member(b) for b in parents]
        if g in explicit:
            m = combine(up)
            if m.state == "yes":
                m.facts = {"stated": True}
        elif g == VICTIM_GROUP:
            m = combine(up) if profile.victim else Membership("no")
        elif snap.group_criteria.get(g):
            own = _own(snap, g, profile)
            m = combine([own] + up)
            if m.state == "yes":
                m.facts = own.facts
        elif not parents:
            m = Membership("yes")  # the top concept (all persons)
        elif all(not snap.group_broader.get(b) for b in parents):
            # directly under the top concept and no criteria: nothing in the profile decides it
            m = Membership("unknown", {"group:" + g[len(GROUPS):]})
        else:
            m = combine(up)
        for rule in rules.get(g, []):
            parts = [member(x) for x in rule["from"]]
            r = combine(parts)
            if r.state == "yes":
                m = Membership("yes", via=rule, facts=m.facts if m.state == "yes" else {})
                break
            if m.state != "yes":
                if r.state == "unknown" and m.state != "unknown":
                    m = Membership("unknown", r.missing, via=rule)
                elif r.state == "unknown":
                    m.missing |= r.missing
        memo[g] = m
        return m

    for g in snap.group_broader:
        member(g)
    return memo


def profile_groups(profile: Profile, store=None, snap=None) -> list[str]:
    """IRIs of the group concepts the profile surely belongs to (sorted)."""
    if snap is None:
        from .snapshot import snapshot

        snap = snapshot(store)
    return sorted(g for g, m in memberships(profile, snap).items() if m.state == "yes")
