"""Who delivers: institutions (including task forces with dated memberships), service points and programmes."""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import ID, JAR, ORG
from ..sources.schema import SLUG, SOURCES, Bool, Concept, Ctx, Date, Enum, Int, Lang, List, Map, Record, Ref, Str
from .types import Emitter, RecordType

MEMBERSHIP = Map({
    "member": Ref("institution", required=True),
    "role": Concept("roles", required=True),
    "basis": Ref("instrument", "provision", required=True),
    "from": Date(),
    "until": Date(),
    "note": Lang(partial=True),
    **SOURCES,
})

RENAME = Map({"to": Ref("institution", required=True), "date": Date(required=True),
              "basis": Ref("instrument", "provision"), "note": Lang(partial=True), **SOURCES})

#: Values of a provider's mandate (INTERFACES #5). A key left out = not recorded (unknown), never "no".
SEXES = ("female", "male")
AGE_GROUPS = ("child", "adult")
NATIONALITIES = ("indonesian", "foreign")
MIGRATION_STATUSES = ("documented", "undocumented")
REACHES = ("national", "provincial", "regency", "local", "abroad")


def _mandate_check(out, ctx, line, name):
    if "source" not in out and "sources" not in out:
        ctx.error(line, f"{name}.sources", "a mandate needs the text that sets it (instrument article, or the "
                  "seed/report passage that describes it) / mandat memerlukan sumber yang menetapkannya")
    ages = out.get("ages") or {}
    if "min" in ages and "max" in ages and ages["max"] < ages["min"]:
        ctx.error(line, f"{name}.ages.max", "comes before ages.min")


#: Whom a provider's mandate lets it serve and where (INTERFACES #5; the eligibility rule is in kg.answers.mandate).
MANDATE = Map({
    "walk_in": Bool(required=True),
    "sexes": List(Enum(SEXES), min_items=1),
    "age_groups": List(Enum(AGE_GROUPS), min_items=1),
    "ages": Map({"min": Int(minimum=0), "max": Int(minimum=0)}),
    "groups": List(Concept("groups"), min_items=1),
    "nationalities": List(Enum(NATIONALITIES), min_items=1),
    "migration_status": List(Enum(MIGRATION_STATUSES), min_items=1),
    "reach": Enum(REACHES),
    "regions": List(Ref("region"), min_items=1),
    "note": Lang(),
    **SOURCES,
}, check=_mandate_check)

ACTIVITY = Map({"status": Enum(("active", "inactive", "partly-active", "unknown"), required=True),
                "as_of": Date(), "note": Lang(partial=True), **SOURCES})

INSTITUTION_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "name": Lang(required=True),
    "acronym": Str(),
    "alt_names": Lang(partial=True),
    "kind": Concept("institution-types", required=True),
    "level": Concept("levels", required=True),
    "parent": Ref("institution"),
    "region": Ref("region"),
    "founded_by": List(Ref("instrument", "provision")),
    "valid_from": Date(),
    "valid_until": Date(),
    "renamed": List(RENAME),
    "services": List(Concept("services")),
    "serves": List(Concept("groups")),
    "memberships": List(MEMBERSHIP),
    "meeting_frequency": Lang(partial=True),
    "budget": List(Concept("funding")),
    "activity": List(ACTIVITY),
    "mandate": MANDATE,
    "description": Lang(partial=True),
    "url": Str(),
    "not_modelled": Lang(partial=True),
    **SOURCES,
}


def _dated_check(rec: Record, ctx: Ctx) -> list[Record]:
    d = rec.data
    if d.get("valid_from") and d.get("valid_until") and d["valid_until"] < d["valid_from"]:
        ctx.error(rec.line, "valid_until", "comes before valid_from")
    for i, m in enumerate(d.get("memberships", [])):
        if m.get("from") and m.get("until") and m["until"] < m["from"]:
            ctx.error(rec.line, f"memberships[{i}].until", "comes before from")
    return []


