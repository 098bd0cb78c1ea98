"""The dist files are streamed from each graph's sorted N-Triples lines (kg/build/serialize.py): every format holds the
same quads, literals keep their exact lexical form, the validity pass sees all it reads, and ``kg build`` never
makes an rdflib Dataset (the memory it used to take)."""
from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.build import serialize
from kg.build.pipeline import BuildResult, _sorted_lines, build, build_dataset
from kg.namespaces import GRAPHS
from kg.asof import effective_validity, reads

QUAD_FILES = {"jaring.nq": "nquads", "jaring.trig": "trig", "jaring.jsonld": "json-ld"}
TRIPLE_FILES = {"jaring.nt": "nt", "jaring.ttl": "turtle"}
OX = {"jaring.nq": ox.RdfFormat.N_QUADS, "jaring.trig": ox.RdfFormat.TRIG, "jaring.jsonld": ox.RdfFormat.JSON_LD,
      "jaring.nt": ox.RdfFormat.N_TRIPLES, "jaring.ttl": ox.RdfFormat.TURTLE, "ontology.ttl": ox.RdfFormat.TURTLE}


def rdflib_quads(path: Path, fmt: str) -> set:
    ds = Dataset()
    ds.parse(path, format=fmt)
    return {(s, p, o, g) for s, p, o, g in ds.quads()}


def ox_strings(path: Path, triples: bool = False) -> set[str]:
    return {str(q.triple) if triples else str(q) for q in ox.parse(path=str(path), format=OX[path.name])}


def test_every_format_holds_exactly_the_same_quads(sources_tree, tmp_path):
    src, dist = sources_tree(), tmp_path / "dist"
    result = build_dataset(src)
    build(src, dist=dist)
    named = {URIRef(iri) for iri in GRAPHS.values()}
    expected = {(s, p, o, g) for s, p, o, g in result.dataset.quads() if g in named}
    assert len(expected) > 1000
    for name, fmt in QUAD_FILES.items():
        assert rdflib_quads(dist / name, fmt) == expected, name
    union = {(s, p, o) for s, p, o, _g in expected}
    for name, fmt in TRIPLE_FILES.items():
        assert set(Graph().parse(dist / name, format=fmt)) == union, name
    onto = {(s, p, o) for s, p, o, g in expected if g == URIRef(GRAPHS["ontology"])}
    assert set(Graph().parse(dist / "ontology.ttl", format="turtle")) == onto


def test_the_line_formats_are_what_rdflib_writes(sources_tree, tmp_path):
    """jaring.nq and jaring.nt are byte for byte the sorted lines rdflib's own serialisers give."""
    src = sources_tree()
    dist = tmp_path / "dist"
    build(src, dist=dist)
    ds = build_dataset(src).dataset
    assert (dist / "jaring.nq").read_text("utf-8") == _sorted_lines(ds.serialize(format="nquads"))
    union = Graph()
    for s, p, o, _g in ds.quads():
        union.add((s, p, o))
    assert (dist / "jaring.nt").read_text("utf-8") == _sorted_lines(union.serialize(format="nt"))


def test_the_real_dist_formats_agree(tmp_path):
    """On the real data (decimals, dates, language tags, long quotes) every format parses to the same quads,
    lexical forms included (pyoxigraph's parser keeps them as written)."""
    dist = tmp_path / "dist"
    summary = build(dist=dist)
    quads = ox_strings(dist / "jaring.nq")
    assert len(quads) == summary["quads"]
    assert ox_strings(dist / "jaring.trig") == quads
    assert ox_strings(dist / "jaring.jsonld") == quads
    triples = {q.rsplit(" ", 1)[0] for q in quads}  # drop the graph name
    assert ox_strings(dist / "jaring.nt", triples=True) == triples
    assert len(triples) == summary["triples"]  # distinct triples: one stated in two graphs counts once
    assert ox_strings(dist / "jaring.ttl", triples=True) == triples
    onto = {q.rsplit(" ", 1)[0] for q in quads if q.endswith(f"<{GRAPHS['ontology']}>")}
    assert ox_strings(dist / "ontology.ttl", triples=True) == onto


