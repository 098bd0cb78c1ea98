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

from .. import asof
from ..ids import short_id
from ..namespaces import ELI, JAR
from .model import JDV, Evidence, Gap

from .model import FastNS as _FastNS  # noqa: E402

JAR = _FastNS(JAR)
JDV = _FastNS(JDV)
RDF = _FastNS(RDF)
RDFS = _FastNS(RDFS)

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
    from .grading import grade

    gap.basis = grade(gap)
    fn = EXPLAINERS.get(gap.kind)
    if fn is not None:
        fn(ex, gap, focus, value, extra)
    else:
        _default_evidence(ex, gap, focus, value)
    # a finding that shows the service was given is never support
    positive = [e for e in gap.evidence if e.kind in POSITIVE_KINDS]
    if positive:
        gap.evidence = [e for e in gap.evidence if e.kind not in POSITIVE_KINDS]
        gap.counter_evidence = _merge(gap.counter_evidence, positive)
        if gap.basis == "documented" and not gap.evidence:
            gap.basis = grade(gap)
    if gap.kind not in ON_ENDED_LAW and _rests_only_on_ended_law(ex.g, focus):
        # a right whose every basis has ended belongs to the history of the law (kg gaps --timeline), not to
        # today's register: its fate is the repealed-basis / dropped-by-successor gap
        gap.detail["not_current"] = True
    return gap


def _merge(a, b):
    seen = {e.finding: e for e in a}
    for e in b:
        seen.setdefault(e.finding, e)
    return [seen[k] for k in sorted(seen)]


def _default_evidence(ex, gap: Gap, focus, value) -> None:
    """Evidence about this gap for a kind without its own explainer: findings that state a failure and concern
    the gap's node itself; for an excluded group, findings about that group and a service the provider offers."""
    g = ex.g
    found = {f for f in g.subjects(JAR.concerns, focus) if (f, RDF.type, JAR.Finding) in g}
    if gap.kind == "excluded-similar-group" and value is not None:
        svcs = set(g.objects(focus, JAR.offers)) | set(g.objects(focus, JAR.serviceType))
        for f in findings_about(g, {value}, set()):
            fs = set(g.objects(f, JAR.affectsService))
            if any(_ups(g, x) & svcs or _ups(g, s) & fs for x in fs for s in svcs):
                found.add(f)
    gap.evidence = evidence_list(ex, [f for f in found if states_failure(g, f) or shows_delivery(g, f)])
    gap.counter_evidence = [e for e in gap.evidence if e.kind in POSITIVE_KINDS]
    gap.evidence = [e for e in gap.evidence if e.kind not in POSITIVE_KINDS]
    if BY_KIND_EVIDENCE.get(gap.kind):
        gap.basis = "documented" if gap.evidence else "records"


#: kinds graded by their evidence (documented / records) when they have no explainer of their own
BY_KIND_EVIDENCE = {"service-only-central": True, "short-term-only": True}


ON_ENDED_LAW = {"entitlement-on-repealed-basis", "right-dropped-by-successor"}


def _rests_only_on_ended_law(g, ent) -> bool:
    if (ent, RDF.type, JAR.Entitlement) not in g or (ent, JAR.legalBasis, None) not in g:
        return False
    return (ent, JDV.basisInForce, None) not in g and (ent, JDV.basisUnclear, None) not in g


# --- shared helpers ------------------------------------------------------------------------------------

def _ups(g, node) -> set:
    return set(g.objects(node, JDV.broaderOrSelf)) or {node}


def states_failure(g, f) -> bool:
    kind = str(g.value(f, JAR.findingKind) or "")
    return kind in FAILURE_KINDS or (kind == "case" and (f, JAR.reportsNonDelivery, None) in g)


def shows_delivery(g, f) -> bool:
    return str(g.value(f, JAR.findingKind) or "") in POSITIVE_KINDS


