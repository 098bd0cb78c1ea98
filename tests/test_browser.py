"""The app in a real browser: the test starts ``streamlit run app.py`` on a free loopback port, drives headless
Chromium with Selenium, fills the entitlement form, checks the answer, checks that data containing markup shows
as text, and saves a screenshot of every page to test-artifacts/.

Needs Debian's ``chromium`` and ``chromium-driver``. Without them the test is skipped on a workstation and
fails when ``CI=true``.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from app_support import MARKUP_LABEL, build_test_dist

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PAGES = {  # slug → text that shows the page has rendered its content (English)
    "entitlements": "Fill in the profile",
    "gaps": "Gap list (",
    "law": "Law 21/2007",
    "institutions": "Institutions",
    "explore": "Labels in both languages",
    "sparql": "Read-only SPARQL",
    "sources": "Bibliography",
}
EXTRA = {"explore": "&entity=uu%2F2007%2F21", "law": "&instrument=uu%2F2007%2F21"}

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _browser_paths() -> tuple[str | None, str | None]:
    browser = os.environ.get("JARING_CHROMIUM") or next(
        (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = os.environ.get("JARING_CHROMEDRIVER") or shutil.which("chromedriver")
    return browser, driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_health(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in time")


@pytest.fixture(scope="module")
def browser_paths():
    browser, driver = _browser_paths()
    if not (browser and driver):
        # `kg test` installs them where it can; a missing browser is a failure, never a silent skip
        pytest.fail("Chromium and chromedriver are needed for the browser test: "
                    "apt-get install -y chromium chromium-driver (or run `kg test` as root)")
    import selenium  # noqa: F401  - a test dependency (pip install -e ".[test]")
    return browser, driver


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser_paths):
    dist = build_test_dist(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    env = dict(os.environ, JARING_DIST=str(dist), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_health(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        tail = log.read()[-3000:]
        log.close()
        if "Traceback" in tail:
            print(tail)


@pytest.fixture(scope="module")
def driver(browser_paths):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, chromedriver = browser_paths
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    profile = tempfile.mkdtemp(prefix="jaring-chromium-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1600", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=Service(chromedriver), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _wait_text(drv, text: str, timeout: float = 60) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(drv, timeout, poll_frequency=0.3).until(
        lambda d: text in d.find_element(By.TAG_NAME, "body").text,
        message=f"text {text!r} did not appear")


def _settle(drv, timeout: float = 30) -> None:
    """Wait until the app has finished running its script (the status widget is gone)."""
    from selenium.webdriver.common.by import By

    deadline = time.time() + timeout
    while time.time() < deadline:
        if not drv.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'):
            time.sleep(0.5)
            if not drv.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'):
                return
        time.sleep(0.3)


def _no_traceback(drv) -> None:
    from selenium.webdriver.common.by import By

    body = drv.find_element(By.TAG_NAME, "body").text
    assert "Traceback" not in body and "Something went wrong" not in body, body[:2000]


def _full_screenshot(drv, path: Path) -> None:
    height = drv.execute_script(
        "const m = document.querySelector('section.main, [data-testid=\"stMain\"]');"
        "return Math.max(document.body.scrollHeight, m ? m.scrollHeight : 0);")
    drv.set_window_size(1400, min(max(int(height or 1600) + 100, 900), 6000))
    time.sleep(0.5)
    drv.save_screenshot(str(path))
    drv.set_window_size(1400, 1600)


def test_every_page_renders_in_a_browser_and_is_screenshotted(server, driver):
    ARTIFACTS.mkdir(exist_ok=True)
    for slug, text in PAGES.items():
        driver.get(f"{server}/?page={slug}&lang=en&date=2024-01-01{EXTRA.get(slug, '')}")
        _wait_text(driver, text, timeout=400 if slug == "gaps" else 90)
        _settle(driver, timeout=60)
        if slug == "sparql":  # run the starter query so the screenshot shows a result table
            from selenium.webdriver.common.by import By

            next(b for b in driver.find_elements(By.TAG_NAME, "button") if b.text.strip() == "Run").click()
            _wait_text(driver, "rows in")
            _settle(driver)
        _no_traceback(driver)
        _full_screenshot(driver, ARTIFACTS / f"{slug}.png")
        assert (ARTIFACTS / f"{slug}.png").stat().st_size > 10_000


def _choose(drv, label: str, option: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = drv.find_element(By.CSS_SELECTOR, f'[data-testid="stSelectbox"] input[aria-label*="{label}"]')
    drv.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    box.click()
    box.send_keys(option)
    time.sleep(0.3)
    box.send_keys(Keys.ENTER)
    time.sleep(0.3)


def test_entitlement_form_in_a_browser(server, driver):
    from selenium.webdriver.common.by import By

    driver.get(f"{server}/?lang=en&date=2024-01-01")
    _wait_text(driver, "Fill in the profile")
    _settle(driver)
    _choose(driver, "Sex", "Male")
    _choose(driver, "Age group", "Adult")
    _choose(driver, "Sector of work", "Fishing")
    button = next(b for b in driver.find_elements(By.TAG_NAME, "button") if "Show entitlements" in b.text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    _wait_text(driver, "Entitlements that apply (")
    _settle(driver)
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "What does not apply to this profile, and why (" in body
    assert "Men and boys" in body  # the groups the profile falls in
    assert "profile=" in driver.current_url and "sex%3Dmale" in driver.current_url
    _no_traceback(driver)
    ARTIFACTS.mkdir(exist_ok=True)
    _full_screenshot(driver, ARTIFACTS / "entitlements-answer.png")


def test_markup_in_data_shows_as_text(server, driver):
    from selenium.webdriver.common.by import By

    driver.get(f"{server}/sources?lang=en&date=2024-01-01")
    _wait_text(driver, "Bibliography")
    _wait_text(driver, "Markup")
    _settle(driver)
    body = driver.find_element(By.TAG_NAME, "body").text
    assert MARKUP_LABEL in body  # the tags are visible as characters
    assert not driver.find_elements(By.XPATH, "//b[contains(., 'Markup')] | //i[contains(., 'label')]")
    assert driver.title != "XSS"
    assert not driver.find_elements(By.XPATH, "//script[contains(., 'alert(1)')]")
