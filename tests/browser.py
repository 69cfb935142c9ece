"""A real browser on a real server, for the tests that look at the site as a reader does.

The browser is Debian's Chromium, headless, driven through Selenium by Debian's chromedriver:
Selenium is given both paths, so it never looks for (or downloads) a browser or a driver of its
own. Where they are missing the tests skip, saying how to install them (`.ci/run` does).

The server is `untoc-kg serve`, a process of its own on a free port of 127.0.0.1, over a store
loaded from samples/ by `untoc-kg load` — the commands a user runs.
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
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = ("install them with `apt-get install chromium chromium-driver fonts-noto-cjk` (Debian) and "
           "`pip install -e '.[dev]'` (Selenium); .ci/run does both")
# Chromium's flags for a test: headless, no sandbox (CI runs as root), and nothing that talks to
# the network or to Google on its own.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")
WAIT = 30.0


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    absent = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).is_file()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        absent.append("the Python package selenium")
    if absent:
        return f"{' and '.join(absent)} missing: {INSTALL}."
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "untoc_kg.cli", *args]


_LOADED: dict[str, Path] = {}


def samples_store(tmp_path_factory) -> Path:
    """A store of the five samples, loaded once per test session by `untoc-kg load`."""
    if "samples" not in _LOADED:
        path = tmp_path_factory.mktemp("served-samples") / "db"
        subprocess.run(_cli("--store", str(path), "load", str(SAMPLES)), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _LOADED["samples"] = path
    return _LOADED["samples"]


class Served:
    """`untoc-kg serve` on a free port of 127.0.0.1, started and stopped by the test."""

    def __init__(self, store: Path, workers: int = 2):
        self.store = store
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(_cli("--store", str(store), "serve", "--port", str(self.port),
                                             "--workers", str(workers)),
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(self.url + "/queries/", timeout=5).read()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(f"untoc-kg serve did not start:\n{self.output()}")
                time.sleep(0.2)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


@contextmanager
def served_samples(tmp_path_factory):
    server = Served(samples_store(tmp_path_factory))
    try:
        yield server
    finally:
        server.stop()


class Browser:
    """Headless Chromium through Selenium, with the few steps the tests take."""

    def __init__(self, base: str, width: int = 1280, height: int = 900):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.base = base
        self.profile = tempfile.mkdtemp(prefix="untoc-kg-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={width},{height}")
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(WAIT * 2)

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def path(self) -> str:
        url = self.driver.current_url
        return url[len(self.base):] if url.startswith(self.base) else url

    def wait(self, condition, timeout: float = WAIT, message: str = ""):
        from selenium.webdriver.support.ui import WebDriverWait
        return WebDriverWait(self.driver, timeout).until(condition, message)

    def find(self, css: str, timeout: float = WAIT):
        """The first element matching `css`, waited for."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        return self.wait(ec.presence_of_element_located((By.CSS_SELECTOR, css)), timeout,
                         f"no element {css} on {self.path()}")

    def all(self, css: str) -> list:
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def script(self, code: str, *args):
        return self.driver.execute_script(code, *args)

    def drawn(self, plot_id: str, timeout: float = WAIT):
        """The plot `plot_id` once plotly.js has drawn it (pictures.js marks it data-drawn)."""
        return self.find(f"#{plot_id}[data-drawn='true']", timeout)

    def resize(self, width: int, height: int = 900) -> None:
        """A viewport `width` CSS pixels wide. A window cannot be made narrower than 500 px,
        so a phone's width is emulated (Chromium's device metrics, as its device mode does)."""
        self.driver.set_window_size(max(width, 500) + 16, height)
        if width < 500:
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        else:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def overflow(self) -> int:
        """How many CSS pixels the page is wider than the window (0: nothing cut off or scrolled sideways)."""
        return int(self.script("return Math.max(0, document.documentElement.scrollWidth - window.innerWidth);"))

    def screenshot(self, path: Path) -> Path:
        """The whole page as a PNG, as wide as the viewport (Chromium's full-page capture)."""
        import base64
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_samples(tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="module")
def browser(served):
    reason = missing()
    if reason:
        pytest.skip(f"The browser tests need Chromium and its driver: {reason}")
    opened = Browser(served.url)
    try:
        yield opened
    finally:
        opened.close()


def screenshots_folder() -> Path | None:
    """Where the browser tests leave their screenshots: $UNTOC_KG_SCREENSHOTS when set."""
    folder = os.environ.get("UNTOC_KG_SCREENSHOTS")
    return Path(folder) if folder else None
