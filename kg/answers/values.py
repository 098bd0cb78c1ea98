"""The values a victim profile may take, read from the graph, and the check of a profile against them.

Every region and concept value of a profile must name something in the graph: a typo never changes an answer
silently. :func:`resolve` accepts an id with or without its prefix (``region/jawa-barat``, ``jawa-barat``), the
Indonesian or English name (``Jawa Barat``, ``West Java``), and a regency or city without its ``kabupaten-`` /
``kota-`` prefix (``indramayu``) when that names one place only. Anything else raises
:class:`kg.answers.profile.ProfileError` with the nearest accepted values ("did you mean …") in both languages.

:func:`accepted` lists the values of one kind (``kg entitlements --values KIND``; the app's lists use it too).
"""
from __future__ import annotations

import dataclasses
import difflib
import re

from ..namespaces import ID
from .profile import AGE_GROUPS, NATIONALITIES, SEXES, Profile, ProfileError, normalise_id

BASE = str(ID)
REGION = BASE + "region/"

#: value kinds: what ``--values`` accepts, and for each the profile field(s) that take it
KINDS = ("sex", "age", "nationality", "form", "sector", "country", "province", "regency", "landing", "group")
KIND_NAMES = {
    "sex": ("sex", "jenis kelamin"), "age": ("age", "usia"), "nationality": ("nationality", "kewarganegaraan"),
    "form": ("form of exploitation", "bentuk eksploitasi"), "sector": ("sector", "sektor"),
    "country": ("country", "negara"), "province": ("province", "provinsi"),
    "regency": ("regency or city", "kabupaten atau kota"),
    "landing": ("place of landing", "tempat kedatangan"), "group": ("group", "kelompok"),
    "region": ("province, regency or city", "provinsi, kabupaten atau kota"),
}
#: profile field -> value kind
FIELD_KIND = {"exploitation_forms": "form", "sector": "sector", "exploited_abroad": "country",
              "nationality_country": "country", "province": "province", "regency": "regency",
              "landing": "landing", "groups": "group"}
_SCHEME = {"form": "exploitation-forms", "sector": "sectors", "group": "groups"}
_REGION_KINDS = {"country": ("country",), "province": ("province",), "regency": ("regency", "city"),
                 "landing": ("crossingpoint", "city", "regency", "province"),
                 "region": ("province", "regency", "city")}
_FIXED = {
    "sex": {s: {"en": s, "id": {"female": "perempuan", "male": "laki-laki"}[s]} for s in SEXES},
    "age": {**{g: {"en": g, "id": {"child": "anak", "adult": "dewasa"}[g]} for g in AGE_GROUPS},
            "0..130": {"en": "age in whole years", "id": "usia dalam tahun penuh"}},
    "nationality": {**{n: {"en": n, "id": {"indonesian": "WNI", "foreign": "WNA"}[n]} for n in NATIONALITIES},
                    "COUNTRY": {"en": "a country (see --values country)", "id": "negara (lihat --values country)"}},
}
_PREFIXES = ("kabupaten-", "kab-", "kota-", "provinsi-", "propinsi-", "kecamatan-", "negara-")
_SUFFIXES = ("-regency", "-city", "-province", "-district")


def _slug(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "-", normalise_id(text))).strip("-")


def _stripped(key: str) -> set[str]:
    out = {key}
    for p in _PREFIXES:
        if key.startswith(p):
            out.add(key[len(p):])
    for s in _SUFFIXES:
        for k in list(out):
            if k.endswith(s):
                out.add(k[:-len(s)])
    return {k for k in out if k}


def candidates(snap, kind: str) -> dict[str, dict[str, str]]:
    """Accepted values of ``kind``: short id -> label {en, id}."""
    memo = snap.__dict__.setdefault("_values", {})
    if kind in memo:
        return memo[kind]
    if kind in _FIXED:
        out = dict(_FIXED[kind])
    elif kind in _SCHEME:
        out = {}
        for c in snap.schemes.get(_SCHEME[kind], ()):
            out[c.rsplit("/", 1)[-1]] = snap.label(c)
    elif kind in _REGION_KINDS:
        want = _REGION_KINDS[kind]
        out = {r[len(BASE):]: snap.label(r) for r, k in snap.region_kind.items() if k in want}
    else:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    memo[kind] = dict(sorted(out.items()))
    return memo[kind]


