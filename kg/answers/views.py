"""Read-only views of the graph for the app and for ``kg show``: entity pages, instruments, institutions,
task forces, bibliography, discrepancies, neighbourhoods.

Every function takes a store (``kg.store.store.open_store()``) and returns plain Python data (dicts, lists, strings),
so the app, the CLI and tests share one implementation. Parameters are bound, never pasted into query text.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import URIRef

from .. import dist as dist_io
from .. import ids
from ..asof import in_window, standing
from ..namespaces import BASE, ID, PREFIXES, sparql_prologue

P = sparql_prologue()
LANGS = ("id", "en")


# --- helpers ----------------------------------------------------------------------------------------------

def _val(v):
    """A plain string for any RDF term the store hands back (rdflib, pyoxigraph or already a string)."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    inner = getattr(v, "value", None)
    if isinstance(inner, str):
        return inner
    return str(v)


def select(store, query: str, bindings: dict | None = None) -> list[dict[str, str]]:
    """Run a SELECT through the store, returning rows of plain strings (unbound variables are absent)."""
    rows = store.select(P + query, bindings or {})
    out = []
    for row in rows:
        out.append({k: _val(v) for k, v in dict(row).items() if v is not None})
    return out


def iri(value: str) -> URIRef:
    """:func:`kg.ids.iri` as an rdflib term (for query bindings)."""
    return URIRef(ids.iri(value))


short = ids.compact  # a data id (org/kemensos) or a prefixed name (jar:Entitlement)
pick = ids.pick_label  # the label in a language, else the other one, else the fallback


