"""``kg app`` stops Streamlit when it is told to stop (SIGTERM from a service manager or ``kill``, SIGINT from
Ctrl-C): before, SIGTERM ended ``kg app`` and left Streamlit serving its port."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from app_support import build_test_dist

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def _default_signals() -> None:
    # the child's own disposition: a test run in the background inherits SIGINT ignored
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    return build_test_dist(tmp_path_factory.mktemp("signals"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_kg_app_stops_streamlit_on_a_signal(dist, sig):
    from kg.ops.bench_browser import _free_port

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, JARING_DIST=str(dist), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
               PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "kg", "app", "--headless", "--port", str(port)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=_default_signals, start_new_session=True)
    try:
        from selenium.webdriver.support.ui import WebDriverWait  # a polling wait without sleeping by hand

        WebDriverWait(None, 120, poll_frequency=0.3).until(lambda _: _answers(url) or proc.poll() is not None)
        assert proc.poll() is None and _answers(url), "kg app did not start Streamlit"
        os.kill(proc.pid, sig)
        code = proc.wait(30)
        assert code == 128 + sig
        WebDriverWait(None, 20, poll_frequency=0.3).until(lambda _: not _answers(url),
                                                          message="Streamlit still serves after kg app stopped")
    finally:
        if proc.poll() is None:
            proc.kill()
        for group in (proc.pid,):
            try:
                os.killpg(group, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
