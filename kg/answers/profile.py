"""A victim's profile: the facts about a person that decide which entitlements apply.

A profile is built from a dict (an app form, a scenario file, JSON, the command line) with :func:`parse_profile`.
This module checks the *form* of each value (yes/no, a number of years, a date, an id); whether an id names a
region or a concept of the graph is checked against the graph by :func:`kg.answers.values.check_profile`, which
the finder calls before it answers. Anything not accepted raises :class:`ProfileError`, whose message names the
field and what is accepted, in English and Indonesian. Unknown facts stay ``None``: an unknown fact never counts
as met, and never counts as failed.

Fields (all optional):

``sex``                ``female`` | ``male``
``age``                age in whole years (or ``child`` / ``adult`` when the exact age is not known)
``age_group``          ``child`` | ``adult`` (derived from ``age`` or ``birth_date`` when those are given)
``birth_date``         date of birth (``YYYY-MM-DD``): gives the age at exploitation and on the answer's date
``exploitation_date``  when the exploitation took place (``YYYY-MM-DD``; with ``birth_date``: age at the time)
``nationality``        ``indonesian`` | ``foreign`` | a country (``malaysia``: foreign, ``indonesia``: indonesian)
``exploitation_forms`` the forms of exploitation, several allowed (``labour``, ``sexual``, ...);
                       ``exploitation_form`` is accepted for one
``exploited_abroad``   the country of exploitation (``malaysia``, ``region/malaysia``) or ``true`` / ``false``
``sector``             a concept of the sectors vocabulary (``fishing``, ``domestic-work``, ...)
``migrant_worker``     worked abroad as a migrant worker (default: exploited abroad in a work sector)
``documented_migration`` migrated through official channels (``false``: undocumented)
``landing``            the place of landing in Indonesia on return (an entry point, city or province)
``identified``         formally identified as a trafficking victim
``witness``            a witness in criminal proceedings
``identity_documents`` holds identity documents
``poverty_letter``     holds a poverty letter (SKTM)
``reported_to_police`` the case has been reported to the police
``hardship``           suffers physical or psychological harm from the crime (UU 21/2007 Pasal 51 ayat (1))
``violence``           suffered violence (physical, sexual or psychological)
``province`` / ``regency``  region of return (``jawa-barat``, ``indramayu``, ``kabupaten-indramayu``)
``victim``             a trafficking victim (default ``true``)
``groups``             further group concepts the person belongs to that no criterion decides
                       (``victim-families``, ...)
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from ..namespaces import PREFIXES

SEXES = ("female", "male")
AGE_GROUPS = ("child", "adult")
NATIONALITIES = ("indonesian", "foreign")
#: the age (years) from which a person is an adult: Law 21/2007 Pasal 1 angka 5 defines a child as a person under
#: eighteen (sources/instruments/uu-2007-21.yaml, cited from its transcription)
ADULT_AGE = 18
BOOL_FIELDS = ("migrant_worker", "identified", "witness", "identity_documents", "poverty_letter",
               "reported_to_police", "documented_migration", "hardship", "violence", "victim")
DATE_FIELDS = ("birth_date", "exploitation_date")
_ID_TEXT = re.compile(r"^[a-z0-9][a-z0-9 _./:-]*$")
_TRUE = {"true", "yes", "y", "1", "ya"}
_FALSE = {"false", "no", "n", "0", "tidak"}
_UNKNOWN = {"", "unknown", "?", "none", "tidak tahu", "tidak diketahui"}
_SEX_WORDS = {"f": "female", "m": "male", "perempuan": "female", "laki-laki": "male", "wanita": "female",
              "pria": "male", "p": "female", "l": "male"}
_AGE_WORDS = {"anak": "child", "dewasa": "adult", "child": "child", "adult": "adult"}
_NAT_WORDS = {"wni": "indonesian", "indonesia": "indonesian", "indonesian": "indonesian", "foreign": "foreign",
              "wna": "foreign", "asing": "foreign"}


class ProfileError(ValueError):
    """A profile value that is not accepted. ``field`` names it; ``en`` and ``id`` say why and what is accepted.

    ``str(err)`` is ``"field: <English>"``; :meth:`text` gives either language and :meth:`bilingual` both.
    """

    def __init__(self, field_name: str, en: str, id_text: str | None = None):
        self.field = field_name
        self.en = en
        self.id = id_text or en
        super().__init__(f"{field_name}: {en}")

    def text(self, lang: str = "en") -> str:
        return f"{self.field}: {self.id if lang == 'id' else self.en}"

    def bilingual(self) -> str:
        return f"{self.field}: {self.en}\n{self.field}: {self.id}"


@dataclass
class Profile:
    sex: str | None = None
    age: int | None = None
    age_group: str | None = None
    birth_date: date | None = None
    exploitation_date: date | None = None
    nationality: str | None = None
    nationality_country: str | None = None
    exploitation_forms: list[str] = field(default_factory=list)
    exploited_abroad: str | bool | None = None
    sector: str | None = None
    migrant_worker: bool | None = None
    identified: bool | None = None
    witness: bool | None = None
    identity_documents: bool | None = None
    poverty_letter: bool | None = None
    reported_to_police: bool | None = None
    documented_migration: bool | None = None
    hardship: bool | None = None
    violence: bool | None = None
    landing: str | None = None
    province: str | None = None
    regency: str | None = None
    victim: bool = True
    groups: list[str] = field(default_factory=list)

    # --- derived facts used by group criteria and rules ---
    @property
    def exploitation_form(self) -> str | None:
        """The single form of exploitation, when exactly one is known (older callers)."""
        return self.exploitation_forms[0] if len(self.exploitation_forms) == 1 else None

    @property
    def abroad(self) -> bool | None:
        if self.exploited_abroad is None:
            return None
        if isinstance(self.exploited_abroad, bool):
            return self.exploited_abroad
        return self.exploited_abroad not in ("region/idn",)

    @property
    def country(self) -> str | None:
        """The country of exploitation (a ``region/...`` id), when one is given."""
        return self.exploited_abroad if isinstance(self.exploited_abroad, str) else None

    def age_on(self, day: date | None) -> int | None:
        """Age in whole years on ``day`` (from the date of birth; else the age given)."""
        if self.birth_date and day:
            years = day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month,
                                                                                 self.birth_date.day))
            return max(years, 0)
        return self.age

    @property
    def age_at_exploitation(self) -> int | None:
        if self.birth_date and self.exploitation_date:
            return self.age_on(self.exploitation_date)
        return None

    @property
    def child_at_exploitation(self) -> bool | None:
        """A child when exploited (under eighteen), when the dates tell."""
        a = self.age_at_exploitation
        return None if a is None else a < ADULT_AGE

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
        if "labour" in self.exploitation_forms:
            return True
        return None

    def criterion_value(self, key: str):
        """The profile's value for a group criterion key (see the groups vocabulary); a list when several."""
        return {
            "sex": self.sex, "age_group": self.age_group, "sector": self.sector, "exploited_abroad": self.abroad,
            "migrant_worker": self.is_migrant_worker, "identified": self.identified, "witness": self.witness,
            "nationality": self.nationality, "exploitation_form": self.exploitation_forms or None,
            "poverty_letter": self.poverty_letter, "documented_migration": self.documented_migration,
            "identity_documents": self.identity_documents, "women_or_children": self.women_or_children,
            "violence": self.violence,
        }.get(key)

    @property
    def women_or_children(self) -> bool | None:
        """A woman or a child (the "perempuan dan anak" of Indonesian law); unknown unless the facts tell."""
        if self.sex == "female" or self.age_group == "child":
            return True
        if self.sex == "male" and self.age_group == "adult":
            return False
        return None

    def to_dict(self) -> dict:
        out = {}
        for k, v in asdict(self).items():
            if v in (None, []) or (k == "victim" and v is True):
                continue
            out[k] = v.isoformat() if isinstance(v, date) else v
        return out

    def describe(self, lang: str = "en") -> str:
        """A one-line summary of the profile (the brief words it in :mod:`kg.render.brief`)."""
        parts = [f"{k}={v}" for k, v in self.to_dict().items()]
        return ", ".join(parts) or ("(no facts given)" if lang == "en" else "(tidak ada keterangan)")


