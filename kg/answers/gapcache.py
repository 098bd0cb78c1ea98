"""The coverage gaps of a built graph as of a date, cached per graph and date (memory and a temp file), and the
rule that attaches them to an answer."""
from __future__ import annotations

import json
import threading
from dataclasses import asdict
from datetime import date

_GAPS_MEM: dict[tuple, list[dict]] = {}
_GAPS_LOCK = threading.Lock()


def _gaps_cache_file(store, as_of: date):
    import tempfile
    from pathlib import Path

    manifest = getattr(store, "manifest", None)
    if not manifest:
        return None, None
    digest = manifest.get("files", {}).get("jaring.nq", {}).get("sha256")
    if not digest:
        return None, None
    key = (digest, as_of.isoformat())
    return key, Path(tempfile.gettempdir()) / f"jaring-gaps-{digest[:20]}-{as_of.isoformat()}.json"


def gaps_for(store, as_of: date, compute: bool = True) -> list[dict] | None:
    """The coverage gaps of the graph as of ``as_of`` (from :func:`kg.gaps.find_gaps`), as plain dicts.

    The gap engine validates the whole graph with SHACL, which takes far longer than an answer may: results
    are kept in memory and in a cache file per built graph and date. With ``compute=False`` only cached results
    are returned (``None`` when there are none). ``None`` also when the gap engine is not installed or the
    store is a remote endpoint (the engine reads the built files).
    """
    key, path = _gaps_cache_file(store, as_of)
    if key is None:
        return None
    with _GAPS_LOCK:
        if key in _GAPS_MEM:
            return _GAPS_MEM[key]
        if path.exists():
            try:
                _GAPS_MEM[key] = json.loads(path.read_text("utf-8"))
                return _GAPS_MEM[key]
            except (OSError, ValueError):
                pass
    if not compute:
        return None
    try:
        from .. import gaps as gaps_mod  # optional: the gap engine
        find = gaps_mod.find_gaps
    except (ImportError, AttributeError):
        return None
    try:
        result = find(store.data_path, as_of)
    except Exception:  # noqa: BLE001 - gaps are an addition; an answer never fails because of them
        return None
    out = []
    for g in result or []:
        d = g.to_dict() if hasattr(g, "to_dict") else asdict(g) if hasattr(g, "__dataclass_fields__") else dict(g)
        out.append(json.loads(json.dumps(d, default=str)))
    with _GAPS_LOCK:
        _GAPS_MEM[key] = out
        try:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(out, ensure_ascii=False), "utf-8")
            tmp.replace(path)
        except OSError:
            pass
    return out


def _gap_iris(g: dict, key: str) -> set[str]:
    return {x.get("iri") for x in g.get(key) or [] if isinstance(x, dict)}
