"""The entitlement finder: for a profile and a date, every entitlement of the graph is *entitled*, *not
entitled* (with the rule and its source) or *depends* (with the question that decides it).

Each entitlement goes through small named checks (:data:`CHECKS`); each check returns nothing (passes), a
:class:`Reason` (a known fact rules it out) or questions (an unknown fact would decide it). Any reason makes it
*not entitled*; otherwise any question makes it *depends*; otherwise it is *entitled*. An unknown fact never
gives a reason: unknown is not no.

The checks: in force on the date; for one of the person's groups (:mod:`.groups`); no excluded group; the
conditions (facts decided by the profile, procedural steps listed); the age range; the region of a regional
instrument. Places to go come from :mod:`.places`; the brief from :mod:`kg.render.brief`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..i18n import t as _ui
from ..ids import pick_label as _pick
from ..ids import short_id as _short
from ..namespaces import ID, PREFIXES
from .profile import ADULT_AGE, Profile, ProfileError, parse_date, parse_profile
from . import places as placemod
from ..gaps.cache import AnswerItem, gaps_for_answer
from .gapcache import gaps_for
from .groups import GROUPS, Membership, memberships
from .model import Answer, Basis, ConditionState, Item, Question, Reason, Source
from ..asof import as_date, in_window
from .snapshot import JAR, Snapshot, basis_standing, snapshot

BASE = str(ID)
LAW_21_2007 = BASE + "uu/2007/21"
#: the brief's sections, in order, and the stage of assistance (stages vocabulary) that opens each
SECTIONS = ("safety", "return", "recovery", "justice")
STAGE_SECTION = {"identification": "safety", "recovery": "safety", "return": "return",
                 "reintegration": "recovery", "justice": "justice"}
LANGS = ("en", "id")


def _t(key: str, lang: str, **kw) -> str:
    return _ui("brief." + key, lang, **kw)


def _both(key: str, **kw) -> dict[str, str]:
    return {lang: _t(key, lang, **{k: (v[lang] if isinstance(v, dict) else v) for k, v in kw.items()})
            for lang in LANGS}


def _ids(values) -> list[str]:
    return sorted(set(values or []))


def _named(snap: Snapshot, nodes) -> list[dict]:
    return [{"iri": n, "id": _short(n), "label": snap.label(n)} for n in _ids(nodes)]


def parse_day(value: date | str | None, field: str = "as_of") -> date:
    """The answer's date: a date, ``YYYY-MM-DD``, or today when none or unknown; else a bilingual
    :class:`ProfileError` (one date parser for profiles and answers: :func:`kg.answers.profile.parse_date`)."""
    if value is None or value == "":
        return date.today()
    day = parse_date(field, value, "2024-01-31")
    return day if day is not None else date.today()  # "unknown" reads like no date given: today


# --- questions ----------------------------------------------------------------------------------------------

def question_text(snap: Snapshot, key: str) -> dict[str, str]:
    """The words of a question key (``witness``, ``group:vulnerable-persons``, ``condition:<iri>``)."""
    if key.startswith("condition:"):
        cond = key[len("condition:"):]
        q = (snap.conditions.get(cond) or {}).get("question")
        if q:
            return dict(q)
        return _both("q.condition", what=snap.label(cond))
    if key.startswith("group:"):
        return _both("q.group", what=snap.label(GROUPS + key[len("group:"):]))
    return _both("q." + key)


# --- the context of one answer ------------------------------------------------------------------------------

@dataclass
class Context:
    snap: Snapshot
    profile: Profile
    as_of: date
    member: dict[str, Membership]
    places: set[str]  # the region of return and what it lies in
    person: placemod.Person

    def state(self, group: str) -> Membership:
        return self.member.get(group) or Membership("no")


# --- the checks ---------------------------------------------------------------------------------------------

def check_in_force(ctx: Context, it: Item, props: dict) -> tuple[list[Reason], list[str]]:
    if it.in_force:
        return [], []
    text = _both("reason.not-in-force", what=ctx.as_of.isoformat())
    if it.successors:
        names = {lang: "; ".join(_pick(s["label"], lang) for s in it.successors) for lang in LANGS}
        text = {lang: text[lang] + "; " + _t("replaced_by", lang, what=names[lang]) for lang in LANGS}
    return [Reason("not-in-force", [b.iri for b in it.legal_basis], [b.label for b in it.legal_basis], text)], []


def check_beneficiary(ctx: Context, it: Item, props: dict) -> tuple[list[Reason], list[str]]:
    bens = [b["iri"] for b in it.beneficiaries]
    states = [ctx.state(b) for b in bens]
    if any(s.state == "yes" for s in states):
        return [], []
    unknown = [s for s in states if s.state == "unknown"]
    if unknown:
        return [], sorted(set().union(*(s.missing for s in unknown)))
    return [Reason("not-beneficiary", bens, [ctx.snap.label(b) for b in bens],
                   {lang: _t("reason.not-beneficiary", lang, what=", ".join(_pick(ctx.snap.label(b), lang)
                                                                           for b in bens)) for lang in LANGS})], []


def check_excluded(ctx: Context, it: Item, props: dict) -> tuple[list[Reason], list[str]]:
    excl = _ids(props.get(JAR + "excludes"))
    hit = [x for x in excl if ctx.state(x).state == "yes"]
    if hit:
        return [Reason("excluded", hit, [ctx.snap.label(x) for x in hit],
                       {lang: _t("reason.excluded", lang, what=", ".join(_pick(ctx.snap.label(x), lang) for x in hit))
                        for lang in LANGS})], []
    unknown = [ctx.state(x) for x in excl if ctx.state(x).state == "unknown"]
    return [], sorted(set().union(*(s.missing for s in unknown))) if unknown else []


def _fact(ctx: Context, fact: str):
    if fact == "region":
        return True if ctx.places else None
    return getattr(ctx.profile, fact, None)


def check_conditions(ctx: Context, it: Item, props: dict) -> tuple[list[Reason], list[str]]:
    unmet, asks = [], []
    for c in it.conditions:
        rule = ctx.snap.conditions.get(c.iri) or {}
        fact = rule.get("fact")
        if rule.get("step"):
            # a step to take: done when the profile says so, else listed as the next thing to do, never a bar
            c.state = "met" if fact and _fact(ctx, fact) else "step"
            continue
        value = _fact(ctx, fact) if fact else None
        if value is None:
            c.state = "unknown"
            asks.append(fact if fact else "condition:" + c.iri)
        elif value:
            c.state = "met"
        else:
            c.state = "unmet"
            unmet.append(c)
    if unmet:
        return [Reason("condition", [c.iri for c in unmet], [c.label for c in unmet],
                       {lang: _t("reason.condition", lang, what=", ".join(_pick(c.label, lang) for c in unmet))
                        for lang in LANGS})], asks
    return [], asks


def _age_text(ages: dict) -> str:
    lo, hi = ages.get("min"), ages.get("max")
    if lo is not None and hi is not None:
        return f"{lo}\u2013{hi}"
    return f"\u2265 {lo}" if lo is not None else f"\u2264 {hi}"


def check_age(ctx: Context, it: Item, props: dict) -> tuple[list[Reason], list[str]]:
    lo, hi = (props.get(JAR + "minAge") or [None])[0], (props.get(JAR + "maxAge") or [None])[0]
    if lo is None and hi is None:
        return [], []
    it.ages = {"min": None if lo is None else int(lo), "max": None if hi is None else int(hi)}
    what = _age_text(it.ages)
    age = ctx.profile.age_on(ctx.as_of)
    label = _both("ages", what=what)
    if age is None:
        # an age group alone does not decide a range inside it (a "child" may be 16)
        it.conditions.append(ConditionState(JAR + "minAge", label, "unknown"))
        return [], ["age"]
    lo_, hi_ = it.ages["min"], it.ages["max"]
    if (lo_ is not None and age < lo_) or (hi_ is not None and age > hi_):
        return [Reason("age", [], [], _both("reason.age", what=what, age=age))], []
    it.conditions.append(ConditionState(JAR + "minAge", label, "met"))
    return [], []


def _local_jurisdictions(snap: Snapshot, bases: list[str]) -> set[str]:
    """Sub-national jurisdictions of the legal bases (empty when one basis is national or has none)."""
    out = set()
    for b in bases:
        jur = (snap.legal.get(b) or {}).get("jur")
        if not jur or snap.region_kind.get(jur) in (None, "country"):
            return set()
        out.add(jur)
    return out


def check_region(ctx: Context, it: Item, props: dict) -> tuple[list[Reason], list[str]]:
    local = _local_jurisdictions(ctx.snap, [b.iri for b in it.legal_basis])
    if not local:
        return [], []
    names = {lang: ", ".join(_pick(ctx.snap.label(j), lang) for j in sorted(local)) for lang in LANGS}
    if not ctx.places:
        it.conditions.append(ConditionState(sorted(local)[0], _both("only-in", what=names), "unknown"))
        return [], ["region"]
    if local & ctx.places:
        return [], []
    return [Reason("other-region", sorted(local), [ctx.snap.label(j) for j in sorted(local)],
                   _both("reason.other-region", what=names))], []


#: the checks, in the order their reasons are listed
CHECKS = (check_in_force, check_beneficiary, check_excluded, check_conditions, check_age, check_region)


# --- building items -----------------------------------------------------------------------------------------

def basis_note(state: str, start, end, as_of: date) -> dict[str, str]:
    """Why a legal basis does not count on ``as_of`` (its standing ``state`` from :func:`kg.asof.standing`), in
    both languages, with the date that decides it: "not yet in force on D; in force from S" or "no longer in
    force since E". Empty for a basis in force (or unclear: the right then carries a warning)."""
    day = as_date(as_of).isoformat()
    if state == "not-yet":
        s = as_date(start)
        return {lang: _ui("ent.basis_not_yet_from" if s else "ent.basis_not_yet", lang, day=day,
                          start=s.isoformat() if s else "") for lang in LANGS}
    if state == "ended":
        e = as_date(end)
        return {lang: _ui("ent.basis_ended_since" if e else "ent.basis_ended", lang, day=day,
                          end=e.isoformat() if e else "") for lang in LANGS}
    return {}