def _unknown(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in _UNKNOWN)


def _bool(name: str, value) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in _UNKNOWN:
        return None
    raise ProfileError(name, f"{value!r} is not yes/no (yes, no, true, false, 1, 0 or unknown)",
                       f"{value!r} bukan ya/tidak (ya, tidak, yes, no, true, false, 1, 0 atau unknown)")


def _choice(name: str, value, words: dict[str, str]) -> str | None:
    if _unknown(value):
        return None
    text = str(value).strip().lower()
    if text not in words:
        allowed = ", ".join(sorted(set(words.values())))
        raise ProfileError(name, f"{value!r} is not one of {allowed}", f"{value!r} bukan salah satu dari {allowed}")
    return words[text]


_ID_BASE = PREFIXES["id"].lower()


def normalise_id(value) -> str:
    """Free text as an id-like key: lower case, the Jaring IRI base dropped, spaces and underscores as hyphens."""
    text = str(value).strip().lower()
    if text.startswith(_ID_BASE):  # a full Jaring IRI, as the app's lists and the graph give it
        text = text[len(_ID_BASE):]
    return re.sub(r"[\s_]+", "-", text)


def _ident(name: str, value) -> str | None:
    """An id given by a person (``Jawa Barat``, ``region/jawa-barat``, ``kabupaten_indramayu``), normalised;
    whether it names something in the graph is checked later, against the graph."""
    if _unknown(value):
        return None
    if not isinstance(value, str):
        raise ProfileError(name, f"expected a name or id, got {value!r}", f"harus berupa nama atau id, bukan {value!r}")
    text = normalise_id(value)
    if not _ID_TEXT.match(text) or len(text) > 120:
        raise ProfileError(name, f"{value!r} is not a name or id such as 'fishing' or 'jawa-barat'",
                           f"{value!r} bukan nama atau id seperti 'fishing' atau 'jawa-barat'")
    return text


