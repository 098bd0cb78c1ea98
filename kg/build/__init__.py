"""Stage 3, build: records → RDF in named graphs → the dist/ files (and the checks of a built graph)."""
