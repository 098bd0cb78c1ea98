"""Human legal citations → IRIs of the graph.

Understands the ways Indonesian legislation is cited in Indonesian and English, for example::

    UU No. 21 Tahun 2007 Pasal 51 ayat (1)      Undang-Undang Nomor 21 Tahun 2007
    Law 21/2007, Article 51(2)                   Law No. 21 of 2007, Article 51 paragraph 2
    PP 9/2008                                    Perpres 69/2008        Keppres 88/2002
    Permensos 22/2013                            Peraturan Menteri Sosial Nomor 22 Tahun 2013
    Penjelasan Pasal 51 UU 21/2007               Elucidation of Article 51 of Law 21/2007

:func:`parse` returns the parts (type, number, year, issuer, provision path) without a store; :func:`resolve`
also checks that the instrument and the provision exist in the graph and returns their IRI. Anything that
cannot be understood or found raises :class:`kg.legal.CitationError` with a message that says what is
missing. Numbers are normalised with :func:`kg.legal.normalise_number` and ids computed with
:func:`kg.legal.instrument_id`, the same functions the build uses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..legal import INSTRUMENT_TYPES, CitationError, instrument_id, normalise_number, parse_provision_path

__all__ = ["CitationError", "ParsedCitation", "Resolved", "parse", "resolve"]

#: Words for instrument types (lower case, longest first when matching), → (type slug, issuer scope or None)
TYPE_WORDS: dict[str, tuple[str, str | None]] = {
    "undang-undang dasar": ("uud", None), "uud": ("uud", None), "constitution": ("uud", None),
    "peraturan pemerintah pengganti undang-undang": ("perppu", None), "perppu": ("perppu", None),
    "government regulation in lieu of law": ("perppu", None),
    "undang-undang": ("uu", None), "undang undang": ("uu", None), "uu": ("uu", None), "law": ("uu", None),
    "act": ("uu", None),
    "peraturan pemerintah": ("pp", None), "pp": ("pp", None), "government regulation": ("pp", None),
    "peraturan presiden": ("perpres", None), "perpres": ("perpres", None),
    "presidential regulation": ("perpres", None),
    "keputusan presiden": ("keppres", None), "keppres": ("keppres", None), "presidential decree": ("keppres", None),
    "instruksi presiden": ("inpres", None), "inpres": ("inpres", None),
    "peraturan mahkamah agung": ("perma", None), "perma": ("perma", None),
    "supreme court regulation": ("perma", None),
    "presidential instruction": ("inpres", None),
    # ministerial regulations, by ministry
    "peraturan menteri sosial": ("permen", "kemensos"), "permensos": ("permen", "kemensos"),
    "minister of social affairs regulation": ("permen", "kemensos"),
    "peraturan menteri kesehatan": ("permen", "kemenkes"), "permenkes": ("permen", "kemenkes"),
    "peraturan menteri ketenagakerjaan": ("permen", "kemnaker"), "permenaker": ("permen", "kemnaker"),
    "permennaker": ("permen", "kemnaker"),
    "peraturan menteri luar negeri": ("permen", "kemlu"), "permenlu": ("permen", "kemlu"),
    "peraturan menteri dalam negeri": ("permen", "kemendagri"), "permendagri": ("permen", "kemendagri"),
    "peraturan menteri hukum dan hak asasi manusia": ("permen", "kemenkumham"),
    "permenkumham": ("permen", "kemenkumham"),
    "peraturan menteri pemberdayaan perempuan dan perlindungan anak": ("permen", "kemenpppa"),
    "permen pppa": ("permen", "kemenpppa"), "permenpppa": ("permen", "kemenpppa"),
    "peraturan menteri negara pemberdayaan perempuan": ("permen", "kemenpppa"),
    "permeneg pp": ("permen", "kemenpppa"), "permeneg pp&pa": ("permen", "kemenpppa"),
    "peraturan menteri koordinator bidang kesejahteraan rakyat": ("permen", "menko-pmk"),
    "permenko kesra": ("permen", "menko-pmk"), "permenko pmk": ("permen", "menko-pmk"),
    "coordinating minister for people's welfare regulation": ("permen", "menko-pmk"),
    "mosa regulation": ("permen", "kemensos"), "social affairs ministerial regulation": ("permen", "kemensos"),
    "peraturan menteri": ("permen", None), "permen": ("permen", None), "ministerial regulation": ("permen", None),
    "keputusan menteri": ("kepmen", None), "kepmen": ("kepmen", None), "ministerial decree": ("kepmen", None),
    "peraturan daerah": ("perda", None), "perda": ("perda", None), "regional regulation": ("perda", None),
    "peraturan gubernur": ("pergub", None), "pergub": ("pergub", None), "governor regulation": ("pergub", None),
    "peraturan bupati": ("perbup", None), "perbup": ("perbup", None), "regent regulation": ("perbup", None),
    "governor's regulation": ("pergub", None),
    "keputusan gubernur": ("kepgub", None), "kepgub": ("kepgub", None), "governor decree": ("kepgub", None),
    "governor's decree": ("kepgub", None),
    "standar pelayanan minimal": ("spm", None), "spm": ("spm", None), "minimum service standard": ("spm", None),
    "minimum service standards": ("spm", None),
    "standar operasional prosedur": ("sop", None), "sop": ("sop", None),
    "standard operating procedure": ("sop", None),
    "surat edaran": ("se", None), "se": ("se", None), "circular letter": ("se", None), "circular": ("se", None),
}
#: Words naming the issuer or region of a scoped instrument (lower case) → scope slug in its id
SCOPE_WORDS: dict[str, str] = {
    "jawa barat": "jawa-barat", "jabar": "jawa-barat", "west java": "jawa-barat", "provinsi jawa barat": "jawa-barat",
    "dki jakarta": "dki-jakarta", "dki": "dki-jakarta", "jakarta": "dki-jakarta",
    "kemensos": "kemensos", "mosa": "kemensos", "social affairs": "kemensos", "sosial": "kemensos",
    "kemenpppa": "kemenpppa", "kemen pppa": "kemenpppa", "kpppa": "kemenpppa", "pppa": "kemenpppa",
    "kemeneg pp": "kemenpppa", "women's empowerment": "kemenpppa",
    "kemenkes": "kemenkes", "health": "kemenkes", "kesehatan": "kemenkes",
    "menko pmk": "menko-pmk", "kemenko pmk": "menko-pmk", "menko kesra": "menko-pmk", "kesra": "menko-pmk",
}
_SCOPE_RE = re.compile(r"(?<![a-z])(" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                                 for w in sorted(SCOPE_WORDS, key=len, reverse=True))
                       + r")(?![a-z])", re.IGNORECASE)
_TYPE_RE = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(TYPE_WORDS, key=len, reverse=True))
_NUM = r"(?P<number>[0-9]+[a-z]?(?:[-/.][a-z0-9]+)*?)"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_INSTRUMENT = re.compile(
    r"(?<![a-z0-9])(?P<type>" + _TYPE_RE + r")(?![a-z])\s*(?P<scope>(?:[a-z][a-z'&.-]*\s+){0,3}?)"
    r"(?:(?:no\.?|nomor|number|num\.?|nr\.?)\s*)?" + _NUM +
    r"\s*(?:/|\s+tahun\s+|\s+of\s+|\s+year\s+|\s+th\.?\s+|,\s*)" + _YEAR + r"(?![0-9])",
    re.IGNORECASE)
_SUB_ID = {"pasal": "pasal", "article": "pasal", "art": "pasal", "art.": "pasal", "ayat": "ayat",
           "paragraph": "ayat", "para": "ayat", "para.": "ayat", "huruf": "huruf", "letter": "huruf",
           "point": "huruf", "angka": "angka", "number": "angka", "item": "angka", "bab": "bab", "chapter": "bab",
           "bagian": "bagian", "part": "bagian", "lampiran": "lampiran", "annex": "lampiran"}
_PROV_TOKEN = re.compile(
    r"(?<![a-z])(?P<kind>pasal|article|art\.?|ayat|paragraph|para\.?|huruf|letter|point|angka|item|bab|chapter|"
    r"bagian|lampiran|annex)\s*\(?\s*(?P<value>[0-9]+[a-z]?|[ivxlc]+|[a-z]{1,2})(?![a-z0-9])\s*\)?"
    r"|\((?P<paren>[0-9]+[a-z]?|[a-z]{1,2})\)", re.IGNORECASE)
_GENERAL = re.compile(r"(?<![a-z])(umum|general)(?![a-z])", re.IGNORECASE)
_ROMAN = re.compile(r"^[ivxlc]+$")
_ELUCIDATION = re.compile(r"\b(penjelasan|elucidation|explanation)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedCitation:
    type: str
    number: str
    year: int
    scope: str | None
    path: str | None  # provision path (pasal/51/ayat/1) or None for the whole instrument

    @property
    def instrument_id(self) -> str | None:
        itype = INSTRUMENT_TYPES[self.type]
        if itype.scoped and not self.scope:
            return None
        return instrument_id(self.type, self.year, self.number, self.scope)


@dataclass(frozen=True)
class Resolved:
    iri: str
    id: str
    instrument_iri: str
    label: str | None
    parsed: ParsedCitation

    def __str__(self) -> str:
        return self.iri


def _provision_path(text: str) -> str | None:
    segs: list[str] = []
    last_kind = None
    for m in _PROV_TOKEN.finditer(text):
        if m.group("paren"):
            value = m.group("paren").lower()
            # "Article 51(2)(b)": a number after an article is a paragraph, a letter a point; after an amending
            # law's Article I (Roman) a number is the point of the amendment: "Article I(3)" = Pasal I angka 3
            if value[0].isdigit():
                kind = "ayat" if last_kind == "pasal" and not _ROMAN.match(segs[-1]) else "angka"
            else:
                kind = "huruf"
        else:
            kind = _SUB_ID[m.group("kind").lower()]
            value = m.group("value").lower()
        segs += [kind, value]
        last_kind = kind
    if not segs:
        if _ELUCIDATION.search(text):
            return "penjelasan/umum" if _GENERAL.search(text) else "penjelasan"
        return None
    path = "/".join(segs)
    if _ELUCIDATION.search(text):
        path = "penjelasan/" + path
    try:
        parse_provision_path(path)
    except CitationError as exc:
        raise CitationError(f"cannot read the provision in {text.strip()!r}: {exc}") from None
    return path


def parse(text: str) -> ParsedCitation:
    """The parts of a citation, without looking anything up."""
    if not text or not text.strip():
        raise CitationError("the citation is empty")
    norm = " ".join(text.replace("\u00a0", " ").split())
    m = _INSTRUMENT.search(norm)
    if not m:
        raise CitationError(
            f"not a recognised citation: {text.strip()!r}. Write the instrument type, number and year, e.g. "
            "'UU No. 21 Tahun 2007 Pasal 51 ayat (1)', 'Law 21/2007, Article 51(2)', 'PP 9/2008' or "
            "'Permensos 22/2013'")
    type_slug, scope = TYPE_WORDS[" ".join(m.group("type").lower().split())]
    number = normalise_number(m.group("number"))
    year = int(m.group("year"))
    before, after = norm[:m.start()], norm[m.end():]
    again = _INSTRUMENT.search(after)
    if again:
        raise CitationError(f"{text.strip()!r} names two instruments ({m.group(0).strip()} and "
                            f"{again.group(0).strip()}); give each citation as its own argument")
    if INSTRUMENT_TYPES[type_slug].scoped and not scope:
        # "Perda Jawa Barat 3/2008", "Kepgub Jabar 63/2014", "West Java Governor Decree 63/2014"
        for where in (m.group("scope") or "", before):
            sm = _SCOPE_RE.search(where)
            if sm:
                scope = SCOPE_WORDS[" ".join(sm.group(1).lower().split())]
                break
    path = _provision_path(before + " " + after)
    return ParsedCitation(type_slug, number, year, scope, path)


def _norm_label(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u2019", "'").lower().split())


_LABELS: dict[int, tuple[object, list[tuple[str, frozenset]]]] = {}
Q_LABELS = """SELECT ?i ?l WHERE { ?i a jar:LegalInstrument . { ?i rdfs:label ?l } UNION { ?i skos:altLabel ?l } }"""


def _label_index(store) -> list[tuple[str, frozenset]]:
    """Every name the graph gives an instrument (labels in both languages, other names), longest first."""
    cached = _LABELS.get(id(store))
    if cached and cached[0] is store:
        return cached[1]
    names: dict[str, set] = {}
    for r in store.select(Q_LABELS):
        names.setdefault(_norm_label(str(r["l"])), set()).add(str(r["i"]))
    index = sorted(((k, frozenset(v)) for k, v in names.items() if k), key=lambda kv: -len(kv[0]))
    _LABELS[id(store)] = (store, index)
    return index


def _by_label(text: str, store) -> tuple[str, str | None, str] | None:
    """(instrument IRI, provision path, the name as written) when ``text`` starts with a name the graph gives an instrument."""
    norm = _norm_label(text)
    lead = ""
    em = re.match(r"^(penjelasan|elucidation of|explanation of)\s+", norm)
    if em:
        lead, norm = em.group(0), norm[em.end():]
    for name, iris in _label_index(store):
        if norm.startswith(name) and (len(norm) == len(name) or not norm[len(name)].isalnum()):
            if len(iris) > 1:
                from ..store.store import short_id

                raise CitationError(f"{text.strip()!r} is ambiguous: {name!r} names "
                                    f"{', '.join(sorted(short_id(i) for i in iris))}")
            rest = norm[len(name):]
            if _INSTRUMENT.search(rest):
                raise CitationError(f"{text.strip()!r} names two instruments; give each citation as its own "
                                    "argument")
            return next(iter(iris)), _provision_path(lead + rest), text.strip()[:len(lead) + len(name)].strip()
    return None


Q_FIND = """SELECT ?i ?local WHERE { ?i a jar:LegalInstrument ; eli:type_document ?t ; jar:year ?y .
  OPTIONAL { ?i eli:number ?local } FILTER(STR(?y) = ?year) }"""
Q_LABEL = """SELECT ?l WHERE { ?x rdfs:label ?l FILTER(LANG(?l) = ?lang) } LIMIT 1"""


def _alternatives(path: str) -> list[str]:
    """The path as read, then with "(n)" read the other way (English "Article 1(3)" may be ayat or angka)."""
    out = [path]
    if "/ayat/" in path:
        out.append(path.replace("/ayat/", "/angka/"))
    elif "/angka/" in path:
        out.append(path.replace("/angka/", "/ayat/"))
    # treaties are divided into English segments: article/3/point/a
    english = {"pasal": "article", "ayat": "paragraph", "huruf": "point", "bab": "chapter", "lampiran": "annex"}
    for alt in list(out):
        tokens = alt.split("/")
        out.append("/".join(english.get(tok, tok) if i % 2 == 0 else tok for i, tok in enumerate(tokens)))
    return out


def _human(path: str) -> str:
    from ..legal import provision_label

    return provision_label("", path, "id").strip()


def resolve(text: str, store=None, lang: str = "en") -> Resolved:
    """The IRI a citation names, checked against the graph."""
    from ..store.store import IRI, Lit, iri, open_store, short_id

    store = open_store() if store is None else store
    by_label = _by_label(text, store)
    if by_label:
        return _finish(by_label[2], by_label[0], by_label[1], store, lang, None)
    parsed = parse(text)
    itype = INSTRUMENT_TYPES[parsed.type]
    abbr = f"{itype.abbr_id} {parsed.number}/{parsed.year}"
    inst = None
    if parsed.instrument_id and store.exists(parsed.instrument_id):
        inst = iri(parsed.instrument_id)
    else:
        rows = store.select(Q_FIND, {"t": IRI(iri(f"vocab/instrument-types/{parsed.type}")),
                                     "year": Lit(str(parsed.year))})
        hits = []
        for r in rows:
            local = r.get("local")
            tail = r["i"].rsplit("/", 1)[-1]
            try:
                same = normalise_number(local) == parsed.number if local else tail == parsed.number
            except CitationError:
                same = False
            if same and (not parsed.scope or f"/{parsed.scope}/" in r["i"]):
                hits.append(r["i"])
        hits = sorted(set(hits))
        if len(hits) > 1:
            raise CitationError(f"{abbr} is ambiguous: it could be {', '.join(short_id(h) for h in hits)}; "
                                "name the issuing ministry or region")
        if hits:
            inst = hits[0]
    if inst is None:
        raise CitationError(f"{abbr} ({itype.label_en} No. {parsed.number} of {parsed.year}) is not in the graph")
    return _finish(abbr, inst, parsed.path, store, lang, parsed)


def _finish(name: str, inst: str, path: str | None, store, lang: str, parsed: ParsedCitation | None) -> Resolved:
    from ..store.store import IRI, Lit, short_id

    target = inst
    if path:
        for alt in _alternatives(path):
            target = f"{inst}/{alt}"
            if store.exists(target):
                break
        else:
            raise CitationError(f"{name} ({short_id(inst)}) is in the graph, but {_human(path)} of it is not "
                                f"recorded; its recorded provisions: kg query provisions-tree -p "
                                f"instrument={short_id(inst)}")
    if parsed is None:
        parsed = _parsed_from_iri(short_id(inst), path)
    label_rows = store.select(Q_LABEL, {"x": IRI(target), "lang": Lit(lang)})
    label = label_rows[0]["l"] if label_rows else None
    return Resolved(target, short_id(target), inst, label, parsed)


def _parsed_from_iri(inst_id: str, path: str | None) -> ParsedCitation:
    """The parts of an instrument id (``permen/kemensos/2013/22``, ``treaty/un/2000/untoc``)."""
    parts = inst_id.split("/")
    itype = INSTRUMENT_TYPES[parts[0]]
    scope = parts[1] if itype.scoped else None
    year, tail = (parts[2], parts[3]) if itype.scoped else (parts[1], parts[2])
    return ParsedCitation(parts[0], tail, int(year), scope, path)
