"""The app's pages in menu order: URL slug → (page function, icon)."""
from __future__ import annotations

from . import entitlements, explore, gaps, institutions, law, sources, sparql

PAGES = {
    "entitlements": (entitlements.page, ":material/gavel:"),
    "gaps": (gaps.page, ":material/report:"),
    "law": (law.page, ":material/menu_book:"),
    "institutions": (institutions.page, ":material/account_balance:"),
    "explore": (explore.page, ":material/travel_explore:"),
    "sparql": (sparql.page, ":material/code:"),
    "sources": (sources.page, ":material/library_books:"),
}
