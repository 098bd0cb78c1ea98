"""``kg build``: source records + ontology → RDF in named graphs, written atomically to ``dist/``.

Output is byte-identical across runs and machines: records are emitted in id order, no blank nodes are
minted for anything a diff shows, and every file is written from each graph's sorted triples (kg/build/serialize.py).

Memory: the records are emitted into a :class:`TripleSink`, which keeps each named graph as the set of its
triples' N-Triples lines (bytes) rather than an RDF store, and notes on the way what the summary and the validity
pass need. The files are then streamed from the sorted lines one at a time, and the source records are let go
before writing. An rdflib Dataset is built only on request (:attr:`BuildResult.dataset`).
"""
from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .. import __version__
from .. import dist as dist_io
from ..dist import FILES  # noqa: F401  (kept for callers of kg.build.pipeline)
from ..legal import INSTRUMENT_TYPES
from ..records.load import Loaded, kinds_summary, load_sources
from ..namespaces import GRAPHS, ID, JAR, bind_all
from ..records import REGISTRY, Emitter
from ..records.law import CURRENCY_FINDINGS, RELATION_TYPES, STATUS, SUCCESSION_KINDS
from .describe import describe, jsonld_context, newest_check
from .serialize import WRITERS, nt_line, triple_lines
from ..asof import add_effective_validity, reads as validity_reads

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES_DIR = ROOT / "sources"
ONTOLOGY_DIR = ROOT / "ontology"
DIST_DIR = ROOT / "dist"
DATA_GRAPHS = ("law", "institutions", "practice", "statistics")
# typed nodes that need no jar:source of their own (a data set or a time-series slice groups sourced observations)
EXEMPT_TYPES = frozenset({JAR.Citation, URIRef("http://purl.org/linked-data/cube#DataSet"),
                          URIRef("http://purl.org/linked-data/cube#Slice"), JAR.Claim, JAR.Deadline})


class Tally:
    """What the summary needs about the data graphs, noted triple by triple: typed nodes, nodes with a
    ``jar:source``, instruments and the languages of the law graph's labels."""

    def __init__(self):
        self.typed = {name: set() for name in DATA_GRAPHS}
        self.exempt = {name: set() for name in DATA_GRAPHS}
        self.sourced = {name: set() for name in DATA_GRAPHS}
        self.instruments: set = set()
        self.labelled = {"id": set(), "en": set()}

    def see(self, graph: str, s, p, o) -> None:
        if graph not in self.typed:
            return
        if p == RDF.type:
            self.typed[graph].add(s)
            if o in EXEMPT_TYPES:
                self.exempt[graph].add(s)
            if graph == "law" and o == JAR.LegalInstrument:
                self.instruments.add(s)
        elif p == JAR.source:
            self.sourced[graph].add(s)
        elif p == RDFS.label and graph == "law" and isinstance(o, Literal) and o.language in self.labelled:
            self.labelled[o.language].add(s)

    def facts(self) -> int:
        return sum(len(nodes) for nodes in self.typed.values())

    def unsourced(self) -> list[str]:
        """Typed nodes of the data graphs (other than the exempt types) without a ``jar:source`` in that graph."""
        out = []
        for name in DATA_GRAPHS:
            out += sorted(str(s) for s in self.typed[name] - self.exempt[name] - self.sourced[name])
        return out

    def label_coverage(self) -> str:
        both = self.instruments & self.labelled["id"] & self.labelled["en"]
        return f"{len(both)}/{len(self.instruments)}"


class _SinkGraph:
    """One named graph of a :class:`TripleSink` (what :class:`kg.records.Emitter` writes into)."""
    __slots__ = ("name", "identifier", "_sink")

    def __init__(self, sink: TripleSink, name: str):
        self._sink, self.name, self.identifier = sink, name, URIRef(GRAPHS[name])

    def add(self, triple) -> None:
        self._sink.add(self.name, triple)


