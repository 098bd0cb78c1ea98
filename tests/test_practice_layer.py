"""The practice layer and its context: regions, statistics, field findings, and a privacy scan over the sources.

The real sources are built once for this module and queried with rdflib.

Privacy rule (checked by ``test_no_personal_data``): no file under ``sources/`` may contain
- a telephone number: an Indonesian number (``08…`` or ``+62…``, 9 to 13 digits, spaces or dashes allowed) or any
  ``+``-prefixed international number of 9 or more digits;
- a 16-digit run, the shape of an Indonesian identity number (NIK);
- an e-mail address, except inside the ``authors`` list of a bibliography record (where a published paper prints
  its authors' contact addresses, that is part of the citation, not personal data about a victim).
Web addresses are ignored by the number patterns (long digit runs in a URL are document ids, not phone numbers).
Case examples are abstract scenarios; names cannot be detected mechanically and are a matter for review.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.namespaces import GRAPHS, ID, JAR, QB

from graph_support import iri

SOURCES = Path(__file__).resolve().parent.parent / "sources"

PROVINCE_SLUGS = [
    "aceh", "sumatera-utara", "sumatera-barat", "riau", "jambi", "sumatera-selatan", "bengkulu", "lampung",
    "kepulauan-bangka-belitung", "kepulauan-riau", "dki-jakarta", "jawa-barat", "jawa-tengah", "di-yogyakarta",
    "jawa-timur", "banten", "bali", "nusa-tenggara-barat", "nusa-tenggara-timur", "kalimantan-barat",
    "kalimantan-tengah", "kalimantan-selatan", "kalimantan-timur", "kalimantan-utara", "sulawesi-utara",
    "sulawesi-tengah", "sulawesi-selatan", "sulawesi-tenggara", "gorontalo", "sulawesi-barat", "maluku",
    "maluku-utara", "papua", "papua-barat", "papua-selatan", "papua-tengah", "papua-pegunungan", "papua-barat-daya",
]
#: region ids other records rely on
SHARED_REGIONS = [
    "idn", "kabupaten-cianjur", "kabupaten-sukabumi", "kota-bandung", "kabupaten-indramayu", "kabupaten-sambas",
    "kabupaten-nunukan", "kota-tanjung-pinang", "entikong", "aruk", "malaysia", "saudi-arabia",
]
#: figures the sources disagree on: each group must be present, linked both ways, and in the discrepancy register
CONFLICTS = {
    "trafficking-victims-2017": {
        "victims-2017-challenges-table-1": 1451,
        "victims-identified-2017-us-tip-2018": 5801,
        "victims-rescued-abroad-2017-police": 1083,
    },
    "iom-caseload-2005-2010": {
        "iom-assisted-2005-2010-total-a": 3699,
        "iom-assisted-2005-2010-total-b": 3701,
    },
    "sambas-police-cases-2018": {
        "sambas-police-cases-2018-text": 8,
        "sambas-police-cases-2018-cited-title": 4,
    },
}
FINDING_KINDS = ["gap", "barrier", "case", "recommendation", "good-practice"]


@pytest.fixture(scope="module")
def ds(real_build):
    return real_build.dataset


def graph(ds, name: str) -> Graph:
    return ds.graph(URIRef(GRAPHS[name]))


def citations(g: Graph, s: URIRef) -> list[URIRef]:
    return list(g.objects(s, JAR.source))


# --- regions ------------------------------------------------------------------------------------------------------

def test_province_lists_are_not_empty():
    assert len(PROVINCE_SLUGS) == 38 == len(set(PROVINCE_SLUGS))
    assert SHARED_REGIONS


def test_exactly_the_38_provinces_with_unique_two_digit_codes(g):
    provinces = set(g.subjects(RDF.type, JAR.Province))
    assert {str(p).removeprefix(str(ID)) for p in provinces} == {f"region/{s}" for s in PROVINCE_SLUGS}
    codes = {}
    for p in provinces:
        found = [str(c) for c in g.objects(p, URIRef("http://purl.org/dc/terms/identifier"))]
        assert len(found) == 1, f"{p} has codes {found}"
        assert re.fullmatch(r"[1-9]\d", found[0]), f"{p}: {found[0]} is not a two-digit code"
        codes[found[0]] = p
    assert len(codes) == 38, "province codes must be unique"
    assert codes["32"] == iri("region/jawa-barat") and codes["61"] == iri("region/kalimantan-barat")


@pytest.mark.parametrize("slug", PROVINCE_SLUGS)
def test_province_is_part_of_indonesia_and_cited(g, slug):
    p = iri(f"region/{slug}")
    assert (p, JAR.partOfRegion, iri("region/idn")) in g
    assert citations(g, p), f"{slug} has no source"


@pytest.mark.parametrize("slug", SHARED_REGIONS)
def test_shared_region_exists(g, slug):
    r = iri(f"region/{slug}")
    assert (r, RDF.type, JAR.Region) in g
    if (r, RDF.type, JAR.Country) not in g:
        assert (r, JAR.partOfRegion, None) in g, f"{slug} is not placed in a larger region"


def test_every_region_chain_reaches_a_country(g):
    regions = list(g.subjects(RDF.type, JAR.Region))
    assert regions
    for r in regions:
        seen, node = set(), r
        while (node, RDF.type, JAR.Country) not in g:
            assert node not in seen, f"cycle at {node}"
            seen.add(node)
            node = g.value(node, JAR.partOfRegion)
            assert node is not None, f"{r} does not reach a country"


# --- statistics ---------------------------------------------------------------------------------------------------

def test_at_least_forty_observations_each_complete(g):
    obs = list(g.subjects(RDF.type, QB.Observation))
    assert len(obs) >= 40
    for o in obs:
        for p in (JAR.measure, JAR.value, JAR.unit, QB.dataSet):
            assert (o, p, None) in g, f"{o} lacks {p}"
        docs = [g.value(c, JAR.document) for c in citations(g, o)]
        assert docs and all(docs), f"{o} has no source document"


def test_conflict_groups_are_listed():
    assert CONFLICTS and all(len(v) >= 2 for v in CONFLICTS.values())


@pytest.mark.parametrize("discrepancy", sorted(CONFLICTS))
def test_conflicting_figures_kept_with_sources_and_linked(g, discrepancy):
    members = CONFLICTS[discrepancy]
    nodes = {sid: iri(f"stat/{sid}") for sid in members}
    for sid, node in nodes.items():
        assert (node, RDF.type, QB.Observation) in g, f"stat/{sid} missing"
        assert int(g.value(node, JAR.value)) == members[sid]
        cites = citations(g, node)
        assert cites and all(g.value(c, JAR.pinpoint) for c in cites), f"stat/{sid} has no pinpointed source"
        for other_id, other in nodes.items():
            if other_id != sid:
                assert (node, JAR.conflictsWith, other) in g, f"stat/{sid} not linked to stat/{other_id}"
    d = iri(f"discrepancy/{discrepancy}")
    assert (d, RDF.type, JAR.Discrepancy) in g
    assert set(nodes.values()) <= set(g.objects(d, JAR.about))
    claims = list(g.objects(d, JAR.claim))
    assert len(claims) == len(members)
    for c in claims:
        assert citations(g, c), f"{c} names no source"


def test_every_conflict_link_is_symmetric(g):
    links = list(g.subject_objects(JAR.conflictsWith))
    assert links
    for a, b in links:
        assert (b, JAR.conflictsWith, a) in g, f"{a} -> {b} has no way back"


# --- findings -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def findings(g) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, JAR.Finding))


def test_enough_findings_of_each_kind(g, findings):
    assert len(findings) >= 80
    kinds = {str(g.value(f, JAR.findingKind)) for f in findings}
    assert set(FINDING_KINDS) <= kinds
    assert any((f, JAR.reportsNonDelivery, None) in g for f in findings)


def test_every_finding_has_a_quoted_source(g, findings):
    for f in findings:
        quotes = [g.value(c, JAR.quote) for c in citations(g, f)]
        assert any(quotes), f"{f} has no quoted evidence"
        for q in filter(None, quotes):
            assert len(str(q).split()) <= 25


def test_every_finding_concerns_a_law_or_institution_node(ds, g, findings):
    law, inst = graph(ds, "law"), graph(ds, "institutions")
    for f in findings:
        targets = list(g.objects(f, JAR.concerns))
        assert targets, f"{f} concerns nothing"
        assert any((t, RDF.type, None) in law or (t, RDF.type, None) in inst for t in targets), \
            f"{f} concerns no law-layer or institution node: {targets}"


def test_findings_stay_out_of_the_law_layer(ds):
    assert not list(graph(ds, "law").subjects(RDF.type, JAR.Finding))
    assert list(graph(ds, "practice").subjects(RDF.type, JAR.Finding))


def test_non_delivery_findings_point_at_what_was_not_delivered(ds, g, findings):
    law, inst = graph(ds, "law"), graph(ds, "institutions")
    flagged = [f for f in findings if (f, JAR.reportsNonDelivery, None) in g]
    assert flagged
    for f in flagged:
        assert any((t, RDF.type, None) in law or (t, RDF.type, None) in inst for t in g.objects(f, JAR.concerns))


# --- privacy scan ---------------------------------------------------------------------------------------------------

SOURCE_FILES = sorted(p.relative_to(SOURCES).as_posix() for p in SOURCES.rglob("*.yaml"))
URL = re.compile(r"https?://\S+")
PHONE = re.compile(r"(?<![\w.])(?:\+62|0)8\d(?:[\s-]?\d){7,10}(?![\w])|(?<![\w])\+\d(?:[\s-]?\d){8,}")
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _strings(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, path + (str(k),))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, path + (i,))
    elif isinstance(node, str):
        yield path, node


def personal_data(rel: str, text: str) -> list[str]:
    """Every match of the privacy rule in one source file (``rel`` is its path under ``sources/``)."""
    found = []
    scrubbed = URL.sub(" ", text)
    found += [f"phone number {m.group(0)!r}" for m in PHONE.finditer(scrubbed)]
    found += [f"16-digit identity number {m.group(0)!r}" for m in NIK.finditer(scrubbed)]
    for line in text.splitlines():  # comments are not parsed: scan them as text
        if line.lstrip().startswith("#"):
            found += [f"e-mail address {m.group(0)!r} in a comment" for m in EMAIL.finditer(line)]
    for path, value in _strings(yaml.safe_load(text)):
        author = rel.startswith("bibliography/") and len(path) >= 2 and path[-2] == "authors"
        if not author:
            found += [f"e-mail address {m.group(0)!r} at {'/'.join(map(str, path))}" for m in EMAIL.finditer(value)]
    return found


def test_privacy_scan_covers_files():
    assert SOURCE_FILES


@pytest.mark.parametrize("rel", SOURCE_FILES)
def test_no_personal_data(rel):
    assert personal_data(rel, (SOURCES / rel).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("text,rel,caught", [
    ("- note: call 0812-3456-7890\n", "findings/x.yaml", True),
    ("- note: call +62 812 3456 7890\n", "findings/x.yaml", True),
    ("- nik: '3201234567890123'\n", "findings/x.yaml", True),
    ("- note: write to someone@example.org\n", "findings/x.yaml", True),
    ("- authors: [someone@example.org]\n", "bibliography/x.yaml", False),
    ("- authors: [someone@example.org]\n", "findings/x.yaml", True),
    ("# contact someone@example.org\n- id: x\n", "bibliography/x.yaml", True),
    ("- value: 2640000\n  url: https://example.org/read/2014/12/18/15273971/x\n", "statistics/x.yaml", False),
    ("- value: 189381000\n", "statistics/x.yaml", False),
])
def test_privacy_rule_itself(text, rel, caught):
    assert bool(personal_data(rel, text)) is caught
