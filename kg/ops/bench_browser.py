"""Time to content as users see it: every page of the app opened in headless Chromium against a running
``streamlit run app.py`` on the real graph (``kg bench browser``).

For each page: one warm-up visit (the server has just started; the gap job and the caches fill), then ``runs``
visits in a fresh browser tab, each timed from the navigation request to

- **content**: the page's main content is visible (a page-specific element, see :data:`CONTENT`), and
- **finished**: the app has stopped running its script (no status widget, no spinner, no skeleton) with the main
  content in place.

The medians of the timed visits are reported, with the warm-up visit kept as the "first visit" figure. This is
what a person waits for in a browser; the in-process figure (``AppTest``, in ``kg bench run``) measures the
Python script only.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .browser import find_browser

ROOT = Path(__file__).resolve().parent.parent.parent
# page slug → (extra query, CSS selector of an element that holds the page's main content, text it must contain)
CONTENT = {
    "entitlements": ("", '[data-testid="stForm"]', ""),
    "gaps": ("", '[data-testid="stMetric"]', ""),
    "law": ("&instrument=uu%2F2007%2F21", '[data-testid="stHeading"]', "21/2007"),
    "institutions": ("", '[data-testid="stHeading"]', ""),
    "explore": ("&entity=uu%2F2007%2F21", '[data-testid="stHeading"]', "21/2007"),
    "sparql": ("", '[data-testid="stTextArea"]', ""),
    "sources": ("", '[data-testid="stDataFrame"]', ""),
    # the advocate's answer for the male fisher (a permalink): the first stage of the answer
    "answer": ("&profile=sex%3Dmale%26age%3D34%26exploitation_forms%3Dlabour%26sector%3Dfishing%26exploited_abroad"
               "%3Dregion%252Fmalaysia%26province%3Dregion%252Fjawa-barat", '[data-testid="stCheckbox"]', ""),
}
PATHS = {"entitlements": "", "answer": ""}  # pages served at the app's root
BUSY = '[data-testid="stStatusWidget"], [data-testid="stSpinner"], [data-testid="stSkeleton"]'
CONTENT_BUDGET_S, FINISH_BUDGET_S = 2.0, 5.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(dist: Path, port: int | None = None, log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` on ``dist`` in its own process group; returns the process and its URL."""
    port = port or _free_port()
    env = dict(os.environ, JARING_DIST=str(dist), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    out = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.2)  # the server is not listening yet
    stop_server(proc)
    raise RuntimeError("streamlit did not become healthy in 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def make_driver(width: int = 1280, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, chromedriver = find_browser()
    if not (browser and chromedriver):
        raise RuntimeError("Chromium and chromedriver are needed: apt-get install -y chromium chromium-driver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    profile = tempfile.mkdtemp(prefix="jaring-chromium-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=Service(chromedriver), options=opts)
    drv.set_page_load_timeout(120)
    drv._jaring_profile = profile  # noqa: SLF001 - removed in quit_driver
    return drv


def quit_driver(drv) -> None:
    profile = getattr(drv, "_jaring_profile", None)
    drv.quit()
    if profile:
        shutil.rmtree(profile, ignore_errors=True)


def _content_ready(selector: str, text: str):
    from selenium.webdriver.common.by import By

    def ready(drv):
        for el in drv.find_elements(By.CSS_SELECTOR, selector):
            try:
                if el.is_displayed() and (not text or text in el.text):
                    return True
            except Exception:  # noqa: BLE001 - a stale element while the page re-renders: look again
                continue
        return False
    return ready


PAGE_END = ".st-key-jaring-page-end"  # the empty element app.py writes after everything else


def _idle(quiet_polls: int = 3):
    """A wait condition: the end-of-page marker is there and nothing shows the app busy (status widget,
    spinner, skeleton), in ``quiet_polls`` consecutive polls."""
    state = {"quiet": 0}

    def idle(drv):
        busy, end = drv.execute_script(
            "return [document.querySelectorAll(arguments[0]).length, document.querySelectorAll(arguments[1]).length];",
            BUSY, PAGE_END)
        state["quiet"] = state["quiet"] + 1 if (end and not busy) else 0
        return state["quiet"] >= quiet_polls
    return idle


def visit(drv, url: str, slug: str, lang: str = "en", day: str = "2024-01-01", timeout: float = 180) -> dict:
    """Open one page in a new tab and time it: seconds to main content and to finished."""
    from selenium.webdriver.support.ui import WebDriverWait

    extra, selector, text = CONTENT[slug]
    drv.switch_to.new_window("tab")
    t0 = time.perf_counter()
    drv.get(f"{url}/{PATHS.get(slug, slug)}?lang={lang}&date={day}{extra}")
    WebDriverWait(drv, timeout, poll_frequency=0.05).until(_content_ready(selector, text),
                                                          message=f"{slug}: main content did not appear")
    content = time.perf_counter() - t0
    WebDriverWait(drv, timeout, poll_frequency=0.1).until(_idle(), message=f"{slug}: the app kept running")
    finished = time.perf_counter() - t0 - 0.2  # minus the two further quiet polls that confirm it stopped
    handles = drv.window_handles
    drv.close()
    drv.switch_to.window(handles[0])
    return {"content_s": round(content, 2), "finished_s": round(max(finished, content), 2)}


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def measure(dist: Path, runs: int = 3, pages: list[str] | None = None, lang: str = "en",
            quiet: bool = False) -> dict:
    """Per page: the warm-up ("first visit") and the median of ``runs`` timed visits."""
    pages = pages or list(CONTENT)
    proc, url = start_server(dist)
    drv = make_driver()
    out: dict = {"runs": runs, "lang": lang, "window": "1280x900", "pages": {},
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                 "load_average_at_start": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count()}
    try:
        drv.get(url + "/_stcore/health")
        for slug in pages:
            first = visit(drv, url, slug, lang)
            timed = [visit(drv, url, slug, lang) for _ in range(runs)]
            row = {"first_visit": first, "content_s": round(_median([v["content_s"] for v in timed]), 2),
                   "finished_s": round(_median([v["finished_s"] for v in timed]), 2),
                   "visits": timed}
            row["meets_budget"] = row["content_s"] < CONTENT_BUDGET_S and row["finished_s"] < FINISH_BUDGET_S
            out["pages"][slug] = row
            if not quiet:
                print(f"{slug:13s} content {row['content_s']:6.2f} s  finished {row['finished_s']:6.2f} s  "
                      f"(first visit {first['content_s']:.2f} / {first['finished_s']:.2f} s)", flush=True)
    finally:
        quit_driver(drv)
        stop_server(proc)
    out["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


def render_md(res: dict) -> str:
    lines = [f"Measured in headless Chromium ({res['window']}, `kg bench browser`), on the real graph, the "
             f"server freshly started: median of {res['runs']} visits after one warm-up visit per page (the warm-up "
             "is shown as \"first visit\"). *Content* = the page's main content is visible; *finished* = the app "
             f"stopped running (the end-of-page marker is there and nothing shows it busy). Budget: content < "
             f"{CONTENT_BUDGET_S:g} s, finished < {FINISH_BUDGET_S:g} s. Run on {res.get('date', '?')}, "
             f"{res.get('cores', '?')} cores; system load average (1, 5, 15 min) at the start "
             f"{res.get('load_average_at_start')}, at the end {res.get('load_average_at_end')} (other work shared "
             "the machine). The in-process figure in the table above (\"app first page s\", `AppTest`) times the "
             "Python script alone, not what a browser shows.", "",
             "| page | content (s) | finished (s) | first visit: content / finished (s) | within budget |",
             "|---|---:|---:|---:|---|"]
    for slug, r in res["pages"].items():
        f = r["first_visit"]
        lines.append(f"| {slug} | {r['content_s']:.2f} | {r['finished_s']:.2f} | {f['content_s']:.2f} / "
                     f"{f['finished_s']:.2f} | {'yes' if r['meets_budget'] else '**no**'} |")
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- browser-timings:begin -->", "<!-- browser-timings:end -->"


def write_docs(res: dict, docs: Path) -> None:
    """Put the table into docs/benchmarks.md between markers (kept when `kg bench report` rewrites the rest)
    and the figures into docs/benchmarks-browser.json."""
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "benchmarks-browser.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    md = docs / "benchmarks.md"
    text = md.read_text("utf-8") if md.exists() else ""
    block = f"{BEGIN}\n## App in a browser (time to content as users see it)\n\n{render_md(res)}{END}"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    md.write_text(text, encoding="utf-8")
