"""The gap engine reads built files with pyoxigraph: the same triples as rdflib's own parser gives."""
from datetime import date

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import gaps
from kg.build.pipeline import build

FILES = ("jaring.nq", "jaring.nt", "jaring.trig", "jaring.ttl")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    build(dist=out)
    return out


def _reference(path) -> set:
    """What rdflib's parser reads from the file (without the ontology graph, as the gap engine wants it)."""
    if path.suffix in (".nq", ".trig"):
        ds = Dataset()
        ds.parse(path, format={".nq": "nquads", ".trig": "trig"}[path.suffix])
        return set(gaps.data_graph(ds))  # a Dataset given: rdflib's triples, the ontology graph left out
    g = Graph()
    g.parse(path)
    return set(g)


def test_every_format_is_covered():
    assert FILES and {f.rsplit(".", 1)[1] for f in FILES} == {s[1:] for s in gaps._OX_FORMATS}


@pytest.mark.parametrize("name", FILES)
def test_same_triples_as_rdflib(dist, name):
    path = dist / name
    ours = set(gaps.data_graph(path))
    assert len(ours) > 10_000
    assert ours == _reference(path)


def test_ontology_graph_is_left_out_and_terms_keep_their_kind(dist):
    g = gaps.data_graph(dist)  # a folder means its jaring.nq
    onto = Graph().parse(dist / "ontology.ttl")
    only_onto = set(onto) - _reference(dist / "jaring.nq")
    assert only_onto and not only_onto & set(g)
    langs = {o.language for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert {"en", "id"} <= langs
    dates = [o for o in g.objects() if isinstance(o, Literal) and o.datatype == XSD.date]
    assert dates and all(isinstance(d.value, date) for d in dates)
    plain = [o for o in g.objects() if isinstance(o, Literal) and o.language is None and o.datatype is None]
    assert plain  # xsd:string literals stay plain, as rdflib reads them


def test_gaps_from_the_file_equal_gaps_from_the_dataset(dist):
    from_file = gaps.find_gaps(dist / "jaring.nq")
    ds = Dataset()
    ds.parse(dist / "jaring.nq", format="nquads")
    assert from_file and [g.to_dict() for g in from_file] == [g.to_dict() for g in gaps.find_gaps(ds)]


# --- the compact read store (kg.gaps.graph._ReadStore) --------------------------------------------------------

PATTERNS = ("spo", "sp", "so", "po", "s", "p", "o", "")


def _patterns(triples):
    """Patterns of every shape, bound to terms of the graph (an entry with one member and one with several)."""
    from collections import Counter

    by_sp = Counter((s, p) for s, p, _o in triples)
    by_po = Counter((p, o) for _s, p, o in triples)
    picks = [next(t for t in triples if by_sp[t[0], t[1]] == 1 and by_po[t[1], t[2]] == 1),
             next(t for t in triples if by_sp[t[0], t[1]] > 1),
             next(t for t in triples if by_po[t[1], t[2]] > 1)]
    for s, p, o in picks:
        for shape in PATTERNS:
            yield (s if "s" in shape else None, p if "p" in shape else None, o if "o" in shape else None)
    yield (URIRef("https://example.org/none"), None, None)
    yield (picks[0][0], picks[0][1], Literal("no such value"))


def test_compact_store_answers_like_rdflibs_memory_store(dist):
    """Every pattern shape gives the same triples in the same order as rdflib's SimpleMemory filled with the same
    triples in the same order; also after triples are added and removed."""
    from rdflib.plugins.stores.memory import SimpleMemory

    ours = gaps.data_graph(dist / "jaring.nq")
    ref = Graph(store=SimpleMemory())
    triples = list(ours)
    for t in triples:
        ref.add(t)
    assert len(ours) == len(ref) == len(triples)

    def same():
        for pattern in _patterns(list(ref)):
            assert list(ours.triples(pattern)) == list(ref.triples(pattern)), pattern
        assert len(ours) == len(ref)

    same()
    s, p, o = next(t for t in triples if sum(1 for _ in ref.objects(t[0], t[1])) == 1)
    extra = [(s, p, Literal("a second value")), (s, p, Literal("a third value")), (URIRef("https://example.org/n"), p, o)]
    for t in extra:  # a single entry becomes several, in order
        ours.add(t)
        ref.add(t)
    ours.add(extra[0])  # already there: nothing changes
    same()
    for pattern in ((s, p, o), (None, None, Literal("a third value")), (URIRef("https://example.org/n"), None, None)):
        ours.remove(pattern)
        ref.remove(pattern)
        same()
    assert (s, p, o) not in ours and (s, p, Literal("a second value")) in ours


def test_reading_pauses_the_garbage_collector(dist, monkeypatch):
    """Reading makes an object per term and index entry: the cyclic collector does not run meanwhile (each full
    pass would walk everything read so far; one pass may follow when it is on again) and is on afterwards."""
    import gc

    from kg.gaps import graph as reader

    runs, enabled_while_adding = [], []
    add = reader._ReadStore.add

    def watched_add(self, *args, **kwargs):
        if not enabled_while_adding:
            enabled_while_adding.append(gc.isenabled())
        return add(self, *args, **kwargs)

    def count(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    monkeypatch.setattr(reader._ReadStore, "add", watched_add)
    assert gc.isenabled()
    path = dist / "jaring.nq"
    gc.collect()
    gc.callbacks.append(count)
    try:
        g = gaps.data_graph(path)
    finally:
        gc.callbacks.remove(count)
    assert len(g) > 10_000 and enabled_while_adding == [False] and gc.isenabled()
    assert len(runs) <= 1, runs


def test_the_read_store_for_the_compiled_checks_holds_only_what_they_read(dist):
    """The pyoxigraph store filled while reading holds exactly the graph's triples whose predicate a compiled check
    reads (kg.gaps.compiled.store_predicates()), not the labels, sources and quotes."""
    import pyoxigraph as ox

    from kg.gaps.compiled import store_predicates

    g = gaps.data_graph(dist / "jaring.nq")
    store = g._jaring_ox_store
    held = {(s.value, p.value, o.value if not isinstance(o, ox.Literal) else str(o))
            for s, p, o, _g in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    wanted = {(str(s), str(p), o.n3() if isinstance(o, Literal) else str(o))
              for s, p, o in g if p in store_predicates() and not isinstance(s, BNode) and not isinstance(o, BNode)}
    held = {t for t in held if not t[0].startswith("_") and not t[2].startswith("_")}
    assert wanted and len(store) < len(g) / 2
    assert {(s, p) for s, p, _o in held} == {(s, p) for s, p, _o in wanted} and len(held) == len(wanted)


def test_kg_gaps_called_in_process_leaves_the_collector_as_it_found_it(dist, tmp_path, monkeypatch, capsys):
    """`kg gaps` pauses the cyclic collector for the whole command and puts it back on return: ``main`` runs inside
    other processes too (the test suite, a notebook), and the collector left off there leaked into every later
    test (the stress runs found test_reading_pauses_the_garbage_collector failing after a `kg gaps` test)."""
    import gc

    from kg.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert gc.isenabled()
    assert main(["gaps", "--dist", str(dist), "--out", str(tmp_path / "report"), "--quiet"]) == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["gaps", "--dist", str(dist), "--out", str(tmp_path / "report"), "--quiet"]) == 0
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
