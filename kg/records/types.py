"""The record-type machinery: :class:`RecordType`, :func:`build_registry` (one registry from the kind modules'
``TYPES``, listed explicitly in :mod:`kg.records`), and the :class:`Emitter` that writes records as RDF. The kind modules (``base``, ``law``, ...) import this module, never
the package, so :mod:`kg.records` imports them in one explicit list without an import cycle."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..namespaces import GRAPHS, ID, JAR
from ..sources.schema import Ctx, Field, Map, Record


@dataclass
class RecordType:
    kind: str
    folder: str
    graph: str
    fields: dict[str, Field]
    emit: Callable[[Record, "Emitter"], None]
    id_prefix: str = ""
    cited: bool = True
    make_id: Callable[[dict, Ctx, int], str | None] | None = None
    expand: Callable[[Record, Ctx], list[Record]] | None = None
    title: str = ""
    file_form: str = "list"  # "list": the file is a list of records; "one": the file is one record
    derived_from: str = ""  # a kind that only arises from expanding a record of this kind (provision <- instrument)

    def schema(self) -> Map:
        return Map(self.fields)


def build_registry(kind_modules) -> MappingProxyType:
    """The record types of ``kind_modules`` (each with a ``TYPES`` tuple), by kind, in the order given: a read-only
    mapping, built once from an explicit list (no module adds itself on import). A kind or a folder given twice
    is a programming error."""
    registry: dict[str, RecordType] = {}
    folders: dict[str, str] = {}
    for module in kind_modules:
        for rt in module.TYPES:
            if rt.kind in registry:
                raise ValueError(f"record kind {rt.kind!r} defined twice ({module.__name__})")
            if rt.folder and rt.folder in folders:
                raise ValueError(f"folder {rt.folder!r} given to {folders[rt.folder]!r} and {rt.kind!r}")
            registry[rt.kind] = rt
            if rt.folder:
                folders[rt.folder] = rt.kind
    return MappingProxyType(registry)


def derived_kinds(registry) -> MappingProxyType:
    """Kinds that only arise from expanding another record (provisions, concepts) -> the kind they come from."""
    return MappingProxyType({k: rt.derived_from for k, rt in registry.items() if rt.derived_from})


class Emitter:
    """Writes records into the named graphs of one rdflib Dataset, with shared helpers for citations."""

    def __init__(self, ds: Dataset, index: dict[str, Record]):
        self.ds = ds
        self.index = index
        self.graphs = {name: ds.graph(URIRef(iri)) for name, iri in GRAPHS.items()}

    @staticmethod
    def iri(record_id: str) -> URIRef:
        return ID[record_id]

    def add(self, graph: str, s, p, o) -> None:
        if o is None:
            return
        self.graphs[graph].add((s, p, o))

    def lang(self, graph: str, s, p, text: dict | None) -> None:
        for lang, value in sorted((text or {}).items()):
            self.graphs[graph].add((s, p, Literal(value, lang=lang)))

    def label(self, graph: str, s, text: dict | None) -> None:
        self.lang(graph, s, RDFS.label, text)
        self.lang(graph, s, SKOS.prefLabel, text)

    def date(self, graph: str, s, p, value) -> None:
        if value is not None:
            self.graphs[graph].add((s, p, Literal(value.isoformat(), datatype=XSD.date)))

    def literal(self, graph: str, s, p, value) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            lit = Literal(value)
        elif isinstance(value, int):
            lit = Literal(value, datatype=XSD.integer)
        elif isinstance(value, float):
            lit = Literal(repr(value), datatype=XSD.decimal)
        else:
            lit = Literal(str(value))
        self.graphs[graph].add((s, p, lit))

    def refs(self, graph: str, s, p, targets) -> None:
        if targets is None:
            return
        for target in targets if isinstance(targets, list) else [targets]:
            self.graphs[graph].add((s, p, ID[target]))

    def cite(self, graph: str, s, citations: list[dict]) -> None:
        """Attach each citation to ``s`` as a deterministic ``jar:Citation`` node (document + pinpoint + quote)."""
        g = self.graphs[graph]
        for c in citations:
            node = citation_iri(c)
            g.add((s, JAR.source, node))
            g.add((node, RDF.type, JAR.Citation))
            g.add((node, JAR.document, ID[c["doc"]]))
            g.add((node, JAR.pinpoint, Literal(c["at"])))
            if "quote" in c:
                g.add((node, JAR.quote, Literal(c["quote"], lang=c.get("quote_lang"))))
            if "url" in c:
                g.add((node, JAR.url, Literal(c["url"], datatype=XSD.anyURI)))
            if "note" in c:
                g.add((node, RDFS.comment, Literal(c["note"], lang="en")))

    def record(self, graph: str, rec: Record, rdf_type) -> URIRef:
        """Type the record's node, give it its id, labels and citations; return the node."""
        s = ID[rec.id]
        for t in rdf_type if isinstance(rdf_type, (list, tuple)) else [rdf_type]:
            self.add(graph, s, RDF.type, t)
        self.cite(graph, s, rec.citations())
        if "not_modelled" in rec.data:
            self.lang(graph, s, JAR.notModelled, rec.data["not_modelled"])
        return s


def citation_iri(c: dict) -> URIRef:
    key = "\x1f".join([c["doc"], c["at"], c.get("quote", ""), c.get("url", "")])
    return ID["citation/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]]