def _finding_index(g) -> list:
    """(finding, closure of its groups, closure of its services) for every finding of ``g``, built once per graph."""
    idx = getattr(g, "_jaring_findings", None)
    if idx is None:
        idx = []
        for f in g.subjects(RDF.type, JAR.Finding):
            groups = set().union(*(_ups(g, x) for x in g.objects(f, JAR.affectsGroup)))
            services = [_ups(g, x) for x in g.objects(f, JAR.affectsService)]
            idx.append((f, groups, set().union(*services) if services else set()))
        idx.sort(key=lambda t: str(t[0]))
        try:
            g._jaring_findings = idx
        except AttributeError:
            pass
    return idx


def findings_about(g, groups: set, services: set) -> list:
    """Findings about one of ``groups`` (or a narrower group) and one of ``services`` (or a narrower one)."""
    return [f for f, fg, fs in _finding_index(g) if fg & groups and (not services or fs & services)]


def short_name(ex, node, lang: str) -> str:
    acr = ex.g.value(node, JAR.acronym)
    return str(acr) if acr is not None else ex.item(node).text(lang)


def cite_text(ex, citations) -> list[str]:
    """"Document label, pinpoint; pinpoint" for citation nodes: one entry per document, pinpoints in order."""
    by_doc: dict = {}
    for c in citations:
        doc = ex.g.value(c, JAR.document)
        lab = ex.g.value(doc, RDFS.label)
        label = str(lab) if lab is not None else str(doc).rsplit("/", 1)[-1]
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
    about_all = findings_about(g, {cell.group}, {cell.service})
    counter = [f for f in about_all if shows_delivery(g, f) or str(g.value(f, JAR.findingKind)) == "observation"]
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
            if counter:
                text += ". Field research reports that some of them did receive it (see counter-evidence)"
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
            if counter:
                text += ". Penelitian lapangan melaporkan sebagian dari mereka menerimanya (lihat bukti tandingan)"
        msg[lang] = text + "."
    gap.message = msg
    gap.groups = ex.items({cell.group} | set(gap_group_extra(ex, cell)))
    gap.services = ex.items({cell.service})
    gap.region = None  # a national picture, province by province (detail)
    who = set(excluded) | {o for p in excluded for o in g.objects(p, JAR.operatedBy)}
    gap.who_should_act = ex.items({w for w in who if (w, RDF.type, JAR.Institution) in g}) or gap.who_should_act
    ups_group, ups_svc = {cell.group}, {cell.service}
    about = findings_about(g, ups_group, ups_svc)
    gap.evidence = [ex._evidence_of(f) for f in about if str(g.value(f, JAR.findingKind)) in STRUCTURAL_KINDS]
    # counter-evidence: good practice, or an observation that this group received the service
    gap.counter_evidence = [ex._evidence_of(f) for f in about
                            if shows_delivery(g, f) or str(g.value(f, JAR.findingKind)) == "observation"]
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
    return short_id(str(node))


def evidence_list(ex, findings) -> list[Evidence]:
    return [ex._evidence_of(f) for f in sorted(set(findings), key=str)]


# --- jurisdiction-disagreement -------------------------------------------------------------------------

@explainer("jurisdiction-disagreement")
def _jurisdiction(ex, gap: Gap, focus, value, extra: dict) -> None:
    g = ex.g
    peers = sorted(extra.get("peer", set()), key=str)
    if not peers:
        return
    group = value
    msg = {}
    for lang in ("en", "id"):
        inst, grp = ex.item(focus).text(lang), ex.item(group).text(lang)
        others = "; ".join(ex.item(p).text(lang) for p in peers)
        msg[lang] = (f"{inst} leaves out {grp}, whom {others} (same region) covers; harmonise the instruments."
                     if lang == "en" else
                     f"{inst} tidak mencakup {grp}, yang dicakup {others} (wilayah yang sama); selaraskan instrumen.")
    gap.message = msg
    gap.groups = ex.items({group})
    gap.instruments = ex.items({focus, *peers})
    gap.services = []
    # evidence: a finding that concerns this instrument and one of its peers (a stated disagreement)
    found = [f for f in g.subjects(JAR.concerns, focus)
             if (f, RDF.type, JAR.Finding) in g and any((f, JAR.concerns, p) in g for p in peers)]
    gap.evidence = evidence_list(ex, found)
    gap.basis = "documented" if gap.evidence else "derived"
    gap.detail = {"peers": [_short(p) for p in peers], "group": _short(group)}


