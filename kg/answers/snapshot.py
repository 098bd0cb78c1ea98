"""The graph, read once per store into a small snapshot the finder answers from (nine SELECTs, plus the
vocabulary rules of :mod:`kg.answers`); and whether a legal basis is in force on a date."""
from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..asof import Standing, in_window, standing
from ..namespaces import ID, PREFIXES

JAR = PREFIXES["jar"]
GROUPS = str(ID["vocab/groups/"])
#: instrument types whose scope (in the id) is a region
REGIONAL_TYPES = ("perda", "pergub", "kepgub", "perbup")

Q_LABELS = """SELECT ?s ?l (LANG(?l) AS ?lang) WHERE { ?s rdfs:label ?l }"""
Q_ENT = """SELECT ?e ?p ?o (LANG(?o) AS ?lang) WHERE { ?e a jar:Entitlement ; ?p ?o }"""
Q_DEADLINE = """SELECT ?d ?p ?o (LANG(?o) AS ?lang) WHERE { ?e a jar:Entitlement ; jar:deadline ?d . ?d ?p ?o }"""
Q_LEGAL = """SELECT ?r ?inst (COALESCE(?rfe, ?rfd) AS ?rf) (COALESCE(?rue, ?rud) AS ?ru)
    (COALESCE(?ife, ?ifd) AS ?if) (COALESCE(?iue, ?iud) AS ?iu) ?rfd ?ifd ?st ?jur WHERE {
  { ?r a jar:Provision } UNION { ?r a jar:LegalInstrument }
  OPTIONAL { ?r jar:inInstrument? ?j . ?j a jar:LegalInstrument ; eli:jurisdiction ?jur }
  OPTIONAL { ?r jar:effectiveFrom ?rfe } OPTIONAL { ?r eli:first_date_entry_in_force ?rfd }
  OPTIONAL { ?r jar:effectiveUntil ?rue } OPTIONAL { ?r eli:date_no_longer_in_force ?rud }
  OPTIONAL { ?r jar:inInstrument ?inst .
             OPTIONAL { ?inst jar:effectiveFrom ?ife } OPTIONAL { ?inst eli:first_date_entry_in_force ?ifd }
             OPTIONAL { ?inst jar:effectiveUntil ?iue } OPTIONAL { ?inst eli:date_no_longer_in_force ?iud } }
  OPTIONAL { ?r jar:inInstrument? ?si . ?si a jar:LegalInstrument ; jar:declaredStatus ?st }
}"""
Q_GROUPS = """SELECT ?g ?p ?o WHERE { ?g skos:inScheme <https://w3id.org/jaring/id/vocab/groups> ; ?p ?o .
  FILTER(?p = skos:broader || STRSTARTS(STR(?p), "https://w3id.org/jaring/ontology/criterion")) }"""
Q_BROADER = """SELECT ?c ?b WHERE { ?c skos:broader ?b }"""
Q_SP = """SELECT ?sp ?p ?o WHERE { ?sp a jar:ServicePoint ; ?p ?o .
  VALUES ?p { jar:region jar:level jar:serves jar:offers jar:validFrom jar:validUntil jar:operatedBy } }"""
Q_REGIONS = """SELECT ?r ?parent ?kind WHERE { ?r a jar:Region . OPTIONAL { ?r jar:partOfRegion ?parent }
  OPTIONAL { ?r a ?kind . VALUES ?kind { jar:Country jar:Province jar:Regency jar:City jar:District jar:Village
                                             jar:CrossingPoint } } }"""
Q_CIT = """SELECT ?c ?doc ?at ?q (LANG(?q) AS ?ql) WHERE { ?c a jar:Citation ; jar:document ?doc ; jar:pinpoint ?at .
  OPTIONAL { ?c jar:quote ?q } }"""
Q_COND = """SELECT ?c ?p ?o (LANG(?o) AS ?lang) WHERE {
  ?c skos:inScheme <https://w3id.org/jaring/id/vocab/conditions> ; ?p ?o .
  VALUES ?p { jar:profileFact jar:procedural jar:question } }"""
Q_DERIV = """SELECT ?d ?p ?o (LANG(?o) AS ?lang) WHERE { ?d a jar:GroupDerivation ; ?p ?o .
  VALUES ?p { jar:derivedGroup jar:fromGroup jar:legalBasis rdfs:comment jar:source } }"""
