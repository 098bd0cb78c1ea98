"""Loading the graph a gap report reads (built files parsed by pyoxigraph) and the shapes graphs."""
from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import re
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.paths import Path as RDFPath
from rdflib.plugins.stores.memory import SimpleMemory

from ..namespaces import ELI, GRAPHS, ID, JAR, SH, SHAPES, bind_all

from .model import *  # noqa: F401,F403
from .model import _lang_map  # noqa: F401


# --- loading -------------------------------------------------------------------------------------------

def data_graph(source) -> Graph:
    """One plain graph with every data, vocabulary and source triple (no ontology) from a Dataset, a
    BuildResult, a Graph, or a path to a built file (``dist/jaring.trig``/``.nq``/``.ttl``)."""
    if hasattr(source, "dataset"):
        source = source.dataset
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            path = path / "jaring.nq"
        if path.suffix in _OX_FORMATS:
            g = _read_graph(path)
            g._jaring_read_only = True  # read from a built file: nobody changes it (kg.gaps.compiled caches it)
            return g
        fmt = {".trig": "trig", ".nq": "nquads"}.get(path.suffix)
        if fmt:
            ds = Dataset()
            ds.parse(path, format=fmt)
            source = ds
        else:
            g = Graph()
            g.parse(path)
            source = g
    g = Graph()
    bind_all(g.namespace_manager)
    if isinstance(source, Dataset):
        onto = URIRef(GRAPHS["ontology"])
        for s, p, o, ctx in source.quads((None, None, None, None)):
            cid = ctx.identifier if hasattr(ctx, "identifier") else ctx
            if cid != onto:
                g.add((s, p, o))
    else:
        for t in source:
            g.add(t)
    return g


_OX_FORMATS = {".nq": "N_QUADS", ".nt": "N_TRIPLES", ".trig": "TRIG", ".ttl": "TURTLE"}
_XSD_STRING = str(XSD.string)


def _read_graph(path: Path) -> Graph:
    """Read a built file into one plain rdflib graph without its ontology graph, parsed by pyoxigraph.

    The same triples as rdflib's own parser gives (tested), about four times faster and at a third of the
    memory: terms are converted once and shared (an IRI that occurs a thousand times is one object), and no
    intermediate Dataset is held next to the result."""
    import pyoxigraph as ox

    onto = str(GRAPHS["ontology"])
    g = Graph(store=_ReadStore())
    bind_all(g.namespace_manager)
    iris: dict = {}
    lits: dict = {}

    def term(t):
        if type(t) is ox.NamedNode:
            v = t.value
            r = iris.get(v)
            if r is None:
                r = iris[v] = URIRef(v)
            return r
        if type(t) is ox.BlankNode:
            return BNode(t.value)
        key = (t.value, t.language, t.datatype.value)
        r = lits.get(key)
        if r is None:
            if t.language:
                r = Literal(t.value, lang=t.language)
            elif key[2] == _XSD_STRING:  # rdflib keeps a plain literal without a datatype
                r = Literal(t.value)
            else:
                r = Literal(t.value, datatype=term(t.datatype))
            lits[key] = r
        return r

    store = g.store
    add = store.add  # the terms are rdflib terms by construction: skip Graph.add's checks
    # the same triples in a pyoxigraph store (default graph), for the compiled shapes (kg.gaps.compiled): filled
    # from the same parse in batches, so no list of every quad is held next to the two copies
    ox_store, batch = ox.Store(), []
    fmt = getattr(ox.RdfFormat, _OX_FORMATS[path.suffix])
    with path.open("rb") as fh:
        for q in ox.parse(fh, fmt):
            gn = q.graph_name
            if type(gn) is ox.NamedNode and gn.value == onto:
                continue
            t = (term(q.subject), term(q.predicate), term(q.object))
            if add(t, g):  # new: a triple in several named graphs is one triple of the plain graph
                batch.append(ox.Quad(q.subject, q.predicate, q.object))
                if len(batch) >= 50_000:
                    ox_store.bulk_extend(batch)
                    batch = []
    ox_store.bulk_extend(batch)
    g._jaring_ox_store = ox_store
    return g


