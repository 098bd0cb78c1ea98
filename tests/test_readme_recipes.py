"""The README's recipe for loading the graph into a separate store is run as written (paths and port moved to
a temporary folder), so a researcher following it gets answers, not "Entitled to (0)"."""
from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


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


@pytest.fixture(scope="module")
def full_dist(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("readme") / "dist"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "--dist", str(dist)], capture_output=True,
                          text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return dist


def test_the_oxigraph_server_recipe_answers_an_entitlement_question(full_dist, tmp_path):
    commands = recipe("this recipe is run by")
    assert len(commands) == 4 and commands[2].endswith("&")
    port, store = free_port(), tmp_path / "store"

    def adapt(line: str) -> list[str]:
        line = (line.replace(".venv/bin/", f"{BIN}/").replace("/tmp/jaring-store", str(store))
                .replace("dist/", f"{full_dist}/").replace("7878", str(port)).rstrip(" &"))
        return shlex.split(line)

    for line in commands[:2]:
        proc = subprocess.run(adapt(line), capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    server = subprocess.Popen(adapt(commands[2]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        env_part, *cmd = adapt(commands[3])
        name, _, value = env_part.partition("=")
        env = {**os.environ, name: value}
        # wait for the server by asking until it answers (bounded), never by sleeping a fixed time
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.05)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        counts = [int(n) for n in re.findall(r"\((\d+)\)", proc.stdout)]
        assert counts and counts[0] > 0, proc.stdout[:1500]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