def _item(snap: Snapshot, e: str, as_of: date) -> Item:
    props, langp = snap.ent[e], snap.ent_lang.get(e, {})
    P = lambda name: props.get(JAR + name, [])  # noqa: E731
    LP = lambda name: dict(langp.get(JAR + name, {}))  # noqa: E731
    bases, stands = [], {}
    for b in _ids(P("legalBasis")):
        row = snap.legal.get(b, {})
        start = row.get("rf") or row.get("if")
        end = row.get("ru") or row.get("iu")
        status = (row.get("st") or "").rsplit("/", 1)[-1] or None
        stands[b] = basis_standing(snap, b, as_of)
        bases.append(Basis(b, snap.label(b), stands[b].may_be_in_force, row.get("inst") or None, start, end, status,
                           stands[b].state, basis_note(stands[b].state, start, end, as_of)))
    vf, vu = (P("validFrom") or [None])[0], (P("validUntil") or [None])[0]
    in_force = in_window(vf, vu, as_of) if (vf or vu) else any(b.in_force for b in bases)
    # a condition (or deadline) imposed only by texts not in force on the date does not count then (QA review C1):
    # e.g. PP 7/2018's police letter (from 2018-03-05) is not asked of an LPSK right as of 2015
    imposed = snap.condition_bases.get(e, {})
    conds = [ConditionState(c, snap.label(c), "unknown") for c in _ids(P("condition"))
             if not imposed.get(c) or any(basis_standing(snap, b, as_of).may_be_in_force for b in imposed[c])]
    dl = None
    d = snap.deadlines.get(P("deadline")[0], {}) if P("deadline") else {}
    if d and (not d.get("legalBasis") or basis_standing(snap, d["legalBasis"], as_of).may_be_in_force):
        basis = d.get("legalBasis")
        dl = {"days": d.get("days"), "from": d.get("countedFrom", {}), "basis": basis,
              "basis_label": snap.label(basis) if basis else {}}
    srcs = []
    for c in _ids(P("source")):
        row = snap.citations.get(c)
        if row:
            srcs.append(Source(row["doc"], _pick(snap.label(row["doc"]), "en"), row["at"], row.get("q"),
                               row.get("ql") or None))
    stages = _named(snap, P("stage"))
    ranks = {"identification": 1, "return": 2, "recovery": 3, "justice": 4, "reintegration": 5}
    first = min((s["id"].rsplit("/", 1)[-1] for s in stages), key=lambda s: ranks.get(s, 9), default="recovery")
    it = Item(
        id=_short(e), iri=e, label=dict(langp.get(PREFIXES["rdfs"] + "label", {})) or snap.label(e),
        description=dict(langp.get(PREFIXES["skos"] + "scopeNote", {})),
        services=_named(snap, P("serviceType")), legal_basis=bases, duty_bearers=_named(snap, P("dutyBearer")),
        duty_bearer_named=str((P("dutyBearerNamed") or [True])[0]).lower() != "false",
        delivered_by=_named(snap, P("deliveredBy")), service_points=[], conditions=conds, deadline=dl,
        in_force=in_force, valid_from=vf, valid_until=vu,
        certainty=str((P("certainty") or ["stated"])[0]), certainty_note=LP("certaintyNote"),
        modality=str((P("modality") or ["right"])[0]), claimants=_named(snap, P("claimant")),
        stages=stages, beneficiaries=_named(snap, P("beneficiary")), sources=srcs)
    it.section = STAGE_SECTION.get(first, "recovery")
    it.core = any(b.iri == LAW_21_2007 or b.iri.startswith(LAW_21_2007 + "/") for b in bases)
    it.successors = _named(snap, P("succeededByRight") + P("succeededBy"))  # lawcur's successor mapping
    live = [stands[b.iri] for b in bases if b.in_force]
    if live and all(st.state == "unclear" for st in live):
        it.warnings.append({lang: _t("warn." + ("unclear" if all(st.reason == "status-unclear" for st in live)
                                                 else "ended"), lang) for lang in LANGS})
    return it


