"""Statistics as RDF Data Cube observations: one figure, one source; conflicting figures linked, never merged."""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from ..namespaces import ID, JAR, QB
from ..schema import SLUG, SOURCES, Concept, Ctx, Enum, Int, Lang, List, Map, Number, Record, Ref, Str
from . import Emitter, RecordType, register

UNITS = ("persons", "cases", "institutions", "service-points", "percent", "rank", "index", "usd", "idr",
         "provinces", "districts", "days", "months")

OBSERVATION_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "dataset": Str(required=True, pattern=SLUG),
    "label": Lang(required=True),
    "measure": Concept("measures", required=True),
    "value": Number(required=True),
    "unit": Enum(UNITS, required=True),
    "year": Int(minimum=1900),
    "year_end": Int(minimum=1900),
    "area": Ref("region"),
    "group": Concept("groups"),
    "subject": List(Ref()),
    "scope": Lang(partial=True),
    "conflicts_with": List(Ref("observation")),
    **SOURCES,
}


def _obs_check(rec: Record, ctx: Ctx) -> list[Record]:
    d = rec.data
    if d.get("year") and d.get("year_end") and d["year_end"] < d["year"]:
        ctx.error(rec.line, "year_end", "comes before year")
    return []


def _emit_observation(rec: Record, e: Emitter) -> None:
    d = rec.data
    g = "statistics"
    s = e.record(g, rec, QB.Observation)
    ds = ID[f"dataset/{d['dataset']}"]
    e.add(g, ds, RDF.type, QB.DataSet)
    e.add(g, ds, RDFS.label, Literal(d["dataset"]))
    e.add(g, s, QB.dataSet, ds)
    e.label(g, s, d["label"])
    e.refs(g, s, JAR.measure, d["measure"])
    value = d["value"]
    e.add(g, s, JAR.value, Literal(value, datatype=XSD.integer) if isinstance(value, int)
          else Literal(repr(value), datatype=XSD.decimal))
    e.add(g, s, JAR.unit, Literal(d["unit"]))
    if d.get("year"):
        e.add(g, s, JAR.refPeriod, Literal(str(d["year"]), datatype=XSD.gYear))
    if d.get("year_end"):
        e.add(g, s, JAR.refPeriodEnd, Literal(str(d["year_end"]), datatype=XSD.gYear))
    e.refs(g, s, JAR.refArea, d.get("area"))
    e.refs(g, s, JAR.refGroup, d.get("group"))
    e.refs(g, s, JAR.about, d.get("subject"))
    e.lang(g, s, JAR.scope, d.get("scope"))
    e.refs(g, s, JAR.conflictsWith, d.get("conflicts_with"))


register(RecordType(
    kind="observation", folder="statistics", graph="statistics", fields=OBSERVATION_FIELDS,
    emit=_emit_observation, id_prefix="stat/", expand=_obs_check, title="statistical observations",
))
