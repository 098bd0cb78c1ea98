"""OpenLink Virtuoso Open-Source 7 as a second SPARQL engine for the tests: find (and on a Debian machine where we
are root, install) Debian's ``virtuoso-opensource``, and run a private server on loopback loaded with
``dist/jaring.nq`` — the way :mod:`kg.ops.browser` finds and installs Chromium.

The package's own system service is never used: :class:`VirtuosoServer` writes its own ``virtuoso.ini`` into a
temporary folder (database, free loopback ports for isql and HTTP, the dist folder allowed for the bulk loader),
runs ``virtuoso-t`` in the foreground, waits until the SPARQL endpoint answers, and shuts it down at the end.

Jaring reads the default graph as the (distinct) union of its named graphs. Virtuoso's default graph, when a
request names none, is every graph in the store, with a triple stored in two graphs counted twice; so the server
also loads ``jaring.nt`` (the distinct union) into a graph of its own and the endpoint URL names the dataset with
the SPARQL 1.1 Protocol's ``default-graph-uri`` (that graph) and ``named-graph-uri`` (Jaring's named graphs).
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PACKAGE = "virtuoso-opensource"
INSTALL_HINT = f"apt-get install -y {PACKAGE} (or run `kg test` as root)"
# the graph that holds the distinct union of the named graphs (jaring.nt); never published, only named in the
# endpoint URL's default-graph-uri
UNION_GRAPH = "urn:jaring:default-graph"


def find_virtuoso() -> tuple[str | None, str | None]:
    """Paths of the ``virtuoso-t`` server and Debian's ``isql-vt`` client (``isql`` elsewhere), or None."""
    server = os.environ.get("JARING_VIRTUOSO") or shutil.which("virtuoso-t")
    isql = os.environ.get("JARING_VIRTUOSO_ISQL") or shutil.which("isql-vt")
    return server, isql


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
