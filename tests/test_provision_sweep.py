"""Every article, paragraph and point the source documents cite or describe is its own provision in the law layer.

Each row names a cited provision, the provision or instrument it is part of, and a citation that must support it
(document and pinpoint). The real sources are built once for this module.
"""
from __future__ import annotations

import pytest
from rdflib.namespace import RDF, SKOS

from kg.namespaces import ELI, JAR

from graph_support import iri

#: (provision, parent, document, pinpoint) for each subdivision the sources cite or describe.
CITED = [
    ("perda/jawa-barat/2008/3/pasal/8", "perda/jawa-barat/2008/3", "nexus-going-home", "§4.1, Local regulations; fn 61 (Articles 8-9)"),
    ("perda/jawa-barat/2008/3/pasal/9", "perda/jawa-barat/2008/3", "nexus-going-home", "§5.9; fn 152 (Articles 8-9)"),
    ("pergub/dki-jakarta/2010/218/pasal/26", "pergub/dki-jakarta/2010/218", "nexus-going-home", "§4.1, Local regulations"),
    ("pergub/dki-jakarta/2010/218/pasal/4", "pergub/dki-jakarta/2010/218", "nexus-going-home", "§4.1, Local regulations"),
    ("permen/kemensos/2013/22/pasal/12", "permen/kemensos/2013/22", "nexus-going-home", "§4.2; fn 77 (articles 12-20)"),
    ("permen/kemensos/2013/22/pasal/13", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/14", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/15", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/16", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/17", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/18", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/19", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/20", "permen/kemensos/2013/22", "nexus-going-home", "§4.2, fn 77"),
    ("permen/kemensos/2013/22/pasal/6", "permen/kemensos/2013/22", "nexus-going-home", "§4.2; fn 76 (articles 6-9)"),
    ("permen/kemensos/2013/22/pasal/7", "permen/kemensos/2013/22", "nexus-going-home", "§4.2; fn 76 (articles 6-9)"),
    ("permen/kemensos/2013/22/pasal/8", "permen/kemensos/2013/22", "nexus-going-home", "§4.2; fn 76 (articles 6-9)"),
    ("permen/kemensos/2013/22/pasal/9", "permen/kemensos/2013/22", "nexus-going-home", "§4.2; fn 76 (articles 6-9)"),
    ("pp/2008/83/pasal/4", "pp/2008/83", "nexus-going-home", "§4.1, Other initiatives and programs"),
    ("pp/2008/9/pasal/7", "pp/2008/9", "nexus-going-home", "§4.1, Minimum Service Standards and Standard Operating Procedures; fn 44"),
    ("spm/kemenpppa/2009/1/pasal/6", "spm/kemenpppa/2009/1", "nexus-going-home", "§4.1, Minimum Service Standards and Standard Operating Procedures; fn 46"),
    ("treaty/un/1990/migrant-workers-convention/article/67", "treaty/un/1990/migrant-workers-convention", "nexus-going-home", "§4.2, fn 78"),
    ("treaty/un/2000/palermo-protocol/article/3", "treaty/un/2000/palermo-protocol", "challenges-fight-trafficking-indonesia", "Theoretical framework"),
    ("treaty/un/2000/smuggling-protocol/article/3", "treaty/un/2000/smuggling-protocol", "aqnisyah-azmawati-iom", "fn 8"),
    ("treaty/un/2000/smuggling-protocol/article/3/point/a", "treaty/un/2000/smuggling-protocol/article/3", "aqnisyah-azmawati-iom", "fn 8"),
    ("uu/2004/23/pasal/43", "uu/2004/23", "nexus-going-home", "§4.3, Women and child victims of violence"),
    ("uu/2004/39/pasal/68", "uu/2004/39", "nexus-going-home", "§4.2, fn 68"),
    ("uu/2004/39/pasal/75", "uu/2004/39", "nexus-going-home", "§4.2, Law 39/2004; fn 67"),
    ("uu/2006/12/pasal/23", "uu/2006/12", "nexus-going-home", "§5.5"),
    ("uu/2006/12/pasal/23/huruf/i", "uu/2006/12/pasal/23", "nexus-going-home", "§5.5"),
    ("uu/2007/21/pasal/1", "uu/2007/21", "nexus-going-home", "§4.1, fns 26-27"),
    ("uu/2007/21/pasal/1/angka/14", "uu/2007/21/pasal/1", "nexus-going-home", "§4.1, fn 27"),
    ("uu/2007/21/pasal/1/angka/3", "uu/2007/21/pasal/1", "nexus-going-home", "§4.1, fn 26"),
    ("uu/2007/21/pasal/28", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/29", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/30", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/31", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/32", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/33", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/34", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/35", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 28"),
    ("uu/2007/21/pasal/36", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/37", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/38", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/39", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/40", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/41", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/42", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/43", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/44", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/45", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/46", "uu/2007/21", "nexus-going-home", "§4.1, fn 34"),
    ("uu/2007/21/pasal/47", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/48", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 29"),
    ("uu/2007/21/pasal/48/huruf/a", "uu/2007/21/pasal/48", "nexus-going-home", "§4.1, p. 35; fn 29"),
    ("uu/2007/21/pasal/48/huruf/b", "uu/2007/21/pasal/48", "nexus-going-home", "§4.1, p. 35; fn 29"),
    ("uu/2007/21/pasal/48/huruf/c", "uu/2007/21/pasal/48", "nexus-going-home", "§4.1, p. 35; fn 29"),
    ("uu/2007/21/pasal/48/huruf/d", "uu/2007/21/pasal/48", "nexus-going-home", "§4.1, p. 35; fn 29"),
    ("uu/2007/21/pasal/49", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/50", "uu/2007/21", "nexus-going-home", "§4.1, p. 35; fn 30"),
    ("uu/2007/21/pasal/51", "uu/2007/21", "nexus-going-home", "§4.1, fn 25"),
    ("uu/2007/21/pasal/51/ayat/1", "uu/2007/21/pasal/51", "nexus-going-home", "§4.1, fn 25"),
    ("uu/2007/21/pasal/51/ayat/2", "uu/2007/21/pasal/51", "nexus-going-home", "§4.1, fn 32"),
    ("uu/2007/21/pasal/52", "uu/2007/21", "nexus-going-home", "§4.1, fn 33"),
    ("uu/2007/21/pasal/52/ayat/1", "uu/2007/21/pasal/52", "nexus-going-home", "§4.1, fn 33"),
    ("uu/2007/21/pasal/52/ayat/2", "uu/2007/21/pasal/52", "nexus-going-home", "§4.1, p. 35; fn 31"),
    ("uu/2007/21/pasal/52/ayat/3", "uu/2007/21/pasal/52", "nexus-going-home", "§4.1, p. 35; fn 31"),
    ("uu/2007/21/pasal/54", "uu/2007/21", "nexus-going-home", "§5.1, fn 116"),
    ("uu/2007/21/pasal/55", "uu/2007/21", "nexus-going-home", "§4.3, fn 79"),
    ("uu/2007/21/pasal/57", "uu/2007/21", "nexus-going-home", "§4.1, Local regulations; fn 60"),
    ("uu/2007/21/pasal/66", "uu/2007/21", "nexus-going-home", "§4.1, Local regulations; fn 60"),
    ("uu/2007/21/penjelasan", "uu/2007/21", "nexus-going-home", "§5.2"),
    ("uu/2007/21/penjelasan/pasal/51", "uu/2007/21/penjelasan", "nexus-going-home", "§4.1, fn 25"),
    ("uu/2009/11/pasal/12", "uu/2009/11", "nexus-going-home", "§4.3, Social empowerment; fn 83"),
    ("uu/2009/11/pasal/14", "uu/2009/11", "nexus-going-home", "§4.3, Social protection; fn 86"),
    ("uu/2009/11/pasal/6", "uu/2009/11", "nexus-going-home", "§4.3, Law 11/2009; fn 80"),
    ("uu/2009/11/pasal/6/huruf/a", "uu/2009/11/pasal/6", "nexus-going-home", "§4.3, Law 11/2009; fn 80"),
    ("uu/2009/11/pasal/6/huruf/c", "uu/2009/11/pasal/6", "nexus-going-home", "§4.3, Law 11/2009; fn 80"),
    ("uu/2009/11/pasal/6/huruf/d", "uu/2009/11/pasal/6", "nexus-going-home", "§4.3, Law 11/2009; fn 80"),
    ("uu/2009/11/pasal/6/huruf/b", "uu/2009/11/pasal/6", "nexus-going-home", "§4.3, Law 11/2009; fn 80"),
    ("uu/2009/11/pasal/7", "uu/2009/11", "nexus-going-home", "§4.3, Social rehabilitation; fn 81"),
    ("uu/2009/11/pasal/9", "uu/2009/11", "nexus-going-home", "§4.3, Social security; fn 87"),
    ("uu/2009/11/pasal/9/huruf/a", "uu/2009/11/pasal/9", "nexus-going-home", "§4.3, Social security; fn 87"),
    ("uu/2009/36/pasal/144", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2009/36/pasal/145", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2009/36/pasal/146", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2009/36/pasal/147", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2009/36/pasal/148", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2009/36/pasal/149", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2009/36/pasal/150", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2009/36/pasal/151", "uu/2009/36", "nexus-going-home", "§4.3, fn 96"),
    ("uu/2014/23/pasal/12", "uu/2014/23", "nexus-going-home", "§4.1, fn 47"),
]

#: provisions cited only as members of a range (e.g. "Articles 28-50"): their own content is not modelled.
RANGE_MEMBERS = (
    [f"uu/2007/21/pasal/{n}" for n in range(28, 51) if n not in (35, 46, 48)]
    + [f"uu/2009/36/pasal/{n}" for n in range(145, 152)]
    + [f"permen/kemensos/2013/22/pasal/{n}" for n in range(13, 21)]
)

#: lists the sources letter or number point by point, each point a child of its article.
ITEMISED = {
    "uu/2007/21/pasal/48": ["huruf/a", "huruf/b", "huruf/c", "huruf/d"],
    "uu/2009/11/pasal/6": ["huruf/a", "huruf/b", "huruf/c", "huruf/d"],
}


def test_table_is_not_empty():
    assert len(CITED) >= 80
    assert len({row[0] for row in CITED}) == len(CITED)


def test_law_layer_has_enough_provisions(g):
    assert len(set(g.subjects(RDF.type, JAR.Provision))) >= 120


@pytest.mark.parametrize("provision,parent,doc,pinpoint", CITED, ids=[row[0] for row in CITED])
def test_cited_provision(g, provision, parent, doc, pinpoint):
    s = iri(provision)
    assert (s, RDF.type, JAR.Provision) in g
    assert (s, RDF.type, ELI.LegalResourceSubdivision) in g
    assert g.value(s, ELI.is_part_of) == iri(parent)
    assert (iri(parent), RDF.type, JAR.Provision) in g or (iri(parent), RDF.type, JAR.LegalInstrument) in g
    instrument = provision.split("/pasal/")[0].split("/article/")[0].split("/penjelasan")[0]
    assert g.value(s, JAR.inInstrument) == iri(instrument)
    cites = [c for c in g.objects(s, JAR.source)
             if (c, JAR.document, iri(f"source/{doc}")) in g and str(g.value(c, JAR.pinpoint)) == pinpoint]
    assert cites, f"{provision} lacks its citation {doc} at {pinpoint}"


@pytest.mark.parametrize("provision", [row[0] for row in CITED if row[0] not in (
    "uu/2006/12/pasal/23", "uu/2009/11/pasal/9", "treaty/un/2000/smuggling-protocol/article/3")])
def test_cited_provision_is_summarised_in_both_languages(g, provision):
    langs = {n.language for n in g.objects(iri(provision), SKOS.scopeNote)}
    assert {"en", "id"} <= langs


@pytest.mark.parametrize("provision", RANGE_MEMBERS)
def test_range_member_says_its_content_is_not_modelled(g, provision):
    assert {n.language for n in g.objects(iri(provision), JAR.notModelled)} >= {"en", "id"}
    assert any("single article" in str(n) for n in g.objects(iri(provision), JAR.notModelled) if n.language == "en")


@pytest.mark.parametrize("article,points", sorted(ITEMISED.items()))
def test_itemised_points_are_children_of_their_article(g, article, points):
    children = {str(c).removeprefix(str(iri(article)) + "/") for c in g.subjects(ELI.is_part_of, iri(article))}
    assert set(points) <= children
    for p in points:
        assert g.value(iri(f"{article}/{p}"), JAR.subdivisionType) is not None


def test_restitution_heads_say_the_paragraph_is_not_given(g):
    for letter in "abcd":
        summary = " ".join(str(n) for n in g.objects(iri(f"uu/2007/21/pasal/48/huruf/{letter}"), SKOS.scopeNote)
                           if n.language == "en")
        assert "does not say in which paragraph" in summary


@pytest.mark.parametrize("discrepancy", ["uu21-definition-point-notation", "uu21-article-51-cited-whole-and-paragraph",
                                         "uu11-article-6-point-style"])
def test_numbering_discrepancies_name_existing_provisions(g, discrepancy):
    d = iri(f"discrepancy/{discrepancy}")
    about = list(g.objects(d, JAR.about))
    assert about
    for a in about:
        assert (a, RDF.type, JAR.Provision) in g
    assert len(list(g.objects(d, JAR.claim))) >= 2
