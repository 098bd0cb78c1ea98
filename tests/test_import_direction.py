"""Imports follow the data (issue 20): every kg module has a stage, in the order data moves, and may import only
from its own stage or an earlier one — never from a later stage, and never a private name (``_x``) of a module
outside its own package. Function-local imports count too: a hidden edge is still an edge. The one exception:
a surface (the CLI, the server, the app) may import a tool of the ops stage inside the function that dispatches
to it (``kg bench``, ``kg load``, ``kg reason``, ``kg test``).

The folder IS the stage: a stage is a package of kg (kg/sources/, kg/records/, kg/build/, ...), and the modules
at the top of kg/ are the base every stage uses. A module listed here with a stage other than its folder's, or
a module at the top of kg/ that is not base, fails the test (move it into the folder of its stage).

A new folder or top-level module must be given its stage here (the test fails until it is)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BASE, SOURCES, RECORDS, BUILD, STORE, ANSWERS, RENDER, SURFACES, OPS = range(9)
STAGE_NAMES = ("base (imports no stage)", "sources", "records", "build", "store", "answers / gaps", "render",
               "surfaces (cli, serve, app)", "ops (bench, synth, load test, reasoner, browser)")
STAGES = {
    # base, the top of kg/: names and labels, the as-of rule, legal ids, the dist contract, UI strings
    "kg": BASE, "kg.namespaces": BASE, "kg.ids": BASE, "kg.asof": BASE, "kg.legal": BASE, "kg.dist": BASE,
    "kg.i18n": BASE,
    # 1 YAML in: the line-aware reader and the field checkers
    "kg.sources": SOURCES,
    # 2 one module per kind of record, and the loader that applies them (it checks each file against the record
    # type of its folder, so it comes after the types, not before)
    "kg.records": RECORDS,
    # 3 records -> dist/ (and the Data Cube integrity checks of a built graph)
    "kg.build": BUILD,
    # 4 asking the built graph: the store, the query guard, the canned queries
    "kg.store": STORE,
    # 5 questions answered from the store, and the gap engine over the dist files
    "kg.answers": ANSWERS, "kg.gaps": ANSWERS,
    # 6 the answer as a reader gets it (Markdown, HTML brief, JSON): the answer is plain data and does not know
    # its renderers
    "kg.render": RENDER,
    # surfaces; kg/__main__.py is `python -m kg` and must sit at the top of the package
    "kg.cli": SURFACES, "kg.serve": SURFACES, "kg.app": SURFACES, "kg.__main__": SURFACES,
    # ops: tools off the answer path
    "kg.ops": OPS,
}
#: the one module allowed at the top of kg/ without being base: Python looks for it there
TOP_EXCEPTIONS = {"kg.__main__"}


def stage_of(module: str, stages: dict = STAGES) -> int | None:
    """The stage of a module: its own entry, else its package's (kg.gaps.facts -> kg.gaps)."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        name = ".".join(parts[:i])
        if name in stages and (i > 1 or len(parts) == 1):
            return stages[name]
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


def violations(root: Path, stages: dict = STAGES) -> list[str]:
    out = []
    for mod, target, names, local in edges(root):
        a, b = stage_of(mod, stages), stage_of(target, stages)
        if a is None:
            out.append(f"{mod}: no stage (add it to STAGES in tests/test_import_direction.py)")
            continue
        if b is None:
            b = stage_of(target.rsplit(".", 1)[0], stages)  # from .pkg import module
        if b is not None and b > a and not (local and a == SURFACES and b == OPS):
            out.append(f"{mod} ({STAGE_NAMES[a]}) imports {target} ({STAGE_NAMES[b]}), a later stage")
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if private and _package(mod) != _package(target):
            out.append(f"{mod} imports private {', '.join(private)} of {target}")
    return sorted(set(out))


