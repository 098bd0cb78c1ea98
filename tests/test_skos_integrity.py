"""SKOS integrity conditions on the whole built graph, transcribed as SPARQL from the W3C Recommendation
"SKOS Simple Knowledge Organization System Reference" (18 August 2009), https://www.w3.org/TR/skos-reference/ :

- S9  (§3.4 Class & Property Definitions / §4.3): "skos:ConceptScheme is disjoint with skos:Concept."
- S13 (§5.4): "skos:prefLabel, skos:altLabel and skos:hiddenLabel are pairwise disjoint properties."
- S14 (§5.4): "A resource has no more than one value of skos:prefLabel per language tag."
- S27 (§8.4): "skos:related is disjoint with the property skos:broaderTransitive."
- S46 (§10.4): "skos:exactMatch is disjoint with each of the properties skos:broadMatch and skos:relatedMatch."

No package registry ships skohub's SKOS shapes (searched the npm and PyPI lists), so the conditions are written
here. Where a condition depends on entailment the SKOS data model gives (S9: the domains and ranges of
skos:topConceptOf, skos:hasTopConcept, skos:inScheme and the semantic relations; S27: skos:broader ⊑
skos:broaderTransitive, transitive, skos:narrower its inverse, skos:related symmetric; S46: skos:exactMatch
symmetric and transitive, skos:broadMatch ⊑ skos:broader, skos:relatedMatch symmetric, skos:narrowMatch the
inverse of skos:broadMatch), the query follows it with property paths. Each query must find nothing in the real
graph and must find the one violation a small broken fixture plants."""
from __future__ import annotations

import pytest
from rdflib import Graph

PREFIX = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"

CONCEPT = ("{ ?x a skos:Concept } UNION { ?x skos:topConceptOf ?_a } UNION { ?_b skos:hasTopConcept ?x } "
           "UNION { ?x skos:semanticRelation|skos:broader|skos:narrower|skos:related|skos:broaderTransitive|"
           "skos:narrowerTransitive|skos:mappingRelation|skos:closeMatch|skos:exactMatch|skos:broadMatch|"
           "skos:narrowMatch|skos:relatedMatch ?_c } UNION { ?_d skos:semanticRelation|skos:broader|skos:narrower|"
           "skos:related|skos:broaderTransitive|skos:narrowerTransitive|skos:mappingRelation|skos:closeMatch|"
           "skos:exactMatch|skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?x }")
SCHEME = ("{ ?x a skos:ConceptScheme } UNION { ?_e skos:topConceptOf ?x } UNION { ?x skos:hasTopConcept ?_f } "
          "UNION { ?_g skos:inScheme ?x }")

CONDITIONS = {
    "S9": f"SELECT DISTINCT ?x WHERE {{ {{ {CONCEPT} }} {{ {SCHEME} }} }}",
    "S13": """SELECT DISTINCT ?x WHERE {
        { ?x skos:prefLabel ?l ; skos:altLabel ?l } UNION { ?x skos:prefLabel ?l ; skos:hiddenLabel ?l }
        UNION { ?x skos:altLabel ?l ; skos:hiddenLabel ?l } }""",
    "S14": """SELECT DISTINCT ?x WHERE { ?x skos:prefLabel ?a , ?b .
        FILTER(?a != ?b && LANG(?a) = LANG(?b)) }""",
    "S27": """SELECT DISTINCT ?x WHERE { { ?x skos:related ?y } UNION { ?y skos:related ?x }
        ?x (skos:broader|^skos:narrower|skos:broaderTransitive|^skos:narrowerTransitive
            |skos:broadMatch|^skos:narrowMatch)+ ?y }""",
    "S46": """SELECT DISTINCT ?x WHERE { ?x (skos:exactMatch|^skos:exactMatch)+ ?y .
        FILTER(?x != ?y)
        { ?x skos:broadMatch|^skos:narrowMatch|skos:relatedMatch|^skos:relatedMatch ?y } }""",
}

