"""Builds the graph the app tests run on: the real sources plus one test-only document whose label contains
markup (it must show as text, never as HTML)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKUP_LABEL = "<b>Markup</b> & <i>label</i> test"
MARKUP_RECORD = f"""\
- id: app-markup-test
  type: report
  title: "A document title with <script>alert(1)</script> markup"
  short: "{MARKUP_LABEL}"
  year: 2020
"""


def build_test_dist(tmp: Path) -> Path:
    """Copy sources/ (or ``$JARING_TEST_SOURCES``), add the markup document, build into ``tmp/dist``; returns the dist folder."""
    from kg.build.pipeline import build

    src = tmp / "sources"
    shutil.copytree(Path(os.environ.get("JARING_TEST_SOURCES") or ROOT / "sources"), src)
    (src / "bibliography" / "zz-app-markup-test.yaml").write_text(MARKUP_RECORD, encoding="utf-8")
    dist = tmp / "dist"
    build(src, dist=dist)
    return dist


def serve_dist_to_app(tmp_path_factory, name: str):
    """Build the app's test graph under a fresh folder and point JARING_DIST at it for one test module (a
    generator for a module-scoped fixture: the old value comes back afterwards)."""
    import os

    dist = build_test_dist(tmp_path_factory.mktemp(name))
    old = os.environ.get("JARING_DIST")
    os.environ["JARING_DIST"] = str(dist)
    yield dist
    if old is None:
        os.environ.pop("JARING_DIST", None)
    else:
        os.environ["JARING_DIST"] = old
