"""Headless Chromium driven over W3C WebDriver, for the browser tests and the page-load benchmark.

Needs Debian's `chromium` and `chromium-driver` (`apt-get install -y chromium chromium-driver`).
The WebDriver client is a few lines of `urllib` (W3C WebDriver over JSON), so no Python package is
needed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

__all__ = ["CHROMIUM", "CHROMEDRIVER", "WebDriver", "ChromiumMissing", "chromium"]

CHROMIUM = os.environ.get("NEWSREUSE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NEWSREUSE_CHROMEDRIVER", "/usr/bin/chromedriver")
# What Chromium needs to start as root in a container, quickly and without talking to anyone.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
    "--window-size=1280,900",
]
# Local WebDriver traffic must not go through an HTTP proxy set in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _find(path: str, name: str) -> Optional[str]:
    return path if os.path.exists(path) else shutil.which(name)


class WebDriver:
    """The few W3C WebDriver commands these tests use."""

    def __init__(self, base: str, session: str) -> None:
        self.base, self.session = base, session

    @staticmethod
    def call(
        base: str, method: str, path: str, body: Optional[dict] = None, timeout: float = 60
    ) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode())["value"]
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"WebDriver {method} {path}: {exc.read().decode()[:500]}") from exc

    def _s(self, method: str, path: str, body: Optional[dict] = None) -> Any:
        return self.call(self.base, method, f"/session/{self.session}{path}", body)

    def get(self, url: str) -> None:
        self._s("POST", "/url", {"url": url})

    def js(self, script: str, *args: Any) -> Any:
        return self._s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def resize(self, width: int, height: int) -> None:
        self._s("POST", "/window/rect", {"width": width, "height": height})

    def find(self, css: str) -> str:
        """The WebDriver reference of the first element matching `css`."""
        found = self._s("POST", "/element", {"using": "css selector", "value": css})
        return str(next(iter(found.values())))

    def click(self, css: str) -> None:
        """A real click (as a user's: scrolled into view, hit-tested) on the element."""
        self._s("POST", f"/element/{self.find(css)}/click", {})

    def wait(self, script: str, timeout: float = 10.0) -> Any:
        """Run `script` until it returns something true; that value (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(script)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for: {script}")
            time.sleep(0.05)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self._s("GET", "/screenshot")))


class ChromiumMissing(RuntimeError):
    """Chromium or chromedriver is not installed, or chromedriver did not start."""


@contextmanager
def chromium(profile: Path) -> Iterator[WebDriver]:
    """A headless Chromium session (its profile in `profile`), ended on leaving."""
    browser = _find(CHROMIUM, "chromium")
    driver = _find(CHROMEDRIVER, "chromedriver")
    if not browser or not driver:
        raise ChromiumMissing(
            "headless Chromium is needed for the HTML report's browser test: install the "
            "Debian packages with `apt-get install -y chromium chromium-driver` "
            f"(looked for {CHROMIUM} and {CHROMEDRIVER})"
        )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    session = None
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if WebDriver.call(base, "GET", "/status", timeout=2).get("ready"):
                    break
            except (OSError, AssertionError):
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise ChromiumMissing(f"chromedriver at {driver} did not start")
            time.sleep(0.1)
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": browser,
                        "args": ARGS + [f"--user-data-dir={profile}"],
                    },
                }
            }
        }
        session = WebDriver.call(base, "POST", "/session", caps)["sessionId"]
        yield WebDriver(base, session)
    finally:
        if session:
            try:
                WebDriver.call(base, "DELETE", f"/session/{session}", timeout=20)
            except (OSError, AssertionError):
                pass
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
