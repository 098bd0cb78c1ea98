"""The printable brief of an answer, in the chosen language: Markdown, HTML (everything escaped) and JSON.

Order for action: the questions whose answers change the most rights; who the person is treated as, and why;
then the rights the person has, by stage (immediate safety and care; return; recovery and reintegration;
justice and restitution), the core rights of Law 21/2007 first, each with its first step (where to go, what to
have, what to do, by when); then what depends on a question; then, one line each, what does not apply and why;
then the known gaps.
"""
from __future__ import annotations

import html as _html

from ..answers.finder import SECTIONS
from ..answers.model import Answer, Item
from ..i18n import STRINGS, t as _ui
from ..ids import md_escape
from ..ids import pick_label as pick

MAX_SOURCES = 2
#: conditions met by a document the person should bring (the first step's "have ready")
DOCUMENTS = ("police-report", "poverty-letter", "identity-documents", "formal-identification")
MAX_PLACES = 4
TOP_QUESTIONS = 5


def _t(key: str, lang: str, **kw) -> str:
    return _ui("brief." + key, lang, **kw)


def md(text) -> str:
    return md_escape(text, "brief")


def gap_text(g: dict, lang: str) -> str:
    msg = g.get("message")
    if isinstance(msg, dict) and msg:
        return f"{g.get('kind', '')}: {pick(msg, lang)}".strip(": ")
    label = g.get("label")
    if isinstance(label, dict):
        label = pick(label, lang)
    return f"{g.get('kind', '')}: {label or g.get('focus', '')}".strip(": ")


def _yn(value, lang: str) -> str:
    return _t("yes" if value else "no", lang)


def profile_words(a: Answer, lang: str) -> str:
    """The profile in words ("Woman, 16 years old, Indonesian citizen; exploited in Malaysia (forced labour)…")."""
    p = a.profile
    L = lambda d: pick(d, lang)  # noqa: E731
    parts = []
    who = _t(f"person1.{p.sex or 'any'}.{p.age_group or 'any'}", lang)
    age = p.age_on(a.as_of)
    if age is not None:
        who += ", " + _t("years_old", lang, n=age)
    if p.birth_date:
        who += ", " + _t("born", lang, what=p.birth_date.isoformat())
        if p.age_at_exploitation is not None:
            who += ", " + _t("age_then", lang, n=p.age_at_exploitation)
    if p.nationality:
        nat = L(a.places["nationality"]["label"]) if "nationality" in a.places else ""
        who += ", " + _t(f"nat.{p.nationality}", lang) + (f" ({nat})" if nat else "")
    parts.append(who)
    if p.abroad is not None:
        if "country" in a.places:
            parts.append(_t("exploited_in", lang, what=L(a.places["country"]["label"])))
        else:
            parts.append(_t("abroad_yes" if p.abroad else "abroad_no", lang))
    if a.places.get("forms"):
        parts.append(_t("forms", lang, what=", ".join(L(f["label"]) for f in a.places["forms"])))
    if "sector" in a.places:
        parts.append(_t("sector", lang, what=L(a.places["sector"]["label"])))
    if p.migrant_worker is not None:
        parts.append(_t("migrant_yes" if p.migrant_worker else "migrant_no", lang))
    if p.documented_migration is not None:
        parts.append(_t("documented_yes" if p.documented_migration else "documented_no", lang))
    if "landing" in a.places:
        parts.append(_t("landed_at", lang, what=L(a.places["landing"]["label"])))
    ret = [L(a.places[k]["label"]) for k in ("regency", "province") if k in a.places]
    if ret:
        parts.append(_t("returns_to", lang, what=", ".join(ret)))
    for fact in ("witness", "identified", "reported_to_police", "identity_documents", "poverty_letter",
                 "hardship", "violence"):
        value = getattr(p, fact)
        if value is not None:
            parts.append(_t(f"fact.{fact}", lang) + ": " + _yn(value, lang))
    if p.groups:
        parts.append(_t("also", lang, what=", ".join(g.rsplit("/", 1)[-1] for g in p.groups)))
    return "; ".join(parts) if parts else _t("no_facts", lang)


