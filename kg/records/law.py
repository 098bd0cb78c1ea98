"""The law layer: instruments with their provisions, entitlements, obligations, and the discrepancy register."""
from __future__ import annotations

import datetime as _dt
import os

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..legal import (INSTRUMENT_TYPES, CitationError, instrument_id, parse_provision_path, provision_label,
                     provision_parent, short_label)
from ..namespaces import ELI, ID, JAR, SCHEMA
from ..sources.schema import (CITATION, SLUG, SOURCES, Bool, Concept, Ctx, Date, Enum, Int, Lang, List, Map, Record,
                      Ref, Str)
from .types import Emitter, RecordType, citation_iri

RELATION_TYPES = {
    # type: (direct ELI/own property, human label en, human label id)
    "amends": (ELI.amends, "amends", "mengubah"),
    "repeals": (ELI.repeals, "repeals", "mencabut"),
    "replaces": (JAR.replaces, "replaces", "menggantikan"),
    # eli:implements is deprecated since ELI 1.1; an implementing regulation is empowered by the provision that
    # mandates it, which ELI 1.2 writes eli:based_on ("Typically primary legislation is the basis for secondary
    # legislation", eli:basis_for). jar:implements (⊑ eli:based_on) keeps it apart from a plain legal basis.
    "implements": (JAR.implements, "implements", "melaksanakan"),
    "legal-basis": (ELI.based_on, "has as legal basis", "berdasarkan"),
    "ratifies": (JAR.ratifies, "ratifies", "mengesahkan"),
    "supersedes-in-part": (JAR.supersedesInPart, "supersedes in part", "menggantikan sebagian"),
    "follows-up": (JAR.followsUp, "follows up", "menindaklanjuti"),
}
STATUS = ("in-force", "repealed", "expired", "unclear", "draft", "not-in-force")

RELATION = Map({
    "type": Enum(tuple(RELATION_TYPES), required=True),
    "target": Ref("instrument", "provision", required=True),
    "at": Str(),  # the provision of *this* instrument that makes the relation (e.g. pasal/87)
    "date": Date(),
    "note": Lang(partial=True),
    **SOURCES,
})

PROVISION = Map({
    "at": Str(required=True),
    "heading": Lang(partial=True),
    "summary": Lang(),
    "wording": Str(max_words=25),
    "wording_lang": Enum(("id", "en")),
    "defines": Lang(partial=True),
    "in_force": Date(),
    "ended": Date(),
    "not_modelled": Lang(partial=True),
    **SOURCES,
})

DATES = Map({"enacted": Date(), "promulgated": Date(), "in_force": Date(), "ended": Date()})

# --- currency register (INTERFACES #2) and successor mapping (#3) --------------------------------------------

#: what a check of an instrument's status found: slug -> (label en, label id, definition en, definition id)
CURRENCY_FINDINGS = {
    "no-change": ("no change found", "tidak ditemukan perubahan",
                  "The instrument's status was checked and no amendment or revocation was found.",
                  "Status instrumen diperiksa dan tidak ditemukan perubahan maupun pencabutan."),
    "amended": ("amended", "diubah",
                "The instrument was found amended; the amendment is recorded in the graph.",
                "Instrumen ditemukan telah diubah; perubahannya tercatat dalam graf."),
    "revoked": ("revoked or repealed", "dicabut",
                "The instrument was found revoked or repealed; its end and what ended it are recorded.",
                "Instrumen ditemukan telah dicabut; tanggal berakhir dan yang mencabutnya tercatat."),
    "changes-not-encoded": ("changes not yet encoded", "perubahan belum dimasukkan",
                            "A change to the instrument is known but its content is not yet in the graph: "
                            "what the graph says of it may be out of date.",
                            "Perubahan atas instrumen diketahui tetapi isinya belum dimasukkan ke graf: apa yang "
                            "dikatakan graf tentangnya mungkin sudah tidak mutakhir."),
    "not-found": ("status not verified", "status tidak terverifikasi",
                  "The instrument's status was looked for and could not be verified.",
                  "Status instrumen dicari dan tidak dapat diverifikasi."),
}
#: findings that name what changed the instrument (``by``)
CURRENCY_NEEDS_BY = ("amended", "revoked", "changes-not-encoded")
#: findings that must say in a note what is known or was searched
CURRENCY_NEEDS_NOTE = ("changes-not-encoded", "not-found")

#: how a successor instrument treats a right of a repealed one: slug -> (en, id, definition en, definition id)
SUCCESSION_KINDS = {
    "re-enacted": ("re-enacted", "diatur kembali",
                   "The successor instrument gives the same right again.",
                   "Instrumen pengganti memberikan kembali hak yang sama."),
    "changed": ("changed", "diubah",
                "The successor instrument gives the right in a changed form (the note says what changed).",
                "Instrumen pengganti memberikan hak itu dalam bentuk yang berubah (catatan menjelaskan perubahannya)."),
    "dropped": ("dropped", "dihapus",
                "The successor instrument does not give the right again (the note says what is missing).",
                "Instrumen pengganti tidak lagi memberikan hak itu (catatan menjelaskan apa yang hilang)."),
}


