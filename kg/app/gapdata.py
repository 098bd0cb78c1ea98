"""Data behind the policymaker views of the Gaps page, as plain functions (no Streamlit): the summary per
victim group and per basis grade, coverage per province for a group and a service (the tile map), and text
helpers. Everything here reads the gap dicts of :func:`kg.gaps.find_gaps` and the store; nothing is invented.
"""
from __future__ import annotations

from collections import defaultdict

from .. import views
from ..namespaces import ID

# The groups a policymaker asks about first: men, women, children, migrants, foreign victims (vocab/groups).
SUMMARY_GROUPS = ("trafficked-men", "trafficked-women", "trafficked-children", "trafficked-migrant-workers",
                  "foreign-victims")

# An honest tile map: one cell per province (column, row), placed to approximate geography west→east and
# north→south. Not a boundary map: no openly licensed boundary file covering the 38 provinces (including the
# four Papua provinces of 2022) is vendored with the project.
TILES: dict[str, tuple[int, int]] = {
    "aceh": (0, 0), "sumatera-utara": (1, 1), "kepulauan-riau": (3, 1), "sumatera-barat": (1, 2),
    "riau": (2, 2), "bengkulu": (1, 3), "jambi": (2, 3), "kepulauan-bangka-belitung": (4, 3),
    "sumatera-selatan": (2, 4), "lampung": (2, 5), "banten": (3, 5), "dki-jakarta": (4, 4),
    "jawa-barat": (4, 5), "jawa-tengah": (5, 5), "di-yogyakarta": (5, 6), "jawa-timur": (6, 5), "bali": (7, 5),
    "nusa-tenggara-barat": (8, 5), "nusa-tenggara-timur": (9, 5),
    "kalimantan-barat": (5, 1), "kalimantan-utara": (7, 0), "kalimantan-timur": (7, 1),
    "kalimantan-tengah": (6, 2), "kalimantan-selatan": (7, 2),
    "gorontalo": (10, 1), "sulawesi-utara": (11, 1), "sulawesi-barat": (9, 2), "sulawesi-tengah": (10, 2),
    "sulawesi-selatan": (9, 3), "sulawesi-tenggara": (10, 3),
    "maluku-utara": (12, 1), "maluku": (12, 2),
    "papua-barat-daya": (13, 1), "papua-barat": (14, 1), "papua": (16, 1), "papua-tengah": (15, 2),
    "papua-pegunungan": (16, 2), "papua-selatan": (16, 3),
}
# coverage classes of a province for one group and one service, worst first
COVER_CLASSES = ("none", "other", "national", "local")


