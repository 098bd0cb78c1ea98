"""Synthetic sources trees for benchmarks: the real record schema and the real ontology's shape, any size.

``generate(triples=N, seed=S, out=DIR)`` writes ``DIR/sources/`` with the project's own vocabularies, a
bibliography of synthetic documents, a synthetic geography (provinces and regencies), institutions and
service points in every generated province and regency, national and regional instruments with provisions,
entitlements grounded in those provisions, findings and statistics. Every record is cited. The data is
fictitious by construction (names are numbered, nothing describes a real place or person); it exists only to
measure the build, the stores and the queries at scale.

The same ``triples`` and ``seed`` give byte-identical files. The tree is written into a temporary folder and
renamed into place at the end, so an interrupted run leaves nothing half-written.
"""
from __future__ import annotations

import json
import math
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
VOCAB_DIR = ROOT / "sources" / "vocab"

# Triples each part adds to the built graph (calibrated against real builds; tests/test_bench.py checks ±25 %)
FIXED = 6200          # ontology, vocabularies, generated vocabularies, bibliography (the real one too), country, national laws
PER_UNIT = 83         # one province or regency with its offices and service points
PER_LAW = 61          # one regional instrument with its finding and statistic (provisions counted apart)
PER_PROVISION = 41    # one provision (with its share of the implied parent article) and its entitlement
PROVINCES = 38
REGENCIES = 514
MAX_RECORDS_PER_FILE = 1500

SIZE_WORDS = {"k": 1_000, "m": 1_000_000}


def parse_size(text: str) -> int:
    """'10k' → 10000, '1m' → 1000000, '2500' → 2500."""
    t = str(text).strip().lower().replace("_", "")
    if t and t[-1] in SIZE_WORDS:
        return int(float(t[:-1]) * SIZE_WORDS[t[-1]])
    return int(t)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


@dataclass(frozen=True)
class Plan:
    regencies: int
    laws: int  # regional instruments in all, dealt out to the provinces and regencies in turn
    provisions_per_law: int

    @property
    def units(self) -> int:
        return PROVINCES + self.regencies

    def estimate(self) -> int:
        return (FIXED + self.units * PER_UNIT
                + self.laws * (PER_LAW + self.provisions_per_law * PER_PROVISION))


def _law_cost(provisions: int) -> int:
    return PER_LAW + provisions * PER_PROVISION


def plan_for(triples: int) -> Plan:
    """How many regencies, laws and provisions make about ``triples`` triples: first one law for each
    province, then more regencies (each with one law), then more laws with more provisions."""
    small = FIXED + PROVINCES * (PER_UNIT + _law_cost(2))
    full = FIXED + (PROVINCES + REGENCIES) * (PER_UNIT + _law_cost(2))
    if triples <= small:
        laws = max(0, round((triples - FIXED - PROVINCES * PER_UNIT) / _law_cost(2)))
        return Plan(0, laws, 2)
    if triples <= full:
        units = round((triples - FIXED) / (PER_UNIT + _law_cost(2)))
        return Plan(units - PROVINCES, units, 2)
    units = PROVINCES + REGENCIES
    return Plan(REGENCIES, max(units, round((triples - FIXED - units * PER_UNIT) / _law_cost(6))), 6)


def _vocab_ids(scheme: str) -> list[str]:
    data = yaml.safe_load((VOCAB_DIR / f"{scheme}.yaml").read_text("utf-8"))
    return [c["id"] for c in data.get("concepts", [])]


class _Writer:
    """Writes lists of records as YAML flow mappings, one record a line, split into files of bounded size."""

    def __init__(self, root: Path):
        self.root = root
        self.counts: dict[str, int] = {}

    def write(self, folder: str, name: str, records: list[dict]) -> None:
        path = self.root / folder
        path.mkdir(parents=True, exist_ok=True)
        for part in range(max(1, math.ceil(len(records) / MAX_RECORDS_PER_FILE))):
            chunk = records[part * MAX_RECORDS_PER_FILE:(part + 1) * MAX_RECORDS_PER_FILE]
            suffix = f"-{part + 1:03d}" if len(records) > MAX_RECORDS_PER_FILE else ""
            lines = [f"# Synthetic benchmark records ({folder}); fictitious by construction.\n"]
            lines += ["- " + json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in chunk]
            if not chunk:
                lines.append("[]\n")
            (path / f"{name}{suffix}.yaml").write_text("".join(lines), encoding="utf-8")
        self.counts[folder] = self.counts.get(folder, 0) + len(records)