# --- non-delivery-reported, condition-is-barrier: evidence = the findings the shape matched -------------

def _right_counter_evidence(ex, ent) -> list[Evidence]:
    """Findings that show this right's service *was* given: good practice that concerns the right."""
    g = ex.g
    return evidence_list(ex, [f for f in g.subjects(JAR.concerns, ent)
                              if (f, RDF.type, JAR.Finding) in g and shows_delivery(g, f)])


@explainer("non-delivery-reported")
def _non_delivery(ex, gap: Gap, focus, value, extra: dict) -> None:
    g = ex.g
    matched = [f for f in extra.get("finding", set()) if not shows_delivery(g, f)]
    gap.evidence = evidence_list(ex, matched)
    gap.counter_evidence = _right_counter_evidence(ex, focus)
    gap.basis = "documented" if gap.evidence else "records"


@explainer("condition-is-barrier")
def _barrier(ex, gap: Gap, focus, value, extra: dict) -> None:
    gap.evidence = evidence_list(ex, extra.get("finding", set()))
    gap.basis = "documented" if gap.evidence else "records"


# --- entitlement-without-duty-bearer: nobody recorded is not "the law names nobody" ---------------------

LAW_TEXT_TYPES = {"official-text", "official-gazette", "official-website"}


@explainer("entitlement-without-duty-bearer")
def _duty_bearer(ex, gap: Gap, focus, value, extra: dict) -> None:
    g = ex.g
    # derived from law only where a record says which text was read and that it names nobody
    # (duty_bearer_checked with duty_bearer_named: false); the silence of a report is absence of records
    checked = (focus, JAR.dutyBearerNamed, None) in g and (focus, JAR.dutyBearerChecked, None) in g
    right = {lang: ex.item(focus).text(lang) for lang in ("en", "id")}
    where = "; ".join(b.text("en") for b in gap.legal_basis) or "its legal basis"
    if checked:  # the text was read and names nobody: say so, and say what was read
        by_doc: dict[str, set[str]] = {}
        for c in g.objects(focus, JAR.dutyBearerChecked):
            doc = g.value(c, JAR.document)
            by_doc.setdefault(ex.item(doc).text("en") if doc is not None else "",
                              set()).add(str(g.value(c, JAR.pinpoint) or ""))
        read = [f"{d}: {', '.join(sorted(p for p in pins if p))}".lstrip(": ") for d, pins in sorted(by_doc.items())]
        gap.detail["duty_bearer_checked"] = read
        where_id = "; ".join(b.text("id") for b in gap.legal_basis) or "dasar hukumnya"
        gap.message = {
            "en": f"{where} grants {right['en']} but names nobody who must provide it (text read: "
                  f"{'; '.join(read)}); assign a duty-bearer in an implementing regulation or an amendment.",
            "id": f"{where_id} memberikan {right['id']} tetapi tidak menyebut siapa yang wajib memberikannya "
                  f"(naskah yang dibaca: {'; '.join(read)}); tetapkan pengemban kewajiban dalam peraturan "
                  "pelaksana atau perubahan undang-undang."}
        gap.basis = "derived"
    else:
        gap.message = {
            "en": f"No duty-bearer is recorded for {right['en']}; check {where} for who must provide it, and if the "
                  "law names nobody, assign one in an implementing regulation.",
            "id": f"Tidak ada pengemban kewajiban yang tercatat untuk {right['id']}; periksa "
                  f"{'; '.join(b.text('id') for b in gap.legal_basis) or 'dasar hukumnya'} tentang siapa yang wajib "
                  "memberikannya, dan jika hukum tidak menyebut siapa pun, tetapkan dalam peraturan pelaksana."}
        gap.basis = "records"
    gap.evidence = evidence_list(ex, [f for f in g.subjects(JAR.concerns, focus)
                                      if (f, RDF.type, JAR.Finding) in g and states_failure(g, f)])