Q_MANDATE = """SELECT ?x ?p ?o WHERE { ?x jar:mandate ?m . ?m ?p ?o .
  VALUES ?p { jar:walkIn jar:mandateSex jar:mandateAgeGroup jar:mandateMinAge jar:mandateMaxAge jar:mandateGroup
              jar:mandateNationality jar:reach jar:mandateRegion } }"""
Q_CURRENCY = """SELECT ?i ?d WHERE { ?i a jar:LegalInstrument . OPTIONAL { ?i jar:currency ?c . ?c jar:checkedOn ?d } }"""
Q_INST_LEVEL = """SELECT ?i ?lv WHERE { ?i a jar:Institution ; jar:level ?lv }"""
Q_SP_EXTRA = """SELECT ?sp ?p ?o WHERE { ?sp a jar:ServicePoint ; ?p ?o . VALUES ?p { jar:servicePointType } }"""
Q_COND_BASIS = """SELECT ?e ?c ?b WHERE { ?e a jar:Entitlement ; jar:conditionBasis ?n .
  ?n jar:imposesCondition ?c ; jar:legalBasis ?b }"""
Q_SCHEMES = """SELECT ?c ?s WHERE { ?c skos:inScheme ?s . VALUES ?s { <https://w3id.org/jaring/id/vocab/groups>
  <https://w3id.org/jaring/id/vocab/sectors> <https://w3id.org/jaring/id/vocab/exploitation-forms>
  <https://w3id.org/jaring/id/vocab/services> <https://w3id.org/jaring/id/vocab/stages> } }"""