def _cite(rng: random.Random, docs: list[str], quote: bool = False) -> dict:
    c = {"doc": rng.choice(docs), "at": f"p. {rng.randint(1, 400)}"}
    if quote:
        c["quote"] = f"observation {rng.randint(1, 10**6)} recorded in the field study"
        c["quote_lang"] = "en"
    return c


#: every synthetic instrument carries a currency check (the build refuses an instrument in force without one); it
#: draws nothing from the random stream, so the rest of the generated data is unchanged
SYNTH_CURRENCY = {"checked_on": "2024-01-01", "found": "no-change",
                  "sources": [{"doc": "synth-doc-001", "at": "synthetic currency check"}]}


def _date(rng: random.Random, start_year: int, end_year: int) -> str:
    return f"{rng.randint(start_year, end_year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(triples: int, seed: int, out: Path) -> dict:
    """Write a synthetic sources tree of about ``triples`` triples into ``out/sources``; return what was made."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    plan = plan_for(triples)
    services = _vocab_ids("services")
    groups = _vocab_ids("groups")
    sp_types = _vocab_ids("service-point-types")
    measures = _vocab_ids("measures")
    themes = _vocab_ids("themes")
    findings_kinds = ("gap", "barrier", "case", "good-practice", "observation")

    tmp = Path(tempfile.mkdtemp(prefix=".synth-", dir=out))
    try:
        src = tmp / "sources"
        shutil.copytree(VOCAB_DIR, src / "vocab")
        # the vocabularies cite documents of the real bibliography (a concept's definition or translation note)
        shutil.copytree(VOCAB_DIR.parent / "bibliography", src / "bibliography")
        w = _Writer(src)
        docs = [f"synth-doc-{i:03d}" for i in range(1, 41)]
        w.write("bibliography", "synthetic", [
            {"id": d, "type": rng.choice(("report", "journal-article", "official-text")),
             "title": f"Synthetic benchmark document {i}", "short": f"Synthetic {i}", "year": 2000 + i % 24}
            for i, d in enumerate(docs, 1)])

        # geography: the country, provinces, regencies spread over the provinces
        regions = [{"id": "idn", "kind": "country", "name": {"en": "Indonesia", "id": "Indonesia"},
                    "source": _cite(rng, docs)}]
        units: list[tuple[str, str, str]] = []  # (region slug, level, province slug)
        for p in range(1, PROVINCES + 1):
            slug = f"prov-{p:02d}"
            regions.append({"id": slug, "kind": "province", "code": f"{p:02d}",
                            "name": {"en": f"Province {p:02d}", "id": f"Provinsi {p:02d}"}, "part_of": "region/idn",
                            "source": _cite(rng, docs)})
            units.append((slug, "provincial", slug))
        for r in range(plan.regencies):
            p = r % PROVINCES + 1
            slug = f"kab-{p:02d}-{r // PROVINCES + 1:02d}"
            kind = "city" if r % 5 == 4 else "regency"
            num = f"{p:02d}-{r // PROVINCES + 1:02d}"
            regions.append({"id": slug, "kind": kind, "code": num.replace("-", "."),
                            "name": {"en": f"{'City' if kind == 'city' else 'Regency'} {num}",
                                     "id": f"{'Kota' if kind == 'city' else 'Kabupaten'} {num}"},
                            "part_of": f"region/prov-{p:02d}", "source": _cite(rng, docs)})
            units.append((slug, "district", f"prov-{p:02d}"))
        w.write("regions", "synthetic", regions)

        # national layer: ministries and a few national instruments with provisions and entitlements
        national_orgs = [("synth-ministry-social", "Social Affairs", "Sosial"),
                         ("synth-ministry-women", "Women's Empowerment", "Pemberdayaan Perempuan"),
                         ("synth-ministry-health", "Health", "Kesehatan"),
                         ("synth-police", "Police", "Kepolisian")]
        institutions = [{"id": oid, "name": {"en": f"Synthetic Ministry of {en}", "id": f"Kementerian {idl} Sintetis"},
                         "kind": "ministry", "level": "national", "region": "region/idn",
                         "services": rng.sample(services, 3), "source": _cite(rng, docs)}
                        for oid, en, idl in national_orgs]
        instruments, entitlements, findings, stats, service_points = [], [], [], [], []
        nat_laws = []
        for i, (t, year) in enumerate((("uu", 2001), ("pp", 2003), ("perpres", 2005), ("uu", 2009), ("pp", 2012))):
            number = str(100 + i)
            iid = f"{t}/{year}/{number}"
            nat_laws.append(iid)
            provs = [{"at": f"pasal/{a}/ayat/{b}",
                      "summary": {"en": f"Victims receive service {a}.{b}.", "id": f"Korban menerima layanan {a}.{b}."},
                      "source": _cite(rng, docs)} for a in range(1, 6) for b in (1, 2)]
            instruments.append({"type": t, "number": number, "year": year,
                                 "title": {"en": f"Synthetic national instrument {i + 1}",
                                           "id": f"Instrumen nasional sintetis {i + 1}"},
                                 "jurisdiction": "region/idn", "issuer": ["org/synth-ministry-social"],
                                 "dates": {"enacted": f"{year}-03-01", "in_force": f"{year}-03-01"},
                                 "provisions": provs, "source": _cite(rng, docs),
                                 "currency": SYNTH_CURRENCY})
            for p in provs:
                entitlements.append(_entitlement(rng, f"{iid}/{p['at']}", services, groups,
                                                 ["org/" + rng.choice(national_orgs)[0]], docs))

        # regional layer: every province and regency has its offices, service points, laws, findings, figures
        for n, (slug, level, prov) in enumerate(units):
            office = f"synth-social-office-{slug}"
            centre = f"synth-service-centre-{slug}"
            institutions.append({"id": office, "name": {"en": f"Social Affairs Office {slug}",
                                                        "id": f"Dinas Sosial {slug}"},
                                 "kind": "regional-office", "level": level, "region": f"region/{slug}",
                                 "parent": "org/synth-ministry-social", "services": rng.sample(services, 2),
                                 "source": _cite(rng, docs)})
            institutions.append({"id": centre, "name": {"en": f"Integrated Service Centre {slug}",
                                                        "id": f"Pusat Pelayanan Terpadu {slug}"},
                                 "kind": "service-centre", "level": level, "region": f"region/{slug}",
                                 "serves": rng.sample(groups, 2), "source": _cite(rng, docs)})
            for k, op in enumerate((office, centre)):
                service_points.append({
                    "id": f"synth-sp-{slug}-{k + 1}", "kind": rng.choice(sp_types),
                    "name": {"en": f"Service point {k + 1} of {slug}", "id": f"Titik layanan {k + 1} {slug}"},
                    "operator": [f"org/{op}"], "region": f"region/{slug}", "level": level,
                    "serves": rng.sample(groups, 2), "services": rng.sample(services, 3),
                    "funding": ["regional-budget"], "valid_from": _date(rng, 2005, 2015),
                    "source": _cite(rng, docs)})
            previous = None
            for j in range(plan.laws // len(units) + (1 if n < plan.laws % len(units) else 0)):
                year = 2005 + (j * 3 + n) % 19
                number = str(j + 1)
                iid = f"perda/{slug}/{year}/{number}"
                provs = []
                for q in range(plan.provisions_per_law):
                    provs.append({"at": f"pasal/{q // 2 + 1}/ayat/{q % 2 + 1}",
                                  "summary": {"en": f"The region provides service {q + 1}.",
                                              "id": f"Daerah menyediakan layanan {q + 1}."},
                                  "source": _cite(rng, docs)})
                rec = {"type": "perda", "scope": slug, "number": number, "year": year,
                       "title": {"en": f"Synthetic regional regulation {slug} {number}/{year}",
                                 "id": f"Peraturan daerah sintetis {slug} {number}/{year}"},
                       "jurisdiction": f"region/{slug}", "issuer": [f"org/{office}"],
                       "dates": {"enacted": f"{year}-06-01", "in_force": f"{year}-07-01"},
                       "relations": [{"type": "implements", "target": rng.choice(nat_laws)}],
                       "provisions": provs, "source": _cite(rng, docs), "currency": SYNTH_CURRENCY}
                if themes:
                    rec["themes"] = rng.sample(themes, 1)
                if previous is not None and rng.random() < 0.3:
                    rec["relations"].append({"type": "amends", "target": previous})
                instruments.append(rec)
                first_ent = None
                for p in provs:
                    ent = _entitlement(rng, f"{iid}/{p['at']}", services, groups, [f"org/{office}"], docs,
                                       delivered_by=[f"sp/synth-sp-{slug}-1"])
                    entitlements.append(ent)
                    first_ent = first_ent or ent["id"]
                findings.append({"id": f"synth-finding-{slug}-{j + 1}", "kind": rng.choice(findings_kinds),
                                 "statement": {"en": f"Field study note {j + 1} on {slug}.",
                                               "id": f"Catatan studi lapangan {j + 1} tentang {slug}."},
                                 "concerns": [f"entitlement/{first_ent}"] if first_ent else [iid],
                                 "groups": rng.sample(groups, 1), "services": rng.sample(services, 1),
                                 "regions": [f"region/{slug}"], "severity": rng.choice(("high", "medium", "low")),
                                 "source": _cite(rng, docs, quote=True)})
                stats.append({"id": f"synth-stat-{slug}-{j + 1}", "dataset": f"synth-{rng.choice(measures)}",
                              "label": {"en": f"Figure {j + 1} for {slug}", "id": f"Angka {j + 1} untuk {slug}"},
                              "measure": rng.choice(measures), "value": rng.randint(0, 5000),
                              "unit": "persons", "year": 2005 + j % 19, "area": f"region/{slug}",
                              "source": _cite(rng, docs)})
                previous = iid

        w.write("institutions", "synthetic", institutions)
        w.write("service_points", "synthetic", service_points)
        w.write("instruments", "synthetic", instruments)
        w.write("entitlements", "synthetic", entitlements)
        w.write("findings", "synthetic", findings)
        w.write("statistics", "synthetic", stats)
        # every dataset the observations name is described (drawing nothing from the random stream)
        w.write("datasets", "synthetic", [
            {"id": ds, "label": {"en": f"Synthetic figures {ds}", "id": f"Angka sintetis {ds}"},
             "source": {"doc": "synth-doc-001", "at": "synthetic dataset"}}
            for ds in sorted({st["dataset"] for st in stats})])
        info = {"requested_triples": triples, "estimated_triples": plan.estimate(), "seed": seed,
                "plan": {"provinces": PROVINCES, "regencies": plan.regencies, "regional_laws": plan.laws,
                         "provisions_per_law": plan.provisions_per_law}, "records": dict(sorted(w.counts.items()))}
        (tmp / "synth.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        for name in ("sources", "synth.json"):
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            os.rename(tmp / name, target)
        return info
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _entitlement(rng: random.Random, basis: str, services: list[str], groups: list[str], bearers: list[str],
                 docs: list[str], delivered_by: list[str] | None = None) -> dict:
    eid = "synth-" + basis.replace("/", "-")
    ent = {"id": eid, "label": {"en": f"Entitlement under {basis}", "id": f"Hak berdasarkan {basis}"},
           "services": rng.sample(services, 1), "beneficiaries": rng.sample(groups, 2), "legal_basis": [basis],
           "duty_bearers": bearers, "cost": rng.choice(("free", "unspecified")), "source": _cite(rng, docs)}
    if delivered_by:
        ent["delivered_by"] = delivered_by
    if rng.random() < 0.1:
        ent["certainty"] = "uncertain"
        ent["certainty_note"] = {"en": "The provision leaves the duty-bearer open.",
                                 "id": "Ketentuan tidak menyebut pengemban kewajiban."}
    return ent