# --- entitlement-on-repealed-basis: the successor mapping (INTERFACES #3) decides -----------------------

@explainer("entitlement-on-repealed-basis")
def _repealed(ex, gap: Gap, focus, value, extra: dict) -> None:
    g = ex.g
    successions = list(g.objects(focus, JAR.succession))
    kinds = {str(g.value(sc, JAR.successionKind) or "").rsplit("/", 1)[-1]: sc for sc in successions}
    carried = [sc for k, sc in kinds.items() if k in ("re-enacted", "changed")
               for succ in [g.value(sc, JAR.successor)]
               if succ is not None and (succ, JDV.basisInForce, None) in g]
    if carried:  # the successor right covers it: no gap today (the history keeps it)
        gap.detail["not_current"] = True
        gap.detail["successor"] = [_short(g.value(sc, JAR.successor)) for sc in carried]
        return
    if "dropped" in kinds:
        sc = kinds["dropped"]
        gap.kind = "right-dropped-by-successor"
        right = {lang: ex.item(focus).text(lang) for lang in ("en", "id")}
        note = {lit.language or "en": str(lit) for lit in g.objects(sc, RDFS.comment)}
        basis = g.value(sc, JAR.successionBasis)
        where = {lang: ex.item(basis).text(lang) if basis is not None else "" for lang in ("en", "id")}
        gap.message = {
            "en": f"{right['en']} was not given again when its law was repealed ({where['en']}): "
                  f"{note.get('en', 'the successor does not give it')}; restore it in law in force.",
            "id": f"{right['id']} tidak diberikan lagi ketika hukumnya dicabut ({where['id']}): "
                  f"{note.get('id', 'pengganti tidak memberikannya')}; pulihkan dalam hukum yang berlaku."}
        gap.basis = "derived"
        gap.severity = "high"
        gap.detail["successor_basis"] = _short(basis) if basis is not None else ""
        gap.evidence = evidence_list(ex, [f for f in g.subjects(JAR.concerns, focus) if states_failure(g, f)])
        return
    # no successor mapped yet: what replaced the law is data to collect, not a finding
    gap.basis = "records"
    gap.severity = "medium"


# --- funding-falling, practice-contradicts-provision (kg/gaps/monitoring.py) ---------------------------

@explainer("funding-falling")
def _funding(ex, gap: Gap, focus, value, extra: dict) -> None:
    g = ex.g
    series = next(iter(extra.get("series", ())), focus)
    obs = sorted(g.objects(series, JDV.seriesOf), key=str) or [focus]
    years = sorted({str(g.value(o, JAR.refPeriod))[:4] for o in obs})
    measure = g.value(obs[0], JAR.measure)
    unit = str(g.value(obs[0], JAR.unit) or "").upper()
    points = "; ".join(f"{str(g.value(o, JAR.refPeriod))[:4]}: {g.value(o, JAR.value)} {unit}"
                       for o in sorted(obs, key=lambda o: str(g.value(o, JAR.refPeriod))))
    gap.message = {
        "en": f"{ex.item(measure).text('en')} fell every year from {years[0]} to {years[-1]} ({points}); restore "
              "the funding or record why it fell.",
        "id": f"{ex.item(measure).text('id')} turun setiap tahun dari {years[0]} sampai {years[-1]} ({points}); "
              "pulihkan pendanaan atau catat alasannya."}
    gap.focus, gap.value = str(obs[0]), None
    gap.basis = "documented"  # the figures are the source's
    gap.detail = {"observations": [_short(o) for o in obs], "from": years[0], "to": years[-1]}
    gap.evidence = []


