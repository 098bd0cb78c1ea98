"""Every namespace Jaring uses, defined once and bound everywhere from here."""
from __future__ import annotations

#: The one base IRI. Data lives under ``id/``, the ontology under ``ontology/``, named graphs under ``graph/``.
BASE = "https://w3id.org/jaring/"

#: Prefix → namespace IRI, as plain strings (importing this module does not import rdflib: commands that only
#: read the built graph start faster; the rdflib ``Namespace`` objects below are made on first use).
PREFIXES: dict[str, str] = {
    "jar": BASE + "ontology/",
    "id": BASE + "id/",
    "graph": BASE + "graph/",
    "jsh": BASE + "shapes/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
}

_NAMESPACES = {"JAR": "jar", "ID": "id", "GRAPH": "graph", "SHAPES": "jsh", "ELI": "eli", "ORG": "org", "QB": "qb",
               "SH": "sh", "TIME": "time", "SCHEMA": "schema"}
_RDFLIB = ("DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD")


def __getattr__(name: str):
    """``JAR``, ``ID``, ... as rdflib ``Namespace`` objects, and rdflib's ``RDF``, ``SKOS``, ..., made on first use."""
    if name in _NAMESPACES:
        from rdflib import Namespace

        value = Namespace(PREFIXES[_NAMESPACES[name]])
    elif name in _RDFLIB:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


#: Named graphs of the built dataset, one per layer.
GRAPHS: dict[str, str] = {
    name: PREFIXES["graph"] + name
    for name in ("ontology", "vocab", "sources", "law", "institutions", "practice", "statistics")
}


def bind_all(nsm) -> None:
    """Bind every project prefix on an rdflib namespace manager (overriding rdflib defaults)."""
    for prefix, iri in PREFIXES.items():
        nsm.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    """BASE and PREFIX declarations for queries typed by people: every project prefix, and the public base, so a
    relative IRI (``<id/uu/2007/21>``) means the same on every engine and behind every endpoint (a query's own
    BASE and PREFIX lines come later and win)."""
    return f"BASE <{BASE}>\n" + "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