@dataclass
class Snapshot:
    labels: dict[str, dict[str, str]]
    ent: dict[str, dict[str, list]]
    ent_lang: dict[str, dict[str, dict[str, str]]]
    deadlines: dict[str, dict]
    legal: dict[str, dict]
    group_criteria: dict[str, dict[str, set]]
    group_broader: dict[str, set[str]]
    broader: dict[str, set[str]]
    sps: dict[str, dict[str, list]]
    region_parent: dict[str, str]
    region_kind: dict[str, str]
    citations: dict[str, dict]
    schemes: dict[str, set[str]] = field(default_factory=dict)  # scheme slug -> concept IRIs
    conditions: dict[str, dict] = field(default_factory=dict)  # condition -> {fact, step, question}
    derivations: dict[str, list[dict]] = field(default_factory=dict)  # group -> rules {from, basis, note, sources}
    mandates: dict[str, dict] = field(default_factory=dict)  # provider -> {walkIn: [...], mandateSex: [...], ...}
    law_checked: dict = field(default_factory=dict)  # {"up_to": earliest check date, "checked": n, "of": m}
    inst_level: dict = field(default_factory=dict)  # institution -> level slug (national, abroad, ...)
    currency_checks: list = field(default_factory=list)  # kg.answers.currency.register: each instrument's currency check
    condition_bases: dict = field(default_factory=dict)  # entitlement -> condition -> the bases that impose it

    def label(self, node: str) -> dict[str, str]:
        lab = self.labels.get(node)
        if lab:
            return lab
        tail = node.rsplit("/", 1)[-1]
        return {"en": tail, "id": tail}

    def ancestors(self, node: str, rel: dict[str, set[str]] | None = None) -> set[str]:
        if rel is None:
            memo = self.__dict__.setdefault("_anc", {})
            if node not in memo:
                memo[node] = frozenset(self.ancestors(node, self.broader))
            return memo[node]
        seen, stack = set(), [node]
        while stack:
            for b in rel.get(stack.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    stack.append(b)
        return seen

    def region_chain(self, region: str | None) -> list[str]:
        out = []
        while region and region not in out:
            out.append(region)
            region = self.region_parent.get(region)
        return out


def _currency(store) -> list:
    """The currency register (:func:`kg.answers.currency.register`), read with the snapshot so an answer's "law checked
    up to" line needs no store."""
    try:
        from .currency import register

        return register(store)
    except Exception:  # noqa: BLE001 - the line then says the law's currency is not recorded
        return []


def load_snapshot(store) -> Snapshot:
    sel = store.select
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for r in sel(Q_LABELS):
        labels[r["s"]].setdefault(r["lang"] or "", r["l"])
    for lab in labels.values():
        if "" in lab:
            lab.setdefault("en", lab[""])
            lab.setdefault("id", lab[""])
    ent: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    ent_lang: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for r in sel(Q_ENT):
        p = r["p"]
        if r["lang"]:
            ent_lang[r["e"]][p][r["lang"]] = r["o"]
        else:
            ent[r["e"]][p].append(r["o"])
    deadlines: dict[str, dict] = defaultdict(dict)
    for r in sel(Q_DEADLINE):
        key = r["p"].rsplit("/", 1)[-1]
        if r["lang"]:
            deadlines[r["d"]].setdefault(key, {})[r["lang"]] = r["o"]
        else:
            deadlines[r["d"]][key] = r["o"]
    legal = {}
    for r in sel(Q_LEGAL):
        legal.setdefault(r["r"], r)
    group_criteria: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    group_broader: dict[str, set[str]] = defaultdict(set)
    for r in sel(Q_GROUPS):
        if r["p"].endswith("#broader"):
            group_broader[r["g"]].add(r["o"])
        else:
            key = r["p"][len(JAR + "criterion"):]
            snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in key).lstrip("_")
            group_criteria[r["g"]][snake].add(r["o"])
        group_broader.setdefault(r["g"], set())
    broader: dict[str, set[str]] = defaultdict(set)
    for r in sel(Q_BROADER):
        broader[r["c"]].add(r["b"])
    for g in labels:
        if g.startswith(GROUPS):
            group_broader.setdefault(g, set())
    sps: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in sel(Q_SP):
        sps[r["sp"]][r["p"].rsplit("/", 1)[-1]].append(r["o"])
    region_parent, region_kind = {}, {}
    for r in sel(Q_REGIONS):
        if r.get("parent"):
            region_parent[r["r"]] = r["parent"]
        if r.get("kind"):
            region_kind[r["r"]] = r["kind"].rsplit("/", 1)[-1].lower()
    # regional instruments without a stated jurisdiction: the region named in their id (perda/jawa-barat/...)
    base = str(ID)
    for row in legal.values():
        if row.get("jur"):
            continue
        inst = (row.get("inst") or row["r"])[len(base):] if (row.get("inst") or row["r"]).startswith(base) else ""
        parts = inst.split("/")
        if len(parts) > 2 and parts[0] in REGIONAL_TYPES and base + "region/" + parts[1] in region_kind:
            row["jur"] = base + "region/" + parts[1]
    citations = {}
    for r in sel(Q_CIT):
        citations[r["c"]] = r
    schemes: dict[str, set[str]] = defaultdict(set)
    for r in sel(Q_SCHEMES):
        schemes[r["s"].rsplit("/", 1)[-1]].add(r["c"])
    conditions: dict[str, dict] = defaultdict(dict)
    for r in sel(Q_COND):
        key = r["p"].rsplit("/", 1)[-1]
        if key == "question":
            conditions[r["c"]].setdefault("question", {})[r["lang"] or "en"] = r["o"]
        elif key == "procedural":
            conditions[r["c"]]["step"] = str(r["o"]).lower() == "true"
        else:
            conditions[r["c"]]["fact"] = str(r["o"])
    rules: dict[str, dict] = defaultdict(lambda: {"from": [], "basis": [], "note": {}, "sources": []})
    for r in sel(Q_DERIV):
        key, rule = r["p"].rsplit("/", 1)[-1].rsplit("#", 1)[-1], rules[r["d"]]
        if key == "derivedGroup":
            rule["group"] = r["o"]
        elif key == "fromGroup":
            rule["from"].append(r["o"])
        elif key == "legalBasis":
            rule["basis"].append(r["o"])
        elif key in ("note", "rdf-schema#comment", "comment"):
            rule["note"][r["lang"] or "en"] = r["o"]
        elif key == "source":
            rule["sources"].append(r["o"])
    derivations: dict[str, list[dict]] = defaultdict(list)
    for iri, rule in sorted(rules.items()):
        if rule.get("group"):
            rule["iri"] = iri
            rule["from"], rule["basis"], rule["sources"] = (sorted(set(rule[k])) for k in ("from", "basis", "sources"))
            derivations[rule["group"]].append(dict(rule))
    mandates: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for r in sel(Q_MANDATE):
        mandates[r["x"]][r["p"].rsplit("/", 1)[-1]].append(r["o"])
    for r in sel(Q_SP_EXTRA):
        sps[r["sp"]][r["p"].rsplit("/", 1)[-1]].append(r["o"])
    checked: dict[str, str | None] = {}
    for r in sel(Q_CURRENCY):
        checked.setdefault(r["i"], None)
        if r.get("d"):
            checked[r["i"]] = min(filter(None, (checked[r["i"]], str(r["d"])[:10])))
    cond_bases: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in sel(Q_COND_BASIS):
        cond_bases[r["e"]][r["c"]].append(r["b"])
    dates = [d for d in checked.values() if d]
    law_checked = {"up_to": min(dates), "checked": len(dates), "of": len(checked)} if dates else {}
    return Snapshot(_plain(labels), _plain(ent), _plain(ent_lang), _plain(deadlines), legal, _plain(group_criteria),
                    _plain(group_broader), _plain(broader), _plain(sps), region_parent, region_kind, citations,
                    _plain(schemes), _plain(conditions), _plain(derivations), _plain(mandates), law_checked,
                    {r["i"]: str(r["lv"]).rsplit("/", 1)[-1] for r in sel(Q_INST_LEVEL)}, _currency(store),
                    {e: {c: sorted(set(bs)) for c, bs in cs.items()} for e, cs in cond_bases.items()})


_SNAPSHOTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_SNAP_LOCK = threading.Lock()
#: bump when the Snapshot's shape changes (the cache key also covers the query texts)
SNAPSHOT_FORMAT = 5


def _plain(x):
    """Nested defaultdicts as plain dicts (picklable, and a missing key is not silently created)."""
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x


class DistSource:
    """A built graph the finder answers from without loading it when it can: the snapshot is read from the
    per-user cache (:func:`kg.dist.cache_dir`, keyed by the data version and the snapshot's queries); the store
    is opened (and its files verified) only when the snapshot is not cached yet. ``data_path`` and
    ``data_version`` serve the gap cache as an opened store's do."""

    kind = "dist"

    def __init__(self, dist=None):
        from .. import dist as dist_io

        self.dist = dist_io.resolve(dist)
        self.data_path = self.dist / dist_io.DATA_FILE
        self.data_version = dist_io.data_version(self.dist)
        self._store = None

    def store(self):
        if self._store is None:
            from ..store.store import open_store

            self._store = open_store(self.dist)
        return self._store

    def select(self, query: str, *args, **kwargs):
        return self.store().select(query, *args, **kwargs)

    def __getattr__(self, name):  # manifest, load_ms, ... of the opened store
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.store(), name)


def _cache_path(version: str):
    import hashlib

    from .. import dist as dist_io

    queries = "".join(v for k, v in sorted(globals().items()) if k.startswith("Q_") and isinstance(v, str))
    key = hashlib.sha256(f"{SNAPSHOT_FORMAT}|{version}|{queries}".encode()).hexdigest()[:32]
    return dist_io.cache_dir() / f"snapshot-{key}.pickle"


def _cached_snapshot(source: DistSource) -> Snapshot:
    import pickle

    if not source.data_version:
        return load_snapshot(source.store())
    path = _cache_path(source.data_version)
    try:
        with open(path, "rb") as fh:
            snap = pickle.load(fh)
        if isinstance(snap, Snapshot):
            return snap
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    snap = load_snapshot(source.store())
    try:
        from .. import dist as dist_io

        path.parent.mkdir(parents=True, exist_ok=True)
        clean = Snapshot(**{f: getattr(snap, f) for f in snap.__dataclass_fields__})
        dist_io.atomic_write(path, pickle.dumps(clean, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, TypeError, AttributeError, pickle.PicklingError):
        pass  # an answer never fails because the cache cannot be written
    return snap


def snapshot(store) -> Snapshot:
    with _SNAP_LOCK:
        try:
            snap = _SNAPSHOTS.get(store)
        except TypeError:
            snap = None
        if snap is None:
            snap = _cached_snapshot(store) if isinstance(store, DistSource) else load_snapshot(store)
            try:
                _SNAPSHOTS[store] = snap
            except TypeError:
                pass
    return snap


# --- as-of --------------------------------------------------------------------------------------------------

def basis_standing(snap: Snapshot, res: str, d: date) -> Standing:
    """The standing (:func:`kg.asof.standing`) of a provision or instrument on ``d``: its declared status (its
    instrument's) and its effective interval (``jar:effectiveFrom`` / ``jar:effectiveUntil``, derived in
    :mod:`kg.asof`; the recorded ELI dates on graphs without them; a provision's own, else its instrument's)."""
    row = snap.legal.get(res)
    if row is None:
        return standing(None, None, None, d)  # not described in the graph: nothing says it is not in force
    return standing(row.get("st"), row.get("rf") or row.get("if"), row.get("ru") or row.get("iu"), d)


def resource_in_force(snap: Snapshot, res: str, d: date) -> bool:
    """Whether a legal basis counts for the finder on ``d``: in force, or unclear (granted with a warning)."""
    return basis_standing(snap, res, d).may_be_in_force