def _currency_check(out, ctx, line, name):
    found = out.get("found")
    if found in CURRENCY_NEEDS_BY and not out.get("by"):
        ctx.error(line, f"{name}.by", f"found: {found} names what amended or revoked the instrument "
                  "(instrument or provision ids) / sebutkan instrumen atau pasal yang mengubah atau mencabutnya")
    if found in CURRENCY_NEEDS_NOTE and not out.get("note"):
        ctx.error(line, f"{name}.note", f"found: {found} needs a note (id and en) saying what is known or what was "
                  "searched / perlu catatan (id dan en) tentang apa yang diketahui atau dicari")
    if found == "no-change" and out.get("by"):
        ctx.error(line, f"{name}.by", "found: no-change names no amending or revoking instrument; use found: "
                  "amended or revoked / temuan no-change tidak menyebut instrumen pengubah")
    if "sources" not in out and "source" not in out:
        ctx.error(line, f"{name}.sources", "a currency check names what was checked (doc + pinpoint) / "
                  "sebutkan sumber yang diperiksa (dokumen + pinpoint)")
    cover = out.get("covers_until")
    if cover is not None and out.get("checked_on") is not None and cover > out["checked_on"]:
        ctx.error(line, f"{name}.covers_until", "comes after checked_on: a check cannot cover changes made after it "
                  "/ cakupan tidak boleh melewati tanggal pemeriksaan")
    day = out.get("checked_on")
    if day is not None and day > _dt.date.today():
        ctx.error(line, f"{name}.checked_on", f"{day} is in the future: write the day the status was actually "
                  "checked / tanggal pemeriksaan tidak boleh di masa depan")


CURRENCY = Map({
    "checked_on": Date(required=True),
    "covers_until": Date(),  # the latest day the sources checked could show a change (when before checked_on)
    "found": Enum(tuple(CURRENCY_FINDINGS), required=True),
    "by": List(Ref("instrument", "provision")),
    "note": Lang(),
    **SOURCES,
}, check=_currency_check)


def _successor_check(out, ctx, line, name):
    kind = out.get("kind")
    if kind in ("re-enacted", "changed") and not out.get("by"):
        ctx.error(line, f"{name}.by", f"a {kind} right names its successor right / sebutkan hak penggantinya")
    if kind == "dropped" and out.get("by"):
        ctx.error(line, f"{name}.by", "a dropped right has no successor right; use kind: changed if the successor "
                  "gives it in another form / hak yang dihapus tidak punya hak pengganti")
    if kind in ("changed", "dropped") and not out.get("note"):
        ctx.error(line, f"{name}.note", f"kind: {kind} needs a note (id and en) saying what "
                  + ("changed" if kind == "changed" else "is missing")
                  + " / perlu catatan (id dan en) tentang " + ("apa yang berubah" if kind == "changed" else
                                                                 "apa yang hilang"))
    if "source" not in out and "sources" not in out:
        ctx.error(line, f"{name}.source", "every succession cites the successor's text (doc + pinpoint) / "
                  "setiap pemetaan mengutip naskah pengganti (dokumen + pinpoint)")


def _successor_map(kind: str) -> Map:
    return Map({
        "kind": Enum(tuple(SUCCESSION_KINDS), required=True),
        "by": Ref(kind),
        "basis": Ref("provision", "instrument", required=True),
        "note": Lang(),
        **SOURCES,
    }, check=_successor_check)


def _instrument_id(d: dict, ctx: Ctx, line: int) -> str | None:
    if "type" not in d or "year" not in d:
        return None
    itype = INSTRUMENT_TYPES.get(d["type"])
    if itype and itype.scoped and not d.get("scope"):
        ctx.error(line, "scope", f"a {itype.label_en} needs a scope (issuer or region slug) for its id")
        return None
    try:
        return instrument_id(d["type"], d["year"], d.get("number"), d.get("scope"), d.get("slug"))
    except CitationError as exc:
        ctx.error(line, "number", str(exc))
        return None


def _check_dates(rec: Record, ctx: Ctx) -> None:
    dates = rec.data.get("dates", {})
    start = dates.get("in_force") or dates.get("enacted")
    if dates.get("enacted") and dates.get("in_force") and dates["in_force"] < dates["enacted"]:
        ctx.error(rec.line, "dates.in_force", "comes before the date it was enacted")
    if start and dates.get("ended") and dates["ended"] < start:
        ctx.error(rec.line, "dates.ended", f"no longer in force ({dates['ended']}) before it took effect ({start})")
    if dates.get("ended") and not rec.data.get("ended_by") and rec.data.get("status") not in ("expired",):
        ctx.error(rec.line, "ended_by", "an instrument no longer in force names what ended it (or status: expired)")


def build_date() -> _dt.date:
    """The day the build checks standing against: ``JARING_BUILD_DATE`` (YYYY-MM-DD) when set, else today."""
    raw = os.environ.get("JARING_BUILD_DATE", "").strip()
    if raw:
        try:
            return _dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return _dt.date.today()


#: the build rule of INTERFACES #2 (switched on once every instrument of sources/ has its check)
REQUIRE_CURRENCY = True

#: declared statuses under which an instrument is not in force, so it may lack a currency check
_NOT_IN_FORCE = ("repealed", "expired", "draft", "not-in-force")


def needs_currency(d: dict, day: _dt.date) -> bool:
    """True when the instrument may be in force on ``day`` by its own record (the one as-of rule, kg.asof): not
    ended on or before ``day``, and no declared status saying it is not in force (unknown is not no)."""
    from ..asof import standing

    dates = d.get("dates") or {}
    state = standing(None, None, dates.get("ended"), day).state
    return state != "ended" and d.get("status") not in _NOT_IN_FORCE