@explainer("practice-contradicts-provision")
def _practice(ex, gap: Gap, focus, value, extra: dict) -> None:
    g = ex.g
    found = [f for f in extra.get("finding", set()) if not shows_delivery(g, f)]
    if not found:  # pySHACL gives no ?finding: take them from the graph by the same rule
        found = [f for f in g.subjects(JAR.concerns, focus) if (f, RDF.type, JAR.Finding) in g
                 and (f, JAR.reportsNonDelivery, None) in g and not shows_delivery(g, f)]
    gap.evidence = evidence_list(ex, found)
    gap.counter_evidence = evidence_list(ex, [f for f in g.subjects(JAR.concerns, focus) if shows_delivery(g, f)])
    gap.basis = "documented" if gap.evidence else "records"
    gap.legal_basis = ex.items({focus})
    gap.instruments = ex.items({g.value(focus, JAR.inInstrument) or focus})


# --- weaker-than-treaty: a domestic provision that falls short of a ratified treaty (sources/treaty_comparisons) ---

def _cited(ex, citation) -> dict | None:
    """{"quote", "lang", "document", "document_label", "at"} of a citation node (None: no citation)."""
    g = ex.g
    if citation is None:
        return None
    doc = g.value(citation, JAR.document)
    q = g.value(citation, JAR.quote)
    return {"quote": str(q) if q is not None else "", "lang": q.language if q is not None else None,
            "document": str(doc), "document_label": str(g.value(doc, RDFS.label) or doc),
            "at": str(g.value(citation, JAR.pinpoint) or "")}


@explainer("weaker-than-treaty")
def _weaker_than_treaty(ex, gap: Gap, focus, value, extra: dict) -> None:
    """Told from the comparison: the domestic provision, the treaty provision and the law that ratified the treaty,
    both texts as read (quotes), the aspect in which the domestic text falls short, and who says so. Documented
    (high) when the comparison names findings whose source states it; otherwise derived from law (medium): only
    Jaring's reading of the two texts, with its reason, shown as such."""
    from .model import _lang_map

    g = ex.g
    dom, art = g.value(focus, JAR.domesticProvision), g.value(focus, JAR.treatyProvision)
    treaty = g.value(art, JAR.inInstrument) if art is not None else None
    laws = sorted((law for law in g.subjects(JAR.ratifies, treaty)
                   if (law, JDV.standing, JDV["in-force"]) in g), key=str) if treaty is not None else []
    dom_inst = g.value(dom, JAR.inInstrument) or dom
    aspect = _lang_map(g, focus, JAR.shortfall)
    reason = _lang_map(g, focus, JAR.assessmentReason)
    by = str(g.value(focus, JAR.assessedBy) or "jaring")
    findings = sorted(g.objects(focus, JAR.assessmentFinding), key=str)
    gap.evidence = evidence_list(ex, [f for f in findings if not shows_delivery(g, f)])
    gap.counter_evidence = evidence_list(ex, [f for f in findings if shows_delivery(g, f)])
    gap.basis = "documented" if by == "source" and gap.evidence else "derived"
    gap.severity = "high" if gap.basis == "documented" else "medium"
    treaty_text = _cited(ex, g.value(focus, JAR.treatyText))
    domestic_text = _cited(ex, g.value(focus, JAR.domesticText))
    msg = {}
    for lang in ("en", "id"):
        d, a = ex.item(dom).text(lang), ex.item(art).text(lang)
        rat = _names(ex, laws, lang)
        what = aspect.get(lang) or aspect.get("en", "")
        if lang == "en":
            who = ("an outside source, which states it (see the evidence)" if gap.basis == "documented"
                   else "Jaring's own reading of both texts, not yet an outside source")
            msg[lang] = (f"{d} falls short of {a}, which Indonesia ratified by {rat}. {what.rstrip('.')}. "
                         f"Assessed by: {who}. Bring the domestic law up to the treaty.")
        else:
            who = ("sumber luar, yang menyatakannya (lihat bukti)" if gap.basis == "documented"
                   else "pembacaan Jaring sendiri atas kedua teks, belum sumber luar")
            msg[lang] = (f"{d} tidak memenuhi {a}, yang disahkan Indonesia dengan {rat}. {what.rstrip('.')}. "
                         f"Dinilai oleh: {who}. Sesuaikan hukum domestik dengan perjanjian itu.")
    gap.message = msg
    gap.legal_basis = ex.items({dom})
    gap.instruments = ex.items({dom_inst, *([treaty] if treaty is not None else []), *laws})
    gap.who_should_act = ex.items(set(g.objects(dom_inst, ELI.passed_by))) or gap.who_should_act
    gap.groups = ex.items({grp for f in findings for grp in g.objects(f, JAR.affectsGroup)})
    gap.services = []
    gap.detail = {
        "domestic": _short(dom), "treaty_provision": _short(art),
        "treaty": _short(treaty) if treaty is not None else "",
        "ratified_by": [_short(x) for x in laws],
        "treaty_text": treaty_text, "domestic_text": domestic_text,
        "aspect": aspect, "assessed_by": by, "reason": reason,
    }


