"""Gap kinds that annual monitoring names and the shapes of the first register had no place for.

* **funding-falling** — a money series (statistics in ``usd`` or ``idr``: one measure, area and subject over years)
  that falls year after year: at least two consecutive decreases. One helper node ``jdv:FallingFunding`` per
  such series (``jdv:seriesOf`` its observations, ``jdv:fallsFrom`` / ``jdv:fallsTo`` the first and last year),
  found by :func:`falling_funding`; the shape reports each node.
* **practice-contradicts-provision** — a finding that reports practice failing a provision in force (it reports
  non-delivery and concerns the provision), unless it also concerns a right resting on that provision or one of its
  parts (the right then carries the non-delivery gap): e.g. the police refusing a case Article 51 lets a victim
  bring. A SPARQL shape in ``coverage.ttl``; one gap per provision, with all its findings.
"""
from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..namespaces import JAR
from .model import JDV

MONEY = {"usd", "idr"}


def _node(key) -> URIRef:
    return JDV["funding/" + hashlib.sha1("\n".join(map(str, key)).encode("utf-8")).hexdigest()[:20]]


def falling_funding(g: Graph, d) -> dict:
    """Add a ``jdv:FallingFunding`` node per money series that falls at least twice in a row; node -> series."""
    series: dict = {}
    for obs in g.subjects(JAR.unit, None):
        if str(g.value(obs, JAR.unit)) not in MONEY or g.value(obs, JAR.refPeriod) is None:
            continue
        try:
            year, value = int(str(g.value(obs, JAR.refPeriod))[:4]), float(g.value(obs, JAR.value))
        except (TypeError, ValueError):
            continue
        key = (g.value(obs, JAR.measure), g.value(obs, JAR.refArea), g.value(obs, JAR.about), str(g.value(obs, JAR.unit)))
        series.setdefault(key, {}).setdefault(year, []).append((value, obs))
    out = {}
    for key, by_year in sorted(series.items(), key=lambda kv: str(kv[0])):
        years = sorted(by_year)
        points = [(y, min(v for v, _o in by_year[y]), [o for _v, o in by_year[y]]) for y in years]
        run_start, best = 0, None
        for i in range(1, len(points) + 1):
            consecutive = i < len(points) and points[i][0] == points[i - 1][0] + 1 and points[i][1] < points[i - 1][1]
            if not consecutive:
                if i - 1 - run_start >= 2:  # at least two decreases in a row
                    best = (run_start, i - 1)
                run_start = i
        if best is None:
            continue
        first, last = points[best[0]], points[best[1]]
        node = _node(key)
        d.add(node, RDF.type, JDV.FallingFunding)
        for _y, _v, obs in points[best[0]:best[1] + 1]:
            for o in obs:
                d.add(node, JDV.seriesOf, o)
        out[node] = {"key": key, "from": first[0], "to": last[0], "first": first[1], "last": last[1],
                     "observations": [o for _y, _v, obs in points[best[0]:best[1] + 1] for o in obs]}
    return out
