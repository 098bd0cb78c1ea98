"""Jaring: a knowledge graph of Indonesia's anti-trafficking law and the safety net it promises victims.

The package is laid out in the order data moves; each folder is one stage and imports only from its own stage or
an earlier one (tests/test_import_direction.py checks both the imports and that every module sits in the folder
of its stage)::

    kg/                 base: what every stage uses — namespaces, ids (IRIs, labels, escaping), asof (the one
                        "in force on a date" rule), legal (legal ids and citations), dist (the dist/ contract),
                        i18n (UI strings)
    kg/sources/     1   YAML in: the line-aware reader (yamlsrc) and the field checkers (schema)
    kg/records/     2   one module per kind of record (law, org, place, practice, stats, base) and the loader
    kg/build/       3   records -> RDF -> dist/: pipeline (``kg build``), serialize, describe (VoID/DCAT), cube
                        (the Data Cube integrity checks of a built graph)
    kg/store/       4   asking the built graph: store (embedded or remote), sparql (the query guard), queries
    kg/answers/     5   questions answered from the store: profile, the entitlement finder, views, search,
                        citations, currency, mandate
    kg/gaps/        5   the coverage-gap engine over the dist files, and the one gap cache (cache)
    kg/render/      6   renderers of answers for people (Markdown, the HTML brief); the answer is plain data and
                        does not know its renderers
    kg/cli/             surfaces: the ``kg`` command (its commands_* modules), kg/serve/ (``kg serve``, a SPARQL
    kg/serve/           endpoint, and its result formats), kg/app/ (the Streamlit app); kg/__main__.py is
    kg/app/             ``python -m kg`` and stays at the top because Python looks for it there
    kg/ops/             tools off the answer path: bench, bench_browser, bench_cli, synth, loadtest, reason, browser

The base modules stay at the top of kg/ rather than in a kg/base/ folder: they are the few names every stage
imports (``from ..ids import short_id``), so the top of the package reads as "what everything shares" and each
folder below it as one step of the flow.
"""
__version__ = "0.1.0"
