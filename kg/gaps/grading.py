"""Every gap graded by its basis.

* ``documented`` — a source states this failure (a finding about the same right and the same condition,
  service or group; see the evidence rules in :mod:`kg.gaps.kinds`);
* ``derived`` — derived from law or a mandate: an exclusion in the law, a right on repealed law without a
  successor, a mandate that leaves a group out, a deadline passed, two instruments of one region that disagree;
* ``records`` — computed only from the absence of data we have not collected (no budget recorded, no provider
  recorded, no duty-bearer recorded where the provision was not checked): a to-do for researchers, not a finding.

The default report and the app show the first two; the third is the "data to collect" list.
:data:`BY_KIND` is the grade of a kind's gaps when its explainer does not decide from the gap itself.
"""
from __future__ import annotations

from .model import Gap

SHOWN = ("documented", "derived")
BASES = ("documented", "derived", "records")
LABELS = {
    "documented": {"en": "documented (a source states this failure)",
                   "id": "terdokumentasi (sumber menyatakan kegagalan ini)"},
    "derived": {"en": "derived from law or mandate", "id": "diturunkan dari hukum atau mandat"},
    "records": {"en": "absence of records (data to collect)", "id": "ketiadaan catatan (data yang perlu dikumpulkan)"},
}

#: "evidence": documented when the gap carries evidence, else records
BY_KIND = {
    "condition-is-barrier": "evidence",
    "non-delivery-reported": "evidence",
    "service-only-central": "evidence",
    "short-term-only": "evidence",
    "entitlement-on-repealed-basis": "records",  # its explainer: successor mapped -> gone or dropped-by-successor
    "entitlement-on-unclear-basis": "derived",
    "excluded-similar-group": "derived",
    "jurisdiction-disagreement": "derived",
    "implementing-regulation-missing-or-late": "derived",
    "right-dropped-by-successor": "derived",
    "funding-falling": "documented",
    "practice-contradicts-provision": "evidence",
    "procedure-not-adopted": "evidence",  # documented when a finding about the obligation states it; else records
    "weaker-than-treaty": "derived",  # its explainer: documented when an outside source (its findings) says so
    "entitlement-without-duty-bearer": "records",  # derived only where the provision was checked (its explainer)
    "entitlement-without-delivery": "records",
    "entitlement-without-funding": "records",
    "region-without-local-response": "records",
    "group-without-essential-service": "records",  # its explainer grades mandate gaps derived/documented
}


def grade(gap: Gap) -> str:
    rule = BY_KIND.get(gap.kind, "records")
    if rule == "evidence":
        return "documented" if gap.evidence else "records"
    return rule


def shown(gaps: list[Gap]) -> list[Gap]:
    """The gaps of the default report and the app: documented or derived."""
    return [g for g in gaps if g.basis in SHOWN]


def to_collect(gaps: list[Gap]) -> list[Gap]:
    """The "data to collect" list: gaps computed only from records not (yet) collected."""
    return [g for g in gaps if g.basis not in SHOWN]