IDENTITY_DOCUMENTS = BASE + "vocab/services/identity-documents"
DOCUMENTS_FINDING = BASE + "finding/services-require-identity-documents"


def documents_first(ctx: Context, items: list[Item]) -> None:
    """A person without identity documents: the rights that replace them come first (immediate safety and
    care), because registering for state services requires them (field-research finding
    ``services-require-identity-documents``)."""
    if ctx.profile.identity_documents is not False:
        return
    for it in items:
        if any(s["iri"] == IDENTITY_DOCUMENTS or IDENTITY_DOCUMENTS in ctx.snap.ancestors(s["iri"])
               for s in it.services):
            it.section = "safety"
            it.warnings.insert(0, _both("documents_first", what=ctx.snap.label(DOCUMENTS_FINDING)))


def changes_not_encoded(snap: Snapshot, items: list[Item], as_of: date) -> None:
    """A warning on each right resting on an instrument whose currency check found known changes not yet encoded
    (``found: changes-not-encoded``), when a text that made those changes (the check's ``by``) has started by the
    answer's date (or none is named): the answer's banner says it once at the top, the right says it where it is
    read (QA review D3: Law 36/2009's health rights, while Law 17/2023 Art. 454 could not be read)."""
    checks = {c.instrument: c for c in snap.currency_checks if c.found == "changes-not-encoded"}
    if not checks:
        return
    for it in items:
        seen = set()
        for b in it.legal_basis:
            c = checks.get(b.instrument or b.iri)
            if c is None or c.instrument in seen:
                continue
            seen.add(c.instrument)
            # only the changes made by texts that had started by the date asked about (kg.asof standing)
            started = [(lb, x) for lb, x in zip(c.by_labels, c.by)
                       if basis_standing(snap, BASE + x, as_of).state != "not-yet"]
            if c.by and not started:
                continue  # every change named comes after the date asked about
            by = {lang: ", ".join(_pick(lb, lang) or x for lb, x in started) or "?" for lang in LANGS}
            it.warnings.append(_both("warn.changes", what=snap.label(c.instrument), by=by))