def first_step(it: Item, lang: str) -> str:
    """Who to ask, what to have, what to do, by when."""
    L = lambda d: pick(d, lang)  # noqa: E731
    bits = []
    if it.service_points:
        sp = it.service_points[0]
        where = L(sp.region_label)
        where = "" if where and f"({where})" in L(sp.label) else where  # "RPTC Bambu Apus (Jakarta)", not twice
        if getattr(sp, "scope", "") == "outside-region" and it.duty_bearers:
            # a regional right with no place recorded in its region: its duty-bearer first (QA C2)
            bits.append(_t("ask", lang, what=", ".join(L(d["label"]) for d in it.duty_bearers)))
        bits.append(_t("go_to", lang, what=L(sp.label) + (f" ({where})" if where else ""))
                    + (f" [{L(sp.mandate_note)}]" if sp.mandate != "yes" and sp.mandate_note else "")
                    + (f" [{L(sp.scope_note)}]" if getattr(sp, "scope_note", None) else ""))
    elif it.duty_bearers:
        bits.append(_t("ask", lang, what=", ".join(L(d["label"]) for d in it.duty_bearers)))
    elif not it.duty_bearer_named:
        bits.append(_t("duty_unnamed", lang))
    have = [L(c.label) for c in it.conditions if c.state == "met" and c.iri.rsplit("/", 1)[-1] in DOCUMENTS]
    if have:
        bits.append(_t("have", lang, what="; ".join(have)))
    steps = [L(c.label) for c in it.steps]
    if steps:
        bits.append(_t("then", lang, what="; ".join(steps)))
    if it.deadline:
        bits.append(_t("deadline", lang) + ": " + _t("days_from", lang, days=it.deadline["days"],
                                                     frm=L(it.deadline["from"])))
    return "; ".join(bits)


def basis_label(b, lang: str) -> str:
    """A legal basis's label, marked when that text is not in force on the answer's date (e.g. a regulation
    enacted later than the date, or an article's wording replaced since) although the right itself is."""
    label = pick(b.label if hasattr(b, "label") else b.get("label") or {}, lang)
    in_force = b.in_force if hasattr(b, "in_force") else b.get("in_force", True)
    note = pick((b.note if hasattr(b, "note") else b.get("note")) or {}, lang)
    if note:  # "not yet in force on D; in force from S" / "no longer in force since E" (kg.answers.finder)
        return f"{label} ({note})"
    return label if in_force else f"{label} ({_ui('ent.basis_not_in_force', lang)})"


def _basis(it: Item, lang: str) -> str:
    return "; ".join(basis_label(b, lang) for b in it.legal_basis)


def _place(p, lang: str) -> str:
    where = pick(p.region_label, lang)
    text = pick(p.label, lang) + (f" \u2014 {where}" if where else "") + f" ({_t('prox.' + p.proximity, lang)})"
    if p.mandate != "yes":
        text += f" [{pick(p.mandate_note, lang)}]"
    if getattr(p, "scope_note", None):  # a regional right: in or outside the right's own region (QA C2)
        text += f" [{pick(p.scope_note, lang)}]"
    return text


def note(it, lang: str) -> str:
    """The note on a right the law states (``certainty: stated`` with a ``certainty_note``, e.g. Law 21/2007
    Art. 54(2) says "mengupayakan", not "wajib"); an uncertain right's note is shown with "uncertain" instead."""
    certainty = it.certainty if hasattr(it, "certainty") else it.get("certainty")
    text = it.certainty_note if hasattr(it, "certainty_note") else it.get("certainty_note")
    return pick(text or {}, lang) if certainty != "uncertain" else ""


def _sections(items: list[Item]) -> list[tuple[str, list[Item]]]:
    return [(s, [i for i in items if i.section == s]) for s in SECTIONS if any(i.section == s for i in items)]


# --- Markdown -----------------------------------------------------------------------------------------------

