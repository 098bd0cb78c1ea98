"""Moved to :mod:`kg.asof` (the one as-of rule); kept so existing imports keep working."""
from .asof import (ENDING_RELATIONS, ID_PREFIX, READ_PREDICATES, READ_TYPES, Validity,  # noqa: F401
                   add_effective_validity, effective_validity, in_force, reads)
