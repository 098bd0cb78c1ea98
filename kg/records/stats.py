"""Statistics as RDF Data Cube observations: one figure, one source; conflicting figures linked, never merged."""
from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from ..namespaces import ID, JAR, QB
from ..sources.schema import SLUG, SOURCES, Concept, Ctx, Enum, Int, Lang, List, Map, Number, Record, Ref, Str
from .types import Emitter, RecordType, register

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


_NUMBER_WORDS = {
    1: ("one", "satu"), 2: ("two", "dua"), 3: ("three", "tiga"), 4: ("four", "empat"), 5: ("five", "lima"),
    6: ("six", "enam"), 7: ("seven", "tujuh"), 8: ("eight", "delapan"), 9: ("nine", "sembilan"),
    10: ("ten", "sepuluh"), 11: ("eleven", "sebelas"), 12: ("twelve", "dua belas"), 13: ("thirteen", "tiga belas"),
    14: ("fourteen", "empat belas"), 15: ("fifteen", "lima belas"), 16: ("sixteen", "enam belas"),
    17: ("seventeen", "tujuh belas"), 18: ("eighteen", "delapan belas"), 19: ("nineteen", "sembilan belas"),
    20: ("twenty", "dua puluh")}
# a pinpoint into a table or figure: the cell cannot be quoted, the quote names the table
_TABLE_PINPOINT = re.compile(r"table|tabel|figure|chart|diagram|gambar|grafik|lampiran|annex", re.I)


def figure_forms(value: int | float) -> list[re.Pattern]:
    """The ways a text may state ``value``: digits with any thousands grouping, (up to twenty) in words, or a
    whole number of millions/billions to one decimal in words ("2.5 million", "2,5 juta", "3.2 miliar")."""
    if float(value).is_integer():
        n = int(value)
        digits = [f"{n}", f"{n:,}", f"{n:,}".replace(",", "."), f"{n:,}".replace(",", " ")]
        words = list(_NUMBER_WORDS.get(n, ()))
        for unit, names in ((10**9, ("billion", "miliar", "milyar")), (10**6, ("million", "juta"))):
            if n >= unit and (n * 10) % unit == 0:
                m = f"{n / unit:.1f}".removesuffix(".0")
                words += [f"{m} {w}" for w in names] + [f"{m.replace('.', ',')} {w}" for w in names]
                break
    else:
        digits, words = [repr(value), repr(value).replace(".", ",")], []
    pats = [re.compile(r"(?<![\d.,])" + re.escape(x) + r"(?![\d]|[.,]\d)") for x in dict.fromkeys(digits)]
    pats += [re.compile(r"\b" + re.escape(w) + r"\b", re.I) for w in words]
    return pats


def _obs_check(rec: Record, ctx: Ctx) -> list[Record]:
    d = rec.data
    if d.get("year") and d.get("year_end") and d["year_end"] < d["year"]:
        ctx.error(rec.line, "year_end", "comes before year")
    # a quote that stops before the figure it supports (e.g. "…34 PPT at provincial government institutions"
    # for the 247 district centres) proves nothing: the quote must state the value, unless it names a table
    cites = [("source", d["source"])] if d.get("source") else [
        (f"sources[{i}]", c) for i, c in enumerate(d.get("sources") or [])]
    quoted = [(f, c) for f, c in cites if c.get("quote")]
    if quoted and not any(_TABLE_PINPOINT.search(str(c.get("at", ""))) for _, c in quoted):
        pats = figure_forms(d["value"])
        if not any(p.search(c["quote"]) for _, c in quoted for p in pats):
            field, cite = quoted[0]
            ctx.error(rec.line, f"{field}.quote",
                      f"does not state the figure {d['value']} — quote the words that give it, or pinpoint the "
                      f"table it comes from / kutipan tidak memuat angka {d['value']}: kutip kalimat yang "
                      f"menyebutnya, atau rujuk tabelnya")
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
