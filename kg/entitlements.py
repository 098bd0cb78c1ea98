"""The entitlement finder (kept as the stable import path): ``from kg.entitlements import entitlements``.

The finder lives in :mod:`kg.answers` — the snapshot of the graph (:mod:`kg.answers.snapshot`), group membership
and derivation rules (:mod:`kg.answers.groups`), places to go (:mod:`kg.answers.places`), the checks and the
answer (:mod:`kg.answers.finder`) — and the brief in :mod:`kg.render.brief`.
"""
from __future__ import annotations

from .answers.finder import CHECKS, SECTIONS, entitlements, parse_day, render  # noqa: F401
from .answers.gapcache import gaps_for  # noqa: F401
from .answers.groups import GROUPS, VICTIM_GROUP, memberships, profile_groups  # noqa: F401
from .answers.model import (Answer, Basis, ConditionState, Item, Question, Reason, ServicePointHit,  # noqa: F401
                            Source)
from .ids import short_id as _short  # noqa: F401  (the shared helper, kept under its old name)
from .answers.snapshot import (JAR, Snapshot, basis_standing, load_snapshot, resource_in_force,  # noqa: F401
                               snapshot)
