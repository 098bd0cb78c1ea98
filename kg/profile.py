"""A victim's profile: the facts about a person that decide which entitlements apply.

A profile is built from a dict (an app form, a scenario file, JSON) with :func:`parse_profile` or from
command-line flags with :func:`profile_from_args`. Anything it cannot accept raises :class:`ProfileError`,
whose message names the field and the accepted values. Unknown facts stay ``None``: an unknown fact never
counts as met, and never counts as failed.

Fields (all optional):

``sex``                ``female`` | ``male``
``age_group``          ``child`` | ``adult`` (or give ``age`` in years: under 18 is a child)
``nationality``        ``indonesian`` | ``foreign`` (a country id such as ``region/mys`` counts as foreign)
``exploitation_form``  a concept of the exploitation-forms vocabulary (``labour``, ``sexual``, ...)
``exploited_abroad``   the country of exploitation (``region/mys``, ``mys``) or ``true`` / ``false``
``sector``             a concept of the sectors vocabulary (``fishing``, ``domestic-work``, ...)
``migrant_worker``     worked abroad as a migrant worker (default: exploited abroad in a work sector)
``identified``         formally identified as a trafficking victim
``witness``            a witness in criminal proceedings
``identity_documents`` holds identity documents
``poverty_letter``     holds a poverty letter (SKTM)
``reported_to_police`` the case has been reported to the police
``documented_migration`` migrated through official channels
``province`` / ``regency``  region of return (``region/jawa-barat``, ``region/indramayu``)
``victim``             a trafficking victim (default ``true``)
``groups``             further group concepts the person belongs to that no criterion decides
                       (``victim-families``, ``victims-of-violence``, ...)
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields

from .namespaces import ID

SEXES = ("female", "male")
AGE_GROUPS = ("child", "adult")
NATIONALITIES = ("indonesian", "foreign")
BOOL_FIELDS = ("migrant_worker", "identified", "witness", "identity_documents", "poverty_letter",
               "reported_to_police", "documented_migration", "victim")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TRUE = {"true", "yes", "y", "1", "ya"}
_FALSE = {"false", "no", "n", "0", "tidak"}


class ProfileError(ValueError):
    """A profile field with a value that is not accepted; the message names the field and what is accepted."""


@dataclass
class Profile:
    sex: str | None = None
    age_group: str | None = None
    nationality: str | None = None
    exploitation_form: str | None = None
    exploited_abroad: str | bool | None = None
    sector: str | None = None
    migrant_worker: bool | None = None
    identified: bool | None = None
    witness: bool | None = None
    identity_documents: bool | None = None
    poverty_letter: bool | None = None
    reported_to_police: bool | None = None
    documented_migration: bool | None = None
    province: str | None = None
    regency: str | None = None
    victim: bool = True
    groups: list[str] = field(default_factory=list)

    # --- derived facts used by group criteria ---
    @property
    def abroad(self) -> bool | None:
        if self.exploited_abroad is None:
            return None
        if isinstance(self.exploited_abroad, bool):
            return self.exploited_abroad
        return self.exploited_abroad not in ("region/idn",)

    @property
    def is_migrant_worker(self) -> bool | None:
        if self.migrant_worker is not None:
            return self.migrant_worker
        if self.abroad is None:
            return None
        if not self.abroad:
            return False
        if self.sector and self.sector != "sex-industry":
            return True
        if self.exploitation_form == "labour":
            return True
        return None

    def criterion_value(self, key: str):
        """The profile's value for a group criterion key (see the groups vocabulary)."""
        return {
            "sex": self.sex, "age_group": self.age_group, "sector": self.sector, "exploited_abroad": self.abroad,
            "migrant_worker": self.is_migrant_worker, "identified": self.identified, "witness": self.witness,
            "nationality": self.nationality, "exploitation_form": self.exploitation_form,
            "poverty_letter": self.poverty_letter,
        }.get(key)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, [])}

    def describe(self, lang: str = "en") -> str:
        """A one-line summary of the profile, for the head of an answer."""
        parts = [f"{k}={v}" for k, v in self.to_dict().items() if k != "victim" or v is not True]
        return ", ".join(parts) or ("(no facts given)" if lang == "en" else "(tidak ada keterangan)")


def _bool(name: str, value) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in ("", "unknown", "?", "none"):
        return None
    raise ProfileError(f"{name}: {value!r} is not yes/no (true, false, yes, no, 1, 0 or unknown)")


def _choice(name: str, value, allowed) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("", "unknown", "?"):
        return None
    if text not in allowed:
        raise ProfileError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return text


_ID_BASE = str(ID).lower()


def _slug(name: str, value, prefix: str = "") -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("", "unknown", "?"):
        return None
    if text.startswith(_ID_BASE):  # a full Jaring IRI, as the app's lists and the graph give it
        text = text[len(_ID_BASE):]
    if prefix and text.startswith(prefix):
        text = text[len(prefix):]
    if not _SLUG.match(text):
        raise ProfileError(f"{name}: {value!r} is not a lower-case id such as 'fishing' or 'jawa-barat'")
    return prefix + text if prefix else text


