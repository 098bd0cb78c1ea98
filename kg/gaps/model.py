"""Constants and the data model of the gap engine: a gap, its evidence, the items it names."""
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

from ..ids import pick_label
from ..namespaces import ELI, GRAPHS, ID, JAR, SH, SHAPES, bind_all



ROOT = Path(__file__).resolve().parent.parent.parent
SHAPES_DIR = ROOT / "ontology" / "shapes"
DOC_PATH = ROOT / "docs" / "gaps.md"

#: Derived helper terms, computed in Python before validation (never part of the built graph).
JDV = Namespace(str(SHAPES) + "derived#")

SEVERITY = {SH.Violation: "high", SH.Warning: "medium", SH.Info: "low"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
VICTIM_ROOT = ID["vocab/groups/trafficking-victims"]
SERVICES_SCHEME = ID["vocab/services"]
GOVERNMENT_LEVEL = {JAR.Province: "org/provincial-governments", JAR.Regency: "org/district-governments",
                    JAR.City: "org/district-governments"}



class FastNS:
    """A namespace whose terms are made once: ``JAR.beneficiary`` on an rdflib Namespace builds and checks a new
    URIRef at every access, which the explainers do tens of thousands of times per run."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, key):
        return self._ns[key]

    def __str__(self):
        return str(self._ns)


# --- data model ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """A node of the graph with its labels: ``{"id": ..., "en": ...}``."""
    iri: str
    label: dict

    def text(self, lang: str = "en") -> str:
        return pick_label(self.label, lang, self.iri.rsplit("/", 1)[-1])


@dataclass(frozen=True)
class Evidence:
    """A Finding that bears on a gap, with its verbatim quotes and their sources."""
    finding: str
    kind: str
    statement: dict
    quotes: tuple  # of dicts: quote, lang, document, document_label, at


@dataclass
class Gap:
    """One coverage gap: a result of a coverage shape, explained for a policymaker."""
    kind: str
    severity: str  # high | medium | low
    message: dict  # {"id": ..., "en": ...}, one sentence each
    focus: str  # IRI of the node the gap is about
    shape: str  # IRI of the coverage shape that found it
    value: str | None = None  # the missing or offending value (a service, a condition, a date, ...)
    groups: list[Item] = field(default_factory=list)
    services: list[Item] = field(default_factory=list)
    region: Item | None = None
    instruments: list[Item] = field(default_factory=list)
    legal_basis: list[Item] = field(default_factory=list)
    who_should_act: list[Item] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    #: what the gap rests on: "documented" (a source states this failure), "derived" (from law or a mandate:
    #: exclusions, repeal without successor, deadlines passed) or "records" (computed only from data not yet
    #: collected: a to-do for researchers, not a finding). See :mod:`kg.gaps.grading`.
    basis: str = "records"
    #: findings that show the service *was* given (never support)
    counter_evidence: list[Evidence] = field(default_factory=list)
    #: kind-specific structured detail (e.g. the provinces of an essential-service gap)
    detail: dict = field(default_factory=dict)

    def sort_key(self):
        return (SEVERITY_ORDER[self.severity], self.kind, self.focus, self.value or "")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Gap":
        """The inverse of :meth:`to_dict` (a gap read back from the gap cache, kg.gaps.cache)."""
        def items(xs):
            return [Item(x["iri"], dict(x.get("label") or {})) for x in xs or []]

        def evs(xs):
            return [Evidence(e["finding"], e.get("kind", ""), dict(e.get("statement") or {}),
                             tuple(dict(q) for q in e.get("quotes") or ())) for e in xs or []]
        region = d.get("region")
        return cls(kind=d["kind"], severity=d["severity"], message=dict(d["message"]), focus=d["focus"],
                   shape=d["shape"], value=d.get("value"), groups=items(d.get("groups")),
                   services=items(d.get("services")),
                   region=Item(region["iri"], dict(region.get("label") or {})) if region else None,
                   instruments=items(d.get("instruments")), legal_basis=items(d.get("legal_basis")),
                   who_should_act=items(d.get("who_should_act")), evidence=evs(d.get("evidence")),
                   basis=d.get("basis", "records"), counter_evidence=evs(d.get("counter_evidence")),
                   detail=dict(d.get("detail") or {}))


@dataclass
class HygieneReport:
    conforms: bool
    results: list[dict]  # focus, shape, kind, path, value, message {id, en}
    report: Graph
    seconds: float

    def summary(self) -> str:
        if self.conforms:
            return f"hygiene: no violations ({self.seconds:.2f} s)"
        return f"hygiene: {len(self.results)} violation(s) ({self.seconds:.2f} s)"


@dataclass
class CoverageRun:
    """The gaps of one run, its SHACL report and the validation time. ``report`` may be given as a function that
    makes it: it is then made on first use (the timeline and the app's answers never read it)."""
    gaps: list[Gap]
    _report: object
    seconds: float

    @property
    def report(self) -> Graph:
        if callable(self._report) and not isinstance(self._report, Graph):
            self._report = self._report()
        return self._report



def _lang_map(g: Graph, s, p) -> dict:
    out = {}
    for lit in g.objects(s, p):
        if isinstance(lit, Literal):
            out.setdefault(lit.language or "en", str(lit))
    return {k: out[k] for k in sorted(out)}
