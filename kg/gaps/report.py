"""Filtering gaps and writing them: Markdown (docs/gaps.md), CSV."""
from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import re
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.paths import Path as RDFPath

from ..ids import md_escape, pick_label
from ..ids import short_id as _short
from ..namespaces import ELI, GRAPHS, ID, JAR, SH, SHAPES, bind_all

from .model import *  # noqa: F401,F403
from .model import _lang_map  # noqa: F401
from .graph import shapes_graph
from .checks import _has_target, find_gaps


# --- filtering and output ------------------------------------------------------------------------------

def _matches(items: list[Item], wanted: str | None) -> bool:
    if not wanted:
        return True
    return any(i.iri == wanted or i.iri.endswith("/" + wanted) for i in items)


def filter_gaps(gaps: list[Gap], group: str | None = None, service: str | None = None, region: str | None = None,
                instrument: str | None = None, severity: str | None = None) -> list[Gap]:
    """Keep the gaps about a group / service / region (short id or IRI), an instrument (its id such as
    ``uu/2007/21``: matches the instrument and its provisions) and a severity (high, medium, low)."""
    out = []
    for gap in gaps:
        if severity and gap.severity != severity:
            continue
        if not _matches(gap.groups, group) or not _matches(gap.services, service):
            continue
        if region and not _matches([gap.region] if gap.region else [], region):
            continue
        if instrument:
            iri = instrument if instrument.startswith("http") else str(ID[instrument])
            refs = [i.iri for i in gap.instruments + gap.legal_basis] + [gap.focus]
            if not any(r == iri or r.startswith(iri + "/") for r in refs):
                continue
        out.append(gap)
    return out


def _join(items: list[Item], lang: str = "en") -> str:
    return "; ".join(i.text(lang) for i in items)


CSV_COLUMNS = ("kind", "severity", "basis", "message_en", "message_id", "groups", "services", "region", "instruments",
               "legal_basis", "who_should_act", "evidence", "focus", "value", "shape")


