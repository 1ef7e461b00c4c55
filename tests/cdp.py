"""A headless Chromium driven over the DevTools protocol: open a page, wait for what it must
show, evaluate script in it, collect its errors, take a full-page screenshot. The dashboard's
data arrives after load (DuckDB-WASM in a worker), so a fixed dump after a time budget is not
enough: each wait here polls for a condition with a deadline."""

from __future__ import annotations

import base64
import itertools
import json
import logging
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
# headless, offline, no first-run or background traffic: what every test browser runs with
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WIDTH = 1400


class Browser:
    """One page target of a headless Chromium, over a flat DevTools session."""

    def __init__(self, ws: ClientConnection, session: str) -> None:
        self._ws = ws
        self._session = session
        self._ids = itertools.count(1)
        self.errors: list[str] = []

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 60) -> Any:
        """Send one command and return its result, keeping the events that arrive meanwhile."""
        call = next(self._ids)
        message = {"id": call, "method": method, "params": params or {}}
        if method.split(".")[0] != "Target":
            message["sessionId"] = self._session
        self._ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{method}: no answer in {timeout} s")
            reply = json.loads(self._ws.recv(timeout=left))
            if reply.get("id") == call:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._event(reply)

    def _event(self, event: dict[str, Any]) -> None:
        method = event.get("method")
        params = event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or details["text"])
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.errors.append(
                " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            )
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(f"{params['entry'].get('url', '')}: {params['entry']['text']}")

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        """The value of a script expression in the page (awaited when it is a promise)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(details.get("exception", {}).get("description") or details["text"])
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.errors.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'", what=f"{url} to load")

    def wait_for(self, expression: str, what: str, timeout: float = 90) -> Any:
        """Poll a script expression until it is truthy; fail naming what never came."""
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            try:
                last = self.evaluate(expression)
            except RuntimeError as err:
                last = err
            else:
                if last:
                    return last
            time.sleep(0.25)
        raise TimeoutError(f"waited {timeout} s for {what}; last: {last!r}")

    def text(self) -> str:
        """The page's visible text, whitespace collapsed."""
        return re.sub(r"\s+", " ", str(self.evaluate("document.body.innerText"))).strip()

    def screenshot(self, path: Path) -> Path:
        """A PNG of the whole page, however long."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": max(height, 600), "deviceScaleFactor": 1, "mobile": False},
        )
        time.sleep(1.5)  # charts redraw (and animate) at the new viewport size
        shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(shot["data"]))
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        return path


@contextmanager
def browser(profile: Path) -> Iterator[Browser]:
    """A headless Chromium on a private profile, ended when the block ends."""
    profile.mkdir(parents=True, exist_ok=True)
    stderr = (profile / "chromium.log").open("w")
    proc = subprocess.Popen(
        [
            str(CHROMIUM),
            *HEADLESS_FLAGS,
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            f"--window-size={WIDTH},900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    try:
        url = _devtools_url(proc, profile / "chromium.log")
        with connect(url, max_size=None, open_timeout=30) as ws:
            page = Browser(ws, "")
            target = page.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = page.send("Target.attachToTarget", {"targetId": target, "flatten": True})
            page = Browser(ws, session["sessionId"])
            for domain in ("Page", "Runtime", "Log"):
                page.send(f"{domain}.enable")
            page.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            )
            yield page
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr.close()


def _devtools_url(proc: subprocess.Popen[bytes], log_file: Path, timeout: float = 60) -> str:
    """The browser's DevTools address, which Chromium prints on its standard error at start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"DevTools listening on (ws://\S+)", log_file.read_text(errors="replace"))
        if found:
            return found.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"chromium gave no DevTools address: {log_file.read_text()[-2000:]}")