BROKEN = {
    "S9": "ex:a a skos:Concept . ex:s skos:hasTopConcept ex:t . ex:a skos:inScheme ex:a .",
    "S13": 'ex:a a skos:Concept ; skos:prefLabel "Law"@en ; skos:altLabel "Law"@en .',
    "S14": 'ex:a a skos:Concept ; skos:prefLabel "Law"@en , "Statute"@en , "Undang-undang"@id .',
    "S27": "ex:a skos:related ex:c . ex:a skos:broader ex:b . ex:b skos:broader ex:c .",
    "S46": "ex:a skos:exactMatch ex:b . ex:b skos:exactMatch ex:c . ex:c skos:relatedMatch ex:a .",
}
#: a fixture that breaks nothing: labels in two languages, a chain of broader, related across branches
CLEAN = """ex:s a skos:ConceptScheme ; skos:hasTopConcept ex:a .
ex:a a skos:Concept ; skos:prefLabel "Law"@en , "Undang-undang"@id ; skos:altLabel "UU"@id ; skos:inScheme ex:s .
ex:b a skos:Concept ; skos:broader ex:a ; skos:related ex:d ; skos:exactMatch ex:x .
ex:d a skos:Concept ; skos:broader ex:a . ex:x skos:broadMatch ex:y ."""


def _fixture(body: str) -> Graph:
    return Graph().parse(data="@prefix skos: <http://www.w3.org/2004/02/skos/core#> . "
                              "@prefix ex: <http://example.org/> .\n" + body, format="turtle")


def _violations(graph: Graph, name: str) -> list[str]:
    return sorted(str(r[0]) for r in graph.query(PREFIX + CONDITIONS[name]))


@pytest.mark.parametrize("name", sorted(CONDITIONS))
def test_the_real_graph_meets_the_skos_integrity_condition(g, name):
    assert _violations(g, name) == []


@pytest.mark.parametrize("name", sorted(CONDITIONS))
def test_the_condition_finds_its_violation_in_a_broken_fixture(name):
    found = _violations(_fixture(BROKEN[name]), name)
    assert "http://example.org/a" in found


@pytest.mark.parametrize("name", sorted(CONDITIONS))
def test_the_condition_accepts_a_clean_fixture(name):
    assert _violations(_fixture(CLEAN), name) == []


def test_the_real_graph_has_concepts_to_check(g):
    assert len(list(g.query(PREFIX + "SELECT ?c WHERE { ?c a skos:Concept }"))) >= 200


#: Structure the SKOS Reference allows but a browsable vocabulary needs (standards review 2026-12-05: "14 orphan
#: concepts; two schemes without top concepts"): every concept in a scheme, reached from a top concept of that
#: scheme (a top concept, or narrower than a concept of its scheme); every scheme with a top concept.
STRUCTURE = {
    "concept-without-scheme": "SELECT ?x WHERE { ?x a skos:Concept FILTER NOT EXISTS { ?x skos:inScheme ?s } }",
    "orphan-concept": """SELECT ?x WHERE { ?x a skos:Concept ; skos:inScheme ?s .
        FILTER NOT EXISTS { ?x skos:topConceptOf ?s } FILTER NOT EXISTS { ?s skos:hasTopConcept ?x }
        FILTER NOT EXISTS { ?x skos:broader ?b . ?b skos:inScheme ?s } }""",
    "scheme-without-top-concept": """SELECT ?x WHERE { ?x a skos:ConceptScheme .
        FILTER NOT EXISTS { ?c skos:topConceptOf ?x } FILTER NOT EXISTS { ?x skos:hasTopConcept ?c } }""",
}
STRUCTURE_BROKEN = {
    "concept-without-scheme": "ex:a a skos:Concept .",
    "orphan-concept": ("ex:s a skos:ConceptScheme . ex:t skos:topConceptOf ex:s . "
                       "ex:a a skos:Concept ; skos:inScheme ex:s ."),
    "scheme-without-top-concept": "ex:a a skos:ConceptScheme . ex:c a skos:Concept ; skos:inScheme ex:a .",
}


@pytest.mark.parametrize("name", sorted(STRUCTURE))
def test_every_concept_is_reachable_in_its_scheme_and_every_scheme_has_a_top(g, name):
    assert [str(r[0]) for r in g.query(PREFIX + STRUCTURE[name])] == []
    assert "http://example.org/a" in [str(r[0]) for r in _fixture(STRUCTURE_BROKEN[name]).query(
        PREFIX + STRUCTURE[name])]
