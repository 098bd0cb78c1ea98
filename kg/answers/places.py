"""Where to go for a right: places that deliver the service, whose mandate lets them serve this person, and that
the person can reach.

A service point qualifies for a right only when all three hold:

1. **it delivers that service**: it offers the right's service or a narrower one (a place offering a broader,
   generic service does not thereby deliver every narrower one);
2. **its mandate lets it serve this person** (INTERFACES #5, :func:`kg.answers.mandate.may_serve`): a recorded mandate
   that excludes the person's sex, age, group or nationality removes it; a mandate that does not say, or none
   recorded, keeps it marked "may serve (mandate not recorded)", never as sure as a recorded one;
3. **it is reachable**: in the regency or province of return, at the place of landing, the Indonesian mission in
   the country of exploitation (for a person abroad), or with national reach.

When no place qualifies, :func:`no_place` says so plainly: "no provider that may serve adult men is recorded in
West Java for shelter", with the nearest one that would serve the person elsewhere.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from . import mandate as mrule
from ..ids import pick_label
from ..namespaces import ID
from .profile import Profile
from .model import ServicePointHit
from ..asof import in_window
from .snapshot import JAR

BASE = str(ID)
ORDER = {"abroad": 0, "landing": 1, "regency": 2, "province": 3, "national": 4}
CERTAINTY = {"yes": 0, "conditional": 1, "unknown": 2}


@functools.lru_cache(maxsize=4096)
def _t_cached(key: str, lang: str, kw: tuple) -> str:
    from ..i18n import t

    return t("brief." + key, lang, **dict(kw))


def _t(key: str, lang: str, **kw) -> str:
    return _t_cached(key, lang, tuple(sorted(kw.items())))


@dataclass
class Person:
    """What the place rules need to know of the person."""
    profile: Profile
    groups: frozenset  # group IRIs the person surely belongs to
    regency: str | None
    province: str | None
    landing: str | None
    country: str | None  # country of exploitation, when abroad
    as_of: date
    member: dict = None  # group -> Membership (yes / no / unknown), from :mod:`.groups`
    verdicts: dict = field(default_factory=dict)  # provider -> may_serve verdict (computed once per answer)


def _mandate(snap, provider: str) -> mrule.Mandate | None:
    memo = snap.__dict__.setdefault("_mandate_objs", {})
    if provider not in memo:
        memo[provider] = _read_mandate(snap, provider)
    return memo[provider]


def _read_mandate(snap, provider: str) -> mrule.Mandate | None:
    row = snap.mandates.get(provider)
    if not row:
        return None
    one = lambda k: (row.get(k) or [None])[0]  # noqa: E731
    walk = one("walkIn")
    lo, hi = one("mandateMinAge"), one("mandateMaxAge")
    return mrule.Mandate(
        provider=provider, walk_in=str(walk).lower() != "false" if walk is not None else True,
        sexes=frozenset(str(x) for x in row.get("mandateSex", [])),
        age_groups=frozenset(str(x) for x in row.get("mandateAgeGroup", [])),
        ages=(int(lo) if lo is not None else None, int(hi) if hi is not None else None),
        groups=frozenset(row.get("mandateGroup", [])),
        nationalities=frozenset(str(x) for x in row.get("mandateNationality", [])),
        reach=str(one("reach")) if one("reach") is not None else None,
        regions=frozenset(row.get("mandateRegion", [])))


def _ups(snap) -> dict:
    memo = snap.__dict__.setdefault("_group_ups", {})
    if not memo:
        for g in snap.group_broader:
            memo[g] = frozenset({g} | snap.ancestors(g, snap.group_broader))
    return memo


def may_serve(snap, provider: str, person: Person) -> str:
    """``yes`` | ``conditional`` | ``no`` | ``unknown`` for this provider and person (see :mod:`kg.answers.mandate`),
    with the person's nationality and exact age checked as well."""
    if provider not in person.verdicts:
        person.verdicts[provider] = _may_serve(snap, provider, person)
    return person.verdicts[provider]


def _may_serve(snap, provider: str, person: Person) -> str:
    m = _mandate(snap, provider)
    if m is None:
        return "unknown"
    p = person.profile
    closure = frozenset(person.groups)
    verdict = mrule.may_serve(m, mrule.Profile(ID["vocab/groups/trafficking-victims"], p.sex, p.age_group, closure),
                              _ups(snap))
    if verdict == "no":
        return "no"
    if m.groups and person.member and all(
            getattr(person.member.get(g), "state", "unknown") == "no" for g in m.groups):
        return "no"  # limited to groups the person is known not to belong to
    if m.nationalities and p.nationality and p.nationality not in m.nationalities:
        return "no"
    lo, hi = m.ages
    age = p.age_on(person.as_of)
    if age is not None and ((lo is not None and age < lo) or (hi is not None and age > hi)):
        return "no"
    return verdict


