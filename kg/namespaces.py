"""Every namespace Jaring uses, defined once and bound everywhere from here."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager

#: The one base IRI. Data lives under ``id/``, the ontology under ``ontology/``, named graphs under ``graph/``.
BASE = "https://w3id.org/jaring/"

JAR = Namespace(BASE + "ontology/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SHAPES = Namespace(BASE + "shapes/")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SH = Namespace("http://www.w3.org/ns/shacl#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, str] = {
    "jar": str(JAR),
    "id": str(ID),
    "graph": str(GRAPH),
    "jsh": str(SHAPES),
    "eli": str(ELI),
    "org": str(ORG),
    "qb": str(QB),
    "sh": str(SH),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "time": str(TIME),
    "schema": str(SCHEMA),
}

#: Named graphs of the built dataset, one per layer.
GRAPHS: dict[str, str] = {
    name: str(GRAPH[name])
    for name in ("ontology", "vocab", "sources", "law", "institutions", "practice", "statistics")
}


def bind_all(nsm: NamespaceManager) -> None:
    """Bind every project prefix on an rdflib namespace manager (overriding rdflib defaults)."""
    for prefix, iri in PREFIXES.items():
        nsm.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    """BASE and PREFIX declarations for queries typed by people: every project prefix, and the public base, so a
    relative IRI (``<id/uu/2007/21>``) means the same on every engine and behind every endpoint (a query's own
    BASE and PREFIX lines come later and win)."""
    return f"BASE <{BASE}>\n" + "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
