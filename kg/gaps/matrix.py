"""The coverage matrix: group × essential service × stage with legal basis and providers."""
from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import re
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.paths import Path as RDFPath

from ..namespaces import ELI, GRAPHS, ID, JAR, SH, SHAPES, bind_all

from .model import *  # noqa: F401,F403
from .model import _lang_map  # noqa: F401
from .facts import _Facts, _View, _gone, _graph_of, coverage_facts
from .checks import _gc_paused
from .report import _short
from .essential import PROFILES
from ..answers import mandate as md
from .explanation import _Explainer


# --- coverage matrix -----------------------------------------------------------------------------------

def coverage_matrix(source, as_of: date | None = None, all_groups: bool = False) -> list[dict]:
    """Rows (group × essential service × stage) with the legal basis and the providers of each cell, for
    ``pandas.DataFrame(rows)``. Groups: the victim groups (every group if ``all_groups``). A cell without
    entitlements has stage ``""``; ``covered`` says whether any provider this group may use (its mandate,
    :mod:`kg.answers.mandate`; without a recorded mandate, the groups it serves) offers the service. Trafficked men and
    women are read as adults (the profiles of :mod:`kg.gaps.essential`); ``providers_conditional`` may serve only
    part of the group, ``excluded_by_mandate`` offer the service but their mandate excludes the group."""
    with _gc_paused():
        data = _graph_of(source)
        hidden = _gone(data, as_of) if as_of is not None else frozenset()
        g = _View(data, coverage_facts(_View(data, _Facts(), hidden) if hidden else data, as_of), hidden)
    ex = _Explainer(g, Graph())
    groups = sorted(g.subjects(SKOS.inScheme, ID["vocab/groups"]) if all_groups
                    else g.subjects(RDF.type, JDV.VictimGroup), key=str)
    services = sorted(g.subjects(RDF.type, JDV.EssentialServiceConcept), key=str)
    stage_rank = {s: int(g.value(s, JAR.rank) or 99) for s in g.subjects(SKOS.inScheme, ID["vocab/stages"])}
    ents = sorted(g.subjects(RDF.type, JAR.Entitlement), key=str)
    providers = sorted({p for p in g.subjects(JAR.offers, None)
                        if (p, JAR.serves, None) in g or (p, JAR.mandate, None) in g}, key=str)
    mandates = md.read_mandates(g)
    closure = {c: frozenset(g.objects(c, JDV.broaderOrSelf)) for c in g.subjects(JDV.broaderOrSelf, None)}
    profiles = {grp: (sex, age, wording) for grp, sex, age, wording in PROFILES}
    rows = []
    for grp in groups:
        ups = set(g.objects(grp, JDV.broaderOrSelf))
        sex, age, wording = profiles.get(grp, (None, None, None))
        prof = md.profile(grp, closure, sex=sex, age=age)
        for svc in services:
            cell_ents = [e for e in ents if ex._covers(e, grp, svc)]
            cell_prov, cell_cond, cell_excl = [], [], []
            for p in providers:
                if not any((s, JDV.broaderOrSelf, svc) in g for s in g.objects(p, JAR.offers)):
                    continue
                verdict = md.may_serve(mandates.get(p), prof, closure)
                if verdict == "unknown":  # no mandate recorded: the groups it is said to serve decide
                    verdict = ("yes" if set(g.objects(p, JAR.serves)) & ups
                               and not set(g.objects(p, JAR.excludes)) & ups else "no")
                elif verdict == "no" and md.exclusion_reason(mandates[p], prof, closure) != "walk-in":
                    cell_excl.append(p)
                {"yes": cell_prov, "conditional": cell_cond}.get(verdict, []).append(p)
            by_stage: dict = {}
            for e in cell_ents:
                for st in sorted(g.objects(e, JAR.stage), key=str) or [None]:
                    by_stage.setdefault(st, []).append(e)
            if not by_stage:
                by_stage[None] = []
            for st in sorted(by_stage, key=lambda s: (stage_rank.get(s, 100) if s else 0, str(s))):
                es = by_stage[st]
                basis = ex.items(ex.bases(es))
                prov = ex.items(cell_prov)
                rows.append({
                    "group": _short(str(grp)), "group_en": ex.item(grp).text("en"), "group_id": ex.item(grp).text("id"),
                    "service": _short(str(svc)), "service_en": ex.item(svc).text("en"),
                    "service_id": ex.item(svc).text("id"),
                    "stage": _short(str(st)) if st else "", "stage_en": ex.item(st).text("en") if st else "",
                    "stage_id": ex.item(st).text("id") if st else "",
                    "entitlements": [_short(str(e)) for e in es],
                    "legal_basis": [_short(b.iri) for b in basis],
                    "legal_basis_en": "; ".join(b.text("en") for b in basis),
                    "legal_basis_id": "; ".join(b.text("id") for b in basis),
                    "providers": [_short(p.iri) for p in prov],
                    "providers_en": "; ".join(p.text("en") for p in prov),
                    "providers_id": "; ".join(p.text("id") for p in prov),
                    "providers_conditional": [_short(p.iri) for p in ex.items(cell_cond)],
                    "excluded_by_mandate": [_short(p.iri) for p in ex.items(cell_excl)],
                    "profile_en": (wording or {}).get("en", ""), "profile_id": (wording or {}).get("id", ""),
                    "covered": bool(cell_prov),
                })
    return rows