def _derivations(ctx: Context) -> list[dict]:
    """The groups the person is treated as belonging to by a rule of law, each with the rule and its source."""
    out = []
    snap = ctx.snap
    for g, m in sorted(ctx.member.items()):
        if m.state != "yes" or not m.via:
            continue
        rule = m.via
        cites = []
        for c in rule.get("sources", []):
            row = snap.citations.get(c)
            if row:
                cites.append({"document": row["doc"], "document_label": _pick(snap.label(row["doc"]), "en"),
                              "at": row["at"], "quote": row.get("q")})
        because = {lang: ", ".join(_pick(snap.label(f), lang) for f in rule["from"]) for lang in LANGS}
        out.append({"group": g, "id": _short(g), "label": snap.label(g), "because": because,
                    "from": [_short(f) for f in rule["from"]], "basis": [_short(b) for b in rule["basis"]],
                    "basis_label": [snap.label(b) for b in rule["basis"]], "note": rule.get("note") or {},
                    "sources": cites,
                    "text": {lang: _t("treated_as", lang, group=_pick(snap.label(g), lang), because=because[lang],
                                      basis="; ".join(_pick(snap.label(b), lang) for b in rule["basis"]))
                             for lang in LANGS}})
    return out


def law_checked_up_to(snap: Snapshot) -> str | None:
    """The date up to which the currency of the law was checked (the currency register, INTERFACES #2): the
    earliest ``checked_on`` of the instruments that record one; None while no instrument records one."""
    return (snap.law_checked or {}).get("up_to")


