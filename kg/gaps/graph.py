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
            with gc_paused():
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

    The same triples as rdflib's own parser gives (tested), about four times faster and at a fraction of the
    memory: terms are converted once and shared (an IRI that occurs a thousand times is one object), the indexes
    are compact (:class:`_ReadStore`) and no intermediate Dataset is held next to the result. Call it with the
    cyclic garbage collector paused (:func:`data_graph` does, :func:`gc_paused`): millions of objects are made,
    and each full pass of the collector would walk all read so far.

    The triples the compiled coverage checks read (their predicates are :func:`kg.gaps.compiled.store_predicates`)
    also go into a pyoxigraph store, from the same parse: the graph's ``_jaring_ox_store``."""
    import pyoxigraph as ox

    from .compiled import store_predicates

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
        dt = t.datatype.value
        key = (t.value, t.language) if t.language else (t.value, iris.get(dt) or term(t.datatype))
        r = lits.get(key)
        if r is None:
            if t.language:
                r = Literal(key[0], lang=t.language)
            elif dt == _XSD_STRING:  # rdflib keeps a plain literal without a datatype
                r = Literal(key[0])
            else:
                r = Literal(key[0], datatype=key[1])
            lits[key] = r
        return r

    store = g.store
    add = store.add  # the terms are rdflib terms by construction: skip Graph.add's checks
    # the triples the compiled checks read, in a pyoxigraph store (default graph) for kg.gaps.compiled: filled from
    # the same parse in batches, so no list of every quad is held next to the graph
    wanted = frozenset(str(p) for p in store_predicates())
    ox_store, batch = ox.Store(), []
    fmt = getattr(ox.RdfFormat, _OX_FORMATS[path.suffix])
    with path.open("rb") as fh:
        for q in ox.parse(fh, fmt):
            gn = q.graph_name
            if type(gn) is ox.NamedNode and gn.value == onto:
                continue
            p = q.predicate
            t = (term(q.subject), term(p), term(q.object))
            # new: a triple in several named graphs is one triple of the plain graph
            if add(t, g) and p.value in wanted:
                batch.append(ox.Quad(q.subject, p, q.object))
                if len(batch) >= 50_000:
                    ox_store.bulk_extend(batch)
                    batch = []
        ox_store.bulk_extend(batch)
        del iris, lits, batch
    g._jaring_ox_store = ox_store
    return g


@contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector while a large graph is read or checked: millions of new objects
    trigger collections, and each full collection walks everything already made (at a million triples that
    doubled a validation's time). Reference counting still frees most things at once; what only the collector
    can free (graphs and reports hold reference cycles) waits for its next full pass, which a process holding a
    large graph reaches rarely: a long-lived caller that drops a run's results calls ``gc.collect()`` (the app's
    gap job does)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _ReadStore(SimpleMemory):
    """A compact index-only memory store for a graph read from a built file, answering like rdflib's
    :class:`SimpleMemory` (the same triples in the same order: subject and predicate indexes kept in insertion
    order) without its per-triple context bookkeeping: a built graph is read into one plain graph and then only
    read, so the context records cost time on every lookup and buy nothing.

    Compact: where an index entry has one member (a subject's one value of a predicate, the one subject with a
    given value of a predicate: most entries of a built graph), the member is kept itself instead of in a
    one-entry dictionary; a second member turns it into a dictionary (in insertion order). That halves the memory
    of the graph. ``len`` is counted as triples are added and removed, not by a scan per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._len = 0
        self._spo: dict = {}  # subject -> predicate -> object | {object: 1, ...}
        self._pos: dict = {}  # predicate -> object -> subject | {subject: 1, ...}
        self._osp_index: dict | None = None  # object -> subject -> predicate | {predicate: 1, ...}, made on demand

    @staticmethod
    def _put(index: dict, key, member) -> bool:
        """Add ``member`` to ``index[key]``; False if it was there."""
        had = index.get(key, _MISSING)
        if had is _MISSING:
            index[key] = member
        elif type(had) is dict:
            if member in had:
                return False
            had[member] = 1
        elif had == member:
            return False
        else:
            index[key] = {had: 1, member: 1}
        return True

    @staticmethod
    def _drop(index: dict, key, member) -> None:
        had = index.get(key, _MISSING)
        if type(had) is dict:
            had.pop(member, None)
        elif had is not _MISSING and had == member:
            del index[key]

    @property
    def _osp(self) -> dict:
        """The object → subject → predicate index, made from the subject index the first time a pattern with an
        object and no predicate asks for it: the gap engine and the hygiene shapes never do (measured on the real
        graph), and at 5M triples the index alone costs about a gigabyte. Its order is the subject index's (the
        same triples; only the order in which a pattern bound on its object alone lists them may differ from the
        file's)."""
        if self._osp_index is None:
            osp: dict = {}
            put = self._put
            for s, by_p in self._spo.items():
                for p, objects in by_p.items():
                    for o in (objects if type(objects) is dict else (objects,)):
                        put(osp.setdefault(o, {}), s, p)
            self._osp_index = osp
        return self._osp_index

    def add(self, triple, context, quoted=False):
        """Add a triple (a plain graph: the context is not recorded); True if it is new."""
        s, p, o = triple
        po = self._spo.get(s)
        if po is None:
            po = self._spo[s] = {}
        if not self._put(po, p, o):
            return False
        os_ = self._pos.get(p)
        if os_ is None:
            os_ = self._pos[p] = {}
        self._put(os_, o, s)
        if self._osp_index is not None:  # kept up to date once made
            self._put(self._osp_index.setdefault(o, {}), s, p)
        self._len += 1
        return True

    def remove(self, triple_pattern, context=None):
        for s, p, o in list(self.match(*triple_pattern)):
            self._drop(self._spo[s], p, o)
            self._drop(self._pos[p], o, s)
            if self._osp_index is not None:
                self._drop(self._osp_index[o], s, p)
            self._len -= 1

    def __len__(self, context=None) -> int:
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
                objects = by_p.get(p, _MISSING)
                if objects is _MISSING:
                    return
                pairs = ((p, objects),)
            else:
                pairs = list(by_p.items())
            for pp, objects in pairs:  # objects: a dict of several, or the one object itself
                if type(objects) is dict:
                    if o is not None:
                        if o in objects:
                            yield s, pp, o
                    else:
                        for oo in list(objects):
                            yield s, pp, oo
                elif o is None:
                    yield s, pp, objects
                elif o == objects:
                    yield s, pp, o
        elif p is not None:
            by_o = self._pos.get(p)
            if by_o is None:
                return
            if o is not None:
                subjects = by_o.get(o, _MISSING)
                if subjects is _MISSING:
                    return
                if type(subjects) is dict:
                    for ss in list(subjects):
                        yield ss, p, o
                else:
                    yield subjects, p, o
            else:
                for oo, subjects in list(by_o.items()):
                    if type(subjects) is dict:
                        for ss in list(subjects):
                            yield ss, p, oo
                    else:
                        yield subjects, p, oo
        elif o is not None:
            for ss, preds in list(self._osp.get(o, {}).items()):
                if type(preds) is dict:
                    for pp in list(preds):
                        yield ss, pp, o
                else:
                    yield ss, preds, o
        else:
            for ss, by_p in list(self._spo.items()):
                for pp, objects in list(by_p.items()):
                    if type(objects) is dict:
                        for oo in list(objects):
                            yield ss, pp, oo
                    else:
                        yield ss, pp, objects


_MISSING = object()
_NO_CONTEXTS = ()


@lru_cache(maxsize=None)
def _shapes_text(name: str) -> str:
    return (SHAPES_DIR / name).read_text("utf-8")


_SHAPES_CACHE: dict = {}


def coverage_shapes() -> Graph:
    """The coverage shapes, parsed once per process (read only; :func:`shapes_graph` gives a copy to change)."""
    if "coverage" not in _SHAPES_CACHE:
        _SHAPES_CACHE["coverage"] = shapes_graph("coverage")
    return _SHAPES_CACHE["coverage"]


def shapes_graph(name: str) -> Graph:
    """The parsed shapes graph ``hygiene`` or ``coverage`` (a fresh copy each call)."""
    g = Graph()
    bind_all(g.namespace_manager)
    g.bind("jdv", str(JDV))
    g.parse(data=_shapes_text(f"{name}.ttl"), format="turtle")
    return g