def _check_currency(rec: Record, ctx: Ctx) -> None:
    d = rec.data
    raw = rec.extra.get("raw")
    cur = d.get("currency")
    line = raw.line_of("currency") if hasattr(raw, "line_of") and "currency" in raw else rec.line
    if cur is None:
        if REQUIRE_CURRENCY and "currency" not in (raw or {}) and needs_currency(d, build_date()):
            day = build_date().isoformat()
            ctx.error(rec.line, "currency", f"no currency check: this instrument may be in force on {day} "
                      "(no end date, status not repealed/expired) / belum ada pemeriksaan status (currency) "
                      f"padahal instrumen ini mungkin berlaku pada {day}; add currency: {{checked_on, found, "
                      "sources} after checking its status (see sources/README.md, Currency register)")
        return
    found = cur.get("found")
    ended = (d.get("dates") or {}).get("ended")
    if found == "revoked" and ended is None and d.get("status") not in ("repealed", "expired"):
        ctx.error(line, "currency.found", "found: revoked, but the instrument records no end: add dates.ended, "
                  "ended_by and status: repealed / dicatat dicabut, tetapi instrumen tidak punya tanggal berakhir")
    if found == "no-change" and (d.get("ended_by") or d.get("status") == "repealed"):
        ctx.error(line, "currency.found", "found: no-change, but the instrument records that it was ended "
                  "(ended_by or status repealed): say what ended it (found: revoked, by: [...]) / dicatat tidak "
                  "berubah, padahal instrumen tercatat dicabut")


def _expand_instrument(rec: Record, ctx: Ctx) -> list[Record]:
    _check_dates(rec, ctx)
    _check_currency(rec, ctx)
    raw = rec.extra.get("raw") or {}
    raw_list = raw.get("provisions") or []
    out: dict[str, Record] = {}
    for i, p in enumerate(rec.data.get("provisions", [])):
        line = raw_list[i].line if i < len(raw_list) and hasattr(raw_list[i], "line") else rec.line
        try:
            parse_provision_path(p["at"])
        except CitationError as exc:
            ctx.error(line, f"provisions[{i}].at", str(exc))
            continue
        pid = f"{rec.id}/{p['at']}"
        if pid in out and not out[pid].extra.get("implied"):
            ctx.error(line, f"provisions[{i}].at", f"provision {p['at']} is listed twice in this instrument")
            continue
        if p.get("in_force") and p.get("ended") and p["ended"] < p["in_force"]:
            ctx.error(line, f"provisions[{i}].ended", "ends before it takes effect")
        if p.get("defines") and not p.get("wording"):
            ctx.error(line, f"provisions[{i}].wording", "a definition quotes its statutory wording")
        out[pid] = Record("provision", pid, p, rec.file, line, parent=rec, extra={"path": p["at"]})
        # make every ancestor exist, citing the children that imply it
        path = p["at"]
        while (parent := provision_parent(path)) is not None:
            ppid = f"{rec.id}/{parent}"
            if ppid not in out:
                out[ppid] = Record("provision", ppid, {"at": parent, "sources": []}, rec.file, line, parent=rec,
                                   extra={"path": parent, "implied": True})
            if out[ppid].extra.get("implied"):
                out[ppid].data["sources"] = out[ppid].data["sources"] + [
                    c for c in out[pid].citations() if c not in out[ppid].data["sources"]]
            path = parent
    return [out[k] for k in sorted(out)]


def instrument_labels(d: dict) -> dict[str, str]:
    name = d.get("short_name") or {}
    return {lang: short_label(d["type"], d.get("number"), d["year"], lang,
                              name.get(lang) if d.get("number") is None or d["type"] in ("permen", "kepmen", "spm",
                                                                                           "perda", "pergub",
                                                                                           "kepgub") else None)
            for lang in ("id", "en")}


def _emit_instrument(rec: Record, e: Emitter) -> None:
    d = rec.data
    s = e.record("law", rec, [JAR.LegalInstrument, ELI.LegalResource])
    labels = instrument_labels(d)
    e.label("law", s, labels)
    _emit_expressions(e, s, d["title"], rec.citations())
    e.lang("law", s, SKOS.altLabel, d.get("alt_names"))
    e.add("law", s, ELI.type_document, ID[f"vocab/instrument-types/{d['type']}"])
    # eli:id_local: the identifier in Jaring's own reference system (unique, e.g. "uu/2007/21"); the bare number
    # (shared by many instruments) is eli:number.
    e.add("law", s, ELI.id_local, Literal(rec.id))
    if d.get("number") is not None:
        e.add("law", s, ELI.number, Literal(str(d["number"])))
    e.add("law", s, JAR.year, Literal(str(d["year"]), datatype=XSD.gYear))
    dates = d.get("dates", {})
    e.date("law", s, ELI.date_document, dates.get("enacted"))
    e.date("law", s, ELI.date_publication, dates.get("promulgated"))
    e.date("law", s, ELI.first_date_entry_in_force, dates.get("in_force") or dates.get("enacted"))
    e.date("law", s, ELI.date_no_longer_in_force, dates.get("ended"))
    e.refs("law", s, JAR.endedBy, d.get("ended_by"))
    if d.get("status"):
        e.add("law", s, JAR.declaredStatus, ID[f"vocab/instrument-status/{d['status']}"])
    e.lang("law", s, JAR.statusNote, d.get("status_note"))
    e.refs("law", s, ELI.passed_by, d.get("issuer"))
    e.refs("law", s, ELI.jurisdiction, d.get("jurisdiction"))
    e.refs("law", s, ELI.is_about, d.get("themes"))
    if d.get("url"):
        e.add("law", s, SCHEMA.url, Literal(d["url"], datatype=XSD.anyURI))
    if d.get("gazette"):
        e.add("law", s, JAR.gazette, Literal(d["gazette"]))
    e.lang("law", s, SKOS.scopeNote, d.get("summary"))
    _emit_currency(rec, e, s)
    for r in d.get("relations", []):
        prop = RELATION_TYPES[r["type"]][0]
        target = ID[r["target"]]
        subject = ID[f"{rec.id}/{r['at']}"] if r.get("at") else s
        e.add("law", subject, prop, target)
        if prop == JAR.implements:
            e.add("law", subject, ELI.based_on, target)
        node = ID[f"{rec.id}/relation/{r['type']}/{r['target'].replace('/', '.')}"]
        e.add("law", node, RDF.type, JAR.LegalRelation)
        e.add("law", node, JAR.relationType, ID[f"vocab/relation-types/{r['type']}"])
        e.add("law", node, JAR.fromResource, subject)
        e.add("law", node, JAR.toResource, target)
        e.date("law", node, JAR.date, r.get("date"))
        e.lang("law", node, RDFS.comment, r.get("note"))
        cites = ([r["source"]] if "source" in r else []) + r.get("sources", [])
        e.cite("law", node, cites or rec.citations())