class _ReadStore(SimpleMemory):
    """rdflib's index-only memory store (subject, predicate and object indexes kept in insertion order, as the
    default store keeps them) without its per-triple context bookkeeping: a built graph is read into one plain
    graph and then only read, so the context records cost time on every lookup and buy nothing. ``len`` is
    counted once, not by a scan per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._len = None
        self._spo, self._pos = self._SimpleMemory__spo, self._SimpleMemory__pos
        self._osp_built = False  # the object index is made on first use (see _osp)

    @property
    def _osp(self) -> dict:
        """The object → subject → predicate index, made from the subject index the first time a pattern with an
        object and no predicate asks for it: the gap engine and the hygiene shapes never do (measured on the real
        graph), and at 5M triples the index alone costs about a gigabyte. Its order is the subject index's (the
        same triples; only the order in which a pattern bound on its object alone lists them may differ from the
        file's)."""
        osp = self._SimpleMemory__osp
        if not self._osp_built:
            for s, by_p in self._spo.items():
                for p, objects in by_p.items():
                    for o in objects:
                        osp.setdefault(o, {}).setdefault(s, {})[p] = 1
            self._osp_built = True
        return osp

    def add(self, triple, context, quoted=False):
        """:meth:`SimpleMemory.add` (the same three indexes, the same order) with lookups instead of exceptions."""
        self._len = None
        s, p, o = triple
        po = self._spo.get(s)
        if po is None:
            po = self._spo[s] = {}
        objects = po.get(p)
        if objects is None:
            objects = po[p] = {}
        if o in objects:
            return False
        objects[o] = 1
        os_ = self._pos.get(p)
        if os_ is None:
            os_ = self._pos[p] = {}
        subjects = os_.get(o)
        if subjects is None:
            subjects = os_[o] = {}
        subjects[s] = 1
        if self._osp_built:  # kept up to date once made
            self._osp.setdefault(o, {}).setdefault(s, {})[p] = 1
        return True

    def remove(self, triple_pattern, context=None):
        self._len = None
        _ = self._osp  # SimpleMemory.remove keeps all three indexes
        super().remove(triple_pattern, context)

    def __len__(self, context=None) -> int:
        if self._len is None:
            self._len = super().__len__(context)
        return self._len

    def triples(self, triple_pattern, context=None):
        for t in self.match(*triple_pattern):
            yield t, _NO_CONTEXTS

    def match(self, s, p, o):
        """The triples matching the pattern (None: any), in the order :class:`SimpleMemory` gives them, without
        its context generator per triple and with ``is None`` tests instead of term comparisons."""
        if s is not None:
            by_p = self._spo.get(s)
            if by_p is None:
                return
            if p is not None:
                objects = by_p.get(p)
                if objects is None:
                    return
                if o is not None:
                    if o in objects:
                        yield s, p, o
                else:
                    for oo in list(objects):
                        yield s, p, oo
            else:
                for pp, objects in list(by_p.items()):
                    if o is not None:
                        if o in objects:
                            yield s, pp, o
                    else:
                        for oo in list(objects):
                            yield s, pp, oo
        elif p is not None:
            by_o = self._pos.get(p)
            if by_o is None:
                return
            if o is not None:
                for ss in list(by_o.get(o, ())):
                    yield ss, p, o
            else:
                for oo, subjects in list(by_o.items()):
                    for ss in list(subjects):
                        yield ss, p, oo
        elif o is not None:
            for ss, preds in list(self._osp.get(o, {}).items()):
                for pp in list(preds):
                    yield ss, pp, o
        else:
            for ss, by_p in list(self._spo.items()):
                for pp, objects in list(by_p.items()):
                    for oo in list(objects):
                        yield ss, pp, oo


_NO_CONTEXTS = ()


@lru_cache(maxsize=None)
def _shapes_text(name: str) -> str:
    return (SHAPES_DIR / name).read_text("utf-8")


def shapes_graph(name: str) -> Graph:
    """The parsed shapes graph ``hygiene`` or ``coverage`` (a fresh copy each call)."""
    g = Graph()
    bind_all(g.namespace_manager)
    g.bind("jdv", str(JDV))
    g.parse(data=_shapes_text(f"{name}.ttl"), format="turtle")
    return g
