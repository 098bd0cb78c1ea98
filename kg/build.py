"""``kg build``: source records + ontology → RDF in named graphs, written atomically to ``dist/``.

Output is byte-identical across runs and machines: records are emitted in id order, no blank nodes are
minted for anything a diff shows, and line-based formats are sorted.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from . import __version__
from .legal import INSTRUMENT_TYPES
from .load import Loaded, kinds_summary, load_sources
from .namespaces import GRAPHS, ID, JAR, bind_all
from .records import REGISTRY, Emitter
from .records.law import RELATION_TYPES, STATUS
from .validity import add_effective_validity

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "sources"
ONTOLOGY_DIR = ROOT / "ontology"
DIST_DIR = ROOT / "dist"
DATA_GRAPHS = ("law", "institutions", "practice", "statistics")
FILES = {  # file name → (rdflib format, what it holds)
    "jaring.trig": ("trig", "every named graph"),
    "jaring.nq": ("nquads", "every named graph, one quad a line, sorted"),
    "jaring.ttl": ("turtle", "all graphs merged"),
    "jaring.nt": ("nt", "all graphs merged, one triple a line, sorted"),
    "jaring.jsonld": ("json-ld", "every named graph"),
    "ontology.ttl": ("turtle", "the ontology alone"),
}


@dataclass
class BuildResult:
    dataset: Dataset
    loaded: Loaded
    summary: dict = field(default_factory=dict)


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
        e.lang("vocab", c, SKOS.altLabel, {"id": t.abbr_id, "en": t.abbr_en} if t.abbr_id != t.label_id else None)
        e.add("vocab", c, SKOS.notation, Literal(t.slug))
        e.literal("vocab", c, JAR.rank, t.rank)
    s = scheme("relation-types", "Relations between legal resources", "Hubungan antar-instrumen")
    for slug, (_prop, en, idl) in RELATION_TYPES.items():
        c = ID[f"vocab/relation-types/{slug}"]
        e.add("vocab", c, RDF.type, SKOS.Concept)
        e.add("vocab", c, SKOS.inScheme, s)
        e.label("vocab", c, {"en": en, "id": idl})
    s = scheme("instrument-status", "Declared status of an instrument", "Status instrumen")
    names = {"in-force": ("in force", "berlaku"), "repealed": ("repealed", "dicabut"),
             "expired": ("expired", "habis masa berlaku"), "unclear": ("status unclear", "status tidak jelas"),
             "draft": ("draft", "rancangan"), "not-in-force": ("not in force", "tidak berlaku")}
    for slug in STATUS:
        c = ID[f"vocab/instrument-status/{slug}"]
        e.add("vocab", c, RDF.type, SKOS.Concept)
        e.add("vocab", c, SKOS.inScheme, s)
        e.label("vocab", c, {"en": names[slug][0], "id": names[slug][1]})


def build_dataset(sources_dir: Path = SOURCES_DIR, ontology_dir: Path = ONTOLOGY_DIR) -> BuildResult:
    """Load, check and convert every record; raises :class:`kg.load.SourcesInvalid` listing all errors."""
    loaded = load_sources(sources_dir)
    ds = Dataset()
    bind_all(ds.namespace_manager)
    onto = ds.graph(URIRef(GRAPHS["ontology"]))
    for path in sorted(Path(ontology_dir).glob("*.ttl")):
        onto.parse(path, format="turtle")
    e = Emitter(ds, loaded.records)
    _generated_vocab(e)
    for rid in sorted(loaded.records):
        rec = loaded.records[rid]
        REGISTRY[rec.kind].emit(rec, e)
    add_effective_validity(ds.graph(URIRef(GRAPHS["law"])))  # derived jar:effectiveFrom/Until (kg/validity.py)
    result = BuildResult(ds, loaded)
    result.summary = summarise(ds, loaded)
    return result


def unsourced_facts(ds: Dataset) -> list[str]:
    """Typed nodes of the data graphs that carry no ``jar:source`` (must be none)."""
    exempt = {JAR.Citation, URIRef("http://purl.org/linked-data/cube#DataSet"), JAR.Claim, JAR.Deadline}
    out = []
    for name in DATA_GRAPHS:
        g = ds.graph(URIRef(GRAPHS[name]))
        for s in sorted(set(g.subjects(RDF.type, None))):
            types = set(g.objects(s, RDF.type))
            if types & exempt:
                continue
            if (s, JAR.source, None) not in g:
                out.append(str(s))
    return out


def summarise(ds: Dataset, loaded: Loaded) -> dict:
    graphs = {name: len(ds.graph(URIRef(iri))) for name, iri in GRAPHS.items()}
    records = kinds_summary(loaded)
    facts = 0
    for name in DATA_GRAPHS:
        g = ds.graph(URIRef(GRAPHS[name]))
        facts += len({s for s in g.subjects(RDF.type, None)})
    labelled = _instrument_label_coverage(ds)
    return {
        "version": __version__,
        "triples": sum(graphs.values()),
        "triples_per_graph": graphs,
        "records": records,
        "facts": facts,
        "facts_without_source": len(unsourced_facts(ds)),
        "instruments_labelled_both_languages": labelled,
        "source_files_sha256": _sources_digest(loaded),
    }


def _instrument_label_coverage(ds: Dataset) -> str:
    g = ds.graph(URIRef(GRAPHS["law"]))
    insts = set(g.subjects(RDF.type, JAR.LegalInstrument))
    both = [i for i in insts if {lit.language for lit in g.objects(i, RDFS.label)} >= {"id", "en"}]
    return f"{len(both)}/{len(insts)}"


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


def _canonical_jsonld(text: str) -> str:
    data = json.loads(text)

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in sorted(x.items())}
        if isinstance(x, list):
            items = [norm(v) for v in x]
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return x

    return json.dumps(norm(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _turtle_body(g: Graph) -> tuple[list[str], str]:
    text = g.serialize(format="turtle")
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip("\n")
    return prefixes, body


def _trig(ds: Dataset) -> str:
    """TriG with the named graphs in a fixed order (rdflib's own TriG order varies between runs)."""
    prefixes: set[str] = set()
    blocks = []
    for name, iri in GRAPHS.items():
        g = Graph()
        bind_all(g.namespace_manager)
        for t in sorted(ds.graph(URIRef(iri))):
            g.add(t)
        if not len(g):
            continue
        pre, body = _turtle_body(g)
        prefixes.update(pre)
        blocks.append(f"<{iri}> {{\n" + "\n".join("    " + line if line else "" for line in body.splitlines())
                      + "\n}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def serialise(ds: Dataset) -> dict[str, bytes]:
    """Every dist file's bytes, deterministic."""
    union = Graph()
    bind_all(union.namespace_manager)
    for _s, _p, _o, _g in ds.quads((None, None, None, None)):
        union.add((_s, _p, _o))
    onto = Graph()
    bind_all(onto.namespace_manager)
    for t in ds.graph(URIRef(GRAPHS["ontology"])):
        onto.add(t)
    out = {
        "jaring.trig": _trig(ds).encode("utf-8"),
        "jaring.nq": _sorted_lines(ds.serialize(format="nquads")).encode("utf-8"),
        "jaring.ttl": union.serialize(format="turtle").encode("utf-8"),
        "jaring.nt": _sorted_lines(union.serialize(format="nt")).encode("utf-8"),
        "jaring.jsonld": _canonical_jsonld(ds.serialize(format="json-ld", auto_compact=False)).encode("utf-8"),
        "ontology.ttl": onto.serialize(format="turtle").encode("utf-8"),
    }
    return out


def write_dist(files: dict[str, bytes], summary: dict, dist: Path = DIST_DIR) -> None:
    """Write every file into a fresh folder, then swap it in: a failed or killed build leaves ``dist`` as it was."""
    dist = Path(dist)
    dist.parent.mkdir(parents=True, exist_ok=True)
    manifest = {"files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                                 "holds": FILES[name][1]} for name, data in sorted(files.items())},
                "summary": summary}
    files = dict(files)
    files["manifest.json"] = (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
    tmp = Path(tempfile.mkdtemp(prefix=_staging_prefix(dist), dir=dist.parent))
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        old = dist.parent / (_old_prefix(dist) + tmp.name[len(_staging_prefix(dist)):])
        if dist.exists():
            os.rename(dist, old)
        os.rename(tmp, dist)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _staging_prefix(dist: Path) -> str:
    return f".dist-{dist.name}-"


def _old_prefix(dist: Path) -> str:
    return f".dist-old-{dist.name}-"


def recover_dist(dist: Path = DIST_DIR) -> None:
    """If a build died between its two renames, put the previous ``dist`` back.

    Only this dist's own staging folders are touched, so builds into sibling folders never disturb each other.
    """
    dist = Path(dist)
    if dist.exists():
        for pattern in (_staging_prefix(dist) + "*", _old_prefix(dist) + "*"):
            for stale in dist.parent.glob(pattern):
                shutil.rmtree(stale, ignore_errors=True)
        return
    olds = sorted(dist.parent.glob(_old_prefix(dist) + "*"), key=lambda p: p.stat().st_mtime)
    if olds:
        os.rename(olds[-1], dist)
        recover_dist(dist)  # now whole again: clear the dead build's half-written folder


def verify_dist(dist: Path = DIST_DIR) -> list[str]:
    """Problems with ``dist`` (missing files, checksum mismatch); empty when it is whole."""
    dist = Path(dist)
    manifest_path = dist / "manifest.json"
    if not manifest_path.exists():
        return [f"{manifest_path}: missing (run 'kg build')"]
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{manifest_path}: unreadable ({exc})"]
    problems = []
    for name, meta in manifest.get("files", {}).items():
        path = dist / name
        if not path.exists():
            problems.append(f"{path}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != meta["sha256"]:
            problems.append(f"{path}: checksum does not match the manifest (file changed or corrupt)")
    return problems


def build(sources_dir: Path = SOURCES_DIR, ontology_dir: Path = ONTOLOGY_DIR, dist: Path = DIST_DIR) -> dict:
    """Build and write ``dist``; returns the summary. Raises SourcesInvalid (nothing written) on bad records."""
    recover_dist(dist)
    result = build_dataset(sources_dir, ontology_dir)
    if result.summary["facts_without_source"]:
        from .load import SourcesInvalid
        from .yamlsrc import SourceError

        missing = unsourced_facts(result.dataset)
        raise SourcesInvalid([SourceError("(build)", 0, "source", f"fact without source: {m}") for m in missing])
    write_dist(serialise(result.dataset), result.summary, dist)
    if (Path(sources_dir).resolve() == SOURCES_DIR.resolve() and Path(ontology_dir).resolve() == ONTOLOGY_DIR.resolve()
            and Path(dist).resolve() == DIST_DIR.resolve()):
        from .gaps import write_gaps_doc  # docs/gaps.md: the coverage gaps of this build, regenerated each time

        write_gaps_doc(result.dataset)
    return result.summary


def format_summary(summary: dict) -> str:
    lines = [f"Jaring {summary['version']}: {summary['triples']} triples"]
    lines.append("triples per named graph:")
    lines += [f"  {name:<13} {n:>7}" for name, n in summary["triples_per_graph"].items()]
    lines.append("records per type:")
    lines += [f"  {kind:<13} {n:>7}" for kind, n in summary["records"].items()]
    lines.append(f"facts: {summary['facts']}; facts without sources: {summary['facts_without_source']} (must be 0)")
    lines.append(f"instruments labelled in Indonesian and English: {summary['instruments_labelled_both_languages']}")
    return "\n".join(lines)
