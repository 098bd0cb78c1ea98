"""Statistics as RDF Data Cube observations: one figure, one source; conflicting figures linked, never merged.

Every dataset has the one structure of ontology/cube.ttl, and every observation a value for each of its dimensions:
a record that gives no sex, age group, victim group or breakdown gets the code list's "total" code (the source
does not break the figure down that way), one without a year the period code "not-stated"."""
from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from ..namespaces import ID, JAR, QB
from ..sources.schema import SLUG, SOURCES, Concept, Ctx, Enum, Int, Lang, List, Map, Number, Record, Ref, Str
from .types import Emitter, RecordType

UNITS = ("persons", "cases", "institutions", "service-points", "percent", "rank", "index", "usd", "idr",
         "provinces", "districts", "days", "months")

DATASET_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "label": Lang(required=True),
    "description": Lang(partial=True),
    **SOURCES,
}

OBSERVATION_FIELDS = {
    "id": Str(required=True, pattern=SLUG),
    "dataset": Ref("dataset", required=True, prefix="dataset/"),
    "label": Lang(required=True),
    "measure": Concept("measures", required=True),
    "value": Number(required=True),
    "unit": Enum(UNITS, required=True),
    "year": Int(minimum=1900),
    "year_end": Int(minimum=1900),
    "area": Ref("region", required=True),
    "group": Concept("groups"),
    "sex": Concept("sexes"),
    "age_group": Concept("age-groups"),
    "breakdown": Concept("breakdowns"),
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


#: the one data structure definition of every statistics dataset, and its time-series slice key (ontology/cube.ttl)
STRUCTURE = JAR.statisticsStructure
SERIES_KEY = JAR.statisticsSeriesKey
#: dimension property -> (record field, code list, code when the record gives none)
DIMENSION_DEFAULTS = {JAR.refSex: ("sex", "sexes", "total"), JAR.refAgeGroup: ("age_group", "age-groups", "total"),
                      JAR.refGroup: ("group", "groups", "persons"), JAR.breakdown: ("breakdown", "breakdowns", "total")}


def period_code(year: int | None, year_end: int | None) -> str:
    """The code of the periods code list for an observation's years: ``2013``, ``2005-2010``, ``to-2010`` (the
    source gives only the last year: "up to August 2010") or ``not-stated``."""
    if not year:
        return f"to-{year_end}" if year_end else "not-stated"
    return str(year) if not year_end or year_end == year else f"{year}-{year_end}"


def _period_label(year: int | None, year_end: int | None) -> dict:
    if not year:
        return {"en": f"Up to {year_end} (start not stated)", "id": f"Sampai {year_end} (awal tidak disebutkan)"}
    if not year_end or year_end == year:
        return {"en": str(year), "id": str(year)}
    return {"en": f"{year} to {year_end}", "id": f"{year} sampai {year_end}"}


def _emit_period(e: Emitter, year: int | None, year_end: int | None):
    """The period code (a concept of the periods scheme, added to the vocab graph when it is a year or a span)."""
    code = period_code(year, year_end)
    c = ID[f"vocab/periods/{code}"]
    if code != "not-stated":
        scheme = ID["vocab/periods"]
        e.add("vocab", c, RDF.type, SKOS.Concept)
        e.add("vocab", c, SKOS.inScheme, scheme)
        e.add("vocab", c, SKOS.topConceptOf, scheme)
        e.add("vocab", c, SKOS.notation, Literal(code))
        e.label("vocab", c, _period_label(year, year_end))
    return c


def _emit_dataset(rec: Record, e: Emitter) -> None:
    g = "statistics"
    s = e.record(g, rec, QB.DataSet)
    e.add(g, s, QB.structure, STRUCTURE)
    e.label(g, s, rec.data["label"])
    e.lang(g, s, DCTERMS.description, rec.data.get("description"))


def _emit_series(e: Emitter, ds, dataset: str, key: dict, obs) -> None:
    """Put the observation in the time series of its dataset: the qb:Slice whose dimensions other than the period
    all have the observation's values. The slice IRI is made of those values, so every observation of one series
    names the same slice."""
    g = "statistics"
    codes = [key[p].rsplit("/", 1)[-1] for p in (JAR.measure, JAR.refArea, JAR.refSex, JAR.refAgeGroup, JAR.refGroup,
                                                  JAR.breakdown)]
    sl = ID[f"dataset/{dataset}/series/{'/'.join(codes)}"]
    e.add(g, sl, RDF.type, QB.Slice)
    e.add(g, sl, QB.sliceStructure, SERIES_KEY)
    for prop, value in key.items():
        e.refs(g, sl, prop, value)
    parts = {"en": [], "id": []}
    for prop in (JAR.measure, JAR.refArea, JAR.refSex, JAR.refAgeGroup, JAR.refGroup, JAR.breakdown):
        if prop in DIMENSION_DEFAULTS and key[prop].endswith("/" + DIMENSION_DEFAULTS[prop][2]):
            continue  # "total": not named
        rec = e.index.get(key[prop])
        text = (rec.data.get("label") or rec.data.get("name") or {}) if rec else {}
        for lang in parts:
            parts[lang].append(text.get(lang) or key[prop].rsplit("/", 1)[-1])
    e.label(g, sl, {"en": f"{', '.join(parts['en'])}: series by period",
                    "id": f"{', '.join(parts['id'])}: deret menurut periode"})
    e.add(g, ds, QB.slice, sl)
    e.add(g, sl, QB.observation, obs)


def _emit_observation(rec: Record, e: Emitter) -> None:
    d = rec.data
    g = "statistics"
    s = e.record(g, rec, QB.Observation)
    ds = ID[d["dataset"]]
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
    e.add(g, s, JAR.timePeriod, _emit_period(e, d.get("year"), d.get("year_end")))
    series = {JAR.refArea: d["area"], JAR.measure: d["measure"]}
    for prop, (field, scheme, default) in DIMENSION_DEFAULTS.items():
        series[prop] = d.get(field) or f"vocab/{scheme}/{default}"
        e.refs(g, s, prop, series[prop])
    _emit_series(e, ds, d["dataset"].removeprefix("dataset/"), series, s)
    e.refs(g, s, JAR.about, d.get("subject"))
    e.lang(g, s, JAR.scope, d.get("scope"))
    e.refs(g, s, JAR.conflictsWith, d.get("conflicts_with"))


DATASET_TYPE = RecordType(
    kind="dataset", folder="datasets", graph="statistics", fields=DATASET_FIELDS, emit=_emit_dataset,
    id_prefix="dataset/", title="statistics datasets",
)
OBSERVATION_TYPE = RecordType(
    kind="observation", folder="statistics", graph="statistics", fields=OBSERVATION_FIELDS,
    emit=_emit_observation, id_prefix="stat/", expand=_obs_check, title="statistical observations",
)

#: the record types of this module (kg.records builds its registry from these, in this order)
TYPES = (DATASET_TYPE, OBSERVATION_TYPE)
