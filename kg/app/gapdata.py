"""Data behind the policymaker views of the Gaps page, as plain functions (no Streamlit): the summary per
victim group and per basis grade, coverage per province for a group and a service (the tile map), and text
helpers. Everything here reads the gap dicts of :func:`kg.gaps.find_gaps` and the store; nothing is invented.
"""
from __future__ import annotations

from collections import defaultdict

from ..answers import views
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
COVER_CLASSES = ("local", "conditional", "national", "unknown", "excluded", "none")


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
    for key in ("basis", "grade", "basis_grade"):  # "basis": documented | derived | records (kg.gaps.grading)
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

def provider_table(data) -> list[dict]:
    """Every provider that offers a service (read from the rdflib data graph the gap job already holds): the
    services it offers with their broader services, the provinces a victim can reach it from, whether it
    reaches the whole country, and for each group concept (by short id) whether its mandate lets it serve that group
    (:func:`kg.answers.mandate.may_serve`: yes | conditional | no | unknown, with the reason for a no)."""
    from rdflib.namespace import RDF, SKOS

    from ..answers import mandate as md
    from ..namespaces import JAR

    ups = md.closure(data)
    mandates = md.read_mandates(data)
    prov_of = md.province_of(data)
    all_prov = frozenset(data.subjects(RDF.type, JAR.Province))
    profiles = {str(c).rsplit("/", 1)[-1]: md.profile(c, ups)
                for c in data.subjects(SKOS.inScheme, ID["vocab/groups"])}
    out = []
    for p in sorted(set(data.subjects(JAR.offers, None)), key=str):
        services = set()
        for s in data.objects(p, JAR.offers):
            services |= set(ups.get(s, frozenset({s})))
        m = mandates.get(p)
        reached = md.provinces_reached(data, p, m, prov_of, all_prov)
        serves = set(data.objects(p, JAR.serves))
        excludes = set(data.objects(p, JAR.excludes))
        may, why = {}, {}
        for gid, prof in profiles.items():
            verdict = md.may_serve(m, prof, ups)
            if verdict == "unknown":  # no mandate, or it says nothing about whom: the served groups decide
                verdict = "no" if excludes & prof.closure else "yes" if serves & prof.closure else "unknown"
            may[gid] = verdict
            if verdict == "no":
                why[gid] = (md.exclusion_reason(m, prof, ups) if m is not None else None) or "group"
        out.append({"iri": str(p), "services": {str(s) for s in services}, "provinces": {str(x) for x in reached},
                    "national": bool(all_prov) and reached == all_prov, "may": may, "why": why})
    return out


def province_coverage(provs: list[dict], provinces: list[str], group_id: str, service: str) -> dict[str, dict]:
    """Province IRI → {class, local, conditional, unknown, excluded, national} (lists of provider IRIs) for the
    summary group ``group_id`` and the service IRI ``service``. Class, best first: local (a provider reachable
    from the province may serve the group), conditional (only under a condition of its mandate), national (only
    a provider with national reach), unknown (a provider is there but its mandate does not say), excluded (the
    only providers there exclude the group), none."""
    offering = [p for p in provs if service in p["services"]]
    national = [p["iri"] for p in offering if p["national"] and p["may"].get(group_id) == "yes"]
    out = {}
    for prov in provinces:
        here = [p for p in offering if prov in p["provinces"] and not p["national"]]
        by = {k: [p["iri"] for p in here if p["may"].get(group_id) == v]
              for k, v in (("local", "yes"), ("conditional", "conditional"), ("unknown", "unknown"),
                           ("excluded", "no"))}
        cls = next((k for k in ("local", "conditional") if by[k]), None) or (
            "national" if national else "unknown" if by["unknown"] else "excluded" if by["excluded"] else "none")
        out[prov] = {"class": cls, **by, "national": national}
    return out


def tile_name(label: str) -> str:
    """A province label without "Provinsi"/"Province", for a tile."""
    for word in ("Provinsi ", " Province"):
        label = label.replace(word, "")
    return label.strip()
