"""Find (and on a Debian machine where we are root, install) Chromium and ChromeDriver for the browser test."""
from __future__ import annotations

import os
import shutil
import subprocess

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> tuple[str | None, str | None]:
    """Paths of a Chromium binary and a matching chromedriver, or None where missing."""
    browser = os.environ.get("JARING_CHROMIUM") or next(
        (p for p in (shutil.which(n) for n in CHROMIUM_NAMES) if p), None)
    driver = os.environ.get("JARING_CHROMEDRIVER") or shutil.which("chromedriver")
    return browser, driver


def ensure_browser() -> str | None:
    """Install Debian's chromium and chromium-driver when missing and possible; return a problem or None."""
    browser, driver = find_browser()
    if browser and driver:
        return None
    apt = shutil.which("apt-get")
    if not apt or os.geteuid() != 0:
        return ("Chromium and chromedriver are missing and cannot be installed here (needs apt-get as root); "
                "the browser test will fail: install the packages chromium and chromium-driver")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "chromium", "chromium-driver"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode:
            return f"'{' '.join(cmd)}' failed: {done.stderr.strip()[-400:]}"
    browser, driver = find_browser()
    return None if browser and driver else "chromium installed but not found on PATH"
