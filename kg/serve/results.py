"""SPARQL results and RDF graphs in the formats the SPARQL 1.1 Protocol names, with content negotiation.

Used by ``kg serve``. Writers follow their specifications:

* SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/);
* SPARQL Query Results XML (https://www.w3.org/TR/rdf-sparql-XMLres/);
* SPARQL 1.1 Query Results CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/): CSV with CRLF line
  ends and plain values; TSV with ``?var`` headers and every term in SPARQL/Turtle syntax (``<iri>``,
  ``"text"@lang``, ``"1"^^<datatype>``, ``_:b``), tabs and newlines in literals escaped;
* RDF graphs (CONSTRUCT, DESCRIBE, linked-data pages) as Turtle, N-Triples, RDF/XML or JSON-LD, written by
  pyoxigraph from N-Triples.

:func:`negotiate` picks the format from an ``Accept`` header honouring q-values (RFC 9110 §12.5.1): the
highest q wins, then the more specific range, then the server's order of preference; ``q=0`` excludes.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

#: Media types for SELECT/ASK results, the server's preference first.
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml", "text/xml")
#: Media types for graphs (CONSTRUCT/DESCRIBE, resource descriptions), the server's preference first.
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
               "application/x-turtle", "text/plain", "application/json")
#: What each accepted media type is written as (aliases map onto the canonical type).
CANONICAL = {"application/json": "application/sparql-results+json", "application/xml":
             "application/sparql-results+xml", "text/xml": "application/sparql-results+xml",
             "application/x-turtle": "text/turtle", "text/plain": "application/n-triples"}


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    params: int
    order: int


def parse_accept(header: str | None) -> list[_Range]:
    """The media ranges of an Accept header with their q-values; malformed parts are ignored."""
    ranges = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0] or "/" not in fields[0]:
            continue
        typ, _, sub = fields[0].lower().partition("/")
        q, params = 1.0, 0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
            elif k.strip():
                params += 1
        ranges.append(_Range(typ, sub, q, params, i))
    return ranges


def _match(r: _Range, media: str) -> int:
    """How specifically ``r`` matches ``media``: 3 exact (with parameters), 2 exact, 1 type/*, 0 */*, -1 none."""
    typ, _, sub = media.partition("/")
    if r.type == typ and r.subtype == sub:
        return 3 if r.params else 2
    if r.type == typ and r.subtype == "*":
        return 1
    if r.type == "*" and r.subtype == "*":
        return 0
    return -1


def negotiate(header: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered media type the client prefers (canonical name), or None when none is acceptable.

    No Accept header, or an empty one, accepts anything: the first offered type."""
    ranges = parse_accept(header)
    if not (header or "").strip() or not ranges:
        return CANONICAL.get(offered[0], offered[0])
    best, best_key = None, None
    for pref, media in enumerate(offered):
        matches = [(_match(r, media), r) for r in ranges]
        matches = [(s, r) for s, r in matches if s >= 0]
        if not matches:
            continue
        spec, r = max(matches, key=lambda m: m[0])  # the most specific range decides this type's q
        if r.q <= 0:
            continue
        key = (r.q, spec, -pref)
        if best_key is None or key > best_key:
            best, best_key = media, key
    return CANONICAL.get(best, best) if best else None


# -- SELECT / ASK ------------------------------------------------------------------------------------------------
def to_json(result: dict) -> bytes:
    return json.dumps(result, ensure_ascii=False).encode("utf-8")


def _xml_term(term: dict) -> str:
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return f"<uri>{escape(value)}</uri>"
    if kind == "bnode":
        return f"<bnode>{escape(value)}</bnode>"
    if kind == "triple":  # RDF-star: not part of the 2008 format; written as its N-Triples text
        return f"<literal>{escape(json.dumps(value))}</literal>"
    attrs = ""
    if term.get("xml:lang"):
        attrs = f" xml:lang={quoteattr(term['xml:lang'])}"
    elif term.get("datatype"):
        attrs = f" datatype={quoteattr(term['datatype'])}"
    return f"<literal{attrs}>{escape(value)}</literal>"


def to_xml(result: dict) -> bytes:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    if "boolean" in result:
        out += ["  </head>", f"  <boolean>{'true' if result['boolean'] else 'false'}</boolean>", "</sparql>"]
        return ("\n".join(out) + "\n").encode("utf-8")
    cols = result.get("head", {}).get("vars", [])
    out += [f"    <variable name={quoteattr(c)}/>" for c in cols]
    out += ["  </head>", "  <results>"]
    for b in result.get("results", {}).get("bindings", []):
        out.append("    <result>")
        for c in cols:
            if c in b:
                out.append(f"      <binding name={quoteattr(c)}>{_xml_term(b[c])}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return ("\n".join(out) + "\n").encode("utf-8")


def to_csv(result: dict) -> bytes:
    """SPARQL 1.1 CSV: a header of variable names, plain values, CRLF line ends (RFC 4180)."""
    if "boolean" in result:  # the CSV format defines no boolean: written as one value, as most stores do
        return ("true" if result["boolean"] else "false").encode("utf-8") + b"\r\n"
    buf = io.StringIO()
    cols = result["head"].get("vars", [])
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(cols)
    for b in result["results"].get("bindings", []):
        w.writerow([b[c].get("value", "") if c in b else "" for c in cols])
    return buf.getvalue().encode("utf-8")


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"'}


def tsv_term(term: dict) -> str:
    """One RDF term in the SPARQL/Turtle syntax TSV requires."""
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = '"' + "".join(_TSV_ESCAPES.get(ch, ch) for ch in value) + '"'
    if term.get("xml:lang"):
        return f"{text}@{term['xml:lang']}"
    dt = term.get("datatype")
    if dt and dt != "http://www.w3.org/2001/XMLSchema#string":
        return f"{text}^^<{dt}>"
    return text


def to_tsv(result: dict) -> bytes:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in SPARQL syntax, unbound as empty fields."""
    if "boolean" in result:
        return ("true" if result["boolean"] else "false").encode("utf-8") + b"\n"
    cols = result["head"].get("vars", [])
    lines = ["\t".join(f"?{c}" for c in cols)]
    for b in result["results"].get("bindings", []):
        lines.append("\t".join(tsv_term(b[c]) if c in b else "" for c in cols))
    return ("\n".join(lines) + "\n").encode("utf-8")


RESULT_WRITERS = {"application/sparql-results+json": to_json, "application/sparql-results+xml": to_xml,
                  "text/csv": to_csv, "text/tab-separated-values": to_tsv}


def write_results(result: dict, media: str) -> bytes:
    return RESULT_WRITERS[media](result)


# -- graphs ----------------------------------------------------------------------------------------------------
def write_graph(ntriples: bytes, media: str, prefixes: dict[str, str] | None = None,
                base: str | None = None) -> bytes:
    """N-Triples text written as ``media`` (Turtle, N-Triples, RDF/XML or JSON-LD)."""
    if media == "application/n-triples":
        return ntriples
    from pyoxigraph import RdfFormat, parse, serialize

    fmt = {"text/turtle": RdfFormat.TURTLE, "application/rdf+xml": RdfFormat.RDF_XML,
           "application/ld+json": RdfFormat.JSON_LD}[media]
    triples = list(parse(ntriples, format=RdfFormat.N_TRIPLES))
    kw = {}
    if prefixes and fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML):
        kw["prefixes"] = prefixes
    if base and fmt is RdfFormat.TURTLE:
        kw["base_iri"] = base
    return serialize(triples, format=fmt, **kw) or b""