def _aliases(snap, kind: str) -> dict[str, set[str]]:
    """Every accepted spelling (normalised) -> the ids it may mean."""
    memo = snap.__dict__.setdefault("_aliases", {})
    if kind in memo:
        return memo[kind]
    index: dict[str, set[str]] = {}
    for ident, label in candidates(snap, kind).items():
        tail = ident.split("/", 1)[1] if ident.startswith("region/") else ident
        keys = {ident, tail} | _stripped(tail)
        for text in label.values():
            keys |= _stripped(_slug(text))
        for k in keys:
            index.setdefault(k, set()).add(ident)
    memo[kind] = index
    return index


def _name(snap, kind: str, ident: str) -> str:
    lab = candidates(snap, kind).get(ident) or {}
    names = [n for n in dict.fromkeys((lab.get("id"), lab.get("en"))) if n]
    return f"{ident} ({' / '.join(names)})" if names else ident


def resolve(snap, field: str, kind: str, value: str) -> str:
    """The accepted id ``value`` names (``region/jawa-barat``, ``labour``), or :class:`ProfileError`."""
    index = _aliases(snap, kind)
    cands = candidates(snap, kind)
    key = normalise_id(value)
    if key in cands:
        return key
    for k in (key, key[len("region/"):] if key.startswith("region/") else None,
              key.rsplit("/", 1)[-1] if key.startswith("vocab/") else None, _slug(key)):
        if not k:
            continue
        hits = index.get(k)
        if not hits and k.startswith("region-"):
            hits = index.get(k[len("region-"):])
        if hits and len(hits) == 1:
            return next(iter(hits))
        if hits:
            options = " or ".join(_name(snap, kind, h) for h in sorted(hits))
            opsi = " atau ".join(_name(snap, kind, h) for h in sorted(hits))
            en_kind, id_kind = KIND_NAMES[kind]
            raise ProfileError(field, f"{value!r} names more than one {en_kind}: {options}; give the id",
                               f"{value!r} menunjuk lebih dari satu {id_kind}: {opsi}; tulis id-nya")
    raise unknown_value(snap, field, kind, value)


def unknown_value(snap, field: str, kind: str, value) -> ProfileError:
    index = _aliases(snap, kind)
    key = _slug(str(value))
    near = []
    for k in difflib.get_close_matches(key, list(index), n=6, cutoff=0.6):
        for ident in sorted(index[k]):
            if ident not in near:
                near.append(ident)
    near = near[:3]
    en_kind, id_kind = KIND_NAMES[kind]
    dym_en = f"; did you mean {' or '.join(_name(snap, kind, n) for n in near)}?" if near else ""
    dym_id = f"; maksud Anda {' atau '.join(_name(snap, kind, n) for n in near)}?" if near else ""
    return ProfileError(
        field, f"{value!r} is not a {en_kind} recorded in the graph{dym_en} "
               f"(all accepted values: kg entitlements --values {kind})",
        f"{value!r} bukan {id_kind} yang tercatat di graf{dym_id} "
        f"(semua nilai yang diterima: kg entitlements --values {kind})")


def accepted(snap, kind: str, lang: str = "en") -> list[tuple[str, str]]:
    """``[(id, "Indonesian name / English name")]`` of every accepted value of ``kind``."""
    out = []
    for ident, lab in candidates(snap, kind).items():
        first, second = (lab.get("id"), lab.get("en")) if lang == "id" else (lab.get("en"), lab.get("id"))
        names = [n for n in dict.fromkeys((first, second)) if n]
        out.append((ident, " / ".join(names)))
    return out


def check_profile(profile: Profile, snap) -> Profile:
    """``profile`` with every region and concept value replaced by the id it names in the graph.

    Raises :class:`ProfileError` for a value the graph does not know (with the nearest accepted values)."""
    p = dataclasses.replace(profile)
    for name, kind in FIELD_KIND.items():
        value = getattr(p, name)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, list):
            setattr(p, name, [resolve(snap, name, kind, v) for v in value])
        else:
            setattr(p, name, resolve(snap, name, kind, value))
    if p.nationality_country:
        p.nationality = "indonesian" if p.nationality_country == "region/idn" else "foreign"
    return p


def resolve_region(snap, value: str, field: str = "region") -> str:
    """A region of return given as a province, a regency or a city (``--region``)."""
    return resolve(snap, field, "region", value)
