"""The README's recipes for loading the graph into another store, run as written (paths and ports moved to a
temporary folder): the code blocks are read from README.md, never copied into the tests.

The Virtuoso recipe also gives the tests their second engine: :func:`start_virtuoso` runs its first three lines
(copy the settings and the data, start ``virtuoso-t +wait``, bulk-load), :func:`stop_virtuoso` its last (shutdown);
tests/test_readme_recipes.py runs the line in between (the entitlement question) and tests/test_virtuoso.py
compares the answers with the embedded store's.
"""
from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VIRTUOSO_MARKER = "this Virtuoso recipe is run by"


def recipe(marker: str) -> list[str]:
    """The commands of the README code block that follows the sentence containing ``marker``."""
    text = (ROOT / "README.md").read_text("utf-8")
    at = text.index(marker)
    block = re.search(r"```\n(.*?)```", text[at:], re.S)
    assert block, f"no code block after {marker!r}"
    return [line for line in block.group(1).splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    """A Virtuoso started by the README's recipe: its folder, the SPARQL endpoint URL (with the dataset the
    recipe names), and the recipe's remaining lines, adapted (the question, the shutdown)."""
    folder: Path
    endpoint: str
    question: str
    shutdown: str
    log: list[str]


def _run(line: str, log: list[str]) -> str:
    proc = subprocess.run(["bash", "-c", line], capture_output=True, text=True, timeout=300, cwd=ROOT)
    out = proc.stdout + proc.stderr
    log.append(f"$ {line}\n{out[-2000:]}")
    # isql-vt exits 0 after a failed statement and prints "*** Error"
    assert proc.returncode == 0 and "*** Error" not in out, "\n".join(log)
    return proc.stdout


def start_virtuoso(dist: Path, workdir: Path) -> Virtuoso:
    """Run the README's Virtuoso recipe up to the question, on free loopback ports, in ``workdir``."""
    from kg.ops.virtuoso import INSTALL_HINT, find_virtuoso

    server, isql = find_virtuoso()
    if not (server and isql):
        # `kg test` installs it where it can; a missing engine is a failure, never a silent skip (as for Chromium)
        raise AssertionError(f"Virtuoso (virtuoso-t, isql-vt) is needed for the second-engine tests: {INSTALL_HINT}")
    lines = recipe(VIRTUOSO_MARKER)
    assert len(lines) == 5, lines
    sql_port, http_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text((ROOT / "docs" / "virtuoso.ini").read_text("utf-8")
                   .replace("127.0.0.1:1111", f"127.0.0.1:{sql_port}")
                   .replace("127.0.0.1:8890", f"127.0.0.1:{http_port}"), "utf-8")
    folder = workdir / "store"

    def adapt(line: str) -> str:
        return (line.replace(".venv/bin/", f"{BIN}/").replace("/tmp/jaring-virtuoso", str(folder))
                .replace("docs/virtuoso.ini", str(ini)).replace("dist/", f"{dist}/")
                .replace("127.0.0.1:1111", f"127.0.0.1:{sql_port}")
                .replace("127.0.0.1:8890", f"127.0.0.1:{http_port}"))

    log: list[str] = []
    adapted = [adapt(line) for line in lines]
    assert all(str(sql_port) in line for line in (adapted[2], adapted[4])), adapted
    _run(adapted[0], log)
    try:
        _run(adapted[1], log)  # `virtuoso-t +wait` returns once the server has started
        _run(adapted[2], log)
        env_part = shlex.split(adapted[3])[0]
        name, _, endpoint = env_part.partition("=")
        assert name == "JARING_ENDPOINT" and f"127.0.0.1:{http_port}/sparql?" in endpoint, adapted[3]
        ask = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
        with urllib.request.urlopen(urllib.request.Request(
                endpoint, data=ask, headers={"Accept": "application/sparql-results+json"}), timeout=30) as resp:
            assert b"true" in resp.read(), "the loaded Virtuoso holds no triples"
    except BaseException:
        stop_virtuoso(Virtuoso(folder, "", "", adapted[4], log))
        raise
    return Virtuoso(folder, endpoint, adapted[3], adapted[4], log)


def stop_virtuoso(server: Virtuoso, timeout_s: float = 60.0) -> None:
    """The recipe's shutdown line; then make sure the process (its id is in the lock file) has ended."""
    lock = server.folder / "virtuoso.lck"
    pid = None
    if lock.exists():
        m = re.search(r"VIRT_PID=(\d+)", lock.read_text("utf-8", errors="replace"))
        pid = int(m.group(1)) if m else None
    subprocess.run(["bash", "-c", server.shutdown], capture_output=True, text=True, timeout=120, cwd=ROOT)
    if pid is None:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)  # bounded poll for the process to end, not a fixed wait
    os.kill(pid, 9)
    raise AssertionError(f"Virtuoso (pid {pid}) did not stop within {timeout_s:g} s after shutdown; killed")