# --- procedure-not-adopted: a mandated procedure that no recorded instrument adopts (sources/obligations) -----

PROCEDURE = "https://w3id.org/jaring/id/vocab/duty-kinds/adopt-procedure"


def _years(g, f) -> str:
    """"2018–2019" (or "2022", or "") from a finding's observed period."""
    a, b = (str(g.value(f, p) or "")[:4] for p in (JAR.observedFrom, JAR.observedUntil))
    return f"{a}–{b}" if a and b and a != b else (a or b)


def _since(ex, node, lang: str) -> str:
    """When ``node`` took effect, as the graph knows it: its date, or its year with a note that only the year is
    recorded (kg.asof reads a year-only act as in force from 1 January)."""
    g = ex.g
    start = str(g.value(node, JAR.effectiveFrom) or g.value(node, ELI.first_date_entry_in_force) or "")[:10]
    inst = g.value(node, JAR.inInstrument)
    if not start and inst is not None:  # a provision without dates of its own: its instrument's
        return _since(ex, inst, lang)
    if not start:
        return ""
    if "year" in {str(b) for b in g.objects(node, JAR.validityBasis)}:
        return (f"in force from {start[:4]}, only its year being recorded" if lang == "en"
                else f"berlaku sejak {start[:4]}, hanya tahunnya yang tercatat")
    return f"in force from {start}" if lang == "en" else f"berlaku sejak {start}"


