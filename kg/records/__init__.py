"""Record types: what each kind of source record may say, and the RDF it becomes.

Each module registers its types in :data:`REGISTRY`. A type names the folder (under ``sources/``) whose
YAML files hold a list of such records, the named graph its triples go to, its fields, and an ``emit``
function. Ids are paths under the data base IRI (``org/kemensos`` → ``…/id/org/kemensos``).
"""
from __future__ import annotations

from .types import (DERIVED_KINDS, REGISTRY, Emitter, RecordType, citation_iri,  # noqa: F401
                    register)
from . import base, law, org, place, practice, stats  # noqa: E402,F401  the kinds, listed explicitly

KIND_MODULES = (base, law, org, place, practice, stats)
