"""The registry of ``kg`` sub-commands and the flags they share. Each ``commands_*`` module registers its
commands with :func:`command` and imports only this module, never :mod:`kg.cli`; :mod:`kg.cli.commands` lists the
command modules explicitly, and :func:`kg.cli.main` reads the registry. (No import cycle between the CLI and
its commands.)"""
from __future__ import annotations

from pathlib import Path

COMMANDS: dict[str, tuple[str, callable, callable]] = {}


def command(name: str, help_text: str):
    """Register a sub-command: ``configure(parser)`` then ``run(args) -> exit code``."""
    def deco(configure):
        def register(run):
            COMMANDS[name] = (help_text, configure, run)
            return run
        return register
    return deco


def sources_arg(p) -> None:
    """The shared ``--sources`` flag (default: :func:`kg.dist.default_sources`)."""
    from ..dist import SOURCES_HELP

    p.add_argument("--sources", type=Path, default=None, help=SOURCES_HELP)


def dist_arg(p, help_text: str | None = None) -> None:
    """The shared ``--dist`` flag (default: :func:`kg.dist.default_dist`, which honours ``$JARING_DIST``)."""
    from ..dist import DIST_HELP

    p.add_argument("--dist", type=Path, default=None, help=help_text or DIST_HELP)