@explainer("procedure-not-adopted")
def _procedure_not_adopted(ex, gap: Gap, focus, value, extra: dict) -> None:
    """Told from the obligation: the provision that mandates the procedure, since when it binds Indonesia (for a
    treaty, the ratifying law in force), that no adopting instrument is recorded as of the date, and the findings
    about the obligation that state it was not adopted or not finalised, with their periods. A finding first
    observed after the date is not evidence on that date. Documented (high) with such a finding; otherwise absence
    of records (medium): nothing adopting it is recorded, which is not known to mean none exists."""
    g = ex.g
    day = asof.as_date(g.value(JDV.context, JDV.asOf))  # None: the latest recorded state
    bases = sorted(g.objects(focus, JAR.legalBasis), key=str)
    binding = [b for b in bases if (b, JDV.standing, JDV["in-force"]) in g]
    insts = sorted({g.value(b, JAR.inInstrument) or b for b in binding}, key=str)
    laws = sorted({law for i in insts for law in g.subjects(JAR.ratifies, i)
                   if (law, JDV.standing, JDV["in-force"]) in g}, key=str)

    def observed(f) -> bool:
        start = g.value(f, JAR.observedFrom)
        return day is None or start is None or asof.in_period(start, until=day)
    about = [f for f in g.subjects(JAR.concerns, focus) if (f, RDF.type, JAR.Finding) in g and observed(f)]
    failing = sorted((f for f in about if states_failure(g, f)),
                     key=lambda f: (str(g.value(f, JAR.observedFrom)), str(f)))
    gap.evidence = [ex._evidence_of(f) for f in failing]
    gap.counter_evidence = evidence_list(ex, [f for f in about if shows_delivery(g, f)])
    gap.basis = "documented" if gap.evidence else "records"
    gap.severity = "high" if gap.basis == "documented" else "medium"
    periods = [_years(g, f) for f in failing]
    docs = list(dict.fromkeys(q["document_label"] for e in gap.evidence for q in e.quotes))
    label = {lang: ex.item(focus).text(lang) for lang in ("en", "id")}
    msg = {}
    for lang in ("en", "id"):
        basis = _names(ex, binding or bases, lang)
        who = _names(ex, sorted(g.objects(focus, JAR.bearer), key=str), lang)
        what = label[lang][:1].lower() + label[lang][1:]
        latest = "the latest recorded state" if lang == "en" else "keadaan terakhir yang tercatat"
        when = day.isoformat() if day else latest
        if laws:
            since = "; ".join(f"{ex.item(law).text(lang)}, {_since(ex, law, lang)}".rstrip(", ") for law in laws)
            bind = (f" It binds Indonesia since its ratification ({since})." if lang == "en"
                    else f" Kewajiban ini mengikat Indonesia sejak pengesahannya ({since}).")
        else:
            since = "; ".join(s for s in (_since(ex, b, lang) for b in binding) if s)
            bind = f" {since[:1].upper()}{since[1:]}." if since else ""
        if lang == "en":
            text = (f"{basis} mandates a procedure: {what}" + (f", a duty of {who}" if who else "")
                    + f".{bind} No instrument adopting it is recorded as of {when}")
            if failing:
                text += (f"; sources state it was not adopted or not finalised: {', '.join(periods)} "
                         f"({'; '.join(docs)})")
            else:
                text += ("; no source states it either way: record the instrument that adopted it, or a source "
                         "that says none exists")
            text += ". Adopt the procedure in an instrument that implements the provision."
        else:
            text = (f"{basis} mengamanatkan prosedur: {what}" + (f", kewajiban {who}" if who else "")
                    + f".{bind} Tidak ada instrumen penetapannya yang tercatat per {when}")
            if failing:
                text += (f"; sumber menyatakan prosedur itu belum ditetapkan atau belum difinalkan: "
                         f"{', '.join(periods)} ({'; '.join(docs)})")
            else:
                text += ("; tidak ada sumber yang menyatakannya: catat instrumen yang menetapkannya, atau sumber yang "
                         "menyatakan tidak ada")
            text += ". Tetapkan prosedur itu dalam instrumen yang melaksanakan ketentuan tersebut."
        msg[lang] = text
    gap.message = msg
    gap.legal_basis = ex.items(bases)
    gap.instruments = ex.items({*insts, *laws})
    gap.who_should_act = ex.items(set(g.objects(focus, JAR.bearer))) or gap.who_should_act
    gap.services = ex.items({s for f in failing for s in g.objects(f, JAR.affectsService)})
    gap.groups = []
    gap.detail = {
        "duty_kind": PROCEDURE.rsplit("/", 1)[-1],
        "ratified_by": [_short(x) for x in laws],
        "binding_since": {lang: "; ".join(_since(ex, x, lang) for x in (laws or binding)) for lang in ("en", "id")},
        "not_adopted": [{"finding": _short(f), "period": _years(g, f)} for f in failing],
    }
