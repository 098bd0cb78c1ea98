"""Record types: what each kind of source record may say, and the RDF it becomes.

Each kind module (``base``, ``law``, ``org``, ``place``, ``practice``, ``stats``) declares its types in a ``TYPES``
tuple; :data:`REGISTRY` is built here, once, from the explicit list :data:`KIND_MODULES` (importing a kind module
changes nothing). A type names the folder (under ``sources/``) whose YAML files hold a list of such records, the
named graph its triples go to, its fields, and an ``emit`` function. Ids are paths under the data base IRI
(``org/kemensos`` → ``…/id/org/kemensos``).
"""
from __future__ import annotations

from .types import Emitter, RecordType, build_registry, citation_iri, derived_kinds  # noqa: F401
from . import base, law, org, place, practice, stats  # noqa: E402  the kinds, listed explicitly

#: the kind modules, in the order their types are read
KIND_MODULES = (base, law, org, place, practice, stats)
#: kind -> RecordType, read-only
REGISTRY = build_registry(KIND_MODULES)
#: kinds that only arise from expanding another record (provisions, concepts) -> the kind they come from
DERIVED_KINDS = derived_kinds(REGISTRY)