#: EU Publications Office language authority (the values ELI 1.2 gives for eli:language)
LANGUAGE_AUTHORITY = {"id": "http://publications.europa.eu/resource/authority/language/IND",
                      "en": "http://publications.europa.eu/resource/authority/language/ENG"}


def _emit_expressions(e: Emitter, s, titles: dict | None, cites) -> None:
    """ELI 1.2 puts eli:title on eli:LegalExpression: one expression ``<resource>/<lang>`` per language that has a
    title, realising the resource (eli:realizes / eli:is_realized_by) with eli:language and eli:title."""
    for lang, text in sorted((titles or {}).items()):
        if not text:
            continue
        x = URIRef(f"{s}/{lang}")
        e.add("law", x, RDF.type, ELI.LegalExpression)
        e.add("law", x, ELI.realizes, s)
        e.add("law", s, ELI.is_realized_by, x)
        e.add("law", x, ELI.language, URIRef(LANGUAGE_AUTHORITY[lang]))
        e.add("law", x, ELI.title, Literal(text, lang=lang))
        e.cite("law", x, cites)


def _emit_currency(rec: Record, e: Emitter, s) -> None:
    """``<instrument>/currency``: a jar:CurrencyCheck with its date, finding, changers, note and citations."""
    cur = rec.data.get("currency")
    if not cur:
        return
    node = ID[f"{rec.id}/currency"]
    e.add("law", s, JAR.currency, node)
    e.add("law", node, RDF.type, JAR.CurrencyCheck)
    e.label("law", node, {"en": f"Currency check of {instrument_labels(rec.data)['en']}",
                          "id": f"Pemeriksaan status {instrument_labels(rec.data)['id']}"})
    e.date("law", node, JAR.checkedOn, cur["checked_on"])
    e.date("law", node, JAR.coversUntil, cur.get("covers_until"))
    e.add("law", node, JAR.currencyFinding, ID[f"vocab/currency-findings/{cur['found']}"])
    e.refs("law", node, JAR.changedBy, cur.get("by"))
    e.lang("law", node, RDFS.comment, cur.get("note"))
    e.cite("law", node, ([cur["source"]] if "source" in cur else []) + cur.get("sources", []))


def _emit_successors(rec: Record, e: Emitter, s) -> None:
    """One ``<right>/succession/<target>`` jar:Succession node per successor (target = the successor right, or
    the repealing basis for a dropped right), with a direct ``jar:succeededBy`` link for re-enacted/changed."""
    for sc in rec.data.get("successors", []):
        node = ID[f"{rec.id}/succession/{(sc.get('by') or sc['basis']).replace('/', '.')}"]
        e.add("law", s, JAR.succession, node)
        e.add("law", node, RDF.type, JAR.Succession)
        e.add("law", node, JAR.successionKind, ID[f"vocab/succession-kinds/{sc['kind']}"])
        e.refs("law", node, JAR.successor, sc.get("by"))
        e.refs("law", s, JAR.succeededBy, sc.get("by"))
        e.refs("law", node, JAR.successionBasis, sc["basis"])
        e.lang("law", node, RDFS.comment, sc.get("note"))
        e.cite("law", node, ([sc["source"]] if "source" in sc else []) + sc.get("sources", []))


def _check_successors(rec: Record, ctx: Ctx) -> None:
    raw = rec.extra.get("raw")
    raw_list = raw.get("successors") if hasattr(raw, "get") else None
    seen: dict[str, int] = {}
    for i, sc in enumerate(rec.data.get("successors", [])):
        line = raw_list.line_of(i) if hasattr(raw_list, "line_of") else rec.line
        key = sc.get("by") or sc.get("basis")
        if key is None:
            continue
        if key in seen:
            ctx.error(line, f"successors[{i}]", f"{key} is mapped twice (first as successors[{seen[key]}]) / "
                      "dipetakan dua kali")
        seen[key] = i
        if sc.get("by") == rec.id:
            ctx.error(line, f"successors[{i}].by", "a right cannot succeed itself / hak tidak dapat menggantikan "
                      "dirinya sendiri")


