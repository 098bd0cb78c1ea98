"""Stage 4, store: asking the built graph — the store, the query guard, the canned queries."""
