"""The essential-service gap per victim group × essential service × province, from the providers' mandates.

Coverage of a cell (a victim profile, an essential service, a province) means: a provider **this group may
use** (its mandate, :mod:`kg.answers.mandate`: ``"yes"``), **delivering this service** (``jar:offers`` the service or
a narrower one), **reachable from this province** (its mandate's regions or its own region, widened to the
province; ``reach: national`` = every province), **in force on the date** (the as-of view hides providers
outside their validity). A body that only coordinates or funds (``walk_in: false``) is never a place a victim
can go; a provider whose mandate is not recorded is *unknown*, never coverage.

One :class:`Cell` per profile × essential service. It becomes a gap (kind ``group-without-essential-service``)
when some in-force province is not covered. It is a **mandate gap** when providers of the service exist whose
mandate excludes the group (a policy gap, graded *derived from law or mandate*), otherwise a **no recorded
provider** gap (graded *absence of records* unless a finding documents it). The helper facts
``jdv:EssentialCell`` / ``jdv:uncoveredProvince`` let the coverage shape decide; :func:`cell_message` words it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..answers import mandate as md
from ..namespaces import ID, JAR

from .model import FastNS as _FastNS  # noqa: E402

JAR = _FastNS(JAR)
RDF = _FastNS(RDF)

G = "vocab/groups/"

#: The victim profiles the essential-service gap is computed for: group concept, sex, age group, wording.
PROFILES = (
    (ID[G + "trafficked-men"], "male", "adult", {"en": "adult male victims", "id": "korban laki-laki dewasa"}),
    (ID[G + "trafficked-women"], "female", "adult", {"en": "adult female victims", "id": "korban perempuan dewasa"}),
    (ID[G + "trafficked-children"], None, "child", {"en": "child victims", "id": "korban anak"}),
)
#: the like-for-like group of the other sex
TWIN = {ID[G + "trafficked-men"]: ID[G + "trafficked-women"], ID[G + "trafficked-women"]: ID[G + "trafficked-men"]}
PROVIDER_TYPES = (JAR.Institution, JAR.ServicePoint, JAR.Programme)


@dataclass(eq=False)
class Cell:
    group: URIRef
    service: URIRef
    wording: dict
    provinces: list  # every province in the graph on the date
    covered: dict = field(default_factory=dict)  # province -> providers that may serve the group there
    conditional: dict = field(default_factory=dict)  # province -> providers that may serve part of the group
    unplaced: list = field(default_factory=list)  # may serve the group; where is not recorded
    excluded: dict = field(default_factory=dict)  # provider -> reason: excludes the group, serves the other sex
    unknown: list = field(default_factory=list)  # mandate not recorded (data to collect)
    mandates: dict = field(default_factory=dict)  # provider -> Mandate (of the excluded ones, for sources)

    @property
    def uncovered(self) -> list:
        return [p for p in self.provinces if p not in self.covered]

    @property
    def subkind(self) -> str:
        return "mandate" if self.excluded else "no-provider"

    @property
    def node(self) -> URIRef:
        key = f"{self.group}\n{self.service}".encode("utf-8")
        return URIRef(str(ID) + "derived/cell/" + hashlib.sha1(key).hexdigest()[:16])


def _offers(g: Graph, provider, service, ups_svc: dict) -> bool:
    return any(service in ups_svc.get(s, {s}) for s in g.objects(provider, JAR.offers))


def essential_cells(g: Graph, essential: list, ups: dict, ups_svc: dict) -> list[Cell]:
    """Every profile × essential service cell (see the module docstring). ``g`` is the as-of view."""
    mandates = md.read_mandates(g)
    prov_of = md.province_of(g)
    provinces = sorted(set(g.subjects(RDF.type, JAR.Province)), key=str)
    providers = sorted({p for t in PROVIDER_TYPES for p in g.subjects(RDF.type, t)
                        if (p, JAR.offers, None) in g}, key=str)
    reached = {p: md.provinces_reached(g, p, mandates.get(p), prov_of, provinces) for p in providers}
    cells = []
    for group, sex, age, wording in PROFILES:
        if group not in ups:
            continue
        prof = md.profile(group, ups, sex=sex, age=age)
        # the like-for-like counterpart: same age, other sex (an exclusion only matters when the provider
        # serves the counterpart: a children's home that takes no adults is no gap for adults)
        other = {"male": "female", "female": "male"}.get(sex)
        twin_group = TWIN.get(group)
        twin = md.profile(twin_group, ups, sex=other, age=age) if other and twin_group in ups else None
        for svc in essential:
            cell = Cell(group, svc, wording, provinces)
            for p in providers:
                if not _offers(g, p, svc, ups_svc):
                    continue
                m = mandates.get(p)
                verdict = md.may_serve(m, prof, ups)
                if verdict == "no":
                    reason = md.exclusion_reason(m, prof, ups)
                    # a coordinating body is no place to go (it excludes nobody); an exclusion counts when the
                    # provider serves the other sex of the same age
                    if reason != "walk-in" and twin is not None and md.may_serve(m, twin, ups) == "yes":
                        cell.excluded[p] = reason
                        cell.mandates[p] = m
                elif verdict == "unknown":
                    cell.unknown.append(p)
                else:
                    where = reached[p]
                    target = cell.covered if verdict == "yes" else cell.conditional
                    if verdict == "yes" and not where:
                        cell.unplaced.append(p)
                    for prov in where:
                        target.setdefault(prov, []).append(p)
            cells.append(cell)
    return cells
