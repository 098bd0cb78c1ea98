"""Regions: countries, provinces, regencies and cities, villages, crossing points."""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS

from ..namespaces import ID, JAR, QB
from ..sources.schema import SLUG, SOURCES, Enum, Lang, Record, Ref, Str
from .types import Emitter, RecordType

REGION_KINDS = {"country": JAR.Country, "province": JAR.Province, "regency": JAR.Regency, "city": JAR.City,
                "district": JAR.District, "village": JAR.Village, "crossing-point": JAR.CrossingPoint,
                "port": JAR.CrossingPoint}

REGION_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "name": Lang(required=True),
    "kind": Enum(tuple(REGION_KINDS), required=True),
    "code": Str(),
    "part_of": Ref("region"),
    "description": Lang(partial=True),
    **SOURCES,
}


def _emit_region(rec: Record, e: Emitter) -> None:
    d = rec.data
    s = e.record("institutions", rec, [JAR.Region, REGION_KINDS[d["kind"]]])
    e.label("institutions", s, d["name"])
    e.lang("institutions", s, DCTERMS.description, d.get("description"))
    if d.get("code"):
        e.add("institutions", s, DCTERMS.identifier, Literal(d["code"]))
    e.refs("institutions", s, JAR.partOfRegion, d.get("part_of"))
    # the area code list of the statistics (ontology/cube.ttl): its roots and its parent-child links
    if d.get("part_of"):
        e.add("vocab", ID[d["part_of"]], JAR.hasPartRegion, s)
    else:
        e.add("vocab", ID["vocab/areas"], QB.hierarchyRoot, s)


REGION_TYPE = RecordType(
    kind="region", folder="regions", graph="institutions", fields=REGION_FIELDS, emit=_emit_region,
    id_prefix="region/", title="regions",
)

#: the record types of this module (kg.records builds its registry from these, in this order)
TYPES = (REGION_TYPE,)
