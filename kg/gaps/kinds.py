"""One explainer per gap kind, in an explicit registry.

A coverage shape decides *whether* there is a gap; the explainer of its kind decides *how it is told*: the
sentence a policymaker can quote, the evidence that is about this gap (same right and same condition, service
or group), the counter-evidence (findings that show the service *was* given: never support) and the basis
grade (:mod:`kg.gaps.grading`). :func:`explain` runs the registered explainer after the generic explanation of
:class:`kg.gaps.explanation._Explainer`; a kind without one keeps the generic explanation.

To add a kind: write its shape in ``ontology/shapes/coverage.ttl`` (or its facts), then register a function
``(ex, gap, focus, value, extra) -> None`` that fills ``gap`` here with ``@explainer("the-kind")``.
"""
from __future__ import annotations

from typing import Callable

from rdflib.namespace import RDF, RDFS

from ..namespaces import JAR
from .model import JDV, Evidence, Gap

EXPLAINERS: dict[str, Callable] = {}

#: finding kinds that state a failure (a "case" does only when it reports non-delivery)
FAILURE_KINDS = {"gap", "barrier"}
#: finding kinds that may document an essential-service gap (a provider missing for a group)
STRUCTURAL_KINDS = {"gap", "barrier"}
POSITIVE_KINDS = {"good-practice"}


def explainer(kind: str):
    def register(fn):
        EXPLAINERS[kind] = fn
        return fn
    return register


def explain(ex, gap: Gap, focus, value, extra: dict) -> Gap:
    fn = EXPLAINERS.get(gap.kind)
    if fn is not None:
        fn(ex, gap, focus, value, extra)
    return gap


# --- shared helpers ------------------------------------------------------------------------------------

def _ups(g, node) -> set:
    return set(g.objects(node, JDV.broaderOrSelf)) or {node}


def states_failure(g, f) -> bool:
    kind = str(g.value(f, JAR.findingKind) or "")
    return kind in FAILURE_KINDS or (kind == "case" and (f, JAR.reportsNonDelivery, None) in g)


def shows_delivery(g, f) -> bool:
    return str(g.value(f, JAR.findingKind) or "") in POSITIVE_KINDS


def findings_about(g, groups: set, services: set) -> list:
    """Findings about one of ``groups`` (or a narrower group) and one of ``services`` (or a narrower one)."""
    out = []
    for f in g.subjects(RDF.type, JAR.Finding):
        fg = set(g.objects(f, JAR.affectsGroup))
        fs = set(g.objects(f, JAR.affectsService))
        if not any(_ups(g, x) & groups for x in fg):
            continue
        if services and not any(_ups(g, s) & services for s in fs):
            continue
        out.append(f)
    return sorted(out, key=str)


def short_name(ex, node, lang: str) -> str:
    acr = ex.g.value(node, JAR.acronym)
    return str(acr) if acr is not None else ex.item(node).text(lang)


def cite_text(ex, citations) -> list[str]:
    """"Document label, pinpoint; pinpoint" for citation nodes: one entry per document, pinpoints in order."""
    by_doc: dict = {}
    for c in citations:
        doc = ex.g.value(c, JAR.document)
        label = str(ex.g.value(doc, RDFS.label) or doc).split("/")[-1]
        pins = by_doc.setdefault(label, [])
        pin = str(ex.g.value(c, JAR.pinpoint) or "")
        if pin and pin not in pins:
            pins.append(pin)
    return [f"{label}, {'; '.join(pins)}" if pins else label for label, pins in by_doc.items()]


def _names(ex, nodes, lang: str) -> str:
    names = [short_name(ex, n, lang) for n in nodes]
    if len(names) <= 1:
        return "".join(names)
    joint = " and " if lang == "en" else " dan "
    return ", ".join(names[:-1]) + joint + names[-1]


# --- group-without-essential-service -------------------------------------------------------------------

REASON = {"sex": {"en": "sex", "id": "jenis kelamin"}, "age": {"en": "age", "id": "usia"},
          "group": {"en": "group", "id": "kelompok"}}