class TripleSink:
    """Takes the emitted triples in place of an rdflib Dataset: each named graph is kept as the set of its
    N-Triples lines; the :class:`Tally` and the triples the validity pass reads are noted on the way."""

    def __init__(self):
        self.lines: dict[str, set[bytes]] = {name: set() for name in GRAPHS}
        self.tally = Tally()
        self.validity_input = Graph()  # the law graph's triples kg.asof reads
        self._graphs = {URIRef(iri): _SinkGraph(self, name) for name, iri in GRAPHS.items()}

    def graph(self, iri) -> _SinkGraph:
        return self._graphs[URIRef(iri)]

    def add(self, graph: str, triple) -> None:
        s, p, o = triple
        self.lines[graph].add(nt_line(s, p, o))
        self.tally.see(graph, s, p, o)
        if graph == "law" and validity_reads(p, o):
            self.validity_input.add(triple)


class BuildResult:
    """What a build made: each named graph's sorted N-Triples lines, the ontology as parsed, the loaded records
    and the summary. ``dataset`` (an rdflib Dataset) is made from the lines on first use."""

    def __init__(self, graphs: dict[str, list[bytes]], ontology: Graph, loaded: Loaded | None, tally: Tally):
        self.graphs = graphs  # graph name → sorted N-Triples lines (GRAPHS order)
        self.ontology = ontology
        self.loaded = loaded
        self.tally = tally
        self.summary: dict = {}
        self._dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            ds = Dataset()
            bind_all(ds.namespace_manager)
            for name, iri in GRAPHS.items():
                g = ds.graph(URIRef(iri))
                if self.graphs[name]:
                    g.parse(data=b"\n".join(self.graphs[name]) + b"\n", format="nt")
            self._dataset = ds
        return self._dataset

    def lines_by_iri(self) -> dict[str, list[bytes]]:
        return {GRAPHS[name]: lines for name, lines in self.graphs.items()}


def _generated_vocab(e: Emitter) -> None:
    """Vocabularies defined in code (they drive IRIs and labels): instrument types, relations, statuses."""
    def scheme(slug: str, en: str, idl: str):
        s = ID[f"vocab/{slug}"]
        e.add("vocab", s, RDF.type, SKOS.ConceptScheme)
        e.label("vocab", s, {"en": en, "id": idl})
        return s

    s = scheme("instrument-types", "Instrument types (hierarchy of Indonesian legislation)", "Jenis instrumen hukum")
    for t in INSTRUMENT_TYPES.values():
        c = ID[f"vocab/instrument-types/{t.slug}"]
        e.add("vocab", c, RDF.type, SKOS.Concept)
        e.add("vocab", c, SKOS.inScheme, s)
        e.add("vocab", c, SKOS.topConceptOf, s)
        e.label("vocab", c, {"id": t.label_id, "en": t.label_en})
        # SKOS S13: prefLabel and altLabel are disjoint, so an abbreviation equal to the label is not repeated
        e.lang("vocab", c, SKOS.altLabel, {lang: abbr for lang, abbr, label in
                                           (("id", t.abbr_id, t.label_id), ("en", t.abbr_en, t.label_en))
                                           if abbr != label})
        e.add("vocab", c, SKOS.notation, Literal(t.slug))
        e.literal("vocab", c, JAR.rank, t.rank)
    s = scheme("relation-types", "Relations between legal resources", "Hubungan antar-instrumen")
    for slug, (_prop, en, idl) in RELATION_TYPES.items():
        c = ID[f"vocab/relation-types/{slug}"]
        e.add("vocab", c, RDF.type, SKOS.Concept)
        e.add("vocab", c, SKOS.inScheme, s)
        e.add("vocab", c, SKOS.topConceptOf, s)
        e.label("vocab", c, {"en": en, "id": idl})
    for slug, (en, idl, concepts) in (
            ("currency-findings", ("What a check of an instrument's status found",
                                   "Hasil pemeriksaan status instrumen", CURRENCY_FINDINGS)),
            ("succession-kinds", ("How a successor instrument treats a right of the instrument it replaced",
                                  "Perlakuan instrumen pengganti atas hak dalam instrumen yang digantikannya",
                                  SUCCESSION_KINDS))):
        s = scheme(slug, en, idl)
        for cslug, (c_en, c_id, def_en, def_id) in concepts.items():
            c = ID[f"vocab/{slug}/{cslug}"]
            e.add("vocab", c, RDF.type, SKOS.Concept)
            e.add("vocab", c, SKOS.inScheme, s)
            e.add("vocab", c, SKOS.topConceptOf, s)
            e.label("vocab", c, {"en": c_en, "id": c_id})
            e.lang("vocab", c, SKOS.definition, {"en": def_en, "id": def_id})
            e.add("vocab", c, SKOS.notation, Literal(cslug))
    s = scheme("instrument-status", "Declared status of an instrument", "Status instrumen")
    names = {"in-force": ("in force", "berlaku"), "repealed": ("repealed", "dicabut"),
             "expired": ("expired", "habis masa berlaku"), "unclear": ("status unclear", "status tidak jelas"),
             "draft": ("draft", "rancangan"), "not-in-force": ("not in force", "tidak berlaku")}
    for slug in STATUS:
        c = ID[f"vocab/instrument-status/{slug}"]
        e.add("vocab", c, RDF.type, SKOS.Concept)
        e.add("vocab", c, SKOS.inScheme, s)
        e.add("vocab", c, SKOS.topConceptOf, s)
        e.label("vocab", c, {"en": names[slug][0], "id": names[slug][1]})