AWKWARD = [
    Literal('line one\nline two\r\n"quoted" and back\\slash\ttab'),
    Literal("Perlindungan § 5 — saksi dan korban", lang="id"),
    Literal("a\u2028b\u0085c"),  # line separators that str.splitlines would break on
    Literal("93.0", datatype=XSD.decimal),
    Literal("2007-04-19", datatype=XSD.date),
    Literal("true", datatype=XSD.boolean),
    Literal("x", lang="en-GB"),  # written "en-gb" in every file
    Literal(""),
]


def awkward_graphs() -> dict[str, list[bytes]]:
    s = URIRef("https://w3id.org/jaring/id/test/s")
    p = URIRef("https://w3id.org/jaring/ontology/p")
    law = {serialize.nt_line(s, p, o) for o in AWKWARD}
    law.add(serialize.nt_line(s, RDF.type, URIRef("https://w3id.org/jaring/ontology/T")))
    practice = {serialize.nt_line(s, p, AWKWARD[0]),  # the same triple in two graphs
                serialize.nt_line(URIRef("https://w3id.org/jaring/id/a/b"), p, s)}
    return {GRAPHS["law"]: sorted(law), GRAPHS["practice"]: sorted(practice), GRAPHS["statistics"]: []}


@pytest.mark.parametrize("name", ["jaring.nq", "jaring.trig", "jaring.jsonld", "jaring.nt", "jaring.ttl"])
def test_awkward_literals_survive_every_writer(name, tmp_path):
    graphs = awkward_graphs()
    buf = io.BytesIO()
    serialize.WRITERS[name](graphs, buf)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    expected = {(line.decode("utf-8"), iri) for iri, lines in graphs.items() for line in lines}
    assert ('"@language": "en-gb"' if name == "jaring.jsonld" else '"x"@en-gb ') in buf.getvalue().decode("utf-8")
    if name in QUAD_FILES:
        got = {(f"{s.n3()} {p.n3()} {serialize._quote_literal(o) if isinstance(o, Literal) else o.n3()} .", str(g))
               for s, p, o, g in rdflib_quads(path, QUAD_FILES[name])}
        assert got == expected
        nq = b"".join(line + b"\n" for line in serialize.quad_lines(graphs))
        assert ox_strings(path) == {str(q) for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS)}
    else:
        got = {f"{s.n3()} {p.n3()} {serialize._quote_literal(o) if isinstance(o, Literal) else o.n3()} ."
               for s, p, o in Graph().parse(path, format=TRIPLE_FILES[name])}
        assert got == {t for t, _g in expected}
        nt = b"".join(line + b"\n" for line in serialize.triple_lines(graphs))
        assert ox_strings(path, triples=True) == {str(q.triple) for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)}


def test_quad_and_triple_lines_are_sorted_and_unique():
    graphs = awkward_graphs()
    quads = list(serialize.quad_lines(graphs))
    assert quads == sorted(set(quads))
    triples = list(serialize.triple_lines(graphs))
    assert triples == sorted({line for lines in graphs.values() for line in lines})


def test_turtle_and_trig_start_with_a_fixed_prefix_header():
    graphs = awkward_graphs()
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(serialize.TURTLE_PREFIXES.items())) + "\n"
    for name in ("jaring.ttl", "jaring.trig"):
        buf = io.BytesIO()
        serialize.WRITERS[name](graphs, buf)
        text = buf.getvalue().decode("utf-8")
        assert text.startswith(header)
        assert "@prefix" not in text[len(header):]


def test_validity_reads_nothing_the_build_leaves_out(real_build):
    """The build computes validity from the law triples kg.asof.reads accepts; on the real law graph that
    gives exactly what the whole graph gives."""
    law = real_build.dataset.graph(URIRef(GRAPHS["law"]))
    kept = Graph()
    for s, p, o in law:
        if reads(p, o):
            kept.add((s, p, o))
    assert len(kept) < len(law)
    full, part = effective_validity(law), effective_validity(kept)
    assert full.keys() == part.keys() and full
    for res, v in full.items():
        w = part[res]
        assert (v, v.sources, v.inherited_from) == (w, w.sources, w.inherited_from), res


def test_kg_build_never_makes_an_rdflib_dataset(sources_tree, tmp_path, monkeypatch):
    def refuse(self):
        raise AssertionError("kg build made an rdflib Dataset")

    monkeypatch.setattr(BuildResult, "dataset", property(refuse))
    summary = build(sources_tree(), dist=tmp_path / "dist")
    assert summary["facts_without_source"] == 0