def markdown(a: Answer, lang: str = "en") -> str:
    L = lambda d: pick(d, lang)  # noqa: E731
    out = [f"# {_t('title', lang)}", ""]
    out.append(f"- **{_t('as_of', lang)}:** {a.as_of.isoformat()}")
    out.append(f"- **{_t('law_checked', lang)}:** " + (a.law_checked_up_to or _t("law_not_checked", lang)))
    cur = a.places.get("law_currency") or {}
    if cur.get("warning"):
        out.append(f"- \u26a0 {md(pick(cur['warning'], lang))}")
    out += [f"- \u26a0 {md(pick(b['text'], lang))}" for b in cur.get("banners") or []]
    out.append(f"- **{_t('profile', lang)}:** {md(profile_words(a, lang))}")
    if a.region:
        out.append(f"- **{_t('region', lang)}:** {md(L(a.region_label) or a.region)}")
    out.append(f"- **{_t('summary', lang)}:** " + _t("counts", lang, yes=len(a.entitled), depends=len(a.depends),
                                                       no=len(a.not_entitled)))
    if a.questions:
        out += ["", f"## {_t('questions', lang)}", ""]
        for q in a.questions[:TOP_QUESTIONS]:
            out.append(f"1. {md(L(q.text))} \u2014 " + _t("decides", lang, n=q.count))
    if a.derivations:
        out += ["", f"## {_t('treated', lang)}", ""]
        for d in a.derivations:
            out.append(f"- {md(L(d['text']))}")
    out += ["", f"## {_t('entitled', lang)} ({len(a.entitled)})", ""]
    if not a.entitled:
        out += [_t("none", lang), ""]
    for section, items in _sections(a.entitled):
        out += [f"### {_t('section.' + section, lang)}", ""]
        for it in items:
            out += _md_item(it, lang) if it.core else _md_line(it, lang)
        out.append("")
    if a.depends:
        out += [f"## {_t('depends', lang)} ({len(a.depends)})", ""]
        for section, items in _sections(a.depends):
            out += [f"### {_t('section.' + section, lang)}", ""]
            for it in items:
                qs = "; ".join(L(q.text) for q in it.questions)
                out.append(f"- **{md(L(it.label))}** ({md(_basis(it, lang))}): {_t('ask_first', lang)} {md(qs)}"
                           + (f" \u2139 {_t('note', lang)}: {md(note(it, lang))}" if note(it, lang) else ""))
                if it.service_points:
                    out.append(f"  - {_t('points', lang)}: " + md("; ".join(_place(p, lang)
                                                                           for p in it.service_points[:MAX_PLACES])))
            out.append("")
    out += [f"## {_t('not_entitled', lang)} ({len(a.not_entitled)})", ""]
    for it in a.not_entitled:
        reasons = "; ".join(L(r.text) for r in it.reasons)
        out.append(f"- **{md(L(it.label))}** ({md(_basis(it, lang))}): {md(reasons)}")
    if a.gaps:
        out += ["", f"## {_t('gaps', lang)} ({len(a.gaps)})", ""]
        out += [f"- {md(gap_text(g, lang))}" for g in a.gaps]
    elif not getattr(a, "gaps_computed", True):  # said where the gaps would be, never an empty "no gaps"
        out += ["", f"## {_t('gaps', lang)}", "", md(_t("gaps_not_computed", lang, day=a.as_of.isoformat()))]
    for n in a.notes:
        out += ["", f"_{md(n)}_"]
    out += ["", f"_{_t('footer', lang)}_", ""]
    return "\n".join(out)


def _md_line(it: Item, lang: str) -> list[str]:
    """A right outside the core of Law 21/2007, on one line: its first step, basis and any warning."""
    L = lambda d: pick(d, lang)  # noqa: E731
    step = first_step(it, lang) or (L(it.no_place[0]["text"]) if it.no_place else "")
    warn = "; ".join(L(w) for w in it.warnings) + ("; " + _t("uncertain", lang) if it.certainty == "uncertain" else "")
    line = f"- **{md(L(it.label))}** ({md(_basis(it, lang))})" + (f": {md(step)}" if step else "")
    if it.no_place and it.service_points == [] and step != L(it.no_place[0]["text"]):
        line += f" — {md(L(it.no_place[0]['text']))}"
    line += f" ⚠ {md(warn.strip('; '))}" if warn.strip("; ") else ""
    return [line + (f" \u2139 {_t('note', lang)}: {md(note(it, lang))}" if note(it, lang) else "")]


