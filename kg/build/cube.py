"""The integrity constraints of the RDF Data Cube Vocabulary as SPARQL ASK queries.

Transcribed from the W3C Recommendation "The RDF Data Cube Vocabulary" (16 January 2014), §11.1 "Well-formed
cubes", https://www.w3.org/TR/vocab-data-cube/#wf-rules (W3C Document License). Each query answers true when the
constraint is violated. IC-19 has two forms (code list as skos:ConceptScheme and as skos:Collection); IC-20 and
IC-21 are templates the Recommendation instantiates once per ``qb:parentChildProperty`` of a
``qb:HierarchicalCodeList`` (:func:`instantiated`). The Recommendation requires the graph to be normalised first
(§11.1 phases 1 and 2, :func:`normalise`).

One change of form: IC-17 as published ends ``HAVING (?count != ?numMeasures)``, where ``?count`` is the alias
``(COUNT(?obs2) AS ?count)`` of the same SELECT; under SPARQL 1.1 §18.2.4 the HAVING filter is evaluated before
the projection binds the alias, so engines that follow the algebra (Oxigraph, rdflib) never see ``?count`` and
the constraint could never fire. It is written ``HAVING (COUNT(?obs2) != ?numMeasures)``, the same test."""
from __future__ import annotations

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

#: name -> (title as in the Recommendation, ASK query; true = violated)
CONSTRAINTS: dict[str, tuple[str, str]] = {
    "IC-1": ("Unique DataSet", """ASK {
  { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?dataset1 . } }
  UNION { ?obs a qb:Observation ; qb:dataSet ?dataset1, ?dataset2 . FILTER (?dataset1 != ?dataset2) } }"""),
    "IC-2": ("Unique DSD", """ASK {
  { ?dataset a qb:DataSet . FILTER NOT EXISTS { ?dataset qb:structure ?dsd . } }
  UNION { ?dataset a qb:DataSet ; qb:structure ?dsd1, ?dsd2 . FILTER (?dsd1 != ?dsd2) } }"""),
    "IC-3": ("DSD includes measure", """ASK {
  ?dsd a qb:DataStructureDefinition .
  FILTER NOT EXISTS { ?dsd qb:component [qb:componentProperty [a qb:MeasureProperty]] } }"""),
    "IC-4": ("Dimensions have range", """ASK {
  ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?dim rdfs:range [] } }"""),
    "IC-5": ("Concept dimensions have code lists", """ASK {
  ?dim a qb:DimensionProperty ; rdfs:range skos:Concept .
  FILTER NOT EXISTS { ?dim qb:codeList [] } }"""),
    "IC-6": ("Only attributes may be optional", """ASK {
  ?dsd qb:component ?componentSpec .
  ?componentSpec qb:componentRequired "false"^^xsd:boolean ; qb:componentProperty ?component .
  FILTER NOT EXISTS { ?component a qb:AttributeProperty } }"""),
    "IC-7": ("Slice Keys must be declared", """ASK {
  ?sliceKey a qb:SliceKey .
  FILTER NOT EXISTS { [a qb:DataStructureDefinition] qb:sliceKey ?sliceKey } }"""),
    "IC-8": ("Slice Keys consistent with DSD", """ASK {
  ?slicekey a qb:SliceKey ; qb:componentProperty ?prop .
  ?dsd qb:sliceKey ?slicekey .
  FILTER NOT EXISTS { ?dsd qb:component [qb:componentProperty ?prop] } }"""),
    "IC-9": ("Unique slice structure", """ASK {
  { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?key } }
  UNION { ?slice a qb:Slice ; qb:sliceStructure ?key1, ?key2 . FILTER (?key1 != ?key2) } }"""),
    "IC-10": ("Slice dimensions complete", """ASK {
  ?slice qb:sliceStructure [qb:componentProperty ?dim] .
  FILTER NOT EXISTS { ?slice ?dim [] } }"""),
    "IC-11": ("All dimensions required", """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty .
  FILTER NOT EXISTS { ?obs ?dim [] } }"""),
    "IC-12": ("No duplicate observations", """ASK {
  FILTER( ?allEqual )
  { SELECT (MIN(?equal) AS ?allEqual) WHERE {
      ?obs1 qb:dataSet ?dataset .
      ?obs2 qb:dataSet ?dataset .
      FILTER (?obs1 != ?obs2)
      ?dataset qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty .
      ?obs1 ?dim ?value1 .
      ?obs2 ?dim ?value2 .
      BIND( ?value1 = ?value2 AS ?equal)
    } GROUP BY ?obs1 ?obs2 } }"""),
    "IC-13": ("Required attributes", """ASK {
  ?obs qb:dataSet/qb:structure/qb:component ?component .
  ?component qb:componentRequired "true"^^xsd:boolean ; qb:componentProperty ?attr .
  FILTER NOT EXISTS { ?obs ?attr [] } }"""),
    "IC-14": ("All measures present", """ASK {
  ?obs qb:dataSet/qb:structure ?dsd .
  FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
  ?dsd qb:component/qb:componentProperty ?measure .
  ?measure a qb:MeasureProperty .
  FILTER NOT EXISTS { ?obs ?measure [] } }"""),
    "IC-15": ("Measure dimension consistent", """ASK {
  ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure .
  ?dsd qb:component/qb:componentProperty qb:measureType .
  FILTER NOT EXISTS { ?obs ?measure [] } }"""),
    "IC-16": ("Single measure on measure dimension observation", """ASK {
  ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure ; ?omeasure [] .
  ?dsd qb:component/qb:componentProperty qb:measureType ;
       qb:component/qb:componentProperty ?omeasure .
  ?omeasure a qb:MeasureProperty .
  FILTER (?omeasure != ?measure) }"""),
    "IC-17": ("All measures present in measures dimension cube", """ASK {
  { SELECT ?numMeasures (COUNT(?obs2) AS ?count) WHERE {
      { SELECT ?dsd (COUNT(?m) AS ?numMeasures) WHERE {
          ?dsd qb:component/qb:componentProperty ?m .
          ?m a qb:MeasureProperty .
        } GROUP BY ?dsd }
      ?obs1 qb:dataSet/qb:structure ?dsd ; qb:dataSet ?dataset ; qb:measureType ?m1 .
      ?obs2 qb:dataSet ?dataset ; qb:measureType ?m2 .
      FILTER NOT EXISTS {
        ?dsd qb:component/qb:componentProperty ?dim .
        FILTER (?dim != qb:measureType)
        ?dim a qb:DimensionProperty .
        ?obs1 ?dim ?v1 .
        ?obs2 ?dim ?v2 .
        FILTER (?v1 != ?v2) }
    } GROUP BY ?obs1 ?numMeasures HAVING (COUNT(?obs2) != ?numMeasures) } }"""),
    "IC-18": ("Consistent data set links", """ASK {
  ?dataset qb:slice ?slice .
  ?slice qb:observation ?obs .
  FILTER NOT EXISTS { ?obs qb:dataSet ?dataset . } }"""),
    "IC-19a": ("Codes from code list (concept scheme)", """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a skos:ConceptScheme .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list } }"""),
    "IC-19b": ("Codes from code list (collection)", """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a skos:Collection .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v } }"""),
}