def _local_chain(snap, place: str | None) -> set[str]:
    """A place and what it lies in, up to (not including) its province, unless the place is a province."""
    if not place:
        return set()
    if snap.region_kind.get(place) == "province":
        return {place}
    out = set()
    for r in snap.region_chain(place):
        if snap.region_kind.get(r) in ("province", "country"):
            break
        out.add(r)
    return out


def _reach(snap, sp: str, props: dict, person: Person, m: mrule.Mandate | None) -> str | None:
    region = (props.get("region") or [None])[0]
    chain = snap.region_chain(region)
    levels = {lv.rsplit("/", 1)[-1] for lv in props.get("level", [])}
    reach = m.reach if m else None
    abroad_point = reach == "abroad" or "abroad" in levels or any(
        snap.region_kind.get(r) == "country" and not r.endswith("/idn") for r in chain)
    if abroad_point:
        # an Indonesian mission abroad serves a person in that country, nobody at home
        if person.country and person.profile.abroad and person.country in chain:
            return "abroad"
        return None
    if person.landing and (region in _local_chain(snap, person.landing)
                           or person.landing in chain):
        return "landing"
    if reach == "national":
        return "national"
    areas = set(m.regions) if m and m.regions else ({region} if region else set())
    home = set(snap.region_chain(person.regency)) if person.regency else set()
    if home & {a for a in areas if snap.region_kind.get(a) not in ("province", "country")}:
        return "regency"
    if reach in ("regency", "local"):
        return None  # a regency or local mandate: only for people of that place (or landing there)
    provinces = {r for a in areas for r in snap.region_chain(a) if snap.region_kind.get(r) == "province"}
    if person.province and (person.province in provinces or person.province in areas):
        return "province"
    if "national" in levels:
        return "national"
    return None


def _offers(snap, sp: str, props: dict) -> dict:
    """What a place offers: each offered service -> it and everything broader (memoised per snapshot)."""
    memo = snap.__dict__.setdefault("_sp_offers", {})
    if sp not in memo:
        memo[sp] = {o: frozenset({o}) | snap.ancestors(o) for o in props.get("offers", [])}
    return memo[sp]


def _delivers(snap, props: dict, wanted: set[str], sp: str = "") -> set[str]:
    if sp:
        return {o for o, up in _offers(snap, sp, props).items() if up & wanted}
    offers = set(props.get("offers", []))
    return {o for o in offers if o in wanted or snap.ancestors(o) & wanted}


def _open(snap, person: Person) -> list:
    """The places open on the person's date (computed once per answer)."""
    if "__open__" not in person.verdicts:
        person.verdicts["__open__"] = [
            (sp, props) for sp, props in snap.sps.items()
            if in_window((props.get("validFrom") or [None])[0], (props.get("validUntil") or [None])[0],
                         person.as_of)]
    return person.verdicts["__open__"]


def places(snap, services: list[str], person: Person, limit: int = 6, *, abroad_only: bool = False,
           jurisdiction: frozenset | set = frozenset()) -> list[ServicePointHit]:
    """The places that qualify for a right delivering ``services`` (nearest and surest first). ``abroad_only``:
    the right is owed only by Indonesia's missions abroad, so only a place abroad can deliver it.
    ``jurisdiction``: the regions of a regional right (a Perda of West Java): places within them come first, each
    place marked as in or outside the right's region, so a West Java right does not send the person to a
    national centre in Jakarta ahead of West Java's own places."""
    wanted = set(services)
    if not wanted:
        return []
    hits = []
    for sp, props in _open(snap, person):
        matched = _delivers(snap, props, wanted, sp)
        if not matched:
            continue
        m = _mandate(snap, sp)
        verdict = may_serve(snap, sp, person)
        if verdict == "no":
            continue
        if m is None and props.get("serves") and not set(props["serves"]) & person.groups:
            # no mandate recorded: the groups it is said to serve must include the person's
            continue
        prox = _reach(snap, sp, props, person, m)
        if prox is None or (abroad_only and prox != "abroad"):
            continue
        region = (props.get("region") or [None])[0]
        note = {} if verdict == "yes" else {lang: _t("mandate." + verdict, lang) for lang in ("en", "id")}
        hit = ServicePointHit(sp, snap.label(sp), region, snap.label(region) if region else {}, prox,
                              sorted(o[len(BASE):] if o.startswith(BASE) else o for o in matched), verdict, note)
        if jurisdiction:
            hit.scope = "own-region" if set(snap.region_chain(region)) & set(jurisdiction) else "outside-region"
            names = {lang: ", ".join(pick_label(snap.label(j), lang) for j in sorted(jurisdiction))
                     for lang in ("en", "id")}
            hit.scope_note = {lang: _t("scope." + ("own" if hit.scope == "own-region" else "outside"), lang,
                                       region=names[lang]) for lang in ("en", "id")}
        hits.append(hit)
    hits.sort(key=lambda h: (h.scope == "outside-region", ORDER[h.proximity], CERTAINTY.get(h.mandate, 3),
                             h.label.get("en", "")))
    return hits[:limit]


