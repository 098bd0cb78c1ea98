"""Instruments of one region that disagree on who is covered — once per instrument, with its peers.

Two regional instruments of the same jurisdiction are *peers on a population* when each grants a right to a
victim group (a group under trafficking victims): a decree on women and child victims of violence and a task-force
regulation on trafficking victims are about different populations and never compared. For each victim profile
(adult men, adult women, children: :data:`kg.gaps.essential.PROFILES`), an instrument **leaves the profile out**
when none of its rights covers the profile (a beneficiary the profile belongs to, not excluded) while a peer
covers it. One helper node per (instrument, profile) that a peer covers: ``jdv:RegionalCoverage`` with
``jdv:coverageOf`` the instrument, ``jdv:coverageGroup`` the profile's group, ``jdv:coveredByPeer`` each peer
that covers it and ``jdv:coveredBySelf`` when the instrument covers it too. The shape reports the node where
``jdv:coveredBySelf`` is missing; the result is told on the instrument. Results grow with instruments ×
profiles, not with pairs of instruments.
"""
from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..namespaces import ELI, ID, JAR
from .essential import PROFILES
from .model import JDV

VICTIMS = ID["vocab/groups/trafficking-victims"]


def _node(inst, group) -> URIRef:
    key = f"{inst}\n{group}".encode("utf-8")
    return JDV["coverage/" + hashlib.sha1(key).hexdigest()[:20]]


def regional_coverage(g: Graph, d, closure: dict, rights_of: dict, standings: dict | None = None) -> dict:
    """Add the helper facts (see the module docstring) to ``d``; returns node -> (instrument, group)."""
    by_region: dict = {}
    for inst, region in g.subject_objects(ELI.jurisdiction):
        if (standings or {}).get(inst) == JDV["ended"]:
            continue  # an instrument no longer in force disagrees with nobody today (its history keeps it)
        if (inst, RDF.type, JAR.LegalInstrument) in g and (region, RDF.type, JAR.Country) not in g:
            by_region.setdefault(region, set()).add(inst)
    out = {}
    for insts in by_region.values():
        if len(insts) < 2:
            continue
        rights = {i: [(set(g.objects(e, JAR.beneficiary)), set(g.objects(e, JAR.excludes)))
                      for e in rights_of.get(i, ())] for i in insts}
        victims = {i for i in insts
                   if any(VICTIMS in closure.get(b, {b}) for bens, _x in rights[i] for b in bens)}
        if len(victims) < 2:
            continue
        for group, _sex, _age, _wording in PROFILES:
            if group not in closure:
                continue
            ups = closure[group]
            covers = {i for i in victims if any(bens & ups and not excl & ups for bens, excl in rights[i])}
            for inst in sorted(victims, key=str):
                peers = covers - {inst}
                if not peers:
                    continue
                node = _node(inst, group)
                d.add(node, RDF.type, JDV.RegionalCoverage)
                d.add(node, JDV.coverageOf, inst)
                d.add(node, JDV.coverageGroup, group)
                for p in sorted(peers, key=str):
                    d.add(node, JDV.coveredByPeer, p)
                if inst in covers:
                    d.add(node, JDV.coveredBySelf, inst)
                out[node] = (inst, group)
    return out