#: IC-20 and IC-21 are templates over each qb:parentChildProperty ``$p`` of a hierarchical code list
TEMPLATES: dict[str, tuple[str, str]] = {
    "IC-20": ("Codes from hierarchy", """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/<$p>* ?v } }"""),
    "IC-21": ("Codes from hierarchy (inverse)", """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/(^<$p>)* ?v } }"""),
}
#: the Recommendation's instantiation queries for the templates: IC-20 for an IRI parent-child property, IC-21 for
#: a blank node that is owl:inverseOf an IRI property
INSTANTIATION = {
    "IC-20": """SELECT DISTINCT ?p WHERE {
  ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty ?p . FILTER ( isIRI(?p) ) }""",
    "IC-21": """SELECT DISTINCT ?p WHERE {
  ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty ?pcp . FILTER( isBlank(?pcp) )
  ?pcp owl:inverseOf ?p . FILTER( isIRI(?p) ) }""",
}

#: §11.1 phase 1 (type and property closure) and phase 2 (push down attachment levels), as SPARQL Update
NORMALISE = [
    """INSERT { ?o rdf:type qb:Observation . } WHERE { [] qb:observation ?o . }""",
    """INSERT { ?o rdf:type qb:Observation . } WHERE { ?o qb:dataSet [] . }""",
    """INSERT { ?s rdf:type qb:Slice . } WHERE { [] qb:slice ?s . }""",
    """INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty . }
       WHERE { ?cs qb:dimension ?p . }""",
    """INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty . }
       WHERE { ?cs qb:measure ?p . }""",
    """INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty . }
       WHERE { ?cs qb:attribute ?p . }""",
    """INSERT { ?obs ?comp ?value } WHERE {
         ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
         ?dataset qb:structure [ qb:component ?spec ] ; ?comp ?value .
         ?obs qb:dataSet ?dataset . }""",
    """INSERT { ?obs ?comp ?value } WHERE {
         ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:Slice .
         ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
         ?slice ?comp ?value ; qb:observation ?obs . }""",
    """INSERT { ?obs ?comp ?value } WHERE {
         ?spec qb:componentProperty ?comp .
         ?comp a qb:DimensionProperty .
         ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
         ?slice ?comp ?value ; qb:observation ?obs . }""",
]


def _store(graph):
    """A pyoxigraph store holding the triples of an rdflib graph (the constraints need a SPARQL engine that
    evaluates HAVING over a SELECT alias, as IC-17 does; rdflib does not)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def normalise(store) -> None:
    """Apply the Recommendation's normalisation algorithm (phases 1 and 2) to a pyoxigraph store in place."""
    for update in NORMALISE:
        store.update(PREFIXES + update)


