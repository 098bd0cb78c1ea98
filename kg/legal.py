"""Legal identifiers: instrument types, number normalisation, provision paths and human citations.

One function decides every instrument's id (and so its IRI), so the same act can never appear under two
identifiers that differ only by zero-padding or case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class InstrumentType:
    slug: str
    abbr_id: str
    abbr_en: str
    label_id: str
    label_en: str
    rank: int  # place in the hierarchy of Indonesian legislation; 90+ for non-statutory, 100 international
    scoped: bool  # ministerial, regional and soft-law instruments need an issuer/region scope in their id


INSTRUMENT_TYPES: dict[str, InstrumentType] = {t.slug: t for t in [
    InstrumentType("uud", "UUD", "Constitution", "Undang-Undang Dasar", "Constitution", 1, False),
    InstrumentType("uu", "UU", "Law", "Undang-Undang", "Law", 2, False),
    InstrumentType("perppu", "Perppu", "Government Regulation in Lieu of Law",
                   "Peraturan Pemerintah Pengganti Undang-Undang", "Government Regulation in Lieu of Law", 2, False),
    InstrumentType("pp", "PP", "Government Regulation", "Peraturan Pemerintah", "Government Regulation", 3, False),
    InstrumentType("perpres", "Perpres", "Presidential Regulation", "Peraturan Presiden",
                   "Presidential Regulation", 4, False),
    InstrumentType("keppres", "Keppres", "Presidential Decree", "Keputusan Presiden", "Presidential Decree", 4, False),
    InstrumentType("inpres", "Inpres", "Presidential Instruction", "Instruksi Presiden",
                   "Presidential Instruction", 5, False),
    # Supreme Court regulations are recognised by UU 12/2011 Art 8(1) beside ministerial ones, outside the Art 7 ladder
    InstrumentType("perma", "Perma", "Supreme Court Regulation", "Peraturan Mahkamah Agung",
                   "Supreme Court Regulation", 5, False),
    InstrumentType("permen", "Permen", "Ministerial Regulation", "Peraturan Menteri", "Ministerial Regulation", 5, True),
    InstrumentType("kepmen", "Kepmen", "Ministerial Decree", "Keputusan Menteri", "Ministerial Decree", 5, True),
    InstrumentType("spm", "SPM", "Minimum Service Standard", "Standar Pelayanan Minimal",
                   "Minimum Service Standard", 5, True),
    InstrumentType("perda", "Perda", "Regional Regulation", "Peraturan Daerah", "Regional Regulation", 6, True),
    InstrumentType("pergub", "Pergub", "Governor Regulation", "Peraturan Gubernur", "Governor Regulation", 7, True),
    InstrumentType("kepgub", "Kepgub", "Governor Decree", "Keputusan Gubernur", "Governor Decree", 7, True),
    InstrumentType("perbup", "Perbup", "Regent Regulation", "Peraturan Bupati", "Regent Regulation", 7, True),
    InstrumentType("se", "SE", "Circular", "Surat Edaran", "Circular", 90, True),
    InstrumentType("sop", "SOP", "Standard Operating Procedure", "Standar Operasional Prosedur",
                   "Standard Operating Procedure", 91, True),
    InstrumentType("pedoman", "Pedoman", "Guideline", "Pedoman", "Guideline or manual", 92, True),
    InstrumentType("ran", "RAN", "National Action Plan", "Rencana Aksi Nasional", "National Action Plan", 93, True),
    InstrumentType("treaty", "Perjanjian", "Treaty", "Perjanjian internasional", "International treaty", 100, True),
    InstrumentType("declaration", "Deklarasi", "Declaration", "Deklarasi", "Declaration or non-binding instrument",
                   101, True),
]}

SEGMENTS_ID = {"bab": "Bab", "bagian": "Bagian", "paragraf": "Paragraf", "pasal": "Pasal", "ayat": "ayat",
               "huruf": "huruf", "angka": "angka", "lampiran": "Lampiran", "article": "Pasal",
               "paragraph": "ayat", "point": "huruf", "chapter": "Bab", "section": "Bagian", "annex": "Lampiran"}
SEGMENTS_EN = {"bab": "Chapter", "bagian": "Part", "paragraf": "Paragraph", "pasal": "Article", "ayat": "paragraph",
               "huruf": "point", "angka": "number", "lampiran": "Annex", "article": "Article",
               "paragraph": "paragraph", "point": "point", "chapter": "Chapter", "section": "Section",
               "annex": "Annex"}
_VALUE = re.compile(r"^[0-9a-z]+(?:-[0-9a-z]+)*$")


class CitationError(ValueError):
    """A legal identifier or citation that cannot be resolved; the message says why."""


def normalise_number(number: str | int) -> str:
    """'021' → '21', 'KEP-63' → 'kep-63', '22/2013' stays usable as '22-2013'. One rule for every id."""
    text = str(number).strip().lower()
    text = re.sub(r"[\s/_.]+", "-", text)
    text = re.sub(r"[^0-9a-z-]", "", text).strip("-")
    text = re.sub(r"(?<![0-9])0+(?=[0-9])", "", text)
    if not text:
        raise CitationError(f"empty instrument number {number!r}")
    return text


def instrument_id(type_slug: str, year: int, number: str | int | None = None, scope: str | None = None,
                  slug: str | None = None) -> str:
    """The id (and IRI path) of an instrument: ``uu/2007/21``, ``permen/kemensos/2013/22``, ``treaty/2000/palermo``."""
    itype = INSTRUMENT_TYPES.get(type_slug)
    if itype is None:
        raise CitationError(f"unknown instrument type {type_slug!r}")
    if (number is None) == (slug is None):
        raise CitationError("give exactly one of a number or a slug")
    tail = normalise_number(number) if number is not None else slug
    if itype.scoped:
        if not scope:
            raise CitationError(f"a {itype.label_en} needs a scope (issuer or region) in its id")
        return f"{type_slug}/{scope}/{year}/{tail}"
    if scope:
        raise CitationError(f"a {itype.label_en} is national: it takes no scope")
    return f"{type_slug}/{year}/{tail}"


def parse_provision_path(path: str) -> list[tuple[str, str | None]]:
    """'pasal/51/ayat/1' → [('pasal','51'),('ayat','1')]; 'penjelasan/pasal/51' starts with ('penjelasan', None)."""
    tokens = path.strip("/").split("/")
    out: list[tuple[str, str | None]] = []
    if tokens and tokens[0] == "penjelasan":
        out.append(("penjelasan", None))
        tokens = tokens[1:]
        if tokens == ["umum"]:
            return out + [("umum", None)]
    if len(tokens) % 2:
        raise CitationError(f"provision path {path!r} must alternate kind/value, e.g. pasal/51/ayat/1")
    for kind, value in zip(tokens[::2], tokens[1::2]):
        if kind not in SEGMENTS_ID:
            raise CitationError(f"unknown subdivision {kind!r} in {path!r}; use one of {', '.join(SEGMENTS_ID)}")
        if not _VALUE.match(value):
            raise CitationError(f"subdivision value {value!r} in {path!r} must be lower-case letters or digits")
        out.append((kind, value))
    if not out:
        raise CitationError("empty provision path")
    return out


def provision_parent(path: str) -> str | None:
    """The direct parent path of a provision path within its instrument, or None at the top."""
    segs = parse_provision_path(path)
    if len(segs) <= 1:
        return None
    if segs[0] == ("penjelasan", None) and len(segs) == 2:
        return "penjelasan"
    parts: list[str] = []
    for kind, value in segs[:-1]:
        parts.append(kind if value is None else f"{kind}/{value}")
    return "/".join(parts)


def short_label(type_slug: str, number: str | None, year: int, lang: str, name: str | None = None) -> str:
    """'UU 21/2007' / 'Law 21/2007'; unnumbered instruments use their own short name."""
    itype = INSTRUMENT_TYPES[type_slug]
    abbr = itype.abbr_id if lang == "id" else itype.abbr_en
    if number is None:
        return name or f"{abbr} ({year})"
    return f"{name or abbr} {number}/{year}"


_ROMAN = re.compile(r"^[ivxlc]+$")


def provision_label(instrument_label: str, path: str, lang: str) -> str:
    """'UU 21/2007 Pasal 51 ayat (1)' or 'Law 21/2007, Article 51(1)'.

    The articles of an amending law are numbered in Roman numerals and printed in capitals: 'UU 31/2014 Pasal I
    angka 3 Pasal 6 ayat (1)', 'Law 31/2014, Article I(3) Article 6(1)' (the point of Article I that amends
    Article 6), never 'Article i(3)', which reads like a point letter."""
    segs = [(kind, value.upper() if kind in ("pasal", "article") and value and _ROMAN.match(value) else value)
            for kind, value in parse_provision_path(path)]
    elucidation = segs[0][0] == "penjelasan"
    if elucidation:
        segs = segs[1:]
    if lang == "id":
        parts = []
        for kind, value in segs:
            if kind == "umum":
                parts.append("Umum")
            elif kind in ("ayat", "paragraph"):
                parts.append(f"ayat ({value})")
            else:
                parts.append(f"{SEGMENTS_ID[kind]} {value}")
        text = f"{instrument_label} {' '.join(parts)}".strip()
        return f"Penjelasan {text}" if elucidation else text
    parts_en: list[str] = []
    for kind, value in segs:
        if kind == "umum":
            parts_en.append("General")
        elif kind in ("ayat", "paragraph", "huruf", "point", "angka") and parts_en:
            parts_en[-1] += f"({value})"
        else:
            parts_en.append(f"{SEGMENTS_EN[kind]} {value}")
    text = f"{instrument_label}, {' '.join(parts_en)}" if parts_en else instrument_label
    return f"Elucidation of {text}" if elucidation else text
