"""Imports follow the data (issue 20): every kg module has a stage, in the order data moves, and may import only
from its own stage or an earlier one — never from a later stage, and never a private name (``_x``) of a module
outside its own package. Function-local imports count too: a hidden edge is still an edge. The one exception:
a surface (the CLI, the server, the app) may import a tool of the ops stage inside the function that dispatches
to it (``kg bench``, ``kg load``, ``kg reason``, ``kg test``).

A new module must be given its stage here (the test fails until it is)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BASE, SOURCES, RECORDS, BUILD, STORE, ANSWERS, SURFACES, OPS = range(8)
STAGE_NAMES = ("base (imports no stage)", "sources", "records", "build", "store", "answers / gaps",
               "surfaces (cli, serve, app)", "ops (bench, synth, load test, reasoner, browser)")
STAGES = {
    # names and labels, the as-of rule, legal ids, the dist contract, UI strings: used by every stage
    "kg": BASE, "kg.__init__": BASE, "kg.namespaces": BASE, "kg.ids": BASE, "kg.asof": BASE, "kg.validity": BASE,
    "kg.legal": BASE, "kg.dist": BASE, "kg.i18n": BASE,
    # 1 YAML in: the line-aware reader and the field checkers
    "kg.yamlsrc": SOURCES, "kg.schema": SOURCES,
    # 2 one module per kind of record, and the loader that applies them (it checks each file against the record
    # type of its folder, so it comes after the types, not before)
    "kg.records": RECORDS, "kg.load": RECORDS,
    # 3 records -> dist/
    "kg.build": BUILD, "kg.serialize": BUILD, "kg.describe": BUILD,
    # 4 asking the built graph
    "kg.store": STORE, "kg.sparql": STORE, "kg.queries": STORE, "kg.results": STORE,
    # 5 questions answered from the store, and the gap engine over the dist files
    "kg.profile": ANSWERS, "kg.entitlements": ANSWERS, "kg.answers": ANSWERS, "kg.render": ANSWERS, "kg.views": ANSWERS,
    "kg.search": ANSWERS, "kg.citations": ANSWERS, "kg.currency": ANSWERS, "kg.mandate": ANSWERS,
    "kg.gaps": ANSWERS, "kg.gap_cache": ANSWERS,
    # surfaces
    "kg.cli": SURFACES, "kg.__main__": SURFACES, "kg.command": SURFACES, "kg.commands": SURFACES, "kg.serve": SURFACES, "kg.app": SURFACES,
    # ops: tools off the answer path
    "kg.bench": OPS, "kg.bench_browser": OPS, "kg.synth": OPS, "kg.loadtest": OPS, "kg.reason": OPS,
    "kg.browser": OPS, "kg.virtuoso": OPS,
}


def stage_of(module: str) -> int | None:
    """The stage of a module: its own entry, else its package's (kg.gaps.facts -> kg.gaps), else the
    commands_* modules of the CLI."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        name = ".".join(parts[:i])
        if name in STAGES and (i > 1 or len(parts) == 1):
            return STAGES[name]
    if module.startswith("kg.commands_"):
        return SURFACES
    return None


def _module(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def edges(root: Path):
    """(module, imported module, names, local?) for every ``from .x import y`` / ``from kg.x import y``."""
    for path in sorted((root / "kg").rglob("*.py")):
        mod = _module(path, root)
        pkg = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text("utf-8"))
        local = {id(sub) for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for sub in ast.walk(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg.split(".")[:len(pkg.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                elif node.module and (node.module == "kg" or node.module.startswith("kg.")):
                    target = node.module
                else:
                    continue
                names = [a.name for a in node.names]
                if node.module is None:  # from . import x, y: each is a module
                    for n in names:
                        yield mod, f"{target}.{n}", [], id(node) in local
                else:
                    yield mod, target, names, id(node) in local
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == "kg" or a.name.startswith("kg."):
                        yield mod, a.name, [], id(node) in local


def _package(module: str) -> str:
    return module.rsplit(".", 1)[0] if module.count(".") >= 2 else module


def violations(root: Path) -> list[str]:
    out = []
    for mod, target, names, local in edges(root):
        a, b = stage_of(mod), stage_of(target)
        if a is None:
            out.append(f"{mod}: no stage (add it to STAGES in tests/test_import_direction.py)")
            continue
        if b is None:
            b = stage_of(target.rsplit(".", 1)[0])  # from .pkg import module
        if b is not None and b > a and not (local and a == SURFACES and b == OPS):
            out.append(f"{mod} ({STAGE_NAMES[a]}) imports {target} ({STAGE_NAMES[b]}), a later stage")
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if private and _package(mod) != _package(target):
            out.append(f"{mod} imports private {', '.join(private)} of {target}")
    return sorted(set(out))


def test_every_import_goes_to_the_same_or_an_earlier_stage():
    assert violations(ROOT) == []


def test_the_check_finds_a_backward_edge_and_a_private_name(tmp_path):
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "store.py").write_text("def f():\n    from .build import verify_dist\n", "utf-8")
    (tmp_path / "kg" / "build.py").write_text("from .gaps import write_gaps_doc\nfrom .sparql import _LOCK\n",
                                              "utf-8")
    (tmp_path / "kg" / "newthing.py").write_text("from .ids import iri\n", "utf-8")
    found = violations(tmp_path)
    assert "kg.build (build) imports kg.gaps (answers / gaps), a later stage" in found
    assert "kg.build imports private _LOCK of kg.sparql" in found
    assert "kg.newthing: no stage (add it to STAGES in tests/test_import_direction.py)" in found
    assert not any(v.startswith("kg.store") for v in found)  # store -> build is backward? no: build is earlier


@pytest.mark.parametrize("module,stage", [("kg.gaps.facts", ANSWERS), ("kg.app.law", SURFACES),
                                          ("kg.commands_gaps", SURFACES), ("kg.records.law", RECORDS)])
def test_stage_of_submodules(module, stage):
    assert stage_of(module) == stage


def test_command_modules_register_without_importing_the_cli():
    """The registry lives in kg/command.py; the commands_* modules import it, never kg.cli (no import cycle)."""
    for mod, target, _names, _local in edges(ROOT):
        if mod.startswith("kg.commands_") or mod == "kg.command":
            assert target != "kg.cli", mod
    from kg.cli import main  # noqa: F401
    from kg.command import COMMANDS

    import kg.commands  # noqa: F401  the explicit list of command modules

    assert {"build", "check", "gaps", "validate", "entitlements", "query", "show"} <= set(COMMANDS)


def test_record_kinds_import_the_machinery_not_their_package():
    """kg.records lists its kind modules explicitly; they import kg.records.types, never the package (no cycle)."""
    from kg.records import KIND_MODULES, REGISTRY

    for mod, target, _names, _local in edges(ROOT):
        if mod.startswith("kg.records.") and mod != "kg.records.types":
            assert target != "kg.records", f"{mod} imports its package"
    assert {m.__name__.rsplit(".", 1)[1] for m in KIND_MODULES} == {"base", "law", "org", "place", "practice",
                                                                      "stats"}
    assert {"instrument", "entitlement", "institution", "region"} <= set(REGISTRY)
