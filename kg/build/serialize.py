"""The dist files, written as streams from each named graph's sorted N-Triples lines.

The build holds every graph as the set of its triples' N-Triples lines (UTF-8 bytes, one per triple, no newline):
far smaller than an in-memory RDF store, and already the canonical text of the line-based formats. Each file is
then written in one pass over those lines, sorted, so memory stays near the size of the lines themselves and the
output is byte-identical from run to run:

``jaring.nq``
    every quad, one a line, in byte order (a merge of the graphs' sorted lines);
``jaring.nt``
    the union of the graphs, one triple a line, in byte order, without duplicates;
``jaring.ttl`` / ``jaring.trig``
    Turtle (union) and TriG (one block per named graph, in the order of ``GRAPHS``), written by pyoxigraph from
    the sorted lines, so subjects come in byte order with their predicates grouped;
``jaring.jsonld``
    expanded JSON-LD, one node object a line, graphs in the order of ``GRAPHS``.

Literals keep the exact lexical form they were emitted with (``"93.0"^^xsd:decimal`` stays ``93.0``): the lines
are written as they are, and pyoxigraph's parser and writers do not normalise literals.
"""
from __future__ import annotations

import heapq
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import groupby, islice

import pyoxigraph as ox
from rdflib import Literal

from ..namespaces import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Prefixes of the Turtle and TriG files. ``id:`` is left out: nearly every id has a ``/`` in its local part,
#: which Turtle would have to escape (``id:org\/kemensos``); the full IRI reads better.
TURTLE_PREFIXES = {p: iri for p, iri in sorted(PREFIXES.items()) if p != "id"}
CHUNK = 4096  # lines written or read at a time

Lines = Mapping[str, list[bytes]]  # graph IRI → its sorted N-Triples lines (GRAPHS order)


# --- lines ----------------------------------------------------------------------------------------------------

def _quote_literal(lit: Literal) -> str:
    """A literal as N-Triples writes it (the same escaping as rdflib's N-Triples/N-Quads serialisers). Language
    tags are written in lower case, as RDF 1.1 normalises them and pyoxigraph's parser (behind the Turtle, TriG
    and JSON-LD files) reads them, so every file agrees."""
    text = '"%s"' % lit.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if lit.language:
        return f"{text}@{lit.language.lower()}"
    if lit.datatype:
        return f"{text}^^<{lit.datatype}>"
    return text


def nt_line(s, p, o) -> bytes:
    """One triple (rdflib terms) as its N-Triples line, without the newline."""
    obj = _quote_literal(o) if isinstance(o, Literal) else o.n3()
    return f"{s.n3()} {p.n3()} {obj} .".encode("utf-8")


def quad_lines(graphs: Lines) -> Iterator[bytes]:
    """Every quad as an N-Quads line, in byte order. A graph's lines sort the same with the graph name appended
    (the triple text decides before the suffix does), so a merge of the sorted graphs is the sorted whole."""
    def with_graph(iri: str, lines: list[bytes]) -> Iterator[bytes]:
        suffix = f"<{iri}> .".encode("utf-8")
        return (line[:-1] + suffix for line in lines)  # "<s> <p> o ." → "<s> <p> o <g> ."

    return heapq.merge(*(with_graph(iri, lines) for iri, lines in graphs.items()))


def triple_lines(graphs: Lines) -> Iterator[bytes]:
    """The union of the graphs' triples as N-Triples lines, in byte order, each once."""
    last = None
    for line in heapq.merge(*graphs.values()):
        if line != last:
            yield line
            last = line


class LinesReader(io.RawIOBase):
    """A binary stream over lines (newline added to each), so a parser can read them without one big buffer."""

    def __init__(self, lines: Iterable[bytes]):
        super().__init__()
        self._lines = iter(lines)
        self._buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if not self._buf:
            chunk = list(islice(self._lines, CHUNK))
            if not chunk:
                return 0
            self._buf = memoryview(b"\n".join(chunk) + b"\n")
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def parse_lines(lines: Iterable[bytes]) -> Iterator[ox.Quad]:
    """pyoxigraph terms for N-Triples lines (in the default graph), streamed in their order. Lenient: the lines
    were written from terms the build already checked."""
    return ox.parse(io.BufferedReader(LinesReader(lines), 1 << 16), format=ox.RdfFormat.N_TRIPLES, lenient=True)


