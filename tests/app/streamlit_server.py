"""Start `streamlit run app.py` on loopback for the browser tests and the app benchmark.

One helper for both (``benchmarks/bench_app.py`` puts this folder on ``sys.path``): a free
port, the server's own database and model cache through ``env``, ready once
``/_stcore/health`` answers, and stopped cleanly (terminate, then kill after a grace
period). Also the Chromium settings both use.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
#: Debian's Chromium; never a browser downloaded by Playwright.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The app has finished reacting to the last action (its script is not running).
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch_chromium(playwright: object, **kwargs: object) -> object:
    """Headless Debian Chromium through Playwright's ``sync_playwright()`` object."""
    return playwright.chromium.launch(  # type: ignore[attr-defined]
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, **kwargs
    )


class StreamlitServer:
    """`streamlit run app.py` on 127.0.0.1 with ``env``; can be stopped and started again.

    Parameters
    ----------
    env : dict
        The whole environment of the server (DATABASE_URL, RECOMMENDER_CACHE_DIR, ...).
    log : Path, optional
        Where its output goes (appended); discarded when None.
    """

    def __init__(self, env: dict[str, str], log: Path | None = None) -> None:
        self.env = env
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log else ""

    def start(self, timeout: float = 60.0) -> float:
        """Start the server and wait until it is healthy; returns the seconds that took."""
        began = time.perf_counter()
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(APP),
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(self.port),
                    "--server.address",
                    "127.0.0.1",
                    "--browser.gatherUsageStats",
                    "false",
                ],
                cwd=ROOT,
                env={**self.env, "PYTHONUNBUFFERED": "1"},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        finally:
            if self.log:
                out.close()  # type: ignore[union-attr]
        while time.perf_counter() - began < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self._log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return time.perf_counter() - began
            except OSError:
                time.sleep(0.05)  # polling the health endpoint, not waiting for the app
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy in {timeout} s:\n{self._log_tail()}")

    def stop(self) -> None:
        """Stop the server: terminate, and kill it if it has not gone after 15 s."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> StreamlitServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
