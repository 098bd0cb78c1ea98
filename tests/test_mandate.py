"""The provider mandate (INTERFACES #5): the YAML field is checked, emitted, and read by the eligibility rule."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kg.records.load import SourcesInvalid, load_sources
from kg.answers.mandate import Mandate, exclusion_reason, may_serve, profile, provinces_reached, read_mandates
from kg.answers.mandate import closure as group_closure
from kg.answers.mandate import province_of
from kg.namespaces import ID, JAR

G = "vocab/groups/"


def _sp(mandate: str) -> dict:
    return {"service_points/s.yaml": """\
        - id: shelter
          name: {en: A shelter, id: Rumah aman}
          kind: trauma-centre
          operator: [org/kemensos]
          region: region/idn
          level: national
          serves: [trafficking-victims]
          services: [shelter]
          source: {doc: nexus-going-home, at: "§4.1"}
""" + mandate}


def test_a_mandate_without_walk_in_or_source_is_refused(sources_tree):
    with pytest.raises(SourcesInvalid) as exc:
        load_sources(sources_tree(_sp("""\
          mandate:
            sexes: [female, males]
""")))
    text = str(exc.value)
    assert "mandate.walk_in: required field is missing" in text
    assert "mandate.sources" in text  # the text that sets the mandate is required
    assert "'males' is not one of: female, male" in text
    assert "s.yaml:" in text


def test_a_mandate_is_loaded_and_emitted(sources_tree):
    from kg.build.pipeline import build_dataset

    src = sources_tree(_sp("""\
          mandate:
            walk_in: true
            groups: [women, children]
            reach: provincial
            sources: [{doc: nexus-going-home, at: "§4.1", quote: "typically serve only women and children", quote_lang: en}]
