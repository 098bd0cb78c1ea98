"""Bibliography documents and SKOS vocabularies."""
from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import ID, JAR, SCHEMA
from ..sources.schema import (CITATION, SLUG, Bool, Ctx, Date, Enum, Int, Lang, List, Map, PendingRef, Record, Str)
from .types import Emitter, RecordType

DOC_TYPES = ("report", "journal-article", "official-gazette", "official-text", "official-website",
             "treaty-text", "database", "book")

DOCUMENT_FIELDS = {
    "id": Str(required=True, pattern=SLUG, hint="a lower-case slug such as nexus-going-home"),
    "type": Enum(DOC_TYPES, required=True),
    "title": Str(required=True),
    "title_en": Str(),
    "short": Str(required=True),
    "authors": List(Str()),
    "year": Int(minimum=1900),
    "publisher": Str(),
    "place": Str(),
    "venue": Str(),
    "url": Str(pattern=re.compile(r"^https?://\S+$"), hint="an http(s) address"),
    "identifier": Str(),
    "accessed": Date(),
    "official": Bool(),
    "note": Lang(partial=True),
}


def _emit_document(rec: Record, e: Emitter) -> None:
    d = rec.data
    s = e.record("sources", rec, [JAR.SourceDocument, PROV.Entity])
    e.add("sources", s, DCTERMS.title, Literal(d["title"]))
    if "title_en" in d:
        e.add("sources", s, DCTERMS.alternative, Literal(d["title_en"], lang="en"))
    e.add("sources", s, RDFS.label, Literal(d["short"]))
    e.add("sources", s, JAR.documentType, Literal(d["type"]))
    for i, author in enumerate(d.get("authors", [])):
        e.add("sources", s, DCTERMS.creator, Literal(author))
    if "year" in d:
        e.add("sources", s, DCTERMS.issued, Literal(str(d["year"]), datatype=XSD.gYear))
    for key, prop in (("publisher", DCTERMS.publisher), ("identifier", DCTERMS.identifier),
                      ("place", JAR.placeOfPublication), ("venue", JAR.venue)):
        if key in d:
            e.add("sources", s, prop, Literal(d[key]))
    if "url" in d:
        e.add("sources", s, SCHEMA.url, Literal(d["url"], datatype=XSD.anyURI))
    e.date("sources", s, JAR.accessed, d.get("accessed"))
    if "official" in d:
        e.add("sources", s, JAR.official, Literal(d["official"]))
    e.lang("sources", s, RDFS.comment, d.get("note"))


DOCUMENT_TYPE = RecordType(
    kind="document", folder="bibliography", graph="sources", fields=DOCUMENT_FIELDS, emit=_emit_document,
    id_prefix="source/", cited=False, title="documents",
)

# --- vocabularies -----------------------------------------------------------------------------------------

CRITERIA = Map({
    "sex": List(Enum(("female", "male"))),
    "age_group": List(Enum(("child", "adult"))),
    "sector": List(Str(pattern=SLUG)),
    "exploited_abroad": Bool(),
    "migrant_worker": Bool(),
    "identified": Bool(),
    "witness": Bool(),
    "nationality": List(Str(pattern=SLUG)),
    "exploitation_form": List(Str(pattern=SLUG)),
    "poverty_letter": Bool(),
    "women_or_children": Bool(),
    "violence": Bool(),
})

#: Profile facts a condition may be decided by (``fact:`` on a concept of the conditions vocabulary); see
#: :mod:`kg.answers.profile`. ``region`` is the region of return.
PROFILE_FACTS = ("witness", "poverty_letter", "identity_documents", "identified", "documented_migration",
                 "reported_to_police", "hardship", "region", "migrant_worker")

#: SKOS mapping relations link concepts, so their values are IRIs (SKOS Reference §10)
IRI_FORM = re.compile(r"^https?://\S+$")

CONCEPT = Map({
    "id": Str(required=True, pattern=SLUG, hint="a lower-case slug"),
    "label": Lang(required=True),
    "alt_label": Lang(partial=True),
    "definition": Lang(partial=True),
    "scope_note": Lang(partial=True),
    "broader": List(Str(pattern=SLUG)),
    "notation": Str(),
    "exact_match": List(Str(pattern=IRI_FORM, hint="an http(s) IRI; a code without an IRI goes in close_code")),
    "close_match": List(Str(pattern=IRI_FORM, hint="an http(s) IRI; a code without an IRI goes in close_code")),
    "close_code": List(Str()),   # a code of a classification that has no IRIs (e.g. HTCDS), kept as jar:closeCode
    "criteria": CRITERIA,
    "fact": Enum(PROFILE_FACTS),
    "step": Bool(),
    "question": Lang(),
    "rank": Int(),
    "source": CITATION,
})