def emit_mandate(rec: Record, e: Emitter, g: str, s) -> None:
    """The provider's mandate as one ``jar:Mandate`` node ``<provider>/mandate`` (INTERFACES #5)."""
    m = rec.data.get("mandate")
    if not m:
        return
    node = ID[f"{rec.id}/mandate"]
    e.add(g, s, JAR.mandate, node)
    e.add(g, node, RDF.type, JAR.Mandate)
    e.literal(g, node, JAR.walkIn, m["walk_in"])
    for key, prop in (("sexes", JAR.mandateSex), ("age_groups", JAR.mandateAgeGroup),
                      ("nationalities", JAR.mandateNationality), ("migration_status", JAR.mandateMigrationStatus)):
        for v in m.get(key, []):
            e.literal(g, node, prop, v)
    ages = m.get("ages") or {}
    e.literal(g, node, JAR.mandateMinAge, ages.get("min"))
    e.literal(g, node, JAR.mandateMaxAge, ages.get("max"))
    e.refs(g, node, JAR.mandateGroup, m.get("groups"))
    e.literal(g, node, JAR.reach, m.get("reach"))
    e.refs(g, node, JAR.mandateRegion, m.get("regions"))
    e.lang(g, node, RDFS.comment, m.get("note"))
    e.cite(g, node, ([m["source"]] if "source" in m else []) + m.get("sources", []))


def _emit_institution(rec: Record, e: Emitter) -> None:
    d = rec.data
    g = "institutions"
    types = [ORG.Organization, JAR.Institution]
    if d["kind"].endswith("/task-force"):
        types.append(JAR.TaskForce)
    s = e.record(g, rec, types)
    e.label(g, s, d["name"])
    if d.get("acronym"):
        e.add(g, s, SKOS.altLabel, Literal(d["acronym"]))
        e.add(g, s, JAR.acronym, Literal(d["acronym"]))
    e.lang(g, s, SKOS.altLabel, d.get("alt_names"))
    e.lang(g, s, SKOS.scopeNote, d.get("description"))
    e.refs(g, s, ORG.classification, d["kind"])
    e.refs(g, s, JAR.level, d["level"])
    e.refs(g, s, ORG.subOrganizationOf, d.get("parent"))
    e.refs(g, s, JAR.region, d.get("region"))
    e.refs(g, s, JAR.foundedBy, d.get("founded_by"))
    e.date(g, s, JAR.validFrom, d.get("valid_from"))
    e.date(g, s, JAR.validUntil, d.get("valid_until"))
    e.refs(g, s, JAR.offers, d.get("services"))
    e.refs(g, s, JAR.serves, d.get("serves"))
    e.refs(g, s, JAR.budgetSource, d.get("budget"))
    e.lang(g, s, JAR.meetingFrequency, d.get("meeting_frequency"))
    emit_mandate(rec, e, g, s)
    if d.get("url"):
        e.add(g, s, RDFS.seeAlso, Literal(d["url"]))
    for i, r in enumerate(d.get("renamed", [])):
        node = ID[f"{rec.id}/change/{i + 1}"]
        e.add(g, node, RDF.type, ORG.ChangeEvent)
        e.add(g, node, ORG.originalOrganization, s)
        e.add(g, node, ORG.resultingOrganization, ID[r["to"]])
        e.date(g, node, JAR.date, r["date"])
        e.refs(g, node, JAR.legalBasis, r.get("basis"))
        e.lang(g, node, RDFS.comment, r.get("note"))
        e.cite(g, node, ([r["source"]] if "source" in r else []) + r.get("sources", []) or rec.citations())
        e.add(g, s, JAR.succeededBy, ID[r["to"]])
    for i, m in enumerate(d.get("memberships", [])):
        node = ID[f"{rec.id}/membership/{m['basis'].replace('/', '.')}/{m['member'].split('/', 1)[1]}/" +
                  m["role"].rsplit("/", 1)[1]]
        e.add(g, node, RDF.type, ORG.Membership)
        e.add(g, node, ORG.organization, s)
        e.add(g, node, ORG.member, ID[m["member"]])
        e.add(g, node, ORG.role, ID[m["role"]])
        e.add(g, node, JAR.legalBasis, ID[m["basis"]])
        e.date(g, node, JAR.validFrom, m.get("from"))
        e.date(g, node, JAR.validUntil, m.get("until"))
        e.lang(g, node, RDFS.comment, m.get("note"))
        e.cite(g, node, ([m["source"]] if "source" in m else []) + m.get("sources", []) or rec.citations())
    for i, a in enumerate(d.get("activity", [])):
        node = ID[f"{rec.id}/activity/{i + 1}"]
        e.add(g, s, JAR.activityReport, node)
        e.add(g, node, RDF.type, JAR.ActivityReport)
        e.add(g, node, JAR.status, Literal(a["status"]))
        e.date(g, node, JAR.asOf, a.get("as_of"))
        e.lang(g, node, RDFS.comment, a.get("note"))
        e.cite(g, node, ([a["source"]] if "source" in a else []) + a.get("sources", []) or rec.citations())