def build_dataset(sources_dir: Path = SOURCES_DIR, ontology_dir: Path = ONTOLOGY_DIR) -> BuildResult:
    """Load, check and convert every record; raises :class:`kg.records.load.SourcesInvalid` listing all errors."""
    loaded = load_sources(sources_dir)
    sink = TripleSink()
    onto = Graph()
    bind_all(onto.namespace_manager)
    for path in sorted(Path(ontology_dir).glob("*.ttl")):
        onto.parse(path, format="turtle")
    onto_graph = sink.graph(GRAPHS["ontology"])
    for t in onto:
        onto_graph.add(t)
    e = Emitter(sink, loaded.records)
    _generated_vocab(e)
    for rid in sorted(loaded.records):
        rec = loaded.records[rid]
        REGISTRY[rec.kind].emit(rec, e)
    del e
    # derived jar:effectiveFrom/Until (kg/asof.py), from the law triples it reads, into the law graph
    add_effective_validity(sink.validity_input, into=sink.graph(GRAPHS["law"]))
    sink.validity_input = None
    graphs = {}
    for name in GRAPHS:
        graphs[name] = sorted(sink.lines[name])
        sink.lines[name] = None  # free each set once sorted
    result = BuildResult(graphs, onto, loaded, sink.tally)
    result.summary = _summary(result)
    return result


def unsourced_facts(ds: Dataset) -> list[str]:
    """Typed nodes of the data graphs that carry no ``jar:source`` (must be none)."""
    tally = Tally()
    for name in DATA_GRAPHS:
        for s, p, o in ds.graph(URIRef(GRAPHS[name])):
            tally.see(name, s, p, o)
    return tally.unsourced()


def _summary(result: BuildResult) -> dict:
    graphs = {name: len(lines) for name, lines in result.graphs.items()}
    return {
        "version": __version__,
        "triples": sum(1 for _ in triple_lines(result.graphs)),  # distinct: a triple in two graphs counts once
        "quads": sum(graphs.values()),
        "triples_per_graph": graphs,
        "records": kinds_summary(result.loaded),
        "facts": result.tally.facts(),
        "facts_without_source": len(result.tally.unsourced()),
        "instruments_labelled_both_languages": result.tally.label_coverage(),
        "source_files_sha256": _sources_digest(result.loaded),
    }


