"""The CLI behaves in a shell pipeline: a reader that stops early (``kg show ... | head -1``) is not an error."""
from __future__ import annotations

import subprocess
import sys

from test_store import fixture_dist  # noqa: F401  (session fixture shared with the query-layer tests)


def test_reader_closing_the_pipe_gives_no_traceback(fixture_dist):  # noqa: F811
    cmd = [sys.executable, "-m", "kg", "show", "bibliography", "--dist", str(fixture_dist)]
    full = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert full.returncode == 0, full.stderr
    assert len(full.stdout.splitlines()) >= 2, "the view must print more than the one line the reader takes"
    # a pipe whose reader has already gone: the first write raises BrokenPipeError in the writer
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
