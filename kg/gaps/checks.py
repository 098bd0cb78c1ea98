"""Running the shapes: hygiene (well-formed graph) and coverage (gaps), and turning results into gaps."""
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
from .graph import *  # noqa: F401,F403
from .graph import _read_graph, _shapes_text  # noqa: F401
from .facts import *  # noqa: F401,F403
from .facts import _Facts, _View, _gone, _graph_of  # noqa: F401
from .explanation import _Explainer


# --- running the shapes --------------------------------------------------------------------------------

_gc_paused = gc_paused  # kg.gaps.graph.gc_paused, under the name callers know


def _validate(data: Graph, shapes: Graph) -> Graph:
    from pyshacl import validate

    from ..store.sparql import parser_lock

    # pySHACL parses SPARQL with rdflib's grammar, which is not thread-safe: share the query guard's lock
    with parser_lock():
        _conforms, report, _text = validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                            inplace=True, abort_on_first=False, allow_warnings=True,
                                            allow_infos=True)
    if not isinstance(report, Graph):  # pyshacl returns a ValidationFailure when a shape is unusable
        raise RuntimeError(f"SHACL validation failed: {report}")
    return report


def _top_shapes(shapes: Graph) -> dict:
    """Each shape node → the top-level shape (one with a target, or a named IRI) that contains it."""
    parent = {}
    for prop in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape, SH.sparql):
        for s, o in shapes.subject_objects(prop):
            parent.setdefault(o, s)
    for prop in (SH["or"], SH["and"], SH.xone):
        for s, lst in shapes.subject_objects(prop):
            for member in Collection(shapes, lst):
                parent.setdefault(member, s)

    def top(node):
        seen = set()
        while node in parent and node not in seen and not (isinstance(node, URIRef) and _has_target(shapes, node)):
            seen.add(node)
            node = parent[node]
        return node
    return {n: top(n) for n in set(parent) | set(parent.values())}


def _has_target(shapes: Graph, node) -> bool:
    return any((node, p, None) in shapes for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                                                       SH.targetObjectsOf))


def _results(report: Graph):
    for r in report.subjects(RDF.type, SH.ValidationResult):
        yield {"focus": report.value(r, SH.focusNode), "value": report.value(r, SH.value),
               "source": report.value(r, SH.sourceShape), "path": report.value(r, SH.resultPath),
               "severity": report.value(r, SH.resultSeverity), "detail": report.value(r, SH.resultMessage)}


def validate_hygiene(source) -> HygieneReport:
    """Run the hygiene shapes on the whole graph; ``conforms`` is False on any violation. A Graph given as
    ``source`` is only read (validated through a :class:`_View` with the helper facts), never copied."""
    data = _graph_of(source)
    shapes = shapes_graph("hygiene")
    with _gc_paused():
        facts = hygiene_facts(data)
        t0 = time.perf_counter()
        report = _validate(_View(data, facts), shapes)
        seconds = time.perf_counter() - t0
    top = _top_shapes(shapes)
    results = []
    for r in _results(report):
        shape = top.get(r["source"], r["source"])
        results.append({"focus": str(r["focus"]), "shape": str(shape),
                        "kind": str(shapes.value(shape, DCTERMS.identifier) or shape),
                        "path": str(SHOWN_PATH.get(r["path"], r["path"])) if r["path"] is not None else None,
                        "value": str(r["value"]) if r["value"] is not None else None,
                        "message": _lang_map(shapes, shape, SH.message)})
    results.sort(key=lambda x: (x["kind"], x["focus"], x["value"] or ""))
    return HygieneReport(conforms=not results, results=results, report=report, seconds=seconds)


#: The engine that runs the coverage shapes: "compiled" (SPARQL on pyoxigraph, kg/gaps/compiled.py) or "shacl"
#: (pySHACL, the reference; tests/test_compiled_gaps.py requires both to agree).
ENGINE = os.environ.get("JARING_GAP_ENGINE", "compiled")


def run_coverage(source, as_of: date | None = None, engine: str | None = None) -> CoverageRun:
    """Run the coverage shapes; returns the gaps, the SHACL report and the validation time."""
    with _gc_paused():
        return _run_coverage(source, as_of, engine or ENGINE)


def _run_coverage(source, as_of: date | None, engine: str = "compiled") -> CoverageRun:
    data = _graph_of(source)  # a Graph given as source is only read, never copied
    hidden = _gone(data, as_of) if as_of is not None else frozenset()
    facts = coverage_facts(_View(data, _Facts(), hidden) if hidden else data, as_of)
    work = _View(data, facts, hidden)
    shapes = _coverage_shapes()
    t0 = time.perf_counter()
    if engine == "shacl":
        report = _validate(work, shapes)
        results = list(_results(report))
    else:
        from .compiled import report_graph, run_compiled

        results = run_compiled(work, shapes)
        report = lambda: report_graph(results)  # noqa: E731 - made when read (kg gaps writes it; the timeline never)
    seconds = time.perf_counter() - t0
    explainer = _Explainer(work, shapes, query_extra=(engine == "shacl"))
    top = _top_shapes(shapes)
    found: dict = {}  # (shape, focus, value) -> extra variables (group, svc, ...) of its results
    for r in results:
        shape, focus = top.get(r["source"], r["source"]), r["focus"]
        value = r["value"] if r["value"] != focus else None  # node-level results repeat the focus
        extra = dict(r.get("extra") or {})
        cell = facts.cells.get(focus)
        if cell is not None:  # an essential-service cell stands for its group and its service
            shape, focus, value = shape, cell.group, cell.service
            extra = {"cell": {cell}}
        if focus in facts.funding:  # a falling money series is told on its observations
            extra = {"series": {focus}}
        if focus in facts.coverage:  # a regional coverage node stands for its instrument and its group
            inst, group = facts.coverage[focus]
            extra = {"group": {group}, "peer": set(facts.spo.get(focus, {}).get(JDV.coveredByPeer, {}))}
            focus, value = inst, group
        merged = found.setdefault((shape, focus, value), {})
        for var, vals in extra.items():
            merged.setdefault(var, set()).update(vals)
    gaps = {}
    for (shape, focus, value), extra in found.items():
        gap = explainer.gap(shape, focus, value, extra)
        key = (gap.kind, gap.focus, gap.value)
        if key in gaps:
            gaps[key].evidence = _merge_evidence(gaps[key].evidence, gap.evidence)
        else:
            gaps[key] = gap
    out = sorted((gp for gp in gaps.values() if not gp.detail.get("not_current")), key=Gap.sort_key)
    return CoverageRun(out, report, seconds)


_coverage_shapes = coverage_shapes  # kg.gaps.graph.coverage_shapes: parsed once per process


def find_gaps(source, as_of: date | None = None, engine: str | None = None) -> list[Gap]:
    """Every coverage gap in the graph as of ``as_of`` (``None``: the latest recorded state), sorted by
    severity, kind and focus. ``source``: a Dataset, a BuildResult, a Graph or a path to a built file."""
    return run_coverage(source, as_of, engine).gaps


def _merge_evidence(a, b):
    seen = {e.finding: e for e in a}
    for e in b:
        seen.setdefault(e.finding, e)
    return [seen[k] for k in sorted(seen)]