def _emit_provision(rec: Record, e: Emitter) -> None:
    d = rec.data
    inst = rec.parent
    s = e.record("law", rec, [JAR.Provision, ELI.LegalResourceSubdivision])
    labels = instrument_labels(inst.data)
    path = rec.extra["path"]
    e.label("law", s, {lang: provision_label(labels[lang], path, lang) for lang in ("id", "en")})
    parent = provision_parent(path)
    e.add("law", s, ELI.is_part_of, ID[f"{inst.id}/{parent}"] if parent else ID[inst.id])
    e.add("law", s, JAR.inInstrument, ID[inst.id])
    kind, value = parse_provision_path(path)[-1]
    e.add("law", s, JAR.subdivisionType, Literal(kind))
    if value is not None:
        e.add("law", s, ELI.number, Literal(value))
    _emit_expressions(e, s, d.get("heading"), rec.citations())
    e.lang("law", s, SKOS.scopeNote, d.get("summary"))
    if d.get("wording"):
        e.add("law", s, JAR.wording, Literal(d["wording"], lang=d.get("wording_lang", "id")))
    if d.get("defines"):
        e.lang("law", s, JAR.definesTerm, d["defines"])
        e.add("law", s, RDF.type, JAR.Definition)
    e.date("law", s, ELI.first_date_entry_in_force, d.get("in_force"))
    e.date("law", s, ELI.date_no_longer_in_force, d.get("ended"))
    if rec.extra.get("implied"):
        e.add("law", s, JAR.impliedBySubdivision, Literal(True))


INSTRUMENT_FIELDS = {
    "type": Enum(tuple(INSTRUMENT_TYPES), required=True),
    "number": Str(),
    "slug": Str(pattern=SLUG),
    "scope": Str(pattern=SLUG),
    "year": Int(required=True, minimum=1900),
    "title": Lang(required=True),
    "short_name": Lang(partial=True),
    "alt_names": Lang(partial=True),
    "summary": Lang(partial=True),
    "issuer": List(Ref("institution")),
    "jurisdiction": Ref("region"),
    "themes": List(Concept("themes")),
    "dates": DATES,
    "ended_by": Ref("instrument", "provision"),
    "status": Enum(STATUS),
    "status_note": Lang(partial=True),
    "gazette": Str(),
    "url": Str(),
    "relations": List(RELATION),
    "provisions": List(PROVISION),
    "currency": CURRENCY,
    "not_modelled": Lang(partial=True),
    **SOURCES,
}

INSTRUMENT_TYPE = RecordType(
    kind="instrument", folder="instruments", graph="law", fields=INSTRUMENT_FIELDS, emit=_emit_instrument,
    make_id=_instrument_id, expand=_expand_instrument, title="instruments",
)
PROVISION_TYPE = RecordType(kind="provision", folder="", graph="law", fields={}, emit=_emit_provision,
                            title="provisions", derived_from="instrument")

# --- entitlements and obligations ---------------------------------------------------------------------------

DEADLINE = Map({
    "days": Int(required=True, minimum=0),
    "from": Lang(required=True),
    "basis": Ref("provision", required=True),
})

#: The ages an entitlement is limited to, in whole years, both bounds inclusive and optional (INTERFACES #4);
#: only where the legal text states them, cited in the entitlement's sources.
AGES = Map({
    "min": Int(minimum=0),
    "max": Int(minimum=0),
})

#: Which legal bases impose a condition (QA review C1): the condition counts on a date only when one of them is in
#: force then (e.g. PP 7/2018's police-letter requirement, in force from 2018-03-05, on an LPSK right of 2014).
#: A condition without an entry counts whenever the right does.
CONDITION_BASIS = Map({
    "condition": Concept("conditions", required=True),
    "basis": List(Ref("provision", "instrument"), required=True, min_items=1),
})

ENTITLEMENT_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "label": Lang(required=True),
    "description": Lang(partial=True),
    "services": List(Concept("services"), required=True, min_items=1),
    "beneficiaries": List(Concept("groups"), required=True, min_items=1),
    "excludes": List(Concept("groups")),
    "ages": AGES,
    "legal_basis": List(Ref("provision", "instrument"), required=True, min_items=1),
    "duty_bearers": List(Ref("institution")),
    "duty_bearer_named": Bool(),
    # where the law text was read for a duty-bearer and none found (with duty_bearer_named: false): the gap
    # engine grades "no duty-bearer" as derived from law only then (issue 15); else it is data to collect
    "duty_bearer_checked": List(CITATION, min_items=1),
    "delivered_by": List(Ref("institution", "service-point", "programme")),
    "conditions": List(Concept("conditions")),
    "condition_bases": List(CONDITION_BASIS),
    "claimants": List(Concept("groups")),
    "deadline": DEADLINE,
    "stages": List(Concept("stages")),
    "duration": Lang(partial=True),
    "cost": Enum(("free", "unspecified", "partly-paid")),
    "funding": List(Concept("funding")),
    "modality": Enum(("right", "may")),
    "certainty": Enum(("stated", "uncertain")),
    "certainty_note": Lang(partial=True),
    "valid_from": Date(),
    "valid_until": Date(),
    "successors": List(_successor_map("entitlement")),
    "not_modelled": Lang(partial=True),
    **SOURCES,
}


