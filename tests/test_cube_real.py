"""Jaring's own statistics are a well-formed RDF Data Cube: kg.cube's 21 integrity constraints (W3C Recommendation
"The RDF Data Cube Vocabulary", 16 January 2014, §11.1) run over the N-Quads file a real build writes to dist/, and
none is violated. A constraint that holds only because the graph has nothing for it to check proves nothing, so
each one's subjects are counted: those the cube uses must be non-zero, and the few the cube does not use (a
measure dimension, code lists as skos:Collection) are named, with the feature shown to be absent."""
from __future__ import annotations

from collections import Counter

import pytest

from kg.build import cube
from kg.namespaces import ID, JAR

#: constraints about features Jaring's cube does not use: each with the query that shows the feature is absent.
#: (They are still checked: tests/test_cube_integrity.py breaks each one on a fixture.)
NOT_USED = {
    "IC-15": "one measure (jar:value) and a measure-kind dimension (jar:measure) instead of qb:measureType",
    "IC-16": "one measure (jar:value) and a measure-kind dimension (jar:measure) instead of qb:measureType",
    "IC-17": "one measure (jar:value) and a measure-kind dimension (jar:measure) instead of qb:measureType",
    "IC-19b": "every code list is a skos:ConceptScheme (or the regions), none a skos:Collection",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("cube") / "dist"
    build(dist=out)
    return cube.load_dist(out / "jaring.nq")


def _rows(store, q):
    prologue = cube.PREFIXES + f"PREFIX jar: <{JAR}>\n"
    return [[t.value if t is not None else None for t in row] for row in store.query(prologue + q)]


def test_the_built_statistics_violate_none_of_the_integrity_constraints(store):
    assert cube.violated_in(store) == []


def test_every_constraint_the_cube_uses_has_something_to_check(store):
    counts = cube.subject_counts(store)
    assert set(cube.CONSTRAINTS) <= set(counts)
    vacuous = sorted(name for name, n in counts.items() if n == 0 and name not in NOT_USED)
    assert vacuous == [], counts
    assert counts["IC-1"] >= 100 and counts["IC-2"] >= 10 and counts["IC-3"] >= 1
    assert counts["IC-11"] == counts["IC-1"] * counts["IC-4"]  # every observation, every dimension
    assert [n for n in counts if n.startswith("IC-20/")]  # the area code list is a hierarchy (jar:hasPartRegion)


def test_the_real_cube_fails_when_an_observation_loses_a_dimension_or_is_doubled(tmp_path_factory, store):
    """The same checks catch the defects of the old statistics: an observation without a value for one dimension
    (IC-11), two observations of one dataset with the same values for every dimension (IC-12)."""
    import pyoxigraph as ox

    obs = ID["stat/victims-2013-challenges-table-1"]
    broken = ox.Store()
    broken.extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    broken.update(f"DELETE WHERE {{ <{obs}> <{JAR.refSex}> ?v }}")
    assert "IC-11" in cube.violated_in(broken)
    doubled = ox.Store()
    doubled.extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    doubled.update(f"""INSERT {{ <{obs}-copy> ?p ?o }} WHERE {{ <{obs}> ?p ?o }}""")
    assert cube.violated_in(doubled) == ["IC-12"]


def test_the_unused_features_are_really_absent(store):
    assert not _rows(store, "SELECT ?o WHERE { ?o qb:measureType [] } LIMIT 1")
    assert not _rows(store, "SELECT ?d WHERE { [] qb:component/qb:componentProperty qb:measureType } LIMIT 1")
    assert not _rows(store, "SELECT ?l WHERE { [] qb:codeList ?l . ?l a skos:Collection } LIMIT 1")
    counts = cube.subject_counts(store)
    assert {name for name in NOT_USED if counts[name] == 0} == set(NOT_USED)


def test_every_dataset_has_the_one_structure_and_every_dimension_is_used(store):
    rows = _rows(store, "SELECT ?ds ?dsd WHERE { ?ds a qb:DataSet ; qb:structure ?dsd }")
    assert {r[1] for r in rows} == {"https://w3id.org/jaring/ontology/statisticsStructure"}
    described = _rows(store, """SELECT ?ds WHERE { ?ds a qb:DataSet ; rdfs:label ?en , ?id ; jar:source [] .
        FILTER (LANG(?en) = "en" && LANG(?id) = "id") }""")
    assert {r[0] for r in described} == {r[0] for r in rows}  # labelled in both languages, with a source
    dims = {r[0] for r in _rows(store, """SELECT ?d WHERE {
        <https://w3id.org/jaring/ontology/statisticsStructure> qb:component/qb:dimension ?d }""")}
    assert len(dims) == 7
    for d in dims:  # a dimension with one value only would distinguish nothing
        values = _rows(store, f"SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?o <{d}> ?v }}")
        assert int(values[0][0]) >= 2, d


def test_total_and_not_stated_codes_are_in_their_code_lists_with_both_languages(store):
    for code in ("vocab/sexes/total", "vocab/age-groups/total", "vocab/breakdowns/total", "vocab/periods/not-stated",
                 "vocab/groups/persons"):
        langs = {r[0] for r in _rows(store, f"SELECT (LANG(?l) AS ?lang) WHERE {{ <{ID[code]}> skos:scopeNote ?l }}")}
        assert langs == {"en", "id"}, code
    used = _rows(store, "SELECT ?v (COUNT(?o) AS ?n) WHERE { ?o jar:timePeriod ?v } GROUP BY ?v")
    assert int(dict(used)[str(ID["vocab/periods/not-stated"])]) > 0


def test_conflicting_figures_stay_separate_observations(store):
    """Two sources (or two places of one source) giving different figures for one key are both kept."""
    rows = _rows(store, """SELECT ?a ?b ?va ?vb WHERE { ?a jar:conflictsWith ?b ; jar:value ?va . ?b jar:value ?vb }""")
    assert rows and all(r[2] != r[3] for r in rows)


def test_no_figure_is_recorded_twice(store):
    """Two observations agreeing on every dimension but the dataset, with the same value and unit, from the same
    document would be one figure recorded twice (merge them into one record with two sources)."""
    rows = _rows(store, """SELECT ?o ?ds ?key ?doc WHERE {
      ?o qb:dataSet ?ds ; jar:value ?v ; jar:unit ?u ; jar:source/jar:document ?doc ;
         jar:refArea ?a ; jar:timePeriod ?t ; jar:refSex ?s ; jar:refAgeGroup ?g ; jar:refGroup ?r ;
         jar:measure ?m ; jar:breakdown ?b .
      BIND (CONCAT(STR(?v), STR(?u), STR(?a), STR(?t), STR(?s), STR(?g), STR(?r), STR(?m), STR(?b)) AS ?key) }""")
    seen = Counter((r[2], r[3]) for r in rows)
    assert [k for k, n in seen.items() if n > 1] == []


def test_every_qb_term_the_build_uses_is_defined_by_the_official_vocabulary(store):
    """Checked against the published QB vocabulary file (npm @vocabulary/qb, tests/w3c_material.py)."""
    from rdflib import Dataset

    from w3c_material import vocabulary_file

    official = Dataset()
    official.parse(vocabulary_file("qb"), format="nquads")
    qb = "http://purl.org/linked-data/cube#"
    defined = {str(s) for ctx in official.graphs() for s in ctx.subjects() if str(s).startswith(qb)}
    used = {r[0] for r in _rows(store, f"""SELECT DISTINCT ?t WHERE {{
        {{ ?s ?t ?o }} UNION {{ ?s a ?t }} FILTER (STRSTARTS(STR(?t), "{qb}")) }}""")}
    assert len(used) >= 20
    assert sorted(used - defined) == []


def test_each_measure_has_one_unit(store):
    """Figures of one measure can be compared and summed only if they share a unit (the 22 entry points with
    task-force workers were counted as "task forces" in "service-points"; they are now service points)."""
    rows = _rows(store, """SELECT ?m (COUNT(DISTINCT ?u) AS ?n) WHERE { ?o a qb:Observation ; jar:measure ?m ;
        jar:unit ?u } GROUP BY ?m""")
    assert len(rows) >= 20
    assert [r[0] for r in rows if int(r[1]) > 1] == []