def cut_at_word(text: str, limit: int = 220) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters at a word boundary (with "…"), and whether it was cut."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text, False
    head = text[:limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-\u2014") + "\u2026", True


def group_hierarchy(store) -> dict[str, set[str]]:
    """Every group concept (full IRI) → its broader groups, transitively, the group itself included."""
    rows = views.select(store, """SELECT ?a ?b WHERE { ?a skos:inScheme ?s ; skos:broader ?b }""",
                        {"s": ID["vocab/groups"]})
    direct: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        direct[r["a"]].add(r["b"])
    for r in views.select(store, "SELECT ?a WHERE { ?a skos:inScheme ?s }", {"s": ID["vocab/groups"]}):
        direct.setdefault(r["a"], set())
    up: dict[str, set[str]] = {}

    def climb(g: str, seen: frozenset = frozenset()) -> set[str]:
        if g in up:
            return up[g]
        out = {g}
        for b in direct.get(g, ()):
            if b not in seen:
                out |= climb(b, seen | {g})
        up[g] = out
        return out

    for g in list(direct):
        climb(g)
    return up


def gap_grade(g: dict) -> str:
    """The basis grade of a gap (graded by the gap analysis), or "" where it is not graded."""
    for key in ("grade", "basis_grade", "evidence_grade"):
        v = g.get(key)
        if v:
            return str(v.get("id") if isinstance(v, dict) else v).rsplit("/", 1)[-1]
    return ""


def affects(gap: dict, target: str, up: dict[str, set[str]]) -> str:
    """How a gap touches the group ``target`` (full IRI): "own" (the gap names the group or a narrower one),
    "shared" (it names a broader group the target belongs to, e.g. all trafficking victims), or ""."""
    mine = up.get(target, {target})
    kinds = set()
    for item in gap.get("groups") or []:
        g = item.get("iri") if isinstance(item, dict) else str(item)
        if g == target or target in up.get(g, ()):
            kinds.add("own")
        elif g in mine:
            kinds.add("shared")
    return "own" if "own" in kinds else ("shared" if kinds else "")


def group_summary(gaps: list[dict], up: dict[str, set[str]], targets=SUMMARY_GROUPS) -> list[dict]:
    """Per summary group: gaps that name it (own), gaps on a broader group it belongs to (shared), high-severity
    gaps, and gaps per basis grade."""
    out = []
    for gid in targets:
        target = str(ID[f"vocab/groups/{gid}"])
        row = {"group": target, "id": gid, "own": 0, "shared": 0, "high": 0, "grades": defaultdict(int),
               "kinds": defaultdict(int)}
        for g in gaps:
            how = affects(g, target, up)
            if not how:
                continue
            row[how] += 1
            row["high"] += g.get("severity") == "high"
            row["grades"][gap_grade(g)] += 1
            if how == "own":
                row["kinds"][str(g.get("kind", ""))] += 1
        row["grades"], row["kinds"] = dict(row["grades"]), dict(row["kinds"])
        out.append(row)
    return out


def grade_summary(gaps: list[dict]) -> dict[str, dict[str, int]]:
    """Basis grade → {severity: count} ("" = not graded)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in gaps:
        out[gap_grade(g)][str(g.get("severity", ""))] += 1
    return {k: dict(v) for k, v in out.items()}


# --- providers and the map ---------------------------------------------------------------------------------

def providers(store) -> list[dict]:
    """Every provider (service point, programme, institution) that offers a service: the services it offers
    (with their broader services), the groups it serves and excludes, the province it is in (regions rolled up
    along partOfRegion) and whether it reaches the whole country."""
    rows = views.select(store, """
        SELECT ?p ?svc ?g ?x ?r ?prov ?level ?kind WHERE {
          ?p jar:offers ?o . ?o skos:broader* ?svc .
          OPTIONAL { ?p jar:serves ?g } OPTIONAL { ?p jar:excludes ?x }
          OPTIONAL { ?p jar:region ?r . OPTIONAL { ?r jar:partOfRegion* ?prov . ?prov a jar:Province } }
          OPTIONAL { ?p jar:level ?level }
          OPTIONAL { ?p a ?kind FILTER(?kind IN (jar:ServicePoint, jar:Programme, jar:Institution)) } }""")
    out: dict[str, dict] = {}
    for r in rows:
        p = out.setdefault(r["p"], {"iri": r["p"], "services": set(), "serves": set(), "excludes": set(),
                                    "region": r.get("r"), "province": r.get("prov"), "level": r.get("level"),
                                    "kind": ""})
        p["services"].add(r["svc"])
        for key, col in (("serves", "g"), ("excludes", "x")):
            if r.get(col):
                p[key].add(r[col])
        if r.get("prov"):
            p["province"] = r["prov"]
        if r.get("kind"):
            p["kind"] = r["kind"].rsplit("/", 1)[-1]
    for p in out.values():
        region = p["region"] or ""
        # a service point is a place: it serves where it is, whatever its level; an institution or programme
        # without a province (or recorded at national level) reaches the whole country
        p["national"] = p["kind"] != "ServicePoint" and (
            (not region and not p["province"]) or region.endswith("/region/idn") or
            (p["level"] or "").endswith("/national"))
        p["abroad"] = bool(region) and not p["province"] and not region.endswith("/region/idn")
    return sorted(out.values(), key=lambda p: p["iri"])


def _mandate(p: dict, group: str, up: dict[str, set[str]]) -> str:
    """"serves", "excludes" or "" for provider ``p`` and group ``group`` (full IRI)."""
    mine = up.get(group, {group})
    if p["excludes"] & mine:
        return "excludes"
    if p["serves"] & mine:
        return "serves"
    return ""


def province_coverage(provs: list[dict], provinces: list[str], group: str, service: str,
                      up: dict[str, set[str]]) -> dict[str, dict]:
    """Province IRI → {class, local: [providers there that serve the group], other: [providers there that offer
    the service only to other groups, or whose mandate excludes the group], national: [national providers that
    serve the group]}. Classes: local, national (only national providers), other, none."""
    offering = [p for p in provs if service in p["services"] and not p["abroad"]]
    national = [p["iri"] for p in offering if p["national"] and _mandate(p, group, up) == "serves"]
    out = {}
    for prov in provinces:
        here = [p for p in offering if p["province"] == prov and not p["national"]]
        local = [p["iri"] for p in here if _mandate(p, group, up) == "serves"]
        other = [p["iri"] for p in here if _mandate(p, group, up) != "serves"]
        cls = "local" if local else "national" if national else "other" if other else "none"
        out[prov] = {"class": cls, "local": local, "other": other, "national": national,
                     "excluded": [p["iri"] for p in here if _mandate(p, group, up) == "excludes"]}
    return out


def tile_name(label: str) -> str:
    """A province label without "Provinsi"/"Province", for a tile."""
    for word in ("Provinsi ", " Province"):
        label = label.replace(word, "")
    return label.strip()