INSTITUTION_TYPE = RecordType(
    kind="institution", folder="institutions", graph="institutions", fields=INSTITUTION_FIELDS,
    emit=_emit_institution, id_prefix="org/", expand=_dated_check, title="institutions",
)

SERVICE_POINT_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "name": Lang(required=True),
    "kind": Concept("service-point-types", required=True),
    "operator": List(Ref("institution"), required=True, min_items=1),
    "region": Ref("region", required=True),
    "level": Concept("levels", required=True),
    "serves": List(Concept("groups"), required=True, min_items=1),
    "services": List(Concept("services"), required=True, min_items=1),
    "funding": List(Concept("funding")),
    "legal_basis": List(Ref("instrument", "provision")),
    "valid_from": Date(),
    "valid_until": Date(),
    "mandate": MANDATE,
    "description": Lang(partial=True),
    "not_modelled": Lang(partial=True),
    **SOURCES,
}


def _emit_service_point(rec: Record, e: Emitter) -> None:
    d = rec.data
    g = "institutions"
    s = e.record(g, rec, [JAR.ServicePoint, ORG.Site])
    e.label(g, s, d["name"])
    e.lang(g, s, SKOS.scopeNote, d.get("description"))
    e.refs(g, s, JAR.servicePointType, d["kind"])
    e.refs(g, s, JAR.operatedBy, d["operator"])
    e.refs(g, s, JAR.region, d["region"])
    e.refs(g, s, JAR.level, d["level"])
    e.refs(g, s, JAR.serves, d["serves"])
    e.refs(g, s, JAR.offers, d["services"])
    e.refs(g, s, JAR.fundingSource, d.get("funding"))
    e.refs(g, s, JAR.legalBasis, d.get("legal_basis"))
    e.date(g, s, JAR.validFrom, d.get("valid_from"))
    e.date(g, s, JAR.validUntil, d.get("valid_until"))
    emit_mandate(rec, e, g, s)


SERVICE_POINT_TYPE = RecordType(
    kind="service-point", folder="service_points", graph="institutions", fields=SERVICE_POINT_FIELDS,
    emit=_emit_service_point, id_prefix="sp/", expand=_dated_check, title="service points",
)

PROGRAMME_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "name": Lang(required=True),
    "operator": List(Ref("institution"), required=True, min_items=1),
    "legal_basis": List(Ref("instrument", "provision")),
    "beneficiaries": List(Concept("groups"), required=True, min_items=1),
    "excludes": List(Concept("groups")),
    "services": List(Concept("services"), required=True, min_items=1),
    "stages": List(Concept("stages")),
    "regions": List(Ref("region")),
    "funding": List(Concept("funding")),
    "valid_from": Date(),
    "valid_until": Date(),
    "mandate": MANDATE,
    "description": Lang(partial=True),
    "not_modelled": Lang(partial=True),
    **SOURCES,
}


def _emit_programme(rec: Record, e: Emitter) -> None:
    d = rec.data
    g = "institutions"
    s = e.record(g, rec, JAR.Programme)
    e.label(g, s, d["name"])
    e.lang(g, s, SKOS.scopeNote, d.get("description"))
    e.refs(g, s, JAR.operatedBy, d["operator"])
    e.refs(g, s, JAR.legalBasis, d.get("legal_basis"))
    e.refs(g, s, JAR.serves, d["beneficiaries"])
    e.refs(g, s, JAR.excludes, d.get("excludes"))
    e.refs(g, s, JAR.offers, d["services"])
    e.refs(g, s, JAR.stage, d.get("stages"))
    e.refs(g, s, JAR.region, d.get("regions"))
    e.refs(g, s, JAR.fundingSource, d.get("funding"))
    e.date(g, s, JAR.validFrom, d.get("valid_from"))
    e.date(g, s, JAR.validUntil, d.get("valid_until"))
    emit_mandate(rec, e, g, s)


PROGRAMME_TYPE = RecordType(
    kind="programme", folder="programmes", graph="institutions", fields=PROGRAMME_FIELDS,
    emit=_emit_programme, id_prefix="programme/", expand=_dated_check, title="programmes",
)

#: the record types of this module (kg.records builds its registry from these, in this order)
TYPES = (INSTITUTION_TYPE, SERVICE_POINT_TYPE, PROGRAMME_TYPE,)
