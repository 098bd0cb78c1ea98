"""OpenLink Virtuoso Open-Source 7, the second SPARQL engine of the tests: find (and on a Debian machine where we
are root, install) Debian's ``virtuoso-opensource`` — the way :mod:`kg.ops.browser` finds and installs Chromium.

The package's own system service is never used: the tests start a private server with the README's Virtuoso
recipe (``docs/virtuoso.ini``: its own folder, loopback ports, ``virtuoso-t +wait``, the bulk loader), on free
ports, and shut it down at the end (tests/recipe_support.py).
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess

PACKAGE = "virtuoso-opensource"
INSTALL_HINT = f"apt-get install -y {PACKAGE} (or run `kg test` as root)"


def find_virtuoso() -> tuple[str | None, str | None]:
    """Paths of the ``virtuoso-t`` server and Debian's ``isql-vt`` client on PATH (the README's recipe calls them
    by name), or None where missing."""
    return shutil.which("virtuoso-t"), shutil.which("isql-vt")


def ensure_virtuoso() -> str | None:
    """Install Debian's virtuoso-opensource when missing and possible; return a problem or None.

    The package asks for a DBA password (debconf); it is preseeded with a random one so the install never waits
    for an answer. That password only concerns the package's system service, which the tests never use.
    """
    server, isql = find_virtuoso()
    if server and isql:
        return None
    apt = shutil.which("apt-get")
    if not apt or os.geteuid() != 0:
        return (f"Virtuoso (virtuoso-t, isql-vt) is missing and cannot be installed here (needs apt-get as root); "
                f"the Virtuoso tests will fail: {INSTALL_HINT}")
    password = secrets.token_hex(12)
    preseed = "\n".join([
        f"virtuoso-opensource-7 virtuoso-opensource-7/dba-password password {password}",
        f"virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password {password}",
        "virtuoso-opensource virtuoso-opensource/primary-server select virtuoso-opensource-7", ""])
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    selections = shutil.which("debconf-set-selections")
    if selections:
        done = subprocess.run([selections], input=preseed, env=env, capture_output=True, text=True)
        if done.returncode:
            return f"'debconf-set-selections' failed: {done.stderr.strip()[-400:]}"
    for cmd in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", PACKAGE]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode:
            return f"'{' '.join(cmd)}' failed: {done.stderr.strip()[-400:]}"
    server, isql = find_virtuoso()
    return None if server and isql else "virtuoso-opensource installed but virtuoso-t or isql-vt not on PATH"