def _md_item(it: Item, lang: str) -> list[str]:
    L = lambda d: pick(d, lang)  # noqa: E731
    title = md(L(it.label)) + (f" \u2014 {_t('core', lang)}" if it.core else "")
    out = [f"#### {title}", ""]
    step = first_step(it, lang)
    if step:
        out.append(f"- **{_t('first_step', lang)}:** {md(step)}")
    out.append(f"- **{_t('basis', lang)}:** " + "; ".join(f"[{md(basis_label(b, lang))}]({b.iri})"
                                                             for b in it.legal_basis))
    out.append(f"- **{_t('service', lang)}:** " + md(", ".join(L(s["label"]) for s in it.services)))
    if it.duty_bearers:
        out.append(f"- **{_t('duty', lang)}:** " + md(", ".join(L(d["label"]) for d in it.duty_bearers)))
    elif not it.duty_bearer_named:
        out.append(f"- **{_t('duty', lang)}:** {_t('duty_unnamed', lang)}")
    if it.service_points:
        out.append(f"- **{_t('points', lang)}:** " + md("; ".join(_place(p, lang)
                                                                   for p in it.service_points[:MAX_PLACES])))
    for n in it.no_place:
        out.append(f"- **{_t('points', lang)}:** {md(L(n['text']))}")
    if it.modality == "may":
        out.append(f"- {_t('may', lang)}")
    for w in it.warnings:
        out.append(f"- \u26a0 {md(L(w))}")
    if it.certainty == "uncertain":
        out.append(f"- **{_t('certainty', lang)}:** {_t('uncertain', lang)}"
                   + (f": {md(L(it.certainty_note))}" if it.certainty_note else ""))
    elif note(it, lang):
        out.append(f"- **{_t('note', lang)}:** {md(note(it, lang))}")
    if it.gaps:
        out.append(f"- **{_t('gaps', lang)}:** " + md("; ".join(gap_text(g, lang) for g in it.gaps)))
    if it.sources:
        out.append(f"- **{_t('sources', lang)}:** " + md(" \u00b7 ".join(s.citation() for s in it.sources[:MAX_SOURCES]))
                   + (f" (+{len(it.sources) - MAX_SOURCES})" if len(it.sources) > MAX_SOURCES else ""))
    out.append("")
    return out


# --- HTML ---------------------------------------------------------------------------------------------------