def gaps_csv(gaps: list[Gap]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for gp in gaps:
        w.writerow([gp.kind, gp.severity, gp.basis, gp.message.get("en", ""), gp.message.get("id", ""),
                    " | ".join(_short(i.iri) for i in gp.groups), " | ".join(_short(i.iri) for i in gp.services),
                    _short(gp.region.iri) if gp.region else "", " | ".join(_short(i.iri) for i in gp.instruments),
                    " | ".join(i.text("en") for i in gp.legal_basis),
                    " | ".join(_short(i.iri) for i in gp.who_should_act),
                    " | ".join(_short(e.finding) for e in gp.evidence), _short(gp.focus),
                    _short(gp.value) if gp.value else "", gp.shape])
    return buf.getvalue()


def _md(text: str) -> str:
    return md_escape(text, "cell")


#: Quotes shown per gap in the Markdown report (all findings are listed in the CSV).
MAX_QUOTES = 2


MEN = str(ID["vocab/groups/trafficked-men"])

#: Why a kind cannot fire on today's real data (shown under the summary), by kind; filled where it is so.
EXTRA_KINDS = {"right-dropped-by-successor": {"en": "Right dropped by the successor law",
                                               "id": "Hak yang tidak diberikan lagi oleh hukum pengganti"}}

CANNOT_FIRE: dict = {
    "short-term-only": {
        "en": "every victim group has, in law, a right or provider at the reintegration stage or with case management "
              "(e.g. Law 21/2007 Art 51 reintegration for all trafficking victims); short-term-only help in practice "
              "(NEXUS §5.4) shows as non-delivery of the reintegration and follow-up rights (sop-rptc-follow-up, "
              "sop22-reintegration-support, uu21-social-reintegration)",
        "id": "setiap kelompok korban secara hukum memiliki hak atau penyedia pada tahap reintegrasi atau manajemen "
              "kasus; bantuan jangka pendek dalam praktik tampak sebagai hak reintegrasi dan tindak lanjut yang "
              "tidak terpenuhi"},
    "service-only-central": {
        "en": "every essential service has at least one provider recorded at district level or placed in a regency "
              "(e.g. P2TP2A Cianjur, IOM Sambas, the entry-point task forces); the seed's \"only in major cities\" "
              "(NEXUS §5.9) is about practice and is a finding, not a provider layout the records show",
        "id": "setiap layanan pokok memiliki setidaknya satu penyedia tingkat kabupaten/kota; \"hanya di kota "
              "besar\" adalah temuan praktik"},
    "funding-falling": {
        "en": "the sources hold no budget series in money over years (the statistics are counts of victims, cases "
              "and respondents); the kind fires once a yearly budget (unit usd or idr) is recorded",
        "id": "sumber belum memuat deret anggaran tahunan dalam uang; jenis ini muncul setelah anggaran tahunan "
              "(satuan usd atau idr) dicatat"},
    "right-dropped-by-successor": {
        "en": "no successor mapping (INTERFACES #3) records a right as dropped yet; the rights resting only on "
              "repealed law wait in the data-to-collect list until their successor is mapped",
        "id": "belum ada pemetaan pengganti yang mencatat hak dihapus; hak yang hanya bersandar pada hukum yang "
              "dicabut menunggu di daftar data yang perlu dikumpulkan"},
}


#: Gaps that annual monitoring names and that no kind can report yet from the sources, and why (shown under the
#: kinds that do not fire).
NOT_REPORTABLE: dict = {
    # victim-identification-procedures-not-finalised (ACTIP Art 14(1)) is reported by procedure-not-adopted
}


def _gap_lines(gp: Gap, review: dict | None = None) -> list[str]:
    lines = [f"- **{gp.severity}** — {_md(gp.message.get('en', ''))}",
             f"  - *id:* {_md(gp.message.get('id', ''))}",
             f"  - basis: {gp.basis}" + (f"; reviewed: {review['verdict']}" if review else "")]
    if gp.legal_basis:
        lines.append(f"  - legal basis: {_md(_join(gp.legal_basis))}")
    elif gp.instruments:
        lines.append(f"  - instruments: {_md(_join(gp.instruments))}")
    if gp.region:
        lines.append(f"  - region: {_md(gp.region.text())}")
    if gp.who_should_act:
        lines.append(f"  - who should act: {_md(_join(gp.who_should_act))}")
    for key, name in (("treaty_text", "treaty text"), ("domestic_text", "domestic text")):  # weaker-than-treaty
        q = gp.detail.get(key)
        if q:
            lines.append(f"  - {name}: “{_md(q['quote'])}” ({_md(q['document_label'])}, {_md(q['at'])})")
    if gp.detail.get("assessed_by") == "jaring":
        lines.append("  - assessed by: Jaring's reading of both texts, not an outside source — "
                     f"{_md(gp.detail.get('reason', {}).get('en', ''))}")
    quotes = [q for ev in gp.evidence for q in ev.quotes]
    for q in quotes[:MAX_QUOTES]:
        lines.append(f"  - evidence: “{_md(q['quote'])}” ({_md(q['document_label'])}, {_md(q['at'])})")
    if len(gp.evidence) > 0 and len(quotes) > MAX_QUOTES:
        lines.append(f"  - and {len(quotes) - MAX_QUOTES} more quote(s) from {len(gp.evidence)} finding(s) "
                     "(see gaps.csv)")
    for ev in gp.counter_evidence[:MAX_QUOTES]:
        for q in ev.quotes[:1]:
            lines.append(f"  - counter-evidence (the service was given): “{_md(q['quote'])}” "
                         f"({_md(q['document_label'])}, {_md(q['at'])})")
    lines.append(f"  - focus: `{_short(gp.focus)}`" + (f", value: `{_short(gp.value)}`" if gp.value else ""))
    return lines


def gaps_markdown(gaps: list[Gap], as_of: date | None = None, shapes: Graph | None = None,
                  review=None) -> str:
    """A deterministic Markdown report: the men's essential-service gap first, a summary by kind and basis, the
    documented and derived gaps with their basis, actor and evidence, then the "data to collect" list. With
    ``review`` (:class:`kg.gaps.review.Review`): the reviewed verdicts, the precision, and the unreviewed high
    gaps held back."""
    from .grading import LABELS, SHOWN

    shapes = shapes if shapes is not None else shapes_graph("coverage")
    kinds = {}
    for shape in sorted(set(shapes.subjects(DCTERMS.identifier, None)), key=str):
        if not _has_target(shapes, shape):
            continue
        kinds[str(shapes.value(shape, DCTERMS.identifier))] = (
            _lang_map(shapes, shape, SH.name), SEVERITY.get(shapes.value(shape, SH.severity), "high"))
    for kind, name in EXTRA_KINDS.items():  # kinds an explainer gives (no shape of their own)
        kinds.setdefault(kind, (name, "high"))
    for kind in sorted({gp.kind for gp in gaps} - set(kinds)):
        kinds[kind] = ({"en": kind, "id": kind}, "high")
    verdict = review.verdicts(gaps) if review is not None else {}
    held = [gp for gp in gaps if review is not None and gp.severity == "high" and gp.basis in SHOWN
            and _key(gp) not in verdict]
    rejected = ("wrong", "unsupported")
    shown = [gp for gp in gaps if gp.basis in SHOWN and gp not in held
             and verdict.get(_key(gp), {}).get("verdict") not in rejected]
    wrong = [gp for gp in gaps if verdict.get(_key(gp), {}).get("verdict") in rejected]
    collect = [gp for gp in gaps if gp.basis not in SHOWN]
    when = f"as of {as_of.isoformat()}" if as_of else "as of the latest recorded state of the law"
    lines = ["# Coverage gaps / Celah cakupan", "",
             "Generated by `kg build` from the graph: every gap below is a result of a coverage shape in "
             "`ontology/shapes/coverage.ttl`, explained by its kind's explainer (`kg/gaps/kinds.py`). Nothing here "
             f"is written in by hand. Report {when}.", "",
             "Dihasilkan oleh `kg build` dari graf: setiap celah di bawah adalah hasil bentuk pemeriksaan "
             "cakupan. Tidak ada yang ditulis tangan.", ""]
    men = [gp for gp in shown if gp.kind == "group-without-essential-service" and gp.focus == MEN]
    if men:
        lines += ["## Services for trafficked men / Layanan bagi laki-laki korban perdagangan orang", "",
                  "Coverage = a provider this group may use (its mandate), delivering the service, reachable from "
                  "the province (or with a stated national reach), in force on the date. A body that only "
                  "coordinates is no place a victim can go. / Cakupan = penyedia yang boleh dipakai kelompok ini "
                  "(mandatnya), memberikan layanan itu, terjangkau dari provinsi, berlaku pada tanggal itu.", ""]
        first = str(ID["vocab/services/shelter"])
        for gp in sorted(men, key=lambda x: (x.value != first, x.detail.get("provinces_covered", 0), x.value or "")):
            lines += _gap_lines(gp, verdict.get(_key(gp)))
        lines.append("")
    counts = {b: sum(1 for gp in gaps if gp.basis == b) for b in ("documented", "derived", "records")}
    lines += ["## Summary / Ringkasan", "",
              f"{len(gaps)} gap(s): {counts['documented']} documented, {counts['derived']} derived from law or "
              f"mandate, {counts['records']} from absence of records (the data-to-collect list at the end)."
              + (f" {len(held)} high gap(s) not yet reviewed are held back." if held else "")
              + (f" {len(wrong)} gap(s) reviewed as wrong or unsupported are not shown (listed at the end)."
                 if wrong else ""), "",
              f"{len(gaps)} celah: {counts['documented']} terdokumentasi, {counts['derived']} diturunkan dari hukum "
              f"atau mandat, {counts['records']} dari ketiadaan catatan (daftar data yang perlu dikumpulkan di akhir).",
              ""]
    if review is not None:
        lines += review.precision_lines(gaps) + [""]
    lines += ["| kind | name | severity | documented | derived | data to collect |", "|---|---|---|---|---|---|"]
    for kind, (name, sev) in sorted(kinds.items()):
        n = {b: sum(1 for gp in gaps if gp.kind == kind and gp.basis == b) for b in counts}
        why = CANNOT_FIRE.get(kind)
        lines.append(f"| `{kind}` | {_md(name.get('en', ''))} / {_md(name.get('id', ''))} | {sev} | "
                     f"{n['documented']} | {n['derived']} | {n['records']} |")
    lines.append("")
    silent = [(k, CANNOT_FIRE[k]) for k in sorted(kinds) if k in CANNOT_FIRE and not any(gp.kind == k for gp in gaps)]
    if silent:
        lines += ["Kinds that do not fire on today's data, and why / Jenis yang tidak muncul pada data hari ini:", ""]
        lines += [f"- `{k}`: {_md(why['en'])} / {_md(why['id'])}" for k, why in silent] + [""]
    if NOT_REPORTABLE:
        lines += ["Gaps monitoring names that no kind can report yet, and why / Celah yang disebut pemantauan tetapi "
                  "belum dapat dilaporkan jenis mana pun:", ""]
        lines += [f"- `{k}`: {_md(why['en'])} / {_md(why['id'])}" for k, why in sorted(NOT_REPORTABLE.items())] + [""]
    for kind, (name, sev) in sorted(kinds.items()):
        these = [gp for gp in shown if gp.kind == kind and gp not in men]
        if not these:
            continue
        lines += [f"## {name.get('en', kind)} / {name.get('id', kind)}", ""]
        for gp in these:
            lines += _gap_lines(gp, verdict.get(_key(gp)))
        lines.append("")
    if collect:
        lines += ["## Data to collect / Data yang perlu dikumpulkan", "",
                  "Computed only from records not (yet) collected: a to-do for researchers, not a finding. / "
                  "Dihitung hanya dari catatan yang belum dikumpulkan: tugas peneliti, bukan temuan.", ""]
        for kind, (name, _sev) in sorted(kinds.items()):
            these = [gp for gp in collect if gp.kind == kind]
            if these:
                lines.append(f"- **{_md(name.get('en', kind))}** ({len(these)}): " + "; ".join(
                    f"`{_short(gp.focus)}`" + (f" × `{_short(gp.value)}`" if gp.value else "") for gp in these))
        lines.append("")
    if wrong:
        lines += ["## Reported but reviewed as wrong or unsupported / Dilaporkan tetapi ditinjau keliru", "",
                  "The engine still finds these; the review (tests/gold/gaps.yaml) rejects them, with its reason:", ""]
        lines += [f"- `{gp.kind}` `{_short(gp.focus)}`" + (f" × `{_short(gp.value)}`" if gp.value else "")
                  + f": {verdict[_key(gp)]['verdict']} — {_md(str(verdict[_key(gp)].get('reason', '')))}"
                  for gp in wrong]
        lines.append("")
    if held:
        lines += ["## High gaps awaiting review / Celah tinggi menunggu tinjauan", "",
                  "Not shown above until reviewed against their sources (tests/gold/gaps.yaml): "
                  + "; ".join(f"`{gp.kind}` `{_short(gp.focus)}`" + (f" × `{_short(gp.value)}`" if gp.value else "")
                              for gp in held), ""]
    _ = LABELS
    return "\n".join(lines).rstrip("\n") + "\n"


def _key(gp: Gap) -> tuple:
    return (gp.kind, _short(gp.focus), _short(gp.value) if gp.value else "")


def gaps_doc_text(gaps: list[Gap]) -> str:
    """The text of ``docs/gaps.md`` for these gaps: the report with the reviewed register."""
    from .review import load_review

    return gaps_markdown(gaps, review=load_review())


def write_gaps_doc(source, path: Path = DOC_PATH) -> str:
    """Regenerate ``docs/gaps.md`` atomically (write a temporary file, then rename); returns the text."""
    found = find_gaps(source)
    text = gaps_doc_text(found)
    if isinstance(source, (str, Path)) and Path(source).name == "jaring.nq":  # share them (kg.gaps.cache)
        from .. import dist as dist_io
        from .cache import put

        put(dist_io.data_version(Path(source).parent), None, found)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text("utf-8") == text:
        return text
    fd, tmp = tempfile.mkstemp(prefix=".gaps-", suffix=".md", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return text
