"""The coverage shapes compiled to SPARQL and run by pyoxigraph: the fast path of the gap engine.

pySHACL (:func:`kg.gaps.checks._validate`) stays the reference: ``tests/test_compiled_gaps.py`` runs both on every
fixture pair and on the real graph and requires the same results. Here each coverage shape is one SELECT over the
data and the helper facts (``jdv:``) that returns ``?this`` (the focus node) and, where the shape reports one,
``?value`` and the extra variables its explainer reads:

* a shape with a ``sh:sparql`` constraint runs its own query, with a pattern for its target added (pySHACL binds
  ``$this`` to each target node instead);
* a SHACL-Core shape has its hand-written equivalent in :data:`CORE`.

The store holds the validation view (data minus what does not exist on the date, plus the helper facts), limited to
the triples whose predicate a query mentions (:func:`store_predicates`). A graph read from a built file gets its store
filled while it is read and kept, updated per date (:func:`_shared_store`); any other graph gets a new store per run
(:func:`store_of`). Then every query takes milliseconds on the real graph. A query whose join order makes Oxigraph
re-scan per row is written so it does not (see the comments in :data:`CORE`): at 5M triples that was quadratic.
"""
from __future__ import annotations

import re
import threading

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from ..namespaces import SH, SHAPES
from .model import JDV