def _entitlement_check(rec: Record, ctx: Ctx) -> list[Record]:
    d = rec.data
    if d.get("duty_bearers") and d.get("duty_bearer_named") is False:
        ctx.error(rec.line, "duty_bearer_named", "says the law names no duty-bearer, yet duty_bearers are given")
    if d.get("certainty") == "uncertain" and not d.get("certainty_note"):
        ctx.error(rec.line, "certainty_note", "an uncertain entitlement says why it is uncertain")
    if d.get("valid_from") and d.get("valid_until") and d["valid_until"] < d["valid_from"]:
        ctx.error(rec.line, "valid_until", "comes before valid_from")
    ages = d.get("ages")
    if ages is not None:
        if not ages or (ages.get("min") is None and ages.get("max") is None):
            ctx.error(rec.line, "ages", "give min, max or both (whole years, inclusive)")
        elif ages.get("min") is not None and ages.get("max") is not None and ages["max"] < ages["min"]:
            ctx.error(rec.line, "ages.max", f"{ages['max']} is below ages.min {ages['min']}")
        elif any(v is not None and v > 130 for v in ages.values()):
            ctx.error(rec.line, "ages", "an age above 130 years is not plausible")
    seen = set()
    for i, cb in enumerate(d.get("condition_bases") or []):
        cond = cb.get("condition")
        name = str(cond).rsplit("/", 1)[-1]
        if cond not in (d.get("conditions") or []):
            ctx.error(rec.line, f"condition_bases[{i}].condition",
                      f"'{name}' is not among this right's conditions; add it to conditions: or fix the id")
        elif cond in seen:
            ctx.error(rec.line, f"condition_bases[{i}].condition", f"'{name}' is given twice; list every basis once")
        seen.add(cond)
    _check_successors(rec, ctx)
    return []


def _emit_entitlement(rec: Record, e: Emitter) -> None:
    d = rec.data
    s = e.record("law", rec, JAR.Entitlement)
    e.label("law", s, d["label"])
    e.lang("law", s, SKOS.scopeNote, d.get("description"))
    e.refs("law", s, JAR.serviceType, d["services"])
    e.refs("law", s, JAR.beneficiary, d["beneficiaries"])
    e.refs("law", s, JAR.excludes, d.get("excludes"))
    if d.get("ages"):
        e.literal("law", s, JAR.minAge, d["ages"].get("min"))
        e.literal("law", s, JAR.maxAge, d["ages"].get("max"))
    e.refs("law", s, JAR.legalBasis, d["legal_basis"])
    e.refs("law", s, JAR.dutyBearer, d.get("duty_bearers"))
    if d.get("duty_bearer_named") is False:
        e.add("law", s, JAR.dutyBearerNamed, Literal(False))
    for c in d.get("duty_bearer_checked", []):
        e.cite("law", s, [c])
        e.add("law", s, JAR.dutyBearerChecked, citation_iri(c))
    e.refs("law", s, JAR.deliveredBy, d.get("delivered_by"))
    e.refs("law", s, JAR.condition, d.get("conditions"))
    for cb in d.get("condition_bases") or []:
        node = ID[f"{rec.id}/condition-basis/{str(cb['condition']).rsplit('/', 1)[-1]}"]
        e.add("law", s, JAR.conditionBasis, node)
        e.add("law", node, RDF.type, JAR.ConditionBasis)
        e.refs("law", node, JAR.imposesCondition, cb["condition"])
        e.refs("law", node, JAR.legalBasis, cb["basis"])
        e.cite("law", node, rec.citations())
    e.refs("law", s, JAR.claimant, d.get("claimants"))
    e.refs("law", s, JAR.stage, d.get("stages"))
    e.refs("law", s, JAR.fundingSource, d.get("funding"))
    e.lang("law", s, JAR.duration, d.get("duration"))
    if d.get("cost"):
        e.add("law", s, JAR.cost, Literal(d["cost"]))
    e.add("law", s, JAR.modality, Literal(d.get("modality", "right")))
    e.add("law", s, JAR.certainty, Literal(d.get("certainty", "stated")))
    e.lang("law", s, JAR.certaintyNote, d.get("certainty_note"))
    e.date("law", s, JAR.validFrom, d.get("valid_from"))
    e.date("law", s, JAR.validUntil, d.get("valid_until"))
    if d.get("deadline"):
        dl = d["deadline"]
        node = ID[f"{rec.id}/deadline"]
        e.add("law", s, JAR.deadline, node)
        e.add("law", node, RDF.type, JAR.Deadline)
        e.literal("law", node, JAR.days, dl["days"])
        e.lang("law", node, JAR.countedFrom, dl["from"])
        e.refs("law", node, JAR.legalBasis, dl["basis"])
        e.cite("law", node, rec.citations())
    _emit_successors(rec, e, s)


ENTITLEMENT_TYPE = RecordType(
    kind="entitlement", folder="entitlements", graph="law", fields=ENTITLEMENT_FIELDS, emit=_emit_entitlement,
    id_prefix="entitlement/", expand=_entitlement_check, title="entitlements",
)