SCHEME_FIELDS = {
    "scheme": Str(required=True, pattern=SLUG),
    "title": Lang(required=True),
    "description": Lang(partial=True),
    "source": CITATION,
    "concepts": List(CONCEPT, required=True, min_items=1),
}


def _expand_scheme(rec: Record, ctx: Ctx) -> list[Record]:
    scheme = rec.data["scheme"]
    out = []
    raw = rec.extra.get("raw") or {}
    raw_concepts = raw.get("concepts") or []
    lines = {c.get("id"): c.line for c in raw_concepts if hasattr(c, "line")}
    for c in rec.data.get("concepts", []):
        cid = f"vocab/{scheme}/{c['id']}"
        line = lines.get(c["id"], rec.line)
        for b in c.get("broader", []):
            ctx.refs.append(PendingRef(rec.file, line, f"concepts[{c['id']}].broader", f"vocab/{scheme}/{b}",
                                       ("concept",)))
        out.append(Record("concept", cid, c, rec.file, line, parent=rec))
    return out


def _emit_scheme(rec: Record, e: Emitter) -> None:
    s = ID[rec.id]
    e.add("vocab", s, RDF.type, SKOS.ConceptScheme)
    e.lang("vocab", s, RDFS.label, rec.data["title"])
    e.lang("vocab", s, SKOS.prefLabel, rec.data["title"])
    e.lang("vocab", s, DCTERMS.description, rec.data.get("description"))
    e.cite("vocab", s, rec.citations())


def _emit_concept(rec: Record, e: Emitter) -> None:
    c = rec.data
    s = ID[rec.id]
    scheme = ID[rec.parent.id]
    e.add("vocab", s, RDF.type, SKOS.Concept)
    e.add("vocab", s, SKOS.inScheme, scheme)
    e.label("vocab", s, c["label"])
    e.lang("vocab", s, SKOS.altLabel, c.get("alt_label"))
    e.lang("vocab", s, SKOS.definition, c.get("definition"))
    e.lang("vocab", s, SKOS.scopeNote, c.get("scope_note"))
    if c.get("notation"):
        e.add("vocab", s, SKOS.notation, Literal(c["notation"]))
    if c.get("rank") is not None:
        e.literal("vocab", s, JAR.rank, c["rank"])
    broader = c.get("broader", [])
    for b in broader:
        e.add("vocab", s, SKOS.broader, ID[f"{rec.parent.id}/{b}"])
    if not broader:
        e.add("vocab", s, SKOS.topConceptOf, scheme)
    for prop, key in ((SKOS.exactMatch, "exact_match"), (SKOS.closeMatch, "close_match")):
        for m in c.get(key, []):
            e.add("vocab", s, prop, URIRef(m))
    for code in c.get("close_code", []):
        e.add("vocab", s, JAR.closeCode, Literal(code))
    for key, value in sorted(c.get("criteria", {}).items()):
        for v in value if isinstance(value, list) else [value]:
            e.literal("vocab", s, JAR["criterion" + "".join(w.title() for w in key.split("_"))], v)
    if c.get("fact"):
        e.add("vocab", s, JAR.profileFact, Literal(c["fact"]))
    if c.get("step"):
        e.add("vocab", s, JAR.procedural, Literal(True))
    e.lang("vocab", s, JAR.question, c.get("question"))
    if "source" in c:
        e.cite("vocab", s, [c["source"]])


SCHEME_TYPE = RecordType(
    kind="scheme", folder="vocab", graph="vocab", fields=SCHEME_FIELDS, emit=_emit_scheme, id_prefix="vocab/",
    cited=False, make_id=lambda d, ctx, line: d.get("scheme"), expand=_expand_scheme, title="vocabularies",
    file_form="one",
)
CONCEPT_TYPE = RecordType(kind="concept", folder="", graph="vocab", fields={}, emit=_emit_concept, cited=False,
                          title="concepts", derived_from="scheme")

#: the record types of this module (kg.records builds its registry from these, in this order)
TYPES = (DOCUMENT_TYPE, SCHEME_TYPE, CONCEPT_TYPE,)
