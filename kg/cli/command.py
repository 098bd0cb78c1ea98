"""A ``kg`` sub-command (:class:`Command`), the one table of them (:func:`command_table`) and the flags they share.

Each ``commands_*`` module declares its sub-commands in a ``COMMANDS`` tuple and imports only this module, never
the package :mod:`kg.cli`; :mod:`kg.cli.commands` lists the command modules explicitly, and :func:`kg.cli.main`
builds the table from :data:`kg.cli.CORE` and that list. Nothing registers itself on import."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Callable


@dataclass(frozen=True)
class Command:
    """A sub-command: ``configure(parser)`` adds its flags, ``run(args)`` returns the exit code."""
    name: str
    help: str
    configure: Callable
    run: Callable


def command_table(*groups) -> MappingProxyType:
    """One read-only table, name -> :class:`Command`, from explicit tuples of commands; a name given twice is a
    programming error."""
    table: dict[str, Command] = {}
    for group in groups:
        for cmd in group:
            if cmd.name in table:
                raise ValueError(f"kg sub-command {cmd.name!r} defined twice")
            table[cmd.name] = cmd
    return MappingProxyType(table)


def sources_arg(p) -> None:
    """The shared ``--sources`` flag (default: :func:`kg.dist.default_sources`)."""
    from ..dist import SOURCES_HELP

    p.add_argument("--sources", type=Path, default=None, help=SOURCES_HELP)


def dist_arg(p, help_text: str | None = None) -> None:
    """The shared ``--dist`` flag (default: :func:`kg.dist.default_dist`, which honours ``$JARING_DIST``)."""
    from ..dist import DIST_HELP

    p.add_argument("--dist", type=Path, default=None, help=help_text or DIST_HELP)
