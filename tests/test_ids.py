"""Names and labels written once (kg/ids.py, issue 20): doctests, and no module keeps its own copy of the
short-id, IRI, label-picking or Markdown-escaping helpers."""
from __future__ import annotations

import ast
import doctest
from pathlib import Path

import kg.ids
from kg.store import store
from kg.answers import views
from kg.app import common
from kg.gaps import report

ROOT = Path(__file__).resolve().parent.parent
HELPER_NAMES = {"iri", "_iri", "short", "short_id", "_short", "pick", "_pick", "md_escape", "_md", "_md_escape"}
ONE_HELPERS = ("ids.", "iri(", "short_id", "compact", "pick_label", "md_escape(")
#: same name, another job
UNRELATED = {"kg/ops/loadtest.py:_pick",  # picks a random request of the load mix
             "kg/store/sparql.py:_short",  # shortens a parser error message
             "kg/records/types.py:iri"}  # Emitter.iri: a record id (always a plain id) as a term, in the build


def test_doctests():
    result = doctest.testmod(kg.ids)
    assert result.attempted >= 8 and result.failed == 0


def copies(root: Path) -> list[str]:
    """Functions named like the shared helpers, outside kg/ids.py, that do not delegate to kg.ids."""
    out = []
    for path in sorted((root / "kg").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "kg/ids.py":
            continue
        src = path.read_text("utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.FunctionDef) and node.name in HELPER_NAMES and f"{rel}:{node.name}" not in UNRELATED:
                body = "\n".join(ast.get_source_segment(src, s) or "" for s in node.body)
                if not any(h in body for h in ONE_HELPERS):
                    out.append(f"{rel}:{node.lineno}: {node.name}")
    return out


def test_no_module_keeps_its_own_copy():
    assert copies(ROOT) == []


def test_the_check_finds_a_copy(tmp_path):
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "x.py").write_text(
        "def _short(node):\n    return node[len(BASE):] if node.startswith(BASE) else node\n", "utf-8")
    assert copies(tmp_path) == ["kg/x.py:1: _short"]


def test_the_old_entry_points_are_the_shared_helpers():
    assert store.iri is kg.ids.iri and store.short_id is kg.ids.short_id
    assert views.short is kg.ids.compact and views.pick is kg.ids.pick_label
    assert report._short is kg.ids.short_id
    assert str(views.iri("org/kemensos")) == kg.ids.iri("org/kemensos")
    assert common.md_escape("a_b") == kg.ids.md_escape("a_b", "page")