def parse_profile(data: dict | Profile | None, *, vocab: dict[str, set[str]] | None = None) -> Profile:
    """A :class:`Profile` from a dict. ``vocab`` (scheme → concept slugs) checks concept fields when given."""
    if isinstance(data, Profile):
        return data
    data = dict(data or {})
    known = {f.name for f in fields(Profile)} | {"age"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ProfileError(f"{unknown[0]}: unknown profile field; use {', '.join(sorted(known))}")
    p = Profile()
    p.sex = _choice("sex", {"f": "female", "m": "male", "perempuan": "female", "laki-laki": "male"}.get(
        str(data.get("sex", "")).lower(), data.get("sex")), SEXES)
    age = data.get("age")
    if age is not None and data.get("age_group") is None:
        try:
            years = int(age)
        except (TypeError, ValueError, OverflowError):
            raise ProfileError(f"age: {age!r} is not a number of years") from None
        if years < 0 or years > 130:
            raise ProfileError(f"age: {years} is not a plausible age in years")
        p.age_group = "child" if years < 18 else "adult"
    else:
        p.age_group = _choice("age_group", {"anak": "child", "dewasa": "adult"}.get(
            str(data.get("age_group", "")).lower(), data.get("age_group")), AGE_GROUPS)
    nat = data.get("nationality")
    if nat is not None and str(nat).lower() not in NATIONALITIES + ("", "unknown", "?"):
        nat_slug = _slug("nationality", nat, "region/") if str(nat).startswith("region/") else _slug(
            "nationality", nat)
        p.nationality = "indonesian" if nat_slug in ("region/idn", "idn", "wni", "indonesia") else "foreign"
    else:
        p.nationality = _choice("nationality", nat, NATIONALITIES)
    p.exploitation_form = _slug("exploitation_form", data.get("exploitation_form"))
    p.sector = _slug("sector", data.get("sector"))
    abroad = data.get("exploited_abroad")
    if isinstance(abroad, bool) or abroad is None or str(abroad).lower() in _TRUE | _FALSE:
        p.exploited_abroad = _bool("exploited_abroad", abroad)
    else:
        p.exploited_abroad = _slug("exploited_abroad", abroad, "region/")
    for name in BOOL_FIELDS:
        if name in data:
            value = _bool(name, data[name])
            if name == "victim" and value is None:
                value = True
            setattr(p, name, value)
    p.province = _slug("province", data.get("province"), "region/")
    p.regency = _slug("regency", data.get("regency"), "region/")
    groups = data.get("groups") or []
    if isinstance(groups, str):
        groups = [g for g in re.split(r"[,\s]+", groups) if g]
    elif not isinstance(groups, (list, tuple, set, frozenset)):
        raise ProfileError(f"groups: expected a list of group ids, got {groups!r}")
    p.groups = [_slug("groups", g) for g in groups]
    if vocab:
        for name, scheme in (("exploitation_form", "exploitation-forms"), ("sector", "sectors"),
                             ("groups", "groups")):
            allowed = vocab.get(scheme)
            values = getattr(p, name)
            for v in values if isinstance(values, list) else [values]:
                if v is not None and allowed and v not in allowed:
                    raise ProfileError(f"{name}: {v!r} is not a concept of the {scheme} vocabulary; "
                                       f"use one of {', '.join(sorted(allowed))}")
    return p


def add_profile_arguments(parser) -> None:
    """The profile's command-line flags (``--sex male --age adult --abroad region/mys ...``)."""
    g = parser.add_argument_group("profile")
    g.add_argument("--sex", choices=SEXES)
    g.add_argument("--age", dest="age_group", help="child or adult (or years)")
    g.add_argument("--nationality", help="indonesian or foreign")
    g.add_argument("--form", dest="exploitation_form", help="exploitation form (labour, sexual, ...)")
    g.add_argument("--abroad", dest="exploited_abroad", help="country of exploitation (region/mys) or yes/no")
    g.add_argument("--sector", help="sector (fishing, domestic-work, spa, ...)")
    for name in BOOL_FIELDS:
        if name == "victim":
            continue
        g.add_argument("--" + name.replace("_", "-"), dest=name, metavar="YES|NO")
    g.add_argument("--province", help="province of return (region/jawa-barat)")
    g.add_argument("--regency", help="regency or city of return (region/indramayu)")
    g.add_argument("--group", dest="groups", action="append", default=[], help="further group (repeatable)")


def profile_from_args(args) -> Profile:
    data = {}
    for name in ("sex", "nationality", "exploitation_form", "exploited_abroad", "sector", "province", "regency",
                 *[b for b in BOOL_FIELDS if b != "victim"]):
        value = getattr(args, name, None)
        if value is not None:
            data[name] = value
    age = getattr(args, "age_group", None)
    if age is not None:
        if str(age).isdigit():
            data["age"] = int(age)
        else:
            data["age_group"] = age
    if getattr(args, "groups", None):
        data["groups"] = args.groups
    return parse_profile(data)
