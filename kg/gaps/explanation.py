"""Explaining a result of a coverage shape for a policymaker: message, who should act, evidence."""
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
from .facts import JDV  # noqa: F401

from .model import FastNS as _FastNS  # noqa: E402

JAR = _FastNS(JAR)
JDV = _FastNS(JDV)
RDF = _FastNS(RDF)
RDFS = _FastNS(RDFS)
SKOS = _FastNS(SKOS)
ELI = _FastNS(ELI)


# --- explaining a result -------------------------------------------------------------------------------

class _Explainer:
    def __init__(self, g: Graph, shapes: Graph, query_extra: bool = True):
        self.g, self.shapes, self.query_extra = g, shapes, query_extra
        self.prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (
            ("jar", JAR), ("jdv", JDV), ("eli", ELI), ("skos", SKOS), ("rdf", RDF)))
        self._findings = None
        self._evidence: dict = {}
        self._items: dict = {}
        self._ents = None

    def item(self, node) -> Item:
        if node in self._items:
            return self._items[node]
        self._items[node] = it = self._item(node)
        return it

    def _item(self, node) -> Item:
        label = _lang_map(self.g, node, RDFS.label) or _lang_map(self.g, node, SKOS.prefLabel)
        if not label and isinstance(node, Literal):
            label = {"id": str(node), "en": str(node)}
        return Item(str(node), label)

    def items(self, nodes) -> list[Item]:
        return [self.item(n) for n in sorted(set(nodes), key=str)]

    def _extra(self, shape, focus, value) -> dict:
        """The extra variables a SPARQL shape projects (e.g. ?group, ?finding) for this result."""
        out: dict = {}
        for c in self.shapes.objects(shape, SH.sparql):
            q = self.shapes.value(c, SH.select)
            head = re.search(r"SELECT(.*?)WHERE", str(q or ""), flags=re.S | re.I)
            if q is None or not head or not set(re.findall(r"[?$](\w+)", head.group(1))) - {"this", "value"}:
                continue
            bindings = {"this": focus}
            if value is not None:
                bindings["value"] = value
            for row in self.g.query(self.prologue + str(q), initBindings=bindings):
                for var, val in row.asdict().items():
                    if var not in ("this", "value") and val is not None:
                        out.setdefault(var, set()).add(val)
        return out

    def bases(self, ents) -> list:
        return sorted({b for e in ents for b in self.g.objects(e, JAR.legalBasis)}, key=str)

    def instruments_of(self, bases) -> list:
        return sorted({self.g.value(b, JAR.inInstrument) or b for b in bases}, key=str)

    def gap(self, shape, focus, value, known: dict | None = None) -> Gap:
        g, shapes = self.g, self.shapes
        kind = str(shapes.value(shape, DCTERMS.identifier) or shape)
        severity = SEVERITY.get(shapes.value(shape, SH.severity), "high")
        extra = (self._extra(shape, focus, value) if self.query_extra and (shape, SH.sparql, None) in shapes
                 else {})
        for var, vals in (known or {}).items():
            extra.setdefault(var, set()).update(vals)
        message = self.message(shape, focus, value)
        if kind == "non-delivery-reported" and value is not None:
            finding, focus, value = focus, value, None
            extra.setdefault("finding", set()).add(finding)
        types = set(g.objects(focus, RDF.type))
        groups, services, ents, region, who = set(), set(), set(), None, set()
        instruments = set()
        if JAR.Entitlement in types or JAR.Programme in types or JAR.ServicePoint in types:
            ents = {focus} if JAR.Entitlement in types else set()
            groups |= set(g.objects(focus, JAR.beneficiary)) | set(g.objects(focus, JAR.serves))
            services |= set(g.objects(focus, JAR.serviceType)) | set(g.objects(focus, JAR.offers))
            who |= set(g.objects(focus, JAR.dutyBearer)) | set(g.objects(focus, JAR.operatedBy))
            who |= {b for o in g.subjects(JAR.fulfils, focus) for b in g.objects(o, JAR.bearer)}
            if kind == "excluded-similar-group" and value is not None:
                groups = {value}
        if JDV.VictimGroup in types or (focus, SKOS.inScheme, ID["vocab/groups"]) in g:
            groups.add(focus)
            if value is not None:
                services.add(value)
            # who should act: duty-bearers of rights to that service for this group, if the law names any
            ups = set(g.objects(focus, JDV.broaderOrSelf))
            under = set(g.subjects(JDV.broaderOrSelf, value)) if value is not None else None
            for e, bens, excl, svcs, duty in self._entitlements():  # what _covers(e, focus, value) tests
                if ups & bens and not ups & excl and (under is None or svcs & under):
                    ents.add(e)
                    who |= duty
        if JDV.EssentialServiceConcept in types:
            services.add(focus)
            lvl = ID["org/district-governments"]
            if (lvl, RDF.type, None) in g:
                who.add(lvl)
        if JAR.LegalInstrument in types:
            instruments.add(focus)
            if value is not None and (value, RDF.type, JAR.LegalInstrument) in g:
                instruments.add(value)
            for i in instruments:
                who |= set(g.objects(i, ELI.passed_by))
            region = g.value(focus, ELI.jurisdiction)
        if JAR.Obligation in types:
            who |= set(g.objects(focus, JAR.bearer))
            ents |= set(g.objects(focus, JAR.fulfils))
        if types & {JAR.Province, JAR.Regency, JAR.City}:
            region = focus
            for cls, org in GOVERNMENT_LEVEL.items():
                if cls in types and (ID[org], RDF.type, None) in g:
                    who.add(ID[org])
        groups |= extra.get("group", set())
        services |= extra.get("svc", set())
        bases = set(self.bases(ents))
        if JAR.Obligation in types:
            bases |= set(g.objects(focus, JAR.legalBasis))
        if JAR.Entitlement in types and kind == "entitlement-without-duty-bearer" and not who:
            who |= {p for i in self.instruments_of(bases) for p in g.objects(i, ELI.passed_by)}
        instruments |= set(self.instruments_of(bases))
        if region is None:  # a gap in regional law belongs to that region
            regional = {j for i in instruments for j in g.objects(i, ELI.jurisdiction)
                        if (j, RDF.type, JAR.Country) not in g}
            if len(regional) == 1:
                region = regional.pop()
        evidence = self.evidence(focus, value, bases, instruments, groups, services, extra.get("finding", set()))
        gap = Gap(kind=kind, severity=severity, message=message, focus=str(focus),
                  shape=str(shape), value=str(value) if value is not None else None,
                  groups=self.items(groups), services=self.items(services),
                  region=self.item(region) if region is not None else None,
                  instruments=self.items(instruments), legal_basis=self.items(bases),
                  who_should_act=self.items(who), evidence=evidence)
        from .kinds import explain

        return explain(self, gap, focus, value, extra)

    def _entitlements(self) -> list:
        """(entitlement, beneficiaries, exclusions, services, duty-bearers) of every entitlement of the view, read
        once per explainer (a group's gap asks which rights cover it; one pass each made the timeline slow)."""
        if self._ents is None:
            g = self.g
            self._ents = [(e, set(g.objects(e, JAR.beneficiary)), set(g.objects(e, JAR.excludes)),
                           set(g.objects(e, JAR.serviceType)), set(g.objects(e, JAR.dutyBearer)))
                          for e in g.subjects(RDF.type, JAR.Entitlement)]
        return self._ents

    def _covers(self, ent, group, service) -> bool:
        g = self.g
        ups = set(g.objects(group, JDV.broaderOrSelf))
        if not ups & set(g.objects(ent, JAR.beneficiary)) or ups & set(g.objects(ent, JAR.excludes)):
            return False
        if service is None:
            return True
        return any((s, JDV.broaderOrSelf, service) in g for s in g.objects(ent, JAR.serviceType))

    def message(self, shape, focus, value) -> dict:
        out = {}
        for lang, text in _lang_map(self.shapes, shape, SH.message).items():
            text = text.replace("{this}", self.item(focus).text(lang))
            if value is not None:
                text = text.replace("{value}", self.item(value).text(lang))
            if text[:1].islower():
                text = text[0].upper() + text[1:]
            out[lang] = text
        return out

    def evidence(self, focus, value, bases, instruments, groups, services, findings) -> list[Evidence]:
        about = {focus} | set(bases) | set(instruments)
        if value is not None and not isinstance(value, Literal):
            about.add(value)
        found = set(findings)
        if self._findings is None:
            self._index_findings()
        by_concern, by_group, f_services = self._findings
        for node in about:
            found.update(by_concern.get(node, ()))
        services = set(services)
        for grp in set(groups):  # the same group and the same service
            found.update(f for f in by_group.get(grp, ()) if not f_services[f].isdisjoint(services))
        return [self._evidence_of(f) for f in sorted(found, key=str)]

    def _index_findings(self) -> None:
        g = self.g
        by_concern: dict = {}
        by_group: dict = {}
        f_services: dict = {}
        for f in g.subjects(RDF.type, JAR.Finding):
            for c in set(g.objects(f, JAR.concerns)):
                by_concern.setdefault(c, []).append(f)
            for grp in set(g.objects(f, JAR.affectsGroup)):
                by_group.setdefault(grp, []).append(f)
            f_services[f] = set(g.objects(f, JAR.affectsService))
        self._findings = (by_concern, by_group, f_services)

    def _evidence_of(self, f) -> Evidence:
        if f in self._evidence:
            return self._evidence[f]
        g = self.g
        quotes = []
        for c in sorted(g.objects(f, JAR.source), key=str):
            q = g.value(c, JAR.quote)
            if q is None:
                continue
            doc = g.value(c, JAR.document)
            quotes.append({"quote": str(q), "lang": q.language, "document": str(doc),
                           "document_label": str(g.value(doc, RDFS.label) or doc),
                           "at": str(g.value(c, JAR.pinpoint) or "")})
        self._evidence[f] = ev = Evidence(finding=str(f), kind=str(g.value(f, JAR.findingKind) or ""),
                                          statement=_lang_map(g, f, JAR.statement) or _lang_map(g, f, RDFS.label),
                                          quotes=tuple(quotes))
        return ev