def parse_date(name: str, value, example: str = "2009-03-31") -> date | None:
    """A date from a date or ``YYYY-MM-DD`` (None when unknown); else a bilingual :class:`ProfileError` on ``name``."""
    if _unknown(value):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ProfileError(name, f"{value!r} is not a date; write YYYY-MM-DD, e.g. {example}",
                           f"{value!r} bukan tanggal; tulis TTTT-BB-HH, mis. {example}") from None


def parse_age(value, name: str = "age") -> tuple[int | None, str | None]:
    """``(years, age_group)`` from an age in years or a word (``child``, ``adult``, ``anak``, ``dewasa``)."""
    if _unknown(value):
        return None, None
    if isinstance(value, str) and value.strip().lower() in _AGE_WORDS:
        return None, _AGE_WORDS[value.strip().lower()]
    if isinstance(value, bool):
        years = None
    elif isinstance(value, int):
        years = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        years = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,4}\s*", value):
        years = int(value)
    else:
        years = None
    if years is None:
        raise ProfileError(name, f"{value!r} is not an age in whole years (or child / adult)",
                           f"{value!r} bukan usia dalam tahun penuh (atau anak / dewasa)")
    if years < 0 or years > 130:
        raise ProfileError(name, f"{years} is not a plausible age; give whole years from 0 to 130",
                           f"{years} bukan usia yang masuk akal; tulis tahun penuh dari 0 sampai 130")
    return years, ("child" if years < ADULT_AGE else "adult")