def misplaced(root: Path, stages: dict = STAGES) -> list[str]:
    """Modules whose folder is not their stage: a module inside kg/<folder>/ listed with another stage than its
    folder's, a folder without a stage, a module at the top of kg/ (the base) that is not base, and entries
    naming no module or folder (left over after a move)."""
    out = []
    for path in sorted((root / "kg").rglob("*.py")):
        mod = _module(path, root)
        parts = mod.split(".")
        if len(parts) >= 3 or (len(parts) == 2 and path.name == "__init__.py"):
            folder = ".".join(parts[:2])
            if folder not in stages:
                out.append(f"kg/{parts[1]}/: a folder without a stage (add {folder} to STAGES)")
            elif mod in stages and stages[mod] != stages[folder]:
                out.append(f"{mod} is {STAGE_NAMES[stages[mod]]} but sits in kg/{parts[1]}/ "
                           f"({STAGE_NAMES[stages[folder]]}): move it into the folder of its stage")
        elif len(parts) == 2:
            stage = stages.get(mod)
            if stage is None:
                out.append(f"{mod}: at the top of kg/ without a stage (add it to STAGES, or move it into the "
                           f"folder of its stage)")
            elif stage != BASE and mod not in TOP_EXCEPTIONS:
                out.append(f"{mod} is {STAGE_NAMES[stage]} but sits at the top of kg/ (the base): "
                           f"move it into the folder of its stage")
    for name in stages:
        rel = Path(*name.split("."))
        if not ((root / rel).is_dir() or (root / rel).with_suffix(".py").is_file()):
            out.append(f"{name}: in STAGES but no such module or folder")
    return sorted(set(out))


def test_every_import_goes_to_the_same_or_an_earlier_stage():
    assert violations(ROOT) == []


def test_every_module_sits_in_the_folder_of_its_stage():
    assert misplaced(ROOT) == []


def test_the_check_finds_a_backward_edge_and_a_private_name(tmp_path):
    for folder in ("store", "build"):
        (tmp_path / "kg" / folder).mkdir(parents=True)
    (tmp_path / "kg" / "store" / "store.py").write_text("def f():\n    from ..build.pipeline import verify_dist\n",
                                                        "utf-8")
    (tmp_path / "kg" / "build" / "pipeline.py").write_text(
        "from ..gaps import write_gaps_doc\nfrom ..store.sparql import _LOCK\n", "utf-8")
    (tmp_path / "kg" / "newthing.py").write_text("from .ids import iri\n", "utf-8")
    found = violations(tmp_path)
    assert "kg.build.pipeline (build) imports kg.gaps (answers / gaps), a later stage" in found
    assert "kg.build.pipeline imports private _LOCK of kg.store.sparql" in found
    assert "kg.newthing: no stage (add it to STAGES in tests/test_import_direction.py)" in found
    assert not any(v.startswith("kg.store.store") for v in found)  # store -> build goes to an earlier stage


def test_the_check_finds_a_module_outside_the_folder_of_its_stage(tmp_path):
    """The folder is the stage: a flat module of a stage at the top of kg/, a module listed with a stage other
    than its folder's, a new folder without a stage and a stale entry are each reported."""
    for folder in ("build", "store", "extras"):
        (tmp_path / "kg" / folder).mkdir(parents=True)
    (tmp_path / "kg" / "__main__.py").write_text("", "utf-8")
    (tmp_path / "kg" / "ids.py").write_text("", "utf-8")
    (tmp_path / "kg" / "views.py").write_text("", "utf-8")  # an answers module left at the top
    (tmp_path / "kg" / "build" / "search.py").write_text("", "utf-8")  # an answers module in build/
    (tmp_path / "kg" / "store" / "store.py").write_text("", "utf-8")  # in its place
    (tmp_path / "kg" / "extras" / "x.py").write_text("", "utf-8")
    (tmp_path / "kg" / "helpers.py").write_text("", "utf-8")  # a new top-level module nobody placed
    stages = {"kg": BASE, "kg.ids": BASE, "kg.__main__": SURFACES, "kg.views": ANSWERS, "kg.build": BUILD,
              "kg.build.search": ANSWERS, "kg.store": STORE, "kg.validity": BASE}
    assert misplaced(tmp_path, stages) == sorted([
        "kg.build.search is answers / gaps but sits in kg/build/ (build): move it into the folder of its stage",
        "kg.helpers: at the top of kg/ without a stage (add it to STAGES, or move it into the folder of its stage)",
        "kg.validity: in STAGES but no such module or folder",
        "kg.views is answers / gaps but sits at the top of kg/ (the base): move it into the folder of its stage",
        "kg/extras/: a folder without a stage (add kg.extras to STAGES)",
    ])


@pytest.mark.parametrize("module,stage", [("kg.gaps.facts", ANSWERS), ("kg.app.law", SURFACES),
                                          ("kg.cli.commands_gaps", SURFACES), ("kg.records.law", RECORDS)])
def test_stage_of_submodules(module, stage):
    assert stage_of(module) == stage
