"""Read every source record, check it against its schema, resolve references; report all errors at once."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from . import DERIVED_KINDS, REGISTRY, RecordType
from ..sources.schema import Ctx, PendingRef, Record
from ..sources.yamlsrc import SourceError, load_yaml

IGNORED_SUFFIXES = (".md", ".txt")


class SourcesInvalid(Exception):
    """Raised with every :class:`SourceError` found; ``str()`` lists them one per line."""

    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Loaded:
    root: Path
    records: dict[str, Record] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records.values() if r.kind == kind]


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def load_sources(root: Path) -> Loaded:
    """Load ``root`` (the ``sources/`` folder). Raises :class:`SourcesInvalid` listing every problem."""
    root = Path(root)
    errors: list[SourceError] = []
    refs: list[PendingRef] = []
    out = Loaded(root)
    if not root.is_dir():
        raise SourcesInvalid([SourceError(str(root), 0, "(folder)", "sources folder not found")])
    folders = {rt.folder: rt for rt in REGISTRY.values() if rt.folder}
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name.startswith(".") or path.suffix in IGNORED_SUFFIXES:
            continue
        rel = path.relative_to(root)
        name = _rel(root, path)
        rt = folders.get(rel.parts[0]) if len(rel.parts) == 2 else None
        if rt is None or path.suffix not in (".yaml", ".yml"):
            errors.append(SourceError(name, 0, "(file)", "not a record file: put YAML files in one of "
                                      + ", ".join(f"sources/{f}/" for f in sorted(folders))))
            continue
        out.files.append(path)
        try:
            doc = load_yaml(path, name)
        except SourceError as exc:
            errors.append(exc)
            continue
        _load_file(rt, doc, name, out, errors, refs)
    _resolve(out, refs, errors)
    _check_cycles(out, errors)
    _check_ended_status(out, errors)
    if errors:
        errors.sort(key=lambda e: (e.file, e.line, e.field, e.message))
        raise SourcesInvalid(errors)
    return out


def _load_file(rt: RecordType, doc, name: str, out: Loaded, errors: list, refs: list) -> None:
    ctx = Ctx(name, errors, refs)
    if rt.file_form == "one":
        items = [doc]
    elif isinstance(doc, list):
        items = doc
    else:
        line = getattr(doc, "line", 1)
        ctx.error(line, "(file)", f"a file in sources/{rt.folder}/ holds a list of {rt.title} (start items with '- ')")
        return
    schema = rt.schema()
    for i, raw in enumerate(items):
        line = getattr(raw, "line", None) or (items.line_of(i) if hasattr(items, "line_of") else
                                              getattr(items, "line", 1))
        n_errors = len(errors)
        data = schema.check(raw, ctx, line, "")
        if data is None:
            continue
        rid = rt.make_id(data, ctx, line) if rt.make_id else data.get("id")
        if rid is None:
            if len(errors) == n_errors:
                ctx.error(line, "id", "required field is missing")
            continue
        rid = rt.id_prefix + rid
        if rt.cited and not ("source" in data or "sources" in data):
            ctx.error(line, "source", f"every {rt.kind} names its source (document and pinpoint); none given")
        rec = Record(rt.kind, rid, data, name, line, extra={"raw": raw})
        _add(out, rec, ctx)
        if rt.expand:
            for sub in rt.expand(rec, ctx):
                _add(out, sub, ctx)


def _add(out: Loaded, rec: Record, ctx: Ctx) -> None:
    prior = out.records.get(rec.id)
    if prior is not None:
        ctx.error(rec.line, "id", f"duplicate id '{rec.id}' (first defined at {prior.file}:{prior.line})")
        return
    out.records[rec.id] = rec


def _resolve(out: Loaded, refs: list[PendingRef], errors: list) -> None:
    for ref in refs:
        rec = out.records.get(ref.target)
        if rec is None:
            kinds = ref.kinds or ()
            pool = [i for i, r in out.records.items() if not kinds or r.kind in kinds]
            close = difflib.get_close_matches(ref.target, pool, n=1, cutoff=0.8)
            what = " or ".join(kinds) if kinds else "record"
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            errors.append(SourceError(ref.file, ref.line, ref.field, f"unknown {what} '{ref.target}'{hint}"))
        elif ref.kinds and rec.kind not in ref.kinds:
            errors.append(SourceError(ref.file, ref.line, ref.field,
                                      f"'{ref.target}' is a {rec.kind}, expected {' or '.join(ref.kinds)}"))


def _check_cycles(out: Loaded, errors: list) -> None:
    """part_of (regions), parent (institutions) and broader (concepts) must form trees, never loops."""
    edges: dict[str, list[str]] = {}
    for rec in out.records.values():
        d = rec.data
        targets = []
        if rec.kind == "region" and d.get("part_of"):
            targets = [d["part_of"]]
        elif rec.kind == "institution" and d.get("parent"):
            targets = [d["parent"]]
        elif rec.kind == "concept":
            targets = [f"{rec.parent.id}/{b}" for b in d.get("broader", [])]
        if targets:
            edges[rec.id] = targets
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt]
                rec = out.records[node]
                field_name = {"region": "part_of", "institution": "parent"}.get(rec.kind, "broader")
                raw = rec.extra.get("raw")
                line = raw.line_of(field_name) if hasattr(raw, "line_of") else rec.line
                errors.append(SourceError(rec.file, line, field_name, "cycle: " + " → ".join(cycle)))
            elif state.get(nxt) is None:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])


def _check_ended_status(out: Loaded, errors: list) -> None:
    """An instrument declared repealed or expired must say when it ended: an end date (``dates.ended``), what
    ended it (``ended_by``), or a repealing/replacing relation recorded on its successor. Without one its
    standing on any date is "unclear" (kg.asof, reason repealed-without-date), which no one should have to guess.
    """
    ended_by_relation = set()
    for rec in out.of_kind("instrument"):
        for rel in rec.data.get("relations") or []:
            if rel.get("type") in ("repeals", "replaces"):
                ended_by_relation.add(rel.get("target"))
    for rec in out.of_kind("instrument"):
        d = rec.data
        status = d.get("status")
        if status not in ("repealed", "expired"):
            continue
        if (d.get("dates") or {}).get("ended") or d.get("ended_by") or rec.id in ended_by_relation:
            continue
        raw = rec.extra.get("raw")
        line = raw.line_of("status") if hasattr(raw, "line_of") else rec.line
        errors.append(SourceError(
            rec.file, line, "status",
            f"status: {status} but no end is recorded: add dates.ended, ended_by (what ended it), or a "
            f"'repeals'/'replaces' relation on the successor; otherwise its standing on any date is unclear / "
            f"status: {status} tetapi akhir berlakunya tidak tercatat: isi dates.ended, ended_by, atau relasi "
            f"'repeals'/'replaces' pada penggantinya"))


def kinds_summary(loaded: Loaded) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rec in loaded.records.values():
        counts[rec.kind] = counts.get(rec.kind, 0) + 1
    return dict(sorted(counts.items()))


__all__ = ["Loaded", "SourcesInvalid", "load_sources", "kinds_summary", "DERIVED_KINDS"]