# --- writers: each takes the sorted lines and a binary file ---------------------------------------------------

def _write_lines(lines: Iterable[bytes], out) -> None:
    it = iter(lines)
    while chunk := list(islice(it, CHUNK)):
        out.write(b"\n".join(chunk) + b"\n")


def write_nquads(graphs: Lines, out) -> None:
    _write_lines(quad_lines(graphs), out)


def write_ntriples(graphs: Lines, out) -> None:
    _write_lines(triple_lines(graphs), out)


def _prefix_header() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in TURTLE_PREFIXES.items()).encode() + b"\n"


class _WithoutPrefixes:
    """Passes a Turtle/TriG stream on without its leading ``@prefix`` lines (the header is written separately, in
    a fixed order)."""

    def __init__(self, out):
        self.out, self.head, self.done = out, b"", False

    def write(self, data) -> int:
        data = bytes(data)
        if self.done:
            self.out.write(data)
            return len(data)
        self.head += data
        while True:
            nl = self.head.find(b"\n")
            if nl < 0:
                return len(data)
            if not self.head.startswith(b"@prefix "):
                break
            self.head = self.head[nl + 1:]
        self.done = True
        self.out.write(self.head)
        self.head = b""
        return len(data)

    def flush(self) -> None:
        if not self.done and self.head:
            self.out.write(self.head)
            self.head, self.done = b"", True


def _serialise_with_header(items: Iterable, fmt: ox.RdfFormat, out) -> None:
    out.write(_prefix_header())
    body = _WithoutPrefixes(out)
    ox.serialize(items, body, fmt, prefixes=TURTLE_PREFIXES)
    body.flush()


def write_turtle(graphs: Lines, out) -> None:
    """Every graph merged, as Turtle."""
    _serialise_with_header((q.triple for q in parse_lines(triple_lines(graphs))), ox.RdfFormat.TURTLE, out)


def write_trig(graphs: Lines, out) -> None:
    """Every named graph, as TriG."""
    def quads() -> Iterator[ox.Quad]:
        for iri, lines in graphs.items():
            g = ox.NamedNode(iri)
            for q in parse_lines(lines):
                yield ox.Quad(q.subject, q.predicate, q.object, g)

    _serialise_with_header(quads(), ox.RdfFormat.TRIG, out)


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"@id": t.value}
    if isinstance(t, ox.BlankNode):
        return {"@id": "_:" + t.value}
    if t.language:
        return {"@value": t.value, "@language": t.language}
    if t.datatype.value == XSD_STRING:
        return {"@value": t.value}
    return {"@value": t.value, "@type": t.datatype.value}


def _subject_id(t) -> str:
    return "_:" + t.value if isinstance(t, ox.BlankNode) else t.value


def write_jsonld(graphs: Lines, out) -> None:
    """Every named graph as expanded JSON-LD (no context): one node object a line, in subject order."""
    out.write(b"[")
    first_graph = True
    for iri, lines in graphs.items():
        if not lines:
            continue
        out.write((("\n" if first_graph else ",\n") + '{"@id": ' + json.dumps(iri) + ', "@graph": [').encode())
        first_graph = False
        first_node = True
        for subject, quads in groupby(parse_lines(lines), key=lambda q: q.subject):
            node: dict = {"@id": _subject_id(subject)}
            for q in quads:
                p = q.predicate.value
                if p == RDF_TYPE and isinstance(q.object, ox.NamedNode):
                    node.setdefault("@type", []).append(q.object.value)
                else:
                    node.setdefault(p, []).append(_json_term(q.object))
            out.write(("\n" if first_node else ",\n").encode() + json.dumps(node, ensure_ascii=False).encode())
            first_node = False
        out.write(b"\n]}")
    out.write(b"\n]\n")


WRITERS: dict[str, Callable[[Lines, object], None]] = {
    "jaring.trig": write_trig,
    "jaring.nq": write_nquads,
    "jaring.ttl": write_turtle,
    "jaring.nt": write_ntriples,
    "jaring.jsonld": write_jsonld,
}
