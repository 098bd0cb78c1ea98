"""Changes of the law over time: enactment and entry-into-force dates, gazette numbers, repeals and amendments, each
answered the way an advocate would ask and each with the citation that supports it.

The real sources are built once for this module and queried with rdflib.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.namespaces import ELI, JAR

from graph_support import iri, local


def cites(g: Graph, subject: URIRef, doc: str) -> set[str]:
    """Pinpoints of the citations of ``subject`` to document ``doc``."""
    return {str(g.value(c, JAR.pinpoint)) for c in g.objects(subject, JAR.source)
            if (c, JAR.document, iri(f"source/{doc}")) in g}


# --- dates -------------------------------------------------------------------------------------------------------

DATES = [
    # (instrument, enacted, entry into force, document that gives the date)
    ("uu/2007/21", "2007-04-19", "2007-04-19", "text-uu-2007-21"),
    ("uu/2004/39", "2004-10-18", "2004-10-18", "text-uu-2004-39"),
    ("uu/2017/18", "2017-11-22", "2017-11-22", "text-uu-2017-18"),
    ("uu/2006/13", "2006-08-11", "2006-08-11", "text-uu-2006-13"),
    ("uu/2014/31", "2014-10-17", "2014-10-17", "text-uu-2014-31"),
    ("uu/2009/11", "2009-01-16", "2009-01-16", "text-uu-2009-11"),
    ("perpres/2023/49", "2023-08-10", "2023-08-10", "text-perpres-2023-49"),
    ("pp/2008/9", None, "2008-02-04", "text-pp-2008-9"),
]


@pytest.mark.parametrize("instrument,enacted,in_force,doc", DATES, ids=[r[0] for r in DATES])
def test_when_was_it_enacted_and_when_did_it_take_effect(g, instrument, enacted, in_force, doc):
    s = iri(instrument)
    assert str(g.value(s, ELI.first_date_entry_in_force)) == in_force
    if enacted:
        assert str(g.value(s, ELI.date_document)) == enacted
    else:  # the enactment date could not be read, so it is not asserted
        assert g.value(s, ELI.date_document) is None
    assert cites(g, s, doc), f"{instrument} does not cite {doc} for its dates"


ENTRY_INTO_FORCE_ARTICLES = [
    # (the article that says when the instrument takes effect, its date)
    ("uu/2007/21/pasal/67", "2007-04-19"),
    ("uu/2004/39/pasal/109", "2004-10-18"),
    ("uu/2017/18/pasal/91", "2017-11-22"),
    ("uu/2006/13/pasal/46", "2006-08-11"),
    ("uu/2014/31/pasal/ii", "2014-10-17"),
    ("pp/2008/9/pasal/27", "2008-02-04"),
    ("perpres/2023/49/pasal/ii", "2023-08-10"),
]


@pytest.mark.parametrize("article,date", ENTRY_INTO_FORCE_ARTICLES, ids=[r[0] for r in ENTRY_INTO_FORCE_ARTICLES])
def test_the_entry_into_force_article_is_a_provision_with_its_wording(g, article, date):
    s = iri(article)
    assert (s, RDF.type, JAR.Provision) in g
    assert "mulai berlaku pada tanggal diundangkan" in str(g.value(s, JAR.wording))
    assert str(g.value(s, ELI.first_date_entry_in_force)) == date


GAZETTES = [
    ("uu/2007/21", "Tahun 2007 Nomor 58"),
    ("uu/2004/39", "Tahun 2004 Nomor 133"),
    ("uu/2017/18", "Tahun 2017 Nomor 242"),
    ("uu/2006/13", "Tahun 2006 Nomor 64"),
    ("uu/2014/31", "Tahun 2014 Nomor 293"),
    ("uu/2009/11", "Tahun 2009 Nomor 12"),
    ("perpres/2021/22", "Tahun 2021 Nomor 91"),
    ("perpres/2023/49", "Tahun 2023 Nomor 107"),
    ("pp/2008/9", "Nomor 4818"),
]


@pytest.mark.parametrize("instrument,number", GAZETTES, ids=[r[0] for r in GAZETTES])
def test_gazette_numbers(g, instrument, number):
    assert number in str(g.value(iri(instrument), JAR.gazette))


# --- repeals and amendments -----------------------------------------------------------------------------------------

def test_which_law_replaced_uu_39_2004_when_and_by_which_article(g):
    old = iri("uu/2004/39")
    rows = list(g.query("""SELECT ?article ?law ?date WHERE {
        ?article eli:repeals ?old ; jar:inInstrument ?law .
        ?rel jar:fromResource ?article ; jar:toResource ?old ; jar:date ?date . }""",
                        initNs={"eli": ELI, "jar": JAR}, initBindings={"old": old}))
    assert [(local(r.article), local(r.law), str(r.date)) for r in rows] == [
        ("uu/2017/18/pasal/89/huruf/a", "uu/2017/18", "2017-11-22")]
    assert str(g.value(old, ELI.date_no_longer_in_force)) == "2017-11-22"
    assert cites(g, iri("uu/2017/18/pasal/89/huruf/a"), "text-uu-2017-18") == {"Pasal 89 huruf a"}
    assert g.value(iri("source/text-uu-2017-18"), JAR.official).toPython() is False


def test_bnp2tki_keeps_working_until_its_successor_exists(g):
    art = iri("uu/2017/18/pasal/88")
    assert "until the agency provided for by this law is formed" in " ".join(
        str(n) for n in g.objects(art, SKOS.scopeNote) if n.language == "en")
    assert cites(g, iri("uu/2004/39/pasal/94/ayat/2"), "text-uu-2004-39") == {"Pasal 94 ayat (2)"}


AMENDMENTS = [
    # (amending instrument, amended instrument, date of the relation or None, a document cited for it)
    ("perpres/2021/22", "perpres/2008/69", None, "text-perpres-2023-49"),
    ("perpres/2023/49", "perpres/2008/69", "2023-08-10", "text-perpres-2023-49"),
    ("uu/2014/31", "uu/2006/13", "2014-10-17", "text-uu-2014-31"),
]


@pytest.mark.parametrize("new,old,date,doc", AMENDMENTS, ids=[r[0] for r in AMENDMENTS])
def test_which_instrument_amended_which_and_when(g, new, old, date, doc):
    assert (iri(new), ELI.amends, iri(old)) in g
    node = next(n for n in g.subjects(JAR.fromResource, iri(new)) if (n, JAR.toResource, iri(old)) in g)
    assert (str(g.value(node, JAR.date)) if g.value(node, JAR.date) else None) == date
    assert cites(g, node, doc)


def test_perpres_22_2021_has_its_official_title_and_no_invented_date(g):
    s = iri("perpres/2021/22")
    assert any("Perubahan atas Peraturan Presiden Nomor 69 Tahun 2008" in str(t) for t in (t for x in g.objects(s, ELI.is_realized_by) for t in g.objects(x, ELI.title)))
    assert g.value(s, ELI.first_date_entry_in_force) is None
    assert g.value(s, ELI.date_document) is None


def test_who_chairs_the_central_task_force_since_perpres_49_2023(g):
    art = iri("perpres/2023/49/pasal/i/angka/1")
    text = " ".join(str(n) for n in g.objects(art, SKOS.scopeNote) if n.language == "en")
    for who in ("Coordinating Minister for Political, Legal and Security Affairs (chair I)",
                "Chief of the National Police (daily chair)", "24 members"):
        assert who in text
    assert str(g.value(art, JAR.inInstrument)) == str(iri("perpres/2023/49"))
    assert cites(g, art, "text-perpres-2023-49")


def test_the_2014_amendment_names_trafficking_victims_for_medical_aid(g):
    old, new = iri("uu/2006/13/pasal/6"), iri("uu/2014/31/pasal/i/angka/3")
    assert str(g.value(old, ELI.date_no_longer_in_force)) == "2014-10-17"
    assert str(g.value(new, ELI.first_date_entry_in_force)) == "2014-10-17"
    assert "trafficking" in " ".join(str(n) for n in g.objects(new, SKOS.scopeNote) if n.language == "en")


# --- Law 21/2007, article by article ----------------------------------------------------------------------------

def test_every_article_of_uu_21_2007_is_a_provision(g):
    present = {local(p) for p in g.subjects(JAR.inInstrument, iri("uu/2007/21"))}
    missing = [n for n in range(1, 68) if f"uu/2007/21/pasal/{n}" not in present]
    assert not missing, missing


@pytest.mark.parametrize("n", range(1, 68))
def test_each_article_of_uu_21_2007_is_summarised_in_both_languages_and_cited(g, n):
    s = iri(f"uu/2007/21/pasal/{n}")
    assert {t.language for t in g.objects(s, SKOS.scopeNote)} >= {"en", "id"}
    assert list(g.objects(s, JAR.source))


ARTICLES = [
    # (provision, a phrase its English summary must contain, pinpoint in the transcription)
    ("uu/2007/21/pasal/18", "is not punished", "Pasal 18"),
    ("uu/2007/21/pasal/26", "does not bar the prosecution", "Pasal 26"),
    ("uu/2007/21/pasal/44", "identity kept confidential", "Pasal 44 ayat (1)"),
    ("uu/2007/21/pasal/45", "special service room", "Pasal 45 ayat (1)"),
    ("uu/2007/21/pasal/53", "first aid no later than seven days", "Pasal 53"),
    ("uu/2007/21/pasal/58/ayat/5", "appointed by Presidential Regulation", "Pasal 58 ayat (5)"),
    ("uu/2007/21/pasal/48/ayat/6", "within 14 days", "Pasal 48 ayat (6)"),
]


@pytest.mark.parametrize("provision,phrase,pinpoint", ARTICLES, ids=[r[0] for r in ARTICLES])
def test_what_the_article_says(g, provision, phrase, pinpoint):
    s = iri(provision)
    assert phrase in " ".join(str(n) for n in g.objects(s, SKOS.scopeNote) if n.language == "en")
    assert pinpoint in cites(g, s, "text-uu-2007-21")


def test_article_2_says_its_wording_was_not_available(g):
    s = iri("uu/2007/21/pasal/2")
    assert g.value(s, JAR.wording) is None
    assert any("lost the article's text" in str(n) for n in g.objects(s, JAR.notModelled) if n.language == "en")
    assert cites(g, s, "bphn-jdihn-uu-2007-21")


DEFINITIONS = [("uu/2007/21/pasal/1/angka/1", "trafficking in persons"), ("uu/2007/21/pasal/1/angka/5", "child"),
               ("uu/2007/21/pasal/1/angka/7", "exploitation"), ("uu/2007/21/pasal/1/angka/13", "restitution"),
               ("uu/2007/21/pasal/1/angka/15", "debt bondage")]


@pytest.mark.parametrize("provision,term", DEFINITIONS, ids=[r[0] for r in DEFINITIONS])
def test_definitions_of_uu_21_2007(g, provision, term):
    s = iri(provision)
    assert (s, RDF.type, JAR.Definition) in g
    assert term in {str(t) for t in g.objects(s, JAR.definesTerm) if t.language == "en"}
    assert len(str(g.value(s, JAR.wording)).split()) <= 25


def test_transcriptions_are_marked_unofficial_and_say_so(g):
    for doc in ("text-uu-2007-21", "text-uu-2017-18", "text-uu-2004-39", "text-uu-2006-13", "text-uu-2014-31",
                "text-pp-2008-9", "text-perpres-2023-49", "text-uu-2009-11"):
        d = iri(f"source/{doc}")
        assert g.value(d, JAR.official).toPython() is False
        assert "transcription" in " ".join(str(n) for n in g.objects(d, RDFS.comment) if n.language == "en").lower()


DISCREPANCY_CLAIMS = [
    # (discrepancy, a document one of its claims now cites, status); a transcription alone settles nothing, so only
    # the entry an official site already resolved is resolved
    ("bnp2tki-founding-instrument", "text-uu-2004-39", "unresolved"),
    ("uu11-article-6-point-style", "text-uu-2009-11", "unresolved"),
    ("uu21-definition-point-notation", "text-uu-2007-21", "unresolved"),
    ("uu21-article-46-subject", "text-uu-2007-21", "unresolved"),
    ("witness-protection-law-number", "text-uu-2007-21", "resolved-by-official-source"),
    ("perpres-2021-22-date", "text-perpres-2023-49", "unresolved"),
    ("central-task-force-size", "text-perpres-2023-49", "unresolved"),
]


@pytest.mark.parametrize("did,doc,status", DISCREPANCY_CLAIMS, ids=[r[0] for r in DISCREPANCY_CLAIMS])
def test_discrepancies_record_what_the_enacted_text_says(g, did, doc, status):
    d = iri(f"discrepancy/{did}")
    claims = list(g.objects(d, JAR.claim))
    assert len(claims) >= 3
    assert any(cites(g, c, doc) for c in claims)
    assert str(g.value(d, JAR.status)) == status
