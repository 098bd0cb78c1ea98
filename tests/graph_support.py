"""Helpers shared by the tests that read the real graph (the graph itself is the ``g`` fixture of conftest)."""
from __future__ import annotations

from rdflib import URIRef

from kg.namespaces import ID


def iri(path: str) -> URIRef:
    """The IRI of a record from its path under ``ID`` (e.g. ``instrument/uu/2007/21``)."""
    return ID[path]


def local(node) -> str:
    """A record IRI's path under ``ID`` (the inverse of :func:`iri`)."""
    return str(node).removeprefix(str(ID))