def person_words(profile: Profile, lang: str) -> str:
    sex = profile.sex or "any"
    age = profile.age_group or "any"
    return _t(f"person.{sex}.{age}", lang)


def _is_abroad(snap, props: dict) -> bool:
    """A place outside Indonesia (an Indonesian mission abroad)."""
    region = (props.get("region") or [None])[0]
    levels = {lv.rsplit("/", 1)[-1] for lv in props.get("level", [])}
    return "abroad" in levels or any(snap.region_kind.get(r) == "country" and not r.endswith("/idn")
                                     for r in snap.region_chain(region))


def _country_of(snap, region: str | None) -> str | None:
    return next((r for r in snap.region_chain(region) if snap.region_kind.get(r) == "country"), None)


def elsewhere_rank(snap, props: dict, person: Person) -> int | None:
    """How near a place that is not listed for the person lies ("recorded elsewhere"), lower is nearer: 0 the
    country the person is in (a mission there), 1 the regency of return, 2 the province of return, 3 the place of
    landing (or its province), 4 national, 5 elsewhere in Indonesia. None for a mission in another country: it is
    never offered as the place to go (:func:`no_place` names it apart, with its country)."""
    region = (props.get("region") or [None])[0]
    chain = set(snap.region_chain(region))
    if _is_abroad(snap, props):
        return 0 if person.country and person.country in chain else None
    if person.regency and (region in snap.region_chain(person.regency) or person.regency in chain):
        if snap.region_kind.get(region) not in ("province", "country"):
            return 1
    if person.province and person.province in chain:
        return 2
    if person.landing and (person.landing in chain or (region in snap.region_chain(person.landing)
                                                       and snap.region_kind.get(region) != "country")):
        return 3
    levels = {lv.rsplit("/", 1)[-1] for lv in props.get("level", [])}
    if "national" in levels or (region and snap.region_kind.get(region) == "country"):
        return 4
    return 5


def _where(snap, sp: str, region: str | None) -> dict[str, str]:
    """Where a place lies, for a reader who may not know it: its region and that region's province, leaving out
    a name the place's own name already gives ("Aruk Cross-Border Post (West Kalimantan Province)")."""
    chain = snap.region_chain(region)
    names = [r for r in chain[:1] + [r for r in chain[1:] if snap.region_kind.get(r) == "province"]
             if snap.region_kind.get(r) != "country" or r == region]
    out = {}
    for lang in ("en", "id"):
        own = pick_label(snap.label(sp), lang)
        parts = [pick_label(snap.label(r), lang) for r in names]
        out[lang] = ", ".join(dict.fromkeys(p for p in parts if p and p not in own)) or ", ".join(parts)
    return out


def no_place(snap, services: list[str], person: Person, *, abroad_only: bool = False) -> dict[str, str]:
    """Why no place is listed for a right, in words, with the nearest place that would serve the person elsewhere:
    the country the person is in first, then the regency, province and place of landing, then national places,
    then the rest of Indonesia (:func:`elsewhere_rank`). A mission in another country is never that place; for a
    right owed by missions abroad, those are named apart as missions in other countries, each with its country."""
    wanted = set(services)
    where = person.country if abroad_only else (person.regency or person.province or person.landing)
    service = ", ".join(snap.label(s).get("en", "") for s in services)
    service_id = ", ".join(snap.label(s).get("id", "") for s in services)
    ranked, missions = [], []
    for sp, props in sorted(_open(snap, person)):
        if not _delivers(snap, props, wanted, sp):
            continue
        if may_serve(snap, sp, person) == "no":
            continue
        region = (props.get("region") or [None])[0]
        rank = elsewhere_rank(snap, props, person)
        if rank is None:
            missions.append((snap.label(sp), snap.label(_country_of(snap, region) or region) if region else {}))
            continue
        if abroad_only and rank != 0:
            continue
        ranked.append((rank, snap.label(sp).get("en", ""), snap.label(sp), _where(snap, sp, region)))
    nearest = min(ranked, key=lambda r: r[:2]) if ranked else None
    out = {}
    for lang in ("en", "id"):
        place = snap.label(where).get(lang) if where else _t("nowhere_given", lang)
        text = _t("no_place", lang, who=person_words(person.profile, lang), where=place,
                  service=service if lang == "en" else service_id)
        if nearest:
            text += "; " + _t("nearest", lang, what=f"{pick_label(nearest[2], lang)} ({pick_label(nearest[3], lang)})")
        elif abroad_only and missions:
            text += "; " + _t("other_missions", lang, what=", ".join(
                f"{pick_label(label, lang)} ({pick_label(country, lang)})" for label, country in missions[:3]))
        out[lang] = text
    return out


__all__ = ["Person", "places", "no_place", "may_serve", "person_words", "JAR"]
