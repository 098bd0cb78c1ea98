"""The practice layer: what field research observed. Never law; linked to the law-layer nodes it concerns."""
from __future__ import annotations

from rdflib import Literal

from ..namespaces import JAR, PROV
from ..sources.schema import SLUG, SOURCES, Bool, Concept, Ctx, Date, Enum, Lang, List, Record, Ref, Str
from .types import Emitter, RecordType

FINDING_KINDS = ("gap", "barrier", "case", "good-practice", "recommendation", "observation")

FINDING_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "kind": Enum(FINDING_KINDS, required=True),
    "statement": Lang(required=True),
    "themes": List(Concept("themes")),
    "concerns": List(Ref(), required=True, min_items=1),
    "groups": List(Concept("groups")),
    "services": List(Concept("services")),
    "regions": List(Ref("region")),
    "reports_non_delivery": Bool(),
    "severity": Enum(("high", "medium", "low")),
    "observed_from": Date(),
    "observed_until": Date(),
    **SOURCES,
}

def _finding_check(rec: Record, ctx: Ctx) -> list[Record]:
    if not any(c.get("quote") for c in rec.citations()):
        ctx.error(rec.line, "source.quote", "a finding carries evidence: at least one source with a quote")
    return []


def _emit_finding(rec: Record, e: Emitter) -> None:
    d = rec.data
    g = "practice"
    s = e.record(g, rec, [JAR.Finding, PROV.Entity])
    e.label(g, s, {k: (v if len(v) <= 120 else v[:117].rsplit(" ", 1)[0] + "…") for k, v in d["statement"].items()})
    e.lang(g, s, JAR.statement, d["statement"])
    e.add(g, s, JAR.findingKind, Literal(d["kind"]))
    e.refs(g, s, JAR.theme, d.get("themes"))
    e.refs(g, s, JAR.concerns, d["concerns"])
    e.refs(g, s, JAR.affectsGroup, d.get("groups"))
    e.refs(g, s, JAR.affectsService, d.get("services"))
    e.refs(g, s, JAR.region, d.get("regions"))
    if d.get("reports_non_delivery"):
        e.add(g, s, JAR.reportsNonDelivery, Literal(True))
    if d.get("severity"):
        e.add(g, s, JAR.severity, Literal(d["severity"]))
    e.date(g, s, JAR.observedFrom, d.get("observed_from"))
    e.date(g, s, JAR.observedUntil, d.get("observed_until"))


FINDING_TYPE = RecordType(
    kind="finding", folder="findings", graph="practice", fields=FINDING_FIELDS, emit=_emit_finding,
    id_prefix="finding/", expand=_finding_check, title="findings",
)

#: the record types of this module (kg.records builds its registry from these, in this order)
TYPES = (FINDING_TYPE,)