"""))
    ds = build_dataset(src).dataset
    g = Graph()
    for ctx in ds.graphs():
        g += ctx
    node = ID["sp/shelter/mandate"]
    assert (ID["sp/shelter"], JAR.mandate, node) in g
    assert (node, RDF.type, JAR.Mandate) in g
    assert g.value(node, JAR.walkIn) == Literal(True)
    assert set(g.objects(node, JAR.mandateGroup)) == {ID[G + "women"], ID[G + "children"]}
    assert g.value(node, JAR.source) is not None
    m = read_mandates(g)[ID["sp/shelter"]]
    assert m.walk_in and m.reach == "provincial"


def _vocab() -> tuple[Graph, dict]:
    g = Graph()
    for c, ups in {"women": ["persons"], "men": ["persons"], "children": ["persons"], "adults": ["persons"],
                   "adult-men": ["men", "adults"], "trafficking-victims": ["persons"],
                   "trafficked-men": ["trafficking-victims", "men"], "trafficked-women": ["trafficking-victims", "women"],
                   "migrant-workers": ["persons"], "persons": []}.items():
        g.add((ID[G + c], SKOS.inScheme, ID["vocab/groups"]))
        for u in ups:
            g.add((ID[G + c], SKOS.broader, ID[G + u]))
    return g, group_closure(g)


def _m(**kw) -> Mandate:
    kw.setdefault("walk_in", True)
    for k in ("sexes", "age_groups", "groups"):
        if k in kw:
            kw[k] = frozenset(ID[G + x] if k == "groups" else x for x in kw[k])
    return Mandate(provider=ID["sp/x"], **kw)


def test_women_and_children_excludes_adult_men_but_not_boys():
    _g, ups = _vocab()
    wc = _m(groups=["women", "children"])
    man = profile(ID[G + "trafficked-men"], ups, age="adult")
    boy = profile(ID[G + "trafficked-men"], ups, age="child")
    woman = profile(ID[G + "trafficked-women"], ups, age="adult")
    assert may_serve(wc, man, ups) == "no"
    assert exclusion_reason(wc, man, ups) == "group"
    assert may_serve(wc, boy, ups) == "yes"
    assert may_serve(wc, woman, ups) == "yes"
    # a profile that leaves the age open ("men and boys") may use it only if a boy
    assert may_serve(wc, profile(ID[G + "trafficked-men"], ups), ups) == "conditional"


def test_sexes_walk_in_groups_and_unknown():
    _g, ups = _vocab()
    man = profile(ID[G + "trafficked-men"], ups, age="adult")
    assert may_serve(_m(sexes=["female", "male"]), man, ups) == "yes"
    assert may_serve(_m(sexes=["female"]), man, ups) == "no"
    assert exclusion_reason(_m(sexes=["female"]), man, ups) == "sex"
    assert may_serve(_m(walk_in=False), man, ups) == "no"
    assert exclusion_reason(_m(walk_in=False), man, ups) == "walk-in"
    assert may_serve(_m(groups=["migrant-workers"]), man, ups) == "conditional"  # only if also a migrant worker
    assert may_serve(_m(groups=["trafficking-victims"]), man, ups) == "yes"
    assert may_serve(_m(), man, ups) == "unknown"  # nothing recorded about whom: unknown, not yes, not no
    assert may_serve(None, man, ups) == "unknown"
    assert may_serve(_m(ages=(0, 17)), man, ups) == "no"
    assert may_serve(_m(ages=(18, None)), man, ups) == "yes"


def test_reach_widens_to_the_province_and_national_means_every_province():
    g = Graph()
    prov, reg = ID["region/p"], ID["region/r"]
    g.add((prov, RDF.type, JAR.Province))
    g.add((ID["region/q"], RDF.type, JAR.Province))
    g.add((reg, JAR.partOfRegion, prov))
    g.add((ID["sp/x"], JAR.region, reg))
    po = province_of(g)
    allp = {prov, ID["region/q"]}
    assert provinces_reached(g, ID["sp/x"], None, po, allp) == {prov}
    assert provinces_reached(g, ID["sp/x"], _m(reach="national"), po, allp) == allp
    assert provinces_reached(g, ID["sp/x"], _m(reach="abroad"), po, allp) == frozenset()


def test_real_mandates_of_the_women_and_children_providers(g):
    ups = group_closure(g)
    ms = read_mandates(g)
    man = profile(ID[G + "trafficked-men"], ups, age="adult")
    for org in ("org/p2tp2a", "org/rpsw-network", "org/polri-ppa-units", "sp/p2tp2a-dki-jakarta"):
        assert may_serve(ms[ID[org]], man, ups) == "no", org
    for org in ("org/rptc-network", "sp/rptc-bambu-apus", "sp/p2tp2a-cianjur"):
        assert may_serve(ms[ID[org]], man, ups) == "yes", org
    for org in ("org/gugus-tugas-pusat", "org/kemensos"):
        assert ms[ID[org]].walk_in is False, org


def test_hygiene_refuses_a_mandate_without_walk_in_or_source():
    from kg.gaps import validate_hygiene

    g = Graph()
    sp, node = ID["sp/x"], ID["sp/x/mandate"]
    g.add((sp, RDF.type, JAR.ServicePoint))
    g.add((sp, JAR.mandate, node))
    g.add((node, RDF.type, JAR.Mandate))
    g.add((node, JAR.reach, Literal("galactic")))
    kinds = {r["kind"] for r in validate_hygiene(g).results if r["focus"] == str(node)}
    assert "mandate-well-formed" in kinds
    g.add((node, JAR.walkIn, Literal(True)))
    g.add((node, JAR.source, ID["citation/x"]))
    g.remove((node, JAR.reach, None))
    kinds = {r["kind"] for r in validate_hygiene(g).results if r["focus"] == str(node)}
    assert "mandate-well-formed" not in kinds


def test_both_sexes_recorded_serves_a_profile_of_unknown_sex():
    _g, ups = _vocab()
    child = profile(ID[G + "children"], ups)
    assert may_serve(_m(sexes=["female", "male"]), child, ups) == "yes"
    assert may_serve(_m(sexes=["female"]), child, ups) == "conditional"  # girls only
