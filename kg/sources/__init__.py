"""Stage 1, sources: YAML in — the line-aware reader and the field checkers."""