# --- the finder ---------------------------------------------------------------------------------------------

def entitlements(profile: Profile | dict, as_of: date | str | None = None, region: str | None = None,
                 store=None, *, with_gaps: bool | str = "cached") -> Answer:
    """Everything the profile is entitled to, not entitled to, and what depends on a question, as of ``as_of``
    (default today), for a person returning to ``region`` (or the profile's regency / province).

    ``with_gaps``: ``"cached"`` (default) attaches the coverage gaps when they have been computed for this
    graph and date (see :func:`gaps_for`), ``True`` computes them if needed (slow the first time), ``False``
    leaves them out. Raises :class:`ProfileError` for a value the graph does not know.
    """
    if store is None:
        from ..store.store import open_store

        store = open_store()
    profile = parse_profile(profile)
    as_of = parse_day(as_of)
    from ..store.store import iri as full
    from .values import check_profile, resolve_region

    snap = snapshot(store)
    profile = check_profile(profile, snap)
    if profile.birth_date and profile.age is None:
        # a child victim is one exploited under eighteen; without the date of exploitation, the age on the date
        years = profile.age_at_exploitation if profile.exploitation_date else profile.age_on(as_of)
        profile.age_group = "child" if years < ADULT_AGE else "adult"
    regency = full(profile.regency) if profile.regency else None
    province = full(profile.province) if profile.province else None
    region = full(resolve_region(snap, region)) if region else (regency or province)
    if region and not province:
        province = next((r for r in snap.region_chain(region) if snap.region_kind.get(r) == "province"), None)
    if region and not regency and snap.region_kind.get(region) in ("regency", "city"):
        regency = region
    member = memberships(profile, snap, as_of)
    gset = frozenset(g for g, m in member.items() if m.state == "yes")
    person = placemod.Person(profile, gset, regency, province, full(profile.landing) if profile.landing else None,
                             full(profile.country) if profile.country else None, as_of, member)
    ctx = Context(snap, profile, as_of, member,
                  {r for place in (region, regency, province) if place for r in snap.region_chain(place)}, person)
    notes = []
    gap_list = gaps_for(store, as_of, compute=with_gaps is True) if with_gaps else None
    if gap_list is None and with_gaps:
        notes.append("gaps: not computed yet for this graph and date (run 'kg entitlements --gaps' "
                     "or kg.answers.gapcache.gaps_for(store, as_of)) / kesenjangan: belum dihitung untuk graf dan "
                     "tanggal ini")
    visited = []  # (item, what the gap attachment rule needs of it), in the order visited
    entitled, depends, not_entitled = [], [], []
    asked: Counter = Counter()
    for e in sorted(snap.ent):
        it = _item(snap, e, as_of)
        props = snap.ent[e]
        reasons, asks = [], []
        for check in CHECKS:
            r, q = check(ctx, it, props)
            reasons += r
            asks += [k for k in q if k not in asks]
        it.reasons = reasons
        visited.append((it, AnswerItem(e, tuple(b.iri for b in it.legal_basis), tuple(r.kind for r in reasons))))
        services = [s["iri"] for s in it.services]
        if reasons:
            it.verdict = "not-entitled"
            not_entitled.append(it)
            continue
        it.questions = [Question(k, question_text(snap, k)) for k in asks]
        it.verdict = "depends" if asks else "entitled"
        (depends if asks else entitled).append(it)
        asked.update(asks)
        bearers = [d["iri"] for d in it.duty_bearers]
        abroad_only = bool(bearers) and all(snap.inst_level.get(b) == "abroad" for b in bearers)
        it.service_points = placemod.places(snap, services, person, abroad_only=abroad_only,
                                            jurisdiction=frozenset(_local_jurisdictions(snap, [b.iri for b in
                                                                                               it.legal_basis])))
        if services and not it.service_points:
            it.no_place = [{"text": placemod.no_place(snap, services, person, abroad_only=abroad_only)}]
    documents_first(ctx, entitled + depends)
    order = lambda i: (SECTIONS.index(i.section), not i.core, i.modality == "may", _pick(i.label, "en"))  # noqa: E731
    entitled.sort(key=order)
    depends.sort(key=order)
    answer = Answer(profile, as_of, region, _named(snap, sorted(gset)), entitled, not_entitled, notes)
    answer.depends = depends
    answer.gaps_computed = not (gap_list is None and with_gaps)
    answer.questions = [Question(k, question_text(snap, k), n) for k, n in
                        sorted(asked.items(), key=lambda kv: (-kv[1], kv[0]))]
    answer.derivations = _derivations(ctx)
    if gap_list:
        per_item, answer.gaps = gaps_for_answer([ref for _it, ref in visited], set(gset), ctx.places, gap_list)
        for item, ref in visited:
            item.gaps = per_item[ref.iri]
    answer.region_label = snap.label(region) if region else {}
    answer.law_checked_up_to = law_checked_up_to(snap)
    answer.places["forms"] = _named(snap, [GROUPS.replace("groups", "exploitation-forms") + f
                                           for f in profile.exploitation_forms])
    if profile.sector:
        answer.places["sector"] = {"iri": BASE + "vocab/sectors/" + profile.sector,
                                   "label": snap.label(BASE + "vocab/sectors/" + profile.sector)}
    if profile.nationality_country:
        answer.places["nationality"] = {"iri": full(profile.nationality_country),
                                        "label": snap.label(full(profile.nationality_country))}
    if answer.law_checked_up_to:
        answer.places["law_checked"] = dict(snap.law_checked)
    # how current the law behind this answer is (kg.answers.currency): the oldest verified-to date of the instruments of
    # every right listed, the warning for a later as-of date, and the changes-not-encoded banners
    from .currency import for_answer

    # from the register read with the snapshot (no store needed: instruments matched to bases by id prefix)
    answer.places["law_currency"] = for_answer(None, answer, checks=snap.currency_checks)
    if answer.places["law_currency"]["date"]:
        answer.law_checked_up_to = answer.places["law_currency"]["date"]
    changes_not_encoded(snap, entitled + depends, as_of)
    for key, place in (("landing", person.landing), ("country", person.country), ("province", province),
                       ("regency", regency)):
        if place:
            answer.places[key] = {"iri": place, "label": snap.label(place)}
    return answer