@explainer("group-without-essential-service")
def _essential(ex, gap: Gap, focus, value, extra: dict) -> None:
    cells = extra.get("cell")
    if not cells:
        return
    cell = next(iter(cells))
    g = ex.g
    n, k = len(cell.provinces), len(cell.covered)
    covered = sorted(cell.covered, key=lambda p: ex.item(p).text("en"))
    excluded = sorted(cell.excluded, key=lambda p: short_name(ex, p, "en"))
    sources = cite_text(ex, [c for p in excluded for c in cell.mandates[p].sources])
    unplaced = sorted(cell.unplaced, key=lambda p: short_name(ex, p, "en"))
    cond = sorted(cell.conditional)
    msg = {}
    for lang in ("en", "id"):
        svc = ex.item(cell.service).text(lang)
        who = cell.wording[lang]
        where = ", ".join(ex.item(p).text(lang) for p in covered) if 0 < k <= 12 else ""
        if lang == "en":
            text = (f"{svc} for {who}: a provider that may serve them is recorded in {k} of {n} provinces"
                    + (f" ({where})" if where else ""))
            if excluded:
                text += f"; {_names(ex, excluded, lang)} exclude them by mandate ({'; '.join(sources)})"
            else:
                text += "; no provider of this service excludes them by mandate: the rest is missing from the records"
            if unplaced:
                text += f". May serve them, places not recorded: {_names(ex, unplaced, lang)}"
            if cond:
                text += f". Only for part of the group (e.g. returning migrant workers) in {len(cond)} province(s)"
        else:
            text = (f"{svc} bagi {who}: penyedia yang boleh melayani mereka tercatat di {k} dari {n} provinsi"
                    + (f" ({where})" if where else ""))
            if excluded:
                text += f"; {_names(ex, excluded, lang)} mengecualikan mereka menurut mandatnya ({'; '.join(sources)})"
            else:
                text += ("; tidak ada penyedia layanan ini yang mengecualikan mereka menurut mandat: selebihnya "
                         "belum tercatat")
            if unplaced:
                text += f". Boleh melayani mereka, lokasinya tidak tercatat: {_names(ex, unplaced, lang)}"
            if cond:
                text += f". Hanya untuk sebagian kelompok (mis. pekerja migran yang pulang) di {len(cond)} provinsi"
        msg[lang] = text + "."
    gap.message = msg
    gap.groups = ex.items({cell.group} | set(gap_group_extra(ex, cell)))
    gap.services = ex.items({cell.service})
    who = set(excluded) | {o for p in excluded for o in g.objects(p, JAR.operatedBy)}
    gap.who_should_act = ex.items({w for w in who if (w, RDF.type, JAR.Institution) in g}) or gap.who_should_act
    ups_group, ups_svc = {cell.group}, {cell.service}
    about = findings_about(g, ups_group, ups_svc)
    gap.evidence = [ex._evidence_of(f) for f in about if str(g.value(f, JAR.findingKind)) in STRUCTURAL_KINDS]
    gap.counter_evidence = [ex._evidence_of(f) for f in about if shows_delivery(g, f)]
    # a mandate gap rests on the mandates (derived), and is documented when a finding states it; a gap with no
    # provider excluding the group rests on what the records hold: data to collect, whatever else is reported
    gap.basis = ("documented" if gap.evidence else "derived") if excluded else "records"
    gap.severity = "high" if gap.basis != "records" else "medium"
    gap.detail = {
        "subkind": cell.subkind, "provinces_total": n, "provinces_covered": k,
        "covered": [_short(p) for p in covered], "uncovered": [_short(p) for p in cell.uncovered],
        "excluded_by_mandate": {_short(p): cell.excluded[p] for p in excluded},
        "unplaced": [_short(p) for p in unplaced],
        "conditional": sorted(_short(p) for p in cond),
        "mandate_not_recorded": sorted(_short(p) for p in cell.unknown),
        "mandate_sources": sources,
    }


def gap_group_extra(ex, cell) -> list:
    """The demographic concept of the profile (adult men for "adult male victims"), if the vocabulary has it."""
    from ..namespaces import ID

    key = {"adult male victims": "adult-men", "adult female victims": "adult-women"}.get(cell.wording["en"])
    node = ID["vocab/groups/" + key] if key else None
    return [node] if node is not None and (node, None, None) in ex.g else []


def _short(node) -> str:
    from .report import _short as short

    return short(str(node))


def evidence_list(ex, findings) -> list[Evidence]:
    return [ex._evidence_of(f) for f in sorted(set(findings), key=str)]
