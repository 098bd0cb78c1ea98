"""The coverage gaps of a built graph as of a date, from the one gap cache (:mod:`kg.gaps.cache`)."""
from __future__ import annotations

from datetime import date

from ..gaps.cache import gaps_for_store


def gaps_for(store, as_of: date, compute: bool = True) -> list[dict] | None:
    """The coverage gaps of the graph as of ``as_of`` as plain dicts, from the one gap cache
    (:func:`kg.gaps.cache.gaps_for_store`: keyed by the data version and date, computed when ``compute``).
    ``None`` when they are not computed yet (``compute=False``) or the store is a remote endpoint."""
    try:
        return gaps_for_store(store, as_of, compute=compute)
    except Exception:  # noqa: BLE001 - gaps are an addition; an answer never fails because of them (noted)
        return None