def instantiated(store) -> dict[str, tuple[str, str]]:
    """IC-20/IC-21 once per parent-child property found in the store (none when it has no hierarchical lists)."""
    out = {}
    for name, (title, template) in TEMPLATES.items():
        props = sorted(r[0].value for r in store.query(PREFIXES + INSTANTIATION[name]))
        for i, p in enumerate(props):
            out[f"{name}/{i}"] = (f"{title} ({p})", template.replace("$p", p))
    return out


def violated(graph, *, normalise_first: bool = True) -> list[str]:
    """Names of the constraints an rdflib graph violates (empty = a well-formed cube); normalises a copy first."""
    store = _store(graph)
    if normalise_first:
        normalise(store)
    return violated_in(store)


def violated_in(store) -> list[str]:
    """Names of the constraints a (normalised) pyoxigraph store violates; the default graph is queried."""
    queries = {**CONSTRAINTS, **instantiated(store)}
    return [name for name, (_title, q) in queries.items() if bool(store.query(PREFIXES + q))]


def load_dist(path) -> object:
    """A pyoxigraph store holding a built N-Quads file (dist/jaring.nq) with every named graph merged into the
    default graph, normalised as the Recommendation requires."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    normalise(store)
    return store


#: what each constraint quantifies over, as a count: a constraint whose count is 0 holds without checking anything
SUBJECTS: dict[str, str] = {
    "IC-1": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a qb:Observation }",
    "IC-2": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a qb:DataSet }",
    "IC-3": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a qb:DataStructureDefinition }",
    "IC-4": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a qb:DimensionProperty }",
    "IC-5": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a qb:DimensionProperty ; rdfs:range skos:Concept }",
    "IC-6": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?dsd qb:component ?c .
               ?c qb:componentRequired "false"^^xsd:boolean }""",
    "IC-7": "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?k a qb:SliceKey }",
    "IC-8": "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?dsd qb:sliceKey ?k . ?k qb:componentProperty [] }",
    "IC-9": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a qb:Slice }",
    "IC-10": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s qb:sliceStructure [qb:componentProperty []] }",
    "IC-11": """SELECT (COUNT(*) AS ?n) WHERE { ?o qb:dataSet/qb:structure/qb:component/qb:componentProperty ?d .
                ?d a qb:DimensionProperty }""",
    "IC-12": """SELECT (COUNT(DISTINCT ?o1) AS ?n) WHERE { ?o1 qb:dataSet ?ds . ?o2 qb:dataSet ?ds .
                FILTER (?o1 != ?o2) ?ds qb:structure [] }""",
    "IC-13": """SELECT (COUNT(*) AS ?n) WHERE { ?o qb:dataSet/qb:structure/qb:component ?c .
                ?c qb:componentRequired "true"^^xsd:boolean }""",
    "IC-14": """SELECT (COUNT(*) AS ?n) WHERE { ?o qb:dataSet/qb:structure ?dsd .
                FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
                ?dsd qb:component/qb:componentProperty ?m . ?m a qb:MeasureProperty }""",
    "IC-15": """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o qb:dataSet/qb:structure ?dsd ; qb:measureType [] .
                ?dsd qb:component/qb:componentProperty qb:measureType }""",
    "IC-16": """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o qb:dataSet/qb:structure ?dsd ; qb:measureType [] .
                ?dsd qb:component/qb:componentProperty qb:measureType }""",
    "IC-17": """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o qb:dataSet/qb:structure ?dsd ; qb:measureType [] .
                ?dsd qb:component/qb:componentProperty qb:measureType }""",
    "IC-18": "SELECT (COUNT(*) AS ?n) WHERE { ?ds qb:slice ?s . ?s qb:observation ?o }",
    "IC-19a": """SELECT (COUNT(*) AS ?n) WHERE { ?o qb:dataSet/qb:structure/qb:component/qb:componentProperty ?d .
                 ?d a qb:DimensionProperty ; qb:codeList ?l . ?l a skos:ConceptScheme . ?o ?d [] }""",
    "IC-19b": """SELECT (COUNT(*) AS ?n) WHERE { ?o qb:dataSet/qb:structure/qb:component/qb:componentProperty ?d .
                 ?d a qb:DimensionProperty ; qb:codeList ?l . ?l a skos:Collection . ?o ?d [] }""",
}


def subject_counts(store) -> dict[str, int]:
    """For each constraint (IC-20/IC-21 once per instantiation), how many things it checks in the store."""
    out = {name: int(next(iter(store.query(PREFIXES + q)))[0].value) for name, q in SUBJECTS.items()}
    for name in instantiated(store):
        out[name] = int(next(iter(store.query(PREFIXES + """SELECT (COUNT(*) AS ?n) WHERE {
          ?o qb:dataSet/qb:structure/qb:component/qb:componentProperty ?d .
          ?d a qb:DimensionProperty ; qb:codeList ?l . ?l a qb:HierarchicalCodeList . ?o ?d [] }""")))[0].value)
    return out
