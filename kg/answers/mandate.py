"""Whom a provider may serve: the mandate rule (INTERFACES #5), read from the graph.

A provider (institution, service point, programme) may carry one ``jar:Mandate`` (``mandate:`` in its YAML).
This module answers *may a person of this profile use this provider?* with ``"yes"``, ``"conditional"``
(only if the person also belongs to a group the profile does not imply, e.g. "returning migrant workers"
for a trafficked man), ``"no"`` (the mandate excludes the person) or ``"unknown"`` (no mandate recorded, or
the mandate does not say). A key left out of a mandate is *not recorded*: it never excludes anybody.

The rule, in order:

1. ``walk_in: false`` → ``"no"`` for every profile: the body coordinates or funds; no victim can go there.
2. ``sexes`` / ``age_groups`` / ``ages`` recorded and the profile's sex / age group known and outside them →
   ``"no"``.
3. ``groups`` recorded: the mandate is limited to those groups. Each group concept is split into its
   *demographic* part (women/girls → female; men/boys → male; children → child; adults → adult, read from
   its ``skos:broader`` closure) and its *status* part (the rest of its closure, e.g. trafficking victims,
   migrant workers, victims of violence). The profile matches a group when no demographic part contradicts
   it and every status part is implied by the profile's own group (then ``"yes"``) or merely possible
   (then ``"conditional"``). "Women and children" (``groups: [women, children]``) therefore means: an adult
   may use it only if female; a child of either sex may use it.
   A demographic part the profile leaves open (a "men and boys" profile against ``children``) is
   ``"conditional"`` too (boys only).
4. Otherwise ``"yes"`` when the mandate records something, ``"unknown"`` when it records nothing about whom.

Reach: the provinces a provider can be reached from are its mandate's ``regions`` (default: the provider's own
region), each widened to its province; ``reach: national`` means every province. See :func:`provinces_reached`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..namespaces import ID, JAR

V = "vocab/groups/"
#: Demographic concepts of the groups vocabulary: concept -> (sex, age group) it implies.
DEMOGRAPHIC = {
    ID[V + "women"]: ("female", None), ID[V + "men"]: ("male", None),
    ID[V + "children"]: (None, "child"), ID[V + "adults"]: (None, "adult"),
    ID[V + "adult-men"]: ("male", "adult"), ID[V + "adult-women"]: ("female", "adult"),
}
PERSONS = ID[V + "persons"]
SEXES = ("female", "male")
AGE_GROUPS = ("child", "adult")


@dataclass(frozen=True)
class Mandate:
    provider: URIRef
    walk_in: bool
    sexes: frozenset = frozenset()
    age_groups: frozenset = frozenset()
    ages: tuple = (None, None)
    groups: frozenset = frozenset()
    nationalities: frozenset = frozenset()
    reach: str | None = None
    regions: frozenset = frozenset()
    sources: tuple = ()

    @property
    def says_who(self) -> bool:
        return bool(self.sexes or self.age_groups or self.groups or self.ages != (None, None))


@dataclass(frozen=True)
class Profile:
    """A person described by a group concept: sex and age group if the group implies them, and every group
    the person belongs to by definition (the group's broader closure)."""
    group: URIRef
    sex: str | None
    age: str | None
    closure: frozenset = field(default_factory=frozenset)


def broader_closure(g: Graph, concepts=()) -> dict:
    """Each concept (every subject of ``skos:broader``, and ``concepts``) → the frozenset of itself and every
    broader concept, transitively. The one closure loop: the mandate rule and the gap engine's helper facts
    (:func:`kg.gaps.facts.coverage_facts`) both read it."""
    broader: dict = {}
    for s, o in g.subject_objects(SKOS.broader):
        broader.setdefault(s, set()).add(o)
    out: dict = {}
    for c in set(broader) | set(concepts):
        seen, stack = {c}, [c]
        while stack:
            for b in broader.get(stack.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    stack.append(b)
        out[c] = frozenset(seen)
    return out


def closure(g: Graph) -> dict:
    """The broader closure of the victim groups (``vocab/groups``) and of every concept with a broader one."""
    return broader_closure(g, g.subjects(SKOS.inScheme, ID["vocab/groups"]))


def _demographic(ups) -> tuple:
    sex = age = None
    for c in ups:
        s, a = DEMOGRAPHIC.get(c, (None, None))
        sex, age = sex or s, age or a
    return sex, age


def profile(group: URIRef, ups: dict, *, sex: str | None = None, age: str | None = None) -> Profile:
    """The profile of a group concept; ``sex``/``age`` narrow it (e.g. trafficked men, adults only)."""
    c = ups.get(group, frozenset({group}))
    s, a = _demographic(c)
    return Profile(group, sex or s, age or a, c)


def read_mandates(g: Graph) -> dict:
    """Every provider with a recorded mandate → :class:`Mandate`."""
    out = {}
    for prov, node in g.subject_objects(JAR.mandate):
        walk = g.value(node, JAR.walkIn)
        lo, hi = g.value(node, JAR.mandateMinAge), g.value(node, JAR.mandateMaxAge)
        out[prov] = Mandate(
            provider=prov, walk_in=bool(walk.toPython()) if walk is not None else True,
            sexes=frozenset(str(x) for x in g.objects(node, JAR.mandateSex)),
            age_groups=frozenset(str(x) for x in g.objects(node, JAR.mandateAgeGroup)),
            ages=(int(lo) if lo is not None else None, int(hi) if hi is not None else None),
            groups=frozenset(g.objects(node, JAR.mandateGroup)),
            nationalities=frozenset(str(x) for x in g.objects(node, JAR.mandateNationality)),
            reach=str(g.value(node, JAR.reach)) if g.value(node, JAR.reach) is not None else None,
            regions=frozenset(g.objects(node, JAR.mandateRegion)),
            sources=tuple(sorted(g.objects(node, JAR.source), key=str)))
    return out


def _age_ok(m: Mandate, age: str | None) -> bool | None:
    """True/False when the mandate's ages decide for the profile's age group, None when it cannot tell."""
    if age is None:
        return None
    if m.age_groups:
        return age in m.age_groups
    lo, hi = m.ages
    if lo is None and hi is None:
        return None
    if age == "child":
        return lo is None or lo < 18
    return hi is None or hi >= 18


def may_serve(m: Mandate | None, p: Profile, ups: dict) -> str:
    """``"yes"`` | ``"conditional"`` | ``"no"`` | ``"unknown"`` (see the module docstring)."""
    if m is None:
        return "unknown"
    if not m.walk_in:
        return "no"
    if m.sexes and p.sex is not None and p.sex not in m.sexes:
        return "no"
    if _age_ok(m, p.age) is False:
        return "no"
    conditional = ((m.sexes and p.sex is None and set(m.sexes) != set(SEXES))
                   or (m.age_groups and p.age is None and set(m.age_groups) != set(AGE_GROUPS)))
    if m.groups:
        best = "no"
        for grp in m.groups:
            c = ups.get(grp, frozenset({grp}))
            sex, age = _demographic(c)
            if (sex and p.sex and sex != p.sex) or (age and p.age and age != p.age):
                continue
            status = c - set(DEMOGRAPHIC) - {PERSONS}
            loose = bool((sex and not p.sex) or (age and not p.age) or not status <= p.closure)
            verdict = "conditional" if loose else "yes"
            if verdict == "yes":
                best = "yes"
                break
            best = "conditional"
        if best != "yes":
            return best
    if conditional:
        return "conditional"
    return "yes" if m.says_who else "unknown"


def exclusion_reason(m: Mandate, p: Profile, ups: dict) -> str | None:
    """Why the mandate excludes the profile: ``walk-in`` | ``sex`` | ``age`` | ``group`` (None if it does not)."""
    if may_serve(m, p, ups) != "no":
        return None
    if not m.walk_in:
        return "walk-in"
    if m.sexes and p.sex is not None and p.sex not in m.sexes:
        return "sex"
    if _age_ok(m, p.age) is False:
        return "age"
    return "group"


def province_of(g: Graph) -> dict:
    """Every region → the province it lies in (a province → itself); countries and places abroad → None."""
    parent = dict(g.subject_objects(JAR.partOfRegion))
    provinces = set(g.subjects(RDF.type, JAR.Province))
    out = {}
    for r in set(parent) | provinces:
        seen, node = set(), r
        while node is not None and node not in provinces and node not in seen:
            seen.add(node)
            node = parent.get(node)
        out[r] = node if node in provinces else None
    return out


def provinces_reached(g: Graph, provider, m: Mandate | None, prov_of: dict, all_provinces) -> frozenset:
    """The provinces from which a victim can reach the provider (see the module docstring)."""
    if m is not None and m.reach == "national":
        return frozenset(all_provinces)
    if m is not None and m.reach == "abroad":
        return frozenset()
    regions = set(m.regions) if m is not None and m.regions else set(g.objects(provider, JAR.region))
    return frozenset(p for p in (prov_of.get(r) for r in regions) if p is not None)