def _labels(store, iris: list[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {i: {} for i in iris}
    if not iris:
        return out
    rows = select(store, """
        SELECT ?s ?l (LANG(?l) AS ?lang) WHERE { ?s rdfs:label|skos:prefLabel ?l }""")
    wanted = set(iris)
    for r in rows:
        if r["s"] in wanted:
            out[r["s"]].setdefault(r.get("lang", ""), r["l"])
    return out


def label_index(store) -> dict[str, dict[str, str]]:
    """Every labelled node → {lang: label} (rdfs:label first, then skos:prefLabel)."""
    out: dict[str, dict[str, str]] = {}
    for r in select(store, "SELECT ?s ?l (LANG(?l) AS ?lang) WHERE { ?s rdfs:label ?l }"):
        out.setdefault(r["s"], {}).setdefault(r.get("lang", ""), r["l"])
    for r in select(store, "SELECT ?s ?l (LANG(?l) AS ?lang) WHERE { ?s skos:prefLabel ?l }"):
        out.setdefault(r["s"], {}).setdefault(r.get("lang", ""), r["l"])
    return out


# --- manifest ---------------------------------------------------------------------------------------------

def manifest(dist: Path) -> dict:
    """The build's manifest (files with checksums, summary with version and counts); empty if unreadable."""
    return dist_io.read_manifest(dist)


# --- entities ---------------------------------------------------------------------------------------------

@dataclass
class Link:
    prop: str
    target: str
    is_iri: bool
    lang: str = ""


def entity(store, node: str, limit: int = 400) -> dict:
    """Labels, types, outgoing and incoming links, and citations (document, pinpoint, quote) of one node."""
    b = {"s": URIRef(node)}
    out = select(store, f"""
        SELECT ?s ?p ?o (isIRI(?o) AS ?isIri) (LANG(?o) AS ?lang) WHERE {{ ?s ?p ?o }} LIMIT {limit}""", b)
    inc = select(store, f"SELECT ?s ?x ?p WHERE {{ ?x ?p ?s }} LIMIT {limit}", b)
    cites = select(store, """
        SELECT ?s ?c ?doc ?docLabel ?at ?quote (LANG(?quote) AS ?qlang) ?url WHERE {
          ?s jar:source ?c . ?c jar:document ?doc ; jar:pinpoint ?at .
          OPTIONAL { ?doc rdfs:label ?docLabel }
          OPTIONAL { ?c jar:quote ?quote } OPTIONAL { ?c jar:url ?url } } ORDER BY ?doc ?at""", b)
    labels: dict[str, str] = {}
    types = []
    links = []
    for r in out:
        p, o = r["p"], r["o"]
        is_iri = r.get("isIri") in ("true", "1", True)
        if p in (PREFIXES["rdfs"] + "label",) and not is_iri:
            labels.setdefault(r.get("lang", ""), o)
        if p == PREFIXES["rdf"] + "type":
            types.append(o)
        links.append(Link(p, o, is_iri, r.get("lang", "")))
    if not labels:
        for link in links:
            if link.prop == PREFIXES["skos"] + "prefLabel":
                labels.setdefault(link.lang, link.target)
    links.sort(key=lambda k: (short(k.prop), k.target))
    # a total order, the same on every engine (ORDER BY ?doc ?at leaves ties in the engine's order)
    cites.sort(key=lambda r: tuple(r.get(k) or "" for k in ("doc", "at", "c", "docLabel", "quote", "qlang", "url")))
    incoming = sorted(((r["x"], r["p"]) for r in inc), key=lambda xp: (short(xp[1]), xp[0]))
    return {"iri": node, "exists": bool(out or inc), "labels": labels, "types": sorted(types), "outgoing": links,
            "incoming": incoming, "citations": cites}


def neighbourhood(store, node: str, limit: int = 40) -> list[tuple[str, str, str]]:
    """Edges (subject, property, object) between ``node`` and the IRIs next to it (no literals, no citations)."""
    b = {"s": URIRef(node)}
    rows = select(store, f"""
        SELECT ?s ?x ?p ?y WHERE {{
          {{ ?s ?p ?y . FILTER(isIRI(?y) && ?p != jar:source && ?p != rdf:type) BIND(?s AS ?x) }}
          UNION
          {{ ?x ?p ?s . FILTER(?p != jar:source) BIND(?s AS ?y) }}
        }} ORDER BY ?x ?p ?y LIMIT {limit}""", b)  # ordered: which edges fit under the limit is the same everywhere
    return [(r["x"], r["p"], r["y"]) for r in rows if "x" in r and "y" in r]


# --- concepts ---------------------------------------------------------------------------------------------

def concepts(store, scheme: str) -> list[dict]:
    """Concepts of one vocabulary (``groups``, ``services`` …): short id, labels, rank."""
    rows = select(store, """
        SELECT ?scheme ?c ?l (LANG(?l) AS ?lang) ?rank WHERE {
          ?c skos:inScheme ?scheme ; skos:prefLabel ?l . OPTIONAL { ?c jar:rank ?rank } }""",
                  {"scheme": ID[f"vocab/{scheme}"]})
    out: dict[str, dict] = {}
    for r in rows:
        c = out.setdefault(r["c"], {"iri": r["c"], "id": r["c"].rsplit("/", 1)[-1], "labels": {},
                                    "rank": int(r["rank"]) if r.get("rank") else None})
        c["labels"][r.get("lang", "")] = r["l"]
    return sorted(out.values(), key=lambda c: (c["rank"] is None, c["rank"] or 0, c["id"]))


def regions(store) -> list[dict]:
    """Regions (country, provinces, regencies …) with labels and kind."""
    rows = select(store, """
        SELECT ?r ?l (LANG(?l) AS ?lang) ?type WHERE {
          ?r a jar:Region ; rdfs:label ?l . OPTIONAL { ?r a ?type FILTER(?type != jar:Region) } }""")
    out: dict[str, dict] = {}
    for r in rows:
        reg = out.setdefault(r["r"], {"iri": r["r"], "labels": {}, "kind": ""})
        reg["labels"][r.get("lang", "")] = r["l"]
        if r.get("type"):
            reg["kind"] = r["type"].rsplit("/", 1)[-1]
    order = {"Country": 0, "Province": 1, "Regency": 2, "City": 2}
    return sorted(out.values(), key=lambda g: (order.get(g["kind"], 3), pick(g["labels"], "id")))


# --- law --------------------------------------------------------------------------------------------------

def instruments(store, lang: str = "id", as_of: date | None = None) -> list[dict]:
    """Every instrument with type, dates, declared status and (given ``as_of``) whether it is in force.

    ``in_force_from`` / ``ended`` are the recorded dates; ``effective_from`` / ``effective_until`` the derived
    interval (:mod:`kg.asof`) and ``validity_basis`` how it is known ("date", "year", "repeal"); given ``as_of``,
    ``standing`` / ``standing_reason`` are :func:`kg.asof.standing` of the status and effective interval, and
    ``in_force`` is true when it is in force or unclear (possibly in force)."""
    rows = select(store, """
        SELECT ?i ?l (LANG(?l) AS ?lang) ?title (LANG(?title) AS ?tlang) ?type ?enacted ?start ?end ?status
               ?year ?efrom ?euntil ?basis WHERE {
          ?i a jar:LegalInstrument ; rdfs:label ?l .
          OPTIONAL { ?i eli:is_realized_by/eli:title ?title }
          OPTIONAL { ?i eli:type_document ?type }
          OPTIONAL { ?i eli:date_document ?enacted }
          OPTIONAL { ?i eli:first_date_entry_in_force ?start }
          OPTIONAL { ?i eli:date_no_longer_in_force ?end }
          OPTIONAL { ?i jar:declaredStatus ?status }
          OPTIONAL { ?i jar:effectiveFrom ?efrom } OPTIONAL { ?i jar:effectiveUntil ?euntil }
          OPTIONAL { ?i jar:validityBasis ?basis }
          OPTIONAL { ?i jar:year ?year } }""")
    out: dict[str, dict] = {}
    for r in rows:
        d = out.setdefault(r["i"], {"iri": r["i"], "labels": {}, "titles": {}, "type": short(r.get("type", "")),
                                    "enacted": r.get("enacted"), "in_force_from": r.get("start"),
                                    "ended": r.get("end"), "status": (r.get("status") or "").rsplit("/", 1)[-1],
                                    "year": r.get("year"), "effective_from": r.get("efrom") or r.get("start"),
                                    "effective_until": r.get("euntil") or r.get("end"), "validity_basis": []})
        if r.get("basis") and r["basis"] not in d["validity_basis"]:
            d["validity_basis"].append(r["basis"])
        d["labels"][r.get("lang", "")] = r["l"]
        if r.get("title"):
            d["titles"][r.get("tlang", "")] = r["title"]
    res = []
    for d in out.values():
        d["label"] = pick(d["labels"], lang)
        d["title"] = pick(d["titles"], lang)
        d["validity_basis"] = sorted(d["validity_basis"])
        if as_of is not None:
            st = standing(d["status"], d["effective_from"], d["effective_until"], as_of)
            # "unclear" (declared unclear, or repealed without a date) is listed as possibly in force
            d["in_force"], d["standing"], d["standing_reason"] = st.may_be_in_force, st.state, st.reason
        res.append(d)
    return sorted(res, key=lambda d: (d["enacted"] or d["in_force_from"] or str(d["year"] or ""), d["label"]))


def provisions(store, inst: str, lang: str = "id", as_of: date | None = None) -> list[dict]:
    """Provisions of an instrument (parent IRI, label, heading, summary, wording, dates), in document order."""
    rows = select(store, """
        SELECT ?i ?p ?parent ?l (LANG(?l) AS ?lang) ?sum (LANG(?sum) AS ?slang) ?heading (LANG(?heading) AS ?hlang)
               ?wording (LANG(?wording) AS ?wlang) ?start ?end ?num ?efrom ?euntil WHERE {
          ?p jar:inInstrument ?i ; eli:is_part_of ?parent ; rdfs:label ?l .
          OPTIONAL { ?p skos:scopeNote ?sum } OPTIONAL { ?p eli:is_realized_by/eli:title ?heading }
          OPTIONAL { ?p jar:wording ?wording } OPTIONAL { ?p eli:number ?num }
          OPTIONAL { ?p eli:first_date_entry_in_force ?start } OPTIONAL { ?p eli:date_no_longer_in_force ?end }
          OPTIONAL { ?p jar:effectiveFrom ?efrom } OPTIONAL { ?p jar:effectiveUntil ?euntil } }""",
                  {"i": URIRef(inst)})
    out: dict[str, dict] = {}
    for r in rows:
        d = out.setdefault(r["p"], {"iri": r["p"], "parent": r["parent"], "labels": {}, "summaries": {},
                                    "headings": {}, "wording": r.get("wording"), "start": r.get("start"),
                                    "end": r.get("end"), "number": r.get("num"),
                                    "effective_from": r.get("efrom") or r.get("start"),
                                    "effective_until": r.get("euntil") or r.get("end")})
        d["labels"][r.get("lang", "")] = r["l"]
        if r.get("wording"):  # the statute's words, by language (Indonesian original, or an English rendering)
            d.setdefault("wordings", {})[r.get("wlang", "")] = r["wording"]
        if r.get("sum"):
            d["summaries"][r.get("slang", "")] = r["sum"]
        if r.get("heading"):
            d["headings"][r.get("hlang", "")] = r["heading"]
    res = []
    for d in out.values():
        d["label"] = pick(d["labels"], lang)
        d["summary"] = pick(d["summaries"], lang)
        d["heading"] = pick(d["headings"], lang)
        if as_of is not None:
            st = standing(None, d["effective_from"], d["effective_until"], as_of)
            d["in_force"], d["standing"], d["standing_reason"] = st.in_force, st.state, st.reason
        res.append(d)
    return sorted(res, key=lambda d: _path_key(d["iri"]))


def _path_key(node: str) -> list:
    key = []
    for part in node.split("/"):
        key.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return key


def provision_tree(items: list[dict], root: str) -> list[tuple[int, dict]]:
    """Depth-first (depth, provision) pairs starting from the children of ``root``."""
    children: dict[str, list[dict]] = {}
    for d in items:
        children.setdefault(d["parent"], []).append(d)
    out: list[tuple[int, dict]] = []

    def walk(node: str, depth: int) -> None:
        for child in sorted(children.get(node, []), key=lambda d: _path_key(d["iri"])):
            out.append((depth, child))
            walk(child["iri"], depth + 1)

    walk(root, 0)
    return out


def relations(store, inst: str) -> list[dict]:
    """Relations from or to the instrument (or its provisions): type, the other resource, direction, date."""
    rows = select(store, """
        SELECT ?i ?rel ?type ?from ?to ?date WHERE {
          ?rel a jar:LegalRelation ; jar:relationType ?type ; jar:fromResource ?from ; jar:toResource ?to .
          OPTIONAL { ?rel jar:date ?date }
          { ?from jar:inInstrument ?i } UNION { FILTER(?from = ?i) } UNION { ?to jar:inInstrument ?i }
          UNION { FILTER(?to = ?i) } }""", {"i": URIRef(inst)})
    seen = {}
    for r in rows:
        seen[r["rel"]] = {"relation": r["rel"], "type": r["type"], "from": r["from"], "to": r["to"],
                          "date": r.get("date"),
                          "direction": "out" if r["from"] == inst or r["from"].startswith(inst + "/") else "in"}
    return sorted(seen.values(), key=lambda d: (d["date"] or "", d["relation"]))


def granted_by(store, inst: str) -> list[dict]:
    """Entitlements whose legal basis is the instrument or one of its provisions."""
    rows = select(store, """
        SELECT DISTINCT ?i ?e ?basis WHERE {
          ?e a jar:Entitlement ; jar:legalBasis ?basis .
          { ?basis jar:inInstrument ?i } UNION { FILTER(?basis = ?i) } }""", {"i": URIRef(inst)})
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["e"], []).append(r["basis"])
    return [{"entitlement": e, "basis": sorted(b)} for e, b in sorted(out.items())]


def discrepancies(store, about: str | None = None) -> list[dict]:
    """The discrepancy register (optionally only entries about one resource or its provisions), with claims."""
    rows = select(store, """
        SELECT ?d ?about ?aspect ?status ?claim ?value ?doc ?at ?quote WHERE {
          ?d a jar:Discrepancy ; jar:about ?about ; jar:aspect ?aspect ; jar:status ?status ; jar:claim ?claim .
          ?claim jar:value ?value .
          OPTIONAL { ?claim jar:source ?c . ?c jar:document ?doc ; jar:pinpoint ?at .
                     OPTIONAL { ?c jar:quote ?quote } } }""")
    out: dict[str, dict] = {}
    for r in rows:
        d = out.setdefault(r["d"], {"iri": r["d"], "about": set(), "aspect": r["aspect"], "status": r["status"],
                                    "claims": {}})
        d["about"].add(r["about"])
        c = d["claims"].setdefault(r["claim"], {"value": r["value"], "sources": []})
        if r.get("doc"):
            src = {"doc": r["doc"], "at": r["at"], "quote": r.get("quote")}
            if src not in c["sources"]:
                c["sources"].append(src)
    res = []
    for d in out.values():
        if about and not any(a == about or a.startswith(about + "/") for a in d["about"]):
            continue
        d["about"] = sorted(d["about"])
        d["claims"] = [d["claims"][k] for k in sorted(d["claims"])]
        for c in d["claims"]:  # in a fixed order, not the engine's row order
            c["sources"].sort(key=lambda src: (src["doc"], src["at"] or "", src["quote"] or ""))
        res.append(d)
    return sorted(res, key=lambda d: d["iri"])


# --- institutions -----------------------------------------------------------------------------------------

def institutions(store, as_of: date | None = None) -> list[dict]:
    """Institutions with their level, parent, validity and (given ``as_of``) whether they exist then."""
    rows = select(store, """
        SELECT ?o ?level ?parent ?from ?until ?tf WHERE {
          ?o a jar:Institution .
          OPTIONAL { ?o jar:level ?level } OPTIONAL { ?o org:subOrganizationOf ?parent }
          OPTIONAL { ?o jar:validFrom ?from } OPTIONAL { ?o jar:validUntil ?until }
          BIND(EXISTS { ?o a jar:TaskForce } AS ?tf) }""")
    out: dict[str, dict] = {}
    for r in rows:
        d = out.setdefault(r["o"], {"iri": r["o"], "level": r.get("level"), "parent": r.get("parent"),
                                    "from": r.get("from"), "until": r.get("until"),
                                    "task_force": r.get("tf") in ("true", "1", True)})
        if as_of is not None:
            d["current"] = in_window(d["from"], d["until"], as_of)
    return sorted(out.values(), key=lambda d: d["iri"])


def memberships(store, as_of: date | None = None) -> list[dict]:
    """Memberships of task forces (organisation, member, role, legal basis, validity), optionally as of a date."""
    rows = select(store, """
        SELECT ?m ?org ?member ?role ?basis ?from ?until WHERE {
          ?m a org:Membership ; org:organization ?org ; org:member ?member .
          OPTIONAL { ?m org:role ?role } OPTIONAL { ?m jar:legalBasis ?basis }
          OPTIONAL { ?m jar:validFrom ?from } OPTIONAL { ?m jar:validUntil ?until } }""")
    res = []
    for r in rows:
        r = dict(r)
        if as_of is not None and not in_window(r.get("from"), r.get("until"), as_of):
            continue
        res.append(r)
    return sorted(res, key=lambda r: (r["org"], r.get("role", ""), r["member"]))


def institution(store, org: str) -> dict:
    """Duties (obligations and entitlements it bears), services it offers, service points, groups served."""
    b = {"o": URIRef(org)}
    duties = select(store, """
        SELECT DISTINCT ?o ?d ?kind WHERE {
          { ?d jar:bearer ?o BIND("obligation" AS ?kind) } UNION { ?d jar:dutyBearer ?o BIND("entitlement" AS ?kind) }
        } ORDER BY ?d""", b)
    services = [r["s"] for r in select(store, "SELECT DISTINCT ?o ?s WHERE { ?o jar:offers ?s } ORDER BY ?s", b)]
    serves = [r["g"] for r in select(store, "SELECT DISTINCT ?o ?g WHERE { ?o jar:serves ?g } ORDER BY ?g", b)]
    # service points are places a victim can go; programmes (and manuals, funds) it runs are listed apart
    points = select(store, """
        SELECT DISTINCT ?o ?p ?region WHERE { ?p jar:operatedBy ?o ; a jar:ServicePoint .
          OPTIONAL { ?p jar:region ?region } } ORDER BY ?p""", b)
    programmes = [r["p"] for r in select(store, """
        SELECT DISTINCT ?o ?p WHERE { ?p jar:operatedBy ?o FILTER NOT EXISTS { ?p a jar:ServicePoint } }
        ORDER BY ?p""", b)]
    founded = [r["i"] for r in select(store, "SELECT ?o ?i WHERE { ?o jar:foundedBy ?i } ORDER BY ?i", b)]
    return {"iri": org, "duties": duties, "services": services, "serves": serves, "points": points,
            "programmes": programmes, "founded_by": founded}


# --- sources ----------------------------------------------------------------------------------------------

def bibliography(store) -> list[dict]:
    """Every source document with type, year, whether official, and the number of facts citing it."""
    rows = select(store, """
        SELECT ?doc ?label ?title ?type ?year ?official ?url (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
          ?doc a jar:SourceDocument .
          OPTIONAL { ?doc rdfs:label ?label } OPTIONAL { ?doc dcterms:title ?title }
          OPTIONAL { ?doc jar:documentType ?type } OPTIONAL { ?doc dcterms:issued ?year }
          OPTIONAL { ?doc jar:official ?official } OPTIONAL { ?doc schema:url ?url }
          OPTIONAL { ?c jar:document ?doc . ?fact jar:source ?c }
        } GROUP BY ?doc ?label ?title ?type ?year ?official ?url ORDER BY DESC(?facts) ?doc""")
    return [{"iri": r["doc"], "id": r["doc"].rsplit("/", 1)[-1], "short": r.get("label", ""),
             "title": r.get("title", ""), "type": r.get("type", ""), "year": r.get("year", ""),
             "official": r.get("official") in ("true", "1"), "url": r.get("url", ""),
             "facts": int(r.get("facts", 0))} for r in rows]


def counts(store) -> dict[str, int]:
    """How many nodes of each main class the graph holds."""
    rows = select(store, """
        SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {
          VALUES ?t { jar:LegalInstrument jar:Provision jar:Entitlement jar:Obligation jar:Institution
                      jar:ServicePoint jar:Programme jar:Finding jar:Region jar:SourceDocument jar:Discrepancy }
          ?s a ?t } GROUP BY ?t""")
    return {short(r["t"]).split(":", 1)[-1]: int(r["n"]) for r in rows}


def currency(store) -> list[dict]:
    """The currency register (kg.answers.currency): every instrument with its last status check, as plain dicts keyed by
    short id — ``checked_on``, ``found``, ``by``, ``note``, ``sources`` (``found`` None: never checked)."""
    from . import currency as cur

    return [c.to_dict() for c in cur.register(store)]


def is_data_iri(value: str) -> bool:
    return value.startswith(BASE)