def _sources_digest(loaded: Loaded) -> str:
    h = hashlib.sha256()
    for path in sorted(loaded.files):
        h.update(str(path.relative_to(loaded.root)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def _ontology_turtle(onto: Graph) -> bytes:
    g = Graph()
    bind_all(g.namespace_manager)
    for t in onto:
        g.add(t)
    return g.serialize(format="turtle").encode("utf-8")


def dist_files(result: BuildResult) -> dict[str, Callable]:
    """Every dist file as a function writing its bytes into a binary file (deterministic)."""
    graphs = result.lines_by_iri()
    files = {name: (lambda out, w=writer: w(graphs, out)) for name, writer in WRITERS.items()}
    onto = result.ontology
    files["ontology.ttl"] = lambda out: out.write(_ontology_turtle(onto))
    files["context.jsonld"] = lambda out: out.write(jsonld_context())
    return files


def description(result: BuildResult) -> Callable[[dict], dict[str, bytes]]:
    """The dataset description (``void.ttl``) of the files once written (their checksums and sizes)."""
    modified = newest_check(line for lines in result.graphs.values() for line in lines)
    summary = result.summary

    def make(written: dict) -> dict[str, bytes]:
        return {"void.ttl": describe(summary, written, modified)}
    return make


def serialise(result: BuildResult) -> dict[str, bytes]:
    """Every dist file's bytes, deterministic (in memory: for small graphs and tests; ``build`` streams)."""
    out = {}
    for name, write in dist_files(result).items():
        buf = dist_io.Counted(None)
        write(buf)
        out[name] = b"".join(buf.chunks)
    return out


# the dist/ contract lives in kg/dist.py; these names are kept for callers of kg.build.pipeline
write_dist = dist_io.write
recover_dist = dist_io.recover
verify_dist = dist_io.verify


def build(sources_dir: Path = SOURCES_DIR, ontology_dir: Path = ONTOLOGY_DIR, dist: Path = DIST_DIR) -> dict:
    """Build and write ``dist``; returns the summary. Raises SourcesInvalid (nothing written) on bad records."""
    recover_dist(dist)
    result = build_dataset(sources_dir, ontology_dir)
    if result.summary["facts_without_source"]:
        from ..records.load import SourcesInvalid
        from ..sources.yamlsrc import SourceError

        missing = result.tally.unsourced()
        raise SourcesInvalid([SourceError("(build)", 0, "source", f"fact without source: {m}") for m in missing])
    result.loaded = result.tally = None  # the records and the tally are done with: free them before writing
    gc.collect()
    write_dist(dist_files(result), result.summary, dist, description(result))
    return result.summary


def is_project_build(sources_dir: Path, dist: Path) -> bool:
    """Whether this builds the project's own sources into its own dist/ (then ``kg build`` also regenerates
    docs/gaps.md, by a separate step: :func:`kg.gaps.write_gaps_doc` on the written ``dist/jaring.nq``)."""
    return Path(sources_dir).resolve() == SOURCES_DIR.resolve() and Path(dist).resolve() == DIST_DIR.resolve()


def format_summary(summary: dict) -> str:
    lines = [f"Jaring {summary['version']}: {summary['triples']} triples ({summary.get('quads', summary['triples'])} "
             f"quads: a triple stated in two named graphs counts once as a triple)"]
    lines.append("triples per named graph:")
    lines += [f"  {name:<13} {n:>7}" for name, n in summary["triples_per_graph"].items()]
    lines.append("records per type:")
    lines += [f"  {kind:<13} {n:>7}" for kind, n in summary["records"].items()]
    lines.append(f"facts: {summary['facts']}; facts without sources: {summary['facts_without_source']} (must be 0)")
    lines.append(f"instruments labelled in Indonesian and English: {summary['instruments_labelled_both_languages']}")
    return "\n".join(lines)