PREFIXES = """PREFIX jar: <https://w3id.org/jaring/ontology/>
PREFIX jdv: <https://w3id.org/jaring/shapes/derived#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: SHACL-Core coverage shapes as SELECT ?this (one row per violating focus node).
CORE = {
    "EntitlementWithoutDutyBearer": """SELECT ?this WHERE { ?this a jar:Entitlement .
        FILTER NOT EXISTS { ?this jar:dutyBearer ?x }
        FILTER NOT EXISTS { ?o jar:fulfils ?this . ?o jar:bearer ?y } }""",
    # MINUS, not FILTER NOT EXISTS: the same rule here (the groups share only ?this, always bound), but evaluated
    # once instead of once per entitlement, where Oxigraph scanned every jar:fundingSource per row (quadratic: 2.7 s
    # of CPU at 1M triples, 0.06 s as MINUS)
    "EntitlementWithoutFunding": """SELECT ?this WHERE { ?this a jar:Entitlement .
        MINUS { ?this jar:fundingSource ?x }
        MINUS { ?this jar:deliveredBy ?d . ?d jar:fundingSource ?y }
        MINUS { ?this jar:deliveredBy ?d2 . ?d2 jar:budgetSource ?z } }""",
    "EntitlementWithoutDelivery": """SELECT ?this WHERE { ?this a jar:Entitlement .
        FILTER NOT EXISTS { ?this jar:deliveredBy ?x } }""",
    "EntitlementOnRepealedBasis": """SELECT ?this WHERE { ?this a jar:Entitlement .
        FILTER NOT EXISTS { ?this jdv:basisInForce ?x } FILTER NOT EXISTS { ?this jdv:basisUnclear ?y } }""",
    "EntitlementOnUnclearBasis": """SELECT DISTINCT ?this WHERE { ?this jdv:basisUnclear ?u .
        FILTER NOT EXISTS { ?this jdv:basisInForce ?x } }""",
    "GroupWithoutEssentialService": """SELECT ?this WHERE { ?this a jdv:EssentialCell .
        FILTER EXISTS { ?this jdv:uncoveredProvince ?p } }""",
    "JurisdictionDisagreement": """SELECT ?this WHERE { ?this a jdv:RegionalCoverage .
        FILTER NOT EXISTS { ?this jdv:coveredBySelf ?x } }""",
    "RegionWithoutLocalResponse": """SELECT DISTINCT ?this WHERE {
        VALUES ?cls { jar:Province jar:Regency jar:City } ?this a ?cls .
        FILTER (EXISTS { ?f jar:region ?this . ?f a jar:Finding } || EXISTS { ?o jar:refArea ?this })
        FILTER NOT EXISTS { ?t jar:region ?this . ?t a jar:TaskForce }
        FILTER NOT EXISTS { ?i eli:jurisdiction ?this } }""",
    "FundingFalling": """SELECT ?this WHERE { ?this a jdv:FallingFunding }""",
    "WeakerThanTreaty": """SELECT DISTINCT ?this WHERE { ?this a jar:TreatyComparison ;
            jar:comparisonVerdict "falls-short" ; jar:domesticProvision ?dom ; jar:treatyProvision ?art .
        ?dom jdv:standing jdv:in-force . ?art jdv:standing jdv:in-force .
        ?art jar:inInstrument ?treaty . ?law jar:ratifies ?treaty . ?law jdv:standing jdv:in-force }""",
    # the local providers first (a subquery), then what they offer: the same rule, but Oxigraph's own join order for
    # the MINUS group took 3.7 s of CPU at 1M triples (0.04 s so)
    "ServiceOnlyCentral": """SELECT DISTINCT ?this WHERE { ?this a jdv:EssentialServiceConcept .
        ?s jdv:broaderOrSelf ?this . ?p jar:offers ?s . ?p jar:serves ?g .
        MINUS {
            { SELECT DISTINCT ?p2 WHERE {
                { ?p2 jar:level ?l . ?l jar:rank ?r . FILTER (?r >= 3) }
                UNION { VALUES ?rc { jar:Regency jar:City jar:District jar:Village } ?p2 jar:region ?reg . ?reg a ?rc }
            } }
            ?p2 jar:offers ?s2 ; jar:serves ?g2 . ?s2 jdv:broaderOrSelf ?this .
        } }""",
    # a basis binding on the date (in force; a treaty's only with a ratifying law in force), and nothing in force
    # (or of unclear standing) implementing a basis; the zero-or-one paths spelt out as UNIONs
    "ProcedureNotAdopted": """SELECT DISTINCT ?this WHERE { ?this a jar:Obligation ;
            jar:dutyKind <https://w3id.org/jaring/id/vocab/duty-kinds/adopt-procedure> ; jar:legalBasis ?b .
        ?b jdv:standing jdv:in-force .
        FILTER (NOT EXISTS { { ?b eli:type_document <https://w3id.org/jaring/id/vocab/instrument-types/treaty> }
                             UNION { ?b jar:inInstrument ?bi .
                                     ?bi eli:type_document
                                         <https://w3id.org/jaring/id/vocab/instrument-types/treaty> } }
                || EXISTS { { ?law jar:ratifies ?b } UNION { ?b jar:inInstrument ?bi2 . ?law jar:ratifies ?bi2 }
                            ?law jdv:standing jdv:in-force })
        FILTER NOT EXISTS { ?this jar:legalBasis ?b2 . ?x jar:implements ?b2 ; jdv:standing ?st .
                            FILTER (?st IN (jdv:in-force, jdv:unclear)) } }""",
    # the sh:sparql query of the shape, with its zero-or-one paths spelt out and the NOT EXISTS as a MINUS
    # (evaluated once instead of once per row): the same rule
    "ImplementingRegulationMissingOrLate": """SELECT DISTINCT ?this ?value WHERE {
        ?this jdv:deadlineDate ?due ; jar:legalBasis ?basis ; jar:bearer ?bearer .
        FILTER (?bearer IN (<https://w3id.org/jaring/id/org/government>, <https://w3id.org/jaring/id/org/president>))
        FILTER NOT EXISTS { ?this jar:fulfils ?right }
        { ?basis jar:inInstrument ?binst } UNION { ?basis a jar:LegalInstrument . BIND (?basis AS ?binst) }
        ?binst a jar:LegalInstrument .
        FILTER NOT EXISTS { jdv:context jdv:asOf ?asof . FILTER (?due >= ?asof) }
        MINUS {
            ?this jdv:deadlineDate ?due .
            { ?x jar:implements ?binst } UNION { ?x jar:implements ?t . ?t jar:inInstrument ?binst }
            { ?x jar:inInstrument ?impl } UNION { ?x a jar:LegalInstrument . BIND (?x AS ?impl) }
            ?impl a jar:LegalInstrument .
            FILTER NOT EXISTS { ?impl jdv:enactedDate ?late . FILTER (?late > ?due) }
        }
        BIND (?due AS ?value) }""",
}


_PREFIX = re.compile(r"PREFIX\s+(\w*):\s*<([^>]*)>")
_MENTION = re.compile(r"<([^<>\"\s]*)>|(?<![\w?$:/#])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)")


def mentioned_iris(queries) -> frozenset:
    """Every IRI the SPARQL queries mention (written in full or as a prefixed name of :data:`PREFIXES`), and
    ``rdf:type`` (their ``a``): a superset of the predicates they read (classes and constants come along)."""
    prefixes = dict(_PREFIX.findall(PREFIXES))
    out = {RDF.type}
    for q in queries:
        for full, prefix, local in _MENTION.findall(q):
            if full:
                out.add(URIRef(full))
            elif prefix in prefixes:
                out.add(URIRef(prefixes[prefix] + local))
    return frozenset(out)


_STORE_PREDICATES: list = []


def store_predicates() -> frozenset:
    """The predicates whose triples (of the data and of the helper facts) the pyoxigraph store of a graph read from
    a built file holds (:func:`kg.gaps.graph._read_graph`, :func:`_shared_store`): every IRI the compiled checks
    mention (:func:`mentioned_iris` of :func:`compile_shapes`), so a new check's predicates come along by
    themselves. At 5M triples a store of every triple cost gigabytes, and labels, sources and quotes are most of a
    graph; helper facts no query reads (``jdv:coveredByPeer`` grows with the square of a region's instruments) stay
    out too. ``tests/test_compiled_gaps.py`` parses every compiled query and fails when a predicate it reads is not
    here, or when a query reads a variable predicate (that would need every triple)."""
    if not _STORE_PREDICATES:
        from .graph import coverage_shapes

        _STORE_PREDICATES.append(mentioned_iris(compile_shapes(coverage_shapes()).values()))
    return _STORE_PREDICATES[0]


def query_predicates(query: str) -> set | None:
    """The predicate IRIs a SPARQL query reads (in its patterns, paths and EXISTS filters); None when a pattern can
    match any predicate (a variable or a negated property set): then the query needs every triple."""
    from rdflib import Variable
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    out: set = set()

    def of(p) -> bool:
        if isinstance(p, URIRef):
            out.add(p)
            return True
        if isinstance(p, (Variable, NegatedPath)):
            return False
        if isinstance(p, (AlternativePath, SequencePath)):
            return all(of(x) for x in p.args)
        if isinstance(p, MulPath):
            return of(p.path)
        if isinstance(p, InvPath):
            return of(p.arg)
        if isinstance(p, CompValue):  # a path not yet translated (inside EXISTS)
            return "Negated" not in p.name and all(of(v) for v in p.values())
        if isinstance(p, list):
            return all(of(x) for x in p)
        return True  # a path modifier ("?", "*", "+")

    def walk(node) -> bool:
        if isinstance(node, CompValue):
            if node.name in ("BGP", "TriplesBlock") and not all(of(t[1]) for t in node.triples):
                return False
            return all(walk(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return all(walk(v) for v in node)
        return True

    return out if walk(prepareQuery(query).algebra) else None


def _target_pattern(shapes: Graph, shape) -> str:
    parts = []
    for cls in shapes.objects(shape, SH.targetClass):
        parts.append(f"{{ ?this a <{cls}> }}")
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ ?this <{p}> ?_t }}")
    for n in shapes.objects(shape, SH.targetNode):
        parts.append(f"{{ BIND (<{n}> AS ?this) }}")
    return " UNION ".join(parts)


def compile_shapes(shapes: Graph) -> dict:
    """Shape IRI -> SELECT query (the sh:sparql query with its target, or the CORE equivalent)."""
    out = {}
    for shape in sorted(set(shapes.subjects(DCTERMS.identifier, None)), key=str):
        name = str(shape).rsplit("/", 1)[-1]
        if name in CORE:
            out[shape] = PREFIXES + CORE[name]
            continue
        for c in shapes.objects(shape, SH.sparql):
            q = str(shapes.value(c, SH.select))
            target = _target_pattern(shapes, shape)
            q = q.replace("$this", "?this")
            q = re.sub(r"WHERE\s*\{", "WHERE { " + target + " ", q, count=1)
            out[shape] = PREFIXES + q
    return out


def _ox(term, ox, cache):
    r = cache.get(term)
    if r is not None:
        return r
    if isinstance(term, URIRef):
        r = ox.NamedNode(str(term))
    elif isinstance(term, BNode):
        r = ox.BlankNode(str(term))
    elif term.language:
        r = ox.Literal(str(term), language=term.language)
    elif term.datatype is not None:
        r = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    else:
        r = ox.Literal(str(term))
    cache[term] = r
    return r


def _rd(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value if term.datatype is not None else None
    if dt == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(dt) if dt else None)


def store_of(view: Graph):
    """A pyoxigraph store holding every triple of the validation view whose predicate a query mentions
    (:func:`store_predicates`): a new store, for a graph that may change."""
    import pyoxigraph as ox

    cache: dict = {}
    store = ox.Store()
    data, facts, hidden = getattr(view, "_data", view), getattr(view, "_facts", None), getattr(view, "_hidden", ())
    conv = cache.get
    wanted = store_predicates()

    def term(t):
        r = conv(t)
        return r if r is not None else _ox(t, ox, cache)
    quads = [ox.Quad(term(s), term(p), term(o)) for s, p, o in data if p in wanted and s not in hidden]
    if facts is not None:
        quads += [ox.Quad(term(s), term(p), term(o)) for s, p, o in facts if p in wanted]
    store.bulk_extend(quads)
    return store


_SHARED_LOCK = threading.Lock()

#: The named graph of the kept store that holds the helper facts (the data is its default graph); the queries run
#: on the union of both (``use_default_graph_as_union``), as on one graph: the two never share a triple.
FACTS_GRAPH = "https://w3id.org/jaring/shapes/derived#facts"


def _shared_store(view: Graph, data: Graph):
    """The pyoxigraph store of ``view``, kept on a read-only data graph and brought up to date for this view: the
    data in its default graph (filled when the graph was read, :func:`kg.gaps.graph._read_graph`), the helper
    facts in :data:`FACTS_GRAPH`. Only the triples of subjects hidden or shown since the last run, and the helper
    facts that changed, are removed or added (the timeline runs every change date on one graph; filling a new store
    each time cost more than the queries): the quads of a hidden subject are taken out and kept aside until it is
    shown again. Queried as the union of its graphs it then holds exactly what :func:`store_of` would give. Call
    with the graph's lock held."""
    import pyoxigraph as ox

    cache: dict = {}
    conv = cache.get

    def term(t):
        r = conv(t)
        return r if r is not None else _ox(t, ox, cache)
    fg = ox.NamedNode(FACTS_GRAPH)

    def quad(t):
        return ox.Quad(term(t[0]), term(t[1]), term(t[2]), fg)
    hidden = frozenset(getattr(view, "_hidden", ()))
    facts = getattr(view, "_facts", None)
    # only the helper facts a query reads (store_predicates()), kept as rdflib triples (a tenth of the memory of
    # pyoxigraph quads): some helper facts grow with the square of a region's instruments (jdv:coveredByPeer,
    # jdv:sameJurisdictionAs) and no query reads them
    wanted = store_predicates()
    new_facts = {t for t in facts if t[1] in wanted} if facts is not None else set()
    state = getattr(data, "_jaring_ox_state", None)
    if state is None:
        store = getattr(data, "_jaring_ox_store", None)
        if store is None:  # read some other way: fill the store from the graph once
            store = ox.Store()
            store.bulk_extend([ox.Quad(term(s), term(p), term(o)) for s, p, o in data if p in wanted])
        state = data._jaring_ox_state = {"store": store, "aside": {}, "hidden": frozenset(), "facts": set()}
        data.__dict__.pop("_jaring_ox_store", None)  # the state holds it now
    store, aside = state["store"], state["aside"]
    for t in state["facts"] - new_facts:
        store.remove(quad(t))
    for subj in hidden - state["hidden"]:
        qs = aside[subj] = list(store.quads_for_pattern(term(subj), None, None, ox.DefaultGraph()))
        for q in qs:
            store.remove(q)
    shown = [q for subj in state["hidden"] - hidden for q in aside.pop(subj, ())]
    store.extend(shown + [quad(t) for t in new_facts - state["facts"]])
    state["hidden"], state["facts"] = hidden, new_facts
    return store


def run_compiled(view: Graph, shapes: Graph) -> list[dict]:
    """Every result of every coverage shape: dicts like :func:`kg.gaps.checks._results` gives, with ``extra``
    (the other projected variables). ``severity`` is the shape's."""
    data = getattr(view, "_data", view)
    if getattr(data, "_jaring_read_only", False):  # one store per graph, updated per date (see _shared_store)
        with _SHARED_LOCK:
            lock = data.__dict__.setdefault("_jaring_ox_lock", threading.Lock())
        with lock:
            return _run_queries(_shared_store(view, data), shapes, union=True)
    return _run_queries(store_of(view), shapes)


def _run_queries(store, shapes: Graph, union: bool = False) -> list[dict]:
    out = []
    for shape, query in compile_shapes(shapes).items():
        sev = shapes.value(shape, SH.severity)
        head = query.split("WHERE")[0]
        has_value = "value" in head
        head_vars = re.findall(r"\?(\w+)", head)
        for sol in store.query(query, use_default_graph_as_union=union):
            focus = _rd(sol["this"])
            value = _rd(sol["value"]) if has_value else None
            extra = {}
            for var in head_vars:
                if var not in ("this", "value") and sol[var] is not None:
                    extra.setdefault(var, set()).add(_rd(sol[var]))
            out.append({"focus": focus, "value": value, "source": shape, "severity": sev, "extra": extra})
    return out


def report_graph(results: list[dict]) -> Graph:
    """A SHACL validation report of the results (what ``kg gaps`` writes to shacl-report.ttl)."""
    g = Graph()
    g.bind("sh", str(SH))
    rep = BNode()
    g.add((rep, RDF.type, SH.ValidationReport))
    g.add((rep, SH.conforms, Literal(not results)))
    for r in results:
        node = BNode()
        g.add((rep, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, r["focus"]))
        g.add((node, SH.sourceShape, r["source"]))
        if r["severity"] is not None:
            g.add((node, SH.resultSeverity, r["severity"]))
        if r["value"] is not None:
            g.add((node, SH.value, r["value"]))
    _ = (SHAPES, JDV)
    return g