def parse_profile(data: dict | Profile | None, *, vocab: dict[str, set[str]] | None = None) -> Profile:
    """A :class:`Profile` from a dict. ``vocab`` (scheme → concept slugs) checks concept fields when given."""
    if isinstance(data, Profile):
        return data
    if data is not None and not isinstance(data, dict):
        raise ProfileError("profile", f"expected field: value pairs, got {type(data).__name__}",
                           f"harus berupa pasangan kolom: nilai, bukan {type(data).__name__}")
    data = dict(data or {})
    known = {f.name for f in fields(Profile)} | {"exploitation_form"}
    unknown = sorted((str(k) for k in set(data) - known), key=str)
    if unknown:
        import difflib

        near = difflib.get_close_matches(unknown[0], sorted(known), n=1)
        hint_en = f"did you mean '{near[0]}'? " if near else ""
        hint_id = f"maksud Anda '{near[0]}'? " if near else ""
        raise ProfileError(unknown[0], f"unknown profile field; {hint_en}use {', '.join(sorted(known))}",
                           f"kolom profil tidak dikenal; {hint_id}gunakan {', '.join(sorted(known))}")
    p = Profile()
    p.sex = _choice("sex", data.get("sex"), {**{s: s for s in SEXES}, **_SEX_WORDS})
    years, group = parse_age(data.get("age"), "age")
    p.age = years
    p.age_group = group or _choice("age_group", data.get("age_group"), _AGE_WORDS)
    if years is not None:
        _choice("age_group", data.get("age_group"), _AGE_WORDS)  # still checked; the exact age decides
    for name in DATE_FIELDS:
        setattr(p, name, parse_date(name, data.get(name)))
    if p.birth_date and p.birth_date > date.today():
        raise ProfileError("birth_date", f"{p.birth_date} is in the future", f"{p.birth_date} ada di masa depan")
    if p.birth_date and p.exploitation_date and p.exploitation_date < p.birth_date:
        raise ProfileError("exploitation_date", "comes before the date of birth", "lebih awal dari tanggal lahir")
    if p.birth_date and p.age is None:
        a = p.age_on(p.exploitation_date or date.today())
        p.age_group = "child" if a < ADULT_AGE else "adult"
    nat = data.get("nationality")
    if not _unknown(nat):
        if not isinstance(nat, str):
            raise ProfileError("nationality", f"{nat!r} is not indonesian, foreign or a country",
                               f"{nat!r} bukan indonesian, foreign atau nama negara")
        text = normalise_id(nat)
        if text in _NAT_WORDS:
            p.nationality = _NAT_WORDS[text]
        else:
            p.nationality_country = _ident("nationality", nat)
            p.nationality = "foreign"  # until the graph says the country is Indonesia (check_profile)
    forms = data.get("exploitation_forms")
    if forms is None:
        forms = data.get("exploitation_form")
    p.exploitation_forms = _ident_list("exploitation_forms", forms)
    p.sector = _ident("sector", data.get("sector"))
    abroad = data.get("exploited_abroad")
    if isinstance(abroad, bool) or _unknown(abroad) or str(abroad).strip().lower() in _TRUE | _FALSE:
        p.exploited_abroad = _bool("exploited_abroad", abroad)
    else:
        p.exploited_abroad = _ident("exploited_abroad", abroad)
    for name in BOOL_FIELDS:
        if name in data:
            value = _bool(name, data[name])
            if name == "victim" and value is None:
                value = True
            setattr(p, name, value)
    p.landing = _ident("landing", data.get("landing"))
    p.province = _ident("province", data.get("province"))
    p.regency = _ident("regency", data.get("regency"))
    p.groups = _ident_list("groups", data.get("groups"))
    if vocab:
        for name, scheme in (("exploitation_forms", "exploitation-forms"), ("sector", "sectors"),
                             ("groups", "groups")):
            allowed = vocab.get(scheme)
            values = getattr(p, name)
            for v in values if isinstance(values, list) else [values]:
                if v is not None and allowed and v not in allowed:
                    raise ProfileError(name, f"{v!r} is not a concept of the {scheme} vocabulary; "
                                       f"use one of {', '.join(sorted(allowed))}",
                                       f"{v!r} bukan konsep kosakata {scheme}; gunakan salah satu dari "
                                       f"{', '.join(sorted(allowed))}")
    return p


def _ident_list(name: str, value) -> list[str]:
    if _unknown(value):
        return []
    if isinstance(value, str):
        value = [g for g in re.split(r"[,;]+", value) if g.strip()]
    elif not isinstance(value, (list, tuple, set, frozenset)):
        raise ProfileError(name, f"expected a list of ids, got {value!r}", f"harus berupa daftar id, bukan {value!r}")
    out = []
    for v in value:
        ident = _ident(name, v)
        if ident and ident not in out:
            out.append(ident)
    return out