def html_brief(a: Answer, lang: str = "en") -> str:
    e = _html.escape
    L = lambda d: pick(d, lang)  # noqa: E731
    parts = [f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">',
             f"<title>{e(_t('title', lang))} \u2014 {e(a.as_of.isoformat())}</title>",
             "<style>body{font-family:sans-serif;max-width:56em;margin:1em auto;line-height:1.25;font-size:10pt}"
             "@page{margin:1.5cm}"
             "h4{margin:.6em 0 .1em}.muted{color:#555}dt{font-weight:bold}ul{margin:.1em 0;padding-left:1.2em}"
             "dl{display:grid;grid-template-columns:9em 1fr;gap:0 .6em;margin:.2em 0}dd{margin:0}"
             "h2{margin:.8em 0 .3em}h3{margin:.5em 0 .2em}"
             ".core{font-size:.8em;border:1px solid #333;padding:0 .3em}.small{font-size:9pt}"
             "@media print{a{color:black;text-decoration:none}h2,h3{break-after:avoid}section{break-inside:avoid}}"
             "</style></head><body>",
             f"<h1>{e(_t('title', lang))}</h1><dl>",
             f"<dt>{e(_t('as_of', lang))}</dt><dd>{e(a.as_of.isoformat())}</dd>",
             f"<dt>{e(_t('law_checked', lang))}</dt><dd>{e(a.law_checked_up_to or _t('law_not_checked', lang))}</dd>"]
    cur = a.places.get("law_currency") or {}
    if cur.get("warning"):
        parts.append(f"<dt>\u26a0</dt><dd>{e(pick(cur['warning'], lang))}</dd>")
    if cur.get("banners"):  # known changes not yet encoded: one list, small, so the brief stays short
        parts.append('<dt>\u26a0</dt><dd class="small"><ul>' + "".join(
            f"<li>{e(pick(b['text'], lang))}</li>" for b in cur["banners"]) + "</ul></dd>")
    parts.append(f"<dt>{e(_t('profile', lang))}</dt><dd>{e(profile_words(a, lang))}</dd>")
    if a.region:
        parts.append(f"<dt>{e(_t('region', lang))}</dt><dd>{e(L(a.region_label) or a.region)}</dd>")
    parts.append(f"<dt>{e(_t('summary', lang))}</dt><dd>"
                 f"{e(_t('counts', lang, yes=len(a.entitled), depends=len(a.depends), no=len(a.not_entitled)))}"
                 "</dd></dl>")
    if a.questions:
        parts.append(f"<h2>{e(_t('questions', lang))}</h2><ol>" + "".join(
            f"<li>{e(L(q.text))} \u2014 {e(_t('decides', lang, n=q.count))}</li>" for q in a.questions[:TOP_QUESTIONS])
            + "</ol>")
    if a.derivations:
        parts.append(f"<h2>{e(_t('treated', lang))}</h2><ul>" + "".join(
            f"<li>{e(L(d['text']))}</li>" for d in a.derivations) + "</ul>")
    # the printable brief fits a few pages: the core rights of Law 21/2007 in full, every other right on one
    # short line, what depends and what does not apply grouped; the full answer (Markdown, JSON, app) has the rest
    parts.append(f"<h2>{e(_t('entitled', lang))} ({len(a.entitled)})</h2>")
    for section, items in _sections(a.entitled):
        parts.append(f"<h3>{e(_t('section.' + section, lang))}</h3>")
        rest = [it for it in items if not it.core]
        for it in items:
            if it.core:
                parts.append(_html_item(it, lang, brief=True))
        if rest:
            parts.append(f'<p class="small"><b>{e(_t("also_entitled", lang))}:</b> ' + "; ".join(
                e(L(it.label)) for it in rest) + "</p>")
        _html_notes(parts, rest, lang)
    if a.depends:
        parts.append(f"<h2>{e(_t('depends', lang))} ({len(a.depends)})</h2>"
                     f'<p class="small">{e(_t("depends_short", lang, n=len(a.depends)))}: '
                     + "; ".join(e(L(it.label)) for it in a.depends) + "</p>")
    parts.append(f"<h2>{e(_t('not_entitled', lang))} ({len(a.not_entitled)})</h2>")
    by_reason: dict[str, list[str]] = {}
    for it in a.not_entitled:
        key = "brief.kind." + (it.reasons[0].kind if it.reasons else "other")
        why = _ui(key if key in STRINGS else "brief.kind.other", lang)
        by_reason.setdefault(why, []).append(L(it.label))
    parts.append('<ul class="small">' + "".join(
        f"<li><b>{e(why)}</b> ({len(labels)}): {e('; '.join(labels[:3]))}"
        + (f"; {e(_t('more_gaps', lang, n=len(labels) - 3))}" if len(labels) > 3 else "") + "</li>"
        for why, labels in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0]))) + "</ul>")
    if not a.gaps and not getattr(a, "gaps_computed", True):
        parts.append(f"<h2>{e(_t('gaps', lang))}</h2><p class=\"small\">"
                     f"{e(_t('gaps_not_computed', lang, day=a.as_of.isoformat()))}</p>")
    if a.gaps:
        shown = a.gaps[:5]
        parts.append(f"<h2>{e(_t('gaps', lang))} ({len(a.gaps)})</h2><ul class=\"small\">"
                     + "".join(f"<li>{e(gap_text(g, lang))}</li>" for g in shown)
                     + (f"<li>{e(_t('more_gaps', lang, n=len(a.gaps) - len(shown)))}</li>"
                        if len(a.gaps) > len(shown) else "") + "</ul>")
    parts.append(f'<p class="muted">{e(_t("full", lang))}</p>')
    for n in a.notes:
        parts.append(f'<p class="muted">{e(n)}</p>')
    parts.append(f'<p class="muted">{e(_t("footer", lang))}</p></body></html>')
    return "".join(parts)