OBLIGATION_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "label": Lang(required=True),
    "bearers": List(Ref("institution")),
    "bearer_description": Lang(partial=True),
    "legal_basis": List(Ref("provision", "instrument"), required=True, min_items=1),
    "entitlements": List(Ref("entitlement")),
    "deadline_days": Int(minimum=0),
    "modality": Enum(("shall", "may")),
    # what the duty requires, where the gap engine needs it (sources/vocab/duty-kinds.yaml): adopt-procedure is
    # met by an instrument that implements the legal basis (gap kind procedure-not-adopted until one is in force)
    "duty_kind": Concept("duty-kinds"),
    "not_modelled": Lang(partial=True),
    "valid_from": Date(),
    "valid_until": Date(),
    "successors": List(_successor_map("obligation")),
    **SOURCES,
}


def _obligation_check(rec: Record, ctx: Ctx) -> list[Record]:
    _check_successors(rec, ctx)
    d = rec.data
    if d.get("duty_kind") and d.get("modality") == "may":
        ctx.error(rec.line, "modality", "a duty_kind is what a bearer SHALL do; 'may' is no duty: write modality: "
                  "shall or drop duty_kind / duty_kind adalah apa yang WAJIB dilakukan pengemban; 'may' (dapat) "
                  "bukan kewajiban: tulis modality: shall atau hapus duty_kind")
    if d.get("duty_kind") and not d.get("bearers") and not d.get("bearer_description"):
        ctx.error(rec.line, "bearers", "a duty to adopt or do something names who must do it (bearers: "
                  "[org/government], or bearer_description: as the text says) / kewajiban menetapkan atau melakukan "
                  "sesuatu menyebut siapa yang wajib melakukannya (bearers: [org/government], atau bearer_description: "
                  "sesuai naskahnya)")
    return []


def _emit_obligation(rec: Record, e: Emitter) -> None:
    d = rec.data
    s = e.record("law", rec, JAR.Obligation)
    e.label("law", s, d["label"])
    e.refs("law", s, JAR.bearer, d.get("bearers"))
    e.lang("law", s, JAR.bearerDescription, d.get("bearer_description"))
    e.refs("law", s, JAR.legalBasis, d["legal_basis"])
    e.refs("law", s, JAR.fulfils, d.get("entitlements"))
    e.literal("law", s, JAR.deadlineDays, d.get("deadline_days"))
    e.add("law", s, JAR.modality, Literal(d.get("modality", "shall")))
    e.refs("law", s, JAR.dutyKind, d.get("duty_kind"))
    e.date("law", s, JAR.validFrom, d.get("valid_from"))
    e.date("law", s, JAR.validUntil, d.get("valid_until"))
    _emit_successors(rec, e, s)


# --- group derivation rules (issue 16) ---------------------------------------------------------------------

DERIVATION_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "group": Concept("groups", required=True),
    "from": List(Concept("groups"), required=True, min_items=1),
    "basis": List(Ref("provision", "instrument"), required=True, min_items=1),
    "note": Lang(required=True),
    **SOURCES,
}


def _derivation_check(rec: Record, ctx: Ctx) -> list[Record]:
    d = rec.data
    if d.get("group") in (d.get("from") or []):
        ctx.error(rec.line, "from", "a group cannot be derived from itself")
    return []


def _emit_derivation(rec: Record, e: Emitter) -> None:
    """A jar:GroupDerivation: every member of all ``from`` groups is treated as a member of ``group``, by
    ``basis``; the finder lists it ("you are treated as ... because ...")."""
    d = rec.data
    s = e.record("vocab", rec, JAR.GroupDerivation)
    e.refs("vocab", s, JAR.derivedGroup, d["group"])
    e.refs("vocab", s, JAR.fromGroup, d["from"])
    e.refs("vocab", s, JAR.legalBasis, d["basis"])
    e.lang("vocab", s, RDFS.comment, d["note"])


DERIVATION_TYPE = RecordType(
    kind="derivation", folder="derivations", graph="vocab", fields=DERIVATION_FIELDS, emit=_emit_derivation,
    id_prefix="derivation/", expand=_derivation_check, title="group derivation rules",
)

OBLIGATION_TYPE = RecordType(
    kind="obligation", folder="obligations", graph="law", fields=OBLIGATION_FIELDS, emit=_emit_obligation,
    id_prefix="obligation/", expand=_obligation_check, title="obligations",
)

# --- discrepancy register -----------------------------------------------------------------------------------

CLAIM = Map({"value": Str(required=True), "note": Lang(partial=True), **SOURCES})


def _claims_check(rec: Record, ctx: Ctx) -> list[Record]:
    for i, c in enumerate(rec.data.get("claims", [])):
        if "source" not in c and "sources" not in c:
            ctx.error(rec.line, f"claims[{i}].source", "every claim names its source")
    return []


DISCREPANCY_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "label": Lang(required=True),
    "about": List(Ref(), required=True, min_items=1),
    "aspect": Str(required=True),
    "claims": List(CLAIM, required=True, min_items=2),
    "resolution": Lang(partial=True),
    "status": Enum(("unresolved", "resolved-by-official-source"), required=True),
    **SOURCES,
}


def _emit_discrepancy(rec: Record, e: Emitter) -> None:
    d = rec.data
    s = e.record("sources", rec, JAR.Discrepancy)
    e.label("sources", s, d["label"])
    e.refs("sources", s, JAR.about, d["about"])
    e.add("sources", s, JAR.aspect, Literal(d["aspect"]))
    e.lang("sources", s, JAR.resolution, d.get("resolution"))
    e.add("sources", s, JAR.status, Literal(d["status"]))
    for i, c in enumerate(d["claims"]):
        node = ID[f"{rec.id}/claim/{i + 1}"]
        e.add("sources", s, JAR.claim, node)
        e.add("sources", node, RDF.type, JAR.Claim)
        e.add("sources", node, JAR.value, Literal(c["value"]))
        e.lang("sources", node, RDFS.comment, c.get("note"))
        e.cite("sources", node, ([c["source"]] if "source" in c else []) + c.get("sources", []))


