"""The coverage-gap engine (a package: one job per module): SHACL shapes that show where the framework fails victims.

Two shape sets live in ``ontology/shapes/``:

* ``hygiene.ttl`` — the graph is well formed (labels in both languages, a source on every fact, dates in
  order, no dangling links, ...). :func:`validate_hygiene` returns a :class:`HygieneReport`; ``kg validate``
  fails on any violation.
* ``coverage.ttl`` — policy gaps (a victim group without an essential service, a right nobody must provide,
  a condition reported as a barrier, ...). :func:`find_gaps` returns a list of :class:`Gap`; ``kg gaps``
  reports them.

Gaps are computed from the data, never written in: every gap is a SHACL validation result of a coverage
shape. Before validating, :func:`coverage_facts` computes helper facts (namespace ``jdv:``) that SHACL
cannot compute cheaply: the reflexive-transitive closure of ``skos:broader``, which groups are victim
groups, which services are essential (rank 1), the standing of every legal text as of a date and which
bases of a right are in force, which regional instruments share a jurisdiction and what each grants,
and deadline dates. :func:`hygiene_facts` does the same for the hygiene shapes (label languages, unions
of classes). The helper facts let the shapes stay SHACL-Core with one check per node where nested shapes
(``sh:or``, ``sh:node``, qualified value shapes) or per-node SPARQL would re-run for every value.

The shapes run on a read-only :class:`_View` of the data and the helper facts: nothing is copied and the
source graph is never changed; the helper facts are never written into a build or shown as facts (a
result on a regional grant is reported on its instrument). Validation runs with ``inference='none'``,
in place, with the cyclic garbage collector paused (see :func:`_gc_paused`).

Stable API (used by the CLI, the app and the entitlement finder):

* ``find_gaps(dataset_or_graph, as_of=None) -> list[Gap]``
* ``coverage_matrix(dataset_or_graph, as_of=None) -> list[dict]`` (rows for ``pandas.DataFrame``)
* ``validate_hygiene(dataset_or_graph) -> HygieneReport``
* ``filter_gaps(gaps, group=, service=, region=, instrument=, severity=) -> list[Gap]``
* ``gaps_markdown(gaps, as_of=None)``, ``gaps_csv(gaps)``, ``write_gaps_doc(dataset_or_graph, path)``

Modules: :mod:`.model` (Gap, Evidence, Item, constants), :mod:`.graph` (reading built files, shapes graphs),
:mod:`.facts` (helper facts, as-of view), :mod:`.checks` (running the shapes), :mod:`.explanation` (a result
explained for a policymaker), :mod:`.report` (filter, Markdown, CSV), :mod:`.matrix` (coverage matrix).
"""

from __future__ import annotations

from .model import *  # noqa: F401,F403
from .model import _lang_map  # noqa: F401
from .graph import *  # noqa: F401,F403
from .graph import _OX_FORMATS, _read_graph, _shapes_text  # noqa: F401
from .facts import *  # noqa: F401,F403
from .facts import _closure, _d, _Facts, _gone, _graph_of, _View  # noqa: F401
from .checks import *  # noqa: F401,F403
from .checks import _gc_paused, _has_target, _results, _top_shapes, _validate  # noqa: F401
from .explanation import _Explainer  # noqa: F401
from .report import *  # noqa: F401,F403
from .report import _md, _short  # noqa: F401
from .matrix import *  # noqa: F401,F403
