"""The one gap cache and the one rule attaching gaps to an answer (issue 20).

Cache
    The gap engine validates the whole graph with SHACL, far slower than an answer may take, so its results are
    kept per built graph and date: in memory, and as a JSON file in :func:`kg.dist.cache_dir` (per user, not
    /tmp litter). The key is the data version (:func:`kg.dist.data_version`, the checksum of ``jaring.nq``) and
    the as-of date (``latest`` for the latest recorded state): a rebuild never reads another graph's gaps. The
    entitlement finder (``kg entitlements``, the app's answers), the app's gap job and ``kg gaps`` all read and
    write this cache, nothing else. A date with no entry is computed, or reported as not computed (None), never
    shown as "no gaps".
Attachment
    :func:`gaps_for_answer` decides which gaps belong to an answer; the finder calls it, and the app shows the
    finder's answer, so ``kg entitlements`` and the app show the same gaps for the same profile (tested).
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import dist as dist_io
from ..namespaces import ID

_MEM: dict[tuple[str, str], list[dict]] = {}
_LOCK = threading.Lock()
_COMPUTING: dict[tuple[str, str], threading.Lock] = {}
ENTITLEMENT_PREFIX = str(ID["entitlement/"])


def _day(as_of: date | str | None) -> str:
    if as_of is None:
        return "latest"
    return as_of.isoformat() if isinstance(as_of, date) else str(as_of)[:10]


def cache_file(version: str, as_of: date | str | None) -> Path:
    return dist_io.cache_dir() / f"gaps-{version[:24]}-{_day(as_of)}.json"


def cached(version: str | None, as_of: date | str | None) -> list[dict] | None:
    """The gaps cached for this data version and date (memory, then file); None when not computed yet."""
    if not version:
        return None
    key = (version, _day(as_of))
    with _LOCK:
        if key in _MEM:
            return _MEM[key]
    path = cache_file(version, as_of)
    try:
        gaps = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    with _LOCK:
        _MEM[key] = gaps
    return gaps


def put(version: str | None, as_of: date | str | None, gaps) -> list[dict]:
    """Keep ``gaps`` (Gap objects or dicts) for this data version and date; returns them as plain dicts."""
    out = [json.loads(json.dumps(g.to_dict() if hasattr(g, "to_dict") else dict(g), default=str)) for g in gaps]
    if not version:
        return out
    with _LOCK:
        _MEM[(version, _day(as_of))] = out
    try:
        dist_io.atomic_write(cache_file(version, as_of), json.dumps(out, ensure_ascii=False))
    except OSError:
        pass  # a read-only home: the memory cache still serves this process
    return out


def gaps_for_dist(dist: Path | str | None, as_of: date | None, *, compute: bool = True, data=None,
                  version: str | None = None) -> list[dict] | None:
    """The gaps of the graph built in ``dist`` as of ``as_of``: cached, else computed with
    :func:`kg.gaps.find_gaps` (from ``data``, an already-read graph, when given) when ``compute``; else None."""
    dist = dist_io.resolve(dist)
    version = version or dist_io.data_version(dist)
    hit = cached(version, as_of)
    if hit is not None or not compute or not version:
        return hit
    key = (version, _day(as_of))
    with _LOCK:
        lock = _COMPUTING.setdefault(key, threading.Lock())
    with lock:  # one computation per graph and date, however many callers wait for it
        hit = cached(version, as_of)
        if hit is not None:
            return hit
        from . import find_gaps

        return put(version, as_of, find_gaps(data if data is not None else dist_io.data_file(dist), as_of))


# --- the timeline (kg gaps --timeline, the app's timeline chart) -----------------------------------------------

def _span(since: date | None, until: date | None) -> str:
    return f"{_day(since) if since else 'start'}-{_day(until or date.today())}"


def timeline_file(version: str, since: date | None, until: date | None) -> Path:
    # "timeline2": steps carry what changed (both languages) and the later findings; an older file is not read
    return dist_io.cache_dir() / f"timeline2-{version[:24]}-{_span(since, until)}.json"


def timeline_cached(version: str | None, since: date | None, until: date | None):
    """The timeline steps (:class:`kg.gaps.timeline.Step`) cached for this data version and span; None when not
    computed yet. ``until`` None is today (the timeline's own default), so a new day is a new entry."""
    if not version:
        return None
    key = (version, "timeline " + _span(since, until))
    with _LOCK:
        rows = _MEM.get(key)
    if rows is None:
        try:
            rows = json.loads(timeline_file(version, since, until).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        with _LOCK:
            _MEM[key] = rows
    from .timeline import step_from_dict

    return [step_from_dict(r) for r in rows]


def put_timeline(version: str | None, since: date | None, until: date | None, steps) -> None:
    """Keep the timeline ``steps`` for this data version and span (memory and file)."""
    if not version:
        return
    from .timeline import step_to_dict

    rows = [step_to_dict(st) for st in steps]
    with _LOCK:
        _MEM[(version, "timeline " + _span(since, until))] = rows
    try:
        dist_io.atomic_write(timeline_file(version, since, until), json.dumps(rows, ensure_ascii=False))
    except OSError:
        pass


def timeline_for_dist(dist: Path | str | None, since: date | None = date(2000, 1, 1), until: date | None = None, *,
                      compute: bool = True, data=None, version: str | None = None):
    """The timeline of the graph built in ``dist`` (:func:`kg.gaps.timeline.timeline`): cached by data version and
    span, else computed (from ``data``, an already-read graph, when given) when ``compute``; else None. What
    ``kg gaps --timeline`` prints and what the app's timeline chart (``chart_rows``) should read."""
    dist = dist_io.resolve(dist)
    version = version or dist_io.data_version(dist)
    hit = timeline_cached(version, since, until)
    if hit is not None or not compute:
        return hit
    key = (version, "timeline " + _span(since, until))
    with _LOCK:
        lock = _COMPUTING.setdefault(key, threading.Lock())
    with lock:
        hit = timeline_cached(version, since, until)
        if hit is not None:
            return hit
        from .timeline import timeline

        steps = timeline(data if data is not None else dist_io.data_file(dist), since=since, until=until)
        put_timeline(version, since, until, steps)
        return steps


def gaps_for_store(store, as_of: date | None, compute: bool = True) -> list[dict] | None:
    """:func:`gaps_for_dist` for an opened store; None for a remote endpoint (the engine reads the built files)."""
    version = getattr(store, "data_version", None)
    path = getattr(store, "data_path", None)
    if not version or path is None:
        return None
    return gaps_for_dist(Path(path).parent, as_of, compute=compute, version=version)


def clear_memory() -> None:
    """Forget the in-memory entries (the files stay): for tests and long-running processes."""
    with _LOCK:
        _MEM.clear()


# --- which gaps belong to an answer ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerItem:
    """What the attachment rule needs of one entitlement in an answer."""
    iri: str
    bases: tuple[str, ...]  # its legal bases (provisions or instruments)
    reasons: tuple[str, ...]  # kinds of the reasons it does not apply ("" none: the person is entitled)


def _iris(g: dict, key: str) -> set[str]:
    return {x.get("iri") for x in g.get(key) or [] if isinstance(x, dict)}


def _key(g: dict) -> tuple:
    return g.get("kind"), g.get("focus"), g.get("value")


def gaps_for_answer(items: list[AnswerItem], groups: set[str], places: set[str],
                    gaps: list[dict]) -> tuple[dict[str, list[dict]], list[dict]]:
    """The gaps that belong to an answer: ``(gaps of each entitlement by IRI, gaps of the whole answer)``.

    * An entitlement carries every gap whose focus or value is the entitlement or one of its legal bases.
    * The answer carries the gaps of the entitlements the person has, and of those they are excluded from or
      barred from by a condition (those are about them too); plus every gap about one of their groups (that is
      not about some other entitlement) or about a place of their region of return (``places``: the region and
      the regions it lies in), or whose focus is one of their groups.

    ``items`` in the order the finder visits them (by IRI); the answer's gaps are sorted by (kind, focus, value).
    """
    per_item: dict[str, list[dict]] = {}
    answer: dict[tuple, dict] = {}
    for it in items:
        own = {it.iri, *it.bases}
        mine = [g for g in gaps if g.get("focus") in own or g.get("value") in own]
        per_item[it.iri] = mine
        if not it.reasons or any(r in ("excluded", "condition") for r in it.reasons):
            for g in mine:
                answer[_key(g)] = g
    for g in gaps:
        focus = g.get("focus") or ""
        groups_hit = _iris(g, "groups") & groups
        if focus in places or focus in groups or (groups_hit and not focus.startswith(ENTITLEMENT_PREFIX)):
            answer[_key(g)] = g
    return per_item, [answer[k] for k in sorted(answer, key=lambda k: tuple(str(x) for x in k))]