DISCREPANCY_TYPE = RecordType(
    kind="discrepancy", folder="discrepancies", graph="sources", fields=DISCREPANCY_FIELDS,
    emit=_emit_discrepancy, id_prefix="discrepancy/", expand=_claims_check, title="discrepancies",
)

# --- treaty comparisons (issue 15 item 6) ---------------------------------------------------------------------

#: verdicts of a comparison: the domestic text falls short of the treaty provision, or meets it
COMPARISON_VERDICTS = ("falls-short", "meets")
#: who judges: a source outside Jaring (named through findings that state it), or Jaring's own reading of both texts
ASSESSORS = ("source", "jaring")

TREATY_COMPARISON_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "label": Lang(required=True),
    "domestic": Ref("provision", "instrument", required=True),
    "treaty": Ref("provision", required=True),
    "domestic_text": CITATION,
    "treaty_text": CITATION,
    "verdict": Enum(COMPARISON_VERDICTS, required=True),
    "aspect": Lang(required=True),
    "assessed_by": Enum(ASSESSORS, required=True),
    "findings": List(Ref("finding")),
    "reason": Lang(),
    "not_modelled": Lang(partial=True),
    **SOURCES,
}


def _treaty_comparison_check(rec: Record, ctx: Ctx) -> list[Record]:
    """Both texts are cited with a quote (what was READ in each); a treaty provision is a treaty's; an outside
    assessment names the findings that state it, Jaring's own reading says why."""
    d = rec.data
    for key, what in (("domestic_text", "the domestic provision"), ("treaty_text", "the treaty provision")):
        c = d.get(key)
        if c is None:
            ctx.error(rec.line, key, f"required: the citation of {what} as read (doc, at, quote) / wajib: kutipan "
                                     f"teks yang dibaca (doc, at, quote)")
        elif not c.get("quote"):
            ctx.error(rec.line, f"{key}.quote", "quote the text that was read (25 words or fewer) / kutip teks yang "
                                                "dibaca (paling banyak 25 kata)")
    if d.get("treaty") and not d["treaty"].startswith("treaty/"):
        ctx.error(rec.line, "treaty", f"'{d['treaty']}' is not a provision of a treaty (treaty/...) / bukan ketentuan "
                                      "perjanjian internasional; put the domestic text in 'domestic'")
    if d.get("domestic", "").startswith("treaty/"):
        ctx.error(rec.line, "domestic", "a treaty provision is not a domestic text / ketentuan perjanjian bukan teks "
                                        "domestik")
    if d.get("assessed_by") == "source" and not d.get("findings"):
        ctx.error(rec.line, "findings", "assessed_by: source names the finding(s) whose source states the shortfall / "
                                        "sebutkan temuan yang sumbernya menyatakan kekurangan itu (or assessed_by: "
                                        "jaring with a reason)")
    if d.get("assessed_by") == "jaring" and not d.get("reason"):
        ctx.error(rec.line, "reason", "assessed_by: jaring needs the reason for Jaring's reading of both texts "
                                      "(id + en) / alasan pembacaan Jaring atas kedua teks wajib diisi")
    return []


def _emit_treaty_comparison(rec: Record, e: Emitter) -> None:
    """A jar:TreatyComparison: the domestic provision set beside the treaty provision it corresponds to, the
    verdict (falls-short / meets), the aspect compared, who judged it (a source through its findings, or Jaring's
    reading with its reason) and the two texts as read (citations with quotes)."""
    d = rec.data
    s = e.record("law", rec, JAR.TreatyComparison)
    e.label("law", s, d["label"])
    e.refs("law", s, JAR.domesticProvision, d["domestic"])
    e.refs("law", s, JAR.treatyProvision, d["treaty"])
    e.add("law", s, JAR.comparisonVerdict, Literal(d["verdict"]))
    e.lang("law", s, JAR.shortfall, d["aspect"])
    e.add("law", s, JAR.assessedBy, Literal(d["assessed_by"]))
    e.refs("law", s, JAR.assessmentFinding, d.get("findings"))
    e.lang("law", s, JAR.assessmentReason, d.get("reason"))
    for key, prop in (("domestic_text", JAR.domesticText), ("treaty_text", JAR.treatyText)):
        c = d.get(key)
        if c is not None:
            e.cite("law", s, [c])
            e.add("law", s, prop, citation_iri(c))


TREATY_COMPARISON_TYPE = RecordType(
    kind="treaty-comparison", folder="treaty_comparisons", graph="law", fields=TREATY_COMPARISON_FIELDS,
    emit=_emit_treaty_comparison, id_prefix="comparison/", expand=_treaty_comparison_check, cited=False,
    title="treaty comparisons",
)

#: the record types of this module (kg.records builds its registry from these, in this order)
TYPES = (INSTRUMENT_TYPE, PROVISION_TYPE, ENTITLEMENT_TYPE, DERIVATION_TYPE, OBLIGATION_TYPE, DISCREPANCY_TYPE,
         TREATY_COMPARISON_TYPE)