def _html_notes(parts: list[str], items: list[Item], lang: str) -> None:
    """The notes of rights listed on one line in the printable brief, as a small list after them."""
    e = _html.escape
    notes = [(pick(it.label, lang), note(it, lang)) for it in items if note(it, lang)]
    if notes:
        parts.append(f'<p class="small"><b>{e(_t("notes", lang))}:</b></p><ul class="small">' + "".join(
            f"<li>{e(label)}: {e(text)}</li>" for label, text in notes) + "</ul>")


def _html_item(it: Item, lang: str, brief: bool = False) -> str:
    e = _html.escape
    L = lambda d: pick(d, lang)  # noqa: E731
    parts = [f"<section><h4>{e(L(it.label))}"
             + (f' <span class="core">{e(_t("core", lang))}</span>' if it.core else "") + "</h4><dl>"]
    step = first_step(it, lang)
    if step:
        parts.append(f"<dt>{e(_t('first_step', lang))}</dt><dd>{e(step)}</dd>")
    parts.append(f"<dt>{e(_t('basis', lang))}</dt><dd>" + "; ".join(
        f'<a href="{e(b.iri)}">{e(basis_label(b, lang))}</a>' for b in it.legal_basis) + "</dd>")
    parts.append(f"<dt>{e(_t('service', lang))}</dt><dd>{e(', '.join(L(s['label']) for s in it.services))}</dd>")
    duty = ", ".join(L(d["label"]) for d in it.duty_bearers) or (
        _t("duty_unnamed", lang) if not it.duty_bearer_named else "")
    if duty and not (brief and step and duty in step):  # the printed brief says it once, in the first step
        parts.append(f"<dt>{e(_t('duty', lang))}</dt><dd>{e(duty)}</dd>")
    if it.service_points or it.no_place:
        parts.append(f"<dt>{e(_t('points', lang))}</dt><dd><ul>" + "".join(
            f"<li>{e(_place(p, lang))}</li>" for p in it.service_points[:1 if brief else MAX_PLACES])
            + "".join(f"<li>{e(L(n['text']))}</li>" for n in it.no_place) + "</ul></dd>")
    if it.modality == "may":
        parts.append(f"<dt>\u2139</dt><dd>{e(_t('may', lang))}</dd>")
    for w in it.warnings:
        parts.append(f"<dt>\u26a0</dt><dd>{e(L(w))}</dd>")
    if it.certainty == "uncertain":
        parts.append(f"<dt>{e(_t('certainty', lang))}</dt><dd>{e(_t('uncertain', lang))}: "
                     f"{e(L(it.certainty_note))}</dd>")
    elif note(it, lang):
        parts.append(f"<dt>{e(_t('note', lang))}</dt><dd>{e(note(it, lang))}</dd>")
    if it.gaps:
        gaps = it.gaps[:1] if brief else it.gaps
        parts.append(f"<dt>{e(_t('gaps', lang))}</dt><dd><ul>" + "".join(
            f"<li>{e(gap_text(g, lang))}</li>" for g in gaps) + "</ul></dd>")
    if it.sources:  # the printable brief keeps the first source of each core right; the full answer has all
        small = ' class="small"' if brief else ""
        parts.append(f"<dt>{e(_t('sources', lang))}</dt><dd{small}><ul>" + "".join(
            f"<li>{e(s.document_label)}, {e(s.at)}" + (f" \u2014 \u201c{e(s.quote)}\u201d" if s.quote else "")
            + "</li>" for s in it.sources[:1 if brief else MAX_SOURCES]) + "</ul></dd>")
    parts.append("</dl></section>")
    return "".join(parts)


def render(answer: Answer, fmt: str = "json", lang: str = "en") -> str:
    if fmt == "json":
        return answer.to_json()
    if fmt in ("md", "markdown"):
        return markdown(answer, lang)
    if fmt == "html":
        return html_brief(answer, lang)
    raise ValueError(f"unknown format {fmt!r}; use json, md or html")
