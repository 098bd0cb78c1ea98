"""Explicit registries (issue 20 item 5): the record types and the ``kg`` sub-commands are each gathered in one
place from an explicit list of modules — kg.records.KIND_MODULES (each module's ``TYPES``) and
kg.cli.commands.MODULES (each module's ``COMMANDS``) — never by modules adding themselves to a shared dict
when they are imported."""
from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

from kg import records
from kg.cli import CORE, all_commands
from kg.cli.command import Command, command_table
from kg.records import types as rtypes

ROOT = Path(__file__).resolve().parent.parent
MODULES = importlib.import_module("kg.cli.commands").MODULES


def import_time_mutations(path: Path) -> list[str]:
    """Module-level statements of ``path`` that change something when the module is imported: a bare call
    (``register(...)``), an assignment into a subscript or attribute (``REGISTRY[k] = ...``), an augmented
    assignment. Imports, definitions, docstrings and plain name assignments are fine."""
    out = []
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant):
            out.append(f"{path.name}:{node.lineno}: a call at import")
        elif isinstance(node, ast.Assign) and any(not isinstance(t, (ast.Name, ast.Tuple)) for t in node.targets):
            out.append(f"{path.name}:{node.lineno}: an assignment into another object at import")
        elif isinstance(node, ast.AugAssign):
            out.append(f"{path.name}:{node.lineno}: an augmented assignment at import")
    return out


# --- record types ---------------------------------------------------------------------------------------------

def test_the_record_registry_is_the_explicit_list():
    expected = [rt for module in records.KIND_MODULES for rt in module.TYPES]
    assert list(records.REGISTRY.values()) == expected  # the same types, in the listed order
    assert list(records.REGISTRY) == [rt.kind for rt in expected]
    assert {"instrument", "entitlement", "institution", "region", "document", "finding", "observation"} \
        <= set(records.REGISTRY)
    assert dict(records.DERIVED_KINDS) == {"concept": "scheme", "provision": "instrument"}


def test_every_kind_module_is_listed():
    """A kind module left out of KIND_MODULES would be silently missing from the registry."""
    kinds = {p.stem for p in (ROOT / "kg" / "records").glob("*.py")} - {"__init__", "types", "load"}
    assert {m.__name__.rsplit(".", 1)[1] for m in records.KIND_MODULES} == kinds


def test_every_record_type_a_kind_module_defines_is_in_its_types():
    """A RecordType defined in a kind module but left out of its TYPES would be silently missing."""
    for module in records.KIND_MODULES:
        defined = [v for v in vars(module).values() if isinstance(v, rtypes.RecordType)]
        assert defined and all(any(rt is d for rt in module.TYPES) for d in defined), module.__name__


def test_the_record_registry_is_read_only_and_not_kept_by_the_machinery():
    with pytest.raises(TypeError):
        records.REGISTRY["x"] = records.REGISTRY["region"]  # type: ignore[index]
    assert not hasattr(rtypes, "REGISTRY") and not hasattr(rtypes, "register")


