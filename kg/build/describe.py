"""The dataset's own description, written into ``dist/void.ttl`` by the build: VoID and DCAT.

What a researcher or a data portal reads before loading Jaring: title and description in Indonesian and English,
the publisher, the **data licence** (CC BY 4.0; the software's MIT licence in ``pyproject.toml`` covers the code
only), the version, issued and modified dates, every distribution in ``dist/`` with its media type, byte size and
SHA-256 checksum (``spdx:checksum``), the SPARQL endpoint, the named graphs as ``void:subset``\\ s with their triple
counts, the vocabularies used and a few example resources.

Deterministic: the dates come from the data, not from the clock — ``dcterms:modified`` is the newest
``jar:checkedOn`` (the day the law was last checked), so a rebuild of the same sources is byte-identical.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from .. import __version__
from ..namespaces import BASE, GRAPHS, PREFIXES

DATASET = BASE + "dataset"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MEDIA_TYPES = {"jaring.trig": "application/trig", "jaring.nq": "application/n-quads", "jaring.ttl": "text/turtle",
               "jaring.nt": "application/n-triples", "jaring.jsonld": "application/ld+json",
               "ontology.ttl": "text/turtle", "context.jsonld": "application/ld+json"}
EXAMPLES = ("id/uu/2007/21", "id/uu/2007/21/pasal/51/ayat/1", "id/entitlement/uu21-medical-rehabilitation",
            "id/org/gugus-tugas-pusat")
VOCABULARIES = ("http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#",
                "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/",
                "http://purl.org/linked-data/cube#", BASE + "ontology/")

_V, _D, _DCT = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SPDX = "http://spdx.org/rdf/terms#"
_CHECKED_ON = f"<{BASE}ontology/checkedOn>"
_DATE = re.compile(rb'"(\d{4}-\d{2}-\d{2})"')


def newest_check(lines: Iterable[bytes]) -> str | None:
    """The newest ``jar:checkedOn`` date among N-Triples lines (None when the data has no currency check)."""
    newest = None
    marker = _CHECKED_ON.encode()
    for line in lines:
        if marker in line:
            m = _DATE.search(line)
            if m and (newest is None or m.group(1).decode() > newest):
                newest = m.group(1).decode()
    return newest


def describe(summary: dict, files: dict[str, tuple[str, int]], modified: str | None) -> bytes:
    """``void.ttl``: the dataset, its distributions (``files``: name → (sha256, bytes)) and its named graphs."""
    t: list[ox.Triple] = []
    n, lit = ox.NamedNode, ox.Literal

    def add(s: str, p: str, o) -> None:
        t.append(ox.Triple(n(s), n(p), o if not isinstance(o, str) else n(o)))

    ds = DATASET
    for typ in (_V + "Dataset", _D + "Dataset"):
        add(ds, _RDF_TYPE, typ)
    add(ds, _DCT + "title", lit("Jaring: Indonesia's anti-trafficking law and the safety net it promises victims",
                                language="en"))
    add(ds, _DCT + "title", lit("Jaring: hukum anti-perdagangan orang Indonesia dan jaring pengaman yang dijanjikannya "
                                "kepada korban", language="id"))
    add(ds, _DCT + "description", lit(
        "A knowledge graph of Indonesia's anti-trafficking law (instruments, articles, the rights they grant, dated) "
        "and of the institutions and services that should deliver them, with findings of field research and "
        "monitoring kept in their own layer. Every fact cites its source.", language="en"))
    add(ds, _DCT + "description", lit(
        "Graf pengetahuan hukum anti-perdagangan orang Indonesia (instrumen, pasal, hak yang diberikannya, beserta "
        "tanggalnya) serta lembaga dan layanan yang wajib memenuhinya, dengan temuan penelitian lapangan dan "
        "pemantauan pada lapisan tersendiri. Setiap fakta menyebut sumbernya.", language="id"))
    add(ds, _DCT + "publisher", BASE)
    add(BASE, _RDF_TYPE, "http://xmlns.com/foaf/0.1/Project")
    add(BASE, "http://xmlns.com/foaf/0.1/name", lit("Jaring"))
    add(ds, _DCT + "license", LICENCE)
    add(ds, _DCT + "rights", lit("Data under CC BY 4.0. Quotations of 25 words or fewer from the cited sources "
                                 "remain their authors' and are given as evidence.", language="en"))
    add(ds, _DCT + "rights", lit("Data berlisensi CC BY 4.0. Kutipan paling banyak 25 kata dari sumber yang dirujuk "
                                 "tetap milik penulisnya dan disertakan sebagai bukti.", language="id"))
    add(ds, "http://www.w3.org/2002/07/owl#versionInfo", lit(summary.get("version", __version__)))
    add(ds, _D + "version", lit(summary.get("version", __version__)))
    if modified:
        add(ds, _DCT + "modified", lit(modified, datatype=n(_XSD + "date")))
        add(ds, _DCT + "issued", lit(modified, datatype=n(_XSD + "date")))
    add(ds, _DCT + "language", "http://id.loc.gov/vocabulary/iso639-1/id")
    add(ds, _DCT + "language", "http://id.loc.gov/vocabulary/iso639-1/en")
    add(ds, _DCT + "spatial", "http://sws.geonames.org/1643084/")
    add(ds, _V + "uriSpace", lit(BASE + "id/"))
    add(ds, _V + "sparqlEndpoint", BASE + "sparql")
    add(ds, _V + "triples", lit(str(summary["triples"]), datatype=n(_XSD + "integer")))
    for vocab in VOCABULARIES:
        add(ds, _V + "vocabulary", vocab)
    for ex in EXAMPLES:
        add(ds, _V + "exampleResource", BASE + ex)
    for name in sorted(files):
        sha, size = files[name]
        dist = f"{BASE}dataset/{name}"
        add(ds, _D + "distribution", dist)
        add(dist, _RDF_TYPE, _D + "Distribution")
        add(dist, _DCT + "title", lit(name))
        add(dist, _D + "downloadURL", f"{BASE}dist/{name}")
        add(dist, _D + "mediaType", f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[name]}")
        add(dist, _D + "byteSize", lit(str(size), datatype=n(_XSD + "nonNegativeInteger")))
        add(dist, _DCT + "license", LICENCE)
        checksum = f"{dist}#sha256"
        add(dist, _SPDX + "checksum", checksum)
        add(checksum, _RDF_TYPE, _SPDX + "Checksum")
        add(checksum, _SPDX + "algorithm", _SPDX + "checksumAlgorithm_sha256")
        add(checksum, _SPDX + "checksumValue", lit(sha, datatype=n(_XSD + "hexBinary")))
    for name, count in summary["triples_per_graph"].items():
        g = GRAPHS[name]
        add(ds, _V + "subset", g)
        add(g, _RDF_TYPE, _V + "Dataset")
        add(g, _V + "triples", lit(str(count), datatype=n(_XSD + "integer")))
        add(g, "http://www.w3.org/ns/sparql-service-description#name", g)
    prefixes = {p: iri for p, iri in PREFIXES.items()}
    prefixes.update({"void": _V, "dcat": _D, "spdx": _SPDX, "foaf": "http://xmlns.com/foaf/0.1/"})
    return ox.serialize(sorted(t, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def jsonld_context() -> bytes:
    """``context.jsonld``: the project's prefixes as a JSON-LD context, for compacting ``jaring.jsonld``."""
    import json

    ctx = {"@context": {p: iri for p, iri in sorted(PREFIXES.items())}}
    return (json.dumps(ctx, indent=1, sort_keys=True) + "\n").encode()
