"""The README's recipes for loading the graph into a separate store are run as written (paths and ports moved to
a temporary folder), so a researcher following them gets answers, not "Entitled to (0)": the Oxigraph server's,
and OpenLink Virtuoso's (whose server the second-engine tests in tests/test_virtuoso.py share)."""
from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import time

from recipe_support import BIN, free_port, recipe


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


def test_the_virtuoso_recipe_answers_an_entitlement_question(virtuoso, full_dist):
    """The fixture ran the recipe's first lines (copy, start, bulk-load) and will run its last (shutdown); this
    runs the question in between and gets the embedded store's answer, word for word."""
    proc = subprocess.run(["bash", "-c", virtuoso.question], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    counts = [int(n) for n in re.findall(r"\((\d+)\)", proc.stdout)]
    assert counts and counts[0] > 0, proc.stdout[:1500]
    env_part, *cmd = shlex.split(virtuoso.question)
    embedded = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                              env={k: v for k, v in {**os.environ, "JARING_DIST": str(full_dist)}.items()
                                   if k != "JARING_ENDPOINT"})
    assert embedded.returncode == 0, embedded.stderr
    assert proc.stdout == embedded.stdout