def test_importing_a_kind_module_alone_changes_nothing(tmp_path, monkeypatch):
    """A kind module imported on its own (here a new one, not in KIND_MODULES) adds nothing to the registry."""
    before = dict(records.REGISTRY)
    (tmp_path / "extra_kind.py").write_text(
        "from kg.records.types import RecordType\n"
        "TYPES = (RecordType(kind='extra', folder='extra', graph='law', fields={}, emit=lambda r, e: None),)\n",
        "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    extra = importlib.import_module("extra_kind")
    try:
        assert dict(records.REGISTRY) == before
        assert "extra" in rtypes.build_registry([extra])  # it counts only where it is listed
    finally:
        sys.modules.pop("extra_kind", None)


def test_a_kind_or_folder_given_twice_is_refused():
    class Twice:
        __name__ = "twice"
        TYPES = (records.REGISTRY["region"],)
    with pytest.raises(ValueError, match="record kind 'region' defined twice"):
        rtypes.build_registry([records.place, Twice])


# --- kg sub-commands ------------------------------------------------------------------------------------------

def test_the_command_table_is_the_explicit_list():
    expected = [*CORE, *(c for m in MODULES for c in m.COMMANDS)]
    table = all_commands()
    assert sorted(table) == sorted(c.name for c in expected) and all(table[c.name] is c for c in expected)
    assert {"build", "check", "gaps", "validate", "entitlements", "query", "show", "serve", "bench"} <= set(table)
    with pytest.raises(TypeError):
        table["x"] = table["build"]  # type: ignore[index]


def test_every_command_a_module_defines_is_in_its_commands():
    for module in MODULES:
        defined = [v for v in vars(module).values() if isinstance(v, Command)]
        assert all(any(c is d for c in module.COMMANDS) for d in defined), module.__name__
    assert all_commands() == all_commands()  # built again, the same (kg.cli.commands the module never shadows it)


def test_every_command_module_is_listed():
    files = {p.stem for p in (ROOT / "kg" / "cli").glob("commands_*.py")}
    assert {m.__name__.rsplit(".", 1)[1] for m in MODULES} == files


def test_importing_a_command_module_alone_changes_nothing(tmp_path, monkeypatch):
    """A command module imported on its own (not in MODULES) adds nothing to the table."""
    before = dict(all_commands())
    (tmp_path / "extra_commands.py").write_text(
        "from kg.cli.command import Command\n"
        "COMMANDS = (Command('extra', 'an extra command', lambda p: None, lambda a: 0),)\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    extra = importlib.import_module("extra_commands")
    try:
        assert dict(all_commands()) == before
        assert "extra" in command_table(extra.COMMANDS)  # it counts only where it is listed
    finally:
        sys.modules.pop("extra_commands", None)


def test_a_command_name_given_twice_is_refused():
    dup = (Command("build", "again", lambda p: None, lambda a: 0),)
    with pytest.raises(ValueError, match="'build' defined twice"):
        command_table(CORE, dup)


# --- no import-time mutation ----------------------------------------------------------------------------------

def test_kind_and_command_modules_change_nothing_when_imported():
    paths = [*(ROOT / "kg" / "records").glob("*.py"), *(ROOT / "kg" / "cli").glob("*.py")]
    assert [v for p in sorted(paths) for v in import_time_mutations(p)] == []


def test_the_mutation_check_finds_the_old_registration(tmp_path):
    """The check above is not vacuous: the registration this replaced is caught."""
    path = tmp_path / "law.py"
    path.write_text("from .types import register\nregister(RecordType(kind='x'))\nDERIVED_KINDS['p'] = 'i'\n"
                    "COMMANDS['x'] = 1\nX = 1\n", "utf-8")
    assert import_time_mutations(path) == ["law.py:2: a call at import",
                                           "law.py:3: an assignment into another object at import",
                                           "law.py:4: an assignment into another object at import"]


def test_kind_modules_import_the_machinery_not_their_package():
    """The kind modules import kg.records.types, never the package kg.records (which imports them: a cycle)."""
    for module in records.KIND_MODULES:
        tree = ast.parse(Path(module.__file__).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.level == 1 and node.module is None), f"{module.__name__}:{node.lineno}"
                assert node.module not in ("kg.records",) and not (node.level == 2 and node.module == "records"), \
                    f"{module.__name__}:{node.lineno}"


def test_command_modules_never_import_the_cli_package():
    """The commands_* modules import kg.cli.command, never kg.cli itself (which lists them: a cycle)."""
    for module in MODULES:
        tree = ast.parse(Path(module.__file__).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.level == 1 and node.module is None), f"{module.__name__}:{node.lineno}"
                assert node.module != "kg.cli" and not (node.level == 2 and node.module == "cli"), module.__name__
